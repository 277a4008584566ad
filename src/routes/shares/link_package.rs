use actix_web::{get, web, HttpRequest, HttpResponse};

use crate::error::ApiError;
use crate::routes::clips::package::{deliver, Reader};
use crate::state::AppState;
use crate::workflow::packages;

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
    // A refused download is recorded (and committed) before it is refused.
    let granted = state
        .db
        .write(move |c| packages::by_link(c, &hash, from, bulk))
        .await??;
    deliver(&state, granted, reader).await
}
