//! The custody log's storage: leaves, perfect-subtree nodes and signed
//! checkpoints. Insert-only (triggers refuse changes).

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::sql_types::{Array, BigInt, Binary};

use super::connection::DbConnection;
use super::schema::{log_checkpoints, log_leaves, log_nodes};
use crate::tlog::{Hash, NodeId};

/// `level << 56 | index`: one integer key per node.
pub fn node_key(id: NodeId) -> i64 {
    (i64::from(id.level) << 56) | (id.index as i64 & ((1i64 << 56) - 1))
}

fn node_id(key: i64) -> NodeId {
    NodeId {
        level: (key >> 56) as u8,
        index: (key & ((1i64 << 56) - 1)) as u64,
    }
}

/// Number of leaves sequenced so far.
pub fn size(conn: &mut DbConnection) -> QueryResult<u64> {
    let max: Option<i64> = log_leaves::table
        .select(diesel::dsl::max(log_leaves::leaf_index))
        .first(conn)?;
    Ok(max.map_or(0, |m| (m + 1) as u64))
}

/// Rows per multi-row INSERT in the bulk writers.
const BULK_ROWS: usize = 2000;

/// Appends leaves `first..first + seqs.len()` for these events in bulk:
/// on PostgreSQL as two array parameters; on SQLite many rows per
/// statement, the values (integers and hex produced here) written as SQL
/// literals, since diesel binds a fixed number of parameters per
/// statement and one row per statement made the sequencer round-trip
/// bound.
pub fn insert_leaves(conn: &mut DbConnection, first: u64, seqs: &[i64]) -> QueryResult<()> {
    if let DbConnection::Pg(pg) = conn {
        // PostgreSQL takes whole arrays as two parameters.
        let indexes: Vec<i64> = (0..seqs.len()).map(|i| (first + i as u64) as i64).collect();
        diesel::sql_query(
            "INSERT INTO log_leaves (leaf_index, event_seq) SELECT * FROM unnest($1::bigint[], $2::bigint[])",
        )
        .bind::<Array<BigInt>, _>(indexes)
        .bind::<Array<BigInt>, _>(seqs)
        .execute(pg)?;
        return Ok(());
    }
    for (n, chunk) in seqs.chunks(BULK_ROWS).enumerate() {
        let base = first + (n * BULK_ROWS) as u64;
        let values: Vec<String> = chunk
            .iter()
            .enumerate()
            .map(|(i, seq)| format!("({}, {seq})", base + i as u64))
            .collect();
        diesel::sql_query(format!(
            "INSERT INTO log_leaves (leaf_index, event_seq) VALUES {}",
            values.join(", ")
        ))
        .execute(conn)?;
    }
    Ok(())
}

/// Stores perfect-subtree nodes in bulk (see [`insert_leaves`]).
pub fn insert_nodes(conn: &mut DbConnection, nodes: &[(NodeId, Hash)]) -> QueryResult<()> {
    if let DbConnection::Pg(pg) = conn {
        let keys: Vec<i64> = nodes.iter().map(|(id, _)| node_key(*id)).collect();
        let hashes: Vec<Vec<u8>> = nodes.iter().map(|(_, h)| h.to_vec()).collect();
        diesel::sql_query(
            "INSERT INTO log_nodes (node_key, hash) SELECT * FROM unnest($1::bigint[], $2::bytea[])",
        )
        .bind::<Array<BigInt>, _>(keys)
        .bind::<Array<Binary>, _>(hashes)
        .execute(pg)?;
        return Ok(());
    }
    for chunk in nodes.chunks(BULK_ROWS) {
        let values: Vec<String> = chunk
            .iter()
            .map(|(id, h)| format!("({}, X'{}')", node_key(*id), hex::encode(h)))
            .collect();
        diesel::sql_query(format!(
            "INSERT INTO log_nodes (node_key, hash) VALUES {}",
            values.join(", ")
        ))
        .execute(conn)?;
    }
    Ok(())
}

/// The stored hashes of `ids` (missing ones are simply absent).
pub fn nodes(conn: &mut DbConnection, ids: &[NodeId]) -> QueryResult<HashMap<NodeId, Hash>> {
    let keys: Vec<i64> = ids.iter().map(|i| node_key(*i)).collect();
    let mut out = HashMap::with_capacity(keys.len());
    for chunk in keys.chunks(500) {
        let rows: Vec<(i64, Vec<u8>)> = log_nodes::table
            .filter(log_nodes::node_key.eq_any(chunk))
            .select((log_nodes::node_key, log_nodes::hash))
            .load(conn)?;
        for (k, h) in rows {
            if let Ok(hash) = <Hash>::try_from(h.as_slice()) {
                out.insert(node_id(k), hash);
            }
        }
    }
    Ok(out)
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = log_checkpoints)]
pub struct CheckpointRow {
    pub tree_size: i64,
    pub root: Vec<u8>,
    pub note: String,
    pub key_id: String,
    pub created_at: NaiveDateTime,
}

pub fn latest_checkpoint(conn: &mut DbConnection) -> QueryResult<Option<CheckpointRow>> {
    log_checkpoints::table
        .order(log_checkpoints::tree_size.desc())
        .select(CheckpointRow::as_select())
        .first(conn)
        .optional()
}

pub fn insert_checkpoint(conn: &mut DbConnection, row: &CheckpointRow) -> QueryResult<()> {
    diesel::insert_into(log_checkpoints::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn node_keys_round_trip() {
        for (level, index) in [(0u8, 0u64), (0, 12345), (23, 1), (40, (1 << 30) + 7)] {
            let id = NodeId { level, index };
            assert_eq!(node_id(node_key(id)), id);
        }
        assert_ne!(
            node_key(NodeId { level: 1, index: 0 }),
            node_key(NodeId { level: 0, index: 0 })
        );
    }
}
