//! The local write-once evidence store (the embedded default).
//!
//! Objects are content-addressed: the key is `sha256/<2 hex>/<64 hex>`.
//! Writers produce a file in the store's scratch area; adopting it fsyncs
//! it, hashes it (or takes the hash computed while it was written), makes
//! it read-only and links it into place; an existing object is never
//! overwritten (the same bytes have the same key, so storing twice is
//! harmless). A crash leaves at most a temporary file, which a later
//! start removes once it has been untouched for an hour.

use std::fs::{self, File};
use std::io;
use std::path::{Path, PathBuf};

use super::{key_for, EvidenceStore, SelfCheck, StoreError, StoredObject};

/// A scratch file untouched this long was left by a crashed writer.
const STALE_SCRATCH: std::time::Duration = std::time::Duration::from_secs(3600);

#[derive(Debug, Clone)]
pub struct LocalStore {
    root: PathBuf,
}

impl LocalStore {
    pub fn open(root: &Path) -> io::Result<Self> {
        fs::create_dir_all(root.join(".tmp"))?;
        // Remove what a crashed writer left, but not the files another
        // process (a second worker) is writing right now: only files
        // untouched for an hour. A writer appends continuously, so its
        // file's modification time stays recent.
        for entry in fs::read_dir(root.join(".tmp"))? {
            let entry = entry?;
            let stale = entry
                .metadata()
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.elapsed().ok())
                .is_some_and(|age| age > STALE_SCRATCH);
            if stale {
                let _ = fs::remove_file(entry.path());
            }
        }
        Ok(Self {
            root: root.to_path_buf(),
        })
    }

    pub fn path_of(&self, key: &str) -> PathBuf {
        self.root.join(key)
    }

    fn link_into_place(&self, tmp: &Path, sha256: String, size: u64) -> io::Result<StoredObject> {
        let key = key_for(&sha256);
        let dest = self.root.join(&key);
        if let Some(dir) = dest.parent() {
            fs::create_dir_all(dir)?;
        }
        let mut perms = fs::metadata(tmp)?.permissions();
        perms.set_readonly(true);
        fs::set_permissions(tmp, perms)?;
        match fs::hard_link(tmp, &dest) {
            Ok(()) => {
                if let Some(dir) = dest.parent() {
                    File::open(dir)?.sync_all()?;
                }
            }
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                let (existing, _) = crate::digest::sha256_file(&dest)?;
                if existing != sha256 {
                    return Err(io::Error::other(format!(
                        "stored object {key} does not match its hash"
                    )));
                }
            }
            Err(e) => return Err(e),
        }
        Ok(StoredObject { key, sha256, size })
    }
}

impl EvidenceStore for LocalStore {
    fn location(&self) -> String {
        format!("fs:{}", self.root.display())
    }

    /// Scratch files live inside the store, on the same file system, so
    /// adopting one is a link rather than a copy.
    fn scratch_path(&self, suffix: &str) -> PathBuf {
        self.root
            .join(".tmp")
            .join(format!("{}{suffix}", uuid::Uuid::now_v7().simple()))
    }

    fn ingest(&self, scratch: PathBuf, _scope: &str) -> Box<dyn super::Ingest> {
        Box::new(super::ingest::LocalIngest {
            store: self.clone(),
            hasher: Some(crate::digest::TailHasher::follow(scratch.clone())),
            scratch,
        })
    }

    fn adopt_hashed(
        &self,
        scratch: &Path,
        sha256: String,
        size: u64,
    ) -> Result<StoredObject, StoreError> {
        let result = (|| {
            let f = File::open(scratch)?;
            f.sync_all()?;
            if f.metadata()?.len() != size {
                return Err(io::Error::other("the file changed after it was hashed"));
            }
            self.link_into_place(scratch, sha256, size)
        })();
        let _ = fs::remove_file(scratch);
        Ok(result?)
    }

    fn open(&self, key: &str) -> Result<Box<dyn io::Read + Send>, StoreError> {
        Ok(Box::new(File::open(self.path_of(key))?))
    }

    fn size(&self, key: &str) -> Result<Option<u64>, StoreError> {
        match fs::metadata(self.path_of(key)) {
            Ok(m) => Ok(Some(m.len())),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e.into()),
        }
    }

    fn modified(&self, key: &str) -> Result<Option<std::time::SystemTime>, StoreError> {
        match fs::metadata(self.path_of(key)) {
            Ok(m) => Ok(Some(m.modified()?)),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e.into()),
        }
    }

    fn list_under(&self, prefix: &str) -> Result<Vec<(String, u64)>, StoreError> {
        let mut out = Vec::new();
        // Every key is a content address under `sha256/`.
        if !("sha256/".starts_with(prefix) || prefix.starts_with("sha256/")) {
            return Ok(out);
        }
        let base = self.root.join("sha256");
        for entry in walkdir::WalkDir::new(&base).into_iter().flatten() {
            if entry.file_type().is_file() {
                if let Ok(rel) = entry.path().strip_prefix(&self.root) {
                    let key = rel.to_string_lossy().replace('\\', "/");
                    if key.starts_with(prefix) {
                        let size = entry.metadata().map(|m| m.len()).unwrap_or(0);
                        out.push((key, size));
                    }
                }
            }
        }
        out.sort();
        Ok(out)
    }

    fn self_check(&self) -> Result<SelfCheck, StoreError> {
        let probe = EvidenceStore::scratch_path(self, ".selfcheck");
        let writable = fs::write(&probe, b"sakshya")
            .and_then(|()| fs::remove_file(&probe))
            .is_ok();
        Ok(SelfCheck {
            backend: "fs".into(),
            location: self.location(),
            writable,
            object_lock: None,
            versioning: None,
        })
    }

    fn set_legal_hold(&self, _key: &str, _on: bool) -> Result<(), StoreError> {
        Ok(())
    }

    fn erase(&self, key: &str) -> Result<(), StoreError> {
        let path = self.path_of(key);
        match fs::metadata(&path) {
            Ok(m) => {
                let mut perms = m.permissions();
                #[allow(clippy::permissions_set_readonly_false)]
                perms.set_readonly(false);
                fs::set_permissions(&path, perms)?;
                fs::remove_file(&path)?;
                if let Some(dir) = path.parent() {
                    File::open(dir)?.sync_all()?;
                }
                Ok(())
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(e.into()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn opening_the_store_removes_only_stale_scratch_files() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("evidence");
        let store = LocalStore::open(&root).unwrap();
        let live = store.scratch_path(".mp4");
        let stale = store.scratch_path(".mp4");
        fs::write(&live, b"being written by another worker").unwrap();
        fs::write(&stale, b"left by a crash").unwrap();
        let old = std::time::SystemTime::now() - std::time::Duration::from_secs(7200);
        File::options()
            .write(true)
            .open(&stale)
            .unwrap()
            .set_modified(old)
            .unwrap();
        LocalStore::open(&root).unwrap();
        assert!(live.exists(), "a file in use by another process survives");
        assert!(!stale.exists(), "a crashed writer's file is removed");
    }

    #[test]
    fn content_addressed_write_once() {
        let dir = tempfile::tempdir().unwrap();
        let store = LocalStore::open(&dir.path().join("evidence")).unwrap();
        let put = |bytes: &[u8]| {
            let scratch = store.scratch_path(".mp4");
            fs::write(&scratch, bytes).unwrap();
            let stored = store.adopt(&scratch).unwrap();
            assert!(!scratch.exists());
            stored
        };
        let a = put(b"clip bytes");
        let b = put(b"clip bytes");
        assert_eq!(a, b, "the same bytes are the same object");
        assert_eq!(a.size, 10);
        let stored = store.path_of(&a.key);
        assert_eq!(fs::read(&stored).unwrap(), b"clip bytes");
        assert!(fs::metadata(&stored).unwrap().permissions().readonly());
        assert_eq!(
            fs::read_dir(dir.path().join("evidence/.tmp"))
                .unwrap()
                .count(),
            0
        );
    }
}
