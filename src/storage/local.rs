//! The local write-once evidence store (the embedded default).
//!
//! Objects are content-addressed: the key is `sha256/<2 hex>/<64 hex>`.
//! A put copies the source into a temporary file inside the store, fsyncs
//! it, checks its hash, makes it read-only and links it into place; an
//! existing object is never overwritten (the same bytes have the same key,
//! so a repeated put is harmless). A crash leaves at most a temporary file,
//! which a later start removes.

use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use ring::digest::{Context, SHA256};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredObject {
    pub key: String,
    pub sha256: String,
    pub size: u64,
}

#[derive(Debug, Clone)]
pub struct LocalStore {
    root: PathBuf,
}

impl LocalStore {
    pub fn open(root: &Path) -> io::Result<Self> {
        fs::create_dir_all(root.join(".tmp"))?;
        for entry in fs::read_dir(root.join(".tmp"))? {
            let _ = fs::remove_file(entry?.path());
        }
        Ok(Self {
            root: root.to_path_buf(),
        })
    }

    pub fn path_of(&self, key: &str) -> PathBuf {
        self.root.join(key)
    }

    /// A fresh path inside the store's scratch area. A file written there
    /// can be [`adopt`](Self::adopt)ed without copying its bytes again.
    pub fn scratch_path(&self, suffix: &str) -> PathBuf {
        self.root
            .join(".tmp")
            .join(format!("{}{suffix}", uuid::Uuid::now_v7().simple()))
    }

    /// Takes a finished file from the scratch area into the store: hashes
    /// it, makes it read-only and links it under its content address. The
    /// scratch file is removed whatever happens.
    pub fn adopt(&self, scratch: &Path) -> io::Result<StoredObject> {
        let result = (|| {
            let mut f = File::open(scratch)?;
            f.sync_all()?;
            let (sha256, size) = crate::digest::sha256_reader(&mut f)?;
            self.link_into_place(scratch, sha256, size)
        })();
        let _ = fs::remove_file(scratch);
        result
    }

    /// Like [`adopt`](Self::adopt) for a file whose hash was taken while it
    /// was written (see `digest::TailHasher`); the size is checked.
    pub fn adopt_hashed(
        &self,
        scratch: &Path,
        sha256: String,
        size: u64,
    ) -> io::Result<StoredObject> {
        let result = (|| {
            let f = File::open(scratch)?;
            f.sync_all()?;
            if f.metadata()?.len() != size {
                return Err(io::Error::other("the file changed after it was hashed"));
            }
            self.link_into_place(scratch, sha256, size)
        })();
        let _ = fs::remove_file(scratch);
        result
    }

    /// Copies `src` into the store, hashing on the way; returns its key.
    pub fn put_file(&self, src: &Path) -> io::Result<StoredObject> {
        let tmp = self
            .root
            .join(".tmp")
            .join(uuid::Uuid::now_v7().simple().to_string());
        let result = self.put_via(src, &tmp);
        let _ = fs::remove_file(&tmp);
        result
    }

    fn put_via(&self, src: &Path, tmp: &Path) -> io::Result<StoredObject> {
        let mut input = File::open(src)?;
        let mut out = File::create(tmp)?;
        let mut ctx = Context::new(&SHA256);
        let mut buf = vec![0u8; 1 << 20];
        let mut size = 0u64;
        loop {
            let n = io::Read::read(&mut input, &mut buf)?;
            if n == 0 {
                break;
            }
            ctx.update(&buf[..n]);
            out.write_all(&buf[..n])?;
            size += n as u64;
        }
        out.sync_all()?;
        drop(out);
        self.link_into_place(tmp, hex::encode(ctx.finish()), size)
    }

    fn link_into_place(&self, tmp: &Path, sha256: String, size: u64) -> io::Result<StoredObject> {
        let key = format!("sha256/{}/{}", &sha256[..2], sha256);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_addressed_write_once() {
        let dir = tempfile::tempdir().unwrap();
        let store = LocalStore::open(&dir.path().join("evidence")).unwrap();
        let src = dir.path().join("clip.mp4");
        fs::write(&src, b"clip bytes").unwrap();
        let a = store.put_file(&src).unwrap();
        let b = store.put_file(&src).unwrap();
        assert_eq!(a, b);
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
