//! `/api/v1/admin`: what administrators and auditors need to see about
//! the deployment itself.

pub mod storage;
pub mod users;
