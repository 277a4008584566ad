use actix_web::{get, web, HttpResponse};

use super::view::RecorderView;
use crate::auth::Authenticated;
use crate::domain::ids::RecorderId;
use crate::error::ApiError;
use crate::state::AppState;

/// One recorder with its channel map.
#[utoipa::path(get, path = "/api/v1/recorders/{id}", tag = "recorders", security(("bearer" = [])), responses(
    (status = 200, body = RecorderView), (status = 404, body = crate::error::ErrorBody), (status = 422, body = crate::error::ErrorBody)))]
#[get("/recorders/{id}")]
pub async fn get_recorder(
    state: web::Data<AppState>,
    who: Authenticated,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let actor = who.0;
    let id: RecorderId = id.into_inner().parse()?;
    let (row, ch) = state
        .db
        .read(move |c| crate::workflow::recorders::get(c, &actor, &id))
        .await?;
    Ok(HttpResponse::Ok().json(RecorderView::new(row, ch)))
}
