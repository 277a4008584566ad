//! Progress reporting for a running job: a heartbeat at most every two
//! seconds, and the news that another worker took the job over.

use std::time::{Duration as StdDuration, Instant};

use super::JobError;
use crate::db::{jobs, time, Db};

pub struct Heartbeat<'a> {
    db: &'a Db,
    worker_id: &'a str,
    job_id: String,
    last: Instant,
    lost: bool,
}

impl<'a> Heartbeat<'a> {
    pub fn new(db: &'a Db, worker_id: &'a str, job_id: &str) -> Self {
        Self {
            db,
            worker_id,
            job_id: job_id.to_owned(),
            last: Instant::now(),
            lost: false,
        }
    }

    pub fn beat(&mut self, progress: f64) -> Result<(), JobError> {
        if self.lost {
            return Err(JobError::LostClaim);
        }
        if self.last.elapsed() < StdDuration::from_secs(2) && progress < 1.0 {
            return Ok(());
        }
        self.last = Instant::now();
        let (id, w) = (self.job_id.clone(), self.worker_id.to_owned());
        let held = self.db.write_blocking(|c| {
            jobs::heartbeat(c, &id, &w, progress, time::now()).map_err(JobError::from)
        })?;
        if !held {
            self.lost = true;
            return Err(JobError::LostClaim);
        }
        Ok(())
    }
}
