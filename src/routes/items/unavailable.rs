use actix_web::{post, web, HttpResponse};
use serde::Deserialize;

use super::load_open_item;
use crate::auth::Authenticated;
use crate::db::requests::{self, NewEvent};
use crate::domain::fulfilment::ItemStatus;
use crate::domain::reason::ReasonCode;
use crate::domain::{text, ValidationError};
use crate::error::ApiError;
use crate::routes::requests::get::detail;
use crate::state::AppState;
use crate::workflow::outcome::record_item_outcome;

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
            let (req, item) = load_open_item(c, &actor, &id, &item_id)?;
            let note = comment.map_or_else(
                || format!("item {}", item.position + 1),
                |c| format!("item {}: {c}", item.position + 1),
            );
            crate::workflow::history::record(
                c,
                &NewEvent {
                    reason_code: Some(reason),
                    ..NewEvent::note(&req, &actor, "item_unavailable", note)
                },
            )?;
            let unheld = record_item_outcome(
                c,
                &req.id,
                &item.id,
                ItemStatus::Unavailable,
                Some(reason),
                release,
            )?;
            let row = requests::find(c, &req.id)?.ok_or_else(|| ApiError::not_found("request"))?;
            Ok::<_, ApiError>((detail(c, row)?, unheld))
        })
        .await?;
    crate::jobs::extract::delete_unheld(&state.services, &unheld);
    Ok(HttpResponse::Ok().json(out))
}
