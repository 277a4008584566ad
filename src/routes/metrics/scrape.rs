use actix_web::{get, web, HttpRequest, HttpResponse};
use ring::digest::{digest, SHA256};
use secrecy::ExposeSecret;

use crate::error::{code, ApiError};
use crate::state::AppState;

/// Prometheus metrics. Answers only when `metrics_token` is configured,
/// and only to `Authorization: Bearer <metrics_token>` (a token separate
/// from user logins, for the monitoring system).
#[get("/metrics")]
pub async fn scrape(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let Some(expected) = state.settings.metrics_token.as_ref() else {
        return Err(ApiError::not_found("route"));
    };
    let given = req
        .headers()
        .get(actix_web::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or("");
    // Compared as digests, so the time taken says nothing about the token.
    let same = digest(&SHA256, given.as_bytes()).as_ref()
        == digest(&SHA256, expected.expose_secret().as_bytes()).as_ref();
    if !same {
        return Err(ApiError::unauthorized(
            code::INVALID_TOKEN,
            "a valid metrics token is required",
        ));
    }
    render(&state).await
}

/// `GET /metrics` on the separate `metrics_bind` listener: no token.
#[get("/metrics")]
pub async fn scrape_open(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    render(&state).await
}

async fn render(state: &AppState) -> Result<HttpResponse, ApiError> {
    let text = state.db.read(crate::metrics::render).await?;
    Ok(HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4; charset=utf-8")
        .body(text))
}
