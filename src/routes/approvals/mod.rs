//! `/api/v1/approvals`: what waits for a second person (two-person rule),
//! and their decisions.

pub mod decide;
pub mod list;
