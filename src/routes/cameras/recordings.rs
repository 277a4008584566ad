use actix_web::{get, web, HttpResponse};
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use crate::auth::Authenticated;
use crate::db::segments::{self, SegmentRow};
use crate::db::time;
use crate::domain::ValidationError;
use crate::error::ApiError;
use crate::recordings::gaps::find_gaps;
use crate::state::AppState;

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

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Recordings {
    pub camera_id: String,
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
    pub segments: Vec<SegmentView>,
    /// Spans in the range no readable segment covers.
    pub gaps: Vec<Span>,
}

/// The camera's indexed recording segments and gaps in a time range.
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
    let id = id.into_inner();
    let (cam, segs) = state
        .db
        .read(move |c| crate::workflow::cameras::recordings(c, &actor, &id, from, to))
        .await?;
    let spans: Vec<_> = segs
        .iter()
        .filter(|s| s.status == segments::OK)
        .map(|s| (time::from_db(s.start_at), time::from_db(s.end_at)))
        .collect();
    let gaps = find_gaps(&spans, from, to, Duration::seconds(1))
        .into_iter()
        .map(|(start, end)| Span { start, end })
        .collect();
    Ok(HttpResponse::Ok().json(Recordings {
        camera_id: cam.id,
        from,
        to,
        segments: segs.into_iter().map(SegmentView::from).collect(),
        gaps,
    }))
}
