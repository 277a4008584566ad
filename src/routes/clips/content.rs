use actix_web::http::header::{ContentDisposition, DispositionParam, DispositionType};
use actix_web::http::StatusCode;
use actix_web::{get, web, HttpRequest, HttpResponse};

use super::get::load_accessible;
use crate::auth::Authenticated;
use crate::db::clips::ClipRow;
use crate::db::requests::{self, NewEvent};
use crate::error::{code, ApiError};
use crate::state::AppState;
use crate::storage::s3::S3Object;
use crate::storage::Download;

/// Download a clip (MP4, with HTTP range support for playback). Every
/// download is recorded in the request's history before a byte is sent.
#[utoipa::path(get, path = "/api/v1/clips/{id}/content", tag = "clips", security(("bearer" = [])), responses(
    (status = 200, description = "the clip bytes", content_type = "video/mp4"),
    (status = 206, description = "a byte range of the clip"),
    (status = 403, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody)))]
#[get("/clips/{id}/content")]
pub async fn clip_content(
    state: web::Data<AppState>,
    req: HttpRequest,
    who: Authenticated,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let actor = who.0;
    let id = id.into_inner();
    let range = req
        .headers()
        .get(actix_web::http::header::RANGE)
        .and_then(|v| v.to_str().ok())
        .map(|r| r.chars().take(100).collect::<String>());
    let from = actor.client_ip.clone();
    let bulk = state.settings.bulk_download_per_hour;
    let clip = state
        .db
        .write(move |c| {
            let clip = load_accessible(c, &actor, &id)?;
            crate::retention::erase::ensure_present(c, &clip.id)?;
            let req = requests::find(c, &clip.request_id)?
                .ok_or_else(|| ApiError::not_found("request"))?;
            let what = match &range {
                Some(r) => format!("clip {} ({r})", clip.id),
                None => format!("clip {}", clip.id),
            };
            requests::insert_event(c, &NewEvent::note(&req, &actor, "clip_downloaded", what))?;
            crate::custody::record(
                c,
                crate::custody::NewCustody::new("downloaded")
                    .request(&clip.request_id)
                    .clip(&clip.id)
                    .actor(Some(&actor.user_id))
                    .sha256(&clip.sha256)
                    .from_addr(from.clone())
                    .details(serde_json::json!({ "what": "clip", "range": range })),
            )?;
            crate::security::downloads::check(c, bulk, &actor.user_id, from)?;
            Ok::<_, ApiError>(clip)
        })
        .await?;
    match state.jobs.store.download(&clip.storage_key) {
        Download::File(path) => {
            // Never serve bytes whose length no longer matches the record.
            let len = std::fs::metadata(&path).map(|m| m.len()).ok();
            if len != u64::try_from(clip.size_bytes).ok() {
                return Err(damaged(&clip.id, len));
            }
            let file = actix_files::NamedFile::open_async(&path)
                .await
                .map_err(|e| ApiError::internal(format!("clip {} bytes unreadable: {e}", clip.id)))?
                .set_content_type("video/mp4".parse().map_err(ApiError::internal)?)
                .set_content_disposition(ContentDisposition {
                    disposition: DispositionType::Attachment,
                    parameters: vec![DispositionParam::Filename(format!("{}.mp4", clip.id))],
                })
                .use_etag(true)
                .use_last_modified(false);
            let mut res = file.into_response(&req);
            res.headers_mut().insert(
                actix_web::http::header::HeaderName::from_static("x-content-sha256"),
                actix_web::http::header::HeaderValue::from_str(&clip.sha256)
                    .map_err(ApiError::internal)?,
            );
            Ok(res)
        }
        Download::S3(obj) => stream_s3(obj, range_header(&req), &clip).await,
    }
}

fn range_header(req: &HttpRequest) -> Option<String> {
    req.headers()
        .get(actix_web::http::header::RANGE)
        .and_then(|v| v.to_str().ok())
        .filter(|r| r.starts_with("bytes=") && r.len() < 100)
        .map(str::to_owned)
}

/// Streams an S3 object (or the requested byte range) to the client.
/// The stored bytes do not match the clip's record: refuse to serve them
/// and raise a security event.
fn damaged(clip_id: &str, found: Option<u64>) -> ApiError {
    tracing::error!(security.event = "evidence_damaged", clip.id = %clip_id, store.size_bytes = ?found, "stored clip does not match its record");
    ApiError::new(
        StatusCode::INTERNAL_SERVER_ERROR,
        code::EVIDENCE_DAMAGED,
        "the stored clip does not match its record; it has not been served and the event has been logged",
    )
}

async fn stream_s3(
    obj: S3Object,
    range: Option<String>,
    clip: &ClipRow,
) -> Result<HttpResponse, ApiError> {
    let (sha256, clip_id) = (clip.sha256.as_str(), clip.id.as_str());
    let out = obj
        .client
        .get_object()
        .bucket(&obj.bucket)
        .key(&obj.key)
        .set_range(range.clone())
        .send()
        .await
        .map_err(|e| ApiError::internal(format!("clip {clip_id} bytes unreadable from S3: {e}")))?;
    let total = match out.content_range() {
        Some(cr) => cr.rsplit('/').next().and_then(|t| t.parse::<u64>().ok()),
        None => out.content_length().and_then(|l| u64::try_from(l).ok()),
    };
    if total != u64::try_from(clip.size_bytes).ok() {
        return Err(damaged(clip_id, total));
    }
    let status = if out.content_range().is_some() {
        StatusCode::PARTIAL_CONTENT
    } else {
        StatusCode::OK
    };
    let mut res = HttpResponse::build(status);
    res.content_type("video/mp4")
        .insert_header(("Accept-Ranges", "bytes"))
        .insert_header(("x-content-sha256", sha256.to_owned()))
        .insert_header((
            "Content-Disposition",
            format!("attachment; filename=\"{clip_id}.mp4\""),
        ));
    if let Some(cr) = out.content_range() {
        res.insert_header(("Content-Range", cr.to_owned()));
    }
    if let Some(len) = out.content_length() {
        res.no_chunking(u64::try_from(len).unwrap_or(0));
    }
    let body = futures_util::stream::unfold(out.body, |mut b| async move {
        match b.next().await {
            Some(Ok(chunk)) => Some((Ok::<_, actix_web::Error>(chunk), b)),
            Some(Err(e)) => Some((Err(actix_web::error::ErrorInternalServerError(e)), b)),
            None => None,
        }
    });
    Ok(res.streaming(body))
}
