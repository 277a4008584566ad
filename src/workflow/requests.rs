//! Reading footage requests on a user's behalf: one request with all it
//! carries, and listings filtered to what the user may see
//! (`domain::authz::Actor::request_visibility`).

use chrono::{DateTime, Utc};

use super::disposal::DisposalView;
use super::transition::load_visible;
use crate::db::cameras::CameraRow;
use crate::db::clips::ClipRow;
use crate::db::jobs::JobRow;
use crate::db::notices::NoticeRow;
use crate::db::requests::{self, EventRow, ItemRow, RequestFilter, RequestOrder, RequestRow};
use crate::db::totals::Totals;
use crate::db::{clips, holds, jobs, notices, segments, time, DbConnection};
use crate::domain::authz::Actor;
use crate::error::ApiError;

/// One item of a request with what the operator and the station need to
/// see about it.
pub struct ItemFacts {
    pub item: ItemRow,
    pub camera: CameraRow,
    /// When the oldest recording under the window is overwritten, if
    /// any recording is indexed.
    pub overwrite_at: Option<DateTime<Utc>>,
    /// Whether every recording under the window is preserved by a hold.
    pub preserved: bool,
    pub clip: Option<ClipRow>,
    pub jobs: Vec<JobRow>,
    /// The parts of the window pulled from its recorder, oldest first.
    pub pulled: Vec<crate::db::pulled_parts::PulledPartRow>,
    /// The kind of networked recorder the camera records to, if any.
    pub recorder_kind: Option<crate::domain::recorder::RecorderKind>,
}

/// A recorder clock this far off is worth a warning on the request: the
/// times burned into its picture are off by as much.
pub const CLOCK_WARNING_SECS: i64 = 2;

/// A request with its items, history, notice and disposal.
pub struct RequestFacts {
    pub request: RequestRow,
    pub items: Vec<ItemFacts>,
    /// Oldest first, each with the actor's username.
    pub history: Vec<(EventRow, Option<String>)>,
    pub notice: Option<NoticeRow>,
    pub disposal: Option<DisposalView>,
}

/// Everything about `row` (already authorised by the caller).
pub fn gather(conn: &mut DbConnection, row: RequestRow) -> Result<RequestFacts, ApiError> {
    let items = requests::items_with_cameras(conn, &row.id)?;
    let history = requests::events(conn, &row.id)?;
    let mut clips = clips::for_request(conn, &row.id)?;
    let mut jobs = jobs::for_request(conn, &row.id)?;
    let held: Vec<String> = holds::for_request(conn, &row.id)?
        .into_iter()
        .filter(|(h, _)| h.released_at.is_none())
        .map(|(h, _)| h.segment_id)
        .collect();
    let mut out = Vec::with_capacity(items.len());
    for (item, camera) in items {
        let segs: Vec<_> =
            segments::overlapping(conn, &item.camera_id, item.window_start, item.window_end)?
                .into_iter()
                .filter(|s| s.status == segments::OK)
                .collect();
        let basis = crate::recordings::overwrite::basis(conn, &camera)?;
        let overwrite_at = if basis.is_recorder() && segs.is_empty() {
            // Still on the recorder: its window's start goes first.
            Some(basis.overwrite_at(time::from_db(item.window_start)))
        } else {
            segs.iter()
                .map(|s| basis.overwrite_at(time::from_db(s.start_at)))
                .min()
        };
        let preserved = !segs.is_empty() && segs.iter().all(|s| held.contains(&s.id));
        let mine: Vec<String> = segs
            .iter()
            .filter(|s| held.contains(&s.id))
            .map(|s| s.id.clone())
            .collect();
        let mut pulled = crate::db::pulled_parts::for_segments(conn, &mine)?;
        pulled.sort_by_key(|p| p.pulled_at);
        let recorder_kind =
            super::recorders::source_of_camera(conn, &item.camera_id)?.map(|(_, r)| r.kind);
        let clip = clips
            .iter()
            .position(|c| c.item_id == item.id)
            .map(|i| clips.swap_remove(i));
        let (mine_jobs, rest): (Vec<JobRow>, Vec<JobRow>) =
            jobs.into_iter().partition(|j| j.item_id == item.id);
        jobs = rest;
        out.push(ItemFacts {
            item,
            camera,
            overwrite_at,
            preserved,
            clip,
            jobs: mine_jobs,
            pulled,
            recorder_kind,
        });
    }
    let notice = notices::find(conn, &row.id)?;
    let disposal = super::disposal::current(conn, &row.id)?;
    Ok(RequestFacts {
        request: row,
        items: out,
        history,
        notice,
        disposal,
    })
}

/// One request the actor may see (404 otherwise), with all it carries.
pub fn get(conn: &mut DbConnection, actor: &Actor, id: &str) -> Result<RequestFacts, ApiError> {
    let row = load_visible(conn, actor, id)?;
    gather(conn, row)
}

/// Reloads a request the caller has just changed, with all it carries.
pub fn reload(conn: &mut DbConnection, id: &str) -> Result<RequestFacts, ApiError> {
    let row = requests::find(conn, id)?.ok_or_else(|| ApiError::not_found("request"))?;
    gather(conn, row)
}

/// One page of the requests the actor may see, with the total.
pub fn list(
    conn: &mut DbConnection,
    totals: &Totals,
    actor: &Actor,
    filter: &RequestFilter,
    order: RequestOrder,
    limit: i64,
    offset: i64,
) -> Result<(Vec<RequestRow>, i64), ApiError> {
    let vis = actor.request_visibility();
    Ok(requests::list(
        conn, totals, &vis, filter, order, limit, offset,
    )?)
}
