//! The full check: every sequenced event's body re-hashed, every stored
//! leaf node compared, the root recomputed and compared with the latest
//! signed checkpoint, whose signature is verified. Detects an event row,
//! a node or a checkpoint altered behind the application's back.

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
        let ids: Vec<NodeId> = rows
            .iter()
            .map(|(i, _, _)| NodeId {
                level: 0,
                index: *i as u64,
            })
            .collect();
        let stored = log::nodes(conn, &ids)?;
        for (index, event_id, body) in &rows {
            let index = *index as u64;
            if index != range.size() {
                report
                    .problems
                    .push(format!("leaf {} is missing", range.size()));
                return Ok(report);
            }
            let leaf = leaf_hash(body.as_bytes());
            let id = NodeId { level: 0, index };
            if stored.get(&id) != Some(&leaf) {
                report.problems.push(format!(
                    "leaf {index} (event {event_id}): the event no longer hashes to the logged leaf"
                ));
            }
            range.append(leaf);
            if range.size() == cp_size {
                at_checkpoint = Some(range.root());
            }
        }
        if rows.is_empty() {
            break;
        }
        from += PAGE;
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
