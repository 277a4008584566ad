//! Application operations on footage requests: each combines the domain's
//! rules with the database in one transaction. HTTP handlers and the CLI
//! call these; none of them knows about HTTP.

use crate::domain::authz::Decision;
use crate::error::ApiError;

pub mod accounts;
pub mod approvals;
pub mod cameras;
pub mod clips;
pub mod disposal;
pub mod erasure;
pub mod evidence;
pub mod file_request;
pub mod health;
pub mod history;
pub mod integrity;
pub mod items;
pub mod jobs;
pub mod legal_holds;
pub mod notice;
pub mod notifications;
pub mod outcome;
pub mod packages;
pub mod recorders;
pub mod requests;
pub mod retention_overview;
pub mod security_log;
pub mod share_receipt;
pub mod sharing;
pub mod transition;
pub mod user_admin;

/// Turns an authorisation decision into the API's answer: hidden is 404
/// (as if `what` did not exist), forbidden 403 with the reason.
pub fn enforce(d: Decision, what: &str) -> Result<(), ApiError> {
    match d {
        Decision::Allow => Ok(()),
        Decision::Hidden => Err(ApiError::not_found(what)),
        Decision::Forbidden(why) => Err(ApiError::forbidden(why)),
    }
}
