//! A request's jobs as its users see them, and an operator's retry of a
//! failed one.

use super::enforce;
use super::transition::{load_visible, scope};
use crate::db::jobs::{self, JobRow};
use crate::db::{time, DbConnection};
use crate::domain::authz::Actor;
use crate::error::{code, ApiError};

/// A job whose request the actor may see (404 otherwise).
pub fn get(conn: &mut DbConnection, actor: &Actor, id: &str) -> Result<JobRow, ApiError> {
    let job = jobs::find(conn, id)?.ok_or_else(|| ApiError::not_found("job"))?;
    load_visible(conn, actor, &job.request_id).map_err(|_| ApiError::not_found("job"))?;
    Ok(job)
}

/// Gives a failed job a fresh set of attempts (operators of the ICCC).
pub fn retry(conn: &mut DbConnection, actor: &Actor, id: &str) -> Result<JobRow, ApiError> {
    let job = jobs::find(conn, id)?.ok_or_else(|| ApiError::not_found("job"))?;
    let req = load_visible(conn, actor, &job.request_id).map_err(|_| ApiError::not_found("job"))?;
    enforce(actor.may_operate(&scope(&req)), "job")?;
    if !jobs::retry(conn, &job.id, time::now())? {
        return Err(ApiError::conflict(
            code::JOB_NOT_FAILED,
            "only a failed job can be retried",
        ));
    }
    tracing::info!(job.id = %job.id, actor.id = %actor.user_id, "job retried");
    jobs::find(conn, &job.id)?.ok_or_else(|| ApiError::not_found("job"))
}
