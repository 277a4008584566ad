use actix_web::{get, web, HttpResponse};
use serde::Deserialize;

use super::ProofView;
use crate::custody::proofs;
use crate::error::ApiError;
use crate::state::AppState;

#[derive(Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct InclusionQuery {
    /// Zero-based leaf index.
    pub index: u64,
    /// Tree size the proof is for (at most the log's size).
    pub size: u64,
}

/// RFC 6962 inclusion proof of leaf `index` in the tree of `size` leaves.
#[utoipa::path(get, path = "/api/v1/log/proof/inclusion", tag = "integrity", params(InclusionQuery), responses(
    (status = 200, body = ProofView), (status = 400, body = crate::error::ErrorBody)))]
#[get("/log/proof/inclusion")]
pub async fn inclusion(
    state: web::Data<AppState>,
    q: web::Query<InclusionQuery>,
) -> Result<HttpResponse, ApiError> {
    let q = q.into_inner();
    let hashes = state
        .db
        .read(move |c| Ok::<_, ApiError>(proofs::inclusion(c, q.index, q.size)?))
        .await?;
    Ok(HttpResponse::Ok().json(ProofView::new(&hashes)))
}
