//! Sessions: starting one at login, rotating its refresh token, ending it.

use chrono::{Duration, Utc};
use serde::Serialize;

use super::random;
use super::token_keys::TokenKeys;
use crate::db::sessions::{self, RefreshRow, SessionRow};
use crate::db::{time, DbConnection};
use crate::error::{code, ApiError};

/// Tokens handed to a client.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct TokenPair {
    pub access_token: String,
    /// Always `Bearer`.
    pub token_type: &'static str,
    /// Seconds until the access token expires.
    pub expires_in: i64,
    /// Single-use; exchange at `/api/v1/auth/refresh` for a new pair.
    /// Absent for an enrolment-only token.
    pub refresh_token: Option<String>,
    /// `api`, or `mfa_enrolment` when the user must enrol TOTP first.
    pub scope: String,
}

/// Where a login came from, kept with the session for the audit trail.
#[derive(Debug, Clone, Default)]
pub struct ClientInfo {
    pub ip: Option<String>,
    pub user_agent: Option<String>,
}

/// Opens a session for `user_id` and issues its first tokens. Sessions
/// of scope `mfa_enrolment` get no refresh token.
pub fn start(
    conn: &mut DbConnection,
    keys: &TokenKeys,
    lifetime_secs: u32,
    user_id: &str,
    scope: &str,
    client: &ClientInfo,
) -> Result<TokenPair, ApiError> {
    let now = Utc::now();
    let enrolment = scope != super::token_keys::SCOPE_API;
    let lifetime = if enrolment {
        Duration::seconds(keys.ttl_secs())
    } else {
        Duration::seconds(i64::from(lifetime_secs))
    };
    let session = SessionRow {
        id: uuid::Uuid::now_v7().to_string(),
        user_id: user_id.to_owned(),
        created_at: time::to_db(now),
        expires_at: time::to_db(now + lifetime),
        revoked_at: None,
        revoked_reason: None,
        client_ip: client.ip.clone(),
        user_agent: client
            .user_agent
            .as_ref()
            .map(|u| u.chars().take(256).collect()),
    };
    sessions::insert_session(conn, &session)?;
    let refresh_token = if enrolment {
        None
    } else {
        Some(new_refresh(conn, &session)?)
    };
    Ok(TokenPair {
        access_token: keys
            .issue(user_id, &session.id, scope)
            .map_err(ApiError::internal)?,
        token_type: "Bearer",
        expires_in: keys.ttl_secs(),
        refresh_token,
        scope: scope.to_owned(),
    })
}

fn new_refresh(conn: &mut DbConnection, session: &SessionRow) -> Result<String, ApiError> {
    let token = random::token().map_err(ApiError::internal)?;
    sessions::insert_refresh(
        conn,
        &RefreshRow {
            token_hash: crate::digest::sha256_hex(token.as_bytes()),
            session_id: session.id.clone(),
            created_at: time::now(),
            expires_at: session.expires_at,
            used_at: None,
        },
    )?;
    Ok(token)
}

/// Result of presenting a refresh token.
pub enum RefreshOutcome {
    Issued(TokenPair),
    /// The token had been used before: the session has been revoked and
    /// the caller must commit that before reporting the error.
    Reused,
}

/// Consumes `presented` and issues the next pair in the same session.
pub fn rotate(
    conn: &mut DbConnection,
    keys: &TokenKeys,
    presented: &str,
    from: Option<String>,
) -> Result<RefreshOutcome, ApiError> {
    let invalid = || {
        ApiError::unauthorized(
            code::INVALID_REFRESH_TOKEN,
            "the refresh token is not valid",
        )
    };
    let hash = crate::digest::sha256_hex(presented.as_bytes());
    let (token, session) = sessions::find_refresh(conn, &hash)?.ok_or_else(invalid)?;
    let now = time::now();
    if session.revoked_at.is_some() || session.expires_at <= now || token.expires_at <= now {
        return Err(ApiError::unauthorized(
            code::SESSION_REVOKED,
            "the session has ended; log in again",
        ));
    }
    if sessions::consume_refresh(conn, &hash, now)? == 0 {
        sessions::revoke(conn, &session.id, "refresh_token_reused", now)?;
        // A replayed refresh token means it was copied: for the CISO.
        crate::security::record(
            conn,
            crate::security::SecurityEvent::new(crate::security::Kind::RefreshTokenReused)
                .actor(Some(&session.user_id))
                .from_addr(from)
                .subject(&session.id)
                .detail(serde_json::json!({ "session_ended": true })),
        )?;
        return Ok(RefreshOutcome::Reused);
    }
    let user = crate::db::users::find(conn, &session.user_id)?.ok_or_else(invalid)?;
    if user.disabled {
        return Err(
            ApiError::forbidden("the account is disabled").with_code(code::ACCOUNT_DISABLED)
        );
    }
    let refresh_token = new_refresh(conn, &session)?;
    Ok(RefreshOutcome::Issued(TokenPair {
        access_token: keys
            .issue(&user.id, &session.id, super::token_keys::SCOPE_API)
            .map_err(ApiError::internal)?,
        token_type: "Bearer",
        expires_in: keys.ttl_secs(),
        refresh_token: Some(refresh_token),
        scope: super::token_keys::SCOPE_API.to_owned(),
    }))
}
