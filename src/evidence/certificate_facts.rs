//! Part A's facts for the BSA s.63 certificate, from the registry and the
//! clip.

use diesel::result::Error::NotFound;

use super::certificate::CertificateFacts;
use super::manifest::ist;
use super::package::CLIP_PREFIX;
use crate::db::clips::ClipRow;
use crate::db::connection::DbConnection;
use crate::db::{cameras, manifests, organisations, requests, time};

/// Part A of the certificate: the operator who released the clip (who
/// approved the request, or uploaded the footage), the camera, the hashes.
pub fn gather(
    conn: &mut DbConnection,
    clip: &ClipRow,
) -> Result<CertificateFacts, diesel::result::Error> {
    let camera = cameras::find(conn, &clip.camera_id)?.ok_or(NotFound)?;
    let req = requests::find(conn, &clip.request_id)?.ok_or(NotFound)?;
    let iccc = organisations::find(conn, &req.iccc_id)?;
    let person = super::manifest::releasing_operator(conn, clip)?;
    let manifest = manifests::find(conn, &clip.id)?.ok_or(NotFound)?;
    let segments: Vec<(String, String)> =
        serde_json::from_str::<Vec<serde_json::Value>>(&clip.source_segments)
            .unwrap_or_default()
            .iter()
            .map(|s| {
                (
                    s["path"].as_str().unwrap_or("").to_owned(),
                    s["sha256"].as_str().unwrap_or("").to_owned(),
                )
            })
            .collect();
    let window = format!(
        "{} to {} (IST)",
        ist(time::from_db(clip.actual_start)),
        ist(time::from_db(clip.actual_end))
    );
    Ok(CertificateFacts {
        person_name: person
            .as_ref()
            .map_or_else(|| "ICCC operator".to_owned(), |p| p.display_name.clone()),
        person_role: person
            .as_ref()
            .map_or_else(|| "operator".to_owned(), |p| p.role.clone()),
        organisation: iccc
            .as_ref()
            .map_or_else(|| req.iccc_id.clone(), |o| o.name.clone()),
        place: iccc.as_ref().map_or_else(String::new, |o| o.city.clone()),
        camera_code: camera.code,
        camera_name: camera.name,
        camera_location: format!("{:.6}, {:.6}", camera.latitude, camera.longitude),
        make: camera.make,
        model: camera.model,
        serial: camera.serial,
        mac: camera.mac,
        clip_file: format!("{}{}.mp4", CLIP_PREFIX, clip.id),
        clip_sha256: clip.sha256.clone(),
        clip_size: u64::try_from(clip.size_bytes)
            .map_err(|e| diesel::result::Error::SerializationError(Box::new(e)))?,
        manifest_sha256: crate::digest::sha256_hex(manifest.manifest.as_bytes()),
        window,
        segments,
        produced_at: chrono::Utc::now(),
    })
}
