//! Moving a request through its lifecycle on a person's action.

use crate::db::requests::{self, NewEvent, RequestRow, StatusChange};
use crate::db::{jobs, time, DbConnection};
use crate::domain::authz::{Actor, RequestScope};
use crate::domain::lifecycle::{
    duty_conflict, plan, Action, ActionInput, LifecyclePolicy, RequestStatus, TransitionError,
};
use crate::domain::urgency::DeadlinePolicy;
use crate::error::{code, ApiError};
use crate::workflow::outcome;

/// Loads a request the actor may see; others' requests look absent.
pub fn load_visible(
    conn: &mut DbConnection,
    actor: &Actor,
    id: &str,
) -> Result<RequestRow, ApiError> {
    let row = requests::find(conn, id)?.ok_or_else(|| ApiError::not_found("request"))?;
    if !actor.can_view_request(&scope(&row)) {
        return Err(ApiError::not_found("request"));
    }
    Ok(row)
}

pub fn scope(row: &RequestRow) -> RequestScope {
    RequestScope {
        station_id: row.station_id.clone(),
        iccc_id: row.iccc_id.clone(),
        forwarded: row.forwarded_at.is_some(),
    }
}

/// Settings a transition needs.
#[derive(Debug, Clone, Copy)]
pub struct TransitionPolicy {
    pub lifecycle: LifecyclePolicy,
    pub deadlines: DeadlinePolicy,
    pub job_max_attempts: i32,
    /// Preservation may pull from a recorder that is briefly away, so it
    /// keeps trying for longer.
    pub pull_max_attempts: i32,
    pub release_holds_on_close: bool,
}

/// The changed request, and preserved files no hold keeps any more (for
/// the caller to delete once the transaction has committed).
pub struct Applied {
    pub row: RequestRow,
    pub unheld: Vec<String>,
}

/// Applies `action` to request `id` for `actor`, recording the history.
/// Submission queues the preservation of the covering footage; approval
/// queues one extraction job per item; closing releases holds.
pub fn apply(
    conn: &mut DbConnection,
    actor: &Actor,
    id: &str,
    action: Action,
    input: ActionInput,
    policy: TransitionPolicy,
) -> Result<Applied, ApiError> {
    let (deadlines, lifecycle) = (policy.deadlines, policy.lifecycle);
    let row = load_visible(conn, actor, id)?;
    if !actor.can_act_on_request(&scope(&row)) {
        return Err(ApiError::forbidden(format!(
            "a {} cannot act on this request",
            actor.role
        )));
    }
    if let Some(why) = duty_conflict(action, &actor.user_id, &row.filed_by) {
        return Err(ApiError::forbidden(why).with_code(code::SEPARATION_OF_DUTIES));
    }
    let from = row.status;
    let t = plan(from, action, actor.role, input, lifecycle).map_err(|e| match e {
        TransitionError::RoleNotAllowed { action, role } => {
            ApiError::forbidden(format!("a {role} cannot {}", action.as_str()))
        }
        TransitionError::InvalidFromState { action, from } => ApiError::conflict(
            code::INVALID_TRANSITION,
            format!("cannot {} a request that is {from}", action.as_str()),
        ),
        TransitionError::Input(v) => v.into(),
    })?;
    let now = time::now();
    let urgency = row.urgency;
    let change = StatusChange {
        status: t.to,
        reason_code: t.reason,
        version: row.version + 1,
        submitted_at: (action == Action::Submit).then_some(now),
        forwarded_at: (t.to == RequestStatus::Endorsed && row.forwarded_at.is_none())
            .then_some(now),
        deadline_at: match action {
            Action::Submit => Some(Some(time::to_db(
                deadlines.deadline(urgency, time::from_db(now)),
            ))),
            Action::Return => Some(None),
            _ => None,
        },
        closed_at: t.to.is_terminal().then_some(now),
        updated_at: now,
    };
    if requests::change_status(conn, id, row.version, &change)? != 1 {
        return Err(ApiError::conflict(
            code::CONCURRENT_UPDATE,
            "the request changed while you were acting on it; reload and retry",
        ));
    }
    crate::sla::stored::refresh(conn, id)?;
    crate::workflow::history::record(
        conn,
        &NewEvent {
            request_id: id.to_owned(),
            at: now,
            actor_id: Some(actor.user_id.clone()),
            from: actor.client_ip.clone(),
            action: action.as_str().to_owned(),
            from_status: Some(t.from),
            to_status: t.to,
            reason_code: change.reason_code,
            comment: t.comment,
        },
    )?;
    let queue = match action {
        Action::Submit => Some(jobs::KIND_PRESERVE),
        Action::Approve => Some(jobs::KIND_EXTRACT),
        _ => None,
    };
    if let Some(kind) = queue {
        let attempts = if kind == jobs::KIND_PRESERVE {
            policy.pull_max_attempts
        } else {
            policy.job_max_attempts
        };
        for item in requests::items(conn, id)? {
            jobs::enqueue(conn, kind, id, &item.id, attempts, now)?;
        }
    }
    let unheld = if t.to.is_terminal() && policy.release_holds_on_close {
        outcome::release(conn, id)?
    } else {
        Vec::new()
    };
    let row = requests::find(conn, id)?.ok_or_else(|| ApiError::not_found("request"))?;
    Ok(Applied { row, unheld })
}
