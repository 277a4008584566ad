//! Proofs from stored nodes: no proof recomputes the tree. A proof needs
//! at most about 2·log2(size) stored nodes, fetched in one query.

use super::LogError;
use crate::db::connection::DbConnection;
use crate::db::{custody, log};
use crate::tlog::{
    consistency_plan, empty_root, inclusion_plan, leaf_hash, root_plan, Hash, Plan, TlogProof,
};

fn resolve(conn: &mut DbConnection, plan: &Plan) -> Result<Vec<Hash>, LogError> {
    Ok(plan.resolve(&log::nodes(conn, &plan.needed())?)?)
}

fn check_size(conn: &mut DbConnection, size: u64) -> Result<(), LogError> {
    let have = log::size(conn)?;
    if size > have {
        return Err(LogError::NotFound(format!(
            "the log has {have} entries, not {size}"
        )));
    }
    Ok(())
}

/// Inclusion proof of leaf `index` in the tree of `size` leaves.
pub fn inclusion(conn: &mut DbConnection, index: u64, size: u64) -> Result<Vec<Hash>, LogError> {
    check_size(conn, size)?;
    resolve(conn, &inclusion_plan(index, size)?)
}

/// Consistency proof from the tree of `from` leaves to that of `to`.
pub fn consistency(conn: &mut DbConnection, from: u64, to: u64) -> Result<Vec<Hash>, LogError> {
    check_size(conn, to)?;
    resolve(conn, &consistency_plan(from, to)?)
}

/// Root of the tree of `size` leaves.
pub fn root(conn: &mut DbConnection, size: u64) -> Result<Hash, LogError> {
    check_size(conn, size)?;
    if size == 0 {
        return Ok(empty_root());
    }
    resolve(conn, &root_plan(size))?
        .first()
        .copied()
        .ok_or_else(|| LogError::NotFound("no root".into()))
}

/// A C2SP tlog-proof of the event against the latest signed checkpoint,
/// with the event's leaf hash. `NotFound` until the event is sequenced
/// and covered by a checkpoint.
pub fn event_proof(conn: &mut DbConnection, event_id: &str) -> Result<(TlogProof, Hash), LogError> {
    let (event, index) = custody::find(conn, event_id)?
        .ok_or_else(|| LogError::NotFound(format!("no custody event {event_id}")))?;
    let index = index
        .ok_or_else(|| LogError::NotFound(format!("event {event_id} is not in the log yet")))?
        as u64;
    let cp = log::latest_checkpoint(conn)?
        .ok_or_else(|| LogError::NotFound("no checkpoint has been signed yet".into()))?;
    let size = cp.tree_size as u64;
    if index >= size {
        return Err(LogError::NotFound(format!(
            "event {event_id} is not covered by the latest checkpoint yet"
        )));
    }
    let proof = resolve(conn, &inclusion_plan(index, size)?)?;
    Ok((
        TlogProof {
            extra: None,
            index,
            proof,
            checkpoint: cp.note,
        },
        leaf_hash(event.body.as_bytes()),
    ))
}
