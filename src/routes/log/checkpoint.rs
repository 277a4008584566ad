use actix_web::{get, web, HttpResponse};

use crate::error::ApiError;
use crate::state::AppState;

/// The latest signed checkpoint: a C2SP tlog-checkpoint in a signed note
/// (origin, tree size, base64 root hash, Ed25519 signature line).
#[utoipa::path(get, path = "/api/v1/log/checkpoint", tag = "integrity", responses(
    (status = 200, description = "the signed note", content_type = "text/plain"),
    (status = 404, body = crate::error::ErrorBody)))]
#[get("/log/checkpoint")]
pub async fn checkpoint(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let cp = state
        .db
        .read(crate::workflow::integrity::latest_checkpoint)
        .await?
        .ok_or_else(|| ApiError::not_found("checkpoint"))?;
    Ok(HttpResponse::Ok()
        .content_type("text/plain; charset=utf-8")
        .body(cp))
}
