//! Serving a clip's bytes so that damaged bytes are never delivered whole:
//! the whole stored object is read and hashed while the requested bytes
//! (all, or one HTTP range) are sent, and the last piece is held back
//! until the digest and size match the record. On a mismatch the response
//! is cut off (the client never receives a complete, wrong clip) and the
//! damage is reported. A range request therefore reads the whole object;
//! clips are minutes long, and this is what makes every read verified.

use std::io::Read;

use actix_web::web::Bytes;
use ring::digest::{Context, SHA256};
use tokio::sync::mpsc;

/// A single byte range, inclusive, within an object of `size` bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ByteRange {
    pub first: u64,
    pub last: u64,
}

/// How a `Range` header applies to an object of `size` bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RangeAnswer {
    /// No (usable) range: the whole object.
    Whole,
    Part(ByteRange),
    /// 416: the range starts past the end.
    Unsatisfiable,
}

/// Parses `bytes=a-b`, `bytes=a-` and `bytes=-n` (one range; several,
/// or anything malformed, are ignored and the whole object is sent, as
/// RFC 9110 allows).
pub fn parse_range(header: Option<&str>, size: u64) -> RangeAnswer {
    let Some(spec) = header.and_then(|h| h.trim().strip_prefix("bytes=")) else {
        return RangeAnswer::Whole;
    };
    if spec.contains(',') {
        return RangeAnswer::Whole;
    }
    let Some((a, b)) = spec.split_once('-') else {
        return RangeAnswer::Whole;
    };
    let (a, b) = (a.trim(), b.trim());
    let range = match (a.parse::<u64>().ok(), b.parse::<u64>().ok()) {
        (Some(first), Some(last)) if first <= last => (first, last.min(size.saturating_sub(1))),
        (Some(first), None) if b.is_empty() => (first, size.saturating_sub(1)),
        (None, Some(n)) if a.is_empty() && n > 0 => {
            (size.saturating_sub(n), size.saturating_sub(1))
        }
        _ => return RangeAnswer::Whole,
    };
    if size == 0 || range.0 >= size {
        return RangeAnswer::Unsatisfiable;
    }
    RangeAnswer::Part(ByteRange {
        first: range.0,
        last: range.1,
    })
}

/// How reading ended.
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Every byte matched the record and was sent.
    Verified,
    /// The bytes did not match: what was found.
    Damaged { sha256: String, size: u64 },
    /// The client stopped reading.
    ClientGone,
    /// The store failed while reading.
    Unreadable(String),
}

/// Reads `object` to its end, sending the bytes of `range` (or all) to
/// `tx`, and holds the last piece back until the whole object is known to
/// hash to `sha256` with `size` bytes. Runs on a blocking thread.
pub fn stream_verified(
    mut object: Box<dyn Read + Send>,
    range: Option<ByteRange>,
    sha256: &str,
    size: u64,
    tx: &mpsc::Sender<Result<Bytes, std::io::Error>>,
) -> Outcome {
    let (first, last) = range.map_or((0, size.saturating_sub(1)), |r| (r.first, r.last));
    let mut ctx = Context::new(&SHA256);
    let mut buf = vec![0u8; 64 * 1024];
    let mut offset: u64 = 0;
    let mut held: Option<Bytes> = None;
    loop {
        let n = match object.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Outcome::Unreadable(e.to_string()),
        };
        let chunk = &buf[..n];
        ctx.update(chunk);
        let start = offset;
        offset += n as u64;
        if size > 0 && start <= last && offset > first {
            let from = usize::try_from(first.saturating_sub(start)).unwrap_or(0);
            let to = usize::try_from((last + 1).min(offset) - start).unwrap_or(n);
            if let Some(prev) = held.replace(Bytes::copy_from_slice(&chunk[from..to])) {
                if tx.blocking_send(Ok(prev)).is_err() {
                    return Outcome::ClientGone;
                }
            }
        }
    }
    let found = hex::encode(ctx.finish().as_ref());
    if found != sha256 || offset != size {
        let _ = tx.blocking_send(Err(std::io::Error::other(
            "the stored clip does not match its record; the download was stopped",
        )));
        return Outcome::Damaged {
            sha256: found,
            size: offset,
        };
    }
    if let Some(last_piece) = held {
        if tx.blocking_send(Ok(last_piece)).is_err() {
            return Outcome::ClientGone;
        }
    }
    Outcome::Verified
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_parse_as_rfc_9110_says() {
        let r = |first, last| RangeAnswer::Part(ByteRange { first, last });
        assert_eq!(parse_range(None, 100), RangeAnswer::Whole);
        assert_eq!(parse_range(Some("bytes=0-9"), 100), r(0, 9));
        assert_eq!(parse_range(Some("bytes=90-"), 100), r(90, 99));
        assert_eq!(parse_range(Some("bytes=-10"), 100), r(90, 99));
        assert_eq!(parse_range(Some("bytes=50-500"), 100), r(50, 99));
        assert_eq!(
            parse_range(Some("bytes=100-"), 100),
            RangeAnswer::Unsatisfiable
        );
        assert_eq!(parse_range(Some("bytes=0-1,5-6"), 100), RangeAnswer::Whole);
        assert_eq!(parse_range(Some("bytes=9-2"), 100), RangeAnswer::Whole);
        assert_eq!(parse_range(Some("items=0-1"), 100), RangeAnswer::Whole);
    }

    fn run(
        data: Vec<u8>,
        range: Option<ByteRange>,
        sha: &str,
        size: u64,
    ) -> (Outcome, Vec<u8>, bool) {
        let (tx, mut rx) = mpsc::channel(1024);
        let out = stream_verified(Box::new(std::io::Cursor::new(data)), range, sha, size, &tx);
        drop(tx);
        let (mut got, mut failed) = (Vec::new(), false);
        while let Ok(item) = rx.try_recv() {
            match item {
                Ok(b) => got.extend_from_slice(&b),
                Err(_) => failed = true,
            }
        }
        (out, got, failed)
    }

    #[test]
    fn the_last_piece_waits_for_the_digest() {
        let data: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
        let sha = crate::digest::sha256_hex(&data);
        let n = data.len() as u64;
        let (out, got, failed) = run(data.clone(), None, &sha, n);
        assert_eq!((out, failed), (Outcome::Verified, false));
        assert_eq!(got, data);
        let part = ByteRange {
            first: 1000,
            last: 70_000,
        };
        let (out, got, _) = run(data.clone(), Some(part), &sha, n);
        assert_eq!(out, Outcome::Verified);
        assert_eq!(got, data[1000..=70_000].to_vec());
        // One byte flipped, same length: never delivered whole.
        let mut bad = data.clone();
        bad[150_000] ^= 1;
        let (out, got, failed) = run(bad, None, &sha, n);
        assert!(matches!(out, Outcome::Damaged { size, .. } if size == n));
        assert!(
            failed && got.len() < data.len(),
            "{} of {}",
            got.len(),
            data.len()
        );
        // A range before the flipped byte still does not complete.
        let mut bad = data.clone();
        bad[199_999] ^= 1;
        let (out, got, failed) = run(bad, Some(ByteRange { first: 0, last: 99 }), &sha, n);
        assert!(matches!(out, Outcome::Damaged { .. }));
        assert!(failed && got.is_empty(), "the only piece was held back");
    }
}
