//! `sakshya bench`: benchmarks anyone can run, each against a reference
//! tool measured in the same run.

pub mod extract;
pub mod load;
pub mod log;
pub mod recording;
pub mod sha256;
pub mod sla;
pub mod upload;
