//! Durable background jobs: one file per job kind, and the runner that
//! claims them. Every job is idempotent: running a finished job again
//! changes nothing, so a crash at any point is recovered by running it again.

pub mod extract;
pub mod heartbeat;
pub mod preserve;
pub mod pull;
pub mod runner;

pub use heartbeat::Heartbeat;
pub use runner::Worker;

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
    /// A recorder call failed; retried when trying again may help.
    #[error("{0}")]
    Device(#[from] crate::recorders::DeviceError),
    /// Trying again cannot help until someone fixes something (a refused
    /// password: retrying would only lock the recorder's account). The job
    /// fails at once, and an operator retries it after the fix.
    #[error("{0}")]
    Permanent(String),
    /// Another worker took the job over (our claim went stale).
    #[error("lost the claim on this job")]
    LostClaim,
}

impl JobError {
    /// Whether another attempt may succeed.
    pub fn is_retryable(&self) -> bool {
        match self {
            JobError::Permanent(_) => false,
            JobError::Device(d) => d.is_retryable(),
            // The same footage would be refused the same way again.
            JobError::Media(crate::media::MediaError::Incompatible(_)) => false,
            _ => true,
        }
    }
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
