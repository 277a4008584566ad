//! The notice document attached to a request (`request_notices`).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::connection::DbConnection;
use super::schema::request_notices;

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = request_notices)]
pub struct NoticeRow {
    pub request_id: String,
    pub sha256: String,
    pub size_bytes: i64,
    pub media_type: String,
    pub file_name: String,
    pub storage_key: String,
    pub uploaded_by: String,
    pub uploaded_at: NaiveDateTime,
}

pub fn find(conn: &mut DbConnection, request_id: &str) -> QueryResult<Option<NoticeRow>> {
    request_notices::table
        .find(request_id)
        .select(NoticeRow::as_select())
        .first(conn)
        .optional()
}

/// Attaches `row`'s notice to its request, replacing any earlier one.
pub fn attach(conn: &mut DbConnection, row: &NoticeRow) -> QueryResult<()> {
    let n = diesel::update(request_notices::table.find(&row.request_id))
        .set(row)
        .execute(conn)?;
    if n == 0 {
        diesel::insert_into(request_notices::table)
            .values(row)
            .execute(conn)?;
    }
    Ok(())
}
