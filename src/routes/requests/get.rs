use actix_web::{get, web, HttpResponse};

use super::view::RequestDetail;
use crate::auth::Authenticated;
use crate::error::ApiError;
use crate::state::AppState;
use crate::workflow::requests;

/// One request, with items and history. Requests outside the caller's
/// scope answer 404, as if they did not exist.
#[utoipa::path(get, path = "/api/v1/requests/{id}", tag = "requests", security(("bearer" = [])), responses(
    (status = 200, body = RequestDetail), (status = 404, body = crate::error::ErrorBody)))]
#[get("/requests/{id}")]
pub async fn get_request(
    state: web::Data<AppState>,
    who: Authenticated,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let actor = who.0;
    let id = id.into_inner();
    let facts = state
        .db
        .read(move |c| requests::get(c, &actor, &id))
        .await?;
    Ok(HttpResponse::Ok().json(RequestDetail::from(facts)))
}
