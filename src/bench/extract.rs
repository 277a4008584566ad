//! `sakshya bench extract`: Sakshya's clip extraction (remux, SHA-256,
//! write into the evidence store) against `ffmpeg -ss … -to … -c copy` over
//! the same segments with the concat demuxer, in one run. The extraction
//! runs in a child process so its peak memory can be read on its own.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use chrono::{DateTime, Duration, TimeZone, Utc};
use serde::{Deserialize, Serialize};

use super::{median, proc_status_kib, recording};
use crate::media::extract::{extract, SourceSegment};
use crate::recordings::Layout;
use crate::storage::{EvidenceStore, LocalStore};

pub struct Plan {
    pub dir: PathBuf,
    pub minutes: u32,
    pub window_minutes: u32,
    pub rounds: u32,
}

/// What the child process reports.
#[derive(Debug, Serialize, Deserialize)]
pub struct ChildReport {
    pub seconds: f64,
    /// Resident memory of the process before the extraction started
    /// (the binary and FFmpeg's libraries).
    pub baseline_rss_kib: u64,
    pub peak_rss_kib: u64,
    pub bytes: u64,
    pub sha256: String,
    pub packets: u64,
}

const SEGMENT_SECS: u32 = 300;

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 1, 1, 10, 0, 0)
        .single()
        .unwrap_or_else(Utc::now)
}

fn layout(dir: &Path) -> Layout {
    Layout::new(dir.join("recordings"), "%Y/%m/%d/%H-%M-%S")
}

fn window(plan_minutes: u32, window_minutes: u32) -> (DateTime<Utc>, DateTime<Utc>) {
    let lead = Duration::seconds(i64::from(plan_minutes.saturating_sub(window_minutes)) * 30);
    let start = t0() + lead;
    (start, start + Duration::minutes(i64::from(window_minutes)))
}

/// The measured extraction, run inside the child process.
pub fn child(dir: &Path, minutes: u32, window_minutes: u32) -> anyhow::Result<ChildReport> {
    let layout = layout(dir);
    let segments = (0..minutes * 60 / SEGMENT_SECS)
        .map(|i| {
            let start = t0() + Duration::seconds(i64::from(i * SEGMENT_SECS));
            SourceSegment {
                id: i.to_string(),
                path: layout.segment_path(recording::ICCC, recording::CAMERA, start, "mp4"),
                start,
                end: start + Duration::seconds(i64::from(SEGMENT_SECS)),
            }
        })
        .collect::<Vec<_>>();
    let (start, end) = window(minutes, window_minutes);
    let store = LocalStore::open(&dir.join("store"))?;
    crate::media::init();
    let baseline_rss_kib = proc_status_kib("VmRSS:");
    let began = Instant::now();
    let scratch = store.scratch_path(".mp4");
    let ingest = store.ingest(scratch.clone(), "clips/bench");
    let report = extract(&segments, start, end, &scratch, &mut |_| {})?;
    let stored = ingest.finish()?;
    let seconds = began.elapsed().as_secs_f64();
    // Leave the store empty for the next round.
    let path = store.path_of(&stored.key);
    let mut perms = std::fs::metadata(&path)?.permissions();
    #[allow(clippy::permissions_set_readonly_false)]
    perms.set_readonly(false);
    std::fs::set_permissions(&path, perms)?;
    std::fs::remove_file(&path)?;
    Ok(ChildReport {
        seconds,
        baseline_rss_kib,
        peak_rss_kib: proc_status_kib("VmHWM:"),
        bytes: stored.size,
        sha256: stored.sha256,
        packets: report.packets,
    })
}

fn run_child(plan: &Plan) -> anyhow::Result<ChildReport> {
    let out = Command::new(std::env::current_exe()?)
        .args(["bench", "extract-child", "--dir"])
        .arg(&plan.dir)
        .args([
            "--minutes",
            &plan.minutes.to_string(),
            "--window",
            &plan.window_minutes.to_string(),
        ])
        .output()?;
    anyhow::ensure!(
        out.status.success(),
        "extraction failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    Ok(serde_json::from_slice(&out.stdout)?)
}

fn run_ffmpeg(plan: &Plan, list: &Path) -> anyhow::Result<f64> {
    let (start, end) = window(plan.minutes, plan.window_minutes);
    let ss = (start - t0()).num_seconds().to_string();
    let to = (end - t0()).num_seconds().to_string();
    let out = plan.dir.join("ffmpeg-clip.mp4");
    let began = Instant::now();
    let status = Command::new("ffmpeg")
        .args([
            "-v", "error", "-y", "-ss", &ss, "-to", &to, "-f", "concat", "-safe", "0", "-i",
        ])
        .arg(list)
        .args(["-map", "0:v", "-c", "copy"])
        .arg(&out)
        .status()?;
    let secs = began.elapsed().as_secs_f64();
    anyhow::ensure!(status.success(), "ffmpeg failed");
    let _ = std::fs::remove_file(&out);
    Ok(secs)
}

pub fn run(plan: &Plan) -> anyhow::Result<()> {
    std::fs::create_dir_all(&plan.dir)?;
    let layout = layout(&plan.dir);
    let n = plan.minutes * 60 / SEGMENT_SECS;
    println!(
        "preparing {} min of 1080p H.264 (~4 Mbit/s) in {n} segments of 5 min under {} ...",
        plan.minutes,
        plan.dir.display()
    );
    let files = recording::ensure(
        &plan.dir,
        &layout,
        recording::ICCC,
        recording::CAMERA,
        &recording::SPEC,
        t0(),
        n,
        SEGMENT_SECS,
    )?;
    let list = plan.dir.join("concat.txt");
    let mut text = String::new();
    for f in &files {
        text.push_str(&format!("file '{}'\n", f.canonicalize()?.display()));
    }
    std::fs::write(&list, text)?;
    let total: u64 = files
        .iter()
        .map(|f| std::fs::metadata(f).map(|m| m.len()).unwrap_or(0))
        .sum();
    // Warm the page cache so neither side pays for the first read.
    for f in &files {
        crate::digest::sha256_file(f)?;
    }
    let (mut ours, mut theirs, mut last) = (Vec::new(), Vec::new(), None);
    for round in 1..=plan.rounds {
        let f = run_ffmpeg(plan, &list)?;
        let c = run_child(plan)?;
        println!(
            "round {round}: ffmpeg {f:.2} s, sakshya {:.2} s (process peak {} MiB, {} MiB above its baseline)",
            c.seconds,
            c.peak_rss_kib / 1024,
            c.peak_rss_kib.saturating_sub(c.baseline_rss_kib) / 1024
        );
        theirs.push(f);
        ours.push(c.seconds);
        last = Some(c);
    }
    let c = last.ok_or_else(|| anyhow::anyhow!("no rounds run"))?;
    let (o, t) = (median(ours), median(theirs));
    println!();
    println!(
        "recording: {} MiB in {n} segments; window {} min; clip {} MiB, {} packets",
        total >> 20,
        plan.window_minutes,
        c.bytes >> 20,
        c.packets
    );
    println!("ffmpeg -ss/-to -c copy (concat)      {t:>8.2} s");
    println!(
        "sakshya extract + sha256 + store     {o:>8.2} s   ratio {:.2} (goal <= 1.10)",
        o / t
    );
    // The same extraction over a 1-minute window: peak memory must not
    // depend on the window's length.
    let short = run_child(&Plan {
        dir: plan.dir.clone(),
        minutes: plan.minutes,
        window_minutes: 1,
        rounds: 1,
    })?;
    println!(
        "sakshya extraction peak memory       {:>8} MiB process peak ({} MiB for a 1-minute window; the binary and FFmpeg's libraries alone take {} MiB) (goal < 64)",
        c.peak_rss_kib / 1024,
        short.peak_rss_kib / 1024,
        c.baseline_rss_kib / 1024
    );
    let ring = super::sha256::ring_throughput(1024);
    match super::sha256::openssl_throughput() {
        Some(ossl) => println!(
            "sha256: ring {:.0} MB/s, openssl speed -evp sha256 {:.0} MB/s, ratio {:.2}",
            ring / 1e6,
            ossl / 1e6,
            ring / ossl
        ),
        None => println!(
            "sha256: ring {:.0} MB/s (openssl not available)",
            ring / 1e6
        ),
    }
    Ok(())
}
