use actix_web::{post, web, HttpResponse};
use serde::Deserialize;

use crate::auth::Authenticated;
use crate::domain::reason::ReasonCode;
use crate::domain::{text, ValidationError};
use crate::error::ApiError;
use crate::routes::requests::view::RequestDetail;
use crate::state::AppState;
use crate::workflow::items;

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UnavailableBody {
    /// `footage_overwritten`, `camera_offline`, `outside_coverage`,
    /// `no_recording_in_window` or `technical_failure`.
    pub reason_code: String,
    pub comment: Option<String>,
}

/// Mark an item unavailable with a reason (operators of the ICCC).
#[utoipa::path(post, path = "/api/v1/requests/{id}/items/{item_id}/unavailable", tag = "requests", request_body = UnavailableBody,
    security(("bearer" = [])), responses(
    (status = 200, body = crate::routes::requests::view::RequestDetail),
    (status = 403, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody),
    (status = 409, description = "item_settled, invalid_transition", body = crate::error::ErrorBody),
    (status = 422, description = "invalid_reason_code", body = crate::error::ErrorBody)))]
#[post("/requests/{id}/items/{item_id}/unavailable")]
pub async fn mark_unavailable(
    state: web::Data<AppState>,
    who: Authenticated,
    path: web::Path<(String, String)>,
    body: web::Json<UnavailableBody>,
) -> Result<HttpResponse, ApiError> {
    let actor = who.0;
    let (id, item_id) = path.into_inner();
    let b = body.into_inner();
    let reason: ReasonCode = b.reason_code.parse()?;
    if reason.is_rejection() {
        return Err(ValidationError::new(
            crate::domain::error_code::ErrorCode::InvalidReasonCode,
            "rejection codes apply to whole requests; use reject",
        )
        .into());
    }
    let comment = text::optional("comment", b.comment.as_deref(), 2000)?;
    let release = state.settings.release_holds_on_close;
    let (out, unheld) = state
        .db
        .write(move |c| {
            let settled =
                items::mark_unavailable(c, &actor, &id, &item_id, reason, comment, release)?;
            let facts = crate::workflow::requests::reload(c, &settled.request_id)?;
            Ok::<_, ApiError>((facts, settled.unheld))
        })
        .await?;
    crate::jobs::extract::delete_unheld(&state.services, &unheld);
    Ok(HttpResponse::Ok().json(RequestDetail::from(out)))
}
