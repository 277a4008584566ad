//! Stored evidence that no longer matches its record, found while it was
//! being served: a critical security event (in a transaction of its own,
//! since the response it interrupts is failing), and a log line.

use super::{record, Kind, SecurityEvent};
use crate::db::Db;

/// What was being read and what was found.
pub struct Found<'a> {
    pub clip_id: &'a str,
    pub what: &'a str,
    pub recorded_sha256: &'a str,
    pub found_sha256: Option<&'a str>,
    pub found_size: Option<u64>,
    pub actor: Option<&'a str>,
    pub client_ip: Option<String>,
}

/// Records the damage (blocking). A failure to record is logged, never
/// hidden: the log line is written first either way.
pub fn report(db: &Db, f: Found<'_>) {
    tracing::error!(
        security.event = "evidence_damaged",
        clip.id = %f.clip_id,
        what = f.what,
        store.sha256 = ?f.found_sha256,
        store.size_bytes = ?f.found_size,
        "stored evidence does not match its record; not served"
    );
    let ev = SecurityEvent::new(Kind::EvidenceDamaged)
        .actor(f.actor)
        .from_addr(f.client_ip)
        .subject(f.clip_id)
        .detail(serde_json::json!({
            "what": f.what,
            "recorded_sha256": f.recorded_sha256,
            "found_sha256": f.found_sha256,
            "found_size_bytes": f.found_size,
        }));
    if let Err(e) = db.write_blocking(|c| record(c, ev).map_err(crate::db::DbError::from)) {
        tracing::error!(error = %e, clip.id = %f.clip_id, "the evidence_damaged security event could not be recorded");
    }
}
