//! The recorder as the API shows it: never its password, only whether it
//! has one.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::db::recorders::{ChannelRow, RecorderRow};
use crate::db::time;
use crate::domain::ids::RecorderId;
use crate::domain::recorder::{RecorderKind, RecorderReachability};

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct RecorderView {
    pub id: RecorderId,
    pub iccc_id: String,
    pub name: String,
    pub kind: RecorderKind,
    pub host: Option<String>,
    pub http_port: Option<i32>,
    pub rtsp_port: Option<i32>,
    pub tls: bool,
    /// The recorder account Sakshya signs in with (read-only).
    pub username: Option<String>,
    /// Whether a password is stored (sealed; it is never shown).
    pub has_password: bool,
    pub playback_template: Option<String>,
    /// The recorder's time zone, minutes east of UTC.
    pub utc_offset_minutes: i32,
    pub reachability: RecorderReachability,
    /// Why the last check failed, in words for the operator.
    pub last_error: Option<String>,
    pub last_checked_at: Option<DateTime<Utc>>,
    /// As the device describes itself at the last check.
    pub device: Option<DeviceView>,
    /// The device's clock minus the server's at the last check.
    pub clock_offset_ms: Option<i64>,
    pub channels: Vec<ChannelView>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct DeviceView {
    pub make: String,
    pub model: String,
    pub serial: String,
    pub mac: Option<String>,
    pub firmware: Option<String>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ChannelView {
    pub channel: i32,
    pub camera_id: String,
    /// ONVIF: the recording the channel stands for.
    pub recording_token: Option<String>,
    /// The oldest footage the recorder held for the channel when last
    /// asked, and when that was.
    pub oldest_footage_at: Option<DateTime<Utc>>,
    pub holdings_checked_at: Option<DateTime<Utc>>,
    pub mapped_at: DateTime<Utc>,
}

impl From<ChannelRow> for ChannelView {
    fn from(c: ChannelRow) -> Self {
        Self {
            channel: c.channel,
            camera_id: c.camera_id,
            recording_token: c.recording_token,
            oldest_footage_at: c.oldest_footage_at.map(time::from_db),
            holdings_checked_at: c.holdings_checked_at.map(time::from_db),
            mapped_at: time::from_db(c.mapped_at),
        }
    }
}

impl RecorderView {
    pub fn new(r: RecorderRow, channels: Vec<ChannelRow>) -> Self {
        let device = match (r.device_make, r.device_model, r.device_serial) {
            (Some(make), Some(model), Some(serial)) => Some(DeviceView {
                make,
                model,
                serial,
                mac: r.device_mac,
                firmware: r.device_firmware,
            }),
            _ => None,
        };
        Self {
            id: r.id,
            iccc_id: r.iccc_id,
            name: r.name,
            kind: r.kind,
            host: r.host,
            http_port: r.http_port,
            rtsp_port: r.rtsp_port,
            tls: r.tls,
            username: r.username,
            has_password: r.password_sealed.is_some(),
            playback_template: r.playback_template,
            utc_offset_minutes: r.utc_offset_minutes,
            reachability: r.reachability,
            last_error: r.last_error,
            last_checked_at: r.last_checked_at.map(time::from_db),
            device,
            clock_offset_ms: r.clock_offset_ms,
            channels: channels.into_iter().map(ChannelView::from).collect(),
            created_at: time::from_db(r.created_at),
            updated_at: time::from_db(r.updated_at),
        }
    }
}
