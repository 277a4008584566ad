//! Lockout after failed logins, per (account, client address):
//! `login_max_failures` failures of one account from one address within
//! `login_lockout_minutes` lock that address out of that account for
//! `login_lockout_minutes`, so someone who knows a username cannot lock
//! its owner out from elsewhere. `login_account_max_failures` failures
//! from anywhere (since the last success) lock the account for everyone:
//! a slower backstop against an attack spread over many addresses.
//! While locked, a login answers exactly as a wrong password or an
//! unknown user does (401 `invalid_credentials`), so the lock tells
//! nobody that the account exists. Every failure and every lock is a
//! security event; a success clears the counts. A lock notifies the user
//! and their organisation's administrators in the same transaction.

use chrono::{Duration, NaiveDateTime};

use super::{record, Kind, SecurityEvent};
use crate::config::Settings;
use crate::db::notifications::{self, NotificationRow};
use crate::db::{login_throttle, organisations, time, users, DbConnection};
use crate::domain::role::Role;
use crate::evidence::manifest::ist;

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

/// The address key of a client (`unknown` when the server could not tell).
fn addr_key(client_ip: Option<&str>) -> &str {
    client_ip.unwrap_or("unknown")
}

/// When the lock on `user` from `client_ip` ends, if one is in force:
/// the account-wide lock, or this address's.
pub fn locked_until(
    conn: &mut DbConnection,
    user: &users::UserRow,
    client_ip: Option<&str>,
) -> diesel::QueryResult<Option<NaiveDateTime>> {
    let now = time::now();
    if let Some(t) = user.locked_until.filter(|t| *t > now) {
        return Ok(Some(t));
    }
    login_throttle::locked_until(conn, &user.id, addr_key(client_ip), now)
}

/// Forgets the failures of a successful login.
pub fn succeeded(
    conn: &mut DbConnection,
    user_id: &str,
    client_ip: Option<&str>,
) -> diesel::QueryResult<()> {
    users::clear_failures(conn, user_id)?;
    login_throttle::clear(conn, user_id, Some(addr_key(client_ip)))
}

/// Records a failed login (in its own transaction, by the caller) and
/// locks the address, or the whole account, when its failures reach the
/// limit.
pub fn register(
    conn: &mut DbConnection,
    settings: &Settings,
    user_id: Option<&str>,
    username: &str,
    client_ip: Option<String>,
    why: Failure,
) -> diesel::QueryResult<()> {
    record(
        conn,
        SecurityEvent::new(Kind::LoginFailed)
            .actor(user_id)
            .username(username)
            .from_addr(client_ip.clone())
            .detail(serde_json::json!({ "reason": why.as_str() })),
    )?;
    let Some(id) = user_id else {
        return Ok(());
    };
    if matches!(why, Failure::Locked) {
        return Ok(());
    }
    let now = time::now();
    let minutes = i64::from(settings.login_lockout_minutes);
    let until = now + Duration::minutes(minutes);
    let addr = addr_key(client_ip.as_deref()).to_owned();
    let account_wide = users::register_failure(conn, id)?;
    if settings.login_account_max_failures > 0
        && account_wide >= i32::try_from(settings.login_account_max_failures).unwrap_or(i32::MAX)
    {
        users::lock(conn, id, until)?;
        return locked(conn, id, account_wide, client_ip, until, "account");
    }
    if settings.login_max_failures == 0 {
        return Ok(());
    }
    let from_here =
        login_throttle::register(conn, id, &addr, now, now - Duration::minutes(minutes))?;
    if from_here >= i32::try_from(settings.login_max_failures).unwrap_or(i32::MAX) {
        login_throttle::lock(conn, id, &addr, until)?;
        return locked(conn, id, from_here, client_ip, until, "address");
    }
    Ok(())
}

/// Records and announces a lock of `scope` (`address` or `account`).
fn locked(
    conn: &mut DbConnection,
    id: &str,
    failures: i32,
    client_ip: Option<String>,
    until: NaiveDateTime,
    scope: &str,
) -> diesel::QueryResult<()> {
    notify(conn, id, failures, client_ip.as_deref(), until, scope)?;
    record(
        conn,
        SecurityEvent::new(Kind::AccountLocked)
            .actor(Some(id))
            .from_addr(client_ip)
            .subject(id)
            .detail(serde_json::json!({
                "failures": failures,
                "scope": scope,
                "locked_until": crate::custody::event::format_time(time::from_db(until)),
            })),
    )
}

/// Tells the locked user, and their organisation's administrators who
/// can lift the lock, that it happened, from where and until when.
fn notify(
    conn: &mut DbConnection,
    user_id: &str,
    failures: i32,
    client_ip: Option<&str>,
    until: NaiveDateTime,
    scope: &str,
) -> diesel::QueryResult<()> {
    let Some(user) = users::find(conn, user_id)? else {
        return Ok(());
    };
    let Some(org) = organisations::find(conn, &user.organisation_id)? else {
        return Ok(());
    };
    let now = time::now();
    let from = client_ip.map_or_else(String::new, |ip| format!(" from {ip}"));
    let until_ist = ist(time::from_db(until));
    let what = if scope == "account" {
        "was locked for everyone"
    } else {
        "was locked for that address"
    };
    let own = format!(
        "Your account {} {what} after {failures} failed logins{from}, until {until_ist}. \
         If these attempts were not yours, tell your administrator.",
        user.username
    );
    let admin = format!(
        "The account {} ({}) {what} after {failures} failed logins{from}, until {until_ist}. \
         You can lift the lock on the Users page.",
        user.username, org.name
    );
    let mut recipients = vec![(user.id.clone(), own)];
    // The administrators who can lift it: those of the user's own
    // organisation.
    let admin_role = Role::admin_of(org.kind);
    for a in users::with_role_in(conn, &org.id, admin_role.as_str())? {
        if a != user.id {
            recipients.push((a, admin.clone()));
        }
    }
    for (to, message) in recipients {
        notifications::insert_once(
            conn,
            &NotificationRow {
                id: uuid::Uuid::now_v7().to_string(),
                user_id: to,
                request_id: None,
                kind: "account_locked".into(),
                due_at: until,
                message,
                created_at: now,
                read_at: None,
                emailed_at: None,
            },
        )?;
    }
    Ok(())
}
