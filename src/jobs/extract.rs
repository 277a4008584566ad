//! The extraction job: one approved request item becomes one clip.
//!
//! Order of effects, so that a crash anywhere is recovered by re-running:
//! the clip is written to scratch space and followed into the write-once
//! store as it is written, and only once stored is it recorded in one transaction with the item's outcome. A clip row never
//! exists without its bytes; an item with a clip is never extracted again.

use chrono::{Duration, Utc};
use serde::Serialize;

use super::{Heartbeat, JobError};
use crate::db::clips::{self, ClipRow};
use crate::db::jobs::JobRow;
use crate::db::requests::{self, ItemRow, RequestRow};
use crate::db::segments::{self, SegmentRow};
use crate::db::{cameras, holds, time};
use crate::domain::fulfilment::ItemStatus;
use crate::domain::lifecycle::RequestStatus;
use crate::domain::reason::ReasonCode;
use crate::media::extract::{extract, SourceSegment};
use crate::media::{library_versions, MediaError};
use crate::state::Services;
use crate::workflow::outcome::{record_item_outcome, system_transition};

#[derive(Debug, Serialize)]
struct SourceRef<'a> {
    id: &'a str,
    /// The kind of recorder the segment was pulled from, if it was pulled.
    #[serde(skip_serializing_if = "Option::is_none")]
    pulled_from: Option<&'static str>,
    path: &'a str,
    sha256: &'a str,
    start: chrono::DateTime<Utc>,
    end: chrono::DateTime<Utc>,
}

#[derive(Debug, Serialize)]
struct GapRef {
    start: chrono::DateTime<Utc>,
    end: chrono::DateTime<Utc>,
}

/// Loads the item and its request; `None` when there is nothing to do.
fn load(ctx: &Services, job: &JobRow) -> Result<Option<(RequestRow, ItemRow)>, JobError> {
    let mut c = ctx.db.conn()?;
    let req = requests::find(&mut c, &job.request_id)?;
    let item = requests::find_item(&mut c, &job.item_id)?;
    let (Some(req), Some(item)) = (req, item) else {
        return Ok(None);
    };
    let done = clips::for_item(&mut c, &item.id)?.is_some() || item.status.is_final();
    let open = matches!(
        req.status,
        RequestStatus::Approved | RequestStatus::Extracting
    );
    Ok((!done && open).then_some((req, item)))
}

pub fn run(ctx: &Services, job: &JobRow, hb: &mut Heartbeat<'_>) -> Result<(), JobError> {
    let Some((req, item)) = load(ctx, job)? else {
        return Ok(());
    };
    ctx.db.write_blocking(|c| -> Result<(), JobError> {
        requests::set_item_status(c, &item.id, ItemStatus::Extracting.as_str(), None)?;
        crate::sla::stored::refresh(c, &item.request_id)?;
        if let Some(r) = requests::find(c, &req.id)?.filter(|r| r.status == RequestStatus::Approved)
        {
            system_transition(
                c,
                &r,
                RequestStatus::Extracting,
                "extraction_started",
                None,
                None,
            )?;
        }
        Ok(())
    })?;

    let mut conn = ctx.db.conn()?;
    let camera = cameras::find(&mut conn, &item.camera_id)?
        .ok_or_else(|| std::io::Error::other("camera vanished"))?;
    let rows = segments::overlapping(
        &mut conn,
        &item.camera_id,
        item.window_start,
        item.window_end,
    )?;
    let damaged = segments::damaged_near(
        &mut conn,
        &item.camera_id,
        item.window_start,
        item.window_end,
    )?;
    // A camera recorded by a networked recorder is extracted from what was
    // pulled from it only: files indexed from a folder before it moved to
    // the recorder would repeat the same stretch of time.
    let source = crate::workflow::recorders::source_of_camera(&mut conn, &item.camera_id)?;
    let pulled_only = source.is_some();
    // The recorder said its oldest footage is newer than the window's start.
    let gone_from_recorder = source
        .as_ref()
        .and_then(|(ch, _)| ch.oldest_footage_at)
        .is_some_and(|oldest| oldest > item.window_start);
    let ok: Vec<SegmentRow> = rows
        .into_iter()
        .filter(|s| s.status == segments::OK)
        .filter(|s| !pulled_only || s.path.starts_with(super::pull::PULLED_DIR))
        .collect();
    let ids: Vec<String> = ok.iter().map(|s| s.id.clone()).collect();
    let copies = holds::live_copies(&mut conn, &ids)?;
    drop(conn);

    // Prefer the preserved copy; fall back to the recorder's file if it is
    // still there. A segment with neither has been overwritten.
    let mut sources = Vec::new();
    let mut overwritten = 0usize;
    for s in &ok {
        let path = copies
            .iter()
            .find(|h| h.segment_id == s.id)
            .map(|h| ctx.preserved_path(&h.preserved_path))
            .filter(|p| p.exists())
            .or_else(|| Some(ctx.layout.absolute(&s.path)).filter(|p| p.exists()));
        match path {
            Some(path) => sources.push((
                s,
                SourceSegment {
                    id: s.id.clone(),
                    path,
                    start: time::from_db(s.start_at),
                    end: time::from_db(s.end_at),
                },
            )),
            None => overwritten += 1,
        }
    }
    let retention_cutoff = Utc::now() - Duration::days(i64::from(camera.retention_days));
    let unavailable = |reason: ReasonCode| -> Result<(), JobError> {
        let release = ctx.settings.release_holds_on_close;
        let unheld = ctx.db.write_blocking(|c| {
            record_item_outcome(
                c,
                &req.id,
                &item.id,
                ItemStatus::Unavailable,
                Some(reason),
                release,
            )
        })?;
        delete_unheld(ctx, &unheld);
        tracing::info!(item.id = %item.id, reason = reason.as_str(), "item unavailable");
        Ok(())
    };
    if sources.is_empty() {
        let reason = if overwritten > 0
            || gone_from_recorder
            || time::from_db(item.window_end) < retention_cutoff
        {
            ReasonCode::FootageOverwritten
        } else if damaged > 0 {
            ReasonCode::TechnicalFailure
        } else if camera.status == crate::domain::camera::CameraStatus::Offline {
            ReasonCode::CameraOffline
        } else {
            ReasonCode::NoRecordingInWindow
        };
        return unavailable(reason);
    }

    // Written inside the store's scratch area and followed into the store
    // as it is written: hashed on the way (and, for S3, uploaded part by
    // part), so storing it needs no second pass over the bytes.
    remove_unrecorded(ctx, &item.id)?;
    let extract_started = std::time::Instant::now();
    let scratch = ctx.store.scratch_path(".mp4");
    let ingest = ctx
        .store
        .ingest(scratch.clone(), &format!("clips/{}", item.id));
    let segs: Vec<SourceSegment> = sources.iter().map(|(_, s)| s.clone()).collect();
    let mut beat_err = None;
    let report = extract(
        &segs,
        time::from_db(item.window_start),
        time::from_db(item.window_end),
        &scratch,
        &mut |p| {
            if beat_err.is_none() {
                if let Err(e) = hb.beat(p * 0.9) {
                    beat_err = Some(e);
                }
            }
        },
    );
    // Dropping the ingest abandons the write (upload aborted, scratch
    // removed).
    if let Some(e) = beat_err {
        drop(ingest);
        return Err(e);
    }
    let report = match report {
        Err(MediaError::NoFootage) => {
            drop(ingest);
            return unavailable(ReasonCode::NoRecordingInWindow);
        }
        Err(e) => {
            drop(ingest);
            return Err(e.into());
        }
        Ok(r) => r,
    };
    crate::faults::crash_point("extract.written");
    let stored = match ingest.finish() {
        Ok(s) => s,
        Err(e) => {
            if let Some(m) = crate::metrics::metrics() {
                m.store_errors.with_label_values(&["write"]).inc();
            }
            return Err(e.into());
        }
    };
    crate::faults::crash_point("extract.stored");
    if let Some(m) = crate::metrics::metrics() {
        m.extraction_seconds
            .observe(extract_started.elapsed().as_secs_f64());
        m.extraction_bytes.inc_by(stored.size);
    }

    let pulled = {
        let mut c = ctx.db.conn()?;
        crate::db::pulled_parts::for_segments(&mut c, &report.segments_used)?
    };
    let used: Vec<SourceRef<'_>> = sources
        .iter()
        .filter(|(_, s)| report.segments_used.contains(&s.id))
        .map(|(row, s)| SourceRef {
            id: &row.id,
            pulled_from: pulled
                .iter()
                .find(|p| p.segment_id == row.id)
                .map(|p| p.recorder_kind.as_str()),
            path: &row.path,
            sha256: &row.sha256,
            start: s.start,
            end: s.end,
        })
        .collect();
    let gaps: Vec<GapRef> = report
        .gaps
        .iter()
        .map(|(a, b)| GapRef { start: *a, end: *b })
        .collect();
    let partial = !gaps.is_empty();
    let clip = ClipRow {
        id: crate::domain::ids::ClipId::new(),
        request_id: req.id.clone(),
        item_id: item.id.clone(),
        camera_id: item.camera_id.clone(),
        sha256: stored.sha256.parse()?,
        size_bytes: i64::try_from(stored.size).unwrap_or(i64::MAX),
        storage_key: stored.key.clone(),
        source: crate::domain::kinds::ClipSource::Extracted,
        requested_start: item.window_start,
        requested_end: item.window_end,
        actual_start: time::to_db(report.actual_start),
        actual_end: time::to_db(report.actual_end),
        packets: i64::try_from(report.packets).unwrap_or(i64::MAX),
        source_segments: serde_json::to_string(&used).map_err(std::io::Error::other)?,
        gaps: serde_json::to_string(&gaps).map_err(std::io::Error::other)?,
        ffmpeg_versions: library_versions(),
        created_by: None,
        created_at: time::now(),
    };
    hb.beat(0.95)?;
    let release = ctx.settings.release_holds_on_close;
    let status = if partial {
        ItemStatus::PartiallyFulfilled
    } else {
        ItemStatus::Fulfilled
    };
    let unheld = ctx
        .db
        .write_blocking(|c| -> Result<Vec<String>, JobError> {
            if clips::for_item(c, &item.id)?.is_some() {
                return Ok(Vec::new());
            }
            let location = ctx.store.location();
            let how = crate::workflow::clips::Sealing {
                key: &ctx.signer,
                location: &location,
                release_holds_on_close: release,
            };
            let unheld = crate::workflow::clips::record::<JobError>(c, &clip, status, &how)?;
            crate::faults::crash_point("extract.sealed");
            Ok(unheld)
        })?;
    delete_unheld(ctx, &unheld);
    tracing::info!(clip.id = %clip.id, clip.sha256 = %clip.sha256, clip.size_bytes = clip.size_bytes, clip.packets = clip.packets, "clip stored");
    Ok(())
}

/// Deletes preserved copies no hold keeps any more (best effort).
/// Removes what an earlier attempt at this item stored but never recorded
/// (it died between the store and the database). Only an id-addressed
/// store keys objects under the item; the job's claim makes this worker
/// the item's only writer, so nothing in flight is touched. Objects the
/// store still holds under COMPLIANCE retention stay, and are reported.
fn remove_unrecorded(ctx: &Services, item_id: &str) -> Result<(), JobError> {
    let scope = format!("clips/{item_id}/");
    let stored = ctx.store.list_under(&scope)?;
    if stored.is_empty() {
        return Ok(());
    }
    let recorded: Vec<String> = ctx
        .db
        .write_blocking(|c| clips::storage_keys_for_item(c, item_id).map_err(JobError::from))?;
    for (key, _) in stored {
        if recorded.contains(&key) {
            continue;
        }
        match ctx.store.erase(&key) {
            Ok(()) => {
                tracing::warn!(store.key = %key, "removed an unrecorded object of an earlier attempt")
            }
            Err(e) => {
                tracing::warn!(store.key = %key, error = %e, "an unrecorded object of an earlier attempt could not be removed")
            }
        }
    }
    Ok(())
}

pub fn delete_unheld(ctx: &Services, rel_paths: &[String]) {
    for rel in rel_paths {
        let p = ctx.preserved_path(rel);
        if let Err(e) = std::fs::remove_file(&p) {
            if e.kind() != std::io::ErrorKind::NotFound {
                tracing::warn!(path = %p.display(), error = %e, "could not delete a released copy");
            }
        }
    }
}
