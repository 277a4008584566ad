//! Users table, including the TOTP state used for replay protection.

use crate::domain::role::Role;
use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::connection::DbConnection;
use super::schema::{organisations, users};

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = users)]
pub struct UserRow {
    pub id: String,
    pub organisation_id: String,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub password_hash: String,
    pub totp_secret: Option<String>,
    pub totp_pending_secret: Option<String>,
    pub totp_last_step: Option<i64>,
    pub disabled: bool,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    /// Set by a lockout after failed logins (`security::lockout`).
    pub locked_until: Option<NaiveDateTime>,
}

pub fn insert(conn: &mut DbConnection, row: &UserRow) -> QueryResult<()> {
    diesel::insert_into(users::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

pub fn find(conn: &mut DbConnection, id: &str) -> QueryResult<Option<UserRow>> {
    users::table
        .find(id)
        .select(UserRow::as_select())
        .first(conn)
        .optional()
}

pub fn find_by_username(conn: &mut DbConnection, username: &str) -> QueryResult<Option<UserRow>> {
    users::table
        .filter(users::username.eq(username))
        .select(UserRow::as_select())
        .first(conn)
        .optional()
}

pub fn set_password(
    conn: &mut DbConnection,
    id: &str,
    hash: &str,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(users::table.find(id))
        .set((users::password_hash.eq(hash), users::updated_at.eq(now)))
        .execute(conn)
}

pub fn set_pending_totp(
    conn: &mut DbConnection,
    id: &str,
    secret: &str,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(users::table.find(id))
        .set((
            users::totp_pending_secret.eq(secret),
            users::updated_at.eq(now),
        ))
        .execute(conn)
}

/// Makes the pending secret the active one and records the step of the
/// code that proved it, so that code cannot be used again.
pub fn activate_totp(
    conn: &mut DbConnection,
    id: &str,
    step: i64,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(
        users::table
            .find(id)
            .filter(users::totp_pending_secret.is_not_null()),
    )
    .set((
        users::totp_secret.eq(users::totp_pending_secret),
        users::totp_pending_secret.eq(None::<String>),
        users::totp_last_step.eq(step),
        users::updated_at.eq(now),
    ))
    .execute(conn)
}

/// Consumes a TOTP time step atomically: succeeds (returns 1) only when no
/// code of this or a later step was accepted before. This is what makes
/// each code usable once, even under concurrent logins.
pub fn consume_totp_step(conn: &mut DbConnection, id: &str, step: i64) -> QueryResult<usize> {
    diesel::update(
        users::table.find(id).filter(
            users::totp_last_step
                .is_null()
                .or(users::totp_last_step.lt(step)),
        ),
    )
    .set(users::totp_last_step.eq(step))
    .execute(conn)
}

/// Removes MFA so the user must enrol again at next login.
pub fn reset_mfa(conn: &mut DbConnection, id: &str, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(users::table.find(id))
        .set((
            users::totp_secret.eq(None::<String>),
            users::totp_pending_secret.eq(None::<String>),
            users::totp_last_step.eq(None::<i64>),
            users::updated_at.eq(now),
        ))
        .execute(conn)
}

/// Sets the TOTP secret directly (demo seeding and tests).
pub fn set_totp_secret(
    conn: &mut DbConnection,
    id: &str,
    secret: &str,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(users::table.find(id))
        .set((users::totp_secret.eq(secret), users::updated_at.eq(now)))
        .execute(conn)
}

/// Counts one more failed login; returns the count since the last success
/// or lockout.
pub fn register_failure(conn: &mut DbConnection, id: &str) -> QueryResult<i32> {
    diesel::update(users::table.find(id))
        .set(users::failed_logins.eq(users::failed_logins + 1))
        .execute(conn)?;
    users::table
        .find(id)
        .select(users::failed_logins)
        .first(conn)
}

/// Locks the account until `until` and starts counting failures afresh.
pub fn lock(conn: &mut DbConnection, id: &str, until: NaiveDateTime) -> QueryResult<()> {
    diesel::update(users::table.find(id))
        .set((
            users::locked_until.eq(Some(until)),
            users::failed_logins.eq(0),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Forgets failed logins and any lock (a successful login, or an admin
/// unlocking the account).
pub fn clear_failures(conn: &mut DbConnection, id: &str) -> QueryResult<()> {
    diesel::update(users::table.find(id))
        .filter(
            users::failed_logins
                .ne(0)
                .or(users::locked_until.is_not_null()),
        )
        .set((
            users::failed_logins.eq(0),
            users::locked_until.eq(None::<NaiveDateTime>),
        ))
        .execute(conn)
        .map(|_| ())
}

pub fn set_email(conn: &mut DbConnection, id: &str, email: Option<&str>) -> QueryResult<usize> {
    diesel::update(users::table.find(id))
        .set(users::email.eq(email))
        .execute(conn)
}

pub fn set_role(conn: &mut DbConnection, id: &str, role: &str) -> QueryResult<usize> {
    diesel::update(users::table.find(id))
        .set((
            users::role.eq(role),
            users::updated_at.eq(super::time::now()),
        ))
        .execute(conn)
}

/// The ids of an organisation's active users with a role.
pub fn with_role_in(conn: &mut DbConnection, org_id: &str, role: &str) -> QueryResult<Vec<String>> {
    users::table
        .filter(users::organisation_id.eq(org_id))
        .filter(users::role.eq(role))
        .filter(users::disabled.eq(false))
        .select(users::id)
        .load(conn)
}

/// The enabled users with `role` in any organisation of `city`.
pub fn with_role_in_city(
    conn: &mut DbConnection,
    city: &str,
    role: &str,
) -> QueryResult<Vec<String>> {
    users::table
        .inner_join(organisations::table)
        .filter(organisations::city.eq(city))
        .filter(users::role.eq(role))
        .filter(users::disabled.eq(false))
        .select(users::id)
        .load(conn)
}
