//! `signing_keys`: every key that ever signed, so that all of them stay
//! published (`GET /api/v1/keys`) and old signatures stay verifiable.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::SigningKey;
use crate::db::connection::DbConnection;
use crate::db::schema::signing_keys;
use crate::db::time;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = signing_keys)]
pub struct KeyRow {
    pub key_id: String,
    pub name: String,
    pub public_key: Vec<u8>,
    pub created_at: NaiveDateTime,
    pub retired_at: Option<NaiveDateTime>,
}

impl KeyRow {
    pub fn public(&self) -> Option<[u8; 32]> {
        self.public_key.as_slice().try_into().ok()
    }
}

/// Records the key if it is not known yet (idempotent).
pub fn register(conn: &mut DbConnection, key: &SigningKey) -> QueryResult<()> {
    let known = signing_keys::table
        .find(key.key_id_hex())
        .select(signing_keys::key_id)
        .first::<String>(conn)
        .optional()?;
    if known.is_none() {
        diesel::insert_into(signing_keys::table)
            .values(&KeyRow {
                key_id: key.key_id_hex(),
                name: key.name().to_owned(),
                public_key: key.public_key().to_vec(),
                created_at: time::now(),
                retired_at: None,
            })
            .execute(conn)?;
    }
    Ok(())
}

/// Every key, oldest first.
pub fn list(conn: &mut DbConnection) -> QueryResult<Vec<KeyRow>> {
    signing_keys::table
        .order(signing_keys::created_at.asc())
        .select(KeyRow::as_select())
        .load(conn)
}

pub fn find(conn: &mut DbConnection, key_id: &str) -> QueryResult<Option<KeyRow>> {
    signing_keys::table
        .find(key_id)
        .select(KeyRow::as_select())
        .first(conn)
        .optional()
}

/// Marks every key other than `active` retired (still published).
pub fn retire_others(conn: &mut DbConnection, active: &str) -> QueryResult<usize> {
    diesel::update(
        signing_keys::table
            .filter(signing_keys::key_id.ne(active))
            .filter(signing_keys::retired_at.is_null()),
    )
    .set(signing_keys::retired_at.eq(Some(time::now())))
    .execute(conn)
}
