//! The notice documents attached to a request (`request_notices`): the
//! latest is the request's notice; replaced ones are kept.

use crate::domain::digest::Sha256Digest;
use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::connection::DbConnection;
use super::schema::request_notices;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = request_notices)]
pub struct NoticeRow {
    pub id: String,
    pub request_id: String,
    pub sha256: Sha256Digest,
    pub size_bytes: i64,
    pub media_type: String,
    pub file_name: String,
    pub storage_key: String,
    pub uploaded_by: String,
    pub uploaded_at: NaiveDateTime,
}

/// The request's notice: the latest attached.
pub fn find(conn: &mut DbConnection, request_id: &str) -> QueryResult<Option<NoticeRow>> {
    request_notices::table
        .filter(request_notices::request_id.eq(request_id))
        .order((
            request_notices::uploaded_at.desc(),
            request_notices::id.desc(),
        ))
        .select(NoticeRow::as_select())
        .first(conn)
        .optional()
}

/// Attaches a notice; it becomes the request's notice.
pub fn attach(conn: &mut DbConnection, row: &NoticeRow) -> QueryResult<()> {
    diesel::insert_into(request_notices::table)
        .values(row)
        .execute(conn)?;
    Ok(())
}

/// Every stored notice: (storage key, SHA-256, size), for `store verify`.
pub fn all_stored(conn: &mut DbConnection) -> QueryResult<Vec<(String, String, i64)>> {
    request_notices::table
        .select((
            request_notices::storage_key,
            request_notices::sha256,
            request_notices::size_bytes,
        ))
        .load(conn)
}
