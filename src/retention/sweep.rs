//! The retention job: erase what has outlived its case.

use chrono::{DateTime, Duration, Utc};

use super::erase::{erase_clip, Basis, Erasure};
use crate::db::{retention, time, DbError};
use crate::error::ApiError;
use crate::jobs::JobContext;

#[derive(Debug, Default)]
pub struct SweepReport {
    /// Clips whose bytes were erased.
    pub erased: usize,
    /// Requests whose preservation copies were released.
    pub released: usize,
    /// Clips due but refused (legal hold, store retention): (clip, why).
    pub refused: Vec<(String, String)>,
}

/// How long after disposal a clip of this source is kept.
pub fn keep_days(s: &crate::config::Settings, source: &str) -> u32 {
    match source {
        "uploaded" => s.retention_upload_days,
        _ => s.retention_clip_days,
    }
}

/// Erases every clip whose retention after case disposal has run out at
/// `now`, and releases the preservation copies of disposed cases; each
/// clip in its own transaction.
pub fn sweep(ctx: &JobContext, now: DateTime<Utc>) -> Result<SweepReport, ApiError> {
    let s = &ctx.settings;
    let mut report = SweepReport::default();
    let due = ctx
        .db
        .write_blocking(|c| retention::disposed_clips(c).map_err(DbError::from))?;
    for (clip, disposed) in due {
        let until = time::from_db(disposed) + Duration::days(i64::from(keep_days(s, &clip.source)));
        if until > now {
            continue;
        }
        let e = Erasure {
            clip_id: clip.id.clone(),
            by: None,
            basis: Basis::RetentionExpired,
            reason: format!(
                "retention of {} days after case disposal ended",
                keep_days(s, &clip.source)
            ),
            client_ip: None,
        };
        match ctx
            .db
            .write_blocking(|c| erase_clip(c, ctx.store.as_ref(), &e))
        {
            Ok(_) => report.erased += 1,
            Err(err) if err.status.is_client_error() => {
                report.refused.push((clip.id.clone(), err.message.clone()))
            }
            Err(err) => return Err(err),
        }
    }
    let holding = ctx
        .db
        .write_blocking(|c| retention::disposed_with_holds(c).map_err(DbError::from))?;
    for (request_id, disposed) in holding {
        let until =
            time::from_db(disposed) + Duration::days(i64::from(s.retention_preservation_days));
        if until > now {
            continue;
        }
        let unheld = ctx
            .db
            .write_blocking(|c| crate::workflow::outcome::release(c, &request_id))?;
        crate::jobs::extract::delete_unheld(ctx, &unheld);
        report.released += 1;
    }
    Ok(report)
}
