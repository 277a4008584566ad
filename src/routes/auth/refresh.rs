use actix_web::{post, web, HttpRequest, HttpResponse};
use serde::Deserialize;

use crate::auth::session::{self, RefreshOutcome, TokenPair};
use crate::error::{code, ApiError};
use crate::state::AppState;

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RefreshBody {
    pub refresh_token: String,
}

/// Exchange a refresh token for a new access and refresh token. Each
/// refresh token works once; presenting a used one ends the session.
#[utoipa::path(post, path = "/api/v1/auth/refresh", tag = "auth", request_body = RefreshBody, responses(
    (status = 200, body = TokenPair),
    (status = 401, description = "invalid_refresh_token, refresh_token_reused, session_revoked", body = crate::error::ErrorBody)))]
#[post("/auth/refresh")]
pub async fn refresh(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: web::Json<RefreshBody>,
) -> Result<HttpResponse, ApiError> {
    let keys = state.keys.clone();
    let presented = body.into_inner().refresh_token;
    let from = crate::client_addr::text(&req);
    let outcome = state
        .db
        .write(move |c| session::rotate(c, &keys, &presented, from))
        .await?;
    match outcome {
        RefreshOutcome::Issued(pair) => Ok(HttpResponse::Ok().json(pair)),
        RefreshOutcome::Reused => Err(ApiError::unauthorized(
            code::REFRESH_TOKEN_REUSED,
            "this refresh token was already used; the session has been ended",
        )),
    }
}
