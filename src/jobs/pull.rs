//! Preservation of an item whose camera records to a networked recorder:
//! the window (plus `pull_margin_secs` either side) is pulled from the
//! recorder over RTSP playback into the preservation store before the
//! recorder overwrites it.
//!
//! Each playback session becomes one part: a Matroska file named by its
//! SHA-256, a per-packet record beside it, a segment row (so extraction
//! reads it like any recording), a hold for the request, and a `pulled`
//! custody event naming the device, the playback address without
//! credentials, the bytes and the hash. A session that ends early keeps
//! what it received and the job fails with a retry; the next attempt asks
//! only for what is still missing, from the last received timestamp, and
//! drops the packets it already holds (matched by their hashes), so a
//! resumed window has no frame twice and none missing. What the recorder
//! says it does not hold is left as a gap, never filled.
//!
//! Times: the recorder is asked in its own clock (server time plus the
//! clock offset measured at the start of the pull), and parts are stored
//! in server time. A recorder starts playback at the keyframe at or before
//! the asked start and stops at the asked end, so a complete part is
//! placed by its end; a part cut short is placed by its start, within one
//! keyframe interval (recorded as the part's time uncertainty). ONVIF
//! replay is asked for by clock range through Sakshya's own RTSP client
//! (`media::rtsp`), runs faster than real time, and stamps every frame
//! with the device's clock, which places each part exactly.

use std::collections::HashSet;
use std::path::Path;

use chrono::{DateTime, Duration, DurationRound, Utc};
use secrecy::ExposeSecret;

use super::{Heartbeat, JobError};
use crate::db::jobs::JobRow;
use crate::db::pulled_parts::{self, PulledPartRow};
use crate::db::recorders::{self, ChannelRow, RecorderRow};
use crate::db::requests::ItemRow;
use crate::db::segments::{self, SegmentRow};
use crate::db::{holds, time};
use crate::domain::recorder::without_credentials;
use crate::domain::recorder::RecorderKind;
use crate::media::pull::{pull, pull_session, PullError, PullReport, PullTarget};
use crate::media::rtsp::Playback;
use crate::recorders::{CheckResult, Connection, DeviceError};
use crate::state::Services;

/// Parts shorter than this are not asked for (clock jitter).
const MIN_PART_MS: i64 = 500;
/// A part ending this much before its asked end was cut short.
const SHORT_MS: i64 = 1_500;

/// Runs `f` to completion on a runtime of its own, on a thread of its own
/// (the job may itself run on a runtime's blocking thread).
fn block_on<F: std::future::Future + Send>(f: F) -> Result<F::Output, JobError>
where
    F::Output: Send,
{
    std::thread::scope(|s| {
        s.spawn(|| {
            tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .map(|rt| rt.block_on(f))
        })
        .join()
        .map_err(|_| JobError::Permanent("a recorder call panicked".into()))?
        .map_err(JobError::from)
    })
}

/// `want` minus the already `held` stretches, as pieces at least
/// `MIN_PART_MS` long.
pub fn missing(
    want: (DateTime<Utc>, DateTime<Utc>),
    held: &[(DateTime<Utc>, DateTime<Utc>)],
) -> Vec<(DateTime<Utc>, DateTime<Utc>)> {
    let mut held: Vec<_> = held.to_vec();
    held.sort();
    let mut out = Vec::new();
    let mut at = want.0;
    for (s, e) in held {
        if e <= at {
            continue;
        }
        if s >= want.1 {
            break;
        }
        if s > at {
            out.push((at, s.min(want.1)));
        }
        at = at.max(e);
    }
    if at < want.1 {
        out.push((at, want.1));
    }
    out.retain(|(s, e)| (*e - *s).num_milliseconds() >= MIN_PART_MS);
    out
}

fn to_std(d: Duration) -> std::time::Duration {
    d.to_std().unwrap_or_default()
}

fn from_std(d: std::time::Duration) -> Duration {
    Duration::from_std(d).unwrap_or_else(|_| Duration::zero())
}

/// The offset of a recorder's clock in whole seconds. Recorders report
/// their time to the second, truncated, so a reading of `m` ms taken at
/// the midpoint of a call lies on average half a second below the true
/// offset: the estimate is `m / 1000 + 0.5` rounded (a tie goes down).
pub fn device_offset(measured_ms: Option<i64>) -> Duration {
    let m = measured_ms.unwrap_or(0) as f64 / 1000.0;
    Duration::seconds((m + 0.5 - 1e-6).round() as i64)
}

fn floor_s(t: DateTime<Utc>) -> DateTime<Utc> {
    t.duration_trunc(Duration::seconds(1)).unwrap_or(t)
}

fn ceil_s(t: DateTime<Utc>) -> DateTime<Utc> {
    let f = floor_s(t);
    if f == t {
        t
    } else {
        f + Duration::seconds(1)
    }
}

/// What the packet record of a held part says: every payload hash, and
/// where its last keyframe lies from its start.
struct Held {
    hashes: HashSet<String>,
    last_key: Duration,
}

fn read_record(record: &Path) -> Option<Held> {
    let text = std::fs::read_to_string(record).ok()?;
    let mut hashes = HashSet::new();
    let mut last_key = 0i64;
    for line in text.lines().filter(|l| !l.starts_with('#')) {
        let f: Vec<&str> = line.split('\t').collect();
        let [pts, key, _, hash] = f.as_slice() else {
            continue;
        };
        if *key == "1" {
            last_key = pts.parse().unwrap_or(last_key);
        }
        hashes.insert((*hash).to_owned());
    }
    Some(Held {
        hashes,
        last_key: Duration::microseconds(last_key.saturating_mul(100) / 9),
    })
}

struct Part {
    rel: String,
    sha256: String,
    bytes: u64,
    record_sha256: String,
    asked: (DateTime<Utc>, DateTime<Utc>),
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    uncertainty: Duration,
    report: PullReport,
    short: bool,
    /// Earlier parts this one joins, moved with it once the whole run is
    /// known (segment id, new start, new end).
    re_placed: Vec<(String, DateTime<Utc>, DateTime<Utc>)>,
}

pub fn run(
    ctx: &Services,
    job: &JobRow,
    hb: &mut Heartbeat<'_>,
    item: &ItemRow,
    channel: &ChannelRow,
    recorder: &RecorderRow,
) -> Result<(), JobError> {
    // A request closed while its pull waited for the recorder needs it no more.
    let open = {
        let mut c = ctx.db.conn()?;
        crate::db::requests::find(&mut c, &job.request_id)?.is_some_and(|r| !r.status.is_terminal())
    };
    if !open {
        return Ok(());
    }
    let timeout = ctx.settings.recorder_timeout();
    let conn = Connection::open(recorder, &ctx.recorder_key, timeout)?;
    let margin = ctx.settings.pull_margin();
    let want = (
        time::from_db(item.window_start) - margin,
        time::from_db(item.window_end) + margin,
    );
    let check: CheckResult = match block_on(conn.check())? {
        Ok(c) => c,
        Err(DeviceError::AuthFailed) => {
            return Err(JobError::Permanent(DeviceError::AuthFailed.to_string()))
        }
        Err(e) => return Err(e.into()),
    };
    let offset = device_offset(check.clock_offset_ms);
    let token = channel.recording_token.as_deref();

    // What is already pulled of the camera and still kept: this request's
    // earlier parts, and parts another request pulled of the same footage,
    // which this request now holds too instead of pulling them again.
    let mut db = ctx.db.conn()?;
    let pulled: Vec<SegmentRow> = segments::overlapping(
        &mut db,
        &item.camera_id,
        want.0.naive_utc(),
        want.1.naive_utc(),
    )?
    .into_iter()
    .filter(|s| s.status == segments::OK && s.path.starts_with(PULLED_DIR))
    .collect();
    let ids: Vec<String> = pulled.iter().map(|s| s.id.clone()).collect();
    let live = holds::live_copies(&mut db, &ids)?;
    let mine: HashSet<String> = holds::for_request(&mut db, &job.request_id)?
        .into_iter()
        .filter(|(h, _)| h.released_at.is_none())
        .map(|(h, _)| h.segment_id)
        .collect();
    drop(db);
    let mut held: Vec<SegmentRow> = pulled
        .into_iter()
        .filter(|s| live.iter().any(|h| h.segment_id == s.id))
        .collect();
    held.sort_by_key(|s| s.start_at);
    for s in held.iter().filter(|s| !mine.contains(&s.id)) {
        super::preserve::hold(ctx, &job.request_id, s, &s.path)?;
    }

    // What the recorder holds, in server time.
    let spans: Vec<(DateTime<Utc>, DateTime<Utc>)> = if conn.can_search() {
        block_on(conn.search(channel.channel, token, want.0 + offset, want.1 + offset))??
            .into_iter()
            .map(|s| (s.start - offset, s.end - offset))
            .collect()
    } else {
        vec![want]
    };
    if spans.is_empty() && held.is_empty() {
        // Nothing to pull: gone (the recorder's oldest footage is newer
        // than the window), or never recorded. Extraction tells which from
        // the oldest footage recorded here.
        if conn.can_search() {
            let oldest = block_on(conn.oldest(channel.channel, token))??.map(|t| t - offset);
            ctx.db.write_blocking(|c| {
                recorders::record_oldest(
                    c,
                    &recorder.id,
                    channel.channel,
                    oldest.map(|t| t.naive_utc()),
                    time::now(),
                )
                .map_err(crate::db::DbError::from)
            })?;
            tracing::warn!(item.id = %item.id, oldest = ?oldest, "the recorder holds nothing of the window");
        }
        return Ok(());
    }
    let held_spans: Vec<_> = held
        .iter()
        .map(|s| (time::from_db(s.start_at), time::from_db(s.end_at)))
        .collect();
    let todo: Vec<_> = spans
        .iter()
        .flat_map(|sp| missing(*sp, &held_spans))
        .collect();
    let total_ms = todo
        .iter()
        .map(|(s, e)| (*e - *s).num_milliseconds())
        .sum::<i64>()
        .max(1) as f64;
    let mut done_ms = 0i64;
    // Each piece, and whether it follows a change of stream parameters.
    let mut todo: std::collections::VecDeque<_> = todo.into_iter().map(|p| (p, false)).collect();
    while let Some(((from, to), after_change)) = todo.pop_front() {
        hb.beat(done_ms as f64 / total_ms)?;
        // A part continuing one already held asks again from that part's
        // last keyframe and drops the packets it repeats.
        let before = held
            .iter()
            .filter(|s| (time::from_db(s.end_at) - from).num_milliseconds().abs() <= SHORT_MS)
            .max_by_key(|s| s.end_at)
            .and_then(|s| read_record(&ctx.preserved_path(&record_rel(&s.path))).map(|h| (s, h)));
        // After a change of parameters the session starts at the change,
        // so that it describes the new parameters.
        let ask_from = floor_s(match &before {
            Some((s, h)) if !after_change => (time::from_db(s.start_at) + h.last_key).min(from),
            _ => from,
        });
        let asked = (ask_from, ceil_s(to));
        let uri = block_on(conn.playback_uri(
            channel.channel,
            token,
            asked.0 + offset,
            asked.1 + offset,
        ))??;
        let started = std::time::Instant::now();
        // The heartbeat goes on while the recorder plays back (at real
        // time, a session can last as long as the window).
        let mut lost = false;
        let pulled = {
            let base = done_ms as f64;
            let mut beat = |got: std::time::Duration| {
                let p = (base + got.as_millis() as f64) / total_ms;
                let ok = hb.beat(p.min(0.99)).is_ok();
                lost |= !ok;
                ok
            };
            pull_part(
                ctx,
                &conn,
                &uri,
                asked,
                offset,
                before.as_ref(),
                after_change,
                &held,
                timeout,
                &mut beat,
            )
        };
        if lost {
            return Err(JobError::LostClaim);
        }
        let secs = started.elapsed().as_secs_f64();
        let rid = recorder.id.as_str();
        match &pulled {
            Ok(p) => crate::metrics::recorder_pull(rid, p.bytes, secs, p.short),
            Err(_) => crate::metrics::recorder_pull(rid, 0, secs, true),
        }
        let part = match pulled {
            Ok(p) => p,
            Err(PullError::Unauthorized) => {
                return Err(JobError::Permanent(DeviceError::AuthFailed.to_string()))
            }
            Err(PullError::NotFound) => {
                tracing::warn!(uri = %without_credentials(&uri), "the recorder has nothing at this playback address");
                continue;
            }
            Err(PullError::Unreachable(e)) => {
                return Err(DeviceError::Unreachable(format!(
                    "{} ({e})",
                    without_credentials(&uri)
                ))
                .into())
            }
            Err(PullError::Refused(e)) => {
                return Err(DeviceError::PlaybackRefused(format!(
                    "{} ({e})",
                    without_credentials(&uri)
                ))
                .into())
            }
            Err(PullError::Stopped) => return Err(JobError::LostClaim),
            Err(e @ PullError::Unsupported(_)) => return Err(JobError::Permanent(e.to_string())),
            Err(PullError::Media(e)) => return Err(e.into()),
        };
        let seg = record_part(ctx, job, item, recorder, &check, &uri, &part)?;
        done_ms += (part.end - part.start).num_milliseconds();
        if part.report.changed {
            // The stream changed its parameters: the rest is a part of its
            // own, continuing this one.
            tracing::warn!(item.id = %item.id, at = %part.end, "the recording changes its parameters inside the window");
            held.push(seg);
            if to - part.end > Duration::milliseconds(MIN_PART_MS) {
                todo.push_front(((part.end, to), true));
            }
            continue;
        }
        if part.short {
            return Err(DeviceError::StreamCut(format!(
                "the recorder's stream stopped after {} s of {} s ({}); the pull resumes from there",
                (part.end - part.start).num_seconds(),
                (to - from).num_seconds(),
                part.report
                    .interrupted
                    .as_deref()
                    .unwrap_or("the connection closed")
            ))
            .into());
        }
    }
    Ok(())
}

/// Where pulled parts live under the preservation root (and the prefix of
/// their segments' paths).
pub const PULLED_DIR: &str = "pulled/";

/// The per-packet record beside the part at `rel`.
fn record_rel(rel: &str) -> String {
    format!("{rel}.packets")
}

/// The held parts that run without a break up to `last` (itself included),
/// latest first.
fn chain<'a>(held: &'a [SegmentRow], last: &'a SegmentRow) -> Vec<&'a SegmentRow> {
    let mut out = vec![last];
    let mut at = last.start_at;
    while let Some(prev) = held
        .iter()
        .find(|s| s.end_at == at && s.id != out[out.len() - 1].id)
    {
        out.push(prev);
        at = prev.start_at;
    }
    out
}

fn io(e: std::io::Error) -> PullError {
    PullError::Media(crate::media::MediaError::from(e))
}

/// Pulls `asked` (server time) from `uri` into the preservation store.
#[allow(clippy::too_many_arguments)]
fn pull_part(
    ctx: &Services,
    conn: &Connection,
    uri: &str,
    asked: (DateTime<Utc>, DateTime<Utc>),
    offset: Duration,
    before: Option<&(&SegmentRow, Held)>,
    after_change: bool,
    held: &[SegmentRow],
    timeout: std::time::Duration,
    progress: &mut dyn FnMut(std::time::Duration) -> bool,
) -> Result<Part, PullError> {
    let dir = ctx.preserved_path(PULLED_DIR);
    std::fs::create_dir_all(&dir).map_err(io)?;
    let tmp = dir.join(format!("part-{}.mkv", uuid::Uuid::now_v7().simple()));
    let tmp_rec = tmp.with_extension("mkv.packets");
    let span = asked.1 - asked.0;
    let no_repeats = HashSet::new();
    let repeats = before.map_or(&no_repeats, |(_, h)| &h.hashes);
    let limit = to_std(span + Duration::seconds(10));
    // ONVIF replay: the window goes in `Range: clock=` on the device's
    // clock, and the device sends as fast as it can. Other kinds name the
    // window in the address, read by libavformat.
    let onvif = (conn.kind() == RecorderKind::Onvif).then_some(Playback::OnvifReplay {
        from: asked.0 + offset,
        to: asked.1 + offset,
    });
    let to = PullTarget {
        out: &tmp,
        record: &tmp_rec,
        limit,
        repeats,
        timeout,
    };
    let result = match onvif {
        Some(playback) => pull_session(uri, conn.login(), playback, &to, progress),
        None => pull(conn.authorised(uri).expose_secret(), &to, progress),
    };
    let report = match result {
        Ok(r) => r,
        Err(e) => {
            let _ = std::fs::remove_file(&tmp);
            let _ = std::fs::remove_file(&tmp_rec);
            return Err(e);
        }
    };
    let (sha256, bytes) = crate::digest::sha256_file(&tmp).map_err(io)?;
    let (record_sha256, _) = crate::digest::sha256_file(&tmp_rec).map_err(io)?;
    let rel = format!("{PULLED_DIR}{}/{sha256}.mkv", &sha256[..2]);
    let dest = ctx.preserved_path(&rel);
    if let Some(d) = dest.parent() {
        std::fs::create_dir_all(d).map_err(io)?;
    }
    for (from_path, to_path) in [
        (&tmp, dest.clone()),
        (&tmp_rec, ctx.preserved_path(&record_rel(&rel))),
    ] {
        let mut perms = std::fs::metadata(from_path).map_err(io)?.permissions();
        perms.set_readonly(true);
        std::fs::set_permissions(from_path, perms).map_err(io)?;
        std::fs::rename(from_path, &to_path).map_err(io)?;
    }

    let got = from_std(report.media_duration);
    let gop = from_std(report.keyframe_interval).max(Duration::seconds(1));
    // It continues the part before when it repeated that part's tail, or
    // when it was asked to start where that part stopped at a change.
    let continues = before.filter(|_| report.repeats_dropped > 0 || after_change);
    // Where the part starts until the whole run is known: right after the
    // part it continues, or where it was asked to start (the recorder may
    // have started up to a keyframe interval earlier).
    let provisional = continues.map_or(asked.0, |(s, _)| time::from_db(s.end_at));
    // A stream that stamps its frames with the device's clock (ONVIF
    // replay) places the part itself.
    let stamped = report.wall_clock_start.map(|w| w - offset);
    let short = report.interrupted.is_some()
        || stamped.unwrap_or(provisional) + got < asked.1 - Duration::milliseconds(SHORT_MS);
    let mut re_placed = Vec::new();
    let (start, uncertainty) = if let Some(at) = stamped {
        (at, Duration::zero())
    } else if short || report.changed {
        (
            provisional,
            if continues.is_some() {
                Duration::zero()
            } else {
                gop
            },
        )
    } else {
        // Complete: the run ends where it was asked to end, which places
        // it and every part it continues.
        let shift = asked.1 - (provisional + got);
        if let Some((prev, _)) = continues {
            if shift.abs() <= gop {
                for s in chain(held, prev) {
                    re_placed.push((
                        s.id.clone(),
                        time::from_db(s.start_at) + shift,
                        time::from_db(s.end_at) + shift,
                    ));
                }
            }
        }
        (provisional + shift, Duration::zero())
    };
    Ok(Part {
        rel,
        sha256,
        bytes,
        record_sha256,
        asked,
        start,
        end: start + got,
        uncertainty,
        report,
        short,
        re_placed,
    })
}

fn record_part(
    ctx: &Services,
    job: &JobRow,
    item: &ItemRow,
    recorder: &RecorderRow,
    check: &CheckResult,
    uri: &str,
    part: &Part,
) -> Result<SegmentRow, JobError> {
    let now = time::now();
    let seg = SegmentRow {
        id: uuid::Uuid::now_v7().to_string(),
        camera_id: item.camera_id.clone(),
        path: part.rel.clone(),
        start_at: part.start.naive_utc(),
        end_at: part.end.naive_utc(),
        container: "matroska".into(),
        video_codec: part.report.codec.clone(),
        width: i32::try_from(part.report.width).unwrap_or(0),
        height: i32::try_from(part.report.height).unwrap_or(0),
        size_bytes: i64::try_from(part.bytes).unwrap_or(i64::MAX),
        sha256: part.sha256.clone(),
        status: segments::OK,
        error: None,
        indexed_at: now,
    };
    let hold = holds::HoldRow {
        id: uuid::Uuid::now_v7().to_string(),
        request_id: job.request_id.clone(),
        segment_id: seg.id.clone(),
        preserved_path: part.rel.clone(),
        created_at: now,
        released_at: None,
    };
    let facts = check.facts.clone().unwrap_or_default();
    let some = |v: &str| (!v.is_empty()).then(|| v.to_owned());
    let row = PulledPartRow {
        segment_id: seg.id.clone(),
        recorder_id: recorder.id.clone(),
        recorder_kind: recorder.kind,
        playback_uri: without_credentials(uri),
        device_make: some(&facts.make),
        device_model: some(&facts.model),
        device_serial: some(&facts.serial),
        device_mac: facts.mac.clone(),
        device_firmware: facts.firmware.clone(),
        clock_offset_ms: check.clock_offset_ms,
        clock_offset_applied_s: device_offset(check.clock_offset_ms).num_seconds(),
        server_clock_synchronised: crate::clock_sync::synchronised(),
        time_uncertainty_ms: part.uncertainty.num_milliseconds().max(0),
        bytes: i64::try_from(part.bytes).unwrap_or(i64::MAX),
        packets: i64::try_from(part.report.packets).unwrap_or(i64::MAX),
        packet_record_sha256: part.record_sha256.clone(),
        complete: !part.short,
        pulled_at: now,
    };
    let re_placed: Vec<_> = part
        .re_placed
        .iter()
        .map(|(id, s, e)| serde_json::json!({"segment_id": id, "start": s.to_rfc3339(), "end": e.to_rfc3339()}))
        .collect();
    let details = serde_json::json!({
        "segment_id": seg.id,
        "camera_id": item.camera_id,
        "recorder_id": recorder.id.as_str(),
        "recorder_kind": recorder.kind.as_str(),
        "device": check.facts,
        "clock_offset_ms": check.clock_offset_ms,
        "clock_offset_applied_s": row.clock_offset_applied_s,
        "server_clock_synchronised": row.server_clock_synchronised,
        "playback_uri": without_credentials(uri),
        "asked_start": part.asked.0.to_rfc3339(),
        "asked_end": part.asked.1.to_rfc3339(),
        "bytes": part.bytes,
        "packets": part.report.packets,
        "packets_dropped_as_repeats": part.report.repeats_dropped,
        "packet_record_sha256": part.record_sha256,
        "codec": part.report.codec,
        "width": part.report.width,
        "height": part.report.height,
        "start": part.start.to_rfc3339(),
        "end": part.end.to_rfc3339(),
        "time_uncertainty_ms": part.uncertainty.num_milliseconds(),
        "complete": !part.short,
        "interruption": part.report.interrupted,
        "ends_at_parameter_change": part.report.changed,
        "earlier_parts_re_placed": re_placed,
    });
    tracing::info!(
        item.id = %item.id,
        recorder.id = %recorder.id,
        bytes = part.bytes,
        packets = part.report.packets,
        complete = !part.short,
        "footage pulled from the recorder"
    );
    ctx.db.write_blocking(|c| {
        for (id, s, e) in &part.re_placed {
            segments::set_times(c, id, s.naive_utc(), e.naive_utc())?;
        }
        segments::insert(c, &seg)?;
        pulled_parts::insert(c, &row)?;
        holds::insert(c, &hold)?;
        crate::custody::record(
            c,
            crate::custody::NewCustody::new("pulled")
                .request(&job.request_id)
                .sha256(&part.sha256)
                .details(details),
        )?;
        Ok::<_, crate::db::DbError>(())
    })?;
    Ok(seg)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn t(s: i64) -> DateTime<Utc> {
        Utc.timestamp_opt(1_780_000_000 + s, 0).unwrap()
    }

    #[test]
    fn a_whole_second_device_clock_reading_gives_a_whole_second_offset() {
        // The device truncates its seconds: a reading up to a second
        // behind means no offset at all.
        assert_eq!(device_offset(Some(-556)), Duration::zero());
        assert_eq!(device_offset(Some(-940)), Duration::zero());
        assert_eq!(device_offset(Some(0)), Duration::zero());
        assert_eq!(device_offset(None), Duration::zero());
        // Seven minutes ahead, read 0.4 s into the device's second.
        assert_eq!(device_offset(Some(419_600)), Duration::seconds(420));
        assert_eq!(device_offset(Some(-420_300)), Duration::seconds(-420));
    }

    #[test]
    fn only_what_is_not_held_is_asked_for() {
        assert_eq!(missing((t(0), t(60)), &[]), vec![(t(0), t(60))]);
        assert_eq!(
            missing((t(0), t(60)), &[(t(0), t(20)), (t(30), t(40))]),
            vec![(t(20), t(30)), (t(40), t(60))]
        );
        assert_eq!(missing((t(0), t(60)), &[(t(-5), t(70))]), vec![]);
        // Slivers of jitter are not asked for.
        assert_eq!(
            missing(
                (t(0), t(60)),
                &[(t(0), t(60) - Duration::milliseconds(200))]
            ),
            vec![]
        );
    }
}
