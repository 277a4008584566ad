//! A request's history: every entry is also a custody event (except those
//! whose custody event the evidence code records itself, with the clip and
//! its hash), written together in the caller's transaction.

use crate::db::requests::{self, NewEvent};
use crate::db::DbConnection;

/// The custody event kind for a history action; `None` for the actions
/// whose custody event the evidence code records itself, with the clip
/// and its hash (downloads, uploads).
pub fn custody_kind(action: &str) -> Option<&str> {
    Some(match action {
        "clip_downloaded"
        | "footage_uploaded"
        | "case_disposal_confirmed"
        | "case_disposal_corrected" => return None,
        "file" => "filed",
        "submit" => "submitted",
        "endorse" => "endorsed",
        "return" => "returned",
        "review" => "reviewed",
        "approve" => "approved",
        "reject" => "rejected",
        "withdraw" => "withdrawn",
        "complete" => "completed",
        other => other,
    })
}

/// Records a history event and the matching custody event. Free-text
/// comments stay in the history only: the custody log is permanent and
/// carries structured facts.
pub fn record(conn: &mut DbConnection, event: &NewEvent) -> diesel::QueryResult<()> {
    requests::insert_event(conn, event)?;
    if let Some(kind) = custody_kind(&event.action) {
        crate::custody::record(
            conn,
            crate::custody::NewCustody::new(kind)
                .request(&event.request_id)
                .actor(event.actor_id.as_deref())
                .from_addr(event.from.clone())
                .details(serde_json::json!({
                    "action": event.action,
                    "from_status": event.from_status,
                    "to_status": event.to_status,
                    "reason_code": event.reason_code,
                })),
        )?;
    }
    Ok(())
}
