//! The SLA figures stored with each request: `refresh` re-derives a
//! request's `sla_*` columns and moves its contribution to the monthly
//! rollup. The workflows call it, in the same transaction, after every
//! change to a request or one of its items (filing, a transition, an item
//! outcome); `backfill` fills in rows written before the columns existed.

use diesel::prelude::*;

use crate::db::schema::footage_requests;
use crate::db::sla::SlaColumns;
use crate::db::sla_rollup::{self, Contribution};
use crate::db::DbConnection;

/// Re-derives and stores a request's SLA columns, and moves its
/// contribution to the monthly rollup (`sla_rollup::shift`).
pub fn refresh(conn: &mut DbConnection, request_id: &str) -> QueryResult<()> {
    let Some(r) = crate::db::requests::find(conn, request_id)? else {
        return Ok(());
    };
    let (outcome, bits, hours): (Option<String>, i32, Option<f64>) = footage_requests::table
        .find(request_id)
        .select((
            footage_requests::sla_outcome,
            footage_requests::sla_reason_bits,
            footage_requests::sla_hours,
        ))
        .first(conn)?;
    let items = crate::db::requests::items(conn, request_id)?;
    let new = SlaColumns::of(&r, &items);
    diesel::update(footage_requests::table.find(request_id))
        .set(&new)
        .execute(conn)?;
    sla_rollup::shift(
        conn,
        &r,
        Contribution::of(outcome.as_deref(), bits, hours),
        Contribution::of(
            new.sla_outcome.as_deref(),
            new.sla_reason_bits,
            new.sla_hours,
        ),
    )
}

/// Stores the SLA columns of dated requests that have none (rows written
/// before the columns existed), and builds the monthly rollup when it is
/// empty but settled requests exist (the migration that adds it); returns
/// how many requests were filled in.
pub fn backfill(conn: &mut DbConnection) -> QueryResult<usize> {
    let filled = backfill_columns(conn)?;
    let rolled: i64 = crate::db::schema::sla_rollup::table
        .count()
        .get_result(conn)?;
    let settled: i64 = footage_requests::table
        .filter(footage_requests::sla_outcome.is_not_null())
        .count()
        .get_result(conn)?;
    if rolled == 0 && settled > 0 {
        sla_rollup::rebuild(conn)?;
    }
    Ok(filled)
}

fn backfill_columns(conn: &mut DbConnection) -> QueryResult<usize> {
    let ids: Vec<String> = footage_requests::table
        .filter(footage_requests::deadline_at.is_not_null())
        .filter(footage_requests::sla_week.is_null())
        .select(footage_requests::id)
        .load(conn)?;
    for id in &ids {
        refresh(conn, id)?;
    }
    Ok(ids.len())
}

/// Applies pending migrations and, after any ran, fills in the derived
/// columns older rows lack; returns how many migrations ran. What the
/// server, `sakshya migrate` and every command run at start.
pub fn migrate(conn: &mut DbConnection) -> Result<usize, Box<dyn std::error::Error + Send + Sync>> {
    let n = crate::db::migrations::run(conn)?;
    if n > 0 {
        backfill(conn)?;
    }
    Ok(n)
}
