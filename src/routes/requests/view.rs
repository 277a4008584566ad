//! Footage requests as the API shows them.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::db::clips::ClipRow;
use crate::db::jobs::JobRow;
use crate::db::requests::{EventRow, RequestRow};
use crate::db::time;
use crate::domain::fulfilment::ItemStatus;
use crate::domain::lifecycle::RequestStatus;
use crate::domain::reason::ReasonCode;
use crate::domain::urgency::Urgency;
use crate::workflow::requests::{ItemFacts, RequestFacts};

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct RequestView {
    pub id: crate::domain::ids::RequestId,
    pub status: RequestStatus,
    /// Set when rejected or not fulfilled.
    pub reason_code: Option<ReasonCode>,
    pub urgency: Urgency,
    pub station_id: String,
    pub iccc_id: String,
    pub filed_by: String,
    pub fir_number: Option<String>,
    pub gd_number: Option<String>,
    pub bns_sections: Vec<String>,
    pub incident_place: String,
    pub incident_at: DateTime<Utc>,
    pub purpose: String,
    /// Reference of the BNSS s.94 notice.
    pub notice_reference: String,
    /// Increments on every change.
    pub version: i32,
    pub submitted_at: Option<DateTime<Utc>>,
    /// When the request reached the ICCC.
    pub forwarded_at: Option<DateTime<Utc>>,
    /// When the SLA clock runs out (submission + urgency allowance).
    pub deadline_at: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<RequestRow> for RequestView {
    fn from(r: RequestRow) -> Self {
        Self {
            bns_sections: serde_json::from_str(&r.bns_sections).unwrap_or_default(),
            id: r.id,
            status: r.status,
            reason_code: r.reason_code,
            urgency: r.urgency,
            station_id: r.station_id,
            iccc_id: r.iccc_id,
            filed_by: r.filed_by,
            fir_number: r.fir_number,
            gd_number: r.gd_number,
            incident_place: r.incident_place,
            incident_at: time::from_db(r.incident_at),
            purpose: r.purpose,
            notice_reference: r.notice_reference,
            version: r.version,
            submitted_at: r.submitted_at.map(time::from_db),
            forwarded_at: r.forwarded_at.map(time::from_db),
            deadline_at: r.deadline_at.map(time::from_db),
            closed_at: r.closed_at.map(time::from_db),
            created_at: time::from_db(r.created_at),
            updated_at: time::from_db(r.updated_at),
        }
    }
}

/// A clip's summary as shown on its item.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ClipSummary {
    pub id: String,
    pub sha256: crate::domain::digest::Sha256Digest,
    pub size_bytes: i64,
    /// `extracted` or `uploaded`.
    pub source: crate::domain::kinds::ClipSource,
    pub actual_start: DateTime<Utc>,
    pub actual_end: DateTime<Utc>,
}

/// The extraction or preservation job of an item.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct JobSummary {
    pub id: String,
    pub kind: crate::domain::kinds::JobKind,
    /// `queued`, `running`, `succeeded` or `failed`.
    pub state: crate::domain::kinds::JobState,
    /// 0.0 - 1.0
    pub progress: f64,
    /// `progress` as a whole percentage.
    pub percent: u8,
    pub attempts: i32,
    pub last_error: Option<String>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ItemView {
    pub id: String,
    pub position: i32,
    pub camera_id: String,
    pub camera_code: String,
    pub camera_name: String,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub status: ItemStatus,
    pub reason_code: Option<ReasonCode>,
    /// When the recorder would overwrite the earliest footage of this
    /// window (`recordings::overwrite`: from what the recorder held when
    /// last asked, else the camera's retention days).
    pub overwrite_at: Option<DateTime<Utc>>,
    /// Whether every recorded segment of the window is held in the
    /// preservation area for this request.
    pub preserved: bool,
    pub clip: Option<ClipSummary>,
    pub jobs: Vec<JobSummary>,
    /// What was pulled of the window from the camera's recorder (absent
    /// for footage read from a folder).
    pub pulled: Option<PulledSummary>,
    /// The kind of networked recorder the camera records to (its footage
    /// is pulled at submission), if any.
    pub recorder_kind: Option<String>,
}

/// Footage of an item pulled from its recorder.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct PulledSummary {
    pub recorder_id: String,
    pub recorder_kind: String,
    /// Playback sessions kept (a cut stream resumes in a new one).
    pub parts: usize,
    pub bytes: i64,
    /// The last playback session ran to its end.
    pub complete: bool,
    /// The recorder's clock minus the server's at the last pull.
    pub clock_offset_ms: Option<i64>,
    /// The same in whole seconds, as applied to the window when asking.
    pub clock_offset_secs: i64,
    /// The recorder's clock is off by `CLOCK_WARNING_SECS` or more: the
    /// times in its picture are off by as much.
    pub clock_warning: bool,
}

impl From<ClipRow> for ClipSummary {
    fn from(c: ClipRow) -> Self {
        Self {
            id: c.id.to_string(),
            sha256: c.sha256,
            size_bytes: c.size_bytes,
            source: c.source,
            actual_start: time::from_db(c.actual_start),
            actual_end: time::from_db(c.actual_end),
        }
    }
}

impl From<JobRow> for JobSummary {
    fn from(j: JobRow) -> Self {
        Self {
            percent: (j.progress.clamp(0.0, 1.0) * 100.0).round() as u8,
            id: j.id,
            kind: j.kind,
            state: j.state,
            progress: j.progress,
            attempts: j.attempts,
            last_error: j.last_error,
        }
    }
}

impl From<ItemFacts> for ItemView {
    fn from(f: ItemFacts) -> Self {
        let (i, c) = (f.item, f.camera);
        let pulled = f.pulled.last().map(|last| PulledSummary {
            recorder_id: last.recorder_id.as_str().to_owned(),
            recorder_kind: last.recorder_kind.as_str().to_owned(),
            parts: f.pulled.len(),
            bytes: f.pulled.iter().map(|p| p.bytes).sum(),
            complete: last.complete,
            clock_offset_ms: last.clock_offset_ms,
            clock_offset_secs: last.clock_offset_applied_s,
            clock_warning: last.clock_offset_applied_s.abs()
                >= crate::workflow::requests::CLOCK_WARNING_SECS,
        });
        Self {
            pulled,
            recorder_kind: f.recorder_kind.map(|k| k.as_str().to_owned()),
            overwrite_at: f.overwrite_at,
            preserved: f.preserved,
            clip: f.clip.map(ClipSummary::from),
            jobs: f.jobs.into_iter().map(JobSummary::from).collect(),
            id: i.id,
            position: i.position,
            camera_id: i.camera_id,
            camera_code: c.code,
            camera_name: c.name,
            start: time::from_db(i.window_start),
            end: time::from_db(i.window_end),
            status: i.status,
            reason_code: i.reason_code,
        }
    }
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct HistoryEntry {
    pub at: DateTime<Utc>,
    pub actor_id: Option<String>,
    pub actor_username: Option<String>,
    pub action: String,
    pub from_status: Option<RequestStatus>,
    pub to_status: RequestStatus,
    pub reason_code: Option<ReasonCode>,
    pub comment: Option<String>,
}

impl From<(EventRow, Option<String>)> for HistoryEntry {
    fn from((e, who): (EventRow, Option<String>)) -> Self {
        Self {
            at: time::from_db(e.at),
            actor_id: e.actor_id,
            actor_username: who,
            action: e.action,
            from_status: e.from_status,
            to_status: e.to_status,
            reason_code: e.reason_code,
            comment: e.comment,
        }
    }
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct RequestDetail {
    #[serde(flatten)]
    pub request: RequestView,
    pub items: Vec<ItemView>,
    pub history: Vec<HistoryEntry>,
    /// The BNSS s.94 notice document, once attached.
    pub notice: Option<NoticeView>,
    /// The case's disposal, once recorded: waiting for a station
    /// supervisor's confirmation, or confirmed (the retention clock runs).
    pub disposal: Option<crate::workflow::disposal::DisposalView>,
}

/// The notice document attached to a request
/// (`GET /api/v1/requests/{id}/notice` returns its bytes).
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct NoticeView {
    pub sha256: crate::domain::digest::Sha256Digest,
    pub size_bytes: i64,
    pub media_type: String,
    pub file_name: String,
    pub uploaded_by: String,
    pub uploaded_at: DateTime<Utc>,
}

impl From<crate::db::notices::NoticeRow> for NoticeView {
    fn from(n: crate::db::notices::NoticeRow) -> Self {
        Self {
            sha256: n.sha256,
            size_bytes: n.size_bytes,
            // Named for its real type, as it is served: a name stored
            // before names followed the type keeps only its stem.
            file_name: crate::documents::DocKind::from_media_type(&n.media_type).map_or_else(
                || n.file_name.clone(),
                |k| crate::documents::file_name(Some(&n.file_name), k),
            ),
            media_type: n.media_type,
            uploaded_by: n.uploaded_by,
            uploaded_at: time::from_db(n.uploaded_at),
        }
    }
}

impl From<RequestFacts> for RequestDetail {
    fn from(f: RequestFacts) -> Self {
        Self {
            request: RequestView::from(f.request),
            items: f.items.into_iter().map(ItemView::from).collect(),
            history: f.history.into_iter().map(HistoryEntry::from).collect(),
            notice: f.notice.map(NoticeView::from),
            disposal: f.disposal,
        }
    }
}
