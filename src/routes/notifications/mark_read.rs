use actix_web::{post, web, HttpResponse};
use serde::{Deserialize, Serialize};

use crate::auth::Authenticated;
use crate::domain::ValidationError;
use crate::error::ApiError;
use crate::state::AppState;

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MarkRead {
    /// The notifications to mark read (at most 500)…
    pub ids: Option<Vec<String>>,
    /// …or `true` for all of the caller's.
    pub all: Option<bool>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct Marked {
    /// How many changed from unread to read.
    pub marked: usize,
}

/// Marks the caller's own notifications read (others' ids change nothing).
#[utoipa::path(post, path = "/api/v1/notifications/read", tag = "notifications", request_body = MarkRead, security(("bearer" = [])), responses(
    (status = 200, body = Marked), (status = 401, body = crate::error::ErrorBody), (status = 422, body = crate::error::ErrorBody)))]
#[post("/notifications/read")]
pub async fn mark_read(
    state: web::Data<AppState>,
    who: Authenticated,
    body: web::Json<MarkRead>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let ids = match (body.ids, body.all) {
        (Some(ids), None | Some(false)) if !ids.is_empty() && ids.len() <= 500 => Some(ids),
        (None, Some(true)) => None,
        _ => {
            return Err(ValidationError::new(
                crate::domain::error_code::ErrorCode::InvalidSelection,
                "send either `ids` (1-500 notification ids) or `all: true`",
            )
            .into())
        }
    };
    let actor = who.0;
    let marked = state
        .db
        .write(move |c| crate::workflow::notifications::mark_read(c, &actor, ids.as_deref()))
        .await?;
    Ok(HttpResponse::Ok().json(Marked { marked }))
}
