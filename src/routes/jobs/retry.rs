use actix_web::{post, web, HttpResponse};

use crate::auth::Authenticated;
use crate::error::ApiError;
use crate::routes::requests::view::JobSummary;
use crate::state::AppState;
use crate::workflow::jobs;

/// Retry a failed job with a fresh set of attempts (operators of the ICCC).
#[utoipa::path(post, path = "/api/v1/jobs/{id}/retry", tag = "jobs", security(("bearer" = [])), responses(
    (status = 200, body = JobSummary),
    (status = 403, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody),
    (status = 409, description = "job_not_failed", body = crate::error::ErrorBody)))]
#[post("/jobs/{id}/retry")]
pub async fn retry_job(
    state: web::Data<AppState>,
    who: Authenticated,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let actor = who.0;
    let id = id.into_inner();
    let job = state.db.write(move |c| jobs::retry(c, &actor, &id)).await?;
    Ok(HttpResponse::Ok().json(JobSummary::from(job)))
}
