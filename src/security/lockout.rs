//! Account lockout: `login_max_failures` failed logins in a row lock the
//! account for `login_lockout_minutes`. Every failure and every lock is a
//! security event; a success clears the count. A lock also notifies the
//! user and their organisation's administrators (in the portal, and by email
//! where they have an address), in the same transaction.

use chrono::{Duration, NaiveDateTime};

use super::{record, Kind, SecurityEvent};
use crate::config::Settings;
use crate::db::notifications::{self, NotificationRow};
use crate::db::{organisations, time, users, DbConnection};
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
    notify(conn, id, failures, client_ip.as_deref(), until)?;
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

/// Tells the locked user, and the ICCC administrators of their city who
/// can lift the lock, that it happened, from where and until when.
fn notify(
    conn: &mut DbConnection,
    user_id: &str,
    failures: i32,
    client_ip: Option<&str>,
    until: NaiveDateTime,
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
    let own = format!(
        "Your account {} was locked after {failures} failed logins{from}, until {until_ist}. \
         If these attempts were not yours, tell your ICCC administrator.",
        user.username
    );
    let admin = format!(
        "The account {} ({}) was locked after {failures} failed logins{from}, until {until_ist}. \
         You can lift the lock on the Users page.",
        user.username, org.name
    );
    let mut recipients = vec![(user.id.clone(), own)];
    // The administrators who can lift it: those of the user's own
    // organisation.
    let admin_role = match org.kind.parse() {
        Ok(kind) => Role::admin_of(kind),
        Err(_) => Role::IcccAdmin,
    };
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
