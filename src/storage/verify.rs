//! `sakshya store verify`: every object the database knows is present,
//! of the right size and hashes to its recorded SHA-256; nothing is in the
//! store that the database does not know.

use std::collections::HashMap;

use serde::Serialize;

use super::{EvidenceStore, StoreError};
use crate::digest::sha256_reader;

#[derive(Debug, Default, Serialize, PartialEq, Eq)]
pub struct VerifyReport {
    pub checked: usize,
    /// Keys the database lists that the store does not have.
    pub missing: Vec<String>,
    /// Keys whose bytes no longer hash to the recorded SHA-256 (or size).
    pub corrupted: Vec<String>,
    /// Keys in the store that no database row refers to.
    pub extra: Vec<String>,
}

impl VerifyReport {
    pub fn is_clean(&self) -> bool {
        self.missing.is_empty() && self.corrupted.is_empty() && self.extra.is_empty()
    }
}

/// `expected`: (storage key, SHA-256, size) for every stored object.
pub fn verify(
    store: &dyn EvidenceStore,
    expected: &[(String, String, u64)],
) -> Result<VerifyReport, StoreError> {
    let mut report = VerifyReport::default();
    let present: HashMap<String, u64> = store.list()?.into_iter().collect();
    let mut known = std::collections::HashSet::new();
    for (key, sha, size) in expected {
        if !known.insert(key.clone()) {
            continue;
        }
        report.checked += 1;
        match present.get(key) {
            None => report.missing.push(key.clone()),
            Some(actual) if actual != size => report.corrupted.push(key.clone()),
            Some(_) => {
                let (got, n) = sha256_reader(&mut store.open(key)?)?;
                if &got != sha || n != *size {
                    report.corrupted.push(key.clone());
                }
            }
        }
    }
    report.extra = present
        .keys()
        .filter(|k| !known.contains(*k))
        .cloned()
        .collect();
    report.extra.sort();
    Ok(report)
}
