//! Durable background jobs: one file per job kind, and the runner that
//! claims them. Every job is idempotent: running a finished job again
//! changes nothing, so a crash at any point is recovered by running it again.

pub mod extract;
pub mod preserve;
pub mod runner;

use std::path::PathBuf;
use std::sync::Arc;

use crate::config::Settings;
use crate::db::Db;
use crate::recordings::Layout;
use crate::storage::LocalStore;

/// What jobs need from the service.
#[derive(Clone)]
pub struct JobContext {
    pub db: Db,
    pub settings: Arc<Settings>,
    pub layout: Layout,
    pub store: LocalStore,
    /// Identifies this worker in job claims (host, process, thread).
    pub worker_id: String,
}

impl JobContext {
    pub fn new(db: Db, settings: Arc<Settings>) -> std::io::Result<Self> {
        let layout = Layout::new(settings.recordings_root(), &settings.recordings_pattern);
        let store = LocalStore::open(&settings.evidence_root())?;
        std::fs::create_dir_all(settings.preserved_root())?;
        let host = std::env::var("HOSTNAME").unwrap_or_else(|_| "local".into());
        Ok(Self {
            db,
            settings,
            layout,
            store,
            worker_id: format!("{host}:{}", std::process::id()),
        })
    }

    pub fn preserved_path(&self, rel: &str) -> PathBuf {
        self.settings.preserved_root().join(rel)
    }
}

/// Why a job run failed; every failure is retried with backoff.
#[derive(Debug, thiserror::Error)]
pub enum JobError {
    #[error(transparent)]
    Db(#[from] crate::db::DbError),
    #[error("{0}")]
    Api(crate::error::ApiError),
    #[error("{0}")]
    Invalid(#[from] crate::domain::ValidationError),
    #[error(transparent)]
    Media(#[from] crate::media::MediaError),
    #[error(transparent)]
    Io(#[from] std::io::Error),
    /// Another worker took the job over (our claim went stale).
    #[error("lost the claim on this job")]
    LostClaim,
}

impl From<crate::error::ApiError> for JobError {
    fn from(e: crate::error::ApiError) -> Self {
        JobError::Api(e)
    }
}

impl From<diesel::result::Error> for JobError {
    fn from(e: diesel::result::Error) -> Self {
        JobError::Db(e.into())
    }
}
