//! Legal holds: while one is active the clip cannot be erased, by the
//! retention job or by anyone. On S3 the object's Object Lock legal hold
//! is set too, so the store itself refuses deletion.

use crate::custody::{record, NewCustody};
use crate::db::clips::ClipRow;
use crate::db::retention::{self, LegalHoldRow};
use crate::db::{clips, time, DbConnection};
use crate::error::{code, ApiError};
use crate::security::{self, Kind, SecurityEvent};
use crate::storage::EvidenceStore;

/// Who changes a clip's holds, and why.
pub struct HoldChange<'a> {
    pub clip_id: &'a str,
    pub by: &'a str,
    pub reason: &'a str,
    pub client_ip: Option<String>,
}

/// Records the change (custody and security events) and mirrors it to the
/// store's legal hold, last, so a store failure rolls everything back.
fn record_change(
    conn: &mut DbConnection,
    store: &dyn EvidenceStore,
    clip: &ClipRow,
    ch: &HoldChange<'_>,
    on: bool,
    details: serde_json::Value,
) -> Result<(), ApiError> {
    let (kind, action) = if on {
        ("legal_hold_placed", "placed")
    } else {
        ("legal_hold_released", "released")
    };
    record(
        conn,
        NewCustody::new(kind)
            .request(&clip.request_id)
            .clip(&clip.id)
            .actor(Some(ch.by))
            .sha256(&clip.sha256)
            .from_addr(ch.client_ip.clone())
            .details(details),
    )?;
    security::record(
        conn,
        SecurityEvent::new(Kind::LegalHold)
            .actor(Some(ch.by))
            .from_addr(ch.client_ip.clone())
            .subject(&clip.id)
            .detail(serde_json::json!({ "action": action, "reason": ch.reason })),
    )?;
    store.set_legal_hold(&clip.storage_key, on).map_err(|e| {
        ApiError::unavailable(
            code::STORE_UNAVAILABLE,
            format!("the evidence store could not change the legal hold: {e}"),
        )
    })
}

/// Places a hold (in the caller's transaction, with the store call inside
/// it so a store failure leaves no hold row behind).
pub fn place(
    conn: &mut DbConnection,
    store: &dyn EvidenceStore,
    ch: &HoldChange<'_>,
) -> Result<LegalHoldRow, ApiError> {
    retention::lock_clip(conn, ch.clip_id)?;
    let clip = clips::find(conn, ch.clip_id)?.ok_or_else(|| ApiError::not_found("clip"))?;
    if retention::erasure(conn, &clip.id)?.is_some() {
        return Err(ApiError::gone(
            code::CLIP_ERASED,
            "this clip's bytes were already erased",
        ));
    }
    let row = LegalHoldRow {
        id: uuid::Uuid::now_v7().to_string(),
        clip_id: clip.id.to_string(),
        reason: ch.reason.to_owned(),
        placed_by: ch.by.to_owned(),
        placed_at: time::now(),
        released_by: None,
        released_at: None,
    };
    retention::insert_hold(conn, &row)?;
    let details = serde_json::json!({ "hold_id": row.id, "reason": ch.reason });
    record_change(conn, store, &clip, ch, true, details)?;
    Ok(row)
}

/// Releases every active hold on the clip; 409 `no_legal_hold` if none.
pub fn release(
    conn: &mut DbConnection,
    store: &dyn EvidenceStore,
    ch: &HoldChange<'_>,
) -> Result<usize, ApiError> {
    retention::lock_clip(conn, ch.clip_id)?;
    let clip = clips::find(conn, ch.clip_id)?.ok_or_else(|| ApiError::not_found("clip"))?;
    let n = retention::release_holds(conn, &clip.id, ch.by, time::now())?;
    if n == 0 {
        return Err(ApiError::conflict(
            code::NO_LEGAL_HOLD,
            "the clip has no active legal hold",
        ));
    }
    let details = serde_json::json!({ "released": n, "reason": ch.reason });
    record_change(conn, store, &clip, ch, false, details)?;
    Ok(n)
}
