use actix_web::{get, web, HttpResponse};
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use crate::auth::Authenticated;
use crate::db::segments::SegmentRow;
use crate::db::time;
use crate::domain::ids::RecorderId;
use crate::domain::recorder::{RecorderKind, RecorderReachability};
use crate::domain::ValidationError;
use crate::error::ApiError;
use crate::state::AppState;
use crate::workflow::cameras::FootageSource;

const MAX_RANGE_DAYS: i64 = 7;

#[derive(Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct RangeQuery {
    /// Start of the range (RFC 3339); default 24 hours before `to`.
    pub from: Option<DateTime<Utc>>,
    /// End of the range (RFC 3339); default now.
    pub to: Option<DateTime<Utc>>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct SegmentView {
    pub id: String,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    /// `ok` or `damaged`.
    pub status: crate::domain::kinds::SegmentStatus,
    pub error: Option<String>,
    pub container: String,
    pub video_codec: String,
    pub width: i32,
    pub height: i32,
    pub size_bytes: i64,
    /// SHA-256 taken when the segment was indexed.
    pub sha256: String,
}

impl From<SegmentRow> for SegmentView {
    fn from(s: SegmentRow) -> Self {
        Self {
            id: s.id,
            start: time::from_db(s.start_at),
            end: time::from_db(s.end_at),
            status: s.status,
            error: s.error,
            container: s.container,
            video_codec: s.video_codec,
            width: s.width,
            height: s.height,
            size_bytes: s.size_bytes,
            sha256: s.sha256,
        }
    }
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Span {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
}

/// The recorder channel a camera is recorded on, as last checked.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct RecorderSource {
    pub recorder_id: RecorderId,
    pub name: String,
    pub kind: RecorderKind,
    pub channel: i32,
    pub reachability: RecorderReachability,
    pub last_error: Option<String>,
    pub last_checked_at: Option<DateTime<Utc>>,
    pub clock_offset_ms: Option<i64>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Recordings {
    pub camera_id: String,
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
    /// `folder` (indexed files) or `recorder` (asked of the recorder).
    pub source: FootageSource,
    pub recorder: Option<RecorderSource>,
    /// Indexed segments: a folder camera's files, or footage already
    /// pulled from its recorder.
    pub segments: Vec<SegmentView>,
    /// Spans the source holds in the range.
    pub recorded: Vec<Span>,
    /// Spans in the range nothing holds (empty when the recorder could
    /// not be asked: see `recorder_error`).
    pub gaps: Vec<Span>,
    /// The oldest footage the source still has: for a recorder, as it
    /// said at its last check; for a folder, the oldest readable segment
    /// in the range.
    pub oldest_footage_at: Option<DateTime<Utc>>,
    /// Why the recorder could not say what it holds now.
    pub recorder_error: Option<String>,
}

/// The camera's footage in a time range: indexed segments, or what its
/// recorder says it holds (asked at most once a minute), with the gaps.
#[utoipa::path(get, path = "/api/v1/cameras/{id}/recordings", tag = "cameras", params(RangeQuery), security(("bearer" = [])), responses(
    (status = 200, body = Recordings), (status = 404, body = crate::error::ErrorBody),
    (status = 422, description = "invalid_range", body = crate::error::ErrorBody)))]
#[get("/cameras/{id}/recordings")]
pub async fn camera_recordings(
    state: web::Data<AppState>,
    who: Authenticated,
    id: web::Path<String>,
    q: web::Query<RangeQuery>,
) -> Result<HttpResponse, ApiError> {
    let actor = who.0;
    let to = q.to.unwrap_or_else(Utc::now);
    let from = q.from.unwrap_or(to - Duration::hours(24));
    if to <= from || to - from > Duration::days(MAX_RANGE_DAYS) {
        return Err(ValidationError::new(
            crate::domain::error_code::ErrorCode::InvalidRange,
            "`to` must be after `from`, at most 7 days later",
        )
        .into());
    }
    let r =
        crate::workflow::cameras::recordings(&state.services, &actor, id.into_inner(), from, to)
            .await?;
    let span = |(start, end): (DateTime<Utc>, DateTime<Utc>)| Span { start, end };
    Ok(HttpResponse::Ok().json(Recordings {
        camera_id: r.camera.id,
        from,
        to,
        source: r.source,
        recorder: r.recorder.map(|(rec, ch)| RecorderSource {
            recorder_id: rec.id,
            name: rec.name,
            kind: rec.kind,
            channel: ch.channel,
            reachability: rec.reachability,
            last_error: rec.last_error,
            last_checked_at: rec.last_checked_at.map(time::from_db),
            clock_offset_ms: rec.clock_offset_ms,
        }),
        segments: r.segments.into_iter().map(SegmentView::from).collect(),
        recorded: r.recorded.into_iter().map(span).collect(),
        gaps: r.gaps.into_iter().map(span).collect(),
        oldest_footage_at: r.oldest_footage_at,
        recorder_error: r.recorder_error,
    }))
}
