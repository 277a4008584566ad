use actix_web::{get, web, HttpResponse};
use serde::Deserialize;

use crate::auth::Authenticated;
use crate::error::ApiError;
use crate::state::AppState;
use crate::workflow::approvals::{self, ApprovalView};

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct ApprovalQuery {
    /// `pending` (the default) or `all`.
    pub state: Option<String>,
}

/// The approvals of the caller's organisation that their role takes part
/// in: disposal confirmations (station), erasures (ICCC administrators),
/// administrator account changes (administrators), newest first.
#[utoipa::path(get, path = "/api/v1/approvals", tag = "approvals", params(ApprovalQuery), security(("bearer" = [])), responses(
    (status = 200, body = [ApprovalView]), (status = 422, body = crate::error::ErrorBody)))]
#[get("/approvals")]
pub async fn list_approvals(
    state: web::Data<AppState>,
    who: Authenticated,
    q: web::Query<ApprovalQuery>,
) -> Result<HttpResponse, ApiError> {
    let pending_only = match q.state.as_deref() {
        None | Some("pending") => true,
        Some("all") => false,
        Some(_) => {
            return Err(crate::domain::ValidationError::new(
                crate::domain::error_code::ErrorCode::InvalidState,
                "state must be pending or all",
            )
            .into())
        }
    };
    let actor = who.0;
    let rows = state
        .db
        .read(move |c| approvals::list(c, &actor, pending_only))
        .await?;
    Ok(HttpResponse::Ok().json(rows))
}

/// One approval.
#[utoipa::path(get, path = "/api/v1/approvals/{id}", tag = "approvals", security(("bearer" = [])), responses(
    (status = 200, body = ApprovalView), (status = 404, body = crate::error::ErrorBody)))]
#[get("/approvals/{id}")]
pub async fn get_approval(
    state: web::Data<AppState>,
    who: Authenticated,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let actor = who.0;
    let id = id.into_inner();
    let row = state
        .db
        .read(move |c| approvals::get(c, &actor, &id))
        .await?;
    Ok(HttpResponse::Ok().json(row))
}
