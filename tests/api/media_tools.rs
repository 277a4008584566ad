//! Independent checks with the stock `ffmpeg`/`ffprobe` command-line tools.

use std::path::Path;
use std::process::Command;

use chrono::{DateTime, Duration, Utc};

fn run(cmd: &str, args: &[&str]) -> String {
    let out = Command::new(cmd).args(args).output().unwrap_or_else(|e| {
        panic!("`{cmd}` is required for these tests (apt-get install ffmpeg): {e}")
    });
    assert!(
        out.status.success(),
        "{cmd} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Per-packet MD5s of the first video stream (`-f framemd5`).
pub fn framemd5(path: &Path) -> Vec<String> {
    let p = path.to_str().unwrap();
    run(
        "ffmpeg",
        &[
            "-v", "error", "-i", p, "-map", "0:v:0", "-c", "copy", "-f", "framemd5", "-",
        ],
    )
    .lines()
    .filter(|l| !l.starts_with('#'))
    .map(|l| l.rsplit(',').next().unwrap().trim().to_owned())
    .collect()
}

/// (pts in seconds, is keyframe) per video packet, in decode order.
pub fn packets(path: &Path) -> Vec<(f64, bool)> {
    let p = path.to_str().unwrap();
    run(
        "ffprobe",
        &[
            "-v",
            "error",
            "-select_streams",
            "v:0",
            "-show_entries",
            "packet=pts_time,flags",
            "-of",
            "csv=p=0",
            p,
        ],
    )
    .lines()
    .filter(|l| !l.trim().is_empty())
    .map(|l| {
        let (t, f) = l.split_once(',').unwrap();
        (t.parse().unwrap(), f.contains('K'))
    })
    .collect()
}

/// Decodes every frame; returns FFmpeg's error output (empty when clean).
pub fn decode_errors(path: &Path) -> String {
    let out = Command::new("ffmpeg")
        .args([
            "-v",
            "error",
            "-i",
            path.to_str().unwrap(),
            "-f",
            "null",
            "-",
        ])
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The MD5s a clip of `[start, end]` must contain: from the last keyframe
/// at or before `start` through the last packet at or before `end`.
pub fn expected_md5s(
    segments: &[(DateTime<Utc>, &Path)],
    start: DateTime<Utc>,
    end: DateTime<Utc>,
) -> Vec<String> {
    let mut all: Vec<(DateTime<Utc>, bool, String)> = Vec::new();
    for (seg_start, path) in segments {
        let pk = packets(path);
        let md = framemd5(path);
        assert_eq!(pk.len(), md.len());
        let t0 = pk[0].0;
        for ((t, key), h) in pk.into_iter().zip(md) {
            all.push((
                *seg_start + Duration::microseconds(((t - t0) * 1e6).round() as i64),
                key,
                h,
            ));
        }
    }
    let first = all
        .iter()
        .rposition(|(t, k, _)| *k && *t <= start)
        .unwrap_or(0);
    all[first..]
        .iter()
        .take_while(|(t, _, _)| *t <= end)
        .map(|(_, _, h)| h.clone())
        .collect()
}

/// True when the MP4's index (`moov`) precedes its media (`mdat`).
pub fn index_at_front(path: &Path) -> bool {
    let bytes = std::fs::read(path).unwrap();
    let find = |tag: &[u8]| bytes.windows(4).position(|w| w == tag);
    matches!((find(b"moov"), find(b"mdat")), (Some(m), Some(d)) if m < d)
}
