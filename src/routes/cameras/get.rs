use actix_web::{get, web, HttpResponse};

use super::view::CameraView;
use crate::auth::Authenticated;
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
    let (actor, id) = (who.0, id.into_inner());
    let row = state
        .db
        .read(move |c| crate::workflow::cameras::get(c, &actor, &id))
        .await?;
    Ok(HttpResponse::Ok().json(CameraView::from(row)))
}
