//! The recordings index: one row per recorder segment file.

use crate::domain::kinds::SegmentStatus;
use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::connection::DbConnection;
use super::schema::segments;

pub const OK: SegmentStatus = SegmentStatus::Ok;
pub const DAMAGED: SegmentStatus = SegmentStatus::Damaged;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = segments)]
pub struct SegmentRow {
    pub id: String,
    pub camera_id: String,
    /// Relative to the recordings root.
    pub path: String,
    pub start_at: NaiveDateTime,
    pub end_at: NaiveDateTime,
    pub container: String,
    pub video_codec: String,
    pub width: i32,
    pub height: i32,
    pub size_bytes: i64,
    pub sha256: String,
    pub status: SegmentStatus,
    pub error: Option<String>,
    pub indexed_at: NaiveDateTime,
}

pub fn insert(conn: &mut DbConnection, row: &SegmentRow) -> QueryResult<()> {
    diesel::insert_into(segments::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

/// Paths already indexed for a camera.
pub fn known_paths(conn: &mut DbConnection, camera_id: &str) -> QueryResult<Vec<String>> {
    segments::table
        .filter(segments::camera_id.eq(camera_id))
        .select(segments::path)
        .load(conn)
}

/// Segments of a camera overlapping `[from, to)`, oldest first, damaged
/// ones included (callers decide what to do with them).
pub fn overlapping(
    conn: &mut DbConnection,
    camera_id: &str,
    from: NaiveDateTime,
    to: NaiveDateTime,
) -> QueryResult<Vec<SegmentRow>> {
    segments::table
        .filter(segments::camera_id.eq(camera_id))
        .filter(segments::end_at.gt(from))
        .filter(segments::start_at.lt(to))
        .order(segments::start_at.asc())
        .select(SegmentRow::as_select())
        .load(conn)
}

/// Damaged segments that may have covered `[from, to)`. A damaged file's
/// length is unknown, so any that starts up to an hour before `from` counts.
pub fn damaged_near(
    conn: &mut DbConnection,
    camera_id: &str,
    from: NaiveDateTime,
    to: NaiveDateTime,
) -> QueryResult<i64> {
    segments::table
        .filter(segments::camera_id.eq(camera_id))
        .filter(segments::status.eq(DAMAGED))
        .filter(segments::start_at.lt(to))
        .filter(segments::start_at.ge(from - chrono::Duration::hours(1)))
        .count()
        .get_result(conn)
}

/// End of the newest readable segment of a camera.
pub fn newest_end(conn: &mut DbConnection, camera_id: &str) -> QueryResult<Option<NaiveDateTime>> {
    segments::table
        .filter(segments::camera_id.eq(camera_id))
        .filter(segments::status.eq(OK))
        .select(diesel::dsl::max(segments::end_at))
        .first(conn)
}

/// Moves a pulled part on the timeline, once the run it belongs to is
/// known to end where it was asked to end.
pub fn set_times(
    conn: &mut DbConnection,
    id: &str,
    start: NaiveDateTime,
    end: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(segments::table.find(id))
        .set((segments::start_at.eq(start), segments::end_at.eq(end)))
        .execute(conn)
}

pub fn find(conn: &mut DbConnection, id: &str) -> QueryResult<Option<SegmentRow>> {
    segments::table
        .find(id)
        .select(SegmentRow::as_select())
        .first(conn)
        .optional()
}
