//! `sakshya store sweep`: removes objects no database row refers to, the
//! bytes of an attempt that crashed after storing a clip but before
//! recording it (`store verify` lists them as UNKNOWN). Only objects older
//! than a grace period are touched, so an upload whose record is about to
//! commit is never taken. On S3 an object under COMPLIANCE retention cannot
//! be deleted: the sweep reports it as retained and removes it on a later
//! run once its retention has lapsed.

use std::collections::HashSet;
use std::time::{Duration, SystemTime};

use serde::Serialize;

use super::{EvidenceStore, StoreError};

#[derive(Debug, Default, Serialize, PartialEq, Eq)]
pub struct SweepReport {
    /// Unrecorded objects deleted.
    pub removed: Vec<String>,
    /// Unrecorded objects the store keeps under retention: (key, until).
    pub retained: Vec<(String, String)>,
    /// Unrecorded objects younger than the grace period, left alone.
    pub young: Vec<String>,
}

/// Sweeps every object whose key is not in `recorded`.
pub fn sweep(
    store: &dyn EvidenceStore,
    recorded: &HashSet<String>,
    grace: Duration,
    now: SystemTime,
) -> Result<SweepReport, StoreError> {
    let mut report = SweepReport::default();
    let mut keys: Vec<String> = store
        .list()?
        .into_iter()
        .map(|(k, _)| k)
        .filter(|k| !recorded.contains(k))
        .collect();
    keys.sort();
    for key in keys {
        let Some(modified) = store.modified(&key)? else {
            continue;
        };
        if now.duration_since(modified).unwrap_or_default() < grace {
            report.young.push(key);
            continue;
        }
        match store.erase(&key) {
            Ok(()) => {
                tracing::warn!(store.key = %key, "removed an object no record refers to");
                report.removed.push(key);
            }
            Err(StoreError::Retained { until, .. }) => report.retained.push((key, until)),
            Err(e) => return Err(e),
        }
    }
    Ok(report)
}
