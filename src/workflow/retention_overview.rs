//! The retention page: the policy in force, the schedule of clips due for
//! erasure after their case's confirmed disposal (with the grace period),
//! and the latest erasures, within the caller's scope.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::config::Settings;
use crate::db::retention::{self, ErasureRow};
use crate::db::{time, DbConnection};
use crate::domain::authz::{Actor, RequestScope};
use crate::domain::disposal::erasure_due;
use crate::error::ApiError;
use crate::retention::sweep::keep_days;

/// How long each category is kept (the deployment's settings).
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct RetentionPolicy {
    /// Days an extracted clip is kept after its case's disposal.
    pub clip_days: u32,
    /// Days an uploaded (fallback) clip is kept after disposal.
    pub upload_days: u32,
    /// Days preservation copies are kept after disposal before release.
    pub preservation_days: u32,
    /// Days the S3 store's COMPLIANCE retention locks each new object
    /// (0: none; the local store is write-once regardless).
    pub store_lock_days: u32,
    /// How often the retention job runs, in seconds (0: never on its own).
    pub sweep_interval_secs: u64,
    /// Days between the end of a clip's retention (or the confirmation of
    /// its disposal, if later) and its erasure.
    pub grace_days: u32,
    /// Audit and custody records are never deleted by Sakshya (CERT-In
    /// asks for at least 180 days; the DPDP rules for at least a year).
    pub audit_records: &'static str,
}

/// A clip awaiting erasure.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ScheduledClip {
    pub clip_id: crate::domain::ids::ClipId,
    pub request_id: crate::domain::ids::RequestId,
    pub sha256: crate::domain::digest::Sha256Digest,
    /// `extracted` or `uploaded`.
    pub source: crate::domain::kinds::ClipSource,
    pub case_disposed_at: DateTime<Utc>,
    /// When the disposal as it stands took effect: a station
    /// supervisor's confirmation, or an ICCC administrator's last
    /// correction.
    pub disposal_effective_at: DateTime<Utc>,
    /// When its retention after disposal ends.
    pub retention_ends_at: DateTime<Utc>,
    /// When the retention job will erase it: the grace period after the
    /// later of the retention's end and the disposal taking effect.
    pub erase_after: DateTime<Utc>,
    /// Its retention has ended and it waits out the grace period (its
    /// ICCC's administrators have been told).
    pub in_grace: bool,
    /// Active legal holds; while any is, the clip is not erased.
    pub legal_holds: i64,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct RetentionOverview {
    pub policy: RetentionPolicy,
    pub schedule: Vec<ScheduledClip>,
    /// The 50 latest erasures.
    pub recent_erasures: Vec<ErasureView>,
}

/// The tombstone of an erased clip.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ErasureView {
    pub clip_id: String,
    pub sha256: crate::domain::digest::Sha256Digest,
    pub size_bytes: i64,
    pub storage_key: String,
    /// SHA-256 of the signed manifest, which is still served.
    pub manifest_sha256: Option<String>,
    /// The user who erased it (for an erasure by hand, the approving
    /// administrator); `null` for the retention job.
    pub erased_by: Option<String>,
    pub basis: crate::domain::erasure::Basis,
    pub reason: String,
    pub erased_at: DateTime<Utc>,
}

impl From<ErasureRow> for ErasureView {
    fn from(r: ErasureRow) -> Self {
        Self {
            clip_id: r.clip_id,
            sha256: r.sha256,
            size_bytes: r.size_bytes,
            storage_key: r.storage_key,
            manifest_sha256: r.manifest_sha256,
            erased_by: r.erased_by,
            basis: r.basis,
            reason: r.reason,
            erased_at: time::from_db(r.erased_at),
        }
    }
}

/// The retention page for `actor` (ICCC administrators and auditors).
pub fn overview(
    conn: &mut DbConnection,
    actor: &Actor,
    s: &Settings,
) -> Result<RetentionOverview, ApiError> {
    if !actor.may_see_retention() {
        return Err(ApiError::forbidden(
            "only ICCC administrators and auditors see the retention schedule",
        ));
    }
    let (due, erased) = (retention::schedule(conn)?, retention::erasures(conn)?);
    let visible = |station: &str, iccc: &str, forwarded: bool| {
        actor.can_view_request(&RequestScope {
            station_id: station.to_owned(),
            iccc_id: iccc.to_owned(),
            forwarded,
        })
    };
    let now = time::now();
    let schedule = due
        .into_iter()
        .filter(|(_, (st, ic, fw), _, _)| visible(st, ic, *fw))
        .map(|(clip, _, (disposed, effective), held)| {
            let (ends, after) = erasure_due(
                disposed,
                effective,
                keep_days(s, &clip.source),
                s.retention_grace_days,
            );
            ScheduledClip {
                retention_ends_at: time::from_db(ends),
                erase_after: time::from_db(after),
                in_grace: ends.max(effective) <= now,
                case_disposed_at: time::from_db(disposed),
                disposal_effective_at: time::from_db(effective),
                clip_id: clip.id,
                request_id: clip.request_id,
                sha256: clip.sha256,
                source: clip.source,
                legal_holds: held,
            }
        })
        .collect();
    let recent_erasures = erased
        .into_iter()
        .filter(|(_, (st, ic, fw))| visible(st, ic, fw.is_some()))
        .take(50)
        .map(|(e, _)| e.into())
        .collect();
    Ok(RetentionOverview {
        policy: RetentionPolicy {
            clip_days: s.retention_clip_days,
            upload_days: s.retention_upload_days,
            preservation_days: s.retention_preservation_days,
            store_lock_days: s.evidence_retention_days,
            sweep_interval_secs: s.retention_interval_secs,
            grace_days: s.retention_grace_days,
            audit_records: "kept indefinitely; never deleted",
        },
        schedule,
        recent_erasures,
    })
}
