//! `custody_events` and the sequencer's queue. Events are inserted, never
//! updated; on PostgreSQL a trigger refuses UPDATE, DELETE and TRUNCATE,
//! on SQLite triggers refuse UPDATE and DELETE.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::connection::DbConnection;
use super::schema::{custody_events, custody_pending, log_leaves};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = custody_events)]
pub struct EventRow {
    pub seq: i64,
    pub id: String,
    pub kind: String,
    pub at: NaiveDateTime,
    pub request_id: Option<String>,
    pub clip_id: Option<String>,
    pub actor_id: Option<String>,
    pub body: String,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = custody_events)]
pub struct NewEventRow<'a> {
    pub id: &'a str,
    pub kind: &'a str,
    pub at: NaiveDateTime,
    pub request_id: Option<&'a str>,
    pub clip_id: Option<&'a str>,
    pub actor_id: Option<&'a str>,
    pub body: &'a str,
}

/// Inserts the event and queues it for the sequencer; returns its seq.
pub fn insert(conn: &mut DbConnection, row: &NewEventRow<'_>) -> QueryResult<i64> {
    diesel::insert_into(custody_events::table)
        .values(row)
        .execute(conn)?;
    let seq = custody_events::table
        .filter(custody_events::id.eq(row.id))
        .select(custody_events::seq)
        .first::<i64>(conn)?;
    diesel::insert_into(custody_pending::table)
        .values(custody_pending::seq.eq(seq))
        .execute(conn)?;
    Ok(seq)
}

/// The oldest queued events, at most `limit`: (seq, body).
pub fn pending(conn: &mut DbConnection, limit: i64) -> QueryResult<Vec<(i64, String)>> {
    custody_pending::table
        .inner_join(custody_events::table)
        .order(custody_pending::seq.asc())
        .limit(limit)
        .select((custody_events::seq, custody_events::body))
        .load(conn)
}

/// Removes sequenced events from the queue.
pub fn dequeue(conn: &mut DbConnection, seqs: &[i64]) -> QueryResult<()> {
    if let DbConnection::Pg(pg) = conn {
        diesel::sql_query("DELETE FROM custody_pending WHERE seq = ANY($1)")
            .bind::<diesel::sql_types::Array<diesel::sql_types::BigInt>, _>(seqs)
            .execute(pg)?;
        return Ok(());
    }
    for chunk in seqs.chunks(2000) {
        diesel::delete(custody_pending::table.filter(custody_pending::seq.eq_any(chunk)))
            .execute(conn)?;
    }
    Ok(())
}

pub fn pending_count(conn: &mut DbConnection) -> QueryResult<i64> {
    custody_pending::table.count().get_result(conn)
}

/// Events about a clip or its request, in log order, with their leaf
/// index once sequenced.
pub fn for_evidence(
    conn: &mut DbConnection,
    request_id: &str,
    clip_id: &str,
) -> QueryResult<Vec<(EventRow, Option<i64>)>> {
    custody_events::table
        .left_join(log_leaves::table)
        .filter(
            custody_events::clip_id
                .eq(clip_id)
                .or(custody_events::request_id
                    .eq(request_id)
                    .and(custody_events::clip_id.is_null())),
        )
        .order(custody_events::seq.asc())
        .select((EventRow::as_select(), log_leaves::leaf_index.nullable()))
        .load(conn)
}

pub fn find(conn: &mut DbConnection, id: &str) -> QueryResult<Option<(EventRow, Option<i64>)>> {
    custody_events::table
        .left_join(log_leaves::table)
        .filter(custody_events::id.eq(id))
        .select((EventRow::as_select(), log_leaves::leaf_index.nullable()))
        .first(conn)
        .optional()
}

/// Leaves `[from, to)` with their events' bodies, in leaf order.
pub fn leaves_with_bodies(
    conn: &mut DbConnection,
    from: i64,
    to: i64,
) -> QueryResult<Vec<(i64, String, String)>> {
    log_leaves::table
        .inner_join(custody_events::table)
        .filter(log_leaves::leaf_index.ge(from))
        .filter(log_leaves::leaf_index.lt(to))
        .order(log_leaves::leaf_index.asc())
        .select((
            log_leaves::leaf_index,
            custody_events::id,
            custody_events::body,
        ))
        .load(conn)
}

/// Events that are neither leaves of the log nor queued for it (a queue
/// row deleted behind the sequencer's back).
pub fn unaccounted(conn: &mut DbConnection) -> QueryResult<i64> {
    let total: i64 = custody_events::table.count().get_result(conn)?;
    let leaves: i64 = log_leaves::table.count().get_result(conn)?;
    let queued: i64 = custody_pending::table.count().get_result(conn)?;
    Ok(total - leaves - queued)
}
