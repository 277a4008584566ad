//! The camera as the API shows it.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::db::cameras::CameraRow;
use crate::db::time;

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct CameraView {
    pub id: String,
    pub code: String,
    pub name: String,
    /// The ICCC that operates the camera.
    pub iccc_id: String,
    pub latitude: f64,
    pub longitude: f64,
    pub make: String,
    pub model: String,
    pub serial: String,
    pub mac: Option<String>,
    /// Days the recorder keeps footage before overwriting it.
    pub retention_days: i32,
    /// `online`, `offline` or `decommissioned`.
    pub status: crate::domain::camera::CameraStatus,
    /// Distance from the `near` point, when listing by proximity.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub distance_m: Option<f64>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<CameraRow> for CameraView {
    fn from(c: CameraRow) -> Self {
        Self {
            id: c.id,
            code: c.code,
            name: c.name,
            iccc_id: c.iccc_id,
            latitude: c.latitude,
            longitude: c.longitude,
            make: c.make,
            model: c.model,
            serial: c.serial,
            mac: c.mac,
            retention_days: c.retention_days,
            status: c.status,
            distance_m: None,
            created_at: time::from_db(c.created_at),
            updated_at: time::from_db(c.updated_at),
        }
    }
}
