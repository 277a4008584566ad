//! Liveness and readiness probes for orchestrators.

pub mod healthz;
pub mod readyz;
