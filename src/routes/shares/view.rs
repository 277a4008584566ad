use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::db::shares::ShareRow;
use crate::db::time;

#[derive(Serialize, utoipa::ToSchema)]
pub struct ShareView {
    pub id: String,
    pub clip_id: String,
    /// `organisation` or `link`.
    pub kind: crate::domain::kinds::ShareKind,
    pub recipient_org_id: Option<String>,
    pub recipient_name: String,
    pub purpose: String,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub max_downloads: i32,
    pub downloads: i32,
    pub revoked_at: Option<DateTime<Utc>>,
    /// `active`, `expired`, `exhausted` or `revoked`.
    pub state: &'static str,
}

impl From<ShareRow> for ShareView {
    fn from(r: ShareRow) -> Self {
        let state = if r.revoked_at.is_some() {
            "revoked"
        } else if r.expires_at <= time::now() {
            "expired"
        } else if r.downloads >= r.max_downloads {
            "exhausted"
        } else {
            "active"
        };
        Self {
            id: r.id,
            clip_id: r.clip_id,
            kind: r.kind,
            recipient_org_id: r.recipient_org_id,
            recipient_name: r.recipient_name,
            purpose: r.purpose,
            created_by: r.created_by,
            created_at: time::from_db(r.created_at),
            expires_at: time::from_db(r.expires_at),
            max_downloads: r.max_downloads,
            downloads: r.downloads,
            revoked_at: r.revoked_at.map(time::from_db),
            state,
        }
    }
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct CreatedShare {
    pub share: ShareView,
    /// For a link share only, shown this once: the download address.
    pub link: Option<String>,
}
