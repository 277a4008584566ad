//! Legal holds, erasure tombstones and case disposal: what the retention
//! job and the erasure endpoints read and write.

use crate::domain::digest::Sha256Digest;
use crate::domain::erasure::Basis;
use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::clips::ClipRow;
use super::connection::DbConnection;
use super::schema::{clip_erasures, clips, footage_requests, holds, legal_holds};

#[derive(Debug, Clone, Queryable, Selectable, Insertable, serde::Serialize)]
#[diesel(table_name = legal_holds)]
pub struct LegalHoldRow {
    pub id: String,
    pub clip_id: String,
    pub reason: String,
    pub placed_by: String,
    pub placed_at: NaiveDateTime,
    pub released_by: Option<String>,
    pub released_at: Option<NaiveDateTime>,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable, serde::Serialize)]
#[diesel(table_name = clip_erasures)]
pub struct ErasureRow {
    pub clip_id: String,
    pub sha256: Sha256Digest,
    pub size_bytes: i64,
    pub storage_key: String,
    pub manifest_sha256: Option<String>,
    pub erased_by: Option<String>,
    pub basis: Basis,
    pub reason: String,
    pub erased_at: NaiveDateTime,
}

/// Serialises erasure and legal holds on one clip: PostgreSQL locks the
/// clip's row until the transaction ends; SQLite's single writer already
/// does.
pub fn lock_clip(conn: &mut DbConnection, clip_id: &str) -> QueryResult<()> {
    if let DbConnection::Pg(c) = conn {
        clips::table
            .find(clip_id)
            .select(clips::id)
            .for_update()
            .load::<String>(c)?;
    }
    Ok(())
}

/// The request's disposal, its row locked until the transaction ends on
/// PostgreSQL (SQLite's single writer already serialises): a correction
/// or withdrawal cannot slip in between the check and an erasure.
pub fn disposal_locked(
    conn: &mut DbConnection,
    request_id: &str,
) -> QueryResult<Option<DisposalRow>> {
    if let DbConnection::Pg(c) = conn {
        footage_requests::table
            .find(request_id)
            .select(footage_requests::id)
            .for_update()
            .load::<String>(c)?;
    }
    disposal(conn, request_id)
}

pub fn active_holds(conn: &mut DbConnection, clip_id: &str) -> QueryResult<Vec<LegalHoldRow>> {
    legal_holds::table
        .filter(legal_holds::clip_id.eq(clip_id))
        .filter(legal_holds::released_at.is_null())
        .select(LegalHoldRow::as_select())
        .order(legal_holds::placed_at.asc())
        .load(conn)
}

pub fn holds_of(conn: &mut DbConnection, clip_id: &str) -> QueryResult<Vec<LegalHoldRow>> {
    legal_holds::table
        .filter(legal_holds::clip_id.eq(clip_id))
        .select(LegalHoldRow::as_select())
        .order(legal_holds::placed_at.asc())
        .load(conn)
}

pub fn insert_hold(conn: &mut DbConnection, row: &LegalHoldRow) -> QueryResult<()> {
    diesel::insert_into(legal_holds::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

/// Releases every active hold on the clip; returns how many.
pub fn release_holds(
    conn: &mut DbConnection,
    clip_id: &str,
    by: &str,
    at: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(
        legal_holds::table
            .filter(legal_holds::clip_id.eq(clip_id))
            .filter(legal_holds::released_at.is_null()),
    )
    .set((
        legal_holds::released_by.eq(Some(by)),
        legal_holds::released_at.eq(Some(at)),
    ))
    .execute(conn)
}

pub fn erasure(conn: &mut DbConnection, clip_id: &str) -> QueryResult<Option<ErasureRow>> {
    clip_erasures::table
        .find(clip_id)
        .select(ErasureRow::as_select())
        .first(conn)
        .optional()
}

pub fn insert_erasure(conn: &mut DbConnection, row: &ErasureRow) -> QueryResult<()> {
    diesel::insert_into(clip_erasures::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

/// Clips still stored, not erased, that another clip shares bytes with
/// (content-addressed keys): their bytes must stay.
pub fn live_sharers(
    conn: &mut DbConnection,
    storage_key: &str,
    except_clip: &str,
) -> QueryResult<i64> {
    clips::table
        .filter(clips::storage_key.eq(storage_key))
        .filter(clips::id.ne(except_clip))
        .filter(diesel::dsl::not(diesel::dsl::exists(
            clip_erasures::table.filter(clip_erasures::clip_id.eq(clips::id)),
        )))
        .count()
        .get_result(conn)
}

/// A case's confirmed disposal as stored on its request.
#[derive(Debug, Clone, Queryable)]
pub struct DisposalRow {
    pub disposed_at: Option<NaiveDateTime>,
    pub reference: Option<String>,
    pub confirmed_by: Option<String>,
    pub confirmed_at: Option<NaiveDateTime>,
    /// When the disposal as it stands took effect: its confirmation, or
    /// its last correction. The grace period counts from it.
    pub effective_at: Option<NaiveDateTime>,
}

impl DisposalRow {
    /// Recorded and confirmed by a second person: the retention clock runs.
    pub fn is_confirmed(&self) -> bool {
        self.disposed_at.is_some() && self.confirmed_at.is_some()
    }
}

/// Clips of cases whose disposal is confirmed, not yet erased, with the
/// disposal time and when it took effect.
pub fn disposed_clips(
    conn: &mut DbConnection,
) -> QueryResult<Vec<(ClipRow, NaiveDateTime, NaiveDateTime)>> {
    clips::table
        .inner_join(footage_requests::table.on(footage_requests::id.eq(clips::request_id)))
        .filter(footage_requests::case_disposed_at.is_not_null())
        .filter(footage_requests::case_disposal_confirmed_at.is_not_null())
        .filter(footage_requests::case_disposal_effective_at.is_not_null())
        .filter(diesel::dsl::not(diesel::dsl::exists(
            clip_erasures::table.filter(clip_erasures::clip_id.eq(clips::id)),
        )))
        .select((
            ClipRow::as_select(),
            footage_requests::case_disposed_at.assume_not_null(),
            footage_requests::case_disposal_effective_at.assume_not_null(),
        ))
        .load(conn)
}

/// Requests of cases whose disposal is confirmed that still hold
/// preservation copies, with the disposal time and when it took effect.
pub fn disposed_with_holds(
    conn: &mut DbConnection,
) -> QueryResult<Vec<(String, NaiveDateTime, NaiveDateTime)>> {
    footage_requests::table
        .filter(footage_requests::case_disposed_at.is_not_null())
        .filter(footage_requests::case_disposal_confirmed_at.is_not_null())
        .filter(footage_requests::case_disposal_effective_at.is_not_null())
        .filter(diesel::dsl::exists(
            holds::table
                .filter(holds::request_id.eq(footage_requests::id))
                .filter(holds::released_at.is_null()),
        ))
        .select((
            footage_requests::id,
            footage_requests::case_disposed_at.assume_not_null(),
            footage_requests::case_disposal_effective_at.assume_not_null(),
        ))
        .load(conn)
}

/// Sets (or, with `None`, withdraws) a request's confirmed disposal.
pub fn set_disposal(
    conn: &mut DbConnection,
    request_id: &str,
    disposal: Option<(NaiveDateTime, &str)>,
    confirmed: Option<(&str, NaiveDateTime)>,
) -> QueryResult<usize> {
    diesel::update(footage_requests::table.find(request_id))
        .set((
            footage_requests::case_disposed_at.eq(disposal.map(|d| d.0)),
            footage_requests::case_disposal_reference.eq(disposal.map(|d| d.1)),
            footage_requests::case_disposal_confirmed_by.eq(confirmed.map(|c| c.0)),
            footage_requests::case_disposal_confirmed_at.eq(confirmed.map(|c| c.1)),
            footage_requests::case_disposal_effective_at.eq(confirmed.map(|c| c.1)),
        ))
        .execute(conn)
}

/// Changes the date and reference of a confirmed disposal, keeping who
/// confirmed it and when; the disposal takes effect anew at `effective_at`.
pub fn correct_disposal(
    conn: &mut DbConnection,
    request_id: &str,
    at: NaiveDateTime,
    reference: &str,
    effective_at: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(footage_requests::table.find(request_id))
        .set((
            footage_requests::case_disposed_at.eq(Some(at)),
            footage_requests::case_disposal_reference.eq(Some(reference)),
            footage_requests::case_disposal_effective_at.eq(Some(effective_at)),
        ))
        .execute(conn)
}

pub fn disposal(conn: &mut DbConnection, request_id: &str) -> QueryResult<Option<DisposalRow>> {
    footage_requests::table
        .find(request_id)
        .select((
            footage_requests::case_disposed_at,
            footage_requests::case_disposal_reference,
            footage_requests::case_disposal_confirmed_by,
            footage_requests::case_disposal_confirmed_at,
            footage_requests::case_disposal_effective_at,
        ))
        .first(conn)
        .optional()
}

/// How many of the request's clips have been erased.
pub fn erased_of_request(conn: &mut DbConnection, request_id: &str) -> QueryResult<i64> {
    clip_erasures::table
        .inner_join(clips::table.on(clips::id.eq(clip_erasures::clip_id)))
        .filter(clips::request_id.eq(request_id))
        .count()
        .get_result(conn)
}

/// A clip in the retention schedule: the clip, its request's scope
/// (station, ICCC, forwarded), when the case was disposed of and when
/// that took effect, and how many legal holds are active on it.
pub type Scheduled = (
    ClipRow,
    (String, String, bool),
    (NaiveDateTime, NaiveDateTime),
    i64,
);

/// Every clip of a case with a confirmed disposal not yet erased, with
/// what the schedule shows about it, oldest disposal first.
pub fn schedule(conn: &mut DbConnection) -> QueryResult<Vec<Scheduled>> {
    #[allow(clippy::type_complexity)]
    let rows: Vec<(
        ClipRow,
        String,
        String,
        Option<NaiveDateTime>,
        NaiveDateTime,
        NaiveDateTime,
    )> = clips::table
        .inner_join(footage_requests::table.on(footage_requests::id.eq(clips::request_id)))
        .filter(footage_requests::case_disposed_at.is_not_null())
        .filter(footage_requests::case_disposal_confirmed_at.is_not_null())
        .filter(footage_requests::case_disposal_effective_at.is_not_null())
        .filter(diesel::dsl::not(diesel::dsl::exists(
            clip_erasures::table.filter(clip_erasures::clip_id.eq(clips::id)),
        )))
        .order(footage_requests::case_disposed_at.asc())
        .select((
            ClipRow::as_select(),
            footage_requests::station_id,
            footage_requests::iccc_id,
            footage_requests::forwarded_at,
            footage_requests::case_disposed_at.assume_not_null(),
            footage_requests::case_disposal_effective_at.assume_not_null(),
        ))
        .load(conn)?;
    // Active holds per clip, in one query rather than one per clip.
    let held: std::collections::HashMap<String, i64> = legal_holds::table
        .filter(legal_holds::released_at.is_null())
        .group_by(legal_holds::clip_id)
        .select((legal_holds::clip_id, diesel::dsl::count_star()))
        .load::<(String, i64)>(conn)?
        .into_iter()
        .collect();
    Ok(rows
        .into_iter()
        .map(|(clip, station, iccc, forwarded, disposed, confirmed)| {
            let n = held.get(clip.id.as_str()).copied().unwrap_or(0);
            (
                clip,
                (station, iccc, forwarded.is_some()),
                (disposed, confirmed),
                n,
            )
        })
        .collect())
}

/// A request's station, ICCC and forwarding time.
pub type RequestSides = (String, String, Option<NaiveDateTime>);

/// Every erasure, newest first, with its request's scope (the caller
/// filters by scope, then keeps the latest: tombstones are few).
pub fn erasures(conn: &mut DbConnection) -> QueryResult<Vec<(ErasureRow, RequestSides)>> {
    clip_erasures::table
        .inner_join(clips::table.on(clips::id.eq(clip_erasures::clip_id)))
        .inner_join(footage_requests::table.on(footage_requests::id.eq(clips::request_id)))
        .order(clip_erasures::erased_at.desc())
        .select((
            ErasureRow::as_select(),
            (
                footage_requests::station_id,
                footage_requests::iccc_id,
                footage_requests::forwarded_at,
            ),
        ))
        .load(conn)
}
