use actix_web::{get, web, HttpResponse};
use serde::Deserialize;

use super::ProofView;
use crate::custody::proofs;
use crate::error::ApiError;
use crate::state::AppState;

#[derive(Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct ConsistencyQuery {
    /// The older tree's size.
    pub from: u64,
    /// The newer tree's size (at most the log's size).
    pub to: u64,
}

/// RFC 6962 consistency proof: the tree of `to` leaves extends the tree of
/// `from` leaves.
#[utoipa::path(get, path = "/api/v1/log/proof/consistency", tag = "integrity", params(ConsistencyQuery), responses(
    (status = 200, body = ProofView), (status = 400, body = crate::error::ErrorBody)))]
#[get("/log/proof/consistency")]
pub async fn consistency(
    state: web::Data<AppState>,
    q: web::Query<ConsistencyQuery>,
) -> Result<HttpResponse, ApiError> {
    let q = q.into_inner();
    let hashes = state
        .db
        .read(move |c| Ok::<_, ApiError>(proofs::consistency(c, q.from, q.to)?))
        .await?;
    Ok(HttpResponse::Ok().json(ProofView::new(&hashes)))
}
