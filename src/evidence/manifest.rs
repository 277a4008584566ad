//! The manifest: one JSON document per clip, stored as the exact bytes
//! that were signed. Field order is fixed by the structs below; verifiers
//! never re-serialise it, they check the signature over the bytes.

use chrono::{DateTime, FixedOffset, Utc};
use serde::{Deserialize, Serialize};

use crate::custody::event::format_time;
use crate::db::clips::ClipRow;
use crate::db::connection::DbConnection;
use crate::db::{cameras, organisations, requests, time, users};

pub const FORMAT: &str = "sakshya-manifest/v1";

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Window {
    pub start: String,
    pub end: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ClipPart {
    pub id: String,
    pub sha256: String,
    pub size_bytes: u64,
    pub media_type: String,
    /// `extracted` (stream copy from the recordings) or `uploaded`.
    pub source: String,
    pub packets: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct CameraPart {
    pub code: String,
    pub name: String,
    pub latitude: f64,
    pub longitude: f64,
    pub make: String,
    pub model: String,
    pub serial: String,
    pub mac: Option<String>,
}

/// The recorder footage was pulled from, as the device described itself
/// when it was pulled (never typed by hand).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct RecorderPart {
    pub id: String,
    /// `onvif`, `hikvision`, `dahua` or `rtsp_template`.
    pub kind: String,
    pub make: Option<String>,
    pub model: Option<String>,
    pub serial: Option<String>,
    pub mac: Option<String>,
    pub firmware: Option<String>,
    /// Recorder clock minus server clock, measured at pull time.
    pub clock_offset_ms: Option<i64>,
    /// Whole seconds applied to the window when asking the recorder.
    pub clock_offset_applied_secs: i64,
    /// Whether the server's clock was NTP-synchronised (null: unknown).
    pub server_clock_synchronised: Option<bool>,
    /// How far frame times may be from the true times, at most.
    pub time_uncertainty_ms: i64,
    /// The playback addresses used, without credentials.
    pub playback_uris: Vec<String>,
    /// Which equality holds between the clip and what the recorder sent.
    pub equality: String,
}

/// What holds for footage pulled over RTSP.
pub const PULLED_EQUALITY: &str = "every coded slice NAL unit and every decoded frame of the clip \
     is as the recorder sent it over RTSP; the parameter sets (SPS/PPS) it sent in-band with \
     keyframes are kept, so keyframe packets may differ in size from the recorder's own files";

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct OrgPart {
    pub code: String,
    pub name: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct RequestPart {
    pub id: String,
    pub fir_number: Option<String>,
    pub gd_number: Option<String>,
    pub police_station: OrgPart,
    pub iccc: OrgPart,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct PersonPart {
    pub id: String,
    pub username: String,
    pub name: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct CreatedPart {
    pub utc: String,
    /// The same instant in India Standard Time, DD/MM/YYYY HH:MM:SS IST.
    pub ist: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Manifest {
    pub format: String,
    pub clip: ClipPart,
    pub requested_window: Window,
    pub actual_window: Window,
    /// Holes in the recording inside the window.
    pub gaps: serde_json::Value,
    pub camera: CameraPart,
    /// The recorder files the clip was copied from, with the SHA-256 taken
    /// when each was indexed.
    pub source_segments: serde_json::Value,
    pub request: RequestPart,
    /// The ICCC operator who approved the request (extracted clips) or
    /// uploaded the footage.
    pub operator: Option<PersonPart>,
    pub software: serde_json::Value,
    /// Offset of the recorder's clock from UTC, seconds, where known.
    pub recorder_clock_offset_secs: Option<f64>,
    /// The recorder the footage was pulled from (absent for footage read
    /// from a recorder's folder or uploaded).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recorder: Option<RecorderPart>,
    pub created: CreatedPart,
    pub key_id: String,
}

/// `DD/MM/YYYY HH:MM:SS IST`.
pub fn ist(t: DateTime<Utc>) -> String {
    match FixedOffset::east_opt(5 * 3600 + 1800) {
        Some(offset) => t
            .with_timezone(&offset)
            .format("%d/%m/%Y %H:%M:%S IST")
            .to_string(),
        None => t.format("%d/%m/%Y %H:%M:%S UTC").to_string(),
    }
}

fn window(a: chrono::NaiveDateTime, b: chrono::NaiveDateTime) -> Window {
    Window {
        start: format_time(time::from_db(a)),
        end: format_time(time::from_db(b)),
    }
}

fn org(conn: &mut DbConnection, id: &str) -> diesel::QueryResult<OrgPart> {
    Ok(match organisations::find(conn, id)? {
        Some(o) => OrgPart {
            code: o.code,
            name: o.name,
        },
        None => OrgPart {
            code: id.to_owned(),
            name: String::new(),
        },
    })
}

/// The operator who released the clip: who uploaded it, or who approved
/// the request it was extracted for.
pub fn releasing_operator(
    conn: &mut DbConnection,
    clip: &ClipRow,
) -> diesel::QueryResult<Option<users::UserRow>> {
    let id = match &clip.created_by {
        Some(u) => Some(u.clone()),
        None => requests::approver(conn, &clip.request_id)?,
    };
    match id {
        Some(id) => users::find(conn, &id),
        None => Ok(None),
    }
}

/// The recorder the clip's footage was pulled from, from the pulled parts
/// among its source segments.
fn recorder_part(
    conn: &mut DbConnection,
    clip: &ClipRow,
) -> diesel::QueryResult<Option<RecorderPart>> {
    let used: serde_json::Value =
        serde_json::from_str(&clip.source_segments).unwrap_or(serde_json::Value::Null);
    let ids: Vec<String> = used
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|s| s["id"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    let mut parts = crate::db::pulled_parts::for_segments(conn, &ids)?;
    parts.sort_by_key(|p| p.pulled_at);
    let Some(first) = parts.first() else {
        return Ok(None);
    };
    let mut uris: Vec<String> = Vec::new();
    for p in &parts {
        if !uris.contains(&p.playback_uri) {
            uris.push(p.playback_uri.clone());
        }
    }
    Ok(Some(RecorderPart {
        id: first.recorder_id.as_str().to_owned(),
        kind: first.recorder_kind.as_str().to_owned(),
        make: first.device_make.clone(),
        model: first.device_model.clone(),
        serial: first.device_serial.clone(),
        mac: first.device_mac.clone(),
        firmware: first.device_firmware.clone(),
        clock_offset_ms: first.clock_offset_ms,
        clock_offset_applied_secs: first.clock_offset_applied_s,
        server_clock_synchronised: first.server_clock_synchronised,
        time_uncertainty_ms: parts
            .iter()
            .map(|p| p.time_uncertainty_ms)
            .max()
            .unwrap_or(0),
        playback_uris: uris,
        equality: PULLED_EQUALITY.to_owned(),
    }))
}

/// Builds the manifest of `clip` (inside the transaction that records it).
pub fn build(
    conn: &mut DbConnection,
    clip: &ClipRow,
    key_id: &str,
) -> diesel::QueryResult<Manifest> {
    let camera = cameras::find(conn, &clip.camera_id)?.ok_or(diesel::result::Error::NotFound)?;
    let req = requests::find(conn, &clip.request_id)?.ok_or(diesel::result::Error::NotFound)?;
    let operator = releasing_operator(conn, clip)?.map(|u| PersonPart {
        id: u.id,
        username: u.username,
        name: u.display_name,
    });
    let created = time::from_db(clip.created_at);
    let recorder = recorder_part(conn, clip)?;
    Ok(Manifest {
        format: FORMAT.into(),
        clip: ClipPart {
            id: clip.id.to_string(),
            sha256: clip.sha256.to_string(),
            size_bytes: u64::try_from(clip.size_bytes)
                .map_err(|e| diesel::result::Error::SerializationError(Box::new(e)))?,
            media_type: "video/mp4".into(),
            source: clip.source.as_str().to_owned(),
            packets: clip.packets,
        },
        requested_window: window(clip.requested_start, clip.requested_end),
        actual_window: window(clip.actual_start, clip.actual_end),
        gaps: serde_json::from_str(&clip.gaps).unwrap_or(serde_json::Value::Null),
        camera: CameraPart {
            code: camera.code,
            name: camera.name,
            latitude: camera.latitude,
            longitude: camera.longitude,
            make: camera.make,
            model: camera.model,
            serial: camera.serial,
            mac: camera.mac,
        },
        source_segments: serde_json::from_str(&clip.source_segments)
            .unwrap_or(serde_json::Value::Null),
        request: RequestPart {
            id: req.id.to_string(),
            fir_number: req.fir_number.clone(),
            gd_number: req.gd_number.clone(),
            police_station: org(conn, &req.station_id)?,
            iccc: org(conn, &req.iccc_id)?,
        },
        operator,
        software: serde_json::json!({
            "sakshya": env!("CARGO_PKG_VERSION"),
            "ffmpeg": clip.ffmpeg_versions,
        }),
        recorder_clock_offset_secs: recorder
            .as_ref()
            .and_then(|r| r.clock_offset_ms)
            .map(|ms| ms as f64 / 1000.0),
        recorder,
        created: CreatedPart {
            utc: format_time(created),
            ist: ist(created),
        },
        key_id: key_id.to_owned(),
    })
}

/// The bytes that are signed: pretty-printed JSON with a final newline, so
/// the file reads well and `sha256sum`/`openssl` see exactly these bytes.
pub fn to_bytes(m: &Manifest) -> Result<String, serde_json::Error> {
    let mut s = serde_json::to_string_pretty(m)?;
    s.push('\n');
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn ist_is_utc_plus_five_thirty() {
        let t = Utc.with_ymd_and_hms(2026, 11, 21, 20, 45, 7).unwrap();
        assert_eq!(ist(t), "22/11/2026 02:15:07 IST");
    }
}
