use actix_web::{get, web, HttpRequest, HttpResponse};

use crate::db::{clips, shares};
use crate::error::ApiError;
use crate::routes::clips::package::{deliver, record_package_event, Reader};
use crate::state::AppState;
use crate::workflow::sharing;

/// Download a package by secret link (no login). Counted against the
/// share's limit and recorded as a custody event with the client's
/// address. Unknown links are 404; expired, revoked or used-up ones 410.
#[utoipa::path(get, path = "/api/v1/share-links/{token}/package", tag = "sharing", responses(
    (status = 200, description = "the package", content_type = "application/zip"),
    (status = 404, body = crate::error::ErrorBody), (status = 410, body = crate::error::ErrorBody)))]
#[get("/share-links/{token}/package")]
pub async fn link_package(
    req: HttpRequest,
    state: web::Data<AppState>,
    token: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let hash = crate::digest::sha256_hex(token.into_inner().as_bytes());
    let from = crate::client_addr::text(&req);
    let reader = Reader {
        actor: None,
        from: from.clone(),
    };
    let bulk = state.settings.bulk_download_per_hour;
    let (clip, ids) = state
        .db
        .write(move |c| {
            let share =
                shares::by_token_hash(c, &hash)?.ok_or_else(|| ApiError::not_found("share"))?;
            let clip =
                clips::find(c, &share.clip_id)?.ok_or_else(|| ApiError::not_found("share"))?;
            // A refused download is recorded too (and committed).
            if let Err(why) = crate::retention::erase::ensure_present(c, &clip.id)
                .and_then(|()| sharing::take_download(c, &share))
            {
                sharing::record_refusal(c, &share, &clip, None, from, &why)?;
                return Ok(Err(why));
            }
            let ids = record_package_event(
                c,
                &clip,
                None,
                from,
                serde_json::json!({ "share_id": share.id, "via": "link" }),
                bulk,
            )?;
            Ok::<_, ApiError>(Ok((clip, ids)))
        })
        .await??;
    deliver(&state, clip, ids, reader).await
}
