//! `/api/v1/auth`: login, token refresh, logout, MFA enrolment, whoami.

pub mod login;
pub mod logout;
pub mod me;
pub mod mfa_confirm;
pub mod mfa_enrol;
pub mod refresh;
pub mod views;
