//! Clips: extracted or uploaded evidence for one request item.

use crate::domain::digest::Sha256Digest;
use crate::domain::ids::{ClipId, RequestId};
use crate::domain::kinds::ClipSource;
use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::connection::DbConnection;
use super::schema::clips;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = clips)]
pub struct ClipRow {
    pub id: ClipId,
    pub request_id: RequestId,
    pub item_id: String,
    pub camera_id: String,
    pub sha256: Sha256Digest,
    pub size_bytes: i64,
    pub storage_key: String,
    /// `extracted` or `uploaded`.
    pub source: ClipSource,
    pub requested_start: NaiveDateTime,
    pub requested_end: NaiveDateTime,
    pub actual_start: NaiveDateTime,
    pub actual_end: NaiveDateTime,
    pub packets: i64,
    pub source_segments: String,
    pub gaps: String,
    pub ffmpeg_versions: String,
    pub created_by: Option<String>,
    pub created_at: NaiveDateTime,
}

pub fn insert(conn: &mut DbConnection, row: &ClipRow) -> QueryResult<()> {
    diesel::insert_into(clips::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

pub fn find(conn: &mut DbConnection, id: &str) -> QueryResult<Option<ClipRow>> {
    clips::table
        .find(id)
        .select(ClipRow::as_select())
        .first(conn)
        .optional()
}

/// Clips with exactly these bytes.
pub fn by_sha256(conn: &mut DbConnection, sha256: &str) -> QueryResult<Vec<ClipRow>> {
    clips::table
        .filter(clips::sha256.eq(sha256))
        .order(clips::created_at.asc())
        .select(ClipRow::as_select())
        .load(conn)
}

pub fn for_item(conn: &mut DbConnection, item_id: &str) -> QueryResult<Option<ClipRow>> {
    clips::table
        .filter(clips::item_id.eq(item_id))
        .select(ClipRow::as_select())
        .first(conn)
        .optional()
}

pub fn for_request(conn: &mut DbConnection, request_id: &str) -> QueryResult<Vec<ClipRow>> {
    clips::table
        .filter(clips::request_id.eq(request_id))
        .select(ClipRow::as_select())
        .load(conn)
}

/// (storage key, SHA-256, size) of every clip, for store verification.
/// The storage keys of the item's clips.
pub fn storage_keys_for_item(conn: &mut DbConnection, item_id: &str) -> QueryResult<Vec<String>> {
    clips::table
        .filter(clips::item_id.eq(item_id))
        .select(clips::storage_key)
        .load(conn)
}

pub fn all_stored(conn: &mut DbConnection) -> QueryResult<Vec<(String, String, i64)>> {
    clips::table
        .select((clips::storage_key, clips::sha256, clips::size_bytes))
        .order(clips::storage_key.asc())
        .load(conn)
}

pub fn count(conn: &mut DbConnection) -> QueryResult<i64> {
    clips::table.count().get_result(conn)
}
