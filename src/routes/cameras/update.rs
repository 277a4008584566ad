use actix_web::{patch, web, HttpResponse};
use serde::Deserialize;

use super::view::CameraView;
use crate::auth::Authenticated;
use crate::db::cameras::CameraChanges;
use crate::db::time;
use crate::domain::camera::{retention_days, CameraStatus, MacAddress};
use crate::domain::geo::Coordinates;
use crate::domain::text;
use crate::error::ApiError;
use crate::state::AppState;

/// Fields to change; absent fields stay as they are. The code cannot
/// change: it names the camera's recordings.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CameraPatchBody {
    pub name: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub make: Option<String>,
    pub model: Option<String>,
    pub serial: Option<String>,
    /// Empty string clears the MAC address.
    pub mac: Option<String>,
    pub retention_days: Option<i32>,
    pub status: Option<String>,
}

fn changes(
    b: CameraPatchBody,
    current_lat: f64,
    current_lon: f64,
) -> Result<CameraChanges, ApiError> {
    let moved = b.latitude.is_some() || b.longitude.is_some();
    let pos = Coordinates::new(
        b.latitude.unwrap_or(current_lat),
        b.longitude.unwrap_or(current_lon),
    )?;
    Ok(CameraChanges {
        name: b
            .name
            .as_deref()
            .map(|s| text::bounded("name", s, 200))
            .transpose()?,
        latitude: moved.then_some(pos.lat()),
        longitude: moved.then_some(pos.lon()),
        make: b
            .make
            .as_deref()
            .map(|s| text::bounded("make", s, 100))
            .transpose()?,
        model: b
            .model
            .as_deref()
            .map(|s| text::bounded("model", s, 100))
            .transpose()?,
        serial: b
            .serial
            .as_deref()
            .map(|s| text::bounded("serial", s, 100))
            .transpose()?,
        mac: match b.mac.as_deref().map(str::trim) {
            None => None,
            Some("") => Some(None),
            Some(m) => Some(Some(MacAddress::parse(m)?.as_str().to_owned())),
        },
        retention_days: b.retention_days.map(retention_days).transpose()?,
        status: b
            .status
            .as_deref()
            .map(str::parse::<CameraStatus>)
            .transpose()?,
        updated_at: Some(time::now()),
    })
}

/// Change a camera (the owning ICCC's admin only).
#[utoipa::path(patch, path = "/api/v1/cameras/{id}", tag = "cameras", request_body = CameraPatchBody, security(("bearer" = [])), responses(
    (status = 200, body = CameraView),
    (status = 403, body = crate::error::ErrorBody),
    (status = 404, body = crate::error::ErrorBody),
    (status = 422, body = crate::error::ErrorBody)))]
#[patch("/cameras/{id}")]
pub async fn update_camera(
    state: web::Data<AppState>,
    who: Authenticated,
    id: web::Path<String>,
    body: web::Json<CameraPatchBody>,
) -> Result<HttpResponse, ApiError> {
    let actor = who.0;
    let id = id.into_inner();
    let body = body.into_inner();
    let updated = state
        .db
        .write(move |c| {
            crate::workflow::cameras::update(c, &actor, &id, |cam| {
                changes(body, cam.latitude, cam.longitude)
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(CameraView::from(updated)))
}
