//! The login flow: password, then TOTP where enrolled; users whose role
//! requires MFA but who have not enrolled get an enrolment-only token.

use chrono::Utc;

use super::session::{self, ClientInfo, TokenPair};
use super::token_keys::{SCOPE_API, SCOPE_MFA_ENROLMENT};
use super::{password, totp};
use crate::db::users::{self, UserRow};
use crate::db::DbConnection;
use crate::domain::role::Role;
use crate::domain::username::Username;
use crate::error::{code, ApiError};
use crate::security::lockout::{self, Failure};
use crate::state::AppState;

pub struct Credentials {
    pub username: String,
    pub password: String,
    pub totp: Option<String>,
}

/// The one answer for an unknown user, a wrong password and a locked
/// account, so none of them tells an attacker anything.
fn bad_credentials() -> ApiError {
    ApiError::unauthorized(
        code::INVALID_CREDENTIALS,
        "the username or password is wrong, or there were too many failed attempts: check them, or wait and try again later",
    )
}

/// Checks the credentials and starts a session.
pub async fn login(
    state: &AppState,
    creds: Credentials,
    client: ClientInfo,
) -> Result<(TokenPair, UserRow), ApiError> {
    let Ok(username) = Username::parse(&creds.username) else {
        return Err(bad_credentials());
    };
    let name = username.as_str().to_owned();
    let user = state
        .db
        .read(move |c| users::find_by_username(c, &name).map_err(ApiError::from))
        .await?;

    // Argon2 is deliberately slow: run it off the async executor.
    let pw = creds.password;
    let stored = user.as_ref().map(|u| u.password_hash.clone());
    let ok = tokio::task::spawn_blocking(move || match stored {
        Some(h) => password::verify(&h, &pw),
        None => {
            password::verify_dummy(&pw);
            false
        }
    })
    .await
    .map_err(ApiError::internal)?;
    // A locked account (or address) answers the same whatever the
    // password, and the same as an unknown user, so the lock can neither
    // test passwords nor tell that the account exists.
    if let Some(u) = &user {
        let (row, ip) = (u.clone(), client.ip.clone());
        let until = state
            .db
            .read(move |c| lockout::locked_until(c, &row, ip.as_deref()).map_err(ApiError::from))
            .await?;
        if until.is_some() {
            failed(
                state,
                Some(u.id.clone()),
                &creds.username,
                &client,
                Failure::Locked,
            )
            .await?;
            return Err(bad_credentials());
        }
    }
    let user = match user {
        Some(u) if ok => u,
        other => {
            let why = if other.is_some() {
                Failure::WrongPassword
            } else {
                Failure::UnknownUser
            };
            failed(state, other.map(|u| u.id), &creds.username, &client, why).await?;
            return Err(bad_credentials());
        }
    };
    if user.disabled {
        return Err(
            ApiError::forbidden("the account is disabled").with_code(code::ACCOUNT_DISABLED)
        );
    }
    let role: Role = user.role;
    let keys = state.keys.clone();
    let lifetime = state.settings.refresh_token_ttl_secs;
    let totp_code = creds.totp;
    let user_id = user.id.clone();
    let client2 = client.clone();
    let result = state
        .db
        .write(move |c| {
            let scope = match (&user.totp_secret, totp_code) {
                (Some(secret), Some(code)) => {
                    check_and_consume(c, &user, secret, &code)?;
                    SCOPE_API
                }
                (Some(_), None) => {
                    return Err(ApiError::unauthorized(
                        code::MFA_REQUIRED,
                        "this account needs a TOTP code from its authenticator app",
                    ))
                }
                (None, _) if role.requires_mfa() => SCOPE_MFA_ENROLMENT,
                (None, _) => SCOPE_API,
            };
            lockout::succeeded(c, &user.id, client2.ip.as_deref())?;
            let pair = session::start(c, &keys, lifetime, &user.id, scope, &client2)?;
            Ok((pair, user))
        })
        .await;
    if let Err(e) = &result {
        let why = match e.code {
            code::INVALID_TOTP => Some(Failure::WrongTotp),
            code::TOTP_REPLAYED => Some(Failure::ReplayedTotp),
            _ => None,
        };
        if let Some(why) = why {
            failed(state, Some(user_id), &creds.username, &client, why).await?;
        }
    }
    result
}

/// Records a failed login in its own transaction (the login's own, if
/// any, is rolled back); it may lock the address or the account.
async fn failed(
    state: &AppState,
    user_id: Option<String>,
    username: &str,
    client: &ClientInfo,
    why: Failure,
) -> Result<(), ApiError> {
    let settings = state.settings.clone();
    let username: String = username
        .chars()
        .filter(|c| !c.is_control())
        .take(64)
        .collect();
    let ip = client.ip.clone();
    state
        .db
        .write(move |c| {
            lockout::register(c, &settings, user_id.as_deref(), &username, ip, why)
                .map_err(ApiError::from)
        })
        .await
}

/// Verifies `code` against `secret` and consumes its time step, so that
/// the same code is refused from then on.
pub fn check_and_consume(
    conn: &mut DbConnection,
    user: &UserRow,
    secret: &str,
    code: &str,
) -> Result<(), ApiError> {
    let now = u64::try_from(Utc::now().timestamp()).unwrap_or(0);
    let step = totp::matching_step(secret, code, now)
        .map_err(ApiError::internal)?
        .ok_or_else(|| {
            ApiError::unauthorized(code::INVALID_TOTP, "the TOTP code is wrong or expired")
        })?;
    let step = i64::try_from(step).map_err(ApiError::internal)?;
    if users::consume_totp_step(conn, &user.id, step)? == 0 {
        return Err(ApiError::unauthorized(
            code::TOTP_REPLAYED,
            "this TOTP code was already used; wait for the next one",
        ));
    }
    Ok(())
}
