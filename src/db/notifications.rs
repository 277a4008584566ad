//! In-app notifications: one row per user, request, kind and threshold
//! moment (a unique key), so an alert is created once per crossing. An
//! account lockout is the one kind about an account, not a request.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::connection::DbConnection;
use super::schema::{notifications, users};

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = notifications)]
pub struct NotificationRow {
    pub id: String,
    pub user_id: String,
    /// The request the alert is about; `None` for an account lockout.
    pub request_id: Option<String>,
    pub kind: String,
    pub due_at: NaiveDateTime,
    pub message: String,
    pub created_at: NaiveDateTime,
    pub read_at: Option<NaiveDateTime>,
    pub emailed_at: Option<NaiveDateTime>,
}

/// Inserts the notification unless the same (user, request, kind, due)
/// exists; returns whether it was new.
pub fn insert_once(conn: &mut DbConnection, row: &NotificationRow) -> QueryResult<bool> {
    // ON CONFLICT DO NOTHING on both backends: a concurrent sweep (another
    // replica) inserting the same row neither fails nor duplicates it.
    let q = diesel::insert_into(notifications::table)
        .values(row)
        .on_conflict_do_nothing();
    let n = match conn {
        DbConnection::Pg(c) => q.execute(c)?,
        DbConnection::Sqlite(c) => q.execute(c)?,
    };
    Ok(n == 1)
}

/// A user's notifications, newest first, with the total and unread count.
pub fn for_user(
    conn: &mut DbConnection,
    user_id: &str,
    unread_only: bool,
    limit: i64,
    offset: i64,
) -> QueryResult<(Vec<NotificationRow>, i64, i64)> {
    let mut q = notifications::table
        .filter(notifications::user_id.eq(user_id))
        .into_boxed();
    let mut c = notifications::table
        .filter(notifications::user_id.eq(user_id))
        .into_boxed();
    if unread_only {
        q = q.filter(notifications::read_at.is_null());
        c = c.filter(notifications::read_at.is_null());
    }
    let total = c.count().get_result(conn)?;
    let unread = notifications::table
        .filter(notifications::user_id.eq(user_id))
        .filter(notifications::read_at.is_null())
        .count()
        .get_result(conn)?;
    let rows = q
        .select(NotificationRow::as_select())
        .order((notifications::created_at.desc(), notifications::id.desc()))
        .limit(limit)
        .offset(offset)
        .load(conn)?;
    Ok((rows, total, unread))
}

/// Marks the user's own notifications read (all of them when `ids` is
/// `None`); returns how many changed.
pub fn mark_read(
    conn: &mut DbConnection,
    user_id: &str,
    ids: Option<&[String]>,
    at: NaiveDateTime,
) -> QueryResult<usize> {
    let mut q = diesel::update(notifications::table)
        .filter(notifications::user_id.eq(user_id))
        .filter(notifications::read_at.is_null())
        .into_boxed();
    if let Some(ids) = ids {
        q = q.filter(notifications::id.eq_any(ids.to_vec()));
    }
    q.set(notifications::read_at.eq(Some(at))).execute(conn)
}

/// Notifications not yet emailed to users who have an address, oldest
/// first: (notification, address).
pub fn unsent_email(
    conn: &mut DbConnection,
    limit: i64,
) -> QueryResult<Vec<(NotificationRow, String)>> {
    notifications::table
        .inner_join(users::table.on(users::id.eq(notifications::user_id)))
        .filter(notifications::emailed_at.is_null())
        .filter(users::email.is_not_null())
        .select((NotificationRow::as_select(), users::email.assume_not_null()))
        .order(notifications::created_at.asc())
        .limit(limit)
        .load(conn)
}

pub fn mark_emailed(conn: &mut DbConnection, id: &str, at: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(notifications::table.find(id))
        .set(notifications::emailed_at.eq(Some(at)))
        .execute(conn)
}
