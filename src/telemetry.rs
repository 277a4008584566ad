//! Logging through `tracing`: human-readable or JSON lines, filtered by
//! `RUST_LOG` (default `info`). Fields are dotted with units in their names
//! (`request.id`, `duration_ms`). Secrets are never passed to a log macro.

use tracing_subscriber::{fmt, EnvFilter};

pub fn init(format: &str) {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    // Logs go to standard error; standard output is for commands' results.
    let builder = fmt()
        .with_env_filter(filter)
        .with_target(false)
        .with_writer(std::io::stderr);
    let _ = if format == "json" {
        builder.json().flatten_event(true).try_init()
    } else {
        builder.try_init()
    };
}
