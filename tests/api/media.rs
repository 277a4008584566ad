//! Real FFmpeg: demo footage, probing, and bit-exact extraction.

use std::path::PathBuf;

use chrono::{DateTime, Duration, TimeZone, Utc};
use sakshya::media::demo_footage::{write_segment, FootageSpec};
use sakshya::media::extract::{extract, SourceSegment};
use sakshya::media::{probe::probe, MediaError};

use crate::media_tools::{decode_errors, expected_md5s, framemd5, index_at_front, packets};

const TINY: FootageSpec = FootageSpec {
    width: 160,
    height: 96,
    fps: 5,
    gop_secs: 2,
    bit_rate: 0,
};

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 20, 10, 0, 0).unwrap()
}

/// Writes `n` consecutive segments of `secs` seconds, skipping indices in `holes`.
fn recording(dir: &std::path::Path, n: i64, secs: u32, holes: &[i64]) -> Vec<SourceSegment> {
    (0..n)
        .filter(|i| !holes.contains(i))
        .map(|i| {
            let start = t0() + Duration::seconds(i * i64::from(secs));
            let path: PathBuf =
                dir.join(format!("CAM-1/{}.mp4", start.format("%Y/%m/%d/%H-%M-%S")));
            write_segment(&path, "CAM-1 Test junction", start, secs, &TINY).unwrap();
            SourceSegment {
                id: format!("seg{i}"),
                path,
                start,
                end: start + Duration::seconds(i64::from(secs)),
            }
        })
        .collect()
}

#[test]
fn demo_footage_is_h264_with_the_requested_shape() {
    let dir = tempfile::tempdir().unwrap();
    let segs = recording(dir.path(), 1, 6, &[]);
    let info = probe(&segs[0].path).unwrap();
    assert_eq!(info.video_codec, "h264");
    assert_eq!((info.width, info.height), (160, 96));
    assert!(
        (info.duration_secs - 6.0).abs() < 0.3,
        "{}",
        info.duration_secs
    );
    let pk = packets(&segs[0].path);
    assert_eq!(pk.len(), 30);
    assert!(pk[0].1 && pk[10].1 && !pk[1].1, "keyframe every 2 s");
}

#[test]
fn clip_across_three_segments_is_bit_exact() {
    let dir = tempfile::tempdir().unwrap();
    let segs = recording(dir.path(), 4, 10, &[]);
    // 10:00:05.5 .. 10:00:27.1 spans segments 0, 1 and 2.
    let (start, end) = (
        t0() + Duration::milliseconds(5_500),
        t0() + Duration::milliseconds(27_100),
    );
    let out = dir.path().join("clip.mp4");
    let mut last = 0.0;
    let report = extract(&segs, start, end, &out, &mut |p| last = p).unwrap();
    assert_eq!(last, 1.0);
    assert_eq!(report.segments_used, ["seg0", "seg1", "seg2"]);
    assert!(report.gaps.is_empty(), "{:?}", report.gaps);
    assert_eq!(
        report.actual_start,
        t0() + Duration::seconds(4),
        "keyframe at or before the start"
    );
    assert!(
        report.actual_end >= end - Duration::milliseconds(200),
        "{}",
        report.actual_end
    );

    let pairs: Vec<(DateTime<Utc>, &std::path::Path)> =
        segs.iter().map(|s| (s.start, s.path.as_path())).collect();
    let expected = expected_md5s(&pairs, start, end);
    let got = framemd5(&out);
    assert_eq!(got.len() as u64, report.packets);
    assert_eq!(got, expected, "clip packets differ from the source packets");
    let clip_packets = packets(&out);
    assert!(clip_packets[0].1, "the clip starts on a keyframe");
    assert!(
        clip_packets.windows(2).all(|w| w[1].0 > w[0].0),
        "timestamps strictly increase"
    );
    let duration = clip_packets.last().unwrap().0 - clip_packets[0].0;
    assert!(
        (duration - 23.0).abs() < 0.3,
        "continuous timeline, {duration}"
    );
    assert_eq!(decode_errors(&out), "", "the clip decodes cleanly");
    assert!(index_at_front(&out), "moov precedes mdat");
}

#[test]
fn a_hole_in_the_recording_is_reported_as_a_gap() {
    let dir = tempfile::tempdir().unwrap();
    let segs = recording(dir.path(), 4, 10, &[1]);
    let (start, end) = (t0() + Duration::seconds(2), t0() + Duration::seconds(35));
    let out = dir.path().join("clip.mp4");
    let report = extract(&segs, start, end, &out, &mut |_| {}).unwrap();
    assert_eq!(report.segments_used, ["seg0", "seg2", "seg3"]);
    assert_eq!(report.gaps.len(), 1, "{:?}", report.gaps);
    let (a, b) = report.gaps[0];
    assert!(
        (a - (t0() + Duration::seconds(10)))
            .num_milliseconds()
            .abs()
            <= 250,
        "{a}"
    );
    assert_eq!(b, t0() + Duration::seconds(20));
    let pairs: Vec<(DateTime<Utc>, &std::path::Path)> =
        segs.iter().map(|s| (s.start, s.path.as_path())).collect();
    assert_eq!(framemd5(&out), expected_md5s(&pairs, start, end));
    let pk = packets(&out);
    let jump = pk.windows(2).map(|w| w[1].0 - w[0].0).fold(0.0, f64::max);
    assert!(
        (jump - 10.2).abs() < 0.3,
        "the hole stays a 10 s jump in time, got {jump}"
    );
    assert_eq!(decode_errors(&out), "");
}

#[test]
fn no_footage_in_the_window() {
    let dir = tempfile::tempdir().unwrap();
    let segs = recording(dir.path(), 2, 10, &[]);
    let out = dir.path().join("clip.mp4");
    let r = extract(
        &segs,
        t0() + Duration::hours(1),
        t0() + Duration::hours(2),
        &out,
        &mut |_| {},
    );
    assert!(matches!(r, Err(MediaError::NoFootage)), "{r:?}");
}

#[test]
fn a_damaged_segment_does_not_probe() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("broken.mp4");
    std::fs::write(&p, b"this is not a video file at all").unwrap();
    assert!(probe(&p).is_err());
}
