//! The retention job: erase what has outlived its case, after a grace
//! period in which the ICCC's administrators are told and can still hold
//! the evidence or correct a wrong disposal.

use chrono::{DateTime, Utc};

use super::erase::{erase_clip, Basis, Erasure};
use crate::alerts::notify::{self, Notice};
use crate::db::clips::ClipRow;
use crate::db::{requests, retention, time, users, DbError};
use crate::domain::disposal::erasure_due;
use crate::domain::kinds::ClipSource;
use crate::domain::role::Role;
use crate::error::ApiError;
use crate::evidence::manifest::ist;
use crate::state::Services;

#[derive(Debug, Default)]
pub struct SweepReport {
    /// Clips whose bytes were erased.
    pub erased: usize,
    /// Requests whose preservation copies were released.
    pub released: usize,
    /// Clips due but refused (legal hold, store retention): (clip, why).
    pub refused: Vec<(String, String)>,
    /// Clips whose retention ended and that wait out the grace period;
    /// their ICCC's administrators were told (once).
    pub in_grace: usize,
    /// Approvals that expired undecided.
    pub approvals_expired: usize,
}

/// How long after disposal a clip of this source is kept.
pub fn keep_days(s: &crate::config::Settings, source: &ClipSource) -> u32 {
    match source {
        ClipSource::Uploaded => s.retention_upload_days,
        ClipSource::Extracted => s.retention_clip_days,
    }
}

/// Tells the administrators of the clip's ICCC, once, when it will be
/// erased and what they can still do.
fn announce(
    c: &mut crate::db::DbConnection,
    clip: &ClipRow,
    erase_after: chrono::NaiveDateTime,
) -> Result<(), ApiError> {
    let Some(req) = requests::find(c, &clip.request_id)? else {
        return Ok(());
    };
    let admins = users::with_role_in(c, &req.iccc_id, Role::IcccAdmin.as_str())?;
    notify::tell(
        c,
        &admins,
        &Notice {
            kind: "erasure_scheduled",
            request_id: Some(&req.id),
            due_at: erase_after,
            message: format!(
                "The retention of this request's evidence has ended: clip {} (SHA-256 {}), and any other \
                 clip of the request listed on the Retention page, will be erased on {}. To keep one, place a \
                 legal hold; if the case's disposal is wrong, correct it on the request's page.",
                clip.id,
                clip.sha256,
                ist(time::from_db(erase_after))
            ),
        },
    )?;
    Ok(())
}

/// Erases every clip whose retention after a confirmed disposal and the
/// grace period after it have run out at `now`, tells the ICCC's
/// administrators about clips entering the grace period, releases the
/// preservation copies of disposed cases the same way, and expires
/// undecided approvals; each clip in its own transaction.
pub fn sweep(ctx: &Services, now: DateTime<Utc>) -> Result<SweepReport, ApiError> {
    let s = &ctx.settings;
    let now_db = time::to_db(now);
    let mut report = SweepReport {
        approvals_expired: ctx
            .db
            .write_blocking(crate::workflow::approvals::expire_due)?,
        ..SweepReport::default()
    };
    let due = ctx
        .db
        .write_blocking(|c| retention::disposed_clips(c).map_err(DbError::from))?;
    for (clip, disposed, effective) in due {
        let keep = keep_days(s, &clip.source);
        let (ends, after) = erasure_due(disposed, effective, keep, s.retention_grace_days);
        if ends.max(effective) > now_db {
            continue;
        }
        if after > now_db {
            ctx.db.write_blocking(|c| announce(c, &clip, after))?;
            report.in_grace += 1;
            continue;
        }
        let e = Erasure {
            clip_id: clip.id.to_string(),
            by: None,
            basis: Basis::RetentionExpired,
            reason: format!(
                "retention of {keep} days after case disposal, and {} days' grace, ended",
                s.retention_grace_days
            ),
            client_ip: None,
            approval: None,
        };
        // Checked again in the erasing transaction, the request locked: a
        // disposal withdrawn or corrected since the list was read wins.
        let erased = ctx.db.write_blocking(|c| {
            let now_due = retention::disposal_locked(c, &clip.request_id)?
                .filter(|d| d.is_confirmed())
                .and_then(|d| Some((d.disposed_at?, d.effective_at?)))
                .is_some_and(|(disposed, effective)| {
                    erasure_due(disposed, effective, keep, s.retention_grace_days).1 <= now_db
                });
            if now_due {
                erase_clip(c, ctx.store.as_ref(), &e).map(Some)
            } else {
                Ok(None)
            }
        });
        match erased {
            Ok(None) => {}
            Ok(Some(_)) => report.erased += 1,
            Err(err) if err.status().is_client_error() => report
                .refused
                .push((clip.id.to_string(), err.message.clone())),
            Err(err) => return Err(err),
        }
    }
    let holding = ctx
        .db
        .write_blocking(|c| retention::disposed_with_holds(c).map_err(DbError::from))?;
    for (request_id, disposed, effective) in holding {
        let (_, after) = erasure_due(
            disposed,
            effective,
            s.retention_preservation_days,
            s.retention_grace_days,
        );
        if after > now_db {
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
