//! Bulk or unusual downloads: more distinct clips than
//! `bulk_download_per_hour` downloaded by one user within an hour raises
//! one security event per user per hour.

use chrono::Duration;
use diesel::prelude::*;

use super::{record, Kind, SecurityEvent};
use crate::db::schema::custody_events;
use crate::db::{security_events, time, DbConnection};

/// Called in the transaction that records a download by `user_id`.
pub fn check(
    conn: &mut DbConnection,
    threshold: u32,
    user_id: &str,
    client_ip: Option<String>,
) -> QueryResult<()> {
    if threshold == 0 {
        return Ok(());
    }
    let since = time::now() - Duration::hours(1);
    let clips = custody_events::table
        .filter(custody_events::kind.eq("downloaded"))
        .filter(custody_events::actor_id.eq(user_id))
        .filter(custody_events::at.ge(since))
        .select(custody_events::clip_id)
        .distinct()
        .load::<Option<String>>(conn)?
        .len() as i64;
    if clips <= i64::from(threshold)
        || security_events::count_since(conn, Kind::BulkDownload.as_str(), user_id, since)? > 0
    {
        return Ok(());
    }
    record(
        conn,
        SecurityEvent::new(Kind::BulkDownload)
            .actor(Some(user_id))
            .from_addr(client_ip)
            .detail(serde_json::json!({
                "clips_in_last_hour": clips,
                "threshold": threshold,
            })),
    )
}
