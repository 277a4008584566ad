//! The camera registry: read by those who file, work or audit requests;
//! changed by the owning ICCC's administrators (`domain::authz`).

use chrono::{DateTime, Utc};

use crate::db::cameras::{self, CameraChanges, CameraFilter, CameraRow};
use crate::db::segments::{self, SegmentRow};
use crate::db::{time, DbConnection, DbError};
use crate::domain::authz::Actor;
use crate::error::{code, ApiError};

fn may_read(actor: &Actor) -> Result<(), ApiError> {
    if actor.can_view_cameras() {
        Ok(())
    } else {
        Err(ApiError::forbidden(
            "this role cannot read the camera registry",
        ))
    }
}

pub fn get(conn: &mut DbConnection, actor: &Actor, id: &str) -> Result<CameraRow, ApiError> {
    may_read(actor)?;
    cameras::find(conn, id)?.ok_or_else(|| ApiError::not_found("camera"))
}

/// One page of the registry matching `filter`, with the total.
pub fn list(
    conn: &mut DbConnection,
    actor: &Actor,
    filter: &CameraFilter,
    limit: i64,
    offset: i64,
) -> Result<(Vec<CameraRow>, i64), ApiError> {
    may_read(actor)?;
    Ok(cameras::list(conn, filter, limit, offset)?)
}

/// Registers `row` in the actor's ICCC (only its administrators).
pub fn create(conn: &mut DbConnection, actor: &Actor, row: &CameraRow) -> Result<(), ApiError> {
    if !actor.can_manage_cameras_of(&row.iccc_id) {
        return Err(ApiError::forbidden("only an ICCC admin registers cameras"));
    }
    match cameras::insert(conn, row).map_err(DbError::from) {
        Err(DbError::UniqueViolation(_)) => Err(ApiError::conflict(
            code::DUPLICATE_CAMERA_CODE,
            format!("this ICCC already has a camera with code {}", row.code),
        )),
        Err(other) => Err(other.into()),
        Ok(()) => {
            tracing::info!(camera.id = %row.id, camera.code = %row.code, actor.id = %actor.user_id, "camera registered");
            Ok(())
        }
    }
}

/// Applies `changes`, built from the camera as it is now, if the actor
/// administers its ICCC.
pub fn update(
    conn: &mut DbConnection,
    actor: &Actor,
    id: &str,
    changes: impl FnOnce(&CameraRow) -> Result<CameraChanges, ApiError>,
) -> Result<CameraRow, ApiError> {
    let cam = get(conn, actor, id)?;
    if !actor.can_manage_cameras_of(&cam.iccc_id) {
        return Err(ApiError::forbidden(
            "only the owning ICCC's admin may change this camera",
        ));
    }
    cameras::update(conn, id, &changes(&cam)?)?;
    cameras::find(conn, id)?.ok_or_else(|| ApiError::not_found("camera"))
}

/// The camera and its indexed segments overlapping `[from, to)`.
fn indexed(
    conn: &mut DbConnection,
    actor: &Actor,
    id: &str,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<(CameraRow, Vec<SegmentRow>), ApiError> {
    let cam = get(conn, actor, id)?;
    let segs = segments::overlapping(conn, &cam.id, time::to_db(from), time::to_db(to))?;
    Ok((cam, segs))
}

/// Where a camera's footage is read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum FootageSource {
    /// Segment files in the recordings folder, indexed by Sakshya.
    Folder,
    /// A recorder Sakshya asks itself.
    Recorder,
}

/// What footage of a camera exists over a range, wherever it is kept.
pub struct CameraRecordings {
    pub camera: CameraRow,
    pub source: FootageSource,
    /// Indexed segments (folder cameras, and footage already pulled).
    pub segments: Vec<SegmentRow>,
    /// The recorder and channel, for recorder-backed cameras.
    pub recorder: Option<(
        crate::db::recorders::RecorderRow,
        crate::db::recorders::ChannelRow,
    )>,
    /// Spans held (readable segments, or the recorder's own search).
    pub recorded: Vec<(DateTime<Utc>, DateTime<Utc>)>,
    /// Parts of the range nothing holds; empty when the recorder could
    /// not be asked (see `recorder_error`).
    pub gaps: Vec<(DateTime<Utc>, DateTime<Utc>)>,
    /// The oldest footage the source still has (a recorder's, as last
    /// checked; a folder's oldest readable segment in the range).
    pub oldest_footage_at: Option<DateTime<Utc>>,
    /// Why the recorder could not say what it holds.
    pub recorder_error: Option<String>,
}

/// The camera's footage over `[from, to)`: from the recordings folder's
/// index, or from its recorder's own search (cached briefly).
pub async fn recordings(
    services: &crate::state::Services,
    actor: &Actor,
    id: String,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<CameraRecordings, ApiError> {
    let a = actor.clone();
    let (cam, segs, source) = services
        .db
        .read(move |c| {
            let (cam, segs) = indexed(c, &a, &id, from, to)?;
            let source = super::recorders::source_of_camera(c, &cam.id)?;
            Ok::<_, ApiError>((cam, segs, source))
        })
        .await?;
    let readable: Vec<_> = segs
        .iter()
        .filter(|s| s.status == segments::OK)
        .map(|s| (time::from_db(s.start_at), time::from_db(s.end_at)))
        .collect();
    let tolerance = chrono::Duration::seconds(1);
    let Some((channel, recorder)) = source else {
        return Ok(CameraRecordings {
            gaps: crate::recordings::gaps::find_gaps(&readable, from, to, tolerance),
            oldest_footage_at: readable.iter().map(|r| r.0).min(),
            recorded: readable,
            camera: cam,
            source: FootageSource::Folder,
            segments: segs,
            recorder: None,
            recorder_error: None,
        });
    };
    let held = super::recorders::holdings(services, &channel, &recorder, from, to).await;
    let (recorded, gaps, recorder_error) = match held {
        Ok(spans) => {
            let mut spans: Vec<_> = spans.iter().map(|s| (s.start, s.end)).collect();
            spans.extend(readable.iter().copied());
            spans.sort();
            let gaps = crate::recordings::gaps::find_gaps(&spans, from, to, tolerance);
            (spans, gaps, None)
        }
        Err(e) => (readable, Vec::new(), Some(e.to_string())),
    };
    Ok(CameraRecordings {
        camera: cam,
        source: FootageSource::Recorder,
        segments: segs,
        oldest_footage_at: channel.oldest_footage_at.map(time::from_db),
        recorder: Some((recorder, channel)),
        recorded,
        gaps,
        recorder_error,
    })
}
