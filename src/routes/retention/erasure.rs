use actix_web::{get, web, HttpResponse};
use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::auth::Authenticated;
use crate::db::retention::{self, ErasureRow};
use crate::db::time;
use crate::error::ApiError;
use crate::routes::clips::get::load_accessible;
use crate::state::AppState;

/// The tombstone of an erased clip.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ErasureView {
    pub clip_id: String,
    pub sha256: String,
    pub size_bytes: i64,
    pub storage_key: String,
    /// SHA-256 of the signed manifest, which is still served.
    pub manifest_sha256: Option<String>,
    /// The user who erased it; `null` for the retention job.
    pub erased_by: Option<String>,
    pub basis: String,
    pub reason: String,
    pub erased_at: DateTime<Utc>,
}

impl From<ErasureRow> for ErasureView {
    fn from(r: ErasureRow) -> Self {
        Self {
            clip_id: r.clip_id,
            sha256: r.sha256,
            size_bytes: r.size_bytes,
            storage_key: r.storage_key,
            manifest_sha256: r.manifest_sha256,
            erased_by: r.erased_by,
            basis: r.basis,
            reason: r.reason,
            erased_at: time::from_db(r.erased_at),
        }
    }
}

/// The clip's erasure tombstone; 404 while its bytes are still stored.
#[utoipa::path(get, path = "/api/v1/clips/{id}/erasure", tag = "retention", security(("bearer" = [])), responses(
    (status = 200, body = ErasureView), (status = 404, body = crate::error::ErrorBody)))]
#[get("/clips/{id}/erasure")]
pub async fn get_erasure(
    state: web::Data<AppState>,
    who: Authenticated,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let actor = who.0;
    let id = id.into_inner();
    let row = state
        .db
        .read(move |c| {
            let clip = load_accessible(c, &actor, &id)?;
            retention::erasure(c, &clip.id)?.ok_or_else(|| ApiError::not_found("erasure"))
        })
        .await?;
    Ok(HttpResponse::Ok().json(ErasureView::from(row)))
}
