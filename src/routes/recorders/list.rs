use actix_web::{get, web, HttpResponse};
use serde::Serialize;

use super::view::RecorderView;
use crate::auth::Authenticated;
use crate::error::ApiError;
use crate::state::AppState;

#[derive(Serialize, utoipa::ToSchema)]
pub struct RecorderList {
    pub items: Vec<RecorderView>,
}

/// The recorders of the caller's ICCC, with their last checks.
#[utoipa::path(get, path = "/api/v1/recorders", tag = "recorders", security(("bearer" = [])), responses(
    (status = 200, body = RecorderList), (status = 403, body = crate::error::ErrorBody)))]
#[get("/recorders")]
pub async fn list_recorders(
    state: web::Data<AppState>,
    who: Authenticated,
) -> Result<HttpResponse, ApiError> {
    let actor = who.0;
    let rows = state
        .db
        .read(move |c| crate::workflow::recorders::list(c, &actor))
        .await?;
    Ok(HttpResponse::Ok().json(RecorderList {
        items: rows
            .into_iter()
            .map(|(r, ch)| RecorderView::new(r, ch))
            .collect(),
    }))
}
