//! Part A's facts for the BSA s.63 certificate, taken from the clip's
//! signed manifest: the camera, the hashes, the window and the releasing
//! operator are what was sealed when the clip was made, never the live
//! registry, so an edit to a camera afterwards cannot make the certificate
//! contradict the manifest it certifies. Only the place of production (the
//! ICCC's city) is today's: the certificate is produced afresh each time.

use diesel::result::Error::NotFound;

use super::certificate::CertificateFacts;
use super::manifest::{ist, Manifest, RecorderPart};
use super::package::CLIP_PREFIX;
use crate::db::clips::ClipRow;
use crate::db::connection::DbConnection;
use crate::db::{manifests, organisations, requests};

fn bad(e: impl std::error::Error + Send + Sync + 'static) -> diesel::result::Error {
    diesel::result::Error::DeserializationError(Box::new(e))
}

/// What Part A says of the recorder besides its make, model and serial.
fn recorder_note(r: &RecorderPart) -> String {
    let clock = match r.clock_offset_ms {
        Some(ms) => format!(
            "its clock read {:+.1} s from the server's when the footage was pulled{}",
            ms as f64 / 1000.0,
            match r.server_clock_synchronised {
                Some(true) => ", the server's clock being NTP-synchronised",
                Some(false) => ", the server's clock not being NTP-synchronised",
                None => "",
            }
        ),
        None => "its clock could not be read".to_owned(),
    };
    format!(
        "Recorder kind: {}; firmware: {}; {clock}. Playback address: {}.",
        r.kind,
        r.firmware.as_deref().unwrap_or("not reported"),
        r.playback_uris.join(", ")
    )
}

/// Part A of the certificate of `clip`, from its signed manifest.
pub fn gather(
    conn: &mut DbConnection,
    clip: &ClipRow,
) -> Result<CertificateFacts, diesel::result::Error> {
    let stored = manifests::find(conn, &clip.id)?.ok_or(NotFound)?;
    let m: Manifest = serde_json::from_str(&stored.manifest).map_err(bad)?;
    let req = requests::find(conn, &clip.request_id)?.ok_or(NotFound)?;
    let place = organisations::find(conn, &req.iccc_id)?.map_or_else(String::new, |o| o.city);
    let segments: Vec<(String, String)> = m
        .source_segments
        .as_array()
        .map(|a| {
            a.iter()
                .map(|s| {
                    (
                        s["path"].as_str().unwrap_or("").to_owned(),
                        s["sha256"].as_str().unwrap_or("").to_owned(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    let at = |s: &str| {
        chrono::DateTime::parse_from_rfc3339(s)
            .map(|t| ist(t.with_timezone(&chrono::Utc)))
            .unwrap_or_else(|_| s.to_owned())
    };
    let window = format!(
        "{} to {} (IST)",
        at(&m.actual_window.start),
        at(&m.actual_window.end)
    );
    let from_recorder = |f: fn(&RecorderPart) -> Option<String>, registry: &str| match &m.recorder {
        Some(r) => f(r).unwrap_or_else(|| "not reported by the recorder".to_owned()),
        None => registry.to_owned(),
    };
    Ok(CertificateFacts {
        person_name: m
            .operator
            .as_ref()
            .map_or_else(|| "ICCC operator".to_owned(), |p| p.name.clone()),
        person_role: "operator".to_owned(),
        organisation: m.request.iccc.name.clone(),
        place,
        camera_code: m.camera.code.clone(),
        camera_name: m.camera.name.clone(),
        camera_location: format!("{:.6}, {:.6}", m.camera.latitude, m.camera.longitude),
        make: from_recorder(|r| r.make.clone(), &m.camera.make),
        model: from_recorder(|r| r.model.clone(), &m.camera.model),
        serial: from_recorder(|r| r.serial.clone(), &m.camera.serial),
        mac: match &m.recorder {
            Some(r) => r.mac.clone(),
            None => m.camera.mac.clone(),
        },
        recorder: m.recorder.as_ref().map(recorder_note),
        clip_file: format!("{}{}.mp4", CLIP_PREFIX, m.clip.id),
        clip_sha256: m.clip.sha256.clone(),
        clip_size: m.clip.size_bytes,
        manifest_sha256: crate::digest::sha256_hex(stored.manifest.as_bytes()),
        window,
        segments,
        produced_at: chrono::Utc::now(),
    })
}
