use actix_web::{post, web, HttpResponse};

use super::get::{load_visible_job, summary};
use crate::auth::Authenticated;
use crate::db::{jobs, requests, time};
use crate::error::{code, ApiError};
use crate::state::AppState;
use crate::workflow::transition::scope;

/// Retry a failed job with a fresh set of attempts (operators of the ICCC).
#[utoipa::path(post, path = "/api/v1/jobs/{id}/retry", tag = "jobs", security(("bearer" = [])), responses(
    (status = 200, body = crate::routes::requests::view::JobSummary),
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
    let job = state
        .db
        .write(move |c| {
            let job = load_visible_job(c, &actor, &id)?;
            let req =
                requests::find(c, &job.request_id)?.ok_or_else(|| ApiError::not_found("job"))?;
            if actor.role != crate::domain::role::Role::Operator
                || !actor.can_act_on_request(&scope(&req))
            {
                return Err(ApiError::forbidden(
                    "only an operator of the ICCC retries jobs",
                ));
            }
            if !jobs::retry(c, &job.id, time::now())? {
                return Err(ApiError::conflict(
                    code::JOB_NOT_FAILED,
                    "only a failed job can be retried",
                ));
            }
            jobs::find(c, &job.id)?.ok_or_else(|| ApiError::not_found("job"))
        })
        .await?;
    Ok(HttpResponse::Ok().json(summary(job)))
}
