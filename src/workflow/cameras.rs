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
pub fn recordings(
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
