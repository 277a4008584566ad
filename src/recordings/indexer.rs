//! The indexer: records every segment file once, with what FFmpeg reads
//! from it and a SHA-256 of its bytes taken at ingest. That hash is what
//! later proves a segment was not changed between recording and extraction.
//! A file FFmpeg cannot read is recorded as `damaged`, never skipped.

use std::collections::{HashMap, HashSet};
use std::time::{Duration as StdDuration, SystemTime};

use chrono::{Duration, Utc};

use super::layout::{Found, Layout};
use crate::db::cameras::{self, CameraChanges, CameraFilter};
use crate::db::segments::{self, SegmentRow};
use crate::db::{time, Db, DbError};
use crate::digest::sha256_file;
use crate::domain::camera::CameraStatus;
use crate::media::probe::probe;

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ScanReport {
    pub indexed: usize,
    pub damaged: usize,
    /// Files still being written (younger than the settle time).
    pub settling: usize,
    /// Camera folders (`ICCC/CAMERA`) with no camera of that code in that
    /// ICCC in the registry.
    pub unknown_cameras: Vec<String>,
    /// Files of other ICCCs' cameras, left to their own indexers.
    pub other_iccc: usize,
    /// Cameras whose status this scan changed, with the new status.
    pub status_changes: Vec<(String, String)>,
}

pub struct IndexPolicy {
    pub settle: StdDuration,
    pub offline_after: Duration,
    /// Index only this ICCC's cameras (organisation id), and update only
    /// their online status: an indexer beside one ICCC's recorders.
    pub iccc: Option<String>,
}

/// Scans the recordings root once and indexes new segment files.
pub fn scan_once(db: &Db, layout: &Layout, policy: &IndexPolicy) -> Result<ScanReport, DbError> {
    let mut report = ScanReport::default();
    let mut conn = db.conn()?;
    let (cams, _) = cameras::list(&mut conn, &CameraFilter::default(), i64::MAX, 0)?;
    let iccc_codes: HashMap<String, String> = crate::db::organisations::of_kind(&mut conn, "iccc")?
        .into_iter()
        .map(|o| (o.id, o.code))
        .collect();
    // Keyed by (ICCC code, camera code): a code names a camera only within
    // its ICCC's own folder.
    type ByFolder = HashMap<(String, String), crate::db::cameras::CameraRow>;
    let (by_code, others): (ByFolder, ByFolder) = cams
        .into_iter()
        .filter_map(|c| {
            let iccc = iccc_codes.get(&c.iccc_id)?.clone();
            Some(((iccc, c.code.clone()), c))
        })
        .partition(|(_, c)| policy.iccc.as_ref().is_none_or(|i| &c.iccc_id == i));
    let mut known: HashMap<String, HashSet<String>> = HashMap::new();
    let mut unknown = HashSet::new();
    let now = SystemTime::now();
    for f in layout.scan() {
        let key = (f.iccc_code.clone(), f.camera_code.clone());
        let Some(cam) = by_code.get(&key) else {
            if others.contains_key(&key) {
                report.other_iccc += 1;
            } else {
                unknown.insert(format!("{}/{}", f.iccc_code, f.camera_code));
            }
            continue;
        };
        if !known.contains_key(&cam.id) {
            let paths = segments::known_paths(&mut conn, &cam.id)?;
            known.insert(cam.id.clone(), paths.into_iter().collect());
        }
        if known.get(&cam.id).is_some_and(|k| k.contains(&f.rel_path)) {
            continue;
        }
        if now.duration_since(f.modified).unwrap_or_default() < policy.settle {
            report.settling += 1;
            continue;
        }
        let row = describe(layout, &cam.id, &f);
        if row.status == segments::DAMAGED {
            report.damaged += 1;
            tracing::warn!(camera.code = %f.camera_code, segment.path = %f.rel_path, error = ?row.error, "damaged segment");
        }
        match segments::insert(&mut conn, &row).map_err(DbError::from) {
            Ok(()) => report.indexed += 1,
            // Another indexer got there first.
            Err(DbError::UniqueViolation(_)) => {}
            Err(e) => return Err(e),
        }
        if let Some(k) = known.get_mut(&cam.id) {
            k.insert(f.rel_path.clone());
        }
    }
    report.unknown_cameras = unknown.into_iter().collect();
    report.unknown_cameras.sort();
    update_statuses(&mut conn, by_code.values(), policy, &mut report)?;
    Ok(report)
}

fn describe(layout: &Layout, camera_id: &str, f: &Found) -> SegmentRow {
    let path = layout.absolute(&f.rel_path);
    let (sha256, size) = sha256_file(&path).unwrap_or_else(|_| (String::new(), f.size));
    let mut row = SegmentRow {
        id: uuid::Uuid::now_v7().to_string(),
        camera_id: camera_id.to_owned(),
        path: f.rel_path.clone(),
        start_at: time::to_db(f.start),
        end_at: time::to_db(f.start),
        container: String::new(),
        video_codec: String::new(),
        width: 0,
        height: 0,
        size_bytes: i64::try_from(size).unwrap_or(i64::MAX),
        sha256,
        status: segments::OK,
        error: None,
        indexed_at: time::now(),
    };
    match probe(&path) {
        Ok(info) if !row.sha256.is_empty() => {
            row.end_at =
                time::to_db(f.start + Duration::microseconds((info.duration_secs * 1e6) as i64));
            row.container = info.container;
            row.video_codec = info.video_codec;
            row.width = i32::try_from(info.width).unwrap_or(0);
            row.height = i32::try_from(info.height).unwrap_or(0);
        }
        Ok(_) => {
            row.status = segments::DAMAGED;
            row.error = Some("the file could not be read for hashing".into());
        }
        Err(e) => {
            row.status = segments::DAMAGED;
            row.error = Some(e.to_string());
        }
    }
    row
}

/// Marks recorded cameras offline when their newest segment is too old,
/// and online again when fresh footage arrives. Cameras with no indexed
/// footage at all (not integrated with a recorder) and decommissioned
/// cameras are left as the admin set them.
fn update_statuses<'a>(
    conn: &mut crate::db::DbConnection,
    cams: impl Iterator<Item = &'a cameras::CameraRow>,
    policy: &IndexPolicy,
    report: &mut ScanReport,
) -> Result<(), DbError> {
    let cutoff = time::to_db(Utc::now() - policy.offline_after);
    for cam in cams {
        if cam.status == CameraStatus::Decommissioned {
            continue;
        }
        let Some(newest) = segments::newest_end(conn, &cam.id)? else {
            continue;
        };
        let want = if newest < cutoff {
            CameraStatus::Offline
        } else {
            CameraStatus::Online
        };
        if cam.status != want {
            let changes = CameraChanges {
                status: Some(want),
                updated_at: Some(time::now()),
                ..CameraChanges::default()
            };
            cameras::update(conn, &cam.id, &changes)?;
            tracing::info!(camera.code = %cam.code, camera.status = want.as_str(), "camera status from recordings");
            report
                .status_changes
                .push((cam.code.clone(), want.as_str().to_owned()));
        }
    }
    Ok(())
}
