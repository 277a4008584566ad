use actix_web::{get, web, HttpResponse};

use crate::auth::Authenticated;
use crate::db::jobs::{self, JobRow};
use crate::db::DbConnection;
use crate::domain::authz::Actor;
use crate::error::ApiError;
use crate::routes::requests::view::JobSummary;
use crate::state::AppState;
use crate::workflow::transition::load_visible;

/// Loads a job whose request the actor may see.
pub fn load_visible_job(
    conn: &mut DbConnection,
    actor: &Actor,
    id: &str,
) -> Result<JobRow, ApiError> {
    let job = jobs::find(conn, id)?.ok_or_else(|| ApiError::not_found("job"))?;
    load_visible(conn, actor, &job.request_id).map_err(|_| ApiError::not_found("job"))?;
    Ok(job)
}

pub fn summary(j: JobRow) -> JobSummary {
    JobSummary {
        id: j.id,
        kind: j.kind,
        state: j.state,
        progress: j.progress,
        percent: (j.progress.clamp(0.0, 1.0) * 100.0).round() as u8,
        attempts: j.attempts,
        last_error: j.last_error,
    }
}

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
    let job = state
        .db
        .read(move |c| load_visible_job(c, &actor, &id))
        .await?;
    Ok(HttpResponse::Ok().json(summary(job)))
}
