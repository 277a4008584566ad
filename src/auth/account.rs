//! What a user does to their own session and second factor: who they are,
//! logging out, enrolling TOTP. The routes call these.

use chrono::Utc;

use super::session::{self, ClientInfo, TokenPair};
use super::token_keys::{TokenKeys, SCOPE_API};
use super::totp;
use crate::db::organisations::OrganisationRow;
use crate::db::users::UserRow;
use crate::db::{organisations, sessions, time, users, DbConnection};
use crate::domain::authz::Actor;
use crate::error::{code, ApiError};

/// The user and their organisation.
pub fn profile(
    conn: &mut DbConnection,
    user_id: &str,
) -> Result<(UserRow, OrganisationRow), ApiError> {
    let user = users::find(conn, user_id)?.ok_or_else(|| ApiError::not_found("user"))?;
    let org = organisations::find(conn, &user.organisation_id)?
        .ok_or_else(|| ApiError::internal("user without organisation"))?;
    Ok((user, org))
}

/// Ends the session: its access token and every refresh token stop
/// working at once.
pub fn logout(conn: &mut DbConnection, session_id: &str) -> Result<(), ApiError> {
    sessions::revoke(conn, session_id, "logout", time::now())?;
    Ok(())
}

/// Keeps `secret` as the user's pending TOTP secret, unless they are
/// enrolled already (409 `mfa_already_enrolled`).
pub fn start_enrolment(
    conn: &mut DbConnection,
    user_id: &str,
    secret: &str,
) -> Result<(), ApiError> {
    let user = users::find(conn, user_id)?.ok_or_else(|| ApiError::not_found("user"))?;
    if user.totp_secret.is_some() {
        return Err(ApiError::conflict(
            code::MFA_ALREADY_ENROLLED,
            "TOTP is already enrolled; an admin can reset it with `sakshya user reset-mfa`",
        ));
    }
    users::set_pending_totp(conn, user_id, secret, time::now())?;
    Ok(())
}

/// Proves the pending secret with `code`, makes it the user's, ends the
/// enrolment-only session and starts a full one.
pub fn confirm_enrolment(
    conn: &mut DbConnection,
    keys: &TokenKeys,
    lifetime_secs: u32,
    actor: &Actor,
    code_in: &str,
    client: &ClientInfo,
) -> Result<(TokenPair, UserRow, OrganisationRow), ApiError> {
    let user = users::find(conn, &actor.user_id)?.ok_or_else(|| ApiError::not_found("user"))?;
    let pending = user.totp_pending_secret.clone().ok_or_else(|| {
        ApiError::conflict(
            code::MFA_NOT_PENDING,
            "start enrolment with /api/v1/auth/mfa/enrol first",
        )
    })?;
    let now = u64::try_from(Utc::now().timestamp()).unwrap_or(0);
    let step = totp::matching_step(&pending, code_in, now)
        .map_err(ApiError::internal)?
        .ok_or_else(|| {
            ApiError::unauthorized(code::INVALID_TOTP, "the TOTP code is wrong or expired")
        })?;
    let t = time::now();
    users::activate_totp(
        conn,
        &user.id,
        i64::try_from(step).map_err(ApiError::internal)?,
        t,
    )?;
    sessions::revoke(conn, &actor.session_id, "mfa_enrolled", t)?;
    let pair = session::start(conn, keys, lifetime_secs, &user.id, SCOPE_API, client)?;
    let (user, org) = profile(conn, &user.id)?;
    Ok((pair, user, org))
}
