use actix_web::{get, web, HttpResponse};

use crate::auth::Authenticated;
use crate::db::{clips, shares};
use crate::domain::role::Role;
use crate::error::ApiError;
use crate::routes::clips::package::{deliver, record_package_event, Reader};
use crate::state::AppState;
use crate::workflow::sharing;

/// A court user downloads a package shared with their court. Counted
/// against the share's limit and recorded as a custody event.
#[utoipa::path(get, path = "/api/v1/shared/{id}/package", tag = "sharing", security(("bearer" = [])), responses(
    (status = 200, description = "the package", content_type = "application/zip"),
    (status = 404, body = crate::error::ErrorBody), (status = 410, body = crate::error::ErrorBody)))]
#[get("/shared/{id}/package")]
pub async fn shared_package(
    state: web::Data<AppState>,
    who: Authenticated,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let actor = who.0;
    let id = id.into_inner();
    let from = actor.client_ip.clone();
    let reader = Reader {
        actor: Some(actor.user_id.clone()),
        from: from.clone(),
    };
    let bulk = state.settings.bulk_download_per_hour;
    let (clip, ids) = state
        .db
        .write(move |c| {
            let share = shares::find(c, &id)?
                .filter(|s| {
                    actor.role == Role::Court
                        && s.recipient_org_id.as_deref() == Some(actor.org_id.as_str())
                })
                .ok_or_else(|| ApiError::not_found("share"))?;
            let clip =
                clips::find(c, &share.clip_id)?.ok_or_else(|| ApiError::not_found("share"))?;
            // A refused download is recorded too (and committed).
            if let Err(why) = crate::retention::erase::ensure_present(c, &clip.id)
                .and_then(|()| sharing::take_download(c, &share))
            {
                sharing::record_refusal(c, &share, &clip, Some(&actor.user_id), from, &why)?;
                return Ok(Err(why));
            }
            let ids = record_package_event(
                c,
                &clip,
                Some(&actor.user_id),
                from,
                serde_json::json!({ "share_id": share.id }),
                bulk,
            )?;
            Ok::<_, ApiError>(Ok((clip, ids)))
        })
        .await??;
    deliver(&state, clip, ids, reader).await
}
