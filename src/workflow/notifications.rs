//! A user's own notifications: listing them and marking them read. Nobody
//! reads or changes another user's.

use crate::db::notifications::{self, NotificationRow};
use crate::db::{time, DbConnection};
use crate::domain::authz::Actor;
use crate::error::ApiError;

/// One page of the actor's notifications, newest first, with the total
/// and the unread count.
pub fn list(
    conn: &mut DbConnection,
    actor: &Actor,
    unread_only: bool,
    limit: i64,
    offset: i64,
) -> Result<(Vec<NotificationRow>, i64, i64), ApiError> {
    Ok(notifications::for_user(
        conn,
        &actor.user_id,
        unread_only,
        limit,
        offset,
    )?)
}

/// Marks the actor's notifications `ids` (or, with `None`, all of them)
/// read; others' ids change nothing. Returns how many changed.
pub fn mark_read(
    conn: &mut DbConnection,
    actor: &Actor,
    ids: Option<&[String]>,
) -> Result<usize, ApiError> {
    Ok(notifications::mark_read(
        conn,
        &actor.user_id,
        ids,
        time::now(),
    )?)
}
