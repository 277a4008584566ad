//! Pending and decided two-person approvals (`domain::approval`). A row
//! is decided once; triggers on both backends refuse any other change and
//! every deletion.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::connection::DbConnection;
use super::schema::approvals;
use crate::domain::approval::{ApprovalKind, ApprovalState};

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = approvals)]
pub struct ApprovalRow {
    pub id: String,
    pub kind: ApprovalKind,
    pub organisation_id: String,
    pub subject_id: String,
    pub request_id: Option<String>,
    /// JSON: what the action will do once approved.
    pub params: String,
    pub reason: String,
    pub requested_by: String,
    pub requested_from: Option<String>,
    pub requested_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    pub state: ApprovalState,
    pub decided_by: Option<String>,
    pub decided_from: Option<String>,
    pub decided_at: Option<NaiveDateTime>,
    pub decision_note: Option<String>,
}

pub fn insert(conn: &mut DbConnection, row: &ApprovalRow) -> QueryResult<()> {
    diesel::insert_into(approvals::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

/// The approval, locked against a concurrent decision on PostgreSQL
/// (SQLite's single writer already serialises).
pub fn find_for_update(conn: &mut DbConnection, id: &str) -> QueryResult<Option<ApprovalRow>> {
    match conn {
        DbConnection::Pg(c) => approvals::table
            .find(id)
            .select(ApprovalRow::as_select())
            .for_update()
            .first(c)
            .optional(),
        DbConnection::Sqlite(_) => find(conn, id),
    }
}

pub fn find(conn: &mut DbConnection, id: &str) -> QueryResult<Option<ApprovalRow>> {
    approvals::table
        .find(id)
        .select(ApprovalRow::as_select())
        .first(conn)
        .optional()
}

/// The pending approval of `kind` on `subject`, if any.
pub fn pending_for(
    conn: &mut DbConnection,
    kind: &str,
    subject_id: &str,
) -> QueryResult<Option<ApprovalRow>> {
    approvals::table
        .filter(approvals::kind.eq(kind))
        .filter(approvals::subject_id.eq(subject_id))
        .filter(approvals::state.eq(ApprovalState::Pending.as_str()))
        .select(ApprovalRow::as_select())
        .first(conn)
        .optional()
}

/// Records the decision on a pending approval; returns whether it was
/// still pending (0 rows: someone decided first).
pub fn decide(
    conn: &mut DbConnection,
    id: &str,
    state: ApprovalState,
    by: Option<&str>,
    from: Option<&str>,
    note: Option<&str>,
    at: NaiveDateTime,
) -> QueryResult<bool> {
    let n = diesel::update(
        approvals::table
            .find(id)
            .filter(approvals::state.eq(ApprovalState::Pending.as_str())),
    )
    .set((
        approvals::state.eq(state.as_str()),
        approvals::decided_by.eq(by),
        approvals::decided_from.eq(from),
        approvals::decided_at.eq(Some(at)),
        approvals::decision_note.eq(note),
    ))
    .execute(conn)?;
    Ok(n == 1)
}

/// Approvals whose deciders are in `org_id`, newest first; only pending
/// ones when `pending_only`.
pub fn for_organisation(
    conn: &mut DbConnection,
    org_id: &str,
    pending_only: bool,
    limit: i64,
) -> QueryResult<Vec<ApprovalRow>> {
    let mut q = approvals::table
        .filter(approvals::organisation_id.eq(org_id))
        .into_boxed();
    if pending_only {
        q = q.filter(approvals::state.eq(ApprovalState::Pending.as_str()));
    }
    q.select(ApprovalRow::as_select())
        .order(approvals::requested_at.desc())
        .limit(limit)
        .load(conn)
}

/// Every approval about a request (disposal, erasure of its clips).
pub fn for_request(conn: &mut DbConnection, request_id: &str) -> QueryResult<Vec<ApprovalRow>> {
    approvals::table
        .filter(approvals::request_id.eq(request_id))
        .select(ApprovalRow::as_select())
        .order(approvals::requested_at.asc())
        .load(conn)
}

/// Pending approvals past their expiry.
pub fn expired(conn: &mut DbConnection, now: NaiveDateTime) -> QueryResult<Vec<ApprovalRow>> {
    approvals::table
        .filter(approvals::state.eq(ApprovalState::Pending.as_str()))
        .filter(approvals::expires_at.le(now))
        .select(ApprovalRow::as_select())
        .load(conn)
}
