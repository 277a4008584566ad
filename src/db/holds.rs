//! Preservation holds: segment copies kept for a request.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::connection::DbConnection;
use super::schema::{holds, segments};
use super::segments::SegmentRow;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = holds)]
pub struct HoldRow {
    pub id: String,
    pub request_id: String,
    pub segment_id: String,
    /// Relative to the preservation root.
    pub preserved_path: String,
    pub created_at: NaiveDateTime,
    pub released_at: Option<NaiveDateTime>,
}

pub fn insert(conn: &mut DbConnection, row: &HoldRow) -> QueryResult<()> {
    diesel::insert_into(holds::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

pub fn for_request(
    conn: &mut DbConnection,
    request_id: &str,
) -> QueryResult<Vec<(HoldRow, SegmentRow)>> {
    holds::table
        .inner_join(segments::table)
        .filter(holds::request_id.eq(request_id))
        .select((HoldRow::as_select(), SegmentRow::as_select()))
        .load(conn)
}

/// Preserved copies of the given segments held by any live hold.
pub fn live_copies(conn: &mut DbConnection, segment_ids: &[String]) -> QueryResult<Vec<HoldRow>> {
    holds::table
        .filter(holds::segment_id.eq_any(segment_ids))
        .filter(holds::released_at.is_null())
        .select(HoldRow::as_select())
        .load(conn)
}

pub fn release_for_request(
    conn: &mut DbConnection,
    request_id: &str,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(
        holds::table
            .filter(holds::request_id.eq(request_id))
            .filter(holds::released_at.is_null()),
    )
    .set(holds::released_at.eq(now))
    .execute(conn)
}

/// Whether any live hold still keeps this preserved file.
pub fn file_still_held(conn: &mut DbConnection, preserved_path: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        holds::table
            .filter(holds::preserved_path.eq(preserved_path))
            .filter(holds::released_at.is_null()),
    ))
    .get_result(conn)
}
