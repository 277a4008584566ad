//! Sealing a clip: in the transaction that records it, build its manifest,
//! sign the exact bytes, store both, and record the custody events
//! `extracted` (or `uploaded`), `stored` and `signed`.

use super::manifest;
use crate::custody::{record, NewCustody};
use crate::db::clips::ClipRow;
use crate::db::connection::DbConnection;
use crate::db::manifests::{self, ManifestRow};
use crate::db::time;
use crate::signing::SigningKey;

#[derive(Debug, thiserror::Error)]
pub enum SealError {
    #[error(transparent)]
    Db(#[from] diesel::result::Error),
    #[error("manifest: {0}")]
    Json(#[from] serde_json::Error),
}

/// Seals `clip`; `store` names where its bytes are (`fs:`/`s3://`).
pub fn seal(
    conn: &mut DbConnection,
    clip: &ClipRow,
    key: &SigningKey,
    store: &str,
) -> Result<(), SealError> {
    let m = manifest::build(conn, clip, &key.key_id_hex())?;
    let bytes = manifest::to_bytes(&m)?;
    let signature = key.sign(bytes.as_bytes());
    manifests::insert(
        conn,
        &ManifestRow {
            clip_id: clip.id.to_string(),
            manifest: bytes.clone(),
            signature,
            key_id: key.key_id_hex(),
            created_at: time::now(),
        },
    )?;
    {
        let kind = if clip.source == crate::domain::kinds::ClipSource::Extracted {
            "extracted"
        } else {
            "uploaded"
        };
        record(
            conn,
            NewCustody::new(kind)
                .actor(clip.created_by.as_deref())
                .request(&clip.request_id)
                .clip(&clip.id)
                .sha256(&clip.sha256)
                .details(serde_json::json!({
                    "item_id": clip.item_id,
                    "size_bytes": clip.size_bytes,
                    "requested_window": m.requested_window,
                    "actual_window": m.actual_window,
                    "source_segments": m.source_segments,
                })),
        )?;
    }
    record(
        conn,
        NewCustody::new("stored")
            .request(&clip.request_id)
            .clip(&clip.id)
            .actor(clip.created_by.as_deref())
            .sha256(&clip.sha256)
            .details(serde_json::json!({
                "store": store,
                "key": clip.storage_key,
                "size_bytes": clip.size_bytes,
            })),
    )?;
    record(
        conn,
        NewCustody::new("signed")
            .request(&clip.request_id)
            .clip(&clip.id)
            .sha256(&crate::digest::sha256_hex(bytes.as_bytes()))
            .details(serde_json::json!({
                "what": "manifest.json",
                "clip_sha256": clip.sha256,
                "key_id": key.key_id_hex(),
                "algorithm": "Ed25519",
            })),
    )?;
    Ok(())
}
