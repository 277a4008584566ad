use actix_web::{get, web, HttpResponse};

use chrono::Duration;

use super::view::{ClipSummary, HistoryEntry, ItemView, RequestDetail, RequestView};
use crate::auth::Authenticated;
use crate::db::requests::{self, RequestRow};
use crate::db::{clips, holds, jobs, segments, time, DbConnection};
use crate::error::ApiError;
use crate::state::AppState;
use crate::workflow::transition::load_visible;

/// The request with its items (clips, jobs, overwrite countdown) and history.
pub fn detail(conn: &mut DbConnection, row: RequestRow) -> Result<RequestDetail, ApiError> {
    let items = requests::items_with_cameras(conn, &row.id)?;
    let history = requests::events(conn, &row.id)?;
    let clips = clips::for_request(conn, &row.id)?;
    let jobs = jobs::for_request(conn, &row.id)?;
    let held: Vec<String> = holds::for_request(conn, &row.id)?
        .into_iter()
        .filter(|(h, _)| h.released_at.is_none())
        .map(|(h, _)| h.segment_id)
        .collect();
    let mut views = Vec::with_capacity(items.len());
    for (item, camera) in items {
        let segs: Vec<_> =
            segments::overlapping(conn, &item.camera_id, item.window_start, item.window_end)?
                .into_iter()
                .filter(|s| s.status == segments::OK)
                .collect();
        let retention = Duration::days(i64::from(camera.retention_days));
        let overwrite_at = segs
            .iter()
            .map(|s| time::from_db(s.start_at) + retention)
            .min();
        let preserved = !segs.is_empty() && segs.iter().all(|s| held.contains(&s.id));
        let clip = clips
            .iter()
            .find(|c| c.item_id == item.id)
            .map(|c| ClipSummary {
                id: c.id.to_string(),
                sha256: c.sha256.clone(),
                size_bytes: c.size_bytes,
                source: c.source,
                actual_start: time::from_db(c.actual_start),
                actual_end: time::from_db(c.actual_end),
            });
        let item_jobs = jobs
            .iter()
            .filter(|j| j.item_id == item.id)
            .cloned()
            .map(crate::routes::jobs::get::summary)
            .collect();
        views.push(ItemView {
            overwrite_at,
            preserved,
            clip,
            jobs: item_jobs,
            ..ItemView::from((item, camera))
        });
    }
    let notice = crate::db::notices::find(conn, &row.id)?.map(Into::into);
    let disposal = crate::workflow::disposal::current(conn, &row.id)?;
    Ok(RequestDetail {
        disposal,
        request: RequestView::from(row),
        items: views,
        history: history.into_iter().map(HistoryEntry::from).collect(),
        notice,
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
