//! The CISO's security events: append-only (triggers refuse UPDATE and
//! DELETE on both backends).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::connection::DbConnection;
use super::schema::{organisations, security_events};

#[derive(Debug, Clone, Queryable, Selectable, serde::Serialize)]
#[diesel(table_name = security_events)]
pub struct SecurityEventRow {
    pub id: i64,
    pub at: NaiveDateTime,
    pub kind: String,
    pub severity: String,
    pub actor_id: Option<String>,
    pub username: Option<String>,
    pub organisation_id: Option<String>,
    pub client_ip: Option<String>,
    pub subject: Option<String>,
    pub detail: String,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = security_events)]
pub struct NewSecurityEventRow<'a> {
    pub at: NaiveDateTime,
    pub kind: &'a str,
    pub severity: &'a str,
    pub actor_id: Option<&'a str>,
    pub username: Option<&'a str>,
    pub organisation_id: Option<&'a str>,
    pub client_ip: Option<&'a str>,
    pub subject: Option<&'a str>,
    pub detail: &'a str,
}

pub fn insert(conn: &mut DbConnection, row: &NewSecurityEventRow<'_>) -> QueryResult<()> {
    diesel::insert_into(security_events::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

/// Listing filters.
#[derive(Debug, Default, Clone)]
pub struct SecurityFilter {
    pub kind: Option<String>,
    pub severity: Option<String>,
    pub username: Option<String>,
    pub from: Option<NaiveDateTime>,
    pub to: Option<NaiveDateTime>,
    /// Only events of organisations in this city, and deployment-wide
    /// events (no organisation).
    pub city: Option<String>,
}

macro_rules! filtered {
    ($f:expr) => {{
        let f = $f;
        let mut q = security_events::table.into_boxed();
        if let Some(v) = &f.kind {
            q = q.filter(security_events::kind.eq(v.clone()));
        }
        if let Some(v) = &f.severity {
            q = q.filter(security_events::severity.eq(v.clone()));
        }
        if let Some(v) = &f.username {
            q = q.filter(security_events::username.eq(v.clone()));
        }
        if let Some(v) = f.from {
            q = q.filter(security_events::at.ge(v));
        }
        if let Some(v) = f.to {
            q = q.filter(security_events::at.lt(v));
        }
        if let Some(city) = &f.city {
            let in_city = organisations::table
                .filter(organisations::city.eq(city.clone()))
                .select(organisations::id.nullable());
            q = q.filter(
                security_events::organisation_id
                    .is_null()
                    .or(security_events::organisation_id.eq_any(in_city)),
            );
        }
        q
    }};
}

/// One page of matching events, newest first, with the total.
pub fn list(
    conn: &mut DbConnection,
    f: &SecurityFilter,
    limit: i64,
    offset: i64,
) -> QueryResult<(Vec<SecurityEventRow>, i64)> {
    let total = filtered!(f).count().get_result(conn)?;
    let rows = filtered!(f)
        .select(SecurityEventRow::as_select())
        .order(security_events::id.desc())
        .limit(limit)
        .offset(offset)
        .load(conn)?;
    Ok((rows, total))
}

/// Events of `kind` about `actor_id` since `since`.
pub fn count_since(
    conn: &mut DbConnection,
    kind: &str,
    actor_id: &str,
    since: NaiveDateTime,
) -> QueryResult<i64> {
    security_events::table
        .filter(security_events::kind.eq(kind))
        .filter(security_events::actor_id.eq(actor_id))
        .filter(security_events::at.ge(since))
        .count()
        .get_result(conn)
}
