//! `/api/v1/jobs`: background job state and operator retries.

pub mod get;
pub mod retry;
