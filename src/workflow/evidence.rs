//! Loading a clip for an action, with the rule from `domain::authz`
//! (`Actor::may_on_evidence`): the one way every route and workflow
//! reaches a clip on a user's behalf.

use super::transition::scope;
use crate::db::clips::{self, ClipRow};
use crate::db::manifests::{self, ManifestRow};
use crate::db::requests::{self, RequestRow};
use crate::db::shares::ShareRow;
use crate::db::DbConnection;
use crate::domain::authz::{Actor, Decision, EvidenceAction};
use crate::error::ApiError;

/// The clip and its request, if `actor` may take `action` on it; a clip
/// outside their scope answers 404 as if it did not exist.
pub fn clip_for(
    conn: &mut DbConnection,
    actor: &Actor,
    clip_id: &str,
    action: EvidenceAction,
) -> Result<(ClipRow, RequestRow), ApiError> {
    let clip = clips::find(conn, clip_id)?.ok_or_else(|| ApiError::not_found("clip"))?;
    let req = requests::find(conn, &clip.request_id)?.ok_or_else(|| ApiError::not_found("clip"))?;
    match actor.may_on_evidence(&scope(&req), action) {
        Decision::Allow => Ok((clip, req)),
        Decision::Hidden => Err(ApiError::not_found("clip")),
        Decision::Forbidden(why) => Err(ApiError::forbidden(why)),
    }
}

/// Like [`clip_for`], for the clip alone.
pub fn load(
    conn: &mut DbConnection,
    actor: &Actor,
    clip_id: &str,
    action: EvidenceAction,
) -> Result<ClipRow, ApiError> {
    clip_for(conn, actor, clip_id, action).map(|(c, _)| c)
}

/// The clip a share is of, if `actor` may take `action` on it. Someone
/// who may not even view the clip learns nothing about the share (404).
pub fn clip_of_share(
    conn: &mut DbConnection,
    actor: &Actor,
    share: &ShareRow,
    action: EvidenceAction,
) -> Result<ClipRow, ApiError> {
    let hidden = || ApiError::not_found("share");
    let clip = clips::find(conn, &share.clip_id)?.ok_or_else(hidden)?;
    let req = requests::find(conn, &clip.request_id)?.ok_or_else(hidden)?;
    let scope = scope(&req);
    if !actor
        .may_on_evidence(&scope, EvidenceAction::View)
        .allowed()
    {
        return Err(hidden());
    }
    match actor.may_on_evidence(&scope, action) {
        Decision::Allow => Ok(clip),
        Decision::Hidden => Err(hidden()),
        Decision::Forbidden(why) => Err(ApiError::forbidden(why)),
    }
}

/// The clip's signed manifest, exactly as signed; viewing it is a
/// custody event.
pub fn manifest(
    conn: &mut DbConnection,
    actor: &Actor,
    clip_id: &str,
) -> Result<ManifestRow, ApiError> {
    let clip = load(conn, actor, clip_id, EvidenceAction::View)?;
    let m = manifests::find(conn, &clip.id)?.ok_or_else(|| ApiError::not_found("manifest"))?;
    crate::custody::record(
        conn,
        crate::custody::NewCustody::new("viewed")
            .request(&clip.request_id)
            .clip(&clip.id)
            .actor(Some(&actor.user_id))
            .sha256(&clip.sha256)
            .from_addr(actor.client_ip.clone())
            .details(serde_json::json!({ "what": "manifest" })),
    )?;
    Ok(m)
}

/// Records `actor`'s download of a clip's bytes (the request's history
/// and a custody event, before a byte is sent) and checks the bulk
/// download threshold; refuses an erased clip (410).
pub fn record_download(
    conn: &mut DbConnection,
    actor: &Actor,
    clip_id: &str,
    range: Option<&str>,
    bulk_per_hour: u32,
) -> Result<ClipRow, ApiError> {
    let (clip, req) = clip_for(conn, actor, clip_id, EvidenceAction::Download)?;
    crate::retention::erase::ensure_present(conn, &clip.id)?;
    let what = match range {
        Some(r) => format!("clip {} ({r})", clip.id),
        None => format!("clip {}", clip.id),
    };
    crate::workflow::history::record(
        conn,
        &requests::NewEvent::note(&req, actor, "clip_downloaded", what),
    )?;
    crate::custody::record(
        conn,
        crate::custody::NewCustody::new("downloaded")
            .request(&clip.request_id)
            .clip(&clip.id)
            .actor(Some(&actor.user_id))
            .sha256(&clip.sha256)
            .from_addr(actor.client_ip.clone())
            .details(serde_json::json!({ "what": "clip", "range": range })),
    )?;
    crate::security::downloads::check(
        conn,
        bulk_per_hour,
        &actor.user_id,
        actor.client_ip.clone(),
    )?;
    Ok(clip)
}
