//! Application operations on footage requests: each combines the domain's
//! rules with the database in one transaction. HTTP handlers and the CLI
//! call these; none of them knows about HTTP.

pub mod accounts;
pub mod approvals;
pub mod cameras;
pub mod disposal;
pub mod erasure;
pub mod evidence;
pub mod file_request;
pub mod history;
pub mod notice;
pub mod outcome;
pub mod retention_overview;
pub mod sharing;
pub mod transition;
pub mod user_admin;
