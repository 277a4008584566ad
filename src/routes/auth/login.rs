use actix_web::{post, web, HttpRequest, HttpResponse};
use serde::Deserialize;

use super::views::{client_info, LoginResponse, UserView};
use crate::auth::login::{self as login_flow, Credentials};
use crate::error::ApiError;
use crate::state::AppState;

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LoginBody {
    pub username: String,
    pub password: String,
    /// Six-digit code from the authenticator app, for enrolled users.
    pub totp: Option<String>,
}

/// Log in. Users whose role requires MFA and who have not enrolled get a
/// token of scope `mfa_enrolment` that only opens the enrolment endpoints.
#[utoipa::path(post, path = "/api/v1/auth/login", tag = "auth", request_body = LoginBody, responses(
    (status = 200, body = LoginResponse),
    (status = 401, description = "invalid_credentials, mfa_required, invalid_totp, totp_replayed", body = crate::error::ErrorBody),
    (status = 403, description = "account_disabled", body = crate::error::ErrorBody),
    (status = 429, description = "rate_limited", body = crate::error::ErrorBody)))]
#[post("/auth/login")]
pub async fn login(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: web::Json<LoginBody>,
) -> Result<HttpResponse, ApiError> {
    crate::state::check_rate(
        &state.login_limiter,
        crate::state::peer_ip(&req),
        "too many login attempts from this address; try again in a minute",
    )?;
    let body = body.into_inner();
    let creds = Credentials {
        username: body.username,
        password: body.password,
        totp: body.totp,
    };
    let (tokens, user) = login_flow::login(&state, creds, client_info(&req)).await?;
    tracing::info!(user.id = %user.id, user.role = %user.role, token.scope = %tokens.scope, "login");
    let uid = user.id.clone();
    let (user, org) = state
        .db
        .read(move |c| crate::auth::account::profile(c, &uid))
        .await?;
    Ok(HttpResponse::Ok().json(LoginResponse {
        tokens,
        user: UserView::new(user, org),
    }))
}
