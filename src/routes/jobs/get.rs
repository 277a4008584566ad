use actix_web::{get, web, HttpResponse};

use crate::auth::Authenticated;
use crate::error::ApiError;
use crate::routes::requests::view::JobSummary;
use crate::state::AppState;
use crate::workflow::jobs;

/// A job's state and progress.
#[utoipa::path(get, path = "/api/v1/jobs/{id}", tag = "jobs", security(("bearer" = [])), responses(
    (status = 200, body = JobSummary), (status = 404, body = crate::error::ErrorBody)))]
#[get("/jobs/{id}")]
pub async fn get_job(
    state: web::Data<AppState>,
    who: Authenticated,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let actor = who.0;
    let id = id.into_inner();
    let job = state.db.read(move |c| jobs::get(c, &actor, &id)).await?;
    Ok(HttpResponse::Ok().json(JobSummary::from(job)))
}
