//! Footage requests, their items and their history.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::cameras::CameraRow;
use super::connection::DbConnection;
use super::schema::{cameras, footage_requests, request_events, request_items, users};
use crate::domain::authz::{Actor, RequestVisibility};
use crate::domain::fulfilment::ItemStatus;
use crate::domain::ids::RequestId;
use crate::domain::lifecycle::RequestStatus;
use crate::domain::reason::ReasonCode;
use crate::domain::urgency::Urgency;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = footage_requests)]
pub struct RequestRow {
    pub id: RequestId,
    pub station_id: String,
    pub iccc_id: String,
    pub filed_by: String,
    pub fir_number: Option<String>,
    pub gd_number: Option<String>,
    /// JSON array of BNS section strings.
    pub bns_sections: String,
    pub incident_place: String,
    pub incident_at: NaiveDateTime,
    pub purpose: String,
    pub urgency: Urgency,
    pub notice_reference: String,
    pub status: RequestStatus,
    pub reason_code: Option<ReasonCode>,
    pub version: i32,
    pub submitted_at: Option<NaiveDateTime>,
    pub forwarded_at: Option<NaiveDateTime>,
    pub deadline_at: Option<NaiveDateTime>,
    pub closed_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = request_items)]
pub struct ItemRow {
    pub id: String,
    pub request_id: RequestId,
    pub position: i32,
    pub camera_id: String,
    pub window_start: NaiveDateTime,
    pub window_end: NaiveDateTime,
    pub status: ItemStatus,
    pub reason_code: Option<ReasonCode>,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = request_events)]
pub struct EventRow {
    pub id: i64,
    pub request_id: String,
    pub at: NaiveDateTime,
    pub actor_id: Option<String>,
    pub action: String,
    pub from_status: Option<RequestStatus>,
    pub to_status: RequestStatus,
    pub reason_code: Option<ReasonCode>,
    pub comment: Option<String>,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = request_events)]
pub struct NewEvent {
    pub request_id: String,
    pub at: NaiveDateTime,
    pub actor_id: Option<String>,
    pub action: String,
    pub from_status: Option<RequestStatus>,
    pub to_status: RequestStatus,
    pub reason_code: Option<ReasonCode>,
    pub comment: Option<String>,
    /// The client's address: in the custody event, not the history row.
    #[diesel(skip_insertion)]
    pub from: Option<String>,
}

impl NewEvent {
    /// An event that records something `actor` did to `req` without moving
    /// it (a download, an upload, an attachment): the status stays.
    pub fn note(req: &RequestRow, actor: &Actor, action: &str, comment: String) -> NewEvent {
        NewEvent {
            request_id: req.id.to_string(),
            at: super::time::now(),
            actor_id: Some(actor.user_id.clone()),
            action: action.to_owned(),
            from_status: Some(req.status),
            to_status: req.status,
            reason_code: None,
            comment: Some(comment),
            from: actor.client_ip.clone(),
        }
    }
}

/// Listing filters, applied after the caller's visibility.
#[derive(Debug, Default, Clone)]
pub struct RequestFilter {
    pub status: Option<RequestStatus>,
    pub station_id: Option<String>,
    pub iccc_id: Option<String>,
    pub urgency: Option<Urgency>,
    pub created_from: Option<NaiveDateTime>,
    pub created_to: Option<NaiveDateTime>,
    pub deadline_from: Option<NaiveDateTime>,
    pub deadline_to: Option<NaiveDateTime>,
}

/// Sort orders for listings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RequestOrder {
    NewestFirst,
    /// Operators' queue: nearest deadline first, undated last.
    Deadline,
}

/// Inserts a request and its items (the caller records the history).
pub fn insert(conn: &mut DbConnection, req: &RequestRow, items: &[ItemRow]) -> QueryResult<()> {
    diesel::insert_into(footage_requests::table)
        .values(req)
        .execute(conn)?;
    // Multi-row VALUES differs between the backends; rows go one by one.
    for item in items {
        diesel::insert_into(request_items::table)
            .values(item)
            .execute(conn)?;
    }
    Ok(())
}

/// Inserts a history event (only: `workflow::history::record` adds the
/// custody event that goes with it).
pub fn insert_event(conn: &mut DbConnection, event: &NewEvent) -> QueryResult<()> {
    diesel::insert_into(request_events::table)
        .values(event)
        .execute(conn)
        .map(|_| ())
}

/// The user who approved the request (the last `approve` in its history).
pub fn approver(conn: &mut DbConnection, request_id: &str) -> QueryResult<Option<String>> {
    Ok(request_events::table
        .filter(request_events::request_id.eq(request_id))
        .filter(request_events::action.eq("approve"))
        .order(request_events::id.desc())
        .select(request_events::actor_id)
        .first::<Option<String>>(conn)
        .optional()?
        .flatten())
}

pub fn find(conn: &mut DbConnection, id: &str) -> QueryResult<Option<RequestRow>> {
    footage_requests::table
        .find(id)
        .select(RequestRow::as_select())
        .first(conn)
        .optional()
}

pub fn items(conn: &mut DbConnection, request_id: &str) -> QueryResult<Vec<ItemRow>> {
    request_items::table
        .filter(request_items::request_id.eq(request_id))
        .order(request_items::position.asc())
        .select(ItemRow::as_select())
        .load(conn)
}

/// The items with their cameras, in filing order.
pub fn items_with_cameras(
    conn: &mut DbConnection,
    request_id: &str,
) -> QueryResult<Vec<(ItemRow, CameraRow)>> {
    request_items::table
        .inner_join(cameras::table)
        .filter(request_items::request_id.eq(request_id))
        .order(request_items::position.asc())
        .select((ItemRow::as_select(), CameraRow::as_select()))
        .load(conn)
}

/// The history, oldest first, with each actor's username.
pub fn events(
    conn: &mut DbConnection,
    request_id: &str,
) -> QueryResult<Vec<(EventRow, Option<String>)>> {
    request_events::table
        .left_join(users::table)
        .filter(request_events::request_id.eq(request_id))
        .order(request_events::id.asc())
        .select((EventRow::as_select(), users::username.nullable()))
        .load(conn)
}

macro_rules! filtered {
    ($vis:expr, $f:expr) => {{
        let mut q = footage_requests::table.into_boxed();
        match $vis {
            RequestVisibility::Station(o) => {
                q = q.filter(footage_requests::station_id.eq(o.clone()))
            }
            RequestVisibility::Iccc(o) => {
                q = q
                    .filter(footage_requests::iccc_id.eq(o.clone()))
                    .filter(footage_requests::forwarded_at.is_not_null())
            }
            RequestVisibility::Either(o) => {
                q = q.filter(
                    footage_requests::station_id
                        .eq(o.clone())
                        .or(footage_requests::iccc_id
                            .eq(o.clone())
                            .and(footage_requests::forwarded_at.is_not_null())),
                )
            }
            RequestVisibility::Nothing => q = q.filter(footage_requests::id.is_null()),
            RequestVisibility::All => {}
        }
        let f = $f;
        if let Some(v) = &f.status {
            q = q.filter(footage_requests::status.eq(v.clone()));
        }
        if let Some(v) = &f.station_id {
            q = q.filter(footage_requests::station_id.eq(v.clone()));
        }
        if let Some(v) = &f.iccc_id {
            q = q.filter(footage_requests::iccc_id.eq(v.clone()));
        }
        if let Some(v) = &f.urgency {
            q = q.filter(footage_requests::urgency.eq(v.clone()));
        }
        if let Some(v) = f.created_from {
            q = q.filter(footage_requests::created_at.ge(v));
        }
        if let Some(v) = f.created_to {
            q = q.filter(footage_requests::created_at.lt(v));
        }
        if let Some(v) = f.deadline_from {
            q = q.filter(footage_requests::deadline_at.ge(v));
        }
        if let Some(v) = f.deadline_to {
            q = q.filter(footage_requests::deadline_at.lt(v));
        }
        q
    }};
}

/// One page of the requests `vis` allows, with the total count (which may
/// be remembered from a moment ago: `db::totals`).
pub fn list(
    conn: &mut DbConnection,
    totals: &super::totals::Totals,
    vis: &RequestVisibility,
    f: &RequestFilter,
    order: RequestOrder,
    limit: i64,
    offset: i64,
) -> QueryResult<(Vec<RequestRow>, i64)> {
    let total = totals.get_or_count(format!("{vis:?}|{f:?}"), || {
        filtered!(vis, f).count().get_result(conn)
    })?;
    let q = filtered!(vis, f).select(RequestRow::as_select());
    let q = match order {
        RequestOrder::NewestFirst => q.order((
            footage_requests::created_at.desc(),
            footage_requests::id.desc(),
        )),
        RequestOrder::Deadline => q.order((
            footage_requests::deadline_at.is_null().asc(),
            footage_requests::deadline_at.asc(),
            footage_requests::id.asc(),
        )),
    };
    let rows = q.limit(limit).offset(offset).load(conn)?;
    Ok((rows, total))
}

/// Every request `vis` allows that matches `f` (no paging), for reports.
pub fn all_matching(
    conn: &mut DbConnection,
    vis: &RequestVisibility,
    f: &RequestFilter,
) -> QueryResult<Vec<RequestRow>> {
    filtered!(vis, f)
        .select(RequestRow::as_select())
        .order(footage_requests::deadline_at.asc())
        .load(conn)
}

/// The items of these requests.
pub fn items_of(conn: &mut DbConnection, request_ids: &[String]) -> QueryResult<Vec<ItemRow>> {
    let mut out = Vec::new();
    for chunk in request_ids.chunks(500) {
        out.extend(
            request_items::table
                .filter(request_items::request_id.eq_any(chunk))
                .select(ItemRow::as_select())
                .load(conn)?,
        );
    }
    Ok(out)
}

/// The columns a transition changes.
#[derive(Debug, Clone, AsChangeset)]
#[diesel(table_name = footage_requests)]
pub struct StatusChange {
    pub status: RequestStatus,
    pub reason_code: Option<ReasonCode>,
    pub version: i32,
    pub submitted_at: Option<NaiveDateTime>,
    pub forwarded_at: Option<NaiveDateTime>,
    /// `Some(None)` clears the deadline (a request returned to draft).
    pub deadline_at: Option<Option<NaiveDateTime>>,
    pub closed_at: Option<NaiveDateTime>,
    pub updated_at: NaiveDateTime,
}

/// Applies a status change if the row is still at `expected_version`
/// (optimistic concurrency); returns the number of rows changed.
pub fn change_status(
    conn: &mut DbConnection,
    id: &str,
    expected_version: i32,
    change: &StatusChange,
) -> QueryResult<usize> {
    let n = diesel::update(
        footage_requests::table
            .find(id)
            .filter(footage_requests::version.eq(expected_version)),
    )
    .set(change)
    .execute(conn)?;
    Ok(n)
}

pub fn find_item(conn: &mut DbConnection, item_id: &str) -> QueryResult<Option<ItemRow>> {
    request_items::table
        .find(item_id)
        .select(ItemRow::as_select())
        .first(conn)
        .optional()
}

pub fn set_item_status(
    conn: &mut DbConnection,
    item_id: &str,
    status: &str,
    reason_code: Option<&str>,
) -> QueryResult<usize> {
    let n = diesel::update(request_items::table.find(item_id))
        .set((
            request_items::status.eq(status),
            request_items::reason_code.eq(reason_code),
        ))
        .execute(conn)?;
    Ok(n)
}

pub fn count(conn: &mut DbConnection) -> QueryResult<i64> {
    footage_requests::table.count().get_result(conn)
}

pub fn count_items(conn: &mut DbConnection) -> QueryResult<i64> {
    request_items::table.count().get_result(conn)
}

pub fn count_events(conn: &mut DbConnection) -> QueryResult<i64> {
    request_events::table.count().get_result(conn)
}

/// Requests by status: (status, count).
pub fn count_by_status(conn: &mut DbConnection) -> QueryResult<Vec<(String, i64)>> {
    footage_requests::table
        .group_by(footage_requests::status)
        .select((footage_requests::status, diesel::dsl::count_star()))
        .load(conn)
}
