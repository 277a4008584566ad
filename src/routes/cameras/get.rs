use actix_web::{get, web, HttpResponse};

use super::view::CameraView;
use crate::auth::Authenticated;
use crate::db::cameras;
use crate::error::ApiError;
use crate::state::AppState;

/// One camera.
#[utoipa::path(get, path = "/api/v1/cameras/{id}", tag = "cameras", security(("bearer" = [])), responses(
    (status = 200, body = CameraView), (status = 403, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody)))]
#[get("/cameras/{id}")]
pub async fn get_camera(
    state: web::Data<AppState>,
    who: Authenticated,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    if !who.0.can_view_cameras() {
        return Err(ApiError::forbidden(
            "this role cannot read the camera registry",
        ));
    }
    let id = id.into_inner();
    let row = state
        .db
        .read(move |c| cameras::find(c, &id).map_err(ApiError::from))
        .await?;
    let row = row.ok_or_else(|| ApiError::not_found("camera"))?;
    Ok(HttpResponse::Ok().json(CameraView::from(row)))
}
