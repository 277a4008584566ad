//! The two-person rule (`domain::approval`): ask, decide, list, expire.
//! Approving carries the action out in the same transaction, so an
//! approval is recorded exactly when its action took effect; a failed
//! action leaves the approval pending. Every step is a security event,
//! and the people who can decide are notified.

use chrono::{DateTime, Duration, Utc};
use serde::Serialize;

use crate::alerts::notify::{self, Notice};
use crate::db::approvals::{self, ApprovalRow};
use crate::db::{time, users, DbConnection};
use crate::domain::approval::{ApprovalKind, ApprovalState};
use crate::domain::authz::{Actor, Decision};
use crate::error::{code, ApiError};
use crate::security::{self, Kind, SecurityEvent};
use crate::storage::EvidenceStore;

/// What an approval will do, asked for by the acting user.
pub struct Ask<'a> {
    pub kind: ApprovalKind,
    /// The organisation whose people decide.
    pub organisation_id: &'a str,
    /// The request, clip or user it acts on.
    pub subject_id: &'a str,
    pub request_id: Option<&'a str>,
    pub params: serde_json::Value,
    pub reason: String,
    /// Hours before it expires undecided.
    pub ttl_hours: u32,
}

/// What carrying an approved action out may need.
pub struct Effects<'a> {
    pub store: &'a dyn EvidenceStore,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ApprovalView {
    pub id: String,
    pub kind: ApprovalKind,
    pub state: ApprovalState,
    /// The request, clip or user account it acts on.
    pub subject_id: String,
    pub request_id: Option<String>,
    /// What it will do once approved.
    #[schema(value_type = Object)]
    pub params: serde_json::Value,
    pub reason: String,
    pub requested_by: String,
    pub requested_by_name: Option<String>,
    pub requested_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub decided_by: Option<String>,
    pub decided_by_name: Option<String>,
    pub decided_at: Option<DateTime<Utc>>,
    pub decision_note: Option<String>,
    /// Whether the caller may approve or refuse it now.
    pub can_decide: bool,
    /// Whether the caller asked for it (and may withdraw it).
    pub asked_by_you: bool,
}

fn state_of(row: &ApprovalRow) -> Result<ApprovalState, ApiError> {
    let s: ApprovalState = row.state;
    Ok(
        if s == ApprovalState::Pending && row.expires_at <= time::now() {
            ApprovalState::Expired
        } else {
            s
        },
    )
}

fn kind_of(row: &ApprovalRow) -> Result<ApprovalKind, ApiError> {
    Ok(row.kind)
}

fn target_user(kind: ApprovalKind, row: &ApprovalRow) -> Option<&str> {
    kind.is_about_an_account()
        .then_some(row.subject_id.as_str())
}

/// The approval as `actor` sees it.
pub fn view(
    conn: &mut DbConnection,
    actor: &Actor,
    row: ApprovalRow,
) -> Result<ApprovalView, ApiError> {
    let kind = kind_of(&row)?;
    let state = state_of(&row)?;
    let name = |c: &mut DbConnection, id: &Option<String>| -> Result<Option<String>, ApiError> {
        Ok(match id {
            Some(id) => users::find(c, id)?.map(|u| u.display_name),
            None => None,
        })
    };
    let requested_by_name = name(conn, &Some(row.requested_by.clone()))?;
    let decided_by_name = name(conn, &row.decided_by)?;
    let can_decide = state == ApprovalState::Pending
        && actor
            .may_decide(
                kind,
                &row.organisation_id,
                &row.requested_by,
                target_user(kind, &row),
            )
            .allowed();
    Ok(ApprovalView {
        asked_by_you: row.requested_by == actor.user_id,
        id: row.id,
        kind,
        state,
        subject_id: row.subject_id,
        request_id: row.request_id,
        params: serde_json::from_str(&row.params).unwrap_or(serde_json::Value::Null),
        reason: row.reason,
        requested_by: row.requested_by,
        requested_by_name,
        requested_at: time::from_db(row.requested_at),
        expires_at: time::from_db(row.expires_at),
        decided_by: row.decided_by,
        decided_by_name,
        decided_at: row.decided_at.map(time::from_db),
        decision_note: row.decision_note,
        can_decide,
    })
}

/// Records a pending approval, refusing a second one for the same action
/// (409 `approval_pending`), and notifies those who can decide it.
pub fn ask(conn: &mut DbConnection, actor: &Actor, a: Ask<'_>) -> Result<ApprovalRow, ApiError> {
    let now = time::now();
    if let Some(p) = approvals::pending_for(conn, a.kind.as_str(), a.subject_id)? {
        if p.expires_at > now {
            return Err(ApiError::conflict(
                code::APPROVAL_PENDING,
                format!(
                    "this is already waiting for a second person's approval (asked on {})",
                    crate::evidence::manifest::ist(time::from_db(p.requested_at))
                ),
            ));
        }
        expire(conn, &p)?;
    }
    let row = ApprovalRow {
        id: uuid::Uuid::now_v7().to_string(),
        kind: a.kind,
        organisation_id: a.organisation_id.to_owned(),
        subject_id: a.subject_id.to_owned(),
        request_id: a.request_id.map(str::to_owned),
        params: a.params.to_string(),
        reason: a.reason,
        requested_by: actor.user_id.clone(),
        requested_from: actor.client_ip.clone(),
        requested_at: now,
        expires_at: now + Duration::hours(i64::from(a.ttl_hours.max(1))),
        state: ApprovalState::Pending,
        decided_by: None,
        decided_from: None,
        decided_at: None,
        decision_note: None,
    };
    approvals::insert(conn, &row)?;
    security::record(
        conn,
        SecurityEvent::new(Kind::ApprovalRequested)
            .actor(Some(&actor.user_id))
            .from_addr(actor.client_ip.clone())
            .subject(&row.subject_id)
            .detail(serde_json::json!({
                "approval_id": row.id,
                "kind": row.kind,
                "reason": row.reason,
            })),
    )?;
    let role = crate::domain::authz::decider_role(a.kind, actor.org_kind);
    let deciders: Vec<String> = users::with_role_in(conn, &row.organisation_id, role.as_str())?
        .into_iter()
        .filter(|u| *u != actor.user_id && Some(u.as_str()) != target_user(a.kind, &row))
        .collect();
    notify::tell(
        conn,
        &deciders,
        &Notice {
            kind: "approval_requested",
            request_id: row.request_id.as_deref(),
            due_at: row.expires_at,
            message: format!(
                "{} asks for a second person's approval: {} ({}). Open Approvals to approve or refuse it before {}.",
                actor.username,
                describe(a.kind),
                row.reason,
                crate::evidence::manifest::ist(time::from_db(row.expires_at))
            ),
        },
    )?;
    Ok(row)
}

/// Plain words for what an approval does.
pub fn describe(kind: ApprovalKind) -> &'static str {
    match kind {
        ApprovalKind::ConfirmDisposal => {
            "confirm that the case was disposed of, which starts the retention clock of its evidence"
        }
        ApprovalKind::EraseClip => "erase a clip's bytes from the evidence store",
        ApprovalKind::ChangeAdminRole => "change an administrator's role",
        ApprovalKind::ResetAdminMfa => "reset an administrator's two-step login",
    }
}

fn expire(conn: &mut DbConnection, row: &ApprovalRow) -> Result<(), ApiError> {
    approvals::decide(
        conn,
        &row.id,
        ApprovalState::Expired,
        None,
        None,
        Some("nobody decided before it expired"),
        time::now(),
    )?;
    Ok(())
}

/// Marks every pending approval past its expiry as expired; returns how
/// many.
pub fn expire_due(conn: &mut DbConnection) -> Result<usize, ApiError> {
    let due = approvals::expired(conn, time::now())?;
    for row in &due {
        expire(conn, row)?;
    }
    Ok(due.len())
}

/// Approves (carrying the action out) or refuses a pending approval. The
/// person who asked may withdraw (refuse) their own, never approve it.
pub fn decide(
    conn: &mut DbConnection,
    actor: &Actor,
    fx: &Effects<'_>,
    id: &str,
    approve: bool,
    note: Option<String>,
) -> Result<ApprovalRow, ApiError> {
    let row =
        approvals::find_for_update(conn, id)?.ok_or_else(|| ApiError::not_found("approval"))?;
    let kind = kind_of(&row)?;
    let withdrawing = !approve && row.requested_by == actor.user_id;
    if !withdrawing {
        match actor.may_decide(
            kind,
            &row.organisation_id,
            &row.requested_by,
            target_user(kind, &row),
        ) {
            Decision::Allow => {}
            Decision::Hidden => return Err(ApiError::not_found("approval")),
            Decision::Forbidden(why) => {
                return Err(ApiError::forbidden(why).with_code(code::SEPARATION_OF_DUTIES))
            }
        }
    }
    match state_of(&row)? {
        ApprovalState::Pending => {}
        ApprovalState::Expired => {
            return Err(ApiError::conflict(
                code::APPROVAL_EXPIRED,
                "this approval expired before anyone decided it; ask again",
            ))
        }
        s => {
            return Err(ApiError::conflict(
                code::APPROVAL_DECIDED,
                format!("this was already decided ({s})"),
            ))
        }
    }
    if approve {
        carry_out(conn, actor, fx, kind, &row)?;
    }
    let state = if approve {
        ApprovalState::Approved
    } else {
        ApprovalState::Refused
    };
    let note = note.or_else(|| withdrawing.then(|| "withdrawn by the person who asked".into()));
    if !approvals::decide(
        conn,
        &row.id,
        state,
        Some(&actor.user_id),
        actor.client_ip.as_deref(),
        note.as_deref(),
        time::now(),
    )? {
        return Err(ApiError::conflict(
            code::APPROVAL_DECIDED,
            "someone decided this at the same moment",
        ));
    }
    security::record(
        conn,
        SecurityEvent::new(Kind::ApprovalDecided)
            .actor(Some(&actor.user_id))
            .from_addr(actor.client_ip.clone())
            .subject(&row.subject_id)
            .detail(serde_json::json!({
                "approval_id": row.id,
                "kind": row.kind,
                "decision": state.as_str(),
                "requested_by": row.requested_by,
                "note": note,
            })),
    )?;
    approvals::find(conn, &row.id)?.ok_or_else(|| ApiError::not_found("approval"))
}

fn carry_out(
    conn: &mut DbConnection,
    actor: &Actor,
    fx: &Effects<'_>,
    kind: ApprovalKind,
    row: &ApprovalRow,
) -> Result<(), ApiError> {
    match kind {
        ApprovalKind::ConfirmDisposal => super::disposal::confirm(conn, actor, row),
        ApprovalKind::EraseClip => super::erasure::carry_out(conn, actor, fx.store, row),
        ApprovalKind::ChangeAdminRole => super::user_admin::carry_out_role_change(conn, actor, row),
        ApprovalKind::ResetAdminMfa => super::user_admin::carry_out_mfa_reset(conn, actor, row),
    }
}

/// The approvals `actor` may see: those decided in their organisation, of
/// the kinds their role takes part in, newest first.
pub fn list(
    conn: &mut DbConnection,
    actor: &Actor,
    pending_only: bool,
) -> Result<Vec<ApprovalView>, ApiError> {
    let rows = approvals::for_organisation(conn, &actor.org_id, pending_only, 200)?;
    let mut out = Vec::new();
    for row in rows {
        let kind = kind_of(&row)?;
        if !actor.may_see_approvals_of(kind) {
            continue;
        }
        let v = view(conn, actor, row)?;
        if pending_only && v.state != ApprovalState::Pending {
            continue;
        }
        out.push(v);
    }
    Ok(out)
}

/// One approval, if `actor` may see it.
pub fn get(conn: &mut DbConnection, actor: &Actor, id: &str) -> Result<ApprovalView, ApiError> {
    let row = approvals::find(conn, id)?.ok_or_else(|| ApiError::not_found("approval"))?;
    let kind = kind_of(&row)?;
    if row.organisation_id != actor.org_id
        || !(actor.may_see_approvals_of(kind) || row.requested_by == actor.user_id)
    {
        return Err(ApiError::not_found("approval"));
    }
    view(conn, actor, row)
}
