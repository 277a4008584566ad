//! Legal holds on a clip as users see and change them: everyone who may
//! see the clip sees its holds; the administrators of its ICCC place and
//! release them (`domain::authz`, `EvidenceAction::LegalHold`). The rules
//! of a hold itself are in `retention::holds`.

use crate::db::retention::{self, LegalHoldRow};
use crate::db::DbConnection;
use crate::domain::authz::{Actor, EvidenceAction};
use crate::error::ApiError;
use crate::retention::holds::{self, HoldChange};
use crate::storage::EvidenceStore;

/// Every legal hold on the clip, active and released.
pub fn list(
    conn: &mut DbConnection,
    actor: &Actor,
    clip_id: &str,
) -> Result<Vec<LegalHoldRow>, ApiError> {
    let clip = super::evidence::load(conn, actor, clip_id, EvidenceAction::View)?;
    Ok(retention::holds_of(conn, &clip.id)?)
}

/// Places a hold for `reason` (already validated); on S3 the object's
/// legal hold is set in the same step.
pub fn place(
    conn: &mut DbConnection,
    store: &dyn EvidenceStore,
    actor: &Actor,
    clip_id: &str,
    reason: &str,
) -> Result<LegalHoldRow, ApiError> {
    change(conn, store, actor, clip_id, reason, holds::place)
}

/// Releases every active hold on the clip; returns how many.
pub fn release(
    conn: &mut DbConnection,
    store: &dyn EvidenceStore,
    actor: &Actor,
    clip_id: &str,
    reason: &str,
) -> Result<usize, ApiError> {
    change(conn, store, actor, clip_id, reason, holds::release)
}

/// A hold change by someone the clip's ICCC lets manage its holds.
fn change<T>(
    conn: &mut DbConnection,
    store: &dyn EvidenceStore,
    actor: &Actor,
    clip_id: &str,
    reason: &str,
    apply: fn(&mut DbConnection, &dyn EvidenceStore, &HoldChange<'_>) -> Result<T, ApiError>,
) -> Result<T, ApiError> {
    let clip = super::evidence::load(conn, actor, clip_id, EvidenceAction::LegalHold)?;
    let change = HoldChange {
        clip_id: &clip.id,
        by: &actor.user_id,
        reason,
        client_ip: actor.client_ip.clone(),
    };
    apply(conn, store, &change)
}
