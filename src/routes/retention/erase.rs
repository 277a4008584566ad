use actix_web::{post, web, HttpResponse};
use serde::Deserialize;

use super::holds::reason;
use crate::auth::Authenticated;
use crate::domain::erasure::Basis;
use crate::error::ApiError;
use crate::routes::admin::users::PendingChange;
use crate::state::AppState;
use crate::workflow::approvals;
use crate::workflow::erasure::{self, EraseRequest};

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EraseBody {
    /// `erasure_request` (DPDP Act) or `court_order`; the retention job
    /// erases with `retention_expired`.
    pub basis: String,
    /// The request or order this erasure carries out: 3-500 characters.
    pub reason: String,
    /// The court order's number (`court_order`, and always while the case
    /// is open).
    pub court_order_reference: Option<String>,
}

/// Ask for a clip's bytes to be erased from the evidence store (an ICCC
/// administrator of the clip's ICCC). It waits (202) for a second ICCC
/// administrator's approval (`POST /api/v1/approvals/{id}/approve`), and
/// only then are the bytes erased; the clip's record, signed manifest and
/// custody history remain, with a tombstone. While the case is not
/// disposed of, only a court order erases (422 `court_order_required`);
/// while a court holds a live share, only a court order (409
/// `court_share_active`). Refused under a legal hold (409 `legal_hold`).
#[utoipa::path(post, path = "/api/v1/clips/{id}/erase", tag = "retention", request_body = EraseBody, security(("bearer" = [])), responses(
    (status = 202, body = PendingChange), (status = 403, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody),
    (status = 409, description = "legal_hold, court_share_active, approval_pending", body = crate::error::ErrorBody),
    (status = 410, body = crate::error::ErrorBody),
    (status = 422, description = "invalid_basis, invalid_reason, court_order_required", body = crate::error::ErrorBody)))]
#[post("/clips/{id}/erase")]
pub async fn erase(
    state: web::Data<AppState>,
    who: Authenticated,
    id: web::Path<String>,
    body: web::Json<EraseBody>,
) -> Result<HttpResponse, ApiError> {
    let actor = who.0;
    let basis = Basis::by_hand(&body.basis)?;
    let reason = reason(&body.reason)?;
    let court_order_reference = crate::domain::text::optional(
        "court_order_reference",
        body.court_order_reference.as_deref(),
        200,
    )?;
    let id = id.into_inner();
    let ttl = state.settings.approval_ttl_hours;
    let view = state
        .db
        .write(move |c| {
            let row = erasure::request(
                c,
                &actor,
                &id,
                EraseRequest {
                    basis,
                    reason,
                    court_order_reference,
                },
                ttl,
            )?;
            approvals::view(c, &actor, row)
        })
        .await?;
    Ok(HttpResponse::Accepted().json(PendingChange { approval: view }))
}
