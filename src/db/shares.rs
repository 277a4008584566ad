//! `shares`: evidence packages shared with a court or by link.

use crate::domain::kinds::ShareKind;
use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::connection::DbConnection;
use super::schema::shares;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = shares)]
pub struct ShareRow {
    pub id: String,
    pub clip_id: String,
    pub created_by: String,
    pub kind: ShareKind,
    pub recipient_org_id: Option<String>,
    pub token_hash: Option<String>,
    pub recipient_name: String,
    pub purpose: String,
    pub expires_at: NaiveDateTime,
    pub max_downloads: i32,
    pub downloads: i32,
    pub created_at: NaiveDateTime,
    pub revoked_at: Option<NaiveDateTime>,
    pub revoked_by: Option<String>,
}

pub fn insert(conn: &mut DbConnection, row: &ShareRow) -> QueryResult<()> {
    diesel::insert_into(shares::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

pub fn find(conn: &mut DbConnection, id: &str) -> QueryResult<Option<ShareRow>> {
    shares::table
        .find(id)
        .select(ShareRow::as_select())
        .first(conn)
        .optional()
}

pub fn by_token_hash(conn: &mut DbConnection, hash: &str) -> QueryResult<Option<ShareRow>> {
    shares::table
        .filter(shares::token_hash.eq(hash))
        .select(ShareRow::as_select())
        .first(conn)
        .optional()
}

pub fn for_clip(conn: &mut DbConnection, clip_id: &str) -> QueryResult<Vec<ShareRow>> {
    shares::table
        .filter(shares::clip_id.eq(clip_id))
        .order(shares::created_at.desc())
        .select(ShareRow::as_select())
        .load(conn)
}

pub fn for_recipient(conn: &mut DbConnection, org_id: &str) -> QueryResult<Vec<ShareRow>> {
    shares::table
        .filter(shares::recipient_org_id.eq(org_id))
        .order(shares::created_at.desc())
        .select(ShareRow::as_select())
        .load(conn)
}

/// Counts one download if the share still allows it (not revoked, not
/// expired, under its limit); true when counted. One statement, so two
/// concurrent downloads cannot both take the last one.
pub fn take_download(conn: &mut DbConnection, id: &str, now: NaiveDateTime) -> QueryResult<bool> {
    let n = diesel::update(
        shares::table
            .filter(shares::id.eq(id))
            .filter(shares::revoked_at.is_null())
            .filter(shares::expires_at.gt(now))
            .filter(shares::downloads.lt(shares::max_downloads)),
    )
    .set(shares::downloads.eq(shares::downloads + 1))
    .execute(conn)?;
    Ok(n == 1)
}

pub fn revoke(
    conn: &mut DbConnection,
    id: &str,
    by: &str,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    let n = diesel::update(
        shares::table
            .filter(shares::id.eq(id))
            .filter(shares::revoked_at.is_null()),
    )
    .set((
        shares::revoked_at.eq(Some(now)),
        shares::revoked_by.eq(Some(by)),
    ))
    .execute(conn)?;
    Ok(n == 1)
}
