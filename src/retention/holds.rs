//! Legal holds: while one is active the clip cannot be erased, by the
//! retention job or by anyone. On S3 the object's Object Lock legal hold
//! is set too, so the store itself refuses deletion.

use crate::custody::{record, NewCustody};
use crate::db::retention::{self, LegalHoldRow};
use crate::db::{clips, time, DbConnection};
use crate::error::{code, ApiError};
use crate::security::{self, Kind, SecurityEvent};
use crate::storage::EvidenceStore;

fn store_failed(e: crate::storage::StoreError) -> ApiError {
    ApiError::unavailable(
        code::STORE_UNAVAILABLE,
        format!("the evidence store could not change the legal hold: {e}"),
    )
}

/// Places a hold (in the caller's transaction, with the store call inside
/// it so a store failure leaves no hold row behind).
pub fn place(
    conn: &mut DbConnection,
    store: &dyn EvidenceStore,
    clip_id: &str,
    by: &str,
    reason: &str,
    client_ip: Option<String>,
) -> Result<LegalHoldRow, ApiError> {
    retention::lock_clip(conn, clip_id)?;
    let clip = clips::find(conn, clip_id)?.ok_or_else(|| ApiError::not_found("clip"))?;
    if retention::erasure(conn, clip_id)?.is_some() {
        return Err(ApiError::gone(
            code::CLIP_ERASED,
            "this clip's bytes were already erased",
        ));
    }
    let row = LegalHoldRow {
        id: uuid::Uuid::now_v7().to_string(),
        clip_id: clip_id.to_owned(),
        reason: reason.to_owned(),
        placed_by: by.to_owned(),
        placed_at: time::now(),
        released_by: None,
        released_at: None,
    };
    retention::insert_hold(conn, &row)?;
    record(
        conn,
        NewCustody::new("legal_hold_placed")
            .request(&clip.request_id)
            .clip(&clip.id)
            .actor(Some(by))
            .sha256(&clip.sha256)
            .from_addr(client_ip.clone())
            .details(serde_json::json!({ "hold_id": row.id, "reason": reason })),
    )?;
    security::record(
        conn,
        SecurityEvent::new(Kind::LegalHold)
            .actor(Some(by))
            .from_addr(client_ip)
            .subject(clip_id)
            .detail(serde_json::json!({ "action": "placed", "reason": reason })),
    )?;
    store
        .set_legal_hold(&clip.storage_key, true)
        .map_err(store_failed)?;
    Ok(row)
}

/// Releases every active hold on the clip; 409 `no_legal_hold` if none.
pub fn release(
    conn: &mut DbConnection,
    store: &dyn EvidenceStore,
    clip_id: &str,
    by: &str,
    reason: &str,
    client_ip: Option<String>,
) -> Result<usize, ApiError> {
    retention::lock_clip(conn, clip_id)?;
    let clip = clips::find(conn, clip_id)?.ok_or_else(|| ApiError::not_found("clip"))?;
    let n = retention::release_holds(conn, clip_id, by, time::now())?;
    if n == 0 {
        return Err(ApiError::conflict(
            code::NO_LEGAL_HOLD,
            "the clip has no active legal hold",
        ));
    }
    record(
        conn,
        NewCustody::new("legal_hold_released")
            .request(&clip.request_id)
            .clip(&clip.id)
            .actor(Some(by))
            .sha256(&clip.sha256)
            .from_addr(client_ip.clone())
            .details(serde_json::json!({ "released": n, "reason": reason })),
    )?;
    security::record(
        conn,
        SecurityEvent::new(Kind::LegalHold)
            .actor(Some(by))
            .from_addr(client_ip)
            .subject(clip_id)
            .detail(serde_json::json!({ "action": "released", "reason": reason })),
    )?;
    store
        .set_legal_hold(&clip.storage_key, false)
        .map_err(store_failed)?;
    Ok(n)
}
