//! The durable job queue.
//!
//! A job is claimed by one worker at a time: on PostgreSQL with
//! `FOR UPDATE SKIP LOCKED`, on SQLite by a single `UPDATE … RETURNING`
//! (one statement takes SQLite's write lock, so it is exclusive). A running
//! job whose heartbeat is older than the stale limit is put back in the
//! queue. Failures go back to the queue with a delay until `max_attempts`.

use crate::domain::kinds::{JobKind, JobState};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::sql_types::{Nullable, Text, Timestamp};

use super::connection::DbConnection;
use super::schema::jobs;

pub const QUEUED: JobState = JobState::Queued;
pub const RUNNING: JobState = JobState::Running;
pub const SUCCEEDED: JobState = JobState::Succeeded;
pub const FAILED: JobState = JobState::Failed;

pub const KIND_EXTRACT: JobKind = JobKind::Extract;
pub const KIND_PRESERVE: JobKind = JobKind::Preserve;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = jobs)]
pub struct JobRow {
    pub id: String,
    pub kind: JobKind,
    pub request_id: String,
    pub item_id: String,
    pub state: JobState,
    pub attempts: i32,
    pub max_attempts: i32,
    pub last_error: Option<String>,
    pub run_after: NaiveDateTime,
    pub claimed_by: Option<String>,
    pub heartbeat_at: Option<NaiveDateTime>,
    pub progress: f64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub finished_at: Option<NaiveDateTime>,
}

/// Adds a job unless one of the same kind exists for the item; returns its id.
pub fn enqueue(
    conn: &mut DbConnection,
    kind: JobKind,
    request_id: &str,
    item_id: &str,
    max_attempts: i32,
    now: NaiveDateTime,
) -> QueryResult<String> {
    let existing: Option<String> = jobs::table
        .filter(jobs::kind.eq(kind))
        .filter(jobs::item_id.eq(item_id))
        .select(jobs::id)
        .first(conn)
        .optional()?;
    if let Some(id) = existing {
        return Ok(id);
    }
    let id = uuid::Uuid::now_v7().to_string();
    diesel::insert_into(jobs::table)
        .values(&JobRow {
            id: id.clone(),
            kind,
            request_id: request_id.to_owned(),
            item_id: item_id.to_owned(),
            state: QUEUED,
            attempts: 0,
            max_attempts,
            last_error: None,
            run_after: now,
            claimed_by: None,
            heartbeat_at: None,
            progress: 0.0,
            created_at: now,
            updated_at: now,
            finished_at: None,
        })
        .execute(conn)?;
    Ok(id)
}

#[derive(QueryableByName)]
struct ClaimedId {
    #[diesel(sql_type = Text)]
    id: String,
}

// $3 / ?3: only jobs of requests of this ICCC, when not NULL.
const CLAIM_PG: &str = "UPDATE jobs SET state = 'running', claimed_by = $1, heartbeat_at = $2, \
    attempts = attempts + 1, updated_at = $2 \
    WHERE id = (SELECT id FROM jobs WHERE state = 'queued' AND run_after <= $2 \
                AND (CAST($3 AS TEXT) IS NULL OR request_id IN \
                     (SELECT r.id FROM footage_requests r WHERE r.iccc_id = $3)) \
                ORDER BY run_after, created_at LIMIT 1 FOR UPDATE SKIP LOCKED) \
    RETURNING id";

const CLAIM_SQLITE: &str =
    "UPDATE jobs SET state = 'running', claimed_by = ?1, heartbeat_at = ?2, \
    attempts = attempts + 1, updated_at = ?2 \
    WHERE id = (SELECT id FROM jobs WHERE state = 'queued' AND run_after <= ?2 \
                AND (?3 IS NULL OR request_id IN \
                     (SELECT r.id FROM footage_requests r WHERE r.iccc_id = ?3)) \
                ORDER BY run_after, created_at LIMIT 1) \
    RETURNING id";

/// Puts running jobs with a stale heartbeat back in the queue.
pub fn requeue_stale(
    conn: &mut DbConnection,
    stale_before: NaiveDateTime,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(
        jobs::table
            .filter(jobs::state.eq(RUNNING))
            .filter(jobs::heartbeat_at.lt(stale_before)),
    )
    .set((
        jobs::state.eq(QUEUED),
        jobs::claimed_by.eq(None::<String>),
        jobs::last_error.eq("the worker stopped responding; requeued"),
        jobs::run_after.eq(now),
        jobs::updated_at.eq(now),
    ))
    .execute(conn)
}

/// Claims the next due job for `worker`, if any; with `iccc`, only among
/// that ICCC's requests.
pub fn claim(
    conn: &mut DbConnection,
    worker: &str,
    now: NaiveDateTime,
    iccc: Option<&str>,
) -> QueryResult<Option<JobRow>> {
    let claimed = match conn {
        DbConnection::Pg(c) => diesel::sql_query(CLAIM_PG)
            .bind::<Text, _>(worker)
            .bind::<Timestamp, _>(now)
            .bind::<Nullable<Text>, _>(iccc)
            .get_result::<ClaimedId>(c)
            .optional()?,
        DbConnection::Sqlite(c) => diesel::sql_query(CLAIM_SQLITE)
            .bind::<Text, _>(worker)
            .bind::<Timestamp, _>(now)
            .bind::<Nullable<Text>, _>(iccc)
            .get_result::<ClaimedId>(c)
            .optional()?,
    };
    match claimed {
        Some(c) => find(conn, &c.id),
        None => Ok(None),
    }
}

pub fn find(conn: &mut DbConnection, id: &str) -> QueryResult<Option<JobRow>> {
    jobs::table
        .find(id)
        .select(JobRow::as_select())
        .first(conn)
        .optional()
}

pub fn for_request(conn: &mut DbConnection, request_id: &str) -> QueryResult<Vec<JobRow>> {
    jobs::table
        .filter(jobs::request_id.eq(request_id))
        .order(jobs::created_at.asc())
        .select(JobRow::as_select())
        .load(conn)
}

/// Records progress; returns false if `worker` no longer holds the job.
pub fn heartbeat(
    conn: &mut DbConnection,
    id: &str,
    worker: &str,
    progress: f64,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    diesel::update(
        jobs::table
            .find(id)
            .filter(jobs::state.eq(RUNNING))
            .filter(jobs::claimed_by.eq(worker)),
    )
    .set((
        jobs::heartbeat_at.eq(now),
        jobs::progress.eq(progress),
        jobs::updated_at.eq(now),
    ))
    .execute(conn)
    .map(|n| n == 1)
}

/// Marks the job done if `worker` still holds it.
pub fn succeed(
    conn: &mut DbConnection,
    id: &str,
    worker: &str,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    diesel::update(
        jobs::table
            .find(id)
            .filter(jobs::state.eq(RUNNING))
            .filter(jobs::claimed_by.eq(worker)),
    )
    .set((
        jobs::state.eq(SUCCEEDED),
        jobs::progress.eq(1.0),
        jobs::finished_at.eq(now),
        jobs::updated_at.eq(now),
    ))
    .execute(conn)
    .map(|n| n == 1)
}

/// Records a failure: back to the queue after `retry_at`, or `failed` for
/// good once the attempts are spent.
pub fn fail(
    conn: &mut DbConnection,
    job: &JobRow,
    worker: &str,
    error: &str,
    retry_at: NaiveDateTime,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    let spent = job.attempts >= job.max_attempts;
    let target = jobs::table
        .find(&job.id)
        .filter(jobs::state.eq(RUNNING))
        .filter(jobs::claimed_by.eq(worker));
    let n = if spent {
        diesel::update(target)
            .set((
                jobs::state.eq(FAILED),
                jobs::last_error.eq(error),
                jobs::finished_at.eq(now),
                jobs::updated_at.eq(now),
            ))
            .execute(conn)?
    } else {
        diesel::update(target)
            .set((
                jobs::state.eq(QUEUED),
                jobs::last_error.eq(error),
                jobs::claimed_by.eq(None::<String>),
                jobs::run_after.eq(retry_at),
                jobs::updated_at.eq(now),
            ))
            .execute(conn)?
    };
    Ok(n == 1)
}

/// An operator's retry of a failed job: a fresh set of attempts.
pub fn retry(conn: &mut DbConnection, id: &str, now: NaiveDateTime) -> QueryResult<bool> {
    diesel::update(jobs::table.find(id).filter(jobs::state.eq(FAILED)))
        .set((
            jobs::state.eq(QUEUED),
            jobs::attempts.eq(0),
            jobs::run_after.eq(now),
            jobs::claimed_by.eq(None::<String>),
            jobs::finished_at.eq(None::<NaiveDateTime>),
            jobs::progress.eq(0.0),
            jobs::updated_at.eq(now),
        ))
        .execute(conn)
        .map(|n| n == 1)
}

/// Queued jobs by kind: (kind, count, oldest creation time).
pub fn queue_depth(
    conn: &mut DbConnection,
) -> QueryResult<Vec<(String, i64, Option<chrono::NaiveDateTime>)>> {
    jobs::table
        .filter(jobs::state.eq(QUEUED))
        .group_by(jobs::kind)
        .select((
            jobs::kind,
            diesel::dsl::count_star(),
            diesel::dsl::min(jobs::created_at),
        ))
        .load(conn)
}
