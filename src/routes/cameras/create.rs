use actix_web::{post, web, HttpResponse};
use serde::Deserialize;

use super::view::CameraView;
use crate::auth::Authenticated;
use crate::db::cameras::CameraRow;
use crate::db::time;
use crate::domain::camera::{retention_days, CameraCode, CameraStatus, MacAddress};
use crate::domain::geo::Coordinates;
use crate::domain::text;
use crate::error::ApiError;
use crate::state::AppState;

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewCameraBody {
    /// Unique code; also the camera's folder under the recordings root.
    pub code: String,
    pub name: String,
    pub latitude: f64,
    pub longitude: f64,
    pub make: String,
    pub model: String,
    pub serial: String,
    pub mac: Option<String>,
    pub retention_days: i32,
    /// Defaults to `online`.
    pub status: Option<String>,
}

/// Register a camera in the caller's ICCC (ICCC admins only).
#[utoipa::path(post, path = "/api/v1/cameras", tag = "cameras", request_body = NewCameraBody, security(("bearer" = [])), responses(
    (status = 201, body = CameraView),
    (status = 403, body = crate::error::ErrorBody),
    (status = 409, description = "duplicate_camera_code", body = crate::error::ErrorBody),
    (status = 422, body = crate::error::ErrorBody)))]
#[post("/cameras")]
pub async fn create_camera(
    state: web::Data<AppState>,
    who: Authenticated,
    body: web::Json<NewCameraBody>,
) -> Result<HttpResponse, ApiError> {
    let actor = who.0;
    let b = body.into_inner();
    let code = CameraCode::parse(&b.code)?;
    let pos = Coordinates::new(b.latitude, b.longitude)?;
    let status: CameraStatus = b.status.as_deref().unwrap_or("online").parse()?;
    let now = time::now();
    let row = CameraRow {
        id: uuid::Uuid::now_v7().to_string(),
        code: code.as_str().to_owned(),
        name: text::bounded("name", &b.name, 200)?,
        iccc_id: actor.org_id.clone(),
        latitude: pos.lat(),
        longitude: pos.lon(),
        make: text::bounded("make", &b.make, 100)?,
        model: text::bounded("model", &b.model, 100)?,
        serial: text::bounded("serial", &b.serial, 100)?,
        mac: b
            .mac
            .as_deref()
            .map(MacAddress::parse)
            .transpose()?
            .map(|m| m.as_str().to_owned()),
        retention_days: retention_days(b.retention_days)?,
        status,
        created_at: now,
        updated_at: now,
    };
    let saved = row.clone();
    state
        .db
        .write(move |c| crate::workflow::cameras::create(c, &actor, &row))
        .await?;
    Ok(HttpResponse::Created().json(CameraView::from(saved)))
}
