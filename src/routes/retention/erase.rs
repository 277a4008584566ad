use actix_web::{post, web, HttpResponse};
use serde::Deserialize;

use super::erasure::ErasureView;
use super::holds::{reason, require_admin};
use crate::auth::Authenticated;
use crate::domain::ValidationError;
use crate::error::ApiError;
use crate::retention::{erase_clip, Basis, Erasure};
use crate::routes::clips::get::load_accessible;
use crate::state::AppState;

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EraseBody {
    /// `erasure_request` (DPDP Act) or `court_order`; the retention job
    /// erases with `retention_expired`.
    pub basis: String,
    /// The request or order this erasure carries out: 3-500 characters.
    pub reason: String,
}

/// Erase a clip's bytes from the evidence store. The clip's record, its
/// signed manifest and its custody history remain, with a tombstone that
/// says who erased it, why and when. Refused while a legal hold is active
/// (409 `legal_hold`) or while the store still retains the object (409
/// `store_retention`).
#[utoipa::path(post, path = "/api/v1/clips/{id}/erase", tag = "retention", request_body = EraseBody, security(("bearer" = [])), responses(
    (status = 200, body = ErasureView), (status = 403, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody),
    (status = 409, body = crate::error::ErrorBody), (status = 410, body = crate::error::ErrorBody), (status = 422, body = crate::error::ErrorBody)))]
#[post("/clips/{id}/erase")]
pub async fn erase(
    state: web::Data<AppState>,
    who: Authenticated,
    id: web::Path<String>,
    body: web::Json<EraseBody>,
) -> Result<HttpResponse, ApiError> {
    let actor = who.0;
    let basis = match body.basis.as_str() {
        "erasure_request" => Basis::ErasureRequest,
        "court_order" => Basis::CourtOrder,
        _ => {
            return Err(ValidationError::new(
                "invalid_basis",
                "basis must be erasure_request or court_order",
            )
            .into())
        }
    };
    let reason = reason(&body.reason)?;
    let id = id.into_inner();
    let store = state.jobs.store.clone();
    let row = state
        .db
        .write(move |c| {
            let clip = load_accessible(c, &actor, &id)?;
            require_admin(&actor)?;
            erase_clip(
                c,
                store.as_ref(),
                &Erasure {
                    clip_id: clip.id,
                    by: Some(actor.user_id.clone()),
                    basis,
                    reason,
                    client_ip: actor.client_ip.clone(),
                },
            )
        })
        .await?;
    Ok(HttpResponse::Ok().json(ErasureView::from(row)))
}
