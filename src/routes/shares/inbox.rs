use actix_web::{get, web, HttpResponse};

use super::view::ShareView;
use crate::auth::Authenticated;
use crate::error::ApiError;
use crate::state::AppState;
use crate::workflow::sharing;

/// What has been shared with the caller's court.
#[utoipa::path(get, path = "/api/v1/shared", tag = "sharing", security(("bearer" = [])), responses(
    (status = 200, body = [ShareView]), (status = 403, body = crate::error::ErrorBody)))]
#[get("/shared")]
pub async fn inbox(
    state: web::Data<AppState>,
    who: Authenticated,
) -> Result<HttpResponse, ApiError> {
    let actor = who.0;
    let rows = state.db.read(move |c| sharing::inbox(c, &actor)).await?;
    Ok(HttpResponse::Ok().json(rows.into_iter().map(ShareView::from).collect::<Vec<_>>()))
}
