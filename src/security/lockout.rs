//! Account lockout: `login_max_failures` failed logins in a row lock the
//! account for `login_lockout_minutes`. Every failure and every lock is a
//! security event; a success clears the count.

use chrono::{Duration, NaiveDateTime};

use super::{record, Kind, SecurityEvent};
use crate::config::Settings;
use crate::db::{time, users, DbConnection};

/// Why a login failed (for the CISO; never the secret itself).
#[derive(Debug, Clone, Copy)]
pub enum Failure {
    UnknownUser,
    WrongPassword,
    WrongTotp,
    ReplayedTotp,
    Locked,
}

impl Failure {
    fn as_str(self) -> &'static str {
        match self {
            Failure::UnknownUser => "unknown_user",
            Failure::WrongPassword => "wrong_password",
            Failure::WrongTotp => "wrong_totp",
            Failure::ReplayedTotp => "replayed_totp",
            Failure::Locked => "account_locked",
        }
    }
}

/// Records a failed login (in its own transaction, by the caller) and
/// locks the account when the failures reach the limit; returns the lock's
/// end when this failure locked it.
pub fn register(
    conn: &mut DbConnection,
    settings: &Settings,
    user_id: Option<&str>,
    username: &str,
    client_ip: Option<String>,
    why: Failure,
) -> diesel::QueryResult<Option<NaiveDateTime>> {
    record(
        conn,
        SecurityEvent::new(Kind::LoginFailed)
            .actor(user_id)
            .username(username)
            .from_addr(client_ip.clone())
            .detail(serde_json::json!({ "reason": why.as_str() })),
    )?;
    let Some(id) = user_id else {
        return Ok(None);
    };
    if matches!(why, Failure::Locked) || settings.login_max_failures == 0 {
        return Ok(None);
    }
    let failures = users::register_failure(conn, id)?;
    if failures < i32::try_from(settings.login_max_failures).unwrap_or(i32::MAX) {
        return Ok(None);
    }
    let until = time::now() + Duration::minutes(i64::from(settings.login_lockout_minutes));
    users::lock(conn, id, until)?;
    record(
        conn,
        SecurityEvent::new(Kind::AccountLocked)
            .actor(Some(id))
            .from_addr(client_ip)
            .subject(id)
            .detail(serde_json::json!({
                "failures": failures,
                "locked_until": crate::custody::event::format_time(time::from_db(until)),
            })),
    )?;
    Ok(Some(until))
}
