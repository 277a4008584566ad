use actix_web::{get, web, HttpResponse};

use super::view::{HistoryEntry, ItemView, RequestDetail, RequestView};
use crate::auth::Authenticated;
use crate::db::requests::{self, RequestRow};
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::state::AppState;
use crate::workflow::transition::load_visible;

/// The request with its items and history.
pub fn detail(conn: &mut DbConnection, row: RequestRow) -> Result<RequestDetail, ApiError> {
    let items = requests::items_with_cameras(conn, &row.id)?;
    let history = requests::events(conn, &row.id)?;
    Ok(RequestDetail {
        request: RequestView::from(row),
        items: items.into_iter().map(ItemView::from).collect(),
        history: history.into_iter().map(HistoryEntry::from).collect(),
    })
}

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
    let out = state
        .db
        .read(move |c| {
            let row = load_visible(c, &actor, &id)?;
            detail(c, row)
        })
        .await?;
    Ok(HttpResponse::Ok().json(out))
}
