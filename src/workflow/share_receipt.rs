//! The printable receipt (PDF) of a share: who received what, the
//! hashes, when, and every download or refusal so far, read from the
//! custody record.

use crate::db::{custody, manifests, organisations, shares, time, users, DbConnection};
use crate::domain::authz::{Actor, EvidenceAction};
use crate::error::ApiError;
use crate::evidence::manifest::ist;
use crate::evidence::pdf::TextPdf;

/// The receipt of share `share_id`, for someone who may download its clip.
pub fn render(conn: &mut DbConnection, actor: &Actor, share_id: &str) -> Result<Vec<u8>, ApiError> {
    let c = conn;
    let share = shares::find(c, share_id)?.ok_or_else(|| ApiError::not_found("share"))?;
    let clip = super::evidence::clip_of_share(c, actor, &share, EvidenceAction::Download)?;
    let manifest = manifests::find(c, &clip.id)?;
    let sharer = users::find(c, &share.created_by)?;
    let recipient = match &share.recipient_org_id {
        Some(org) => organisations::find(c, org)?.map(|o| format!("{} ({})", o.name, o.code)),
        None => None,
    };
    let marker = format!("\"share_id\":\"{}\"", share.id);
    let accesses: Vec<String> = custody::for_evidence(c, &clip.request_id, &clip.id)?
        .into_iter()
        .filter(|(e, _)| e.kind == "downloaded" && e.body.contains(&marker))
        .map(|(e, _)| {
            let v: serde_json::Value = serde_json::from_str(&e.body).unwrap_or_default();
            format!(
                "{}: {} by {} from {}",
                ist(time::from_db(e.at)),
                if v["outcome"] == "ok" {
                    "downloaded"
                } else {
                    "refused"
                },
                v["actor"]["username"].as_str().unwrap_or("link holder"),
                v["from"].as_str().unwrap_or("unknown address"),
            )
        })
        .collect();
    let mut w = TextPdf::new("Sakshya evidence share receipt").map_err(ApiError::internal)?;
    w.line("EVIDENCE SHARE RECEIPT", true, 14.0);
    w.gap();
    w.para(&format!("Share {} ({})", share.id, share.kind));
    w.para(&format!(
        "Shared by {} on {}",
        sharer.map_or_else(
            || share.created_by.clone(),
            |u| format!("{} ({})", u.display_name, u.username)
        ),
        ist(time::from_db(share.created_at))
    ));
    w.para(&format!(
        "Recipient: {}{}",
        share.recipient_name,
        recipient.map(|r| format!(", {r}")).unwrap_or_default()
    ));
    w.para(&format!("Purpose: {}", share.purpose));
    w.para(&format!(
        "Evidence: clip {} ({} bytes), SHA-256 {}",
        clip.id, clip.size_bytes, clip.sha256
    ));
    if let Some(m) = manifest {
        w.para(&format!(
            "Signed manifest SHA-256 {} (key {})",
            crate::digest::sha256_hex(m.manifest.as_bytes()),
            m.key_id
        ));
    }
    w.para(&format!(
        "Valid until {}; {} of {} download(s) used{}",
        ist(time::from_db(share.expires_at)),
        share.downloads,
        share.max_downloads,
        share
            .revoked_at
            .map(|r| format!("; revoked on {}", ist(time::from_db(r))))
            .unwrap_or_default()
    ));
    w.heading("Accesses");
    if accesses.is_empty() {
        w.para("none yet");
    }
    for a in &accesses {
        w.para(a);
    }
    w.finish().map_err(ApiError::internal)
}
