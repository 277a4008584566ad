use actix_web::{get, web, HttpResponse};

use crate::auth::Authenticated;
use crate::error::ApiError;
use crate::state::AppState;
use crate::workflow::share_receipt as receipts;

/// A printable receipt (PDF) of a share: who received what, the hashes,
/// when, and every download or refusal so far.
#[utoipa::path(get, path = "/api/v1/shares/{id}/receipt", tag = "sharing", security(("bearer" = [])), responses(
    (status = 200, description = "the receipt", content_type = "application/pdf"),
    (status = 404, body = crate::error::ErrorBody)))]
#[get("/shares/{id}/receipt")]
pub async fn share_receipt(
    state: web::Data<AppState>,
    who: Authenticated,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let actor = who.0;
    let id = id.into_inner();
    let pdf = state
        .db
        .read(move |c| receipts::render(c, &actor, &id))
        .await?;
    Ok(HttpResponse::Ok().content_type("application/pdf").body(pdf))
}
