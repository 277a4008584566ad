//! Storing a file while its producer is still writing it.
//!
//! The producer (extraction) writes a scratch file that only grows; the
//! store follows it as it is written. The local store hashes it on the
//! way and links it into place at the end; the S3 store also uploads its
//! parts as they fill, so the clip is in the bucket moments after the last
//! byte is written.

use std::path::PathBuf;

use super::{LocalStore, StoreError, StoredObject};
use crate::digest::TailHasher;

/// A store write following a scratch file. Dropping it without `finish`
/// abandons the write: nothing is stored and the scratch file is removed.
pub trait Ingest: Send {
    /// Call after the producer has closed the scratch file.
    fn finish(self: Box<Self>) -> Result<StoredObject, StoreError>;
}

/// The local store's ingest: hash while written, adopt at the end.
pub(super) struct LocalIngest {
    pub store: LocalStore,
    pub scratch: PathBuf,
    pub hasher: Option<TailHasher>,
}

impl Ingest for LocalIngest {
    fn finish(mut self: Box<Self>) -> Result<StoredObject, StoreError> {
        use super::EvidenceStore;
        let hasher = self
            .hasher
            .take()
            .ok_or_else(|| StoreError::Integrity("ingest finished twice".into()))?;
        let (sha256, size) = match hasher.finish() {
            Ok(h) => h,
            Err(e) => {
                let _ = std::fs::remove_file(&self.scratch);
                return Err(e.into());
            }
        };
        self.store.adopt_hashed(&self.scratch, sha256, size)
    }
}

impl Drop for LocalIngest {
    fn drop(&mut self) {
        if self.hasher.take().is_some() {
            let _ = std::fs::remove_file(&self.scratch);
        }
    }
}
