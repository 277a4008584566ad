//! The public integrity checks, with no login: the latest signed log
//! checkpoint, and "did Sakshya issue a clip with this SHA-256?". Every
//! hash check is a custody event; one that matches nothing is a security
//! event too.

use crate::custody::{record, NewCustody};
use crate::db::clips::{self, ClipRow};
use crate::db::manifests::{self, ManifestRow};
use crate::db::{log, DbConnection};
use crate::error::ApiError;
use crate::security::{self, Kind, SecurityEvent};

/// The latest signed checkpoint (a C2SP signed note), once there is one.
pub fn latest_checkpoint(conn: &mut DbConnection) -> Result<Option<String>, ApiError> {
    Ok(log::latest_checkpoint(conn)?.map(|cp| cp.note))
}

/// What a hash check found: each issued clip with those bytes and its
/// signed manifest, and the checkpoint to check them against.
pub struct HashCheck {
    pub issued: Vec<(ClipRow, ManifestRow)>,
    pub checkpoint: Option<String>,
}

/// Looks `sha256` (64 lower-case hex digits, checked by the caller) up,
/// recording the check from `from`.
pub fn check_hash(
    conn: &mut DbConnection,
    sha256: &str,
    from: Option<String>,
) -> Result<HashCheck, ApiError> {
    let found = clips::by_sha256(conn, sha256)?;
    let mut issued = Vec::new();
    for clip in found {
        if let Some(m) = manifests::find(conn, &clip.id)? {
            issued.push((clip, m));
        }
    }
    // Anonymous, so not tied to the clip's own record (anyone could
    // otherwise grow it); the hash and the matching clips are in the event.
    let matched: Vec<&str> = issued.iter().map(|(c, _)| c.id.as_str()).collect();
    let outcome = if issued.is_empty() {
        "not_issued"
    } else {
        "issued"
    };
    record(
        conn,
        NewCustody::new("verified")
            .sha256(sha256)
            .from_addr(from.clone())
            .outcome(outcome)
            .details(serde_json::json!({ "what": "public hash check", "clips": matched })),
    )?;
    if issued.is_empty() {
        // A file someone holds as evidence that Sakshya never issued:
        // altered, or not ours. The CISO should know.
        security::record(
            conn,
            SecurityEvent::new(Kind::VerificationFailed)
                .from_addr(from)
                .subject(sha256)
                .detail(serde_json::json!({ "what": "public hash check", "sha256": sha256 })),
        )?;
    }
    Ok(HashCheck {
        issued,
        checkpoint: latest_checkpoint(conn)?,
    })
}
