//! Crash points for the crash-safety tests. When `SAKSHYA_CRASH_AT` names
//! a point, the process aborts there, at once, as a SIGKILL or a power cut
//! would leave it: no destructor runs, no transaction commits, no buffer
//! is flushed. Unset (always, outside the tests), a point costs one
//! environment lookup.
//!
//! Hand-written rather than the `fail` crate: its actions (panic, return,
//! pause, sleep) do not end the process, which is the fault being tested,
//! and it would need a separately built binary for the tests.

/// The points, in pipeline order (the tests iterate over them).
pub const POINTS: [&str; 5] = [
    "extract.written",
    "extract.stored",
    "extract.sealed",
    "log.appended",
    "log.signing",
];

/// Aborts the process if `SAKSHYA_CRASH_AT` is `point`.
pub fn crash_point(point: &str) {
    if std::env::var("SAKSHYA_CRASH_AT").is_ok_and(|v| v == point) {
        eprintln!("crash point {point}: aborting");
        std::process::abort();
    }
}
