use actix_web::{post, web, HttpResponse};

use super::view::RecorderView;
use crate::auth::Authenticated;
use crate::domain::ids::RecorderId;
use crate::error::ApiError;
use crate::state::AppState;

/// Check the recorder now: does it answer, does it accept the stored
/// account, what is it, and how far is its clock from the server's. The
/// answer is the recorder with the new check (a failed check is a 200
/// whose `reachability` and `last_error` say what is wrong).
#[utoipa::path(post, path = "/api/v1/recorders/{id}/check", tag = "recorders", security(("bearer" = [])), responses(
    (status = 200, body = RecorderView), (status = 403, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody)))]
#[post("/recorders/{id}/check")]
pub async fn check_recorder(
    state: web::Data<AppState>,
    who: Authenticated,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let actor = who.0;
    let id: RecorderId = id.into_inner().parse()?;
    state.services.recorder_searches.forget(id.as_str());
    let (row, ch) = crate::workflow::recorders::check(
        &state.db,
        &state.services.recorder_key,
        state.settings.recorder_timeout(),
        &actor,
        &id,
    )
    .await?;
    Ok(HttpResponse::Ok().json(RecorderView::new(row, ch)))
}
