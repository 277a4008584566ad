//! Retention and erasure (DPDP Act 2023): clips are kept until their
//! case is disposed of plus a per-category number of days
//! (`retention_clip_days` for extracted clips, `retention_upload_days` for
//! uploaded footage), preservation copies until disposal plus
//! `retention_preservation_days`. Legal holds block erasure. Erasing
//! deletes the bytes from the store but keeps the clip row, its signed
//! manifest, a tombstone (hashes, who, why, when) and a `purged` custody
//! event, so the record of what existed survives.
//!
//! Audit records are never erased by Sakshya: request history, custody
//! events, the log and security events are append-only, which keeps them
//! well beyond CERT-In's 180 days and the one year the ICCC policy asks.

pub mod erase;
pub mod holds;
pub mod sweep;

pub use erase::{erase_clip, Approved, Basis, Erasure};
pub use sweep::{sweep, SweepReport};

/// Runs the retention sweep every `retention_interval_secs` among the
/// server's background loops.
pub fn start(bg: &mut crate::periodic::Background, ctx: crate::state::Services) {
    let every = std::time::Duration::from_secs(ctx.settings.retention_interval_secs.max(1));
    bg.every("retention", every, move || {
        match sweep(&ctx, chrono::Utc::now()) {
            Ok(r) if r.erased + r.released + r.in_grace > 0 || !r.refused.is_empty() => {
                tracing::info!(
                    retention.erased = r.erased,
                    retention.released = r.released,
                    retention.in_grace = r.in_grace,
                    retention.refused = r.refused.len(),
                    "retention sweep"
                )
            }
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "retention sweep failed"),
        }
    });
}
