//! Clip extraction by stream copy.
//!
//! The video packets of the source segments are copied, byte for byte,
//! into one fragmented MP4: the index (`moov`) comes first and each
//! keyframe starts a fragment, so browsers play it while downloading,
//! memory stays bounded however long the clip, and the file is written
//! strictly front to back (the output is opened non-seekable), which lets
//! the caller hash it while it is being written. The clip starts at the keyframe at or before
//! the requested start and stops after the last packet at or before the
//! requested end. Timestamps are rebased so the clip's timeline is
//! continuous across segment boundaries; a real hole in the recording is
//! kept as a jump in time and reported as a gap. Packet payloads are never
//! touched, so every frame is the camera's own.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Duration, Utc};
use ffmpeg_next::{codec, encoder, format, media, Dictionary, Packet, Rational};

use super::MediaError;

/// One recording segment, as the index knows it.
#[derive(Debug, Clone)]
pub struct SourceSegment {
    pub id: String,
    pub path: PathBuf,
    /// Wall-clock start (UTC) from the recorder's file name.
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
}

/// What went into a clip.
#[derive(Debug, Clone, PartialEq)]
pub struct ExtractReport {
    /// Wall-clock time of the first packet (the keyframe).
    pub actual_start: DateTime<Utc>,
    /// Wall-clock end of the last packet.
    pub actual_end: DateTime<Utc>,
    pub packets: u64,
    /// Ids of the segments whose packets are in the clip, in order.
    pub segments_used: Vec<String>,
    /// Holes in the recording inside the requested window.
    pub gaps: Vec<(DateTime<Utc>, DateTime<Utc>)>,
}

/// Holes shorter than this are jitter between segment files, not gaps.
const GAP_TOLERANCE_MS: i64 = 1_000;

fn wall(seg_start: DateTime<Utc>, ts: i64, first: i64, tb: Rational) -> DateTime<Utc> {
    let micros = i128::from(ts - first) * 1_000_000 * i128::from(tb.numerator())
        / i128::from(tb.denominator().max(1));
    seg_start + Duration::microseconds(i64::try_from(micros).unwrap_or(i64::MAX / 2))
}

fn to_ticks(d: Duration, tb: Rational) -> i64 {
    let micros = i128::from(d.num_microseconds().unwrap_or(0));
    i64::try_from(
        micros * i128::from(tb.denominator()) / (1_000_000 * i128::from(tb.numerator().max(1))),
    )
    .unwrap_or(0)
}

fn ts_of(p: &Packet) -> i64 {
    p.pts().or(p.dts()).unwrap_or(0)
}

/// Finds, in decode order, the index of the last keyframe whose wall time
/// is at or before `at` (or the first keyframe if none is).
fn start_packet(seg: &SourceSegment, at: DateTime<Utc>) -> Result<usize, MediaError> {
    let mut ictx = format::input(&seg.path)?;
    let stream = ictx
        .streams()
        .best(media::Type::Video)
        .ok_or_else(|| MediaError::NoVideo(seg.path.display().to_string()))?;
    let (idx, tb) = (stream.index(), stream.time_base());
    let mut first: Option<i64> = None;
    let mut chosen: Option<usize> = None;
    let mut n = 0usize;
    for (s, p) in ictx.packets() {
        if s.index() != idx {
            continue;
        }
        let ts = ts_of(&p);
        let f = *first.get_or_insert(ts);
        if p.is_key() {
            if wall(seg.start, ts, f, tb) <= at || chosen.is_none() {
                chosen = Some(n);
            } else {
                break;
            }
        }
        n += 1;
    }
    chosen.ok_or_else(|| MediaError::Other(format!("{} has no keyframe", seg.path.display())))
}

/// Extracts `[start, end]` from `sources` (any order) into the MP4 `out`.
/// `progress` receives the fraction done (0.0-1.0) as packets are copied.
pub fn extract(
    sources: &[SourceSegment],
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    out: &Path,
    progress: &mut dyn FnMut(f64),
) -> Result<ExtractReport, MediaError> {
    super::init();
    let mut segs: Vec<&SourceSegment> = sources
        .iter()
        .filter(|s| s.end > start && s.start < end)
        .collect();
    segs.sort_by_key(|s| s.start);
    let first_seg = *segs.first().ok_or(MediaError::NoFootage)?;
    let skip = start_packet(first_seg, start)?;

    let mut io_opts = Dictionary::new();
    io_opts.set("seekable", "0");
    let mut octx = format::output_as_with(&out, "mp4", io_opts)?;
    let mut out_tb = Rational::new(1, 90_000);
    let mut reference: Option<(codec::Id, u32, u32)> = None;
    let mut origin: Option<DateTime<Utc>> = None;
    let mut last_dts: Option<i64> = None;
    let mut last_dur: i64 = 0;
    let mut last_end: Option<DateTime<Utc>> = None;
    let mut report = ExtractReport {
        actual_start: start,
        actual_end: start,
        packets: 0,
        segments_used: Vec::new(),
        gaps: Vec::new(),
    };
    let span = (end - start).num_milliseconds().max(1) as f64;

    'segments: for (si, seg) in segs.iter().enumerate() {
        let mut ictx = format::input(&seg.path)?;
        let ist = ictx
            .streams()
            .best(media::Type::Video)
            .ok_or_else(|| MediaError::NoVideo(seg.path.display().to_string()))?;
        let (idx, in_tb) = (ist.index(), ist.time_base());
        let params = ist.parameters();
        let dec = codec::context::Context::from_parameters(params.clone())?
            .decoder()
            .video()?;
        let shape = (params.id(), dec.width(), dec.height());
        match reference {
            None => {
                let mut ost = octx.add_stream(encoder::find(codec::Id::None))?;
                ost.set_parameters(params);
                ost.set_time_base(in_tb);
                let mut opts = Dictionary::new();
                opts.set("movflags", "+frag_keyframe+empty_moov+default_base_moof");
                octx.write_header_with(opts)?;
                out_tb = octx.stream(0).map(|s| s.time_base()).unwrap_or(in_tb);
                reference = Some(shape);
            }
            Some(r) if r != shape => {
                return Err(MediaError::Incompatible(format!(
                    "{} is {:?}, the clip is {:?}",
                    seg.path.display(),
                    shape,
                    r
                )));
            }
            Some(_) => {}
        }
        let mut first: Option<i64> = None;
        let mut offset: Option<i64> = None;
        let mut n = 0usize;
        let mut used = false;
        for (s, mut p) in ictx.packets() {
            if s.index() != idx {
                continue;
            }
            let ts = ts_of(&p);
            let f = *first.get_or_insert(ts);
            let at = wall(seg.start, ts, f, in_tb);
            n += 1;
            if si == 0 && n <= skip {
                continue;
            }
            let dts_wall = wall(seg.start, p.dts().unwrap_or(ts), f, in_tb);
            if dts_wall > end {
                break 'segments;
            }
            let origin = *origin.get_or_insert(at);
            if !used {
                used = true;
                report.segments_used.push(seg.id.clone());
                match last_end {
                    None if at - start > Duration::milliseconds(GAP_TOLERANCE_MS) => {
                        report.gaps.push((start, at))
                    }
                    Some(prev) if at - prev > Duration::milliseconds(GAP_TOLERANCE_MS) => {
                        report.gaps.push((prev, at))
                    }
                    _ => {}
                }
            }
            p.rescale_ts(in_tb, out_tb);
            let pkt_first = *offset.get_or_insert_with(|| {
                // Where this segment starts on the clip's timeline: right
                // after the previous packet when the recording is continuous
                // (file-name times have one-second granularity), at its real
                // offset when there is a hole, and never overlapping.
                let real = to_ticks(at - origin, out_tb);
                let target = match (last_dts, last_end) {
                    (Some(d), Some(e)) => {
                        let next = d + last_dur.max(1);
                        if at - e <= Duration::milliseconds(GAP_TOLERANCE_MS) {
                            next
                        } else {
                            real.max(next)
                        }
                    }
                    _ => real,
                };
                target - p.dts().or(p.pts()).unwrap_or(0)
            });
            let (pts, dts) = (
                p.pts().map(|v| v + pkt_first),
                p.dts().map(|v| v + pkt_first),
            );
            p.set_pts(pts);
            p.set_dts(dts);
            p.set_position(-1);
            p.set_stream(0);
            last_dts = dts.or(pts);
            let dur = p.duration().max(0);
            last_dur = dur;
            let pkt_end = at + Duration::microseconds(to_micros(dur, out_tb));
            last_end = Some(last_end.map_or(pkt_end, |e| e.max(pkt_end)));
            report.actual_end = last_end.unwrap_or(at);
            if report.packets == 0 {
                report.actual_start = at;
            }
            report.packets += 1;
            p.write_interleaved(&mut octx)?;
            if report.packets.is_multiple_of(256) {
                progress(((at - start).num_milliseconds() as f64 / span).clamp(0.0, 1.0));
            }
        }
    }
    if reference.is_none() || report.packets == 0 {
        return Err(MediaError::NoFootage);
    }
    match octx.write_trailer() {
        // FFmpeg 5.1's fragmented-MP4 trailer returns the size of the
        // `mfra` box it wrote (a positive number) instead of 0, which
        // ffmpeg-next reports as an "unknown error" with a negated errno.
        Ok(()) => {}
        Err(ffmpeg_next::Error::Other { errno }) if errno < 0 => {}
        Err(e) => return Err(e.into()),
    }
    drop(octx);
    if end - report.actual_end > Duration::milliseconds(GAP_TOLERANCE_MS) {
        report.gaps.push((report.actual_end, end));
    }
    progress(1.0);
    Ok(report)
}

fn to_micros(ticks: i64, tb: Rational) -> i64 {
    let m = i128::from(ticks) * 1_000_000 * i128::from(tb.numerator())
        / i128::from(tb.denominator().max(1));
    i64::try_from(m).unwrap_or(0)
}
