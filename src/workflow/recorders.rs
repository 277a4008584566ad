//! Recorders: registered, changed and mapped to cameras by the owning
//! ICCC's administrators; seen by its operators and auditors
//! (`domain::authz`). Every registration and every change of address,
//! account or channel map is a security event. Passwords are sealed here
//! before they reach a row, and no answer ever carries them.

use std::time::Duration;

use chrono::{DateTime, Utc};
use secrecy::SecretString;

use crate::db::recorders::{self, ChannelRow, RecorderChanges, RecorderCheck, RecorderRow};
use crate::db::{time, Db, DbConnection, DbError};
use crate::domain::authz::Actor;
use crate::domain::ids::RecorderId;
use crate::domain::recorder::{
    self, PlaybackTemplate, RecorderHost, RecorderKind, RecorderReachability,
};
use crate::domain::text;
use crate::error::{code, ApiError};
use crate::recorders::{CheckResult, Connection, CredentialKey, DeviceError};
use crate::security::{self, Kind, SecurityEvent};

/// A recorder as an administrator describes it, before it is checked.
#[derive(Debug, Default)]
pub struct RecorderInput {
    pub name: String,
    pub kind: String,
    pub host: Option<String>,
    pub http_port: Option<i64>,
    pub rtsp_port: Option<i64>,
    pub tls: bool,
    pub username: Option<String>,
    pub password: Option<SecretString>,
    pub playback_template: Option<String>,
    /// Minutes east of UTC; India (330) when absent.
    pub utc_offset_minutes: Option<i64>,
}

fn offset(raw: i64) -> Result<i32, ApiError> {
    i32::try_from(raw)
        .ok()
        .filter(|m| (-720..=840).contains(m))
        .ok_or_else(|| {
            ApiError::new(
                code::INVALID_VALUE,
                "`utc_offset_minutes` is the recorder's time zone in minutes east of UTC, -720 to 840 (India: 330)",
            )
        })
}

/// The row `input` describes for the ICCC `iccc_id`, its password sealed
/// with `key`. Every rule of what a recorder needs is here.
pub fn build(
    input: RecorderInput,
    iccc_id: &str,
    created_by: Option<&str>,
    key: &CredentialKey,
) -> Result<RecorderRow, ApiError> {
    let kind: RecorderKind = input.kind.parse()?;
    refuse_tls(input.tls)?;
    let id = RecorderId::new();
    let name = text::bounded("name", &input.name, 100)?;
    let (host, http_port, rtsp_port) = if kind.is_networked() {
        let host = input
            .host
            .as_deref()
            .ok_or_else(|| {
                ApiError::new(code::INVALID_VALUE, "a networked recorder needs its `host`")
            })
            .and_then(|h| RecorderHost::parse(h).map_err(ApiError::from))?;
        let http = match (kind, input.http_port) {
            (RecorderKind::RtspTemplate, None) => None,
            (_, Some(p)) => Some(recorder::port("http_port", p)?),
            (k, None) => Some(k.default_http_port(input.tls)),
        };
        let rtsp = recorder::port("rtsp_port", input.rtsp_port.unwrap_or(554))?;
        (
            Some(host.as_str().to_owned()),
            http.map(i32::from),
            Some(i32::from(rtsp)),
        )
    } else {
        if input.host.is_some() || input.username.is_some() || input.password.is_some() {
            return Err(ApiError::new(
                code::INVALID_VALUE,
                "a folder recorder has no address or account: its footage is read from the recordings folder",
            ));
        }
        (None, None, None)
    };
    let template = match (kind, input.playback_template.as_deref()) {
        (RecorderKind::RtspTemplate, Some(t)) => {
            Some(PlaybackTemplate::parse(t)?.as_str().to_owned())
        }
        (RecorderKind::RtspTemplate, None) => {
            return Err(ApiError::new(
                code::INVALID_PLAYBACK_TEMPLATE,
                "an rtsp_template recorder needs its `playback_template`",
            ))
        }
        (_, Some(_)) => {
            return Err(ApiError::new(
                code::INVALID_PLAYBACK_TEMPLATE,
                "only an rtsp_template recorder takes a playback template",
            ))
        }
        (_, None) => None,
    };
    let (username, password_sealed) = credentials(
        &id,
        input.username.as_deref(),
        input.password.as_ref(),
        key,
        kind,
    )?;
    let now = time::now();
    Ok(RecorderRow {
        id,
        iccc_id: iccc_id.to_owned(),
        name,
        kind,
        host,
        http_port,
        rtsp_port,
        tls: input.tls && kind.is_networked(),
        username,
        password_sealed,
        playback_template: template,
        utc_offset_minutes: offset(input.utc_offset_minutes.unwrap_or(330))?,
        reachability: RecorderReachability::Unknown,
        last_error: None,
        last_checked_at: None,
        device_make: None,
        device_model: None,
        device_serial: None,
        device_mac: None,
        device_firmware: None,
        clock_offset_ms: None,
        created_by: created_by.map(str::to_owned),
        created_at: now,
        updated_at: now,
    })
}

/// HTTPS to recorders is not built yet: most recorders' certificates are
/// self-signed and need pinning, which is to come with the pull step.
fn refuse_tls(tls: bool) -> Result<(), ApiError> {
    if tls {
        Err(ApiError::new(
            code::INVALID_VALUE,
            "HTTPS to recorders is not supported yet: reach the recorder over HTTP on the ICCC's recorder network (Digest authentication keeps the password off the wire)",
        ))
    } else {
        Ok(())
    }
}

type Sealed = (Option<String>, Option<String>);

fn credentials(
    id: &RecorderId,
    username: Option<&str>,
    password: Option<&SecretString>,
    key: &CredentialKey,
    kind: RecorderKind,
) -> Result<Sealed, ApiError> {
    match (username, password) {
        (None, None) if kind == RecorderKind::RtspTemplate || !kind.is_networked() => Ok((None, None)),
        (Some(u), Some(p)) => {
            let user = text::bounded_plain("username", u, 1, 64)?;
            use secrecy::ExposeSecret;
            let pw = p.expose_secret();
            if pw.is_empty() || pw.len() > 128 {
                return Err(ApiError::new(code::INVALID_VALUE, "the recorder password must be 1-128 characters"));
            }
            let sealed = key
                .seal(id.as_str(), p)
                .map_err(|e| ApiError::new(code::INTERNAL_ERROR, e.to_string()))?;
            Ok((Some(user), Some(sealed)))
        }
        _ => Err(ApiError::new(
            code::INVALID_VALUE,
            "give both the recorder account's `username` and `password` (a read-only account; see the README)",
        )),
    }
}

fn changed(
    conn: &mut DbConnection,
    actor: Option<&Actor>,
    row: &RecorderRow,
    what: &str,
) -> Result<(), ApiError> {
    security::record(
        conn,
        SecurityEvent::new(Kind::RecorderChanged)
            .actor(actor.map(|a| a.user_id.as_str()))
            .from_addr(actor.and_then(|a| a.client_ip.clone()))
            .subject(row.id.as_str())
            .detail(serde_json::json!({
                "change": what,
                "recorder": row.name,
                "kind": row.kind.as_str(),
                "host": row.host,
                "username": row.username,
            })),
    )?;
    Ok(())
}

/// Registers `row` (built by [`build`]); `actor` is `None` at the
/// command line.
pub fn create(
    conn: &mut DbConnection,
    actor: Option<&Actor>,
    row: &RecorderRow,
) -> Result<(), ApiError> {
    if let Some(a) = actor {
        if !a.may_manage_recorders_of(&row.iccc_id) {
            return Err(ApiError::forbidden(
                "only an ICCC admin registers recorders",
            ));
        }
    }
    match recorders::insert(conn, row).map_err(DbError::from) {
        Err(DbError::UniqueViolation(_)) => Err(ApiError::conflict(
            code::DUPLICATE_RECORDER,
            format!("this ICCC already has a recorder named {}", row.name),
        )),
        Err(other) => Err(other.into()),
        Ok(()) => changed(conn, actor, row, "registered"),
    }
}

/// A recorder with its channel map.
pub type RecorderDetail = (RecorderRow, Vec<ChannelRow>);

/// The recorder, if the actor may see it (404 otherwise).
pub fn get(
    conn: &mut DbConnection,
    actor: &Actor,
    id: &RecorderId,
) -> Result<RecorderDetail, ApiError> {
    let row = recorders::find(conn, id)?
        .filter(|r| actor.may_see_recorders_of(&r.iccc_id))
        .ok_or_else(|| ApiError::not_found("recorder"))?;
    let channels = recorders::channels(conn, id)?;
    Ok((row, channels))
}

fn get_managed(
    conn: &mut DbConnection,
    actor: &Actor,
    id: &RecorderId,
) -> Result<RecorderRow, ApiError> {
    let (row, _) = get(conn, actor, id)?;
    if !actor.may_manage_recorders_of(&row.iccc_id) {
        return Err(ApiError::forbidden(
            "only the ICCC's admin changes its recorders",
        ));
    }
    Ok(row)
}

/// The recorders of the actor's ICCC.
pub fn list(conn: &mut DbConnection, actor: &Actor) -> Result<Vec<RecorderDetail>, ApiError> {
    if !actor.may_see_recorders_of(&actor.org_id) {
        return Err(ApiError::forbidden(
            "recorders are seen by the ICCC's admins, operators and auditors",
        ));
    }
    let rows = recorders::list(conn, Some(&actor.org_id))?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let ch = recorders::channels(conn, &r.id)?;
        out.push((r, ch));
    }
    Ok(out)
}

/// A change an administrator asks for; `None` leaves a field as it is.
#[derive(Debug, Default)]
pub struct RecorderEdit {
    pub name: Option<String>,
    pub host: Option<String>,
    pub http_port: Option<i64>,
    pub rtsp_port: Option<i64>,
    pub tls: Option<bool>,
    /// A new account: both or neither.
    pub username: Option<String>,
    pub password: Option<SecretString>,
    pub playback_template: Option<String>,
    pub utc_offset_minutes: Option<i64>,
}

pub fn update(
    conn: &mut DbConnection,
    actor: &Actor,
    id: &RecorderId,
    edit: RecorderEdit,
    key: &CredentialKey,
) -> Result<RecorderRow, ApiError> {
    let row = get_managed(conn, actor, id)?;
    let networked = row.kind.is_networked();
    let refuse_folder = |f: &str| {
        Err(ApiError::new(
            code::INVALID_VALUE,
            format!("a folder recorder has no `{f}`"),
        ))
    };
    let mut ch = RecorderChanges {
        updated_at: Some(time::now()),
        ..Default::default()
    };
    let mut what = Vec::new();
    if let Some(n) = &edit.name {
        ch.name = Some(text::bounded("name", n, 100)?);
        what.push("name");
    }
    if let Some(h) = &edit.host {
        if !networked {
            return refuse_folder("host");
        }
        ch.host = Some(Some(RecorderHost::parse(h)?.as_str().to_owned()));
        what.push("address");
    }
    if let Some(p) = edit.http_port {
        if !networked {
            return refuse_folder("http_port");
        }
        ch.http_port = Some(Some(i32::from(recorder::port("http_port", p)?)));
        what.push("address");
    }
    if let Some(p) = edit.rtsp_port {
        if !networked {
            return refuse_folder("rtsp_port");
        }
        ch.rtsp_port = Some(Some(i32::from(recorder::port("rtsp_port", p)?)));
        what.push("address");
    }
    if let Some(t) = edit.tls {
        if !networked {
            return refuse_folder("tls");
        }
        refuse_tls(t)?;
        ch.tls = Some(t);
        what.push("address");
    }
    if edit.username.is_some() || edit.password.is_some() {
        let (u, p) = credentials(
            &row.id,
            edit.username.as_deref(),
            edit.password.as_ref(),
            key,
            row.kind,
        )?;
        if u.is_none() {
            return refuse_folder("username");
        }
        ch.username = Some(u);
        ch.password_sealed = Some(p);
        what.push("account");
    }
    if let Some(t) = &edit.playback_template {
        if row.kind != RecorderKind::RtspTemplate {
            return Err(ApiError::new(
                code::INVALID_PLAYBACK_TEMPLATE,
                "only an rtsp_template recorder takes a playback template",
            ));
        }
        ch.playback_template = Some(Some(PlaybackTemplate::parse(t)?.as_str().to_owned()));
        what.push("playback template");
    }
    if let Some(m) = edit.utc_offset_minutes {
        ch.utc_offset_minutes = Some(offset(m)?);
        what.push("time zone");
    }
    if what.is_empty() {
        return Err(ApiError::new(code::INVALID_VALUE, "nothing to change"));
    }
    what.dedup();
    match recorders::update(conn, id, &ch).map_err(DbError::from) {
        Err(DbError::UniqueViolation(_)) => {
            return Err(ApiError::conflict(
                code::DUPLICATE_RECORDER,
                "this ICCC already has a recorder of that name",
            ))
        }
        Err(e) => return Err(e.into()),
        Ok(_) => {}
    }
    let after = recorders::find(conn, id)?.ok_or_else(|| ApiError::not_found("recorder"))?;
    changed(conn, Some(actor), &after, &what.join(", "))?;
    Ok(after)
}

/// Maps `channel` of the recorder to the camera `camera_id` of the same
/// ICCC (`actor` `None` at the command line).
pub fn map_channel(
    conn: &mut DbConnection,
    actor: Option<&Actor>,
    id: &RecorderId,
    channel: i64,
    camera_id: &str,
    recording_token: Option<String>,
) -> Result<ChannelRow, ApiError> {
    let row = match actor {
        Some(a) => get_managed(conn, a, id)?,
        None => recorders::find(conn, id)?.ok_or_else(|| ApiError::not_found("recorder"))?,
    };
    let channel = recorder::channel(channel)?;
    let cam_iccc =
        recorders::camera_iccc(conn, camera_id)?.ok_or_else(|| ApiError::not_found("camera"))?;
    if cam_iccc != row.iccc_id {
        // Another ICCC's camera: as if it did not exist.
        return Err(ApiError::not_found("camera"));
    }
    if recording_token.is_some() && row.kind != RecorderKind::Onvif {
        return Err(ApiError::new(
            code::INVALID_VALUE,
            "only an ONVIF channel has a recording token",
        ));
    }
    let token = recording_token
        .map(|t| text::bounded_plain("recording_token", &t, 1, 64))
        .transpose()?;
    let ch = ChannelRow {
        recorder_id: row.id.clone(),
        channel,
        camera_id: camera_id.to_owned(),
        recording_token: token,
        oldest_footage_at: None,
        holdings_checked_at: None,
        mapped_by: actor.map(|a| a.user_id.clone()),
        mapped_at: time::now(),
    };
    match recorders::map_channel(conn, &ch).map_err(DbError::from) {
        Err(DbError::UniqueViolation(_)) => Err(ApiError::conflict(
            code::DUPLICATE_RECORDER,
            "that channel is already mapped, or that camera is already recorded by a channel; unmap it first",
        )),
        Err(e) => Err(e.into()),
        Ok(()) => {
            changed(conn, actor, &row, &format!("channel {channel} mapped to camera {camera_id}"))?;
            Ok(ch)
        }
    }
}

pub fn unmap_channel(
    conn: &mut DbConnection,
    actor: &Actor,
    id: &RecorderId,
    channel: i64,
) -> Result<(), ApiError> {
    let row = get_managed(conn, actor, id)?;
    let channel = recorder::channel(channel)?;
    if recorders::unmap_channel(conn, id, channel)? == 0 {
        return Err(ApiError::not_found("channel"));
    }
    changed(
        conn,
        Some(actor),
        &row,
        &format!("channel {channel} unmapped"),
    )
}

/// What a check found, as stored.
pub fn check_record(result: &Result<CheckResult, DeviceError>) -> RecorderCheck {
    let now = time::now();
    match result {
        Ok(c) => RecorderCheck {
            reachability: RecorderReachability::Reachable,
            last_error: Some(None),
            last_checked_at: now,
            device_make: c.facts.as_ref().map(|f| Some(f.make.clone())),
            device_model: c.facts.as_ref().map(|f| Some(f.model.clone())),
            device_serial: c.facts.as_ref().map(|f| Some(f.serial.clone())),
            device_mac: c.facts.as_ref().map(|f| f.mac.clone()),
            device_firmware: c.facts.as_ref().map(|f| f.firmware.clone()),
            clock_offset_ms: c.clock_offset_ms.map(Some),
        },
        Err(e) => RecorderCheck {
            reachability: match e {
                DeviceError::AuthFailed => RecorderReachability::AuthFailed,
                _ => RecorderReachability::Unreachable,
            },
            last_error: Some(Some(e.to_string())),
            last_checked_at: now,
            device_make: None,
            device_model: None,
            device_serial: None,
            device_mac: None,
            device_firmware: None,
            clock_offset_ms: None,
        },
    }
}

/// Calls `row`'s recorder and stores what it said: reachability, what
/// the device is, its clock offset, and the oldest footage each mapped
/// channel still holds.
pub async fn check_row(
    db: &Db,
    key: &CredentialKey,
    timeout: Duration,
    row: &RecorderRow,
) -> Result<RecorderRow, ApiError> {
    let id = row.id.clone();
    let rid = id.clone();
    let channels = db
        .read(move |c| recorders::channels(c, &rid).map_err(ApiError::from))
        .await?;
    let conn = Connection::open(row, key, timeout);
    let result = match &conn {
        Ok(c) => c.check().await,
        Err(e) => Err(e.clone()),
    };
    let mut oldest = Vec::new();
    if let (Ok(c), Ok(_), true) = (&conn, &result, row.kind.can_search()) {
        for ch in &channels {
            match c.oldest(ch.channel, ch.recording_token.as_deref()).await {
                Ok(o) => oldest.push((ch.channel, o.map(time::to_db))),
                Err(e) => {
                    tracing::warn!(recorder.id = %row.id, channel = ch.channel, error = %e, "recorder search failed")
                }
            }
        }
    }
    if let Err(e) = &result {
        tracing::warn!(recorder.id = %row.id, recorder.name = %row.name, error = %e, "recorder check failed");
    }
    let record = check_record(&result);
    db.write(move |c| {
        recorders::record_check(c, &id, &record)?;
        let now = time::now();
        for (channel, o) in oldest {
            recorders::record_oldest(c, &id, channel, o, now)?;
        }
        recorders::find(c, &id)?.ok_or_else(|| ApiError::not_found("recorder"))
    })
    .await
}

/// Checks every networked recorder (of one ICCC when `iccc_id` is
/// given); answers how many answered.
pub async fn check_all(
    db: &Db,
    key: &CredentialKey,
    timeout: Duration,
    iccc_id: Option<String>,
) -> Result<(usize, usize), ApiError> {
    let rows = db
        .read(move |c| recorders::list(c, iccc_id.as_deref()).map_err(ApiError::from))
        .await?;
    use futures_util::stream::{self, StreamExt, TryStreamExt};
    let networked: Vec<&RecorderRow> = rows.iter().filter(|r| r.kind.is_networked()).collect();
    let total = networked.len();
    // Several at once, so a few recorders that do not answer (each taking
    // its whole time limit) do not hold up the rest.
    let answered: Vec<bool> = stream::iter(networked)
        .map(|r| async move {
            check_row(db, key, timeout, r)
                .await
                .map(|after| after.reachability == RecorderReachability::Reachable)
        })
        .buffer_unordered(CHECKS_AT_ONCE)
        .try_collect()
        .await?;
    Ok((answered.into_iter().filter(|a| *a).count(), total))
}

/// Recorders checked at once by `check_all`.
const CHECKS_AT_ONCE: usize = 8;

/// Checks the recorder now (its ICCC's admins and operators).
pub async fn check(
    db: &Db,
    key: &CredentialKey,
    timeout: Duration,
    actor: &Actor,
    id: &RecorderId,
) -> Result<RecorderDetail, ApiError> {
    let a = actor.clone();
    let rid = id.clone();
    let (row, channels) = db.read(move |c| get(c, &a, &rid)).await?;
    if !actor.may_check_recorders_of(&row.iccc_id) {
        return Err(ApiError::forbidden(
            "auditors see recorders' last checks; the ICCC's staff run them",
        ));
    }
    let after = check_row(db, key, timeout, &row).await?;
    let rid = id.clone();
    let channels = db
        .read(move |c| recorders::channels(c, &rid).map_err(ApiError::from))
        .await
        .unwrap_or(channels);
    Ok((after, channels))
}

/// The channel recording `camera_id`, with its recorder.
pub fn source_of_camera(
    conn: &mut DbConnection,
    camera_id: &str,
) -> Result<Option<(ChannelRow, RecorderRow)>, ApiError> {
    Ok(recorders::source_of_camera(conn, camera_id)?.filter(|(_, r)| r.kind.is_networked()))
}

/// Asks the recorder (or the brief cache of what it said) what it holds
/// of `channel` over `[from, to)`.
pub async fn holdings(
    services: &crate::state::Services,
    channel: &ChannelRow,
    recorder: &RecorderRow,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> crate::recorders::cache::Found {
    let cache = &services.recorder_searches;
    if let Some(hit) = cache.get(recorder.id.as_str(), channel.channel, from, to) {
        return hit;
    }
    let timeout = services.settings.recorder_timeout();
    let found = match Connection::open(recorder, &services.recorder_key, timeout) {
        Ok(c) => {
            let token = channel.recording_token.as_deref();
            c.search(channel.channel, token, from, to).await
        }
        Err(e) => Err(e),
    };
    cache.put(
        recorder.id.as_str(),
        channel.channel,
        from,
        to,
        found.clone(),
    );
    found
}
