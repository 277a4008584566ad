use actix_web::{get, web, HttpResponse};

use super::view::ClipView;
use crate::auth::Authenticated;
use crate::domain::authz::EvidenceAction;
use crate::error::ApiError;
use crate::state::AppState;
use crate::workflow::evidence;

/// A clip's metadata: hashes, windows, source segments, gaps.
#[utoipa::path(get, path = "/api/v1/clips/{id}", tag = "clips", security(("bearer" = [])), responses(
    (status = 200, body = ClipView), (status = 403, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody)))]
#[get("/clips/{id}")]
pub async fn get_clip(
    state: web::Data<AppState>,
    who: Authenticated,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let actor = who.0;
    let id = id.into_inner();
    let clip = state
        .db
        .read(move |c| evidence::load(c, &actor, &id, EvidenceAction::View))
        .await?;
    Ok(HttpResponse::Ok().json(ClipView::from(clip)))
}
