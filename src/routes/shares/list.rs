use actix_web::{get, web, HttpResponse};

use super::view::ShareView;
use crate::auth::Authenticated;
use crate::error::ApiError;
use crate::state::AppState;
use crate::workflow::sharing;

/// The shares of a clip, newest first (never the link secrets).
#[utoipa::path(get, path = "/api/v1/clips/{id}/shares", tag = "sharing", security(("bearer" = [])), responses(
    (status = 200, body = [ShareView]), (status = 404, body = crate::error::ErrorBody)))]
#[get("/clips/{id}/shares")]
pub async fn list_shares(
    state: web::Data<AppState>,
    who: Authenticated,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let actor = who.0;
    let id = id.into_inner();
    let rows = state
        .db
        .read(move |c| sharing::for_clip(c, &actor, &id))
        .await?;
    Ok(HttpResponse::Ok().json(rows.into_iter().map(ShareView::from).collect::<Vec<_>>()))
}
