use actix_web::{post, web, HttpResponse};
use serde::Deserialize;

use crate::auth::Authenticated;
use crate::error::ApiError;
use crate::state::AppState;
use crate::workflow::disposal::{self, DisposalView};

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DisposalBody {
    /// The date the case was disposed of (YYYY-MM-DD): not before the
    /// request was closed, not in the future.
    pub disposed_on: String,
    /// The judgment, order or closure report that disposed of it.
    pub reference: String,
}

/// Record that the case a closed request served was disposed of. It waits
/// (202) for a station supervisor other than the one recording it to
/// confirm it (`POST /api/v1/approvals/{approval_id}/approve`); only then
/// does the retention clock of its clips and preservation copies start.
/// The filing station's investigators and supervisors.
#[utoipa::path(post, path = "/api/v1/requests/{id}/case-disposal", tag = "retention", request_body = DisposalBody, security(("bearer" = [])), responses(
    (status = 202, body = DisposalView), (status = 403, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody),
    (status = 409, description = "invalid_transition, case_already_disposed, approval_pending", body = crate::error::ErrorBody),
    (status = 422, description = "invalid_disposed_on, missing_field, field_too_long, invalid_characters", body = crate::error::ErrorBody)))]
#[post("/requests/{id}/case-disposal")]
pub async fn record_disposal(
    state: web::Data<AppState>,
    who: Authenticated,
    id: web::Path<String>,
    body: web::Json<DisposalBody>,
) -> Result<HttpResponse, ApiError> {
    let actor = who.0;
    let id = id.into_inner();
    let b = body.into_inner();
    let ttl = state.settings.approval_ttl_hours;
    let view = state
        .db
        .write(move |c| {
            disposal::record_disposal(c, &actor, &id, &b.disposed_on, &b.reference, ttl)
        })
        .await?;
    Ok(HttpResponse::Accepted().json(view))
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CorrectionBody {
    /// The corrected date (YYYY-MM-DD); `null` withdraws the disposal (the
    /// case was reopened, or it was recorded on the wrong request).
    pub disposed_on: Option<String>,
    /// The corrected reference (the recorded one is kept when absent).
    pub reference: Option<String>,
    /// Why it is corrected: 3-500 characters, in the custody record.
    pub reason: String,
}

/// Correct a confirmed disposal (ICCC administrators of the request's
/// ICCC), while no clip of the request has been erased (409
/// `erasure_done` after). A custody and a security event.
#[utoipa::path(post, path = "/api/v1/requests/{id}/case-disposal/correction", tag = "retention", request_body = CorrectionBody, security(("bearer" = [])), responses(
    (status = 200, body = Option<DisposalView>), (status = 403, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody),
    (status = 409, description = "no_disposal, erasure_done", body = crate::error::ErrorBody),
    (status = 422, body = crate::error::ErrorBody)))]
#[post("/requests/{id}/case-disposal/correction")]
pub async fn correct_disposal(
    state: web::Data<AppState>,
    who: Authenticated,
    id: web::Path<String>,
    body: web::Json<CorrectionBody>,
) -> Result<HttpResponse, ApiError> {
    let actor = who.0;
    let id = id.into_inner();
    let b = body.into_inner();
    let view = state
        .db
        .write(move |c| {
            disposal::correct(
                c,
                &actor,
                &id,
                b.disposed_on.as_deref(),
                b.reference.as_deref(),
                &b.reason,
            )
        })
        .await?;
    Ok(HttpResponse::Ok().json(view))
}
