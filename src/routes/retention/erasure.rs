use actix_web::{get, web, HttpResponse};

use crate::auth::Authenticated;
use crate::error::ApiError;
use crate::state::AppState;
use crate::workflow::erasure;
pub use crate::workflow::retention_overview::ErasureView;

/// The clip's erasure tombstone; 404 while its bytes are still stored.
#[utoipa::path(get, path = "/api/v1/clips/{id}/erasure", tag = "retention", security(("bearer" = [])), responses(
    (status = 200, body = ErasureView), (status = 404, body = crate::error::ErrorBody)))]
#[get("/clips/{id}/erasure")]
pub async fn get_erasure(
    state: web::Data<AppState>,
    who: Authenticated,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let actor = who.0;
    let id = id.into_inner();
    let row = state
        .db
        .read(move |c| erasure::tombstone(c, &actor, &id))
        .await?;
    Ok(HttpResponse::Ok().json(row))
}
