//! `sakshya bench upload`: storing a large clip in the configured S3 store
//! against `aws s3 cp` of the same file to the same server, in one run.
//! The store runs in a child process so its peak memory is its own.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use serde::{Deserialize, Serialize};

use crate::config::Settings;
use crate::storage::StoreSpec;

#[derive(Debug, Serialize, Deserialize)]
pub struct UploadReport {
    pub seconds: f64,
    pub bytes: u64,
    pub peak_rss_kib: u64,
    pub baseline_rss_kib: u64,
    pub key: String,
    pub sha256: String,
}

/// A file of `mib` MiB of incompressible bytes (reused if present).
fn test_file(dir: &Path, mib: u64) -> anyhow::Result<PathBuf> {
    let path = dir.join(format!("upload-{mib}mib.bin"));
    if std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0) == mib << 20 {
        return Ok(path);
    }
    std::fs::create_dir_all(dir)?;
    let mut f = std::io::BufWriter::new(std::fs::File::create(&path)?);
    let mut block = vec![0u8; 1 << 20];
    for i in 0..mib {
        // Distinct blocks so nothing deduplicates: SHA-256 chained.
        let d = ring::digest::digest(&ring::digest::SHA256, &i.to_le_bytes());
        for (j, b) in block.iter_mut().enumerate() {
            *b = d.as_ref()[j % 32] ^ (j as u8);
        }
        std::io::Write::write_all(&mut f, &block)?;
    }
    std::io::Write::flush(&mut f)?;
    Ok(path)
}

/// The measured upload, in the child. Whole file: copy it into scratch
/// (not timed), then store it. Streamed: store it while copying it into
/// scratch 1 MiB at a time, as extraction produces a clip.
pub fn child(settings: &Settings, file: &Path, stream: bool) -> anyhow::Result<UploadReport> {
    let store = settings.open_store()?;
    let scratch = store.scratch_path(".bin");
    let baseline_rss_kib;
    let began;
    let stored = if stream {
        baseline_rss_kib = super::proc_status_kib("VmRSS:");
        began = Instant::now();
        let ingest = store.ingest(scratch.clone(), "clips/bench");
        let mut src = std::fs::File::open(file)?;
        let mut dst = std::fs::File::create(&scratch)?;
        let mut buf = vec![0u8; 1 << 20];
        loop {
            let n = std::io::Read::read(&mut src, &mut buf)?;
            if n == 0 {
                break;
            }
            std::io::Write::write_all(&mut dst, &buf[..n])?;
        }
        drop(dst);
        ingest.finish()?
    } else {
        std::fs::copy(file, &scratch)?;
        let (sha, size) = crate::digest::sha256_file(&scratch)?;
        baseline_rss_kib = super::proc_status_kib("VmRSS:");
        began = Instant::now();
        store.adopt_hashed(&scratch, sha, size)?
    };
    Ok(UploadReport {
        seconds: began.elapsed().as_secs_f64(),
        bytes: stored.size,
        peak_rss_kib: super::proc_status_kib("VmHWM:"),
        baseline_rss_kib,
        key: stored.key,
        sha256: stored.sha256,
    })
}

pub fn run(settings: &Settings, mib: u64) -> anyhow::Result<()> {
    let StoreSpec::S3 { bucket, .. } = settings.store_spec().map_err(anyhow::Error::msg)? else {
        anyhow::bail!("configure an S3 store first (SAKSHYA_STORE=s3://bucket/prefix, SAKSHYA_S3_ENDPOINT, AWS credentials)");
    };
    let dir = settings.data_dir.join("bench");
    let file = test_file(&dir, mib)?;
    println!("uploading {mib} MiB to s3://{bucket} ...");
    let out = Command::new(std::env::current_exe()?)
        .args(["bench", "upload-child", "--file"])
        .arg(&file)
        .output()?;
    anyhow::ensure!(
        out.status.success(),
        "store upload failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let ours: UploadReport = serde_json::from_slice(&out.stdout)?;
    let mut aws = Command::new("aws");
    aws.args(["s3", "cp", "--only-show-errors"])
        .arg(&file)
        .arg(format!(
            "s3://{bucket}/bench/aws-cli-{}",
            uuid::Uuid::now_v7().simple()
        ));
    if let Some(ep) = &settings.s3_endpoint {
        aws.args(["--endpoint-url", ep]);
    }
    let began = Instant::now();
    let status = aws.status();
    let theirs = began.elapsed().as_secs_f64();
    let mb = ours.bytes as f64 / 1e6;
    println!(
        "sakshya S3 store   {:>7.2} s  {:>7.0} MB/s  peak {} MiB ({} MiB above baseline)",
        ours.seconds,
        mb / ours.seconds,
        ours.peak_rss_kib / 1024,
        ours.peak_rss_kib.saturating_sub(ours.baseline_rss_kib) / 1024
    );
    match status {
        Ok(s) if s.success() => println!(
            "aws s3 cp          {theirs:>7.2} s  {:>7.0} MB/s   ratio (sakshya/aws time) {:.2}",
            mb / theirs,
            ours.seconds / theirs
        ),
        _ => {
            println!("aws s3 cp not available or failed (pip install awscli); no reference figure")
        }
    }
    Ok(())
}
