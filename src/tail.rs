//! Reading a file while another writer appends to it.
//!
//! Extraction writes its MP4 to a non-seekable output, so the file only
//! ever grows; a `TailReader` lets the hash (and, for the S3 store, the
//! upload) keep pace with the writer instead of needing a second pass.

use std::fs::File;
use std::io::{self, Read};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// Shared between the writer's side and the reader: `finished` says the
/// writer closed the file; `cancelled` makes the reader fail.
#[derive(Debug, Clone, Default)]
pub struct TailSignal {
    finished: Arc<AtomicBool>,
    cancelled: Arc<AtomicBool>,
}

impl TailSignal {
    /// The writer has closed the file: the reader drains it and ends.
    pub fn finish(&self) {
        self.finished.store(true, Ordering::Release);
    }

    /// The writer gave up: the reader returns an error at once.
    pub fn cancel(&self) {
        self.cancelled.store(true, Ordering::Release);
        self.finished.store(true, Ordering::Release);
    }
}

/// Reads `path` as it grows; returns end of file only once the writer has
/// finished and every byte has been read.
pub struct TailReader {
    path: PathBuf,
    file: Option<File>,
    signal: TailSignal,
}

impl TailReader {
    pub fn new(path: PathBuf, signal: TailSignal) -> Self {
        Self {
            path,
            file: None,
            signal,
        }
    }

    fn check_cancelled(&self) -> io::Result<()> {
        if self.signal.cancelled.load(Ordering::Acquire) {
            Err(io::Error::other("the writer gave up"))
        } else {
            Ok(())
        }
    }
}

impl Read for TailReader {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        loop {
            self.check_cancelled()?;
            // Read the flag before trying: if the writer had already
            // finished, the file is there and complete.
            let finished = self.signal.finished.load(Ordering::Acquire);
            let Some(f) = self.file.as_mut() else {
                match File::open(&self.path) {
                    Ok(f) => self.file = Some(f),
                    Err(e) if e.kind() == io::ErrorKind::NotFound && !finished => {
                        std::thread::sleep(Duration::from_millis(2));
                    }
                    Err(e) => return Err(e),
                }
                continue;
            };
            let n = f.read(buf)?;
            if n > 0 || finished || buf.is_empty() {
                return Ok(n);
            }
            std::thread::sleep(Duration::from_millis(1));
        }
    }
}

/// Passes reads through while computing their SHA-256 and length.
pub struct HashingReader<R> {
    inner: R,
    ctx: ring::digest::Context,
    size: u64,
}

impl<R: Read> HashingReader<R> {
    pub fn new(inner: R) -> Self {
        Self {
            inner,
            ctx: ring::digest::Context::new(&ring::digest::SHA256),
            size: 0,
        }
    }

    /// (lower-case hex SHA-256, bytes read).
    pub fn finish(self) -> (String, u64) {
        (hex::encode(self.ctx.finish()), self.size)
    }
}

impl<R: Read> Read for HashingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.ctx.update(&buf[..n]);
        self.size += n as u64;
        Ok(n)
    }
}
