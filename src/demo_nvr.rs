//! The demo NVR: two cameras of the demo ICCC recorded by a network video
//! recorder rather than into a folder, so a new user sees footage pulled
//! from a recorder. Its RTSP side is the test NVR (`tests/support/
//! test_nvr.py`, GStreamer's RTSP server) that `make run` starts on
//! 127.0.0.1:`demo_nvr_port`, serving the recordings Sakshya writes into
//! `<data_dir>/demo-nvr/` as a recorder writes its disk. It is registered
//! as an `rtsp_template` recorder (its playback address written out), with
//! a generated password kept in `<data_dir>/demo-nvr/password` (mode 0600)
//! for the NVR to check.

use std::path::{Path, PathBuf};

use crate::config::Settings;
use crate::db::cameras::{self, CameraRow};
use crate::db::recorders::{self, ChannelRow};
use crate::db::{organisations, time, Db};
use crate::demo_footage::CameraFolder;
use crate::recorders::CredentialKey;
use crate::recordings::Layout;
use crate::workflow::recorders::{build, RecorderInput};

/// (code, name, latitude, longitude) of the cameras on the demo NVR's
/// channels 1 and 2.
pub const CAMERAS: &[(&str, &str, f64, f64)] = &[
    ("NVR-CH1", "Swargate bus stand (demo NVR)", 18.5018, 73.8636),
    ("NVR-CH2", "Shaniwar Wada gate (demo NVR)", 18.5195, 73.8553),
];
pub const NAME: &str = "Demo NVR";
pub const USER: &str = "sakshya-demo";
const TEMPLATE: &str =
    "rtsp://{host}:{rtsp_port}/playback/{channel}?start={start_epoch}&end={end_epoch}";
/// File names as the NVR keeps them: the recording's UTC start.
const PATTERN: &str = "%Y%m%dT%H%M%SZ";

fn root(data_dir: &Path) -> PathBuf {
    data_dir.join("demo-nvr")
}

/// Where the NVR keeps its recordings, as a layout for the footage writer:
/// `<data_dir>/demo-nvr/nvr/ch<n>/`.
pub fn layout(data_dir: &Path) -> Layout {
    Layout::new(root(data_dir), PATTERN)
}

/// The footage writer's folders for the NVR's channels.
pub fn folders() -> Vec<CameraFolder> {
    CAMERAS
        .iter()
        .enumerate()
        .map(|(i, (code, name, ..))| {
            (
                "nvr".to_owned(),
                format!("ch{}", i + 1),
                format!("{code} {name}"),
            )
        })
        .collect()
}

pub fn password_path(data_dir: &Path) -> PathBuf {
    root(data_dir).join("password")
}

/// Registers the demo NVR and its two cameras in the demo ICCC, once.
pub fn seed(db: &Db, settings: &Settings) -> anyhow::Result<()> {
    let key = CredentialKey::load(&settings.recorder_key_path(), true)?;
    let password = crate::cli::user::generate_password()?;
    let mut conn = db.conn()?;
    let iccc = organisations::find_by_code(&mut conn, crate::demo::ICCC)?
        .ok_or_else(|| anyhow::anyhow!("the demo ICCC is missing"))?;
    drop(conn);
    let row = build(
        RecorderInput {
            name: NAME.into(),
            kind: "rtsp_template".into(),
            host: Some("127.0.0.1".into()),
            http_port: None,
            rtsp_port: Some(i64::from(settings.demo_nvr_port)),
            tls: false,
            username: Some(USER.into()),
            password: Some(password.clone().into()),
            playback_template: Some(TEMPLATE.into()),
            utc_offset_minutes: None,
        },
        &iccc.id,
        None,
        &key,
    )
    .map_err(|e| anyhow::anyhow!("{}: {}", e.code.as_str(), e.message))?;
    db.write_blocking(|c| -> anyhow::Result<()> {
        let now = time::now();
        recorders::insert(c, &row)?;
        for (i, (code, name, lat, lon)) in CAMERAS.iter().enumerate() {
            let camera = CameraRow {
                id: uuid::Uuid::now_v7().to_string(),
                code: (*code).into(),
                name: (*name).into(),
                iccc_id: iccc.id.clone(),
                latitude: *lat,
                longitude: *lon,
                make: "Hikvision".into(),
                model: "DS-2CD2143G2-I".into(),
                serial: format!("NVRDEMO{:04}", i + 1),
                mac: None,
                retention_days: 30,
                status: crate::domain::camera::CameraStatus::Online,
                created_at: now,
                updated_at: now,
            };
            cameras::insert(c, &camera)?;
            recorders::map_channel(
                c,
                &ChannelRow {
                    recorder_id: row.id.clone(),
                    channel: i32::try_from(i + 1).unwrap_or(1),
                    camera_id: camera.id,
                    recording_token: None,
                    oldest_footage_at: None,
                    holdings_checked_at: None,
                    mapped_by: None,
                    mapped_at: now,
                },
            )?;
        }
        Ok(())
    })?;
    let path = password_path(&settings.data_dir);
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    // A file from an earlier demo of this data folder holds another password.
    match std::fs::remove_file(&path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e.into()),
        _ => {}
    }
    crate::auth::token_keys::write_private(&path, password.as_bytes())?;
    Ok(())
}
