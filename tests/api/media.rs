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

/// The coded slice NAL units (H.264 types 1 and 5) of an Annex B stream.
fn coded_slices(annex_b: &[u8]) -> Vec<Vec<u8>> {
    slices_of(annex_b, false)
}

/// The coded slice NAL units of an Annex B stream: H.264 types 1 and 5,
/// H.265 the VCL types 0–31.
fn slices_of(annex_b: &[u8], hevc: bool) -> Vec<Vec<u8>> {
    let mut starts = Vec::new();
    let mut i = 0;
    while i + 3 <= annex_b.len() {
        if annex_b[i..i + 3] == [0, 0, 1] {
            starts.push(i + 3);
            i += 3;
        } else {
            i += 1;
        }
    }
    let mut out = Vec::new();
    for (n, &at) in starts.iter().enumerate() {
        let mut end = starts.get(n + 1).map_or(annex_b.len(), |s| s - 3);
        while end > at && annex_b[end - 1] == 0 {
            end -= 1;
        }
        let slice = if hevc {
            (annex_b[at] >> 1) & 0x3f < 32
        } else {
            matches!(annex_b[at] & 0x1f, 1 | 5)
        };
        if slice {
            out.push(annex_b[at..end].to_vec());
        }
    }
    out
}

/// The coded slices of a recording file, as stock FFmpeg reads them.
fn recorded_slices(file: &std::path::Path) -> Vec<Vec<u8>> {
    recorded_slices_of(file, false)
}

fn recorded_slices_of(file: &std::path::Path, hevc: bool) -> Vec<Vec<u8>> {
    let (bsf, raw) = if hevc {
        ("hevc_mp4toannexb", "hevc")
    } else {
        ("h264_mp4toannexb", "h264")
    };
    let out = std::process::Command::new("ffmpeg")
        .args(["-v", "error", "-i"])
        .arg(file)
        .args(["-map", "0:v:0", "-c", "copy", "-bsf:v", bsf, "-f", raw, "-"])
        .output()
        .unwrap();
    assert!(out.status.success());
    slices_of(&out.stdout, hevc)
}

/// Sakshya's own RTSP client (the one ONVIF replay needs) against the
/// real RTSP server of the test NVR: Digest login, DESCRIBE, interleaved
/// SETUP and PLAY, and every coded slice of the recording received
/// unchanged and in order, with RTP timestamps one frame apart.
#[test]
fn the_rtsp_client_receives_every_coded_slice_the_recorder_serves() {
    use sakshya::media::rtsp::{Playback, RtspError, Session};
    use secrecy::SecretString;

    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("ch1");
    let start = Utc.with_ymd_and_hms(2026, 11, 20, 9, 0, 0).unwrap();
    crate::media_nvr::recording(&dir, "RTSP-1", start, 4, &TINY);
    let file = dir.join(format!("{}.mp4", start.format("%Y%m%dT%H%M%SZ")));
    let (user, password) = (crate::nvr_double::USER, crate::nvr_double::PASSWORD);
    let nvr = crate::media_nvr::MediaNvr::start(&[(1, &dir)], user, password, &[]);
    let url = |from: DateTime<Utc>, secs: i64| {
        format!(
            "rtsp://127.0.0.1:{}/playback/1?start={}&end={}",
            nvr.port,
            from.timestamp(),
            from.timestamp() + secs
        )
    };
    let login = |p: &str| Some((user.to_owned(), SecretString::from(p.to_owned())));
    let timeout = std::time::Duration::from_secs(10);

    let wrong = Session::open(
        &url(start, 4),
        login("not-the-password"),
        Playback::Plain,
        timeout,
    );
    assert!(matches!(wrong, Err(RtspError::Unauthorized)), "{wrong:?}");
    let none = Session::open(&url(start, 4), None, Playback::Plain, timeout);
    assert!(matches!(none, Err(RtspError::Unauthorized)), "{none:?}");
    let empty = Session::open(
        &url(start - Duration::hours(1), 4),
        login(password),
        Playback::Plain,
        timeout,
    );
    // GStreamer's server answers a mount that has nothing to play with 400.
    assert!(
        matches!(
            empty,
            Err(RtspError::Refused {
                method: "DESCRIBE",
                status: 400,
                ..
            })
        ),
        "{empty:?}"
    );

    let mut s = Session::open(&url(start, 4), login(password), Playback::Plain, timeout).unwrap();
    assert_eq!(s.video.encoding, "H264");
    assert_eq!(s.video.parameter_sets.len(), 2, "SPS and PPS from the SDP");
    let mut frames = Vec::new();
    while let Some(f) = s.next_frame().unwrap() {
        frames.push(f);
    }
    assert_eq!(s.lost_packets(), 0);
    s.teardown();

    let want = recorded_slices(&file);
    let got: Vec<Vec<u8>> = frames.iter().flat_map(|f| coded_slices(&f.data)).collect();
    assert_eq!(want.len(), 4 * TINY.fps as usize);
    assert_eq!(got.len(), want.len(), "every frame of the recording");
    assert!(
        got == want,
        "the coded slices arrive unchanged and in order"
    );
    assert!(frames[0].key, "playback starts at a keyframe");
    let keys = frames.iter().filter(|f| f.key).count();
    assert_eq!(keys, (4 / TINY.gop_secs) as usize);
    let step = 90_000 / i64::from(TINY.fps);
    for w in frames.windows(2) {
        assert_eq!(w[1].timestamp - w[0].timestamp, step);
    }
    assert!(
        frames.iter().all(|f| f.wall_clock.is_none()),
        "plain RTSP carries no wall clock"
    );

    // The same session written as a pulled part: the recording's every
    // decoded frame, and a packet record line per frame.
    let part = tmp.path().join("part.mkv");
    let record = tmp.path().join("part.mkv.packets");
    let mut seen = 0;
    let report = sakshya::media::pull::pull_session(
        &url(start, 4),
        login(password),
        Playback::Plain,
        &sakshya::media::pull::PullTarget {
            out: &part,
            record: &record,
            limit: std::time::Duration::from_secs(60),
            repeats: &std::collections::HashSet::new(),
            timeout,
        },
        &mut |_| {
            seen += 1;
            true
        },
    )
    .unwrap();
    let n = 4 * TINY.fps as usize;
    assert_eq!(report.packets as usize, n);
    assert_eq!((report.width, report.height), (TINY.width, TINY.height));
    assert_eq!(report.interrupted, None);
    assert_eq!(report.wall_clock_start, None);
    assert_eq!(report.media_duration, std::time::Duration::from_secs(4));
    assert_eq!(seen, n, "progress after every frame");
    assert_eq!(
        crate::media_nvr::frame_md5s(&part),
        crate::media_nvr::frame_md5s(&file),
        "every decoded frame identical"
    );
    let lines = std::fs::read_to_string(&record).unwrap();
    assert_eq!(lines.lines().filter(|l| !l.starts_with('#')).count(), n);
}

/// ONVIF replay from the test NVR's real RTSP server (GStreamer's ONVIF
/// server and media): `Require: onvif-replay`, a `Range: clock=` window
/// across recordings, `Rate-Control: no`, and every frame stamped with
/// its wall-clock time by the ONVIF header extension, on the recording's
/// own timeline (its keyframes fall every two seconds from its start),
/// with every coded slice as recorded.
#[test]
fn onvif_replay_gives_each_frame_its_wall_clock_time() {
    use sakshya::media::rtsp::{Playback, Session};
    use secrecy::SecretString;

    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("ch1");
    let start = Utc.with_ymd_and_hms(2026, 11, 20, 9, 0, 0).unwrap();
    let mut want = Vec::new();
    for i in 0..3 {
        let t = start + Duration::seconds(i * 10);
        crate::media_nvr::recording(&dir, "ONVIF-1", t, 10, &TINY);
        let file = dir.join(format!("{}.mp4", t.format("%Y%m%dT%H%M%SZ")));
        want.extend(recorded_slices(&file));
    }
    let (user, password) = (crate::nvr_double::USER, crate::nvr_double::PASSWORD);
    let nvr = crate::media_nvr::MediaNvr::start(&[(1, &dir)], user, password, &[]);
    // As the double's GetReplayUri answers it.
    let url = format!(
        "rtsp://127.0.0.1:{}/onvif-media/record/play.amp?onvifreplayid=RecordingToken_001&onvifreplayext=1",
        nvr.port
    );
    let login = Some((user.to_owned(), SecretString::from(password.to_owned())));
    let (from, to) = (start + Duration::seconds(5), start + Duration::seconds(25));
    let mut s = Session::open(
        &url,
        login,
        Playback::OnvifReplay { from, to },
        std::time::Duration::from_secs(10),
    )
    .unwrap();
    let mut frames = Vec::new();
    while let Some(f) = s.next_frame().unwrap() {
        frames.push(f);
    }
    assert_eq!(s.lost_packets(), 0);
    let frame_ms = 1000 / i64::from(TINY.fps);
    let gop = Duration::seconds(i64::from(TINY.gop_secs));
    let clock: Vec<DateTime<Utc>> = frames.iter().map(|f| f.wall_clock.unwrap()).collect();
    // From the keyframe at or before the start (sent before the PLAY
    // answer, which the client must keep) to the end.
    assert!(frames[0].key);
    assert!(clock[0] <= from && from - clock[0] <= gop, "{}", clock[0]);
    let last = *clock.last().unwrap();
    assert!(
        last < to && to - last <= Duration::milliseconds(frame_ms),
        "{last}"
    );
    for w in clock.windows(2) {
        assert_eq!((w[1] - w[0]).num_milliseconds(), frame_ms);
    }
    let keys: Vec<DateTime<Utc>> = frames
        .iter()
        .zip(&clock)
        .filter(|(f, _)| f.key)
        .map(|(_, c)| *c)
        .collect();
    assert!(keys.len() >= 9, "{keys:?}");
    for k in &keys {
        let since = *k - start;
        assert_eq!(
            since.num_milliseconds() % gop.num_milliseconds(),
            0,
            "keyframe at {k}"
        );
    }
    // From the first keyframe on, the slices are the recording's own,
    // at the place the wall-clock time says.
    let first_key = frames.iter().position(|f| f.key).unwrap();
    let at = ((clock[first_key] - start).num_milliseconds() / frame_ms) as usize;
    let got: Vec<Vec<u8>> = frames[first_key..]
        .iter()
        .flat_map(|f| coded_slices(&f.data))
        .collect();
    assert!(
        got == want[at..at + got.len()],
        "the coded slices where the clock says"
    );
}

/// H.265 footage (as most recorders sold today write it) through
/// Sakshya's RTSP client from the test NVR's real server (`rtph265pay`:
/// aggregation packets for the parameter sets, fragmentation units for
/// the slices): plain playback and ONVIF replay both give every coded
/// slice as recorded, and the pulled part decodes to the recording's
/// every frame.
#[test]
fn h265_footage_arrives_slice_for_slice_by_plain_playback_and_by_onvif_replay() {
    use sakshya::media::rtsp::{Playback, Session, VideoCodec};
    use secrecy::SecretString;

    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("ch1");
    let start = Utc.with_ymd_and_hms(2026, 11, 20, 9, 0, 0).unwrap();
    let file = crate::media_nvr::hevc_recording(&dir, start, 6);
    let want = recorded_slices_of(&file, true);
    assert_eq!(want.len(), 6 * 25);
    let (user, password) = (crate::nvr_double::USER, crate::nvr_double::PASSWORD);
    let nvr = crate::media_nvr::MediaNvr::start(&[(1, &dir)], user, password, &[]);
    let login = || Some((user.to_owned(), SecretString::from(password.to_owned())));
    let timeout = std::time::Duration::from_secs(10);
    // Both windows run a second past the recording: libx265's first frame
    // is at 0.04 s, so its last ends at 6.04 s.
    let plain = format!(
        "rtsp://127.0.0.1:{}/playback/1?start={}&end={}",
        nvr.port,
        start.timestamp(),
        start.timestamp() + 7
    );
    let replay = format!(
        "rtsp://127.0.0.1:{}/onvif-media/record/play.amp?onvifreplayid=RecordingToken_001",
        nvr.port
    );
    let onvif = Playback::OnvifReplay {
        from: start,
        to: start + Duration::seconds(7),
    };
    for (url, playback) in [(&plain, Playback::Plain), (&replay, onvif)] {
        let mut s = Session::open(url, login(), playback, timeout).unwrap();
        assert_eq!(s.codec(), VideoCodec::H265);
        let kinds: Vec<u8> = s
            .video
            .parameter_sets
            .iter()
            .map(|p| (p[0] >> 1) & 0x3f)
            .collect();
        assert_eq!(kinds, vec![32, 33, 34], "VPS, SPS and PPS from the SDP");
        let mut frames = Vec::new();
        while let Some(f) = s.next_frame().unwrap() {
            frames.push(f);
        }
        assert_eq!(s.lost_packets(), 0);
        s.teardown();
        assert!(frames[0].key, "{url}: starts at a keyframe");
        assert_eq!(frames.iter().filter(|f| f.key).count(), 3, "{url}");
        let got: Vec<Vec<u8>> = frames
            .iter()
            .flat_map(|f| slices_of(&f.data, true))
            .collect();
        assert_eq!(got.len(), want.len(), "{url}: every frame");
        assert!(
            got == want,
            "{url}: the coded slices unchanged and in order"
        );
        if matches!(playback, Playback::OnvifReplay { .. }) {
            assert_eq!(frames[0].wall_clock, Some(start));
        }
    }

    let part = tmp.path().join("part.mkv");
    let record = tmp.path().join("part.mkv.packets");
    let report = sakshya::media::pull::pull_session(
        &replay,
        login(),
        onvif,
        &sakshya::media::pull::PullTarget {
            out: &part,
            record: &record,
            limit: std::time::Duration::from_secs(60),
            repeats: &std::collections::HashSet::new(),
            timeout,
        },
        &mut |_| true,
    )
    .unwrap();
    assert_eq!(report.codec, "hevc");
    assert_eq!((report.width, report.height), (320, 240));
    assert_eq!(report.packets, 6 * 25);
    assert_eq!(
        crate::media_nvr::frame_md5s(&part),
        crate::media_nvr::frame_md5s(&file),
        "every decoded frame identical"
    );
}

/// A recorder that ends a session hearing nothing from its client for its
/// session timeout (the test NVR with `--session-timeout 2`, playing at
/// real time): Sakshya's client keeps the session alive with GET_PARAMETER
/// every half timeout, so a window longer than the timeout arrives whole.
#[test]
fn a_session_longer_than_the_recorders_timeout_is_kept_alive() {
    use sakshya::media::rtsp::{Playback, Session};
    use secrecy::SecretString;

    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("ch1");
    let start = Utc.with_ymd_and_hms(2026, 11, 20, 9, 0, 0).unwrap();
    crate::media_nvr::recording(&dir, "KEEPALIVE-1", start, 6, &TINY);
    let (user, password) = (crate::nvr_double::USER, crate::nvr_double::PASSWORD);
    let nvr = crate::media_nvr::MediaNvr::start(
        &[(1, &dir)],
        user,
        password,
        &["--session-timeout", "2"],
    );
    let url = format!(
        "rtsp://127.0.0.1:{}/playback/1?start={}&end={}",
        nvr.port,
        start.timestamp(),
        start.timestamp() + 6
    );
    let login = Some((user.to_owned(), SecretString::from(password.to_owned())));
    let began = std::time::Instant::now();
    let mut s = Session::open(
        &url,
        login,
        Playback::Plain,
        std::time::Duration::from_secs(10),
    )
    .unwrap();
    let mut frames = 0;
    while let Some(_f) = s.next_frame().unwrap() {
        frames += 1;
    }
    s.teardown();
    // Paced at real time: the session outlived the timeout three times.
    assert!(began.elapsed() >= std::time::Duration::from_secs(5));
    assert_eq!(frames, 6 * TINY.fps as usize, "every frame, none cut off");
}
