use actix_web::{get, web, HttpResponse};

use crate::auth::Authenticated;
use crate::error::ApiError;
use crate::routes::clips::package::{deliver, Reader};
use crate::state::AppState;
use crate::workflow::packages;

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
    let reader = Reader {
        actor: Some(actor.user_id.clone()),
        from: actor.client_ip.clone(),
    };
    let bulk = state.settings.bulk_download_per_hour;
    // A refused download is recorded (and committed) before it is refused.
    let granted = state
        .db
        .write(move |c| packages::for_court(c, &actor, &id, bulk))
        .await??;
    deliver(&state, granted, reader).await
}
