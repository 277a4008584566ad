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
use crate::state::AppState;

pub struct Credentials {
    pub username: String,
    pub password: String,
    pub totp: Option<String>,
}

fn bad_credentials() -> ApiError {
    ApiError::unauthorized(code::INVALID_CREDENTIALS, "username or password is wrong")
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
    let user = match user {
        Some(u) if ok => u,
        _ => return Err(bad_credentials()),
    };
    if user.disabled {
        return Err(
            ApiError::forbidden("the account is disabled").with_code(code::ACCOUNT_DISABLED)
        );
    }
    let role: Role = user.role.parse().map_err(ApiError::internal)?;
    let keys = state.keys.clone();
    let lifetime = state.settings.refresh_token_ttl_secs;
    let totp_code = creds.totp;
    state
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
            let pair = session::start(c, &keys, lifetime, &user.id, scope, &client)?;
            Ok((pair, user))
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
