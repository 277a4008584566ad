//! Failed logins per (account, client address): the per-address lock of
//! `security::lockout`.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::connection::DbConnection;
use super::schema::login_throttle;

/// Counts one more failure of `user` from `addr`, starting a new window
/// when the last one began before `window_start`; returns the count.
pub fn register(
    conn: &mut DbConnection,
    user_id: &str,
    addr: &str,
    now: NaiveDateTime,
    window_start: NaiveDateTime,
) -> QueryResult<i32> {
    let current: Option<(i32, NaiveDateTime)> = login_throttle::table
        .find((user_id, addr))
        .select((login_throttle::failures, login_throttle::first_at))
        .first(conn)
        .optional()?;
    let failures = match current {
        Some((n, first)) if first >= window_start => {
            diesel::update(login_throttle::table.find((user_id, addr)))
                .set(login_throttle::failures.eq(n + 1))
                .execute(conn)?;
            n + 1
        }
        Some(_) => {
            diesel::update(login_throttle::table.find((user_id, addr)))
                .set((
                    login_throttle::failures.eq(1),
                    login_throttle::first_at.eq(now),
                    login_throttle::locked_until.eq(None::<NaiveDateTime>),
                ))
                .execute(conn)?;
            1
        }
        None => {
            diesel::insert_into(login_throttle::table)
                .values((
                    login_throttle::user_id.eq(user_id),
                    login_throttle::client_addr.eq(addr),
                    login_throttle::failures.eq(1),
                    login_throttle::first_at.eq(now),
                ))
                .execute(conn)?;
            1
        }
    };
    Ok(failures)
}

/// Locks `user` out from `addr` until `until`.
pub fn lock(
    conn: &mut DbConnection,
    user_id: &str,
    addr: &str,
    until: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(login_throttle::table.find((user_id, addr)))
        .set(login_throttle::locked_until.eq(Some(until)))
        .execute(conn)
        .map(|_| ())
}

/// When the lock of `user` from `addr` ends, if one is in force at `now`.
pub fn locked_until(
    conn: &mut DbConnection,
    user_id: &str,
    addr: &str,
    now: NaiveDateTime,
) -> QueryResult<Option<NaiveDateTime>> {
    Ok(login_throttle::table
        .find((user_id, addr))
        .select(login_throttle::locked_until)
        .first::<Option<NaiveDateTime>>(conn)
        .optional()?
        .flatten()
        .filter(|t| *t > now))
}

/// Forgets `user`'s failures (from `addr` only, or from everywhere).
pub fn clear(conn: &mut DbConnection, user_id: &str, addr: Option<&str>) -> QueryResult<()> {
    match addr {
        Some(a) => diesel::delete(login_throttle::table.find((user_id, a))).execute(conn)?,
        None => diesel::delete(login_throttle::table.filter(login_throttle::user_id.eq(user_id)))
            .execute(conn)?,
    };
    Ok(())
}
