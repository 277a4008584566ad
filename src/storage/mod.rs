//! Where evidence bytes live: one interface, two real implementations —
//! the local write-once store (the embedded default) and an S3 store for
//! any S3-compatible service — chosen by `SAKSHYA_STORE`.
//!
//! Adopted files are content-addressed (`sha256/ab/<hash>`): the same
//! bytes always have the same key, so storing twice is harmless and
//! nothing is ever overwritten with different bytes. Clips streamed into
//! S3 while they are produced are id-addressed (`clips/<item>/<uuid>`, see
//! `s3/stream.rs`); the database records every object's key, SHA-256 and
//! size either way.

pub mod ingest;
pub mod local;
pub mod s3;
pub mod spec;
pub mod sweep;
pub mod verify;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Serialize;

pub use ingest::Ingest;
pub use local::LocalStore;
pub use s3::S3Store;
pub use spec::StoreSpec;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredObject {
    pub key: String,
    pub sha256: String,
    pub size: u64,
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("storage i/o: {0}")]
    Io(#[from] std::io::Error),
    #[error("S3: {0}")]
    S3(String),
    #[error("integrity: {0}")]
    Integrity(String),
    #[error("storage configuration: {0}")]
    Config(String),
    /// The store itself refuses to erase the object yet.
    #[error("{key} is protected until {until}")]
    Retained { key: String, until: String },
}

/// What the start-up check found.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SelfCheck {
    /// `fs` or `s3`.
    pub backend: String,
    pub location: String,
    pub writable: bool,
    /// Whether the bucket enforces Object Lock (S3 only).
    pub object_lock: Option<bool>,
    /// Whether the bucket keeps versions (S3 only).
    pub versioning: Option<bool>,
}

/// The content address of bytes with this SHA-256.
pub fn key_for(sha256: &str) -> String {
    format!("sha256/{}/{}", &sha256[..2.min(sha256.len())], sha256)
}

pub trait EvidenceStore: Send + Sync {
    /// Human-readable location (`fs:/path` or `s3://bucket/prefix`).
    fn location(&self) -> String;

    /// A fresh local path where a file may be written before it is adopted.
    fn scratch_path(&self, suffix: &str) -> PathBuf;

    /// Stores a finished scratch file whose SHA-256 and size the caller
    /// computed while writing it; the scratch file is removed.
    fn adopt_hashed(
        &self,
        scratch: &Path,
        sha256: String,
        size: u64,
    ) -> Result<StoredObject, StoreError>;

    /// Follows a scratch file that a producer is writing now (append
    /// only) into the store; `finish` once the producer has closed it.
    /// `scope` names what is written (`clips/<item id>`): only one writer
    /// at a time per scope; an id-addressed store keys objects under it.
    fn ingest(&self, scratch: PathBuf, scope: &str) -> Box<dyn Ingest>;

    /// Hashes a finished scratch file and stores it.
    fn adopt(&self, scratch: &Path) -> Result<StoredObject, StoreError> {
        let hashed = crate::digest::sha256_file(scratch);
        match hashed {
            Ok((sha, size)) => self.adopt_hashed(scratch, sha, size),
            Err(e) => {
                let _ = std::fs::remove_file(scratch);
                Err(e.into())
            }
        }
    }

    /// Reads a whole object.
    fn open(&self, key: &str) -> Result<Box<dyn Read + Send>, StoreError>;

    /// The object's size, or `None` if it does not exist.
    fn size(&self, key: &str) -> Result<Option<u64>, StoreError>;

    /// When the object was last written, or `None` if it does not exist.
    fn modified(&self, key: &str) -> Result<Option<std::time::SystemTime>, StoreError>;

    /// Every object key with its size.
    fn list(&self) -> Result<Vec<(String, u64)>, StoreError> {
        self.list_under("")
    }

    /// The keys (with sizes) that start with `prefix`.
    fn list_under(&self, prefix: &str) -> Result<Vec<(String, u64)>, StoreError>;

    /// Checks the store is reachable and writable, and how it protects data.
    fn self_check(&self) -> Result<SelfCheck, StoreError>;

    /// Places (`true`) or lifts a legal hold on the object. On S3 this is
    /// the Object Lock legal hold, which blocks deletion whatever the
    /// retention date; the local store has no such mechanism, so there the
    /// service's own hold records are what block erasure.
    fn set_legal_hold(&self, key: &str, on: bool) -> Result<(), StoreError>;

    /// Deletes the object's bytes (every version). The S3 server refuses
    /// while COMPLIANCE retention or a legal hold applies, reported as
    /// [`StoreError::Retained`]; the caller checks its own retention and
    /// hold records first on either store.
    fn erase(&self, key: &str) -> Result<(), StoreError>;
}

pub type Store = Arc<dyn EvidenceStore>;
