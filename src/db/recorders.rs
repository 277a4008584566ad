//! Recorders and their channel-to-camera map.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::connection::DbConnection;
use super::schema::{cameras, recorder_channels, recorders};
use crate::domain::ids::RecorderId;
use crate::domain::recorder::{RecorderKind, RecorderReachability};

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = recorders)]
pub struct RecorderRow {
    pub id: RecorderId,
    pub iccc_id: String,
    pub name: String,
    pub kind: RecorderKind,
    pub host: Option<String>,
    pub http_port: Option<i32>,
    pub rtsp_port: Option<i32>,
    pub tls: bool,
    pub username: Option<String>,
    /// `v1:…`, sealed by `recorders::credentials`; never sent anywhere.
    pub password_sealed: Option<String>,
    pub playback_template: Option<String>,
    pub utc_offset_minutes: i32,
    pub reachability: RecorderReachability,
    pub last_error: Option<String>,
    pub last_checked_at: Option<NaiveDateTime>,
    pub device_make: Option<String>,
    pub device_model: Option<String>,
    pub device_serial: Option<String>,
    pub device_mac: Option<String>,
    pub device_firmware: Option<String>,
    pub clock_offset_ms: Option<i64>,
    pub created_by: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// What an administrator may change; `None` leaves a field as it is.
#[derive(Debug, Default, AsChangeset)]
#[diesel(table_name = recorders)]
pub struct RecorderChanges {
    pub name: Option<String>,
    pub host: Option<Option<String>>,
    pub http_port: Option<Option<i32>>,
    pub rtsp_port: Option<Option<i32>>,
    pub tls: Option<bool>,
    pub username: Option<Option<String>>,
    pub password_sealed: Option<Option<String>>,
    pub playback_template: Option<Option<String>>,
    pub utc_offset_minutes: Option<i32>,
    pub updated_at: Option<NaiveDateTime>,
}

/// What a check of the device found.
#[derive(Debug, AsChangeset)]
#[diesel(table_name = recorders)]
pub struct RecorderCheck {
    pub reachability: RecorderReachability,
    /// `Some(None)` clears the last error.
    pub last_error: Option<Option<String>>,
    pub last_checked_at: NaiveDateTime,
    pub device_make: Option<Option<String>>,
    pub device_model: Option<Option<String>>,
    pub device_serial: Option<Option<String>>,
    pub device_mac: Option<Option<String>>,
    pub device_firmware: Option<Option<String>>,
    pub clock_offset_ms: Option<Option<i64>>,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = recorder_channels)]
pub struct ChannelRow {
    pub recorder_id: RecorderId,
    pub channel: i32,
    pub camera_id: String,
    pub recording_token: Option<String>,
    pub oldest_footage_at: Option<NaiveDateTime>,
    pub holdings_checked_at: Option<NaiveDateTime>,
    pub mapped_by: Option<String>,
    pub mapped_at: NaiveDateTime,
}

pub fn insert(conn: &mut DbConnection, row: &RecorderRow) -> QueryResult<()> {
    diesel::insert_into(recorders::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

pub fn find(conn: &mut DbConnection, id: &RecorderId) -> QueryResult<Option<RecorderRow>> {
    recorders::table
        .find(id)
        .select(RecorderRow::as_select())
        .first(conn)
        .optional()
}

/// The recorders of `iccc_id` (all ICCCs when `None`), by name.
pub fn list(conn: &mut DbConnection, iccc_id: Option<&str>) -> QueryResult<Vec<RecorderRow>> {
    let mut q = recorders::table
        .select(RecorderRow::as_select())
        .into_boxed();
    if let Some(iccc) = iccc_id {
        q = q.filter(recorders::iccc_id.eq(iccc.to_owned()));
    }
    q.order((recorders::name.asc(), recorders::id.asc()))
        .load(conn)
}

pub fn update(
    conn: &mut DbConnection,
    id: &RecorderId,
    changes: &RecorderChanges,
) -> QueryResult<usize> {
    diesel::update(recorders::table.find(id))
        .set(changes)
        .execute(conn)
}

pub fn record_check(
    conn: &mut DbConnection,
    id: &RecorderId,
    check: &RecorderCheck,
) -> QueryResult<usize> {
    diesel::update(recorders::table.find(id))
        .set(check)
        .execute(conn)
}

pub fn channels(conn: &mut DbConnection, id: &RecorderId) -> QueryResult<Vec<ChannelRow>> {
    recorder_channels::table
        .filter(recorder_channels::recorder_id.eq(id))
        .order(recorder_channels::channel.asc())
        .select(ChannelRow::as_select())
        .load(conn)
}

pub fn map_channel(conn: &mut DbConnection, row: &ChannelRow) -> QueryResult<()> {
    diesel::insert_into(recorder_channels::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

pub fn unmap_channel(conn: &mut DbConnection, id: &RecorderId, channel: i32) -> QueryResult<usize> {
    diesel::delete(
        recorder_channels::table
            .filter(recorder_channels::recorder_id.eq(id))
            .filter(recorder_channels::channel.eq(channel)),
    )
    .execute(conn)
}

/// The recorder channel recording `camera_id`, with its recorder.
pub fn source_of_camera(
    conn: &mut DbConnection,
    camera_id: &str,
) -> QueryResult<Option<(ChannelRow, RecorderRow)>> {
    recorder_channels::table
        .inner_join(recorders::table)
        .filter(recorder_channels::camera_id.eq(camera_id))
        .select((ChannelRow::as_select(), RecorderRow::as_select()))
        .first(conn)
        .optional()
}

/// The ICCC owning `camera_id`, for checking a channel mapping stays
/// within one ICCC.
pub fn camera_iccc(conn: &mut DbConnection, camera_id: &str) -> QueryResult<Option<String>> {
    cameras::table
        .find(camera_id)
        .select(cameras::iccc_id)
        .first(conn)
        .optional()
}

/// Records the oldest footage `channel` still holds (`None`: nothing).
pub fn record_oldest(
    conn: &mut DbConnection,
    id: &RecorderId,
    channel: i32,
    oldest: Option<NaiveDateTime>,
    at: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(
        recorder_channels::table
            .filter(recorder_channels::recorder_id.eq(id))
            .filter(recorder_channels::channel.eq(channel)),
    )
    .set((
        recorder_channels::oldest_footage_at.eq(oldest),
        recorder_channels::holdings_checked_at.eq(at),
    ))
    .execute(conn)
}
