use actix_web::{get, web, HttpResponse};
use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;

use crate::auth::Authenticated;
use crate::error::ApiError;
use crate::state::AppState;
use crate::workflow::evidence;

/// The clip's signed manifest: exactly the bytes that were signed, with
/// the base64 Ed25519 signature and key id in headers. Viewing it is a
/// custody event.
#[utoipa::path(get, path = "/api/v1/clips/{id}/manifest", tag = "integrity", security(("bearer" = [])), responses(
    (status = 200, description = "manifest.json", content_type = "application/json"),
    (status = 404, body = crate::error::ErrorBody)))]
#[get("/clips/{id}/manifest")]
pub async fn clip_manifest(
    state: web::Data<AppState>,
    who: Authenticated,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let actor = who.0;
    let id = id.into_inner();
    let m = state
        .db
        .write(move |c| evidence::manifest(c, &actor, &id))
        .await?;
    Ok(HttpResponse::Ok()
        .content_type("application/json")
        .insert_header(("x-sakshya-signature", B64.encode(&m.signature)))
        .insert_header(("x-sakshya-key-id", m.key_id))
        .body(m.manifest))
}
