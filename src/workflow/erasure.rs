//! Erasing a clip by hand: an ICCC administrator asks, with a basis and
//! (while the case is open) a court order's reference; a second ICCC
//! administrator approves, and only then are the bytes erased
//! (`retention::erase_clip`). The rules are `domain::erasure::check`,
//! applied when asked and again when approved.

use serde::{Deserialize, Serialize};

use super::approvals::{self, Ask};
use super::evidence;
use crate::custody::{record, NewCustody};
use crate::db::approvals::ApprovalRow;
use crate::db::clips::ClipRow;
use crate::db::{retention, shares, time, DbConnection};
use crate::domain::approval::ApprovalKind;
use crate::domain::authz::{Actor, EvidenceAction};
use crate::domain::erasure::{check, Basis, ErasureFacts, Refusal};
use crate::domain::ValidationError;
use crate::error::{code, ApiError};
use crate::retention::{erase_clip, Approved, Erasure};
use crate::storage::EvidenceStore;

/// What the asking administrator gives.
#[derive(Debug, Clone)]
pub struct EraseRequest {
    pub basis: Basis,
    pub reason: String,
    pub court_order_reference: Option<String>,
}

#[derive(Serialize, Deserialize)]
struct Params {
    basis: String,
    reason: String,
    court_order_reference: Option<String>,
}

fn facts(
    conn: &mut DbConnection,
    clip: &ClipRow,
    court_order_reference: Option<&str>,
) -> Result<ErasureFacts, ApiError> {
    let now = time::now();
    let case_disposed =
        retention::disposal(conn, &clip.request_id)?.is_some_and(|d| d.is_confirmed());
    let court_share_active = shares::for_clip(conn, &clip.id)?.iter().any(|s| {
        s.kind == crate::domain::kinds::ShareKind::Organisation
            && s.revoked_at.is_none()
            && s.expires_at > now
    });
    Ok(ErasureFacts {
        case_disposed,
        court_share_active,
        has_court_order_reference: court_order_reference.is_some(),
    })
}

fn refuse(r: Refusal) -> ApiError {
    match r {
        Refusal::CourtOrderRequired => ValidationError::new(
            code::COURT_ORDER_REQUIRED,
            "the case is not disposed of: its evidence is erased only on a court's order; give basis court_order and the order's reference",
        )
        .into(),
        Refusal::CourtShareActive => ApiError::conflict(
            code::COURT_SHARE_ACTIVE,
            "a court holds a live share of this clip; only that court's order can erase it (basis court_order), or revoke the share first",
        ),
    }
}

/// Asks for the erasure; a second ICCC administrator approves it.
pub fn request(
    conn: &mut DbConnection,
    actor: &Actor,
    clip_id: &str,
    r: EraseRequest,
    ttl_hours: u32,
) -> Result<ApprovalRow, ApiError> {
    let (clip, req) = evidence::clip_for(conn, actor, clip_id, EvidenceAction::Erase)?;
    retention::lock_clip(conn, &clip.id)?;
    crate::retention::erase::ensure_erasable(conn, &clip.id)?;
    check(
        r.basis,
        facts(conn, &clip, r.court_order_reference.as_deref())?,
    )
    .map_err(refuse)?;
    let params = Params {
        basis: r.basis.as_str().to_owned(),
        reason: r.reason.clone(),
        court_order_reference: r.court_order_reference.clone(),
    };
    let row = approvals::ask(
        conn,
        actor,
        Ask {
            kind: ApprovalKind::EraseClip,
            organisation_id: &req.iccc_id,
            subject_id: &clip.id,
            request_id: Some(&req.id),
            params: serde_json::to_value(&params).map_err(ApiError::internal)?,
            reason: r.reason,
            ttl_hours,
        },
    )?;
    record(
        conn,
        NewCustody::new("erasure_requested")
            .request(&clip.request_id)
            .clip(&clip.id)
            .actor(Some(&actor.user_id))
            .sha256(&clip.sha256)
            .from_addr(actor.client_ip.clone())
            .details(serde_json::json!({
                "approval_id": row.id,
                "basis": params.basis,
                "reason": params.reason,
                "court_order_reference": params.court_order_reference,
            })),
    )?;
    Ok(row)
}

/// Carries out an approved erasure, checking the rules again (a court may
/// have been given the clip, or a hold placed, since it was asked).
pub fn carry_out(
    conn: &mut DbConnection,
    actor: &Actor,
    store: &dyn EvidenceStore,
    approval: &ApprovalRow,
) -> Result<(), ApiError> {
    let p: Params = serde_json::from_str(&approval.params).map_err(ApiError::internal)?;
    let basis: Basis = p.basis.parse().map_err(ApiError::internal)?;
    let (clip, _) = evidence::clip_for(conn, actor, &approval.subject_id, EvidenceAction::Erase)?;
    retention::lock_clip(conn, &clip.id)?;
    crate::retention::erase::ensure_erasable(conn, &clip.id)?;
    check(
        basis,
        facts(conn, &clip, p.court_order_reference.as_deref())?,
    )
    .map_err(refuse)?;
    erase_clip(
        conn,
        store,
        &Erasure {
            clip_id: clip.id.to_string(),
            by: Some(actor.user_id.clone()),
            basis,
            reason: p.reason,
            client_ip: actor.client_ip.clone(),
            approval: Some(Approved {
                approval_id: approval.id.clone(),
                requested_by: approval.requested_by.clone(),
                court_order_reference: p.court_order_reference,
            }),
        },
    )?;
    Ok(())
}

/// The tombstone of an erased clip `actor` may see; 404 while its bytes
/// are still stored.
pub fn tombstone(
    conn: &mut DbConnection,
    actor: &Actor,
    clip_id: &str,
) -> Result<crate::workflow::retention_overview::ErasureView, ApiError> {
    let clip = evidence::load(conn, actor, clip_id, EvidenceAction::View)?;
    retention::erasure(conn, &clip.id)?
        .map(Into::into)
        .ok_or_else(|| ApiError::not_found("erasure"))
}
