use actix_web::{patch, web, HttpResponse};
use secrecy::SecretString;
use serde::Deserialize;

use super::view::RecorderView;
use crate::auth::Authenticated;
use crate::domain::ids::RecorderId;
use crate::error::ApiError;
use crate::state::AppState;
use crate::workflow::recorders::{self, RecorderEdit};

/// Fields to change; absent fields stay as they are. A new account needs
/// both `username` and `password`. The kind cannot change.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RecorderPatchBody {
    pub name: Option<String>,
    pub host: Option<String>,
    pub http_port: Option<i64>,
    pub rtsp_port: Option<i64>,
    pub tls: Option<bool>,
    pub username: Option<String>,
    #[schema(value_type = Option<String>, format = Password)]
    pub password: Option<SecretString>,
    pub playback_template: Option<String>,
    pub utc_offset_minutes: Option<i64>,
}

/// Change a recorder (its ICCC's admins); it is checked again at once.
#[utoipa::path(patch, path = "/api/v1/recorders/{id}", tag = "recorders", request_body = RecorderPatchBody, security(("bearer" = [])), responses(
    (status = 200, body = RecorderView),
    (status = 403, body = crate::error::ErrorBody),
    (status = 404, body = crate::error::ErrorBody),
    (status = 409, description = "duplicate_recorder", body = crate::error::ErrorBody),
    (status = 422, body = crate::error::ErrorBody)))]
#[patch("/recorders/{id}")]
pub async fn update_recorder(
    state: web::Data<AppState>,
    who: Authenticated,
    id: web::Path<String>,
    body: web::Json<RecorderPatchBody>,
) -> Result<HttpResponse, ApiError> {
    let actor = who.0;
    let id: RecorderId = id.into_inner().parse()?;
    let b = body.into_inner();
    let edit = RecorderEdit {
        name: b.name,
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
    let (a, k, rid) = (actor.clone(), key.clone(), id.clone());
    let row = state
        .db
        .write(move |c| recorders::update(c, &a, &rid, edit, &k))
        .await?;
    state.services.recorder_searches.forget(row.id.as_str());
    recorders::check_row(&state.db, &key, state.settings.recorder_timeout(), &row).await?;
    let (row, ch) = state
        .db
        .read(move |c| recorders::get(c, &actor, &id))
        .await?;
    Ok(HttpResponse::Ok().json(RecorderView::new(row, ch)))
}
