use actix_web::{get, web, HttpResponse};

use super::view::ShareView;
use crate::auth::Authenticated;
use crate::db::shares;
use crate::error::ApiError;
use crate::routes::clips::get::load_accessible;
use crate::state::AppState;

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
        .read(move |c| {
            let clip = load_accessible(c, &actor, &id)?;
            Ok::<_, ApiError>(shares::for_clip(c, &clip.id)?)
        })
        .await?;
    Ok(HttpResponse::Ok().json(rows.into_iter().map(ShareView::from).collect::<Vec<_>>()))
}
