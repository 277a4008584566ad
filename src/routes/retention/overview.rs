//! `GET /api/v1/retention`: the retention policy in force, the schedule of
//! clips due for erasure after their case's disposal, and the latest
//! erasures, within the caller's scope (ICCC administrators and auditors).

use actix_web::{get, web, HttpResponse};
use chrono::{DateTime, Duration, Utc};
use serde::Serialize;

use super::erasure::ErasureView;
use crate::auth::Authenticated;
use crate::db::{retention, time};
use crate::domain::authz::RequestScope;
use crate::domain::role::Role;
use crate::error::ApiError;
use crate::retention::sweep::keep_days;
use crate::state::AppState;

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
    /// Audit and custody records are never deleted by Sakshya (CERT-In
    /// asks for at least 180 days; the DPDP rules for at least a year).
    pub audit_records: &'static str,
}

/// A clip awaiting erasure.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ScheduledClip {
    pub clip_id: String,
    pub request_id: String,
    pub sha256: String,
    /// `extracted` or `uploaded`.
    pub source: String,
    pub case_disposed_at: DateTime<Utc>,
    /// When the retention job will erase it.
    pub erase_after: DateTime<Utc>,
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

/// The retention policy, schedule and latest erasures in scope.
#[utoipa::path(get, path = "/api/v1/retention", tag = "retention", security(("bearer" = [])), responses(
    (status = 200, body = RetentionOverview), (status = 403, body = crate::error::ErrorBody)))]
#[get("/retention")]
pub async fn retention_overview(
    state: web::Data<AppState>,
    who: Authenticated,
) -> Result<HttpResponse, ApiError> {
    let actor = who.0;
    if !matches!(actor.role, Role::IcccAdmin | Role::Auditor) {
        return Err(ApiError::forbidden(
            "only ICCC administrators and auditors see the retention schedule",
        ));
    }
    let s = state.settings.clone();
    let (due, erased) = state
        .db
        .read(|c| Ok::<_, ApiError>((retention::schedule(c)?, retention::erasures(c)?)))
        .await?;
    let visible = |station: &str, iccc: &str, forwarded: bool| {
        actor.can_view_request(&RequestScope {
            station_id: station.to_owned(),
            iccc_id: iccc.to_owned(),
            forwarded,
        })
    };
    let schedule = due
        .into_iter()
        .filter(|(_, (st, ic, fw), _, _)| visible(st, ic, *fw))
        .map(|(clip, _, disposed, held)| {
            let disposed = time::from_db(disposed);
            ScheduledClip {
                erase_after: disposed + Duration::days(i64::from(keep_days(&s, &clip.source))),
                case_disposed_at: disposed,
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
    Ok(HttpResponse::Ok().json(RetentionOverview {
        policy: RetentionPolicy {
            clip_days: s.retention_clip_days,
            upload_days: s.retention_upload_days,
            preservation_days: s.retention_preservation_days,
            store_lock_days: s.evidence_retention_days,
            sweep_interval_secs: s.retention_interval_secs,
            audit_records: "kept indefinitely; never deleted",
        },
        schedule,
        recent_erasures,
    }))
}
