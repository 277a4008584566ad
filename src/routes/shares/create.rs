use actix_web::{post, web, HttpResponse};

use super::view::{CreatedShare, ShareView};
use crate::auth::Authenticated;
use crate::error::ApiError;
use crate::state::AppState;
use crate::workflow::sharing::{self, NewShare};

/// Share a clip's evidence package with a court organisation, or create a
/// secret link (returned once) with an expiry and a download limit.
/// Investigators and operators who can access the clip.
#[utoipa::path(post, path = "/api/v1/clips/{id}/shares", tag = "sharing", security(("bearer" = [])), request_body = NewShare, responses(
    (status = 201, body = CreatedShare), (status = 403, body = crate::error::ErrorBody),
    (status = 404, body = crate::error::ErrorBody), (status = 422, body = crate::error::ErrorBody)))]
#[post("/clips/{id}/shares")]
pub async fn create_share(
    state: web::Data<AppState>,
    who: Authenticated,
    id: web::Path<String>,
    body: web::Json<NewShare>,
) -> Result<HttpResponse, ApiError> {
    let actor = who.0;
    let id = id.into_inner();
    let input = body.into_inner();
    let (row, secret) = state
        .db
        .write(move |c| sharing::create(c, &actor, &id, input))
        .await?;
    // Built from the configured address, never from the request's Host
    // or X-Forwarded-* headers, which the client controls.
    let base = state.settings.public_base();
    let link = secret.map(|s| format!("{base}/api/v1/share-links/{s}/package"));
    Ok(HttpResponse::Created().json(CreatedShare {
        share: ShareView::from(row),
        link,
    }))
}
