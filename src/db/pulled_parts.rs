//! Parts pulled from recorders: one row per playback session kept as a
//! segment, with the device's facts as they were at the pull.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::connection::DbConnection;
use super::schema::pulled_parts;
use crate::domain::ids::RecorderId;
use crate::domain::recorder::RecorderKind;

#[derive(Debug, Clone, Queryable, Selectable, Insertable, PartialEq)]
#[diesel(table_name = pulled_parts)]
pub struct PulledPartRow {
    pub segment_id: String,
    pub recorder_id: RecorderId,
    pub recorder_kind: RecorderKind,
    /// Without credentials.
    pub playback_uri: String,
    pub device_make: Option<String>,
    pub device_model: Option<String>,
    pub device_serial: Option<String>,
    pub device_mac: Option<String>,
    pub device_firmware: Option<String>,
    pub clock_offset_ms: Option<i64>,
    pub clock_offset_applied_s: i64,
    pub server_clock_synchronised: Option<bool>,
    pub time_uncertainty_ms: i64,
    pub bytes: i64,
    pub packets: i64,
    pub packet_record_sha256: String,
    pub complete: bool,
    pub pulled_at: NaiveDateTime,
}

pub fn insert(conn: &mut DbConnection, row: &PulledPartRow) -> QueryResult<()> {
    diesel::insert_into(pulled_parts::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

/// The pulled parts among `segment_ids`.
pub fn for_segments(
    conn: &mut DbConnection,
    segment_ids: &[String],
) -> QueryResult<Vec<PulledPartRow>> {
    pulled_parts::table
        .filter(pulled_parts::segment_id.eq_any(segment_ids))
        .select(PulledPartRow::as_select())
        .load(conn)
}
