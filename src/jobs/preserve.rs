//! The preservation job: when a request is submitted, copy the segments
//! covering an item out of the recorder's reach, checking each copy
//! against the hash taken at ingest, and record a hold. From then on the
//! recorder overwriting its files does not lose the footage. An item whose
//! camera records to a networked recorder is pulled from it instead
//! (`pull`).

use std::fs::{self, File};
use std::io::{Read, Write};

use ring::digest::{Context, SHA256};

use super::{Heartbeat, JobError};
use crate::db::holds::{self, HoldRow};
use crate::db::jobs::JobRow;
use crate::db::segments::{self, SegmentRow};
use crate::db::{requests, time};
use crate::state::Services;

/// `ab/<sha256>.<ext>` under the preservation root.
fn preserved_rel(seg: &SegmentRow) -> String {
    let ext = seg.path.rsplit('.').next().unwrap_or("bin");
    format!(
        "{}/{}.{ext}",
        &seg.sha256[..2.min(seg.sha256.len())],
        seg.sha256
    )
}

/// Copies `src` to `dest` unless `dest` already holds the same bytes;
/// returns whether the result matches `sha256`.
fn copy_verified(
    src: &std::path::Path,
    dest: &std::path::Path,
    sha256: &str,
) -> Result<bool, JobError> {
    if dest.exists() {
        return Ok(crate::digest::sha256_file(dest)?.0 == sha256);
    }
    if let Some(dir) = dest.parent() {
        fs::create_dir_all(dir)?;
    }
    let tmp = dest.with_extension(format!("tmp-{}", uuid::Uuid::now_v7().simple()));
    let mut input = File::open(src)?;
    let mut out = File::create(&tmp)?;
    let mut ctx = Context::new(&SHA256);
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = input.read(&mut buf)?;
        if n == 0 {
            break;
        }
        ctx.update(&buf[..n]);
        out.write_all(&buf[..n])?;
    }
    out.sync_all()?;
    drop(out);
    if hex::encode(ctx.finish()) != sha256 {
        let _ = fs::remove_file(&tmp);
        return Ok(false);
    }
    let mut perms = fs::metadata(&tmp)?.permissions();
    perms.set_readonly(true);
    fs::set_permissions(&tmp, perms)?;
    let linked = fs::hard_link(&tmp, dest);
    let _ = fs::remove_file(&tmp);
    match linked {
        Err(e) if e.kind() != std::io::ErrorKind::AlreadyExists => Err(e.into()),
        _ => Ok(true),
    }
}

/// Holds `seg`, kept at `preserved_path`, for `request_id`, with a `held`
/// custody event; holding it again changes nothing.
pub(super) fn hold(
    ctx: &Services,
    request_id: &str,
    seg: &SegmentRow,
    preserved_path: &str,
) -> Result<(), JobError> {
    let hold = HoldRow {
        id: uuid::Uuid::now_v7().to_string(),
        request_id: request_id.to_owned(),
        segment_id: seg.id.clone(),
        preserved_path: preserved_path.to_owned(),
        created_at: time::now(),
        released_at: None,
    };
    match ctx.db.write_blocking(|c| {
        holds::insert(c, &hold)?;
        crate::custody::record(
            c,
            crate::custody::NewCustody::new("held")
                .request(&hold.request_id)
                .sha256(&seg.sha256)
                .details(serde_json::json!({
                    "segment_id": seg.id,
                    "camera_id": seg.camera_id,
                    "segment_path": seg.path,
                    "start": seg.start_at.and_utc().to_rfc3339(),
                    "end": seg.end_at.and_utc().to_rfc3339(),
                })),
        )?;
        Ok::<_, crate::db::DbError>(())
    }) {
        Ok(()) | Err(crate::db::DbError::UniqueViolation(_)) => Ok(()),
        Err(e) => Err(e.into()),
    }
}

pub fn run(ctx: &Services, job: &JobRow, hb: &mut Heartbeat<'_>) -> Result<(), JobError> {
    let mut conn = ctx.db.conn()?;
    let Some(item) = requests::find_item(&mut conn, &job.item_id)? else {
        return Ok(());
    };
    if let Some((channel, recorder)) =
        crate::workflow::recorders::source_of_camera(&mut conn, &item.camera_id)?
    {
        drop(conn);
        return super::pull::run(ctx, job, hb, &item, &channel, &recorder);
    }
    let segs = segments::overlapping(
        &mut conn,
        &item.camera_id,
        item.window_start,
        item.window_end,
    )?;
    let held: Vec<String> = holds::for_request(&mut conn, &job.request_id)?
        .into_iter()
        .map(|(h, _)| h.segment_id)
        .collect();
    drop(conn);
    let total = segs.len().max(1) as f64;
    for (i, seg) in segs.iter().enumerate() {
        hb.beat(i as f64 / total)?;
        if seg.status != segments::OK || held.contains(&seg.id) {
            continue;
        }
        let original = ctx.layout.absolute(&seg.path);
        if !original.exists() {
            tracing::warn!(segment.id = %seg.id, "segment already gone before it could be preserved");
            continue;
        }
        let rel = preserved_rel(seg);
        if !copy_verified(&original, &ctx.preserved_path(&rel), &seg.sha256)? {
            tracing::error!(
                security.event = "segment_altered",
                segment.id = %seg.id,
                segment.path = %seg.path,
                "segment bytes differ from their ingest hash; not preserved"
            );
            let ev = crate::security::SecurityEvent::new(crate::security::Kind::HashMismatch)
                .subject(&seg.id)
                .detail(serde_json::json!({
                    "segment_path": seg.path,
                    "camera_id": seg.camera_id,
                    "ingest_sha256": seg.sha256,
                    "request_id": job.request_id,
                }));
            ctx.db.write_blocking(|c| {
                crate::security::record(c, ev).map_err(crate::db::DbError::from)
            })?;
            continue;
        }
        hold(ctx, &job.request_id, seg, &rel)?;
        // Another request's release may have deleted a shared copy between
        // our check and our hold; with the hold now recorded, make sure the
        // copy exists.
        if !copy_verified(&original, &ctx.preserved_path(&rel), &seg.sha256)? {
            tracing::error!(security.event = "segment_altered", segment.id = %seg.id, "segment changed during preservation");
        }
    }
    Ok(())
}
