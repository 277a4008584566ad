//! Sharing a clip's evidence package with a court organisation or by a
//! secret link: creating, revoking, and checking a share at download time.
//! Each is a custody event in the same transaction.

use crate::security::{self, Kind, SecurityEvent};
use chrono::Duration;
use serde::Deserialize;

use crate::auth::random;
use crate::custody::{record, NewCustody};
use crate::db::clips::ClipRow;
use crate::db::shares::{self, ShareRow};
use crate::db::{organisations, time, DbConnection};
use crate::domain::authz::{Actor, EvidenceAction};
use crate::domain::kinds::ShareKind;
use crate::domain::organisation::OrgKind;
use crate::domain::text::bounded;
use crate::domain::ValidationError;
use crate::error::{code, ApiError};

/// Longest a share may last, in hours (30 days).
pub const MAX_HOURS: u32 = 720;
/// Most downloads one share may allow.
pub const MAX_DOWNLOADS: u32 = 50;

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewShare {
    /// Code of the court organisation to share with; or omit and set
    /// `link` for a secret link.
    pub recipient_org: Option<String>,
    #[serde(default)]
    pub link: bool,
    /// Who receives it (for a link: the person or office it is for).
    pub recipient_name: String,
    pub purpose: String,
    /// Hours until the share expires (1-720).
    pub expires_in_hours: u32,
    /// Downloads allowed (1-50).
    pub max_downloads: u32,
}

fn invalid(field: &str, msg: &str) -> ApiError {
    ValidationError::new(code::INVALID_VALUE, format!("`{field}` {msg}")).into()
}

/// Shares the clip `clip_id` (investigators and operators who may see
/// it, `domain::authz`); for a link, also returns its secret (shown once).
pub fn create(
    c: &mut DbConnection,
    actor: &Actor,
    clip_id: &str,
    input: NewShare,
) -> Result<(ShareRow, Option<String>), ApiError> {
    let clip = &super::evidence::load(c, actor, clip_id, EvidenceAction::Share)?;
    let recipient_name = bounded("recipient_name", &input.recipient_name, 200)?;
    let purpose = bounded("purpose", &input.purpose, 500)?;
    if !(1..=MAX_HOURS).contains(&input.expires_in_hours) {
        return Err(invalid("expires_in_hours", "must be between 1 and 720"));
    }
    if !(1..=MAX_DOWNLOADS).contains(&input.max_downloads) {
        return Err(invalid("max_downloads", "must be between 1 and 50"));
    }
    let (kind, org, secret) = match (&input.recipient_org, input.link) {
        (Some(code), false) => {
            let org = organisations::find_by_code(c, code.trim())?
                .filter(|o| o.kind == OrgKind::Court)
                .ok_or_else(|| {
                    invalid("recipient_org", "must be the code of a court organisation")
                })?;
            (ShareKind::Organisation, Some(org), None)
        }
        (None, true) => (
            ShareKind::Link,
            None,
            Some(random::token().map_err(ApiError::internal)?),
        ),
        _ => {
            return Err(invalid(
                "recipient_org",
                "give a court's code, or `link: true`, not both",
            ))
        }
    };
    let now = time::now();
    let row = ShareRow {
        id: uuid::Uuid::now_v7().to_string(),
        clip_id: clip.id.to_string(),
        created_by: actor.user_id.clone(),
        kind,
        recipient_org_id: org.as_ref().map(|o| o.id.clone()),
        token_hash: secret
            .as_deref()
            .map(|s| crate::digest::sha256_hex(s.as_bytes())),
        recipient_name,
        purpose,
        expires_at: now + Duration::hours(i64::from(input.expires_in_hours)),
        max_downloads: input.max_downloads as i32,
        downloads: 0,
        created_at: now,
        revoked_at: None,
        revoked_by: None,
    };
    shares::insert(c, &row)?;
    record(
        c,
        NewCustody::new("shared")
            .request(&clip.request_id)
            .clip(&clip.id)
            .actor(Some(&actor.user_id))
            .from_addr(actor.client_ip.clone())
            .sha256(&clip.sha256)
            .details(serde_json::json!({
                "share_id": row.id,
                "kind": row.kind,
                "recipient_org": org.as_ref().map(|o| o.code.clone()),
                "recipient_name": row.recipient_name,
                "expires_at": time::from_db(row.expires_at).to_rfc3339(),
                "max_downloads": row.max_downloads,
            })),
    )?;
    security::record(
        c,
        SecurityEvent::new(Kind::ShareCreated)
            .actor(Some(&actor.user_id))
            .from_addr(actor.client_ip.clone())
            .subject(&row.id)
            .detail(serde_json::json!({
                "clip_id": clip.id,
                "kind": row.kind,
                "recipient_org": org.as_ref().map(|o| o.code.clone()),
                "max_downloads": row.max_downloads,
                "expires_at": time::from_db(row.expires_at).to_rfc3339(),
            })),
    )?;
    Ok((row, secret))
}

/// The shares of a clip the actor may see, newest first.
pub fn for_clip(
    c: &mut DbConnection,
    actor: &Actor,
    clip_id: &str,
) -> Result<Vec<ShareRow>, ApiError> {
    let clip = super::evidence::load(c, actor, clip_id, EvidenceAction::View)?;
    Ok(shares::for_clip(c, &clip.id)?)
}

/// What has been shared with the actor's court.
pub fn inbox(c: &mut DbConnection, actor: &Actor) -> Result<Vec<ShareRow>, ApiError> {
    if !actor.may_receive_shares() {
        return Err(ApiError::forbidden(
            "only court users receive shared evidence",
        ));
    }
    Ok(shares::for_recipient(c, &actor.org_id)?)
}

/// Revokes a share at once: its creator, or anyone else who may share
/// the clip. Returns the share as it now is.
pub fn revoke(c: &mut DbConnection, actor: &Actor, share_id: &str) -> Result<ShareRow, ApiError> {
    let share = shares::find(c, share_id)?.ok_or_else(|| ApiError::not_found("share"))?;
    let clip = &super::evidence::clip_of_share(c, actor, &share, EvidenceAction::RevokeShare)?;
    if !shares::revoke(c, &share.id, &actor.user_id, time::now())? {
        return Err(ApiError::conflict(
            crate::error::ErrorCode::ShareAlreadyRevoked,
            "the share is already revoked",
        ));
    }
    record(
        c,
        NewCustody::new("share_revoked")
            .request(&clip.request_id)
            .clip(&clip.id)
            .actor(Some(&actor.user_id))
            .from_addr(actor.client_ip.clone())
            .details(serde_json::json!({ "share_id": share.id })),
    )?;
    security::record(
        c,
        SecurityEvent::new(Kind::ShareRevoked)
            .actor(Some(&actor.user_id))
            .from_addr(actor.client_ip.clone())
            .subject(&share.id)
            .detail(serde_json::json!({ "clip_id": clip.id })),
    )?;
    shares::find(c, &share.id)?.ok_or_else(|| ApiError::not_found("share"))
}

/// Counts a download against the share, or says why it is refused (410).
pub fn take_download(c: &mut DbConnection, share: &ShareRow) -> Result<(), ApiError> {
    let gone = |code: crate::error::ErrorCode, msg: &str| ApiError::new(code, msg.to_owned());
    if share.revoked_at.is_some() {
        return Err(gone(code::SHARE_REVOKED, "this share has been revoked"));
    }
    if share.expires_at <= time::now() {
        return Err(gone(code::SHARE_EXPIRED, "this share has expired"));
    }
    if !shares::take_download(c, &share.id, time::now())? {
        return Err(gone(
            code::SHARE_EXHAUSTED,
            "this share's downloads are used up",
        ));
    }
    Ok(())
}

/// Records a refused download (the share expired, was revoked or is used
/// up) as a custody event; the caller commits it and returns `why`.
pub fn record_refusal(
    c: &mut DbConnection,
    share: &ShareRow,
    clip: &ClipRow,
    actor: Option<&str>,
    from: Option<String>,
    why: &ApiError,
) -> Result<(), ApiError> {
    record(
        c,
        NewCustody::new("downloaded")
            .request(&clip.request_id)
            .clip(&clip.id)
            .actor(actor)
            .from_addr(from)
            .outcome("refused")
            .details(
                serde_json::json!({ "what": "package", "share_id": share.id, "reason": why.code }),
            ),
    )?;
    Ok(())
}
