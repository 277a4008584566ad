use actix_web::{post, web, HttpResponse};
use serde::Deserialize;

use crate::auth::Authenticated;
use crate::error::ApiError;
use crate::state::AppState;
use crate::workflow::approvals::{self, ApprovalView, Effects};

#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DecisionBody {
    /// Why (optional when approving; shown in the history).
    pub note: Option<String>,
}

async fn decide(
    state: web::Data<AppState>,
    who: Authenticated,
    id: String,
    approving: bool,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    let body: DecisionBody = crate::routes::extract_errors::optional_json(&body)?;
    let note = crate::domain::text::optional("note", body.note.as_deref(), 500)?;
    let actor = who.0;
    let store = state.services.store.clone();
    let view = state
        .db
        .write(move |c| {
            let fx = Effects {
                store: store.as_ref(),
            };
            let row = approvals::decide(c, &actor, &fx, &id, approving, note)?;
            approvals::view(c, &actor, row)
        })
        .await?;
    Ok(HttpResponse::Ok().json(view))
}

/// Approve: the action is carried out now, in the same transaction (for
/// an erasure, the bytes are erased). Never by the person who asked, nor
/// by the account's own holder. 409 `approval_decided` if someone decided
/// first; 409 `approval_expired` if it expired.
#[utoipa::path(post, path = "/api/v1/approvals/{id}/approve", tag = "approvals", request_body(content = DecisionBody, description = "optional"), security(("bearer" = [])), responses(
    (status = 200, body = ApprovalView), (status = 403, body = crate::error::ErrorBody),
    (status = 404, body = crate::error::ErrorBody), (status = 409, body = crate::error::ErrorBody)))]
#[post("/approvals/{id}/approve")]
pub async fn approve(
    state: web::Data<AppState>,
    who: Authenticated,
    id: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    decide(state, who, id.into_inner(), true, body).await
}

/// Refuse (or, for the person who asked, withdraw): nothing is done.
#[utoipa::path(post, path = "/api/v1/approvals/{id}/refuse", tag = "approvals", request_body(content = DecisionBody, description = "optional"), security(("bearer" = [])), responses(
    (status = 200, body = ApprovalView), (status = 403, body = crate::error::ErrorBody),
    (status = 404, body = crate::error::ErrorBody), (status = 409, body = crate::error::ErrorBody)))]
#[post("/approvals/{id}/refuse")]
pub async fn refuse(
    state: web::Data<AppState>,
    who: Authenticated,
    id: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    decide(state, who, id.into_inner(), false, body).await
}
