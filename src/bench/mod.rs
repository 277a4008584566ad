//! `sakshya bench`: benchmarks anyone can run, each against a reference
//! tool measured in the same run.

pub mod extract;
pub mod load;
pub mod log;
pub mod pull;
pub mod recording;
pub mod sha256;
pub mod sla;
pub mod upload;

/// A field of this process's `/proc/self/status` in KiB (`VmRSS:`, the
/// resident memory now; `VmHWM:`, its peak), or 0 where there is none.
pub fn proc_status_kib(field: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(field))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

/// The median of timed rounds (0 for none).
pub fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
    v.get(v.len() / 2).copied().unwrap_or(0.0)
}
