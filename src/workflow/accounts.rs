//! Creating users and changing their credentials (CLI, demo, tests).

use crate::auth::password;
use crate::db::users::{self, UserRow};
use crate::db::{organisations, sessions, time, DbConnection};
use crate::domain::organisation::OrgKind;
use crate::domain::role::Role;
use crate::domain::username::{check_password_policy, Username};
use crate::domain::{text, ValidationError};
use crate::security::{self, Kind, SecurityEvent};

#[derive(Debug, thiserror::Error)]
pub enum AccountError {
    #[error("{0}")]
    Invalid(#[from] ValidationError),
    #[error("no organisation with code {0}")]
    UnknownOrganisation(String),
    #[error("no user named {0}")]
    UnknownUser(String),
    #[error("a user named {0} already exists")]
    Duplicate(String),
    #[error("password hashing failed: {0}")]
    Hash(#[from] password::PasswordError),
    #[error(transparent)]
    Db(#[from] crate::db::DbError),
}

impl From<diesel::result::Error> for AccountError {
    fn from(e: diesel::result::Error) -> Self {
        AccountError::Db(e.into())
    }
}

pub struct NewUser<'a> {
    pub username: &'a str,
    pub display_name: &'a str,
    pub role: Role,
    pub org_code: &'a str,
    /// An argon2id PHC string from [`password::hash`].
    pub password_hash: String,
}

/// Checks a new password against the policy and hashes it.
pub fn hash_new_password(pw: &str) -> Result<String, AccountError> {
    check_password_policy(pw)?;
    Ok(password::hash(pw)?)
}

pub fn create_user(conn: &mut DbConnection, u: NewUser<'_>) -> Result<UserRow, AccountError> {
    let username = Username::parse(u.username)?;
    let org = organisations::find_by_code(conn, u.org_code)?
        .ok_or_else(|| AccountError::UnknownOrganisation(u.org_code.to_owned()))?;
    let kind: OrgKind = org.kind;
    if !u.role.fits(kind) {
        return Err(ValidationError::new(
            crate::domain::error_code::ErrorCode::RoleDoesNotFitOrganisation,
            format!("a {} cannot belong to a {kind}", u.role),
        )
        .into());
    }
    if users::find_by_username(conn, username.as_str())?.is_some() {
        return Err(AccountError::Duplicate(username.as_str().to_owned()));
    }
    let now = time::now();
    let row = UserRow {
        id: uuid::Uuid::now_v7().to_string(),
        organisation_id: org.id,
        username: username.as_str().to_owned(),
        display_name: text::bounded("display_name", u.display_name, 200)?,
        role: u.role,
        password_hash: u.password_hash,
        totp_secret: None,
        totp_pending_secret: None,
        totp_last_step: None,
        disabled: false,
        created_at: now,
        updated_at: now,
        locked_until: None,
    };
    users::insert(conn, &row)?;
    Ok(row)
}

fn existing(conn: &mut DbConnection, username: &str) -> Result<UserRow, AccountError> {
    let name = Username::parse(username)?;
    users::find_by_username(conn, name.as_str())?
        .ok_or_else(|| AccountError::UnknownUser(username.to_owned()))
}

/// Sets a new password and ends the user's sessions.
pub fn set_password(
    conn: &mut DbConnection,
    username: &str,
    hash: &str,
) -> Result<(), AccountError> {
    let u = existing(conn, username)?;
    let now = time::now();
    users::set_password(conn, &u.id, hash, now)?;
    sessions::revoke_all_for_user(conn, &u.id, "password_changed", now)?;
    Ok(())
}

/// Removes the user's TOTP enrolment and ends their sessions; they enrol
/// again at next login.
pub fn reset_mfa(conn: &mut DbConnection, username: &str) -> Result<(), AccountError> {
    let u = existing(conn, username)?;
    let now = time::now();
    users::reset_mfa(conn, &u.id, now)?;
    sessions::revoke_all_for_user(conn, &u.id, "mfa_reset", now)?;
    security::record(
        conn,
        SecurityEvent::new(Kind::MfaReset)
            .username(&u.username)
            .subject(&u.id)
            .detail(serde_json::json!({ "via": "cli", "role": u.role })),
    )?;
    Ok(())
}

/// Changes the user's role and ends their sessions (their permissions
/// change at once).
pub fn set_role(conn: &mut DbConnection, username: &str, role: Role) -> Result<(), AccountError> {
    let u = existing(conn, username)?;
    let now = time::now();
    users::set_role(conn, &u.id, role.as_str())?;
    sessions::revoke_all_for_user(conn, &u.id, "role_changed", now)?;
    security::record(
        conn,
        SecurityEvent::new(Kind::RoleChanged)
            .username(&u.username)
            .subject(&u.id)
            .detail(serde_json::json!({ "via": "cli", "from": u.role, "to": role.as_str() })),
    )?;
    Ok(())
}

/// Sets (or clears) the address alerts are emailed to.
pub fn set_email(
    conn: &mut DbConnection,
    username: &str,
    email: Option<&str>,
) -> Result<(), AccountError> {
    let u = existing(conn, username)?;
    if let Some(e) = email {
        e.parse::<lettre::Address>().map_err(|_| {
            AccountError::Invalid(ValidationError::new(
                crate::domain::error_code::ErrorCode::InvalidEmail,
                format!("{e} is not an email address"),
            ))
        })?;
    }
    users::set_email(conn, &u.id, email)?;
    Ok(())
}

/// Lifts a lockout and forgets the failed logins.
pub fn unlock(conn: &mut DbConnection, username: &str) -> Result<(), AccountError> {
    let u = existing(conn, username)?;
    users::clear_failures(conn, &u.id)?;
    crate::db::login_throttle::clear(conn, &u.id, None)?;
    Ok(())
}
