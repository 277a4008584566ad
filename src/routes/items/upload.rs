use actix_web::{post, web, HttpResponse};

use crate::auth::Authenticated;
use crate::error::{code, ApiError};
use crate::media::probe::probe;
use crate::routes::receive::{receive, Scratch};
use crate::routes::requests::view::RequestDetail;
use crate::state::AppState;
use crate::workflow::clips::Sealing;
use crate::workflow::items;

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
        .read(move |c| items::open_item(c, &check, &rid, &iid))
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
    let services = state.services.clone();
    let (out, unheld) = state
        .db
        .write(move |c| {
            let location = services.store.location();
            let how = Sealing {
                key: &services.signer,
                location: &location,
                release_holds_on_close: release,
            };
            let settled = items::record_upload(c, &actor, (&id, &item_id), &stored, &info, &how)?;
            let facts = crate::workflow::requests::reload(c, &settled.request_id)?;
            Ok::<_, ApiError>((facts, settled.unheld))
        })
        .await?;
    crate::jobs::extract::delete_unheld(&state.services, &unheld);
    Ok(HttpResponse::Created().json(RequestDetail::from(out)))
}
