use actix_web::{get, web, HttpResponse};

use crate::auth::Authenticated;
use crate::custody::proofs;
use crate::error::ApiError;
use crate::state::AppState;

/// A C2SP tlog-proof (`c2sp.org/tlog-proof@v1`) that the custody event is
/// in the log, against the latest checkpoint. 404 `log_entry_pending`
/// until the event is sequenced and checkpointed (within seconds).
#[utoipa::path(get, path = "/api/v1/log/events/{id}/proof", tag = "integrity", security(("bearer" = [])), responses(
    (status = 200, description = "the .tlog-proof file", content_type = "text/plain"),
    (status = 404, body = crate::error::ErrorBody)))]
#[get("/log/events/{id}/proof")]
pub async fn event_proof(
    state: web::Data<AppState>,
    _who: Authenticated,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let (proof, _) = state
        .db
        .read(move |c| Ok::<_, ApiError>(proofs::event_proof(c, &id)?))
        .await?;
    Ok(HttpResponse::Ok()
        .content_type("text/plain; charset=utf-8")
        .body(proof.to_text()))
}
