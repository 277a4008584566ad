//! Recording what extraction found for an item, and closing the request
//! when every item has an outcome.

use crate::db::requests::{self, NewEvent, RequestRow, StatusChange};
use crate::db::{holds, time, DbConnection};
use crate::domain::fulfilment::{request_outcome, ItemStatus};
use crate::domain::lifecycle::RequestStatus;
use crate::domain::reason::ReasonCode;
use crate::error::{code, ApiError};

/// Moves a request to `to` on the system's behalf (no acting user),
/// recording the history.
pub fn system_transition(
    conn: &mut DbConnection,
    row: &RequestRow,
    to: RequestStatus,
    action: &str,
    reason: Option<ReasonCode>,
    comment: Option<String>,
) -> Result<(), ApiError> {
    let now = time::now();
    let change = StatusChange {
        status: to,
        reason_code: reason,
        version: row.version + 1,
        submitted_at: None,
        forwarded_at: None,
        deadline_at: None,
        closed_at: to.is_terminal().then_some(now),
        updated_at: now,
    };
    if requests::change_status(conn, &row.id, row.version, &change)? != 1 {
        return Err(ApiError::conflict(
            code::CONCURRENT_UPDATE,
            "the request changed concurrently",
        ));
    }
    crate::sla::stored::refresh(conn, &row.id)?;
    crate::workflow::history::record(
        conn,
        &NewEvent {
            request_id: row.id.to_string(),
            at: now,
            actor_id: None,
            from: None,
            action: action.to_owned(),
            from_status: Some(row.status),
            to_status: to,
            reason_code: change.reason_code,
            comment,
        },
    )?;
    Ok(())
}

/// Sets an item's outcome and, when it was the last open item, the
/// request's. Returns preserved files that no hold keeps any more, for the
/// caller to delete after the transaction commits.
pub fn record_item_outcome(
    conn: &mut DbConnection,
    request_id: &str,
    item_id: &str,
    status: ItemStatus,
    reason: Option<ReasonCode>,
    release_holds: bool,
) -> Result<Vec<String>, ApiError> {
    requests::set_item_status(conn, item_id, status.as_str(), reason.map(|r| r.as_str()))?;
    crate::sla::stored::refresh(conn, request_id)?;
    let row = requests::find(conn, request_id)?.ok_or_else(|| ApiError::not_found("request"))?;
    let items: Vec<ItemStatus> = requests::items(conn, request_id)?
        .iter()
        .map(|i| i.status)
        .collect();
    let Some(outcome) = request_outcome(&items) else {
        return Ok(Vec::new());
    };
    let current = row.status;
    if current.is_terminal() {
        return Ok(Vec::new());
    }
    let reason = (outcome == RequestStatus::Unavailable)
        .then_some(reason)
        .flatten();
    system_transition(conn, &row, outcome, "complete", reason, None)?;
    if release_holds {
        release(conn, request_id)
    } else {
        Ok(Vec::new())
    }
}

/// Releases the request's holds; returns the preserved files now unheld.
pub fn release(conn: &mut DbConnection, request_id: &str) -> Result<Vec<String>, ApiError> {
    let held = holds::for_request(conn, request_id)?;
    holds::release_for_request(conn, request_id, time::now())?;
    let mut unheld = Vec::new();
    for (h, _) in held {
        if h.released_at.is_none() && !holds::file_still_held(conn, &h.preserved_path)? {
            unheld.push(h.preserved_path);
        }
    }
    Ok(unheld)
}
