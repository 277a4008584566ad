use actix_web::{post, web, HttpRequest, HttpResponse};
use serde::Deserialize;

use super::views::{client_info, LoginResponse, UserView};
use crate::auth::{account, Enrolling};
use crate::error::ApiError;
use crate::state::AppState;

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ConfirmBody {
    /// A current code from the newly enrolled authenticator.
    pub code: String,
}

/// Confirm TOTP enrolment with a code from the pending secret. The
/// current session ends and a new full session begins.
#[utoipa::path(post, path = "/api/v1/auth/mfa/confirm", tag = "auth", security(("bearer" = [])), request_body = ConfirmBody, responses(
    (status = 200, body = LoginResponse),
    (status = 401, description = "invalid_totp", body = crate::error::ErrorBody),
    (status = 409, description = "mfa_not_pending", body = crate::error::ErrorBody)))]
#[post("/auth/mfa/confirm")]
pub async fn mfa_confirm(
    state: web::Data<AppState>,
    req: HttpRequest,
    who: Enrolling,
    body: web::Json<ConfirmBody>,
) -> Result<HttpResponse, ApiError> {
    let actor = who.actor;
    let code_in = body.into_inner().code;
    let keys = state.keys.clone();
    let lifetime = state.settings.refresh_token_ttl_secs;
    let client = client_info(&req);
    let (pair, user, org) = state
        .db
        .write(move |c| account::confirm_enrolment(c, &keys, lifetime, &actor, &code_in, &client))
        .await?;
    tracing::info!(user.id = %user.id, security.event = "mfa_enrolled", "TOTP enrolled");
    Ok(HttpResponse::Ok().json(LoginResponse {
        tokens: pair,
        user: UserView::new(user, org),
    }))
}
