//! An operator settling one item of an approved request by hand: marking
//! it unavailable with a reason, or supplying an export from a recorder
//! that is not integrated as its evidence.

use chrono::Duration;

use super::clips::{self as clip_record, Sealing};
use super::enforce;
use super::transition::{load_visible, scope};
use crate::db::clips::{self, ClipRow};
use crate::db::requests::{self, ItemRow, NewEvent, RequestRow};
use crate::db::{time, DbConnection};
use crate::domain::authz::Actor;
use crate::domain::fulfilment::ItemStatus;
use crate::domain::ids::ClipId;
use crate::domain::kinds::ClipSource;
use crate::domain::lifecycle::RequestStatus;
use crate::domain::reason::ReasonCode;
use crate::error::{code, ApiError};
use crate::media::{library_versions, probe::ProbeInfo};
use crate::storage::StoredObject;

/// The request and item, if an operator of the request's ICCC may still
/// settle it: the request approved or extracting, the item without a
/// clip or outcome. Checked before an upload is read and again when it
/// is recorded.
pub fn open_item(
    conn: &mut DbConnection,
    actor: &Actor,
    id: &str,
    item_id: &str,
) -> Result<(RequestRow, ItemRow), ApiError> {
    let req = load_visible(conn, actor, id)?;
    let item = requests::find_item(conn, item_id)?
        .filter(|i| i.request_id == req.id)
        .ok_or_else(|| ApiError::not_found("item"))?;
    enforce(actor.may_operate(&scope(&req)), "item")?;
    if clips::for_item(conn, &item.id)?.is_some() || item.status.is_final() {
        return Err(ApiError::conflict(
            code::ITEM_SETTLED,
            "this item already has its outcome",
        ));
    }
    let status = req.status;
    if !matches!(status, RequestStatus::Approved | RequestStatus::Extracting) {
        return Err(ApiError::conflict(
            code::INVALID_TRANSITION,
            format!("the request is {status}, not approved"),
        ));
    }
    Ok((req, item))
}

/// What settling an item left: the request's id, and preserved copies no
/// hold keeps any more (for the caller to delete after the commit).
pub struct Settled {
    pub request_id: String,
    pub unheld: Vec<String>,
}

/// Marks the item unavailable for `reason` (not a rejection code: those
/// apply to whole requests), recording why in the request's history.
pub fn mark_unavailable(
    conn: &mut DbConnection,
    actor: &Actor,
    id: &str,
    item_id: &str,
    reason: ReasonCode,
    comment: Option<String>,
    release_holds_on_close: bool,
) -> Result<Settled, ApiError> {
    let (req, item) = open_item(conn, actor, id, item_id)?;
    let note = comment.map_or_else(
        || format!("item {}", item.position + 1),
        |c| format!("item {}: {c}", item.position + 1),
    );
    super::history::record(
        conn,
        &NewEvent {
            reason_code: Some(reason),
            ..NewEvent::note(&req, actor, "item_unavailable", note)
        },
    )?;
    let unheld = super::outcome::record_item_outcome(
        conn,
        &req.id,
        &item.id,
        ItemStatus::Unavailable,
        Some(reason),
        release_holds_on_close,
    )?;
    Ok(Settled {
        request_id: req.id.to_string(),
        unheld,
    })
}

/// Records an uploaded export, already stored write-once as `stored` and
/// probed as `info`, as the item's evidence: a sealed clip that fulfils
/// the item. An export carries no reliable wall clock, so its window is
/// taken as starting at the requested start.
pub fn record_upload(
    conn: &mut DbConnection,
    actor: &Actor,
    (id, item_id): (&str, &str),
    stored: &StoredObject,
    info: &ProbeInfo,
    how: &Sealing<'_>,
) -> Result<Settled, ApiError> {
    let (req, item) = open_item(conn, actor, id, item_id)?;
    let clip = ClipRow {
        id: ClipId::new(),
        request_id: req.id.clone(),
        item_id: item.id.clone(),
        camera_id: item.camera_id.clone(),
        sha256: stored.sha256.parse().map_err(ApiError::internal)?,
        size_bytes: i64::try_from(stored.size).unwrap_or(i64::MAX),
        storage_key: stored.key.clone(),
        source: ClipSource::Uploaded,
        requested_start: item.window_start,
        requested_end: item.window_end,
        actual_start: item.window_start,
        actual_end: item.window_start
            + Duration::milliseconds((info.duration_secs * 1000.0) as i64),
        packets: info.video_packets_hint,
        source_segments: "[]".into(),
        gaps: "[]".into(),
        ffmpeg_versions: library_versions(),
        created_by: Some(actor.user_id.clone()),
        created_at: time::now(),
    };
    super::history::record(
        conn,
        &NewEvent::note(
            &req,
            actor,
            "footage_uploaded",
            format!(
                "item {}: {} bytes, sha256 {}",
                item.position + 1,
                clip.size_bytes,
                clip.sha256
            ),
        ),
    )?;
    let unheld = clip_record::record::<ApiError>(conn, &clip, ItemStatus::Fulfilled, how)?;
    Ok(Settled {
        request_id: req.id.to_string(),
        unheld,
    })
}
