//! The media side of a test NVR: `tests/support/test_nvr.py`, a real RTSP
//! server (GStreamer's gst-rtsp-server) serving real footage files for
//! playback, started on 127.0.0.1 for one test and stopped with it.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use chrono::{DateTime, Duration, Utc};
use sakshya::media::demo_footage::{write_segment, FootageSpec};

pub struct MediaNvr {
    pub port: u16,
    child: Child,
}

impl Drop for MediaNvr {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Debian's Python, which owns the GStreamer bindings.
const PYTHON: &str = "/usr/bin/python3";

impl MediaNvr {
    /// Serves `channels` (channel number, folder of segment files) behind
    /// RTSP Digest with the double's account; `extra` are more arguments
    /// (faults).
    pub fn start(channels: &[(i32, &Path)], user: &str, password: &str, extra: &[&str]) -> Self {
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/support/test_nvr.py");
        let mut cmd = Command::new(PYTHON);
        cmd.arg(script)
            .args(["--user", user, "--password", password])
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit());
        for (n, dir) in channels {
            cmd.arg("--channel").arg(format!("{n}={}", dir.display()));
        }
        let mut child = cmd.spawn().unwrap_or_else(|e| {
            panic!("the test NVR needs {PYTHON} with GStreamer's RTSP server (make test installs it): {e}")
        });
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let port = line
            .trim()
            .strip_prefix("READY ")
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| {
                panic!("the test NVR did not start (it printed {line:?}); are python3-gst-1.0 and gir1.2-gst-rtsp-server-1.0 installed?")
            });
        Self { port, child }
    }
}

/// Writes `n` adjacent recordings of `secs` seconds from `start` into a
/// new folder under `root`, named as recorders name them.
pub fn recordings(root: &Path, camera: &str, start: DateTime<Utc>, n: i64, secs: u32) -> PathBuf {
    let dir = root.join(format!("nvr-{camera}"));
    for i in 0..n {
        let t = start + Duration::seconds(i * i64::from(secs));
        recording(&dir, camera, t, secs, &FootageSpec::default());
    }
    dir
}

/// Writes one recording of `secs` seconds from `start` into `dir`.
pub fn recording(dir: &Path, camera: &str, start: DateTime<Utc>, secs: u32, spec: &FootageSpec) {
    let path = dir.join(format!("{}.mp4", start.format("%Y%m%dT%H%M%SZ")));
    write_segment(&path, camera, start, secs, spec).unwrap();
}

/// Writes one H.265 recording of `secs` seconds from `start` into `dir`
/// (320×240, 25 fps, a keyframe every 2 s, no B-frames, as recorders
/// encode) with stock FFmpeg and libx265; gives its path. The picture
/// depends on the start (the test pattern from that many seconds into its
/// ten-minute cycle), so adjacent recordings differ.
pub fn hevc_recording(dir: &Path, start: DateTime<Utc>, secs: u32) -> PathBuf {
    std::fs::create_dir_all(dir).unwrap();
    let path = dir.join(format!("{}.mp4", start.format("%Y%m%dT%H%M%SZ")));
    let into = (start.timestamp() % 600).to_string();
    let status = Command::new("ffmpeg")
        .args(["-v", "error", "-y", "-ss", &into, "-f", "lavfi", "-i"])
        .arg("testsrc2=size=320x240:rate=25")
        .args([
            "-frames:v",
            &(secs * 25).to_string(),
            "-c:v",
            "libx265",
            "-preset",
            "ultrafast",
        ])
        .args([
            "-x265-params",
            "keyint=50:min-keyint=50:bframes=0:log-level=error",
        ])
        .args(["-tag:v", "hvc1"])
        .arg(&path)
        .status()
        .unwrap();
    assert!(
        status.success(),
        "ffmpeg with libx265 (Debian's ffmpeg has it)"
    );
    path
}

/// The MD5 of every decoded frame of `path`, in order (stock ffmpeg).
pub fn frame_md5s(path: &Path) -> Vec<String> {
    let out = Command::new("ffmpeg")
        .args(["-v", "error", "-i"])
        .arg(path)
        .args(["-map", "0:v:0", "-f", "framemd5", "-"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.rsplit(',').next().map(|h| h.trim().to_owned()))
        .collect()
}
