//! Telling people something in the portal (and by email, through the
//! delivery loop): one notification per recipient, inserted once per
//! (user, request, kind, due) key, in the caller's transaction.

use chrono::NaiveDateTime;

use crate::db::notifications::{self, NotificationRow};
use crate::db::{time, DbConnection};

/// What to tell, about which request (if any), warning of `due`.
pub struct Notice<'a> {
    pub kind: &'a str,
    pub request_id: Option<&'a str>,
    pub due_at: NaiveDateTime,
    pub message: String,
}

/// Notifies each of `users`; returns how many were new.
pub fn tell(
    conn: &mut DbConnection,
    users: &[String],
    n: &Notice<'_>,
) -> diesel::QueryResult<usize> {
    let now = time::now();
    let mut created = 0;
    for user in users {
        let new = notifications::insert_once(
            conn,
            &NotificationRow {
                id: uuid::Uuid::now_v7().to_string(),
                user_id: user.clone(),
                request_id: n.request_id.map(str::to_owned),
                kind: n.kind.to_owned(),
                due_at: n.due_at,
                message: n.message.clone(),
                created_at: now,
                read_at: None,
                emailed_at: None,
            },
        )?;
        created += usize::from(new);
    }
    Ok(created)
}
