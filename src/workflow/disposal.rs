//! A case's disposal, which starts the retention clock of its evidence:
//! recorded by the filing station, confirmed by a second person (a
//! station supervisor), correctable by the ICCC's administrators while no
//! clip of the request has been erased. Each step is in the request's
//! history and the custody log.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::approvals::{self, Ask};
use super::enforce;
use super::transition::{load_visible, scope};
use crate::custody::{event::format_time, record, NewCustody};
use crate::db::approvals::ApprovalRow;
use crate::db::requests::{self, NewEvent, RequestRow};
use crate::db::{retention, time, DbConnection};
use crate::domain::approval::ApprovalKind;
use crate::domain::authz::Actor;
use crate::domain::disposal::{Disposal, DisposalState};
use crate::error::{code, ApiError};
use crate::security::{self, Kind, SecurityEvent};

/// A request's disposal as the portal shows it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct DisposalView {
    pub request_id: String,
    pub state: DisposalState,
    pub case_disposed_at: DateTime<Utc>,
    pub reference: String,
    /// The approval a station supervisor decides (while pending).
    pub approval_id: Option<String>,
    pub recorded_by: Option<String>,
    pub confirmed_by: Option<String>,
    pub confirmed_at: Option<DateTime<Utc>>,
}

#[derive(serde::Deserialize, serde::Serialize)]
struct Params {
    disposed_at: chrono::NaiveDateTime,
    reference: String,
}

fn closed_at(row: &RequestRow) -> Result<chrono::NaiveDateTime, ApiError> {
    let status = row.status;
    match (status.is_terminal(), row.closed_at) {
        (true, Some(t)) => Ok(t),
        _ => Err(ApiError::conflict(
            code::INVALID_TRANSITION,
            "close or withdraw the request before recording the case's disposal",
        )),
    }
}

fn note(req: &RequestRow, actor: &Actor, action: &str, comment: String) -> NewEvent {
    NewEvent::note(req, actor, action, comment)
}

/// Records the disposal (pending), to be confirmed by a station
/// supervisor other than `actor`. The retention clock does not start yet.
pub fn record_disposal(
    conn: &mut DbConnection,
    actor: &Actor,
    request_id: &str,
    disposed_on: &str,
    reference: &str,
    ttl_hours: u32,
) -> Result<DisposalView, ApiError> {
    let row = load_visible(conn, actor, request_id)?;
    enforce(actor.may_record_disposal(&scope(&row)), "request")?;
    let closed = closed_at(&row)?;
    let d = Disposal::parse(disposed_on, reference, closed, Utc::now())?;
    // A disposal recorded before confirmation existed (unconfirmed) may be
    // recorded again; a confirmed one only corrected.
    if let Some(existing) = retention::disposal(conn, &row.id)? {
        if existing.is_confirmed() {
            return Err(ApiError::conflict(
                code::CASE_ALREADY_DISPOSED,
                "the case's disposal is already recorded and confirmed; the ICCC's administrators can correct it",
            ));
        }
    }
    let params = Params {
        disposed_at: d.disposed_at,
        reference: d.reference.clone(),
    };
    let ask = approvals::ask(
        conn,
        actor,
        Ask {
            kind: ApprovalKind::ConfirmDisposal,
            organisation_id: &row.station_id,
            subject_id: &row.id,
            request_id: Some(&row.id),
            params: serde_json::to_value(&params).map_err(ApiError::internal)?,
            reason: d.reference.clone(),
            ttl_hours,
        },
    )?;
    crate::workflow::history::record(
        conn,
        &note(
            &row,
            actor,
            "case_disposal_recorded",
            format!(
                "disposed of on {} ({}); waits for a station supervisor's confirmation",
                crate::domain::disposal::ist_date(d.disposed_at).format("%d/%m/%Y"),
                d.reference
            ),
        ),
    )?;
    Ok(pending_view(&row.id, &ask, &params))
}

fn pending_view(request_id: &str, ask: &ApprovalRow, p: &Params) -> DisposalView {
    DisposalView {
        request_id: request_id.to_owned(),
        state: DisposalState::PendingConfirmation,
        case_disposed_at: time::from_db(p.disposed_at),
        reference: p.reference.clone(),
        approval_id: Some(ask.id.clone()),
        recorded_by: Some(ask.requested_by.clone()),
        confirmed_by: None,
        confirmed_at: None,
    }
}

/// Carries out an approved disposal: the retention clock starts now.
pub fn confirm(
    conn: &mut DbConnection,
    actor: &Actor,
    approval: &ApprovalRow,
) -> Result<(), ApiError> {
    let p: Params = serde_json::from_str(&approval.params).map_err(ApiError::internal)?;
    let row = requests::find(conn, &approval.subject_id)?
        .ok_or_else(|| ApiError::not_found("request"))?;
    if retention::disposal(conn, &row.id)?.is_some_and(|d| d.is_confirmed()) {
        return Err(ApiError::conflict(
            code::CASE_ALREADY_DISPOSED,
            "the case's disposal is already confirmed",
        ));
    }
    let now = time::now();
    retention::set_disposal(
        conn,
        &row.id,
        Some((p.disposed_at, &p.reference)),
        Some((&actor.user_id, now)),
    )?;
    record(
        conn,
        NewCustody::new("case_disposed")
            .request(&row.id)
            .actor(Some(&actor.user_id))
            .from_addr(actor.client_ip.clone())
            .details(serde_json::json!({
                "disposed_at": format_time(time::from_db(p.disposed_at)),
                "reference": p.reference,
                "recorded_by": approval.requested_by,
                "confirmed_by": actor.user_id,
                "approval_id": approval.id,
            })),
    )?;
    crate::workflow::history::record(
        conn,
        &note(
            &row,
            actor,
            "case_disposal_confirmed",
            format!(
                "disposal confirmed ({}); the retention clock runs",
                p.reference
            ),
        ),
    )?;
    Ok(())
}

/// The request's disposal: confirmed, pending, or none.
pub fn current(
    conn: &mut DbConnection,
    request_id: &str,
) -> Result<Option<DisposalView>, ApiError> {
    let stored = retention::disposal(conn, request_id)?;
    if let Some(d) = stored.clone().filter(|d| d.is_confirmed()) {
        if let (Some(at), Some(reference)) = (d.disposed_at, d.reference) {
            return Ok(Some(DisposalView {
                request_id: request_id.to_owned(),
                state: DisposalState::Confirmed,
                case_disposed_at: time::from_db(at),
                reference,
                approval_id: None,
                recorded_by: None,
                confirmed_by: d.confirmed_by,
                confirmed_at: d.confirmed_at.map(time::from_db),
            }));
        }
    }
    let pending = crate::db::approvals::pending_for(
        conn,
        ApprovalKind::ConfirmDisposal.as_str(),
        request_id,
    )?
    .filter(|a| a.expires_at > time::now());
    match (pending, stored) {
        (Some(a), _) => {
            let p: Params = serde_json::from_str(&a.params).map_err(ApiError::internal)?;
            Ok(Some(pending_view(request_id, &a, &p)))
        }
        // Recorded by one person before confirmation existed: shown, but
        // no clock runs until it is recorded again and confirmed.
        (None, Some(d)) => Ok(d.disposed_at.map(|at| DisposalView {
            request_id: request_id.to_owned(),
            state: DisposalState::Unconfirmed,
            case_disposed_at: time::from_db(at),
            reference: d.reference.unwrap_or_default(),
            approval_id: None,
            recorded_by: None,
            confirmed_by: None,
            confirmed_at: None,
        })),
        (None, None) => Ok(None),
    }
}

/// An ICCC administrator's correction of a confirmed disposal: a new date
/// and reference, or (`disposed_on: None`) its withdrawal, for instance
/// when the case is reopened on appeal. Refused once any clip of the
/// request has been erased.
pub fn correct(
    conn: &mut DbConnection,
    actor: &Actor,
    request_id: &str,
    disposed_on: Option<&str>,
    reference: Option<&str>,
    reason: &str,
) -> Result<Option<DisposalView>, ApiError> {
    let row = load_visible(conn, actor, request_id)?;
    enforce(actor.may_correct_disposal(&scope(&row)), "request")?;
    let reason = crate::domain::text::bounded_plain("reason", reason, 3, 500)?;
    let before = retention::disposal(conn, &row.id)?
        .filter(|d| d.is_confirmed())
        .ok_or_else(|| ApiError::conflict(code::NO_DISPOSAL, "no confirmed disposal to correct"))?;
    if retention::erased_of_request(conn, &row.id)? > 0 {
        return Err(ApiError::conflict(
            code::ERASURE_DONE,
            "a clip of this request has already been erased, so its disposal can no longer be changed",
        ));
    }
    let after = match disposed_on {
        Some(on) => {
            let reference = reference
                .or(before.reference.as_deref())
                .unwrap_or_default();
            let d = Disposal::parse(on, reference, closed_at(&row)?, Utc::now())?;
            // The corrected disposal takes effect now: its grace period
            // starts again, so a date moved back erases nothing at once.
            retention::correct_disposal(conn, &row.id, d.disposed_at, &d.reference, time::now())?;
            Some(d)
        }
        None => {
            retention::set_disposal(conn, &row.id, None, None)?;
            None
        }
    };
    let fmt = |t: Option<chrono::NaiveDateTime>| t.map(|t| format_time(time::from_db(t)));
    let details = serde_json::json!({
        "from": { "disposed_at": fmt(before.disposed_at), "reference": before.reference },
        "to": after.as_ref().map(|d| serde_json::json!({
            "disposed_at": fmt(Some(d.disposed_at)), "reference": d.reference,
        })),
        "reason": reason,
    });
    record(
        conn,
        NewCustody::new("case_disposal_corrected")
            .request(&row.id)
            .actor(Some(&actor.user_id))
            .from_addr(actor.client_ip.clone())
            .details(details.clone()),
    )?;
    security::record(
        conn,
        SecurityEvent::new(Kind::DisposalCorrected)
            .actor(Some(&actor.user_id))
            .from_addr(actor.client_ip.clone())
            .subject(&row.id)
            .detail(details),
    )?;
    crate::workflow::history::record(
        conn,
        &note(
            &row,
            actor,
            "case_disposal_corrected",
            match &after {
                Some(d) => format!(
                    "disposal corrected to {} ({}): {reason}",
                    crate::domain::disposal::ist_date(d.disposed_at).format("%d/%m/%Y"),
                    d.reference
                ),
                None => format!("disposal withdrawn: {reason}"),
            },
        ),
    )?;
    current(conn, &row.id)
}
