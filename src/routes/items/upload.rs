use actix_web::{post, web, HttpResponse};
use chrono::Duration;

use super::load_open_item;
use crate::auth::Authenticated;
use crate::db::clips::{self, ClipRow};
use crate::db::requests::{self, NewEvent};
use crate::db::time;
use crate::domain::fulfilment::ItemStatus;
use crate::error::{code, ApiError};
use crate::media::{library_versions, probe::probe};
use crate::routes::receive::{receive, Scratch};
use crate::routes::requests::get::detail;
use crate::state::AppState;
use crate::workflow::outcome::record_item_outcome;

/// Upload footage exported from a recorder that is not integrated, as the
/// item's evidence (operators of the ICCC). The body is the raw file; it
/// is streamed to disk up to the configured limit, must be real video, and
/// is hashed and stored write-once like an extracted clip.
#[utoipa::path(post, path = "/api/v1/requests/{id}/items/{item_id}/upload", tag = "requests",
    request_body(content = Vec<u8>, content_type = "application/octet-stream"), security(("bearer" = [])), responses(
    (status = 201, body = crate::routes::requests::view::RequestDetail),
    (status = 403, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody),
    (status = 409, description = "item_settled, invalid_transition", body = crate::error::ErrorBody),
    (status = 413, description = "upload_too_large", body = crate::error::ErrorBody),
    (status = 422, description = "not_video", body = crate::error::ErrorBody)))]
#[post("/requests/{id}/items/{item_id}/upload")]
pub async fn upload_item(
    state: web::Data<AppState>,
    who: Authenticated,
    path: web::Path<(String, String)>,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    let actor = who.0;
    let (id, item_id) = path.into_inner();
    // Check before reading a byte, so a refused upload stores nothing.
    let check = actor.clone();
    let (rid, iid) = (id.clone(), item_id.clone());
    state
        .db
        .read(move |c| load_open_item(c, &check, &rid, &iid))
        .await?;

    let limit = state.settings.upload_max_bytes;
    let scratch = Scratch(state.services.store.scratch_path(".upload"));
    receive(payload, &scratch, limit).await?;

    let (probe_path, store) = (scratch.0.clone(), state.services.store.clone());
    let (info, stored) = tokio::task::spawn_blocking(move || {
        let info = probe(&probe_path).map_err(|e| {
            ApiError::new(
                code::NOT_VIDEO,
                format!("the upload is not playable video: {e}"),
            )
        })?;
        let stored = store.adopt(&probe_path).map_err(ApiError::internal)?;
        Ok::<_, ApiError>((info, stored))
    })
    .await
    .map_err(ApiError::internal)??;
    drop(scratch);

    let release = state.settings.release_holds_on_close;
    let (signer, location) = (
        state.services.signer.clone(),
        state.services.store.location(),
    );
    let (out, unheld) = state
        .db
        .write(move |c| {
            let (req, item) = load_open_item(c, &actor, &id, &item_id)?;
            let now = time::now();
            let clip = ClipRow {
                id: crate::domain::ids::ClipId::new(),
                request_id: req.id.clone(),
                item_id: item.id.clone(),
                camera_id: item.camera_id.clone(),
                sha256: stored.sha256.parse().map_err(ApiError::internal)?,
                size_bytes: i64::try_from(stored.size).unwrap_or(i64::MAX),
                storage_key: stored.key.clone(),
                source: crate::domain::kinds::ClipSource::Uploaded,
                requested_start: item.window_start,
                requested_end: item.window_end,
                // An export carries no reliable wall clock; the window is
                // taken as starting at the requested start.
                actual_start: item.window_start,
                actual_end: item.window_start
                    + Duration::milliseconds((info.duration_secs * 1000.0) as i64),
                packets: info.video_packets_hint,
                source_segments: "[]".into(),
                gaps: "[]".into(),
                ffmpeg_versions: library_versions(),
                created_by: Some(actor.user_id.clone()),
                created_at: now,
            };
            clips::insert(c, &clip)?;
            crate::evidence::seal::seal(c, &clip, &signer, &location)
                .map_err(ApiError::internal)?;
            crate::workflow::history::record(
                c,
                &NewEvent::note(
                    &req,
                    &actor,
                    "footage_uploaded",
                    format!(
                        "item {}: {} bytes, sha256 {}",
                        item.position + 1,
                        clip.size_bytes,
                        clip.sha256
                    ),
                ),
            )?;
            let unheld =
                record_item_outcome(c, &req.id, &item.id, ItemStatus::Fulfilled, None, release)?;
            let row = requests::find(c, &req.id)?.ok_or_else(|| ApiError::not_found("request"))?;
            Ok::<_, ApiError>((detail(c, row)?, unheld))
        })
        .await?;
    crate::jobs::extract::delete_unheld(&state.services, &unheld);
    Ok(HttpResponse::Created().json(out))
}
