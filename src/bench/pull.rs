//! `sakshya bench pull`: pulling an hour of 1080p H.264 (about 4 Mbit/s)
//! from the test NVR (`tests/support/test_nvr.py`, GStreamer's RTSP
//! server) on loopback, against stock ffmpeg on the same server in the
//! same run.
//!
//! Sakshya pulls the window by ONVIF replay (`Require: onvif-replay`,
//! `Range: clock=…`, `Rate-Control: no`), as the preservation job pulls an
//! ONVIF recorder. ffmpeg cannot send those headers, so the NVR is told to
//! send every session unpaced (`--rate-control off`), and the reference is
//! `ffmpeg -rtsp_transport tcp -i '<replay URL>' -c copy`: the same
//! address, server pipeline, transport and pace, and the same range, since
//! the window is the whole recording (ffmpeg's `Range: npt=0-` plays all of
//! it). Both clients are also timed on the NVR's Hikvision-style playback
//! address for the same window (plain playback). Each of Sakshya's pulls
//! runs in a child process, whose peak resident memory (VmHWM) is its own;
//! a one-minute window is pulled too, to show that memory does not grow
//! with the window.

use std::collections::HashSet;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Instant;

use chrono::{DateTime, Duration, TimeZone, Utc};
use secrecy::SecretString;
use serde::{Deserialize, Serialize};

use super::{median, proc_status_kib, recording};
use crate::media::pull::{pull_session, PullTarget};
use crate::media::rtsp::Playback;
use crate::recordings::Layout;

pub struct Plan {
    pub dir: PathBuf,
    pub minutes: u32,
    pub rounds: u32,
    pub nvr_script: PathBuf,
}

/// How a child pulls: plain playback of an address that names the
/// window, or ONVIF replay of the window.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Mode {
    Plain,
    Onvif,
}

/// What the child process reports.
#[derive(Debug, Serialize, Deserialize)]
pub struct ChildReport {
    pub seconds: f64,
    /// Resident memory before the pull started (the binary and FFmpeg's
    /// libraries).
    pub baseline_rss_kib: u64,
    pub peak_rss_kib: u64,
    pub packets: u64,
    pub bytes: u64,
    pub media_seconds: f64,
}

const USER: &str = "bench";
/// Debian's Python, which owns the GStreamer bindings.
const PYTHON: &str = "/usr/bin/python3";
const SEGMENT_SECS: u32 = 300;
/// File names as the test NVR reads them: the recording's UTC start.
const PATTERN: &str = "%Y%m%dT%H%M%SZ";

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 1, 1, 10, 0, 0)
        .single()
        .unwrap_or_else(Utc::now)
}

fn window(minutes: u32) -> (DateTime<Utc>, DateTime<Utc>) {
    (t0(), t0() + Duration::minutes(i64::from(minutes)))
}

/// The NVR's Hikvision-style playback address of channel 1's window.
fn playback_url(port: u16, from: DateTime<Utc>, to: DateTime<Utc>) -> String {
    format!(
        "rtsp://127.0.0.1:{port}/Streaming/tracks/101?starttime={}&endtime={}",
        from.format(PATTERN),
        to.format(PATTERN)
    )
}

/// The NVR's ONVIF replay address of channel 1's recording.
fn replay_url(port: u16) -> String {
    format!("rtsp://127.0.0.1:{port}/onvif-media/record/play.amp?onvifreplayid=RecordingToken_001")
}

/// `url` with the bench account in it, for ffmpeg.
fn with_login(url: &str, password: &str) -> String {
    url.replacen("rtsp://", &format!("rtsp://{USER}:{password}@"), 1)
}

/// The test NVR, stopped (and its scratch removed) when dropped.
struct Nvr {
    child: Child,
    port: u16,
    scratch: PathBuf,
}

impl Drop for Nvr {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.scratch);
    }
}

impl Nvr {
    fn start(plan: &Plan, channel: &Path, password_file: &Path) -> anyhow::Result<Self> {
        anyhow::ensure!(
            plan.nvr_script.exists(),
            "the test NVR script {} is not there: run from the source tree or give --nvr-script",
            plan.nvr_script.display()
        );
        let scratch = plan.dir.join("nvr-scratch");
        std::fs::create_dir_all(&scratch)?;
        let log = std::fs::File::create(plan.dir.join("nvr.log"))?;
        let mut child = Command::new(PYTHON)
            .arg(&plan.nvr_script)
            .args(["--user", USER, "--password-file"])
            .arg(password_file)
            .arg("--channel")
            .arg(format!("1={}", channel.display()))
            .args(["--rate-control", "off"])
            .env("TMPDIR", &scratch)
            .stdout(Stdio::piped())
            .stderr(log)
            .spawn()
            .map_err(|e| {
                anyhow::anyhow!("cannot start the test NVR with {PYTHON} (make bench-pull installs GStreamer's RTSP server): {e}")
            })?;
        let mut line = String::new();
        if let Some(out) = child.stdout.take() {
            BufReader::new(out).read_line(&mut line)?;
        }
        let port = line
            .trim()
            .strip_prefix("READY ")
            .and_then(|p| p.parse().ok());
        let nvr = Self {
            child,
            port: port.unwrap_or(0),
            scratch,
        };
        anyhow::ensure!(
            port.is_some(),
            "the test NVR did not start (it printed {line:?}; see {}); are python3-gst-1.0 and gir1.2-gst-rtsp-server-1.0 installed?",
            plan.dir.join("nvr.log").display()
        );
        Ok(nvr)
    }
}

/// The measured pull, inside the child process.
pub fn child(
    url: &str,
    password_file: &Path,
    mode: Mode,
    minutes: u32,
    out: &Path,
) -> anyhow::Result<ChildReport> {
    let password = std::fs::read_to_string(password_file)?.trim().to_owned();
    let (from, to) = window(minutes);
    let playback = match mode {
        Mode::Plain => Playback::Plain,
        Mode::Onvif => Playback::OnvifReplay { from, to },
    };
    let record = out.with_extension("mkv.packets");
    let repeats = HashSet::new();
    let target = PullTarget {
        out,
        record: &record,
        limit: (to - from + Duration::seconds(10))
            .to_std()
            .unwrap_or_default(),
        repeats: &repeats,
        timeout: std::time::Duration::from_secs(10),
    };
    crate::media::init();
    let baseline_rss_kib = proc_status_kib("VmRSS:");
    let began = Instant::now();
    let report = pull_session(
        url,
        Some((USER.to_owned(), SecretString::from(password))),
        playback,
        &target,
        &mut |_| true,
    )?;
    let seconds = began.elapsed().as_secs_f64();
    anyhow::ensure!(
        report.interrupted.is_none(),
        "the pull was interrupted: {:?}",
        report.interrupted
    );
    let bytes = std::fs::metadata(out)?.len();
    let _ = std::fs::remove_file(out);
    let _ = std::fs::remove_file(&record);
    Ok(ChildReport {
        seconds,
        baseline_rss_kib,
        peak_rss_kib: proc_status_kib("VmHWM:"),
        packets: report.packets,
        bytes,
        media_seconds: report.media_duration.as_secs_f64(),
    })
}

fn run_child(
    plan: &Plan,
    url: &str,
    password_file: &Path,
    mode: Mode,
    minutes: u32,
) -> anyhow::Result<ChildReport> {
    settle();
    let mode_arg = match mode {
        Mode::Plain => "plain",
        Mode::Onvif => "onvif",
    };
    let out = Command::new(std::env::current_exe()?)
        .args(["bench", "pull-child", "--url", url, "--password-file"])
        .arg(password_file)
        .args([
            "--mode",
            mode_arg,
            "--minutes",
            &minutes.to_string(),
            "--out",
        ])
        .arg(plan.dir.join("sakshya-part.mkv"))
        .output()?;
    anyhow::ensure!(
        out.status.success(),
        "the pull failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    Ok(serde_json::from_slice(&out.stdout)?)
}

/// Writes the page cache's dirty pages out, so that no timed pull pays for
/// the writeback of the one before it.
fn settle() {
    let _ = Command::new("sync").status();
}

/// ffmpeg's pull of `url` into a Matroska file: (seconds, packets).
fn run_ffmpeg(plan: &Plan, url: &str, count: bool) -> anyhow::Result<(f64, Option<u64>)> {
    let out = plan.dir.join("ffmpeg-part.mkv");
    settle();
    let began = Instant::now();
    let status = Command::new("ffmpeg")
        .args(["-v", "error", "-y", "-rtsp_transport", "tcp", "-i", url])
        .args(["-map", "0:v", "-c", "copy"])
        .arg(&out)
        .status()?;
    let secs = began.elapsed().as_secs_f64();
    anyhow::ensure!(status.success(), "ffmpeg failed");
    let packets = if count {
        let probe = Command::new("ffprobe")
            .args(["-v", "error", "-select_streams", "v:0", "-count_packets"])
            .args(["-show_entries", "stream=nb_read_packets", "-of", "csv=p=0"])
            .arg(&out)
            .output()?;
        String::from_utf8_lossy(&probe.stdout).trim().parse().ok()
    } else {
        None
    };
    let _ = std::fs::remove_file(&out);
    Ok((secs, packets))
}

/// A password for this run's NVR account, in a file only its owner reads.
fn password_file(dir: &Path) -> anyhow::Result<PathBuf> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let path = dir.join("nvr-password");
    let _ = std::fs::remove_file(&path);
    let mut bytes = [0u8; 16];
    ring::rand::SecureRandom::fill(&ring::rand::SystemRandom::new(), &mut bytes)
        .map_err(|_| anyhow::anyhow!("no randomness for the NVR password"))?;
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(&path)?;
    f.write_all(hex.as_bytes())?;
    Ok(path)
}

pub fn run(plan: &Plan) -> anyhow::Result<()> {
    std::fs::create_dir_all(&plan.dir)?;
    let layout = Layout::new(plan.dir.clone(), PATTERN);
    let n = (plan.minutes * 60).div_ceil(SEGMENT_SECS);
    println!(
        "preparing {} min of 1080p H.264 (~4 Mbit/s) as {n} NVR recordings of 5 min under {} ...",
        plan.minutes,
        plan.dir.display()
    );
    let files = recording::ensure(
        &plan.dir,
        &layout,
        "nvr",
        "ch1",
        &recording::SPEC,
        t0(),
        n,
        SEGMENT_SECS,
    )?;
    let total: u64 = files
        .iter()
        .map(|f| std::fs::metadata(f).map(|m| m.len()).unwrap_or(0))
        .sum();
    let secret = password_file(&plan.dir)?;
    let password = std::fs::read_to_string(&secret)?;
    let nvr = Nvr::start(plan, &layout.camera_dir("nvr", "ch1"), &secret)?;
    let (from, to) = window(plan.minutes);
    let plain = playback_url(nvr.port, from, to);
    let replay = replay_url(nvr.port);
    // The NVR cuts a window into one stream the first time it is asked
    // for and keeps it: ask for both once, untimed, so that no side pays
    // for the cut. A one-minute ONVIF pull also warms the NVR's replay.
    println!("warming the NVR (it cuts each window once) ...");
    let (_, reference_packets) = run_ffmpeg(plan, &with_login(&plain, &password), true)?;
    let short = run_child(plan, &replay, &secret, Mode::Onvif, 1)?;
    let (_, replay_packets) = run_ffmpeg(plan, &with_login(&replay, &password), true)?;
    let (mut times, mut last) = ([Vec::new(), Vec::new(), Vec::new(), Vec::new()], None);
    for round in 1..=plan.rounds {
        let (fr, _) = run_ffmpeg(plan, &with_login(&replay, &password), false)?;
        let o = run_child(plan, &replay, &secret, Mode::Onvif, plan.minutes)?;
        let (fp, _) = run_ffmpeg(plan, &with_login(&plain, &password), false)?;
        let p = run_child(plan, &plain, &secret, Mode::Plain, plan.minutes)?;
        println!(
            "round {round}: replay address: ffmpeg {fr:.2} s, sakshya {:.2} s (process peak {} MiB); playback address: ffmpeg {fp:.2} s, sakshya {:.2} s",
            o.seconds,
            o.peak_rss_kib / 1024,
            p.seconds
        );
        for (v, t) in times.iter_mut().zip([fr, o.seconds, fp, p.seconds]) {
            v.push(t);
        }
        last = Some(o);
    }
    drop(nvr);
    let o = last.ok_or_else(|| anyhow::anyhow!("no rounds run"))?;
    let [fr, s, f, p] = times.map(median);
    let real = f64::from(plan.minutes) * 60.0;
    println!();
    let count = |n: Option<u64>| n.map_or_else(|| "?".to_owned(), |n| n.to_string());
    println!(
        "recording: {} MiB in {n} files; window {} min; pulled {} MiB, {} packets (ffmpeg's copies: {} by replay, {} by playback), {:.0} s of media",
        total >> 20,
        plan.minutes,
        o.bytes >> 20,
        o.packets,
        count(replay_packets),
        count(reference_packets),
        o.media_seconds
    );
    println!("ONVIF replay address (Sakshya asks for the window; ffmpeg plays it whole):");
    println!(
        "  ffmpeg -rtsp_transport tcp -c copy   {fr:>8.2} s   {:.0}x real time",
        real / fr
    );
    println!(
        "  sakshya, Rate-Control: no            {s:>8.2} s   ratio {:.2} (goal <= 1.10), {:.0}x real time (goal >= 30)",
        s / fr,
        real / s
    );
    println!("Hikvision-style playback address, the same window:");
    println!(
        "  ffmpeg -rtsp_transport tcp -c copy   {f:>8.2} s   {:.0}x real time",
        real / f
    );
    println!(
        "  sakshya, plain playback              {p:>8.2} s   ratio {:.2}",
        p / f
    );
    println!(
        "sakshya pull peak memory  {} MiB process peak for {} min ({} MiB for 1 min; the binary and FFmpeg's libraries alone take {} MiB) (goal <= 64)",
        o.peak_rss_kib / 1024,
        plan.minutes,
        short.peak_rss_kib / 1024,
        o.baseline_rss_kib / 1024
    );
    Ok(())
}
