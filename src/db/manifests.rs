//! `clip_manifests`: the exact signed bytes of each clip's manifest.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::connection::DbConnection;
use super::schema::clip_manifests;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = clip_manifests)]
pub struct ManifestRow {
    pub clip_id: String,
    pub manifest: String,
    pub signature: Vec<u8>,
    pub key_id: String,
    pub created_at: NaiveDateTime,
}

pub fn insert(conn: &mut DbConnection, row: &ManifestRow) -> QueryResult<()> {
    diesel::insert_into(clip_manifests::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

pub fn find(conn: &mut DbConnection, clip_id: &str) -> QueryResult<Option<ManifestRow>> {
    clip_manifests::table
        .find(clip_id)
        .select(ManifestRow::as_select())
        .first(conn)
        .optional()
}
