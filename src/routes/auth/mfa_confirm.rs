use actix_web::{post, web, HttpRequest, HttpResponse};
use chrono::Utc;
use serde::Deserialize;

use super::views::{client_info, LoginResponse, UserView};
use crate::auth::token_keys::SCOPE_API;
use crate::auth::{session, totp, Enrolling};
use crate::db::{organisations, sessions, time, users};
use crate::error::{code, ApiError};
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
        .write(move |c| {
            let user =
                users::find(c, &actor.user_id)?.ok_or_else(|| ApiError::not_found("user"))?;
            let pending = user.totp_pending_secret.clone().ok_or_else(|| {
                ApiError::conflict(
                    code::MFA_NOT_PENDING,
                    "start enrolment with /api/v1/auth/mfa/enrol first",
                )
            })?;
            let now = u64::try_from(Utc::now().timestamp()).unwrap_or(0);
            let step = totp::matching_step(&pending, &code_in, now)
                .map_err(ApiError::internal)?
                .ok_or_else(|| {
                    ApiError::unauthorized(code::INVALID_TOTP, "the TOTP code is wrong or expired")
                })?;
            let t = time::now();
            users::activate_totp(
                c,
                &user.id,
                i64::try_from(step).map_err(ApiError::internal)?,
                t,
            )?;
            sessions::revoke(c, &actor.session_id, "mfa_enrolled", t)?;
            let pair = session::start(c, &keys, lifetime, &user.id, SCOPE_API, &client)?;
            let user = users::find(c, &user.id)?.ok_or_else(|| ApiError::not_found("user"))?;
            let org = organisations::find(c, &user.organisation_id)?
                .ok_or_else(|| ApiError::not_found("organisation"))?;
            Ok::<_, ApiError>((pair, user, org))
        })
        .await?;
    tracing::info!(user.id = %user.id, security.event = "mfa_enrolled", "TOTP enrolled");
    Ok(HttpResponse::Ok().json(LoginResponse {
        tokens: pair,
        user: UserView::new(user, org),
    }))
}
