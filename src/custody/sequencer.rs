//! The one sequencer: appends queued custody events to the log in
//! batches and signs checkpoints.
//!
//! A step runs in one write transaction, serialised across processes (a
//! PostgreSQL advisory lock; SQLite's single writer): it rebuilds the
//! tree's right edge from stored nodes, appends up to `batch` queued events
//! as leaves (leaf hash over the exact event body), stores every perfect
//! subtree they complete, and dequeues them. When a checkpoint is due it
//! proves the new tree consistent with the last signed checkpoint, from
//! stored nodes, and only then signs and stores the new one.

use std::time::Duration;

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use diesel::connection::SimpleConnection;

use super::LogError;
use crate::db::connection::DbConnection;
use crate::db::log::{self, CheckpointRow};
use crate::db::{custody, time, Db};
use crate::signing::SigningKey;
use crate::tlog::{
    consistency_plan, leaf_hash, verify_consistency, Checkpoint, CompactRange, Hash,
};

/// Names the advisory lock that makes the sequencer single on PostgreSQL.
const PG_SEQUENCER_LOCK: i64 = 0x0053_414b_534c_4f47;

/// What one step did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Step {
    pub appended: usize,
    pub size: u64,
    /// Size of the checkpoint signed by this step, if one was.
    pub signed: Option<u64>,
}

/// When to sign.
#[derive(Debug, Clone, Copy)]
pub struct Policy {
    pub batch: usize,
    /// Sign when the last checkpoint is at least this old and the tree grew.
    pub checkpoint_every: Duration,
    /// Sign now if the tree grew, whatever the age.
    pub force: bool,
}

/// Appends what is queued (in batches) and signs as `policy` says; returns
/// the total appended and the final size.
pub fn sync(db: &Db, key: &SigningKey, policy: Policy) -> Result<Step, LogError> {
    let mut total = Step::default();
    loop {
        let step = db.write_blocking(|c| step(c, key, policy))?;
        total.appended += step.appended;
        total.size = step.size;
        total.signed = step.signed.or(total.signed);
        if step.appended < policy.batch {
            return Ok(total);
        }
    }
}

/// One batch, inside the caller's write transaction.
pub fn step(conn: &mut DbConnection, key: &SigningKey, policy: Policy) -> Result<Step, LogError> {
    if let DbConnection::Pg(c) = conn {
        c.batch_execute(&format!(
            "SELECT pg_advisory_xact_lock({PG_SEQUENCER_LOCK})"
        ))?;
    }
    let size = log::size(conn)?;
    let edge_ids = CompactRange::edge_ids(size);
    let stored = log::nodes(conn, &edge_ids)?;
    let edge = edge_ids
        .iter()
        .map(|id| {
            stored.get(id).map(|h| (*id, *h)).ok_or_else(|| {
                LogError::Inconsistent(format!("node {id:?} of the right edge is missing"))
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let mut range = CompactRange::from_edge(size, edge)?;

    let queued = custody::pending(conn, policy.batch as i64)?;
    let first = range.size();
    let mut seqs = Vec::with_capacity(queued.len());
    let mut nodes = Vec::with_capacity(queued.len() * 2);
    for (seq, body) in &queued {
        nodes.extend(range.append(leaf_hash(body.as_bytes())));
        seqs.push(*seq);
    }
    log::insert_leaves(conn, first, &seqs)?;
    log::insert_nodes(conn, &nodes)?;
    custody::dequeue(conn, &seqs)?;
    crate::faults::crash_point("log.appended");

    let new_size = range.size();
    let last = log::latest_checkpoint(conn)?;
    let last_size = last.as_ref().map_or(0, |c| c.tree_size as u64);
    let age_ok = last.as_ref().is_none_or(|c| {
        let age = time::from_db(time::now()) - time::from_db(c.created_at);
        age.to_std().unwrap_or_default() >= policy.checkpoint_every
    });
    let mut signed = None;
    if new_size > last_size && (policy.force || age_ok) {
        let root = range.root();
        if let Some(prev) = &last {
            check_consistent(conn, prev, new_size, &root)?;
        }
        sign_checkpoint(conn, key, new_size, root)?;
        signed = Some(new_size);
    }
    Ok(Step {
        appended: queued.len(),
        size: new_size,
        signed,
    })
}

/// Proves, from stored nodes, that the tree of `size` with `root` extends
/// the previously signed checkpoint.
fn check_consistent(
    conn: &mut DbConnection,
    prev: &CheckpointRow,
    size: u64,
    root: &Hash,
) -> Result<(), LogError> {
    let prev_root: Hash =
        prev.root.as_slice().try_into().map_err(|_| {
            LogError::Inconsistent("a stored checkpoint root is not 32 bytes".into())
        })?;
    let plan = consistency_plan(prev.tree_size as u64, size)?;
    let proof = plan.resolve(&log::nodes(conn, &plan.needed())?)?;
    verify_consistency(prev.tree_size as u64, size, &proof, &prev_root, root).map_err(|e| {
        LogError::Inconsistent(format!(
            "the tree of size {size} is not consistent with the checkpoint of size {}: {e}",
            prev.tree_size
        ))
    })
}

fn sign_checkpoint(
    conn: &mut DbConnection,
    key: &SigningKey,
    size: u64,
    root: Hash,
) -> Result<(), LogError> {
    let text = Checkpoint {
        origin: key.name().to_owned(),
        size,
        root,
        extensions: Vec::new(),
    }
    .to_text();
    let note = key.sign_note(&text)?;
    crate::faults::crash_point("log.signing");
    log::insert_checkpoint(
        conn,
        &CheckpointRow {
            tree_size: size as i64,
            root: root.to_vec(),
            note,
            key_id: key.key_id_hex(),
            created_at: time::now(),
        },
    )?;
    tracing::info!(log.size = size, log.root = %B64.encode(root), "signed a custody log checkpoint");
    Ok(())
}
