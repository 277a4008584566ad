//! Durable background jobs: one file per job kind, and the runner that
//! claims them. Every job is idempotent: running a finished job again
//! changes nothing, so a crash at any point is recovered by running it again.

pub mod extract;
pub mod heartbeat;
pub mod preserve;
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
