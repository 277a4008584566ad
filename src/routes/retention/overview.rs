//! `GET /api/v1/retention`: the retention policy in force, the schedule of
//! clips due for erasure and the latest erasures, within the caller's
//! scope (ICCC administrators and auditors).

use actix_web::{get, web, HttpResponse};

use crate::auth::Authenticated;
use crate::error::ApiError;
use crate::state::AppState;
use crate::workflow::retention_overview::{overview, RetentionOverview};

/// The retention policy, schedule and latest erasures in scope.
#[utoipa::path(get, path = "/api/v1/retention", tag = "retention", security(("bearer" = [])), responses(
    (status = 200, body = RetentionOverview), (status = 403, body = crate::error::ErrorBody)))]
#[get("/retention")]
pub async fn retention_overview(
    state: web::Data<AppState>,
    who: Authenticated,
) -> Result<HttpResponse, ApiError> {
    let actor = who.0;
    let s = state.settings.clone();
    let view = state.db.read(move |c| overview(c, &actor, &s)).await?;
    Ok(HttpResponse::Ok().json(view))
}
