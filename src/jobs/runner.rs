//! Claims due jobs and runs them, with heartbeats, retries and backoff.

use std::time::{Duration as StdDuration, Instant};

use chrono::{Duration, Utc};

use super::{extract, preserve, Heartbeat, JobError};
use crate::db::jobs::{self, JobRow};
use crate::db::time;
use crate::domain::kinds::JobKind;
use crate::periodic::Background;
use crate::state::Services;

/// A job worker: the services, who it is in job claims (host, process,
/// thread) and, for a worker beside one ICCC's recorders, that ICCC.
#[derive(Clone)]
pub struct Worker {
    pub services: Services,
    pub id: String,
    /// Claim only the jobs of this ICCC's requests (organisation id).
    pub iccc: Option<String>,
}

impl Worker {
    /// A worker of this process for any ICCC's jobs.
    pub fn new(services: Services) -> Self {
        let host = std::env::var("HOSTNAME").unwrap_or_else(|_| "local".into());
        Self {
            services,
            id: format!("{host}:{}", std::process::id()),
            iccc: None,
        }
    }
}

fn backoff(attempts: i32) -> Duration {
    let secs = 5i64.saturating_mul(1 << attempts.clamp(0, 7));
    Duration::seconds(secs.min(600))
}

/// Claims and runs one due job. Returns whether there was one.
pub fn run_one(w: &Worker) -> Result<bool, JobError> {
    let ctx = &w.services;
    let stale = Duration::seconds(i64::from(ctx.settings.job_stale_secs));
    let worker = w.id.clone();
    let job = ctx
        .db
        .write_blocking(|c| -> Result<Option<JobRow>, JobError> {
            let now = time::now();
            jobs::requeue_stale(c, now - stale, now)?;
            Ok(jobs::claim(c, &worker, now, w.iccc.as_deref())?)
        })?;
    let Some(job) = job else {
        return Ok(false);
    };
    let span = tracing::info_span!("job", job.id = %job.id, job.kind = %job.kind, job.attempt = job.attempts);
    let _enter = span.enter();
    let started = Instant::now();
    let mut hb = Heartbeat::new(&ctx.db, &w.id, &job.id);
    let result = match job.kind {
        JobKind::Extract => extract::run(ctx, &job, &mut hb),
        JobKind::Preserve => preserve::run(ctx, &job, &mut hb),
    };
    let now = time::now();
    match result {
        Ok(()) => {
            ctx.db.write_blocking(|c| {
                jobs::succeed(c, &job.id, &worker, now).map_err(JobError::from)
            })?;
            tracing::info!(
                duration_ms = started.elapsed().as_millis() as u64,
                "job done"
            );
        }
        Err(JobError::LostClaim) => tracing::warn!("job taken over by another worker"),
        Err(e) => {
            let retry_at = time::to_db(Utc::now() + backoff(job.attempts));
            let msg = describe(&e);
            // A failure another attempt cannot mend spends every attempt.
            let spent = JobRow {
                attempts: job.max_attempts,
                ..job.clone()
            };
            let charged = if e.is_retryable() { &job } else { &spent };
            ctx.db.write_blocking(|c| {
                jobs::fail(c, charged, &worker, &msg, retry_at, now).map_err(JobError::from)
            })?;
            tracing::warn!(error = %msg, attempts = job.attempts, max_attempts = job.max_attempts, "job failed");
        }
    }
    Ok(true)
}

/// The error as the job's `last_error`: a full disk (ENOSPC from the
/// scratch file, the local store or FFmpeg's writer, or a full database)
/// is named as such, so the operator knows what to fix before retrying.
fn describe(e: &JobError) -> String {
    let msg = e.to_string();
    let disk = if matches!(e, JobError::Db(crate::db::DbError::Full(_))) {
        "the database's disk"
    } else if msg.contains("No space left on device") || msg.contains("os error 28") {
        "the data directory's disk"
    } else {
        return msg;
    };
    format!("storage full: {disk} has no space left; free space, then retry ({msg})")
}

/// Runs jobs until none is due (tests and `sakshya worker --once`).
pub fn run_pending(w: &Worker) -> Result<usize, JobError> {
    let mut n = 0;
    while run_one(w)? {
        n += 1;
    }
    Ok(n)
}

/// Starts `count` workers among `bg`'s loops: each claims and runs jobs
/// until shutdown, finishing the job in hand first (drained by
/// `Background::stop`).
pub fn spawn_workers(bg: &mut Background, worker: Worker, count: usize) {
    for i in 0..count {
        let mut w = worker.clone();
        w.id = format!("{}:{i}", w.id);
        let stop = bg.shutdown.clone();
        bg.thread(&format!("worker-{i}"), move || {
            let idle = StdDuration::from_millis(w.services.settings.job_poll_ms.max(50));
            while !stop.is_triggered() {
                match run_one(&w) {
                    Ok(true) => {}
                    Ok(false) => {
                        stop.sleep(idle);
                    }
                    Err(e) => {
                        tracing::warn!(error = %e, "job runner error");
                        stop.sleep(idle * 4);
                    }
                }
            }
        });
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn backoff_grows_and_is_capped() {
        assert_eq!(super::backoff(1).num_seconds(), 10);
        assert_eq!(super::backoff(3).num_seconds(), 40);
        assert_eq!(super::backoff(30).num_seconds(), 600);
    }
}
