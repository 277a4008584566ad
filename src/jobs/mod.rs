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
use crate::storage::{SelfCheck, Store};

/// What jobs need from the service.
#[derive(Clone)]
pub struct JobContext {
    pub db: Db,
    pub settings: Arc<Settings>,
    pub layout: Layout,
    pub store: Store,
    /// What the store's start-up check found.
    pub store_check: SelfCheck,
    /// Identifies this worker in job claims (host, process, thread).
    pub worker_id: String,
    /// Signs clip manifests and log checkpoints.
    pub signer: Arc<crate::signing::SigningKey>,
    /// Claim only the jobs of this ICCC's requests (organisation id): a
    /// worker beside one ICCC's recorders. `None`: any job.
    pub iccc: Option<String>,
}

impl JobContext {
    /// Opens the evidence store and checks it: reachable, writable, and
    /// (on S3) enforcing Object Lock unless `allow_no_object_lock` is set.
    pub fn new(db: Db, settings: Arc<Settings>) -> Result<Self, crate::storage::StoreError> {
        let layout = Layout::new(settings.recordings_root(), &settings.recordings_pattern);
        let store = settings.open_store()?;
        let store_check = store.self_check()?;
        if !store_check.writable {
            return Err(crate::storage::StoreError::Config(format!(
                "{} is not writable",
                store_check.location
            )));
        }
        if store_check.object_lock == Some(false) && !settings.allow_no_object_lock {
            return Err(crate::storage::StoreError::Config(format!(
                "{} does not enforce Object Lock; evidence there could be deleted. Enable Object Lock on the bucket, \
                 or set SAKSHYA_ALLOW_NO_OBJECT_LOCK=true to run without it",
                store_check.location
            )));
        }
        std::fs::create_dir_all(settings.preserved_root())?;
        let signer = crate::signing::SigningKey::load(
            &settings.signing_key_path(),
            &settings.log_origin,
            true,
        )
        .map_err(|e| crate::storage::StoreError::Config(e.to_string()))?;
        db.write_blocking(|c| {
            crate::signing::registry::register(c, &signer).map_err(crate::db::DbError::from)
        })
        .map_err(|e| {
            crate::storage::StoreError::Config(format!("registering the signing key: {e}"))
        })?;
        let host = std::env::var("HOSTNAME").unwrap_or_else(|_| "local".into());
        Ok(Self {
            db,
            settings,
            layout,
            store,
            store_check,
            worker_id: format!("{host}:{}", std::process::id()),
            signer: Arc::new(signer),
            iccc: None,
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
    #[error(transparent)]
    Store(#[from] crate::storage::StoreError),
    #[error(transparent)]
    Seal(#[from] crate::evidence::seal::SealError),
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
