//! The S3 store's ingest: parts are uploaded while the clip is produced.
//!
//! A clip's SHA-256 is known only once its last byte is written, so a
//! streamed object cannot be content-addressed; it gets an id-addressed key
//! (`clips/<uuid>`) and the database records key, SHA-256 and size. The
//! object is created with its COMPLIANCE retention and encryption, each
//! part carries its checksum, and a failed or abandoned upload is aborted.
//! A crash after the upload completes but before the clip is recorded
//! leaves an object no row refers to; `sakshya store verify` lists it as
//! unknown.

use std::path::PathBuf;
use std::thread::JoinHandle;

use super::S3Store;
use crate::storage::ingest::Ingest;
use crate::storage::{StoreError, StoredObject};
use crate::tail::{HashingReader, TailReader, TailSignal};

pub(super) struct S3Ingest {
    signal: TailSignal,
    scratch: PathBuf,
    handle: Option<JoinHandle<Result<StoredObject, StoreError>>>,
}

impl S3Ingest {
    /// Starts following `scratch` into `<scope>/<uuid>`. Uploads an earlier
    /// attempt left unfinished under `<scope>/` are aborted first: one
    /// scope is written by one job at a time.
    pub(super) fn start(store: S3Store, scratch: PathBuf, scope: &str) -> Self {
        let scope = scope.trim_end_matches('/').to_owned();
        let signal = TailSignal::default();
        let reader = TailReader::new(scratch.clone(), signal.clone());
        let handle = std::thread::Builder::new()
            .name("sakshya-s3-ingest".into())
            .spawn(move || {
                store.abort_leftovers(&store.full_key(&format!("{scope}/")), false)?;
                let key = format!("{scope}/{}", uuid::Uuid::now_v7().simple());
                let mut hashing = HashingReader::new(reader);
                store.upload_from(&mut hashing, &store.full_key(&key))?;
                let (sha256, size) = hashing.finish();
                Ok(StoredObject { key, sha256, size })
            })
            .ok();
        Self {
            signal,
            scratch,
            handle,
        }
    }
}

impl Ingest for S3Ingest {
    fn finish(mut self: Box<Self>) -> Result<StoredObject, StoreError> {
        self.signal.finish();
        let result = match self.handle.take() {
            Some(h) => h
                .join()
                .map_err(|_| StoreError::S3("the upload thread panicked".into()))?,
            None => Err(StoreError::S3("the upload thread could not start".into())),
        };
        let _ = std::fs::remove_file(&self.scratch);
        result
    }
}

impl Drop for S3Ingest {
    fn drop(&mut self) {
        if let Some(h) = self.handle.take() {
            self.signal.cancel();
            let _ = h.join();
            let _ = std::fs::remove_file(&self.scratch);
        }
    }
}
