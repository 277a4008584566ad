//! SHA-256 of files and streams (ring), in lower-case hex.

use std::io::Read;
use std::path::Path;

use ring::digest::{Context, SHA256};

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
}
