//! SHA-256 of files and streams (ring), in lower-case hex.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::thread::JoinHandle;

use ring::digest::{Context, SHA256};

use crate::tail::{TailReader, TailSignal};

/// Streams `path` through SHA-256 in 1 MiB reads; returns (hex, size).
pub fn sha256_file(path: &Path) -> std::io::Result<(String, u64)> {
    let mut f = std::fs::File::open(path)?;
    sha256_reader(&mut f)
}

pub fn sha256_reader(r: &mut dyn Read) -> std::io::Result<(String, u64)> {
    let mut ctx = Context::new(&SHA256);
    let mut buf = vec![0u8; 1 << 20];
    let mut size = 0u64;
    loop {
        let n = r.read(&mut buf)?;
        if n == 0 {
            break;
        }
        ctx.update(&buf[..n]);
        size += n as u64;
    }
    Ok((hex::encode(ctx.finish()), size))
}

/// Hashes a file while another writer appends to it, so the hash is ready
/// moments after the last byte is written instead of needing a second
/// pass. The writer must only append.
pub struct TailHasher {
    signal: TailSignal,
    handle: Option<JoinHandle<std::io::Result<(String, u64)>>>,
}

impl TailHasher {
    pub fn follow(path: PathBuf) -> Self {
        let signal = TailSignal::default();
        let mut reader = TailReader::new(path, signal.clone());
        let handle = std::thread::Builder::new()
            .name("sakshya-hash".into())
            .spawn(move || sha256_reader(&mut reader))
            .ok();
        Self { signal, handle }
    }

    /// Call after the writer has closed the file: reads what is left and
    /// returns (hex SHA-256, size).
    pub fn finish(mut self) -> std::io::Result<(String, u64)> {
        self.signal.finish();
        match self.handle.take() {
            Some(h) => h
                .join()
                .map_err(|_| std::io::Error::other("hash thread panicked"))?,
            None => Err(std::io::Error::other("hash thread could not start")),
        }
    }
}

impl Drop for TailHasher {
    fn drop(&mut self) {
        self.signal.cancel();
        if let Some(h) = self.handle.take() {
            let _ = h.join();
        }
    }
}

/// SHA-256 of bytes in memory, lower-case hex.
pub fn sha256_hex(data: &[u8]) -> String {
    hex::encode(ring::digest::digest(&SHA256, data))
}

/// True for 64 lower-case hex digits.
pub fn is_sha256_hex(s: &str) -> bool {
    s.len() == 64
        && s.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_vector() {
        let (h, n) = sha256_reader(&mut &b"abc"[..]).unwrap();
        assert_eq!(
            h,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(n, 3);
        assert!(is_sha256_hex(&h));
        assert!(!is_sha256_hex("ABC"));
    }

    #[test]
    fn tail_hasher_started_late_still_finds_the_file() {
        // The writer creates and finishes the file before the hashing
        // thread first looks: the hash must still be complete.
        for _ in 0..50 {
            let dir = tempfile::tempdir().unwrap();
            let p = dir.path().join("quick");
            let hasher = TailHasher::follow(p.clone());
            std::fs::write(&p, b"abc").unwrap();
            let got = hasher.finish().unwrap();
            assert_eq!(got.1, 3);
        }
    }

    #[test]
    fn tail_hasher_follows_an_appending_writer() {
        use std::io::Write;
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("growing");
        let hasher = TailHasher::follow(p.clone());
        let mut f = std::fs::File::create(&p).unwrap();
        let mut all = Vec::new();
        for i in 0..200u32 {
            let chunk = vec![(i % 251) as u8; 10_000 + i as usize];
            f.write_all(&chunk).unwrap();
            all.extend_from_slice(&chunk);
            if i % 50 == 0 {
                std::thread::sleep(std::time::Duration::from_millis(3));
            }
        }
        drop(f);
        let got = hasher.finish().unwrap();
        assert_eq!(got, sha256_reader(&mut &all[..]).unwrap());
    }
}
