//! Erasing one clip's bytes, keeping the record that it existed.

use crate::custody::{record, NewCustody};
use crate::db::retention::{self, ErasureRow};
use crate::db::{clips, manifests, time, DbConnection};
use crate::digest::sha256_hex;
use crate::error::{code, ApiError};
use crate::security::{self, Kind, SecurityEvent};
use crate::storage::{EvidenceStore, StoreError};

pub use crate::domain::erasure::Basis;

/// Who erases and why.
#[derive(Debug, Clone)]
pub struct Erasure {
    pub clip_id: String,
    /// Who carried it out: the approving administrator; `None` for the
    /// retention job.
    pub by: Option<String>,
    pub basis: Basis,
    pub reason: String,
    pub client_ip: Option<String>,
    /// For an erasure by hand: who asked, the approval, the court order.
    pub approval: Option<Approved>,
}

/// The two-person record behind an erasure by hand.
#[derive(Debug, Clone)]
pub struct Approved {
    pub approval_id: String,
    pub requested_by: String,
    pub court_order_reference: Option<String>,
}

fn refused_by_store(e: StoreError) -> ApiError {
    match e {
        StoreError::Retained { until, .. } => ApiError::conflict(
            code::STORE_RETENTION,
            format!(
                "the evidence store still retains this object ({until}); it cannot be erased before then"
            ),
        ),
        other => ApiError::unavailable(
            code::STORE_UNAVAILABLE,
            format!("the evidence store could not erase the object: {other}"),
        ),
    }
}

/// Refuses an erasure that cannot happen: the bytes are already erased
/// (410), or a legal hold is active (409, naming the holds' reasons).
pub fn ensure_erasable(conn: &mut DbConnection, clip_id: &str) -> Result<(), ApiError> {
    if retention::erasure(conn, clip_id)?.is_some() {
        return Err(ApiError::gone(
            code::CLIP_ERASED,
            "this clip's bytes were already erased",
        ));
    }
    let holds = retention::active_holds(conn, clip_id)?;
    if !holds.is_empty() {
        return Err(ApiError::conflict(
            code::LEGAL_HOLD,
            format!(
                "the clip is under {} legal hold(s) ({}); release them first",
                holds.len(),
                holds
                    .iter()
                    .map(|h| h.reason.as_str())
                    .collect::<Vec<_>>()
                    .join("; ")
            ),
        ));
    }
    Ok(())
}

/// Erases the clip's bytes and records the tombstone, the custody event
/// and a security event, all in one transaction that also holds the clip
/// (`retention::lock_clip`) so a legal hold cannot slip in between the
/// check and the deletion. If the transaction fails after the bytes are
/// gone, running the erasure again finds nothing to delete and records
/// it. Bytes another live clip shares (content-addressed keys) are kept.
pub fn erase_clip(
    conn: &mut DbConnection,
    store: &dyn EvidenceStore,
    e: &Erasure,
) -> Result<ErasureRow, ApiError> {
    retention::lock_clip(conn, &e.clip_id)?;
    let clip = clips::find(conn, &e.clip_id)?.ok_or_else(|| ApiError::not_found("clip"))?;
    ensure_erasable(conn, &clip.id)?;
    let shared = retention::live_sharers(conn, &clip.storage_key, &clip.id)? > 0;
    if !shared {
        store.erase(&clip.storage_key).map_err(refused_by_store)?;
    }
    let manifest_sha256 =
        manifests::find(conn, &clip.id)?.map(|m| sha256_hex(m.manifest.as_bytes()));
    let row = ErasureRow {
        clip_id: clip.id.to_string(),
        sha256: clip.sha256.clone(),
        size_bytes: clip.size_bytes,
        storage_key: clip.storage_key.clone(),
        manifest_sha256: manifest_sha256.clone(),
        erased_by: e.by.clone(),
        basis: e.basis,
        reason: e.reason.clone(),
        erased_at: time::now(),
    };
    retention::insert_erasure(conn, &row)?;
    record(
        conn,
        NewCustody::new("purged")
            .request(&clip.request_id)
            .clip(&clip.id)
            .actor(e.by.as_deref())
            .sha256(&clip.sha256)
            .from_addr(e.client_ip.clone())
            .details(serde_json::json!({
                "basis": e.basis.as_str(),
                "reason": e.reason,
                "storage_key": clip.storage_key,
                "size_bytes": clip.size_bytes,
                "manifest_sha256": manifest_sha256,
                "bytes_kept_for_other_clips": shared,
                "approval_id": e.approval.as_ref().map(|a| &a.approval_id),
                "requested_by": e.approval.as_ref().map(|a| &a.requested_by),
                "court_order_reference": e.approval.as_ref().and_then(|a| a.court_order_reference.as_ref()),
            })),
    )?;
    security::record(
        conn,
        SecurityEvent::new(Kind::EvidenceErased)
            .actor(e.by.as_deref())
            .from_addr(e.client_ip.clone())
            .subject(&clip.id)
            .detail(serde_json::json!({
                "basis": e.basis.as_str(),
                "sha256": clip.sha256,
                "requested_by": e.approval.as_ref().map(|a| &a.requested_by),
            })),
    )?;
    Ok(row)
}

/// Refuses reading an erased clip's bytes (410 `clip_erased`).
pub fn ensure_present(conn: &mut DbConnection, clip_id: &str) -> Result<(), ApiError> {
    match retention::erasure(conn, clip_id)? {
        Some(t) => Err(ApiError::gone(
            code::CLIP_ERASED,
            format!(
                "this clip's bytes were erased on {} ({}); its manifest and custody record remain",
                crate::evidence::manifest::ist(time::from_db(t.erased_at)),
                t.basis.as_str()
            ),
        )),
        None => Ok(()),
    }
}
