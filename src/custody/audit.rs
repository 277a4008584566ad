//! The full check: every sequenced event's body re-hashed, every stored
//! node (leaves and the perfect subtrees proofs are served from) compared
//! with the one recomputed, the root compared with the latest signed
//! checkpoint, whose signature and size are verified, and every recorded
//! event found either in the log or still queued. Detects an event row, a
//! node, a checkpoint or a queue entry altered behind the application's
//! back.

use serde::Serialize;

use super::LogError;
use crate::db::connection::DbConnection;
use crate::db::{custody, log};
use crate::tlog::{leaf_hash, open, Checkpoint, CompactRange, NodeId, Verifier};

#[derive(Debug, Default, Serialize)]
pub struct AuditReport {
    pub size: u64,
    pub checkpoint_size: u64,
    /// What does not match, each naming the leaf or checkpoint.
    pub problems: Vec<String>,
}

impl AuditReport {
    pub fn is_clean(&self) -> bool {
        self.problems.is_empty()
    }
}

/// Checks the whole log against `known` (every published signing key).
pub fn audit(conn: &mut DbConnection, known: &[Verifier]) -> Result<AuditReport, LogError> {
    let size = log::size(conn)?;
    let mut report = AuditReport {
        size,
        ..AuditReport::default()
    };
    let cp = log::latest_checkpoint(conn)?;
    let cp_size = cp.as_ref().map_or(0, |c| c.tree_size as u64);
    report.checkpoint_size = cp_size;
    let mut range = CompactRange::empty();
    let mut at_checkpoint = None;
    const PAGE: i64 = 10_000;
    let mut from = 0i64;
    while (from as u64) < size {
        let rows = custody::leaves_with_bodies(conn, from, from + PAGE)?;
        // Recompute this page's nodes, then compare them with the stored
        // ones in one fetch.
        let mut computed: Vec<(NodeId, crate::tlog::Hash, String)> = Vec::new();
        for (index, event_id, body) in &rows {
            let index = *index as u64;
            if index != range.size() {
                report
                    .problems
                    .push(format!("leaf {} is missing", range.size()));
                return Ok(report);
            }
            for (id, hash) in range.append(leaf_hash(body.as_bytes())) {
                computed.push((id, hash, event_id.clone()));
            }
            if range.size() == cp_size {
                at_checkpoint = Some(range.root());
            }
        }
        let ids: Vec<NodeId> = computed.iter().map(|(id, _, _)| *id).collect();
        let stored = log::nodes(conn, &ids)?;
        for (id, hash, event_id) in &computed {
            if stored.get(id) != Some(hash) {
                report.problems.push(if id.level == 0 {
                    format!(
                        "leaf {} (event {event_id}): the event no longer hashes to the logged leaf",
                        id.index
                    )
                } else {
                    format!("node {id}: the stored hash differs from the one the events produce")
                });
            }
        }
        if rows.is_empty() {
            break;
        }
        from += PAGE;
    }
    let lost = custody::unaccounted(conn)?;
    if lost > 0 {
        report.problems.push(format!(
            "{lost} recorded event(s) are neither in the log nor queued for it"
        ));
    }
    if let Some(cp) = cp {
        match open(&cp.note, known) {
            Err(e) => report.problems.push(format!(
                "checkpoint {}: signature does not verify ({e})",
                cp.tree_size
            )),
            Ok(opened) => match Checkpoint::parse(&opened.text) {
                Err(e) => report
                    .problems
                    .push(format!("checkpoint {}: unreadable ({e})", cp.tree_size)),
                Ok(parsed) => {
                    if parsed.size != cp.tree_size as u64 {
                        report.problems.push(format!(
                            "checkpoint {}: its signed size is {}",
                            cp.tree_size, parsed.size
                        ));
                    }
                    if at_checkpoint != Some(parsed.root) || parsed.root.as_slice() != cp.root {
                        report.problems.push(format!(
                            "checkpoint {}: the events do not produce its signed root",
                            cp.tree_size
                        ));
                    }
                }
            },
        }
    }
    Ok(report)
}
