use actix_web::{delete, put, web, HttpResponse};
use serde::Deserialize;

use super::view::ChannelView;
use crate::auth::Authenticated;
use crate::domain::ids::RecorderId;
use crate::error::ApiError;
use crate::state::AppState;

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ChannelBody {
    /// The registry camera this channel records (same ICCC).
    pub camera_id: String,
    /// ONVIF only: the recording token of the channel's recording.
    pub recording_token: Option<String>,
}

/// Map a recorder channel to a camera (its ICCC's admins).
#[utoipa::path(put, path = "/api/v1/recorders/{id}/channels/{channel}", tag = "recorders", request_body = ChannelBody, security(("bearer" = [])), responses(
    (status = 200, body = ChannelView),
    (status = 403, body = crate::error::ErrorBody),
    (status = 404, body = crate::error::ErrorBody),
    (status = 409, description = "duplicate_recorder", body = crate::error::ErrorBody),
    (status = 422, body = crate::error::ErrorBody)))]
#[put("/recorders/{id}/channels/{channel}")]
pub async fn map_channel(
    state: web::Data<AppState>,
    who: Authenticated,
    path: web::Path<(String, i64)>,
    body: web::Json<ChannelBody>,
) -> Result<HttpResponse, ApiError> {
    let actor = who.0;
    let (id, channel) = path.into_inner();
    let id: RecorderId = id.parse()?;
    let b = body.into_inner();
    let row = state
        .db
        .write(move |c| {
            crate::workflow::recorders::map_channel(
                c,
                Some(&actor),
                &id,
                channel,
                &b.camera_id,
                b.recording_token,
            )
        })
        .await?;
    Ok(HttpResponse::Ok().json(ChannelView::from(row)))
}

/// Unmap a recorder channel (its ICCC's admins).
#[utoipa::path(delete, path = "/api/v1/recorders/{id}/channels/{channel}", tag = "recorders", security(("bearer" = [])), responses(
    (status = 204), (status = 403, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody), (status = 422, body = crate::error::ErrorBody)))]
#[delete("/recorders/{id}/channels/{channel}")]
pub async fn unmap_channel(
    state: web::Data<AppState>,
    who: Authenticated,
    path: web::Path<(String, i64)>,
) -> Result<HttpResponse, ApiError> {
    let actor = who.0;
    let (id, channel) = path.into_inner();
    let id: RecorderId = id.parse()?;
    state
        .db
        .write(move |c| crate::workflow::recorders::unmap_channel(c, &actor, &id, channel))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
