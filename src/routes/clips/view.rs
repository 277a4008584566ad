//! A clip as the API shows it.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::db::clips::ClipRow;
use crate::db::time;

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ClipView {
    pub id: crate::domain::ids::ClipId,
    pub request_id: crate::domain::ids::RequestId,
    pub item_id: String,
    pub camera_id: String,
    pub sha256: crate::domain::digest::Sha256Digest,
    pub size_bytes: i64,
    /// `extracted` (stream copy from indexed segments) or `uploaded`.
    pub source: crate::domain::kinds::ClipSource,
    pub requested_start: DateTime<Utc>,
    pub requested_end: DateTime<Utc>,
    pub actual_start: DateTime<Utc>,
    pub actual_end: DateTime<Utc>,
    pub packets: i64,
    /// Source segments with their ingest SHA-256.
    #[schema(value_type = Object)]
    pub source_segments: serde_json::Value,
    /// Holes in the recording inside the requested window.
    #[schema(value_type = Object)]
    pub gaps: serde_json::Value,
    pub ffmpeg_versions: String,
    pub created_at: DateTime<Utc>,
}

impl From<ClipRow> for ClipView {
    fn from(c: ClipRow) -> Self {
        Self {
            source_segments: serde_json::from_str(&c.source_segments).unwrap_or_default(),
            gaps: serde_json::from_str(&c.gaps).unwrap_or_default(),
            id: c.id,
            request_id: c.request_id,
            item_id: c.item_id,
            camera_id: c.camera_id,
            sha256: c.sha256,
            size_bytes: c.size_bytes,
            source: c.source,
            requested_start: time::from_db(c.requested_start),
            requested_end: time::from_db(c.requested_end),
            actual_start: time::from_db(c.actual_start),
            actual_end: time::from_db(c.actual_end),
            packets: c.packets,
            ffmpeg_versions: c.ffmpeg_versions,
            created_at: time::from_db(c.created_at),
        }
    }
}
