use actix_web::{post, web, HttpResponse};
use secrecy::SecretString;
use serde::Deserialize;

use super::view::RecorderView;
use crate::auth::Authenticated;
use crate::error::ApiError;
use crate::state::AppState;
use crate::workflow::recorders::{self, RecorderInput};

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewRecorderBody {
    /// A name unique in the ICCC, e.g. "NVR Shivajinagar 1".
    pub name: String,
    /// `folder`, `onvif`, `hikvision`, `dahua` (also CP Plus) or `rtsp_template`.
    pub kind: String,
    /// Host name or IP address only (networked kinds).
    pub host: Option<String>,
    /// The control (HTTP) port; 80 when absent.
    pub http_port: Option<i64>,
    /// 554 when absent.
    pub rtsp_port: Option<i64>,
    /// HTTPS to the recorder: refused for now (see the README).
    #[serde(default)]
    pub tls: bool,
    /// The recorder's read-only account.
    pub username: Option<String>,
    /// Stored sealed; never shown again.
    #[schema(value_type = Option<String>, format = Password)]
    pub password: Option<SecretString>,
    /// `rtsp_template` only, e.g. `rtsp://{host}:{rtsp_port}/playback?ch={channel}&from={start}&to={end}`.
    pub playback_template: Option<String>,
    /// The recorder's time zone in minutes east of UTC (India: 330, the default).
    pub utc_offset_minutes: Option<i64>,
    /// Check the recorder at once (default true).
    pub check: Option<bool>,
}

/// Register a recorder in the caller's ICCC (ICCC admins only). The
/// recorder is checked at once unless `check` is false: the answer shows
/// whether it answered, its clock offset and what it says it is.
#[utoipa::path(post, path = "/api/v1/recorders", tag = "recorders", request_body = NewRecorderBody, security(("bearer" = [])), responses(
    (status = 201, body = RecorderView),
    (status = 403, body = crate::error::ErrorBody),
    (status = 409, description = "duplicate_recorder", body = crate::error::ErrorBody),
    (status = 422, body = crate::error::ErrorBody)))]
#[post("/recorders")]
pub async fn create_recorder(
    state: web::Data<AppState>,
    who: Authenticated,
    body: web::Json<NewRecorderBody>,
) -> Result<HttpResponse, ApiError> {
    let actor = who.0;
    let b = body.into_inner();
    let check = b.check.unwrap_or(true);
    let input = RecorderInput {
        name: b.name,
        kind: b.kind,
        host: b.host,
        http_port: b.http_port,
        rtsp_port: b.rtsp_port,
        tls: b.tls,
        username: b.username,
        password: b.password,
        playback_template: b.playback_template,
        utc_offset_minutes: b.utc_offset_minutes,
    };
    let key = state.services.recorder_key.clone();
    let row = recorders::build(input, &actor.org_id, Some(&actor.user_id), &key)?;
    let saved = row.clone();
    let a = actor.clone();
    state
        .db
        .write(move |c| recorders::create(c, Some(&a), &row))
        .await?;
    let row = if check {
        recorders::check_row(&state.db, &key, state.settings.recorder_timeout(), &saved).await?
    } else {
        saved
    };
    Ok(HttpResponse::Created().json(RecorderView::new(row, Vec::new())))
}
