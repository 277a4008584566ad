//! Receiving footage a recorder plays back over RTSP (interleaved on the
//! RTSP TCP connection), written by stream copy into an MPEG-TS file:
//! the packets are the recorder's own, never decoded or re-encoded, and a
//! file cut short by a crash or a dropped connection still reads up to its
//! last whole packet. Beside it goes a per-packet record (timestamp,
//! keyframe, size, SHA-256 of the payload), one line per packet, so any
//! later copy can be checked packet by packet against what arrived.
//!
//! Memory stays bounded however long the window: packets go to the file
//! as they arrive.

use std::collections::HashSet;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;
use std::time::Duration;

use chrono::{DateTime, Utc};
use ffmpeg_next::{codec, encoder, format, media, Dictionary, Packet, Rational};
use ring::digest::{digest, SHA256};
use secrecy::SecretString;

use super::rtsp::{Frame, Playback, RtspError, Session, VideoCodec};
use super::MediaError;

/// What one playback session delivered.
#[derive(Debug, Clone, PartialEq)]
pub struct PullReport {
    pub packets: u64,
    /// From the first packet's timestamp to the end of the last packet.
    pub media_duration: Duration,
    pub codec: String,
    pub width: u32,
    pub height: u32,
    /// The longest time between two keyframes seen (how far the first
    /// frame may lie before the requested start).
    pub keyframe_interval: Duration,
    /// Why the session ended early, if it ended with an error.
    pub interrupted: Option<String>,
    /// Leading packets dropped because the part before already holds them.
    pub repeats_dropped: u64,
    /// The stream changed its sequence parameters (resolution, profile or
    /// codec settings) at a keyframe: the part stops before it, and the
    /// rest is a part of its own.
    pub changed: bool,
    /// The device's wall-clock time of the first frame written, where the
    /// stream carries it (ONVIF replay).
    pub wall_clock_start: Option<DateTime<Utc>>,
}

impl PullReport {
    fn new(codec: String, width: u32, height: u32) -> Self {
        Self {
            packets: 0,
            media_duration: Duration::ZERO,
            codec,
            width,
            height,
            keyframe_interval: Duration::ZERO,
            interrupted: None,
            repeats_dropped: 0,
            changed: false,
            wall_clock_start: None,
        }
    }
}

/// Why a playback session could not start.
#[derive(Debug, thiserror::Error)]
pub enum PullError {
    #[error("the recorder refused the stored username and password for playback")]
    Unauthorized,
    #[error("the recorder has no footage at this playback address")]
    NotFound,
    #[error("the recorder's RTSP service did not answer: {0}")]
    Unreachable(String),
    /// It answered, and refused (400, or another 4xx).
    #[error("the recorder refused the playback request: {0}")]
    Refused(String),
    /// The stream is in a form this version cannot receive (not retried).
    #[error("the recorder's stream cannot be received: {0}")]
    Unsupported(String),
    /// The caller asked to stop (its job was taken over).
    #[error("the pull was stopped")]
    Stopped,
    #[error(transparent)]
    Media(#[from] MediaError),
}

/// The 90 kHz clock of RTP video timestamps, the packet record's unit.
const RTP_TB: Rational = Rational(1, 90_000);

fn classify(e: ffmpeg_next::Error) -> PullError {
    match e {
        ffmpeg_next::Error::HttpUnauthorized | ffmpeg_next::Error::HttpForbidden => {
            PullError::Unauthorized
        }
        ffmpeg_next::Error::HttpNotFound => PullError::NotFound,
        e @ (ffmpeg_next::Error::HttpBadRequest | ffmpeg_next::Error::HttpOther4xx) => {
            PullError::Refused(e.to_string())
        }
        other => PullError::Unreachable(other.to_string()),
    }
}

fn micros(ticks: i64) -> Duration {
    Duration::from_micros(u64::try_from(ticks).unwrap_or(0).saturating_mul(100) / 9)
}

/// The sequence parameter set NAL unit in an Annex B access unit (H.264
/// type 7, H.265 type 33), if it carries one.
pub fn sps_of(data: &[u8], hevc: bool) -> Option<&[u8]> {
    let mut starts = Vec::new();
    let mut i = 0;
    while i + 3 <= data.len() {
        if data[i] == 0 && data[i + 1] == 0 && data[i + 2] == 1 {
            starts.push(i + 3);
            i += 3;
        } else {
            i += 1;
        }
    }
    for (n, &at) in starts.iter().enumerate() {
        let header = *data.get(at)?;
        let kind = if hevc {
            (header >> 1) & 0x3f
        } else {
            header & 0x1f
        };
        if kind == if hevc { 33 } else { 7 } {
            let mut end = starts.get(n + 1).map_or(data.len(), |next| next - 3);
            // A four-byte start code's leading zero belongs to the next one.
            while end > at && data[end - 1] == 0 {
                end -= 1;
            }
            return Some(&data[at..end]);
        }
    }
    None
}

/// The Matroska part (one stream, of `params`) and its packet record.
fn open_output(
    out: &Path,
    record: &Path,
    params: codec::Parameters,
) -> Result<(format::context::Output, Rational, BufWriter<File>), MediaError> {
    let mut octx = format::output_as(&out, "matroska")?;
    {
        let mut ost = octx.add_stream(encoder::find(codec::Id::None))?;
        ost.set_parameters(params);
        ost.set_time_base(RTP_TB);
    }
    octx.write_header()?;
    let out_tb = octx.stream(0).map(|s| s.time_base()).unwrap_or(RTP_TB);
    let mut rec = BufWriter::new(File::create(record)?);
    writeln!(rec, "# pts_90khz\tkey\tsize\tsha256")?;
    Ok((octx, out_tb, rec))
}

/// Closes the part and its record, both synced to disk.
fn close_output(
    mut octx: format::context::Output,
    mut rec: BufWriter<File>,
    out: &Path,
) -> Result<(), MediaError> {
    octx.write_trailer()?;
    rec.flush()?;
    rec.get_ref().sync_all()?;
    drop(octx);
    File::open(out).and_then(|f| f.sync_all())?;
    Ok(())
}

fn ts(p: &Packet) -> i64 {
    p.pts().or(p.dts()).unwrap_or(0)
}

/// Writes packets to the file and the packet record, on a timeline that
/// starts at 0 with the first packet.
struct Writer<'a> {
    octx: &'a mut format::context::Output,
    out_tb: Rational,
    rec: &'a mut BufWriter<File>,
    report: &'a mut PullReport,
    origin: Option<i64>,
    last_key: Option<i64>,
    last_end: i64,
    /// The last packet's timestamp and the step before it, standing in
    /// for packet durations RTP does not carry.
    last_pts: Option<i64>,
    step: i64,
}

impl<'a> Writer<'a> {
    fn new(
        octx: &'a mut format::context::Output,
        out_tb: Rational,
        rec: &'a mut BufWriter<File>,
        report: &'a mut PullReport,
    ) -> Self {
        Self {
            octx,
            out_tb,
            rec,
            report,
            origin: None,
            last_key: None,
            last_end: 0,
            last_pts: None,
            step: 0,
        }
    }

    /// Whether a keyframe's sequence parameter set differs from the
    /// session's first (remembered in `first`).
    fn sps_changed(first: &mut Option<Vec<u8>>, data: &[u8], hevc: bool) -> bool {
        match (sps_of(data, hevc), first.as_deref()) {
            (Some(sps), None) => {
                *first = Some(sps.to_vec());
                false
            }
            (Some(sps), Some(known)) => known != sps,
            (None, _) => false,
        }
    }

    fn write(&mut self, mut p: Packet, pts: i64) -> Result<(), MediaError> {
        let o = *self.origin.get_or_insert(pts);
        let rel = pts - o;
        if let Some(prev) = self.last_pts {
            if rel > prev {
                self.step = rel - prev;
            }
        }
        self.last_pts = Some(rel);
        let dur = if p.duration() > 0 {
            p.duration()
        } else {
            self.step
        };
        if p.is_key() {
            if let Some(k) = self.last_key {
                self.report.keyframe_interval = self.report.keyframe_interval.max(micros(rel - k));
            }
            self.last_key = Some(rel);
        }
        let data = p.data().unwrap_or(&[]);
        writeln!(
            self.rec,
            "{rel}\t{}\t{}\t{}",
            u8::from(p.is_key()),
            data.len(),
            hex::encode(digest(&SHA256, data))
        )?;
        p.set_pts(Some(rel));
        p.set_dts(Some(rel));
        p.set_duration(dur);
        p.set_position(-1);
        p.set_stream(0);
        p.rescale_ts(RTP_TB, self.out_tb);
        p.write_interleaved(self.octx)?;
        self.last_end = self.last_end.max(rel + dur);
        self.report.packets += 1;
        self.report.media_duration = micros(self.last_end);
        Ok(())
    }
}

/// Where and how a playback session is written.
pub struct PullTarget<'a> {
    /// The Matroska part.
    pub out: &'a Path,
    /// The packet record beside it.
    pub record: &'a Path,
    /// Media time after which the session stops.
    pub limit: Duration,
    /// Payload SHA-256s (hex) of leading packets to drop: a resumed
    /// session starts at a keyframe the part before already holds.
    pub repeats: &'a HashSet<String>,
    /// The most one network read may take.
    pub timeout: Duration,
}

/// Plays `url` (credentials included; never logged) into `to`.
/// `progress` is told the media time received so far, and answers
/// whether to go on.
pub fn pull(
    url: &str,
    to: &PullTarget<'_>,
    progress: &mut dyn FnMut(Duration) -> bool,
) -> Result<PullReport, PullError> {
    let (out, record, limit) = (to.out, to.record, to.limit);
    let (repeats, timeout) = (to.repeats, to.timeout);
    super::init();
    let mut opts = Dictionary::new();
    opts.set("rtsp_transport", "tcp");
    opts.set("allowed_media_types", "video");
    opts.set("timeout", &timeout.as_micros().to_string());
    let mut ictx = format::input_with_dictionary(&url, opts).map_err(classify)?;
    let ist = ictx
        .streams()
        .best(media::Type::Video)
        .ok_or_else(|| MediaError::NoVideo("the playback stream".into()))?;
    let (idx, in_tb) = (ist.index(), ist.time_base());
    let params = ist.parameters();
    let dec = codec::context::Context::from_parameters(params.clone())
        .map_err(MediaError::from)?
        .decoder()
        .video()
        .map_err(MediaError::from)?;
    let (width, height) = (dec.width(), dec.height());
    let codec_name = params.id().name().to_owned();
    let params_id = params.id();

    let (mut octx, out_tb, mut rec) = open_output(out, record, params)?;

    let mut report = PullReport::new(codec_name, width, height);
    let hevc = params_id == codec::Id::HEVC;
    let mut first_sps: Option<Vec<u8>> = None;
    // libavformat's RTP depacketiser gives the first packet of a session
    // no timestamp; such packets wait until two timed packets show the
    // frame interval, then take their places before the first.
    let mut untimed: Vec<Packet> = Vec::new();
    let mut timed: Vec<Packet> = Vec::new();
    let mut w = Writer::new(&mut octx, out_tb, &mut rec, &mut report);
    let mut skipping = !repeats.is_empty();
    let limit_ticks = i64::try_from(limit.as_micros() * 9 / 100).unwrap_or(i64::MAX);

    loop {
        let mut p = Packet::empty();
        match p.read(&mut ictx) {
            Ok(()) => {}
            Err(ffmpeg_next::Error::Eof) => break,
            Err(e) => {
                w.report.interrupted = Some(e.to_string());
                break;
            }
        }
        if p.stream() != idx {
            continue;
        }
        if skipping {
            let h = hex::encode(digest(&SHA256, p.data().unwrap_or(&[])));
            if repeats.contains(&h) {
                w.report.repeats_dropped += 1;
                continue;
            }
            skipping = false;
        }
        if p.is_key() && Writer::sps_changed(&mut first_sps, p.data().unwrap_or(&[]), hevc) {
            w.report.changed = true;
            break;
        }
        p.rescale_ts(in_tb, RTP_TB);
        let Some(pts) = p.pts().or(p.dts()) else {
            if timed.is_empty() && untimed.len() < 16 {
                untimed.push(p);
            }
            continue;
        };
        if !untimed.is_empty() {
            timed.push(p);
            if timed.len() < 2 {
                continue;
            }
            let first = ts(&timed[0]);
            let step = (ts(&timed[1]) - first).max(1);
            let n = untimed.len() as i64;
            for (i, mut u) in untimed.drain(..).enumerate() {
                u.set_duration(step);
                w.write(u, first - step * (n - i as i64))?;
            }
            for t in timed.drain(..) {
                let at = ts(&t);
                w.write(t, at)?;
            }
            continue;
        }
        if w.origin.is_some_and(|o| pts - o > limit_ticks) {
            break;
        }
        w.write(p, pts)?;
        if !progress(w.report.media_duration) {
            return Err(PullError::Stopped);
        }
    }
    for t in timed.drain(..) {
        let at = ts(&t);
        w.write(t, at)?;
    }
    close_output(octx, rec, out)?;
    if report.packets == 0 {
        return Err(PullError::Media(MediaError::NoFootage));
    }
    Ok(report)
}

impl From<RtspError> for PullError {
    fn from(e: RtspError) -> Self {
        match e {
            RtspError::Unauthorized => PullError::Unauthorized,
            RtspError::NotFound => PullError::NotFound,
            e @ (RtspError::Unreachable(_) | RtspError::Timeout(_) | RtspError::Io(_)) => {
                PullError::Unreachable(e.to_string())
            }
            e @ (RtspError::Refused { .. } | RtspError::Protocol(_)) => {
                PullError::Refused(e.to_string())
            }
            e @ RtspError::Codec(_) => PullError::Unsupported(e.to_string()),
        }
    }
}

/// The codec parameters of an H.264 or H.265 stream, read by FFmpeg's own
/// parser from its parameter sets and first keyframe (written to `scratch`
/// as an elementary stream and removed again).
fn stream_parameters(
    parameter_sets: &[Vec<u8>],
    key: &[u8],
    scratch: &Path,
) -> Result<codec::Parameters, MediaError> {
    let mut bytes = Vec::new();
    for ps in parameter_sets {
        bytes.extend_from_slice(&[0, 0, 0, 1]);
        bytes.extend_from_slice(ps);
    }
    bytes.extend_from_slice(key);
    std::fs::write(scratch, &bytes)?;
    let params = (|| {
        let mut opts = Dictionary::new();
        opts.set("probesize", "32");
        let ictx = format::input_with_dictionary(&scratch, opts)?;
        let st = ictx
            .streams()
            .best(media::Type::Video)
            .ok_or_else(|| MediaError::NoVideo("the playback stream".into()))?;
        Ok::<_, MediaError>(st.parameters())
    })();
    let _ = std::fs::remove_file(scratch);
    params
}

/// As [`pull`], through Sakshya's own RTSP client ([`super::rtsp`]):
/// the way to ONVIF replay, whose frames also carry the device's
/// wall-clock time. `url` carries no credentials; `login` does.
pub fn pull_session(
    url: &str,
    login: Option<(String, SecretString)>,
    playback: Playback,
    to: &PullTarget<'_>,
    progress: &mut dyn FnMut(Duration) -> bool,
) -> Result<PullReport, PullError> {
    let (out, record, limit) = (to.out, to.record, to.limit);
    let (repeats, timeout) = (to.repeats, to.timeout);
    super::init();
    let mut session = Session::open(url, login, playback, timeout)?;
    let clock = i64::from(session.video.clock_rate.max(1));
    let mut interrupted = None;
    let next = |s: &mut Session, interrupted: &mut Option<String>| -> Option<Frame> {
        match s.next_frame() {
            Ok(f) => f,
            Err(e) => {
                *interrupted = Some(e.to_string());
                None
            }
        }
    };
    // The part starts at a keyframe: anything before the first is
    // undecodable on its own.
    let first = loop {
        match next(&mut session, &mut interrupted) {
            Some(f) if f.key => break f,
            Some(_) => continue,
            None => {
                return Err(match interrupted {
                    Some(e) => PullError::Unreachable(e),
                    None => PullError::Media(MediaError::NoFootage),
                })
            }
        }
    };
    let codec = session.codec();
    let hevc = codec == VideoCodec::H265;
    let scratch = out.with_extension(if hevc { "probe.hevc" } else { "probe.h264" });
    let params = stream_parameters(&session.video.parameter_sets, &first.data, &scratch)?;
    let (width, height) = {
        let dec = codec::context::Context::from_parameters(params.clone())
            .map_err(MediaError::from)?
            .decoder()
            .video()
            .map_err(MediaError::from)?;
        (dec.width(), dec.height())
    };
    let (mut octx, out_tb, mut rec) = open_output(out, record, params)?;
    let mut report = PullReport::new(codec.name().into(), width, height);
    let mut w = Writer::new(&mut octx, out_tb, &mut rec, &mut report);
    let mut skipping = !repeats.is_empty();
    let limit_ticks = i64::try_from(limit.as_micros() * 9 / 100).unwrap_or(i64::MAX);
    let mut first_sps: Option<Vec<u8>> = None;
    let mut frame = Some(first);
    while let Some(f) = frame.take() {
        if skipping {
            let h = hex::encode(digest(&SHA256, &f.data));
            if repeats.contains(&h) {
                w.report.repeats_dropped += 1;
                frame = next(&mut session, &mut interrupted);
                continue;
            }
            skipping = false;
        }
        if f.key && Writer::sps_changed(&mut first_sps, &f.data, hevc) {
            w.report.changed = true;
            break;
        }
        let pts = f.timestamp * 90_000 / clock;
        if w.origin.is_some_and(|o| pts - o > limit_ticks) {
            break;
        }
        if w.origin.is_none() {
            w.report.wall_clock_start = f.wall_clock;
        }
        let mut p = Packet::copy(&f.data);
        if f.key {
            p.set_flags(ffmpeg_next::packet::Flags::KEY);
        }
        w.write(p, pts)?;
        if !progress(w.report.media_duration) {
            return Err(PullError::Stopped);
        }
        frame = next(&mut session, &mut interrupted);
    }
    report.interrupted = interrupted;
    close_output(octx, rec, out)?;
    session.teardown();
    if report.packets == 0 {
        return Err(PullError::Media(MediaError::NoFootage));
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sequence_parameter_set_is_found_among_the_nal_units() {
        let au = [
            0, 0, 0, 1, 0x67, 0x42, 0xc0, 0x1e, 0, 0, 0, 1, 0x68, 0xce, 0, 0, 1, 0x65, 0x88,
        ];
        assert_eq!(sps_of(&au, false), Some(&[0x67, 0x42, 0xc0, 0x1e][..]));
        assert_eq!(sps_of(&[0, 0, 1, 0x41, 0x9a], false), None);
        let hevc = [0, 0, 1, 0x40, 0x01, 0x0c, 0, 0, 1, 0x42, 0x01, 0x01, 0x60];
        assert_eq!(sps_of(&hevc, true), Some(&[0x42, 0x01, 0x01, 0x60][..]));
    }
}
