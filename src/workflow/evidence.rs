//! Loading a clip for an action, with the rule from `domain::authz`
//! (`Actor::may_on_evidence`): the one way every route and workflow
//! reaches a clip on a user's behalf.

use super::transition::scope;
use crate::db::clips::{self, ClipRow};
use crate::db::requests::{self, RequestRow};
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
