//! The custody log's storage: leaves, perfect-subtree nodes and signed
//! checkpoints. Insert-only (triggers refuse changes).

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;

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

pub fn insert_leaf(conn: &mut DbConnection, index: u64, event_seq: i64) -> QueryResult<()> {
    diesel::insert_into(log_leaves::table)
        .values((
            log_leaves::leaf_index.eq(index as i64),
            log_leaves::event_seq.eq(event_seq),
        ))
        .execute(conn)
        .map(|_| ())
}

pub fn insert_node(conn: &mut DbConnection, id: NodeId, hash: &Hash) -> QueryResult<()> {
    diesel::insert_into(log_nodes::table)
        .values((
            log_nodes::node_key.eq(node_key(id)),
            log_nodes::hash.eq(hash.to_vec()),
        ))
        .execute(conn)
        .map(|_| ())
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
