use actix_web::{post, web, HttpResponse};

use super::view::ShareView;
use crate::auth::Authenticated;
use crate::error::ApiError;
use crate::state::AppState;
use crate::workflow::sharing;

/// Revoke a share at once: later downloads answer 410 `share_revoked`.
#[utoipa::path(post, path = "/api/v1/shares/{id}/revoke", tag = "sharing", security(("bearer" = [])), responses(
    (status = 200, body = ShareView), (status = 403, body = crate::error::ErrorBody),
    (status = 404, body = crate::error::ErrorBody), (status = 409, body = crate::error::ErrorBody)))]
#[post("/shares/{id}/revoke")]
pub async fn revoke_share(
    state: web::Data<AppState>,
    who: Authenticated,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let actor = who.0;
    let id = id.into_inner();
    let row = state
        .db
        .write(move |c| sharing::revoke(c, &actor, &id))
        .await?;
    Ok(HttpResponse::Ok().json(ShareView::from(row)))
}
