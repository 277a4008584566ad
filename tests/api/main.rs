//! Black-box API tests against the real server and a real database.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod alerts;
mod authz_matrix;
mod bad_input;
mod browser;
mod cameras;
mod cli;
mod crash;
mod extraction;
mod health;
mod helpers;
mod integrity;
mod large_object;
mod lifecycle;
mod media;
mod media_tools;
mod metrics;
mod mfa;
mod portal;
mod retention;
mod s3_outage;
mod security_events;
mod sharing;
mod sla;
mod storage;
mod tokens;
