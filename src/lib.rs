//! Sakshya: CCTV footage requests and chain of custody for ICCCs.
//!
//! See ARCHITECTURE.md for the code map and the invariants.

pub mod alerts;
pub mod app;
pub mod auth;
pub mod bench;
pub mod cli;
pub mod client_addr;
pub mod clock_sync;
pub mod config;
pub mod csv_cells;
pub mod custody;
pub mod db;
pub mod demo;
pub mod demo_footage;
pub mod demo_nvr;
pub mod digest;
pub mod documents;
pub mod domain;
pub mod error;
pub mod evidence;
pub mod faults;
pub mod jobs;
pub mod media;
pub mod metrics;
pub mod periodic;
pub mod recorders;
pub mod recordings;
pub mod retention;
pub mod routes;
pub mod security;
pub mod signing;
pub mod sla;
pub mod state;
pub mod storage;
pub mod tail;
pub mod telemetry;
pub mod tlog;
pub mod workflow;
