use actix_web::{post, web, HttpResponse};
use serde::Serialize;

use crate::auth::{account, totp, Enrolling};
use crate::error::ApiError;
use crate::state::AppState;

#[derive(Serialize, utoipa::ToSchema)]
pub struct EnrolmentStart {
    /// Base32 secret, for typing into an authenticator app.
    pub secret: String,
    /// `otpauth://` URL, for a QR code.
    pub otpauth_url: String,
    /// The same URL as a QR code (SVG), for the portal to show.
    pub qr_svg: String,
}

/// Start TOTP enrolment: returns a new secret, held as pending until a
/// code from it is confirmed. Works with an enrolment-only token.
#[utoipa::path(post, path = "/api/v1/auth/mfa/enrol", tag = "auth", security(("bearer" = [])), responses(
    (status = 200, body = EnrolmentStart),
    (status = 409, description = "mfa_already_enrolled", body = crate::error::ErrorBody)))]
#[post("/auth/mfa/enrol")]
pub async fn mfa_enrol(
    state: web::Data<AppState>,
    who: Enrolling,
) -> Result<HttpResponse, ApiError> {
    let uid = who.actor.user_id.clone();
    let username = who.actor.username.clone();
    let secret = totp::generate_secret().map_err(ApiError::internal)?;
    let url = totp::otpauth_url(&secret, &username).map_err(ApiError::internal)?;
    let pending = secret.clone();
    state
        .db
        .write(move |c| account::start_enrolment(c, &uid, &pending))
        .await?;
    let qr = qrcode::QrCode::new(url.as_bytes()).map_err(ApiError::internal)?;
    let qr_svg = qr
        .render::<qrcode::render::svg::Color<'_>>()
        .min_dimensions(200, 200)
        .build();
    Ok(HttpResponse::Ok().json(EnrolmentStart {
        secret,
        otpauth_url: url,
        qr_svg,
    }))
}
