use actix_web::http::StatusCode;
use actix_web::web::Bytes;
use actix_web::{get, web, HttpRequest, HttpResponse};
use tokio::sync::mpsc;

use crate::auth::Authenticated;
use crate::error::{code, ApiError};
use crate::evidence::serve::{parse_range, stream_verified, Outcome, RangeAnswer};
use crate::security::damage::{self, Found};
use crate::state::AppState;
use crate::workflow::evidence;

/// Download a clip (MP4, with HTTP range support for playback). Every
/// download is recorded in the request's history before a byte is sent,
/// and every byte sent is verified: the whole stored object is hashed
/// while it is served and the response is cut off, with a security
/// event, if it does not match the clip's SHA-256 and size.
#[utoipa::path(get, path = "/api/v1/clips/{id}/content", tag = "clips", security(("bearer" = [])), responses(
    (status = 200, description = "the clip bytes", content_type = "video/mp4"),
    (status = 206, description = "a byte range of the clip"),
    (status = 403, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody),
    (status = 410, body = crate::error::ErrorBody), (status = 416, description = "the range starts past the end")))]
#[get("/clips/{id}/content")]
pub async fn clip_content(
    state: web::Data<AppState>,
    req: HttpRequest,
    who: Authenticated,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let actor = who.0;
    let id = id.into_inner();
    let range_header = req
        .headers()
        .get(actix_web::http::header::RANGE)
        .and_then(|v| v.to_str().ok())
        .map(|r| r.chars().take(100).collect::<String>());
    let bulk = state.settings.bulk_download_per_hour;
    let (reader, rh) = (actor.clone(), range_header.clone());
    let clip = state
        .db
        .write(move |c| evidence::record_download(c, &reader, &id, rh.as_deref(), bulk))
        .await?;
    let size = u64::try_from(clip.size_bytes).map_err(ApiError::internal)?;
    let range = match parse_range(range_header.as_deref(), size) {
        RangeAnswer::Whole => None,
        RangeAnswer::Part(r) => Some(r),
        RangeAnswer::Unsatisfiable => {
            return Ok(HttpResponse::build(StatusCode::RANGE_NOT_SATISFIABLE)
                .insert_header(("Content-Range", format!("bytes */{size}")))
                .finish())
        }
    };
    let store = state.services.store.clone();
    // A different size is damage found before a byte is sent.
    let stored_size = {
        let (store, key) = (store.clone(), clip.storage_key.clone());
        web::block(move || store.size(&key))
            .await
            .map_err(ApiError::internal)?
            .map_err(ApiError::internal)?
    };
    if stored_size != Some(size) {
        let (db, c, a) = (state.db.clone(), clip.clone(), actor.clone());
        web::block(move || {
            damage::report(
                &db,
                Found {
                    clip_id: &c.id,
                    what: "clip",
                    recorded_sha256: &c.sha256,
                    found_sha256: None,
                    found_size: stored_size,
                    actor: Some(&a.user_id),
                    client_ip: a.client_ip.clone(),
                },
            )
        })
        .await
        .map_err(ApiError::internal)?;
        return Err(damaged());
    }
    let (tx, rx) = mpsc::channel::<Result<Bytes, std::io::Error>>(8);
    let (db, c) = (state.db.clone(), clip.clone());
    std::thread::Builder::new()
        .name("sakshya-clip".into())
        .spawn(move || {
            let object = match store.open(&c.storage_key) {
                Ok(o) => o,
                Err(e) => {
                    tracing::warn!(clip.id = %c.id, error = %e, "clip bytes unreadable");
                    let _ = tx.blocking_send(Err(std::io::Error::other(e)));
                    return;
                }
            };
            match stream_verified(object, range, &c.sha256, size, &tx) {
                Outcome::Verified => {}
                Outcome::ClientGone => {
                    tracing::info!(clip.id = %c.id, "the client stopped reading the clip")
                }
                Outcome::Unreadable(e) => {
                    tracing::warn!(clip.id = %c.id, error = %e, "clip bytes unreadable mid-download");
                    let _ = tx.blocking_send(Err(std::io::Error::other(e)));
                }
                Outcome::Damaged { sha256, size } => damage::report(
                    &db,
                    Found {
                        clip_id: &c.id,
                        what: "clip",
                        recorded_sha256: &c.sha256,
                        found_sha256: Some(&sha256),
                        found_size: Some(size),
                        actor: Some(&actor.user_id),
                        client_ip: actor.client_ip.clone(),
                    },
                ),
            }
        })
        .map_err(ApiError::internal)?;
    let body = futures_util::stream::unfold(rx, |mut rx| async move {
        rx.recv().await.map(|item| (item, rx))
    });
    let (status, length) = match range {
        Some(r) => (StatusCode::PARTIAL_CONTENT, r.last - r.first + 1),
        None => (StatusCode::OK, size),
    };
    let mut res = HttpResponse::build(status);
    res.content_type("video/mp4")
        .insert_header(("Accept-Ranges", "bytes"))
        .insert_header(("ETag", format!("\"{}\"", clip.sha256)))
        .insert_header(("x-content-sha256", clip.sha256.to_string()))
        .insert_header((
            "Content-Disposition",
            format!("attachment; filename=\"{}.mp4\"", clip.id),
        ));
    if let Some(r) = range {
        res.insert_header((
            "Content-Range",
            format!("bytes {}-{}/{size}", r.first, r.last),
        ));
    }
    Ok(res.no_chunking(length).streaming(body))
}

/// The stored bytes do not match the clip's record: none are served.
fn damaged() -> ApiError {
    ApiError::new(code::EVIDENCE_DAMAGED,
        "the stored clip does not match its record; it has not been served and the event has been recorded",
    )
}
