use actix_web::{post, web, HttpResponse};
use serde::Deserialize;

use super::view::RequestDetail;
use crate::auth::Authenticated;
use crate::domain::lifecycle::{Action, ActionInput};
use crate::domain::reason::ReasonCode;
use crate::error::ApiError;
use crate::routes::extract_errors::serde_error;
use crate::state::AppState;
use crate::workflow::transition;

#[derive(Deserialize, Default, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TransitionBody {
    /// Required to reject: `rejected_invalid_request` or
    /// `rejected_insufficient_authority`.
    pub reason_code: Option<String>,
    /// Required to return or withdraw.
    pub comment: Option<String>,
}

/// Move a request: `submit` and `withdraw` (investigator), `endorse` and
/// `return` (station supervisor), `review`, `approve` and `reject`
/// (operator of the addressed ICCC). The body is optional.
#[utoipa::path(post, path = "/api/v1/requests/{id}/{action}", tag = "requests",
    params(("id" = String, Path), ("action" = String, Path, description = "submit | endorse | return | review | approve | reject | withdraw")),
    request_body(content = Option<TransitionBody>), security(("bearer" = [])), responses(
    (status = 200, body = super::view::RequestDetail),
    (status = 403, body = crate::error::ErrorBody),
    (status = 404, body = crate::error::ErrorBody),
    (status = 409, description = "invalid_transition, concurrent_update", body = crate::error::ErrorBody),
    (status = 422, description = "reason_required, invalid_reason_code, comment_required", body = crate::error::ErrorBody)))]
#[post("/requests/{id}/{action}")]
pub async fn transition_request(
    state: web::Data<AppState>,
    who: Authenticated,
    path: web::Path<(String, String)>,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    let (id, action) = path.into_inner();
    let action: Action = action
        .parse()
        .map_err(|_| ApiError::not_found(&format!("action `{action}`")))?;
    let body: TransitionBody = if body.iter().all(u8::is_ascii_whitespace) {
        TransitionBody::default()
    } else {
        serde_json::from_slice(&body).map_err(|e| serde_error(&e))?
    };
    let input = ActionInput {
        reason: body
            .reason_code
            .as_deref()
            .map(str::parse::<ReasonCode>)
            .transpose()?,
        comment: body.comment,
    };
    let actor = who.0;
    let policy = state.settings.transition_policy();
    let (out, unheld) = state
        .db
        .write(move |c| {
            let applied = transition::apply(c, &actor, &id, action, input, policy)?;
            let facts = crate::workflow::requests::gather(c, applied.row)?;
            Ok::<_, ApiError>((facts, applied.unheld))
        })
        .await?;
    let out = RequestDetail::from(out);
    crate::jobs::extract::delete_unheld(&state.services, &unheld);
    tracing::info!(request.id = %out.request.id, request.status = %out.request.status, action = action.as_str(), "request transition");
    Ok(HttpResponse::Ok().json(out))
}
