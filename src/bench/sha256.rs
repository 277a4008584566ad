//! SHA-256 throughput of the hashing Sakshya uses (ring) against
//! `openssl speed -evp sha256`.

use std::process::Command;
use std::time::Instant;

/// Bytes per second ring hashes, over `mib` MiB in 1 MiB updates.
pub fn ring_throughput(mib: usize) -> f64 {
    let buf = vec![0x5au8; 1 << 20];
    let started = Instant::now();
    let mut ctx = ring::digest::Context::new(&ring::digest::SHA256);
    for _ in 0..mib {
        ctx.update(&buf);
    }
    let _ = ctx.finish();
    (mib as f64 * 1_048_576.0) / started.elapsed().as_secs_f64()
}

/// Bytes per second `openssl speed -evp sha256` reports for 16 KiB blocks.
pub fn openssl_throughput() -> Option<f64> {
    let out = Command::new("openssl")
        .args([
            "speed", "-evp", "sha256", "-bytes", "16384", "-seconds", "2",
        ])
        .output()
        .ok()?;
    let text = String::from_utf8_lossy(&out.stdout);
    let line = text
        .lines()
        .rev()
        .find(|l| l.to_ascii_lowercase().starts_with("sha256"))?;
    let k = line
        .split_whitespace()
        .last()?
        .trim_end_matches('k')
        .parse::<f64>()
        .ok()?;
    Some(k * 1000.0)
}
