//! Organisations table.

use crate::domain::organisation::OrgKind;
use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::connection::DbConnection;
use super::schema::organisations;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = organisations)]
pub struct OrganisationRow {
    pub id: String,
    pub kind: OrgKind,
    pub code: String,
    pub name: String,
    pub city: String,
    pub created_at: NaiveDateTime,
}

pub fn insert(conn: &mut DbConnection, row: &OrganisationRow) -> QueryResult<()> {
    diesel::insert_into(organisations::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

pub fn find(conn: &mut DbConnection, id: &str) -> QueryResult<Option<OrganisationRow>> {
    organisations::table
        .find(id)
        .select(OrganisationRow::as_select())
        .first(conn)
        .optional()
}

pub fn find_by_code(conn: &mut DbConnection, code: &str) -> QueryResult<Option<OrganisationRow>> {
    organisations::table
        .filter(organisations::code.eq(code))
        .select(OrganisationRow::as_select())
        .first(conn)
        .optional()
}

/// The organisations with these ids (in no particular order).
/// Every organisation of `kind`.
pub fn of_kind(conn: &mut DbConnection, kind: &str) -> QueryResult<Vec<OrganisationRow>> {
    organisations::table
        .filter(organisations::kind.eq(kind))
        .select(OrganisationRow::as_select())
        .order(organisations::code.asc())
        .load(conn)
}

pub fn find_many(conn: &mut DbConnection, ids: &[String]) -> QueryResult<Vec<OrganisationRow>> {
    let mut out = Vec::new();
    for chunk in ids.chunks(500) {
        out.extend(
            organisations::table
                .filter(organisations::id.eq_any(chunk))
                .select(OrganisationRow::as_select())
                .load(conn)?,
        );
    }
    Ok(out)
}

pub fn count(conn: &mut DbConnection) -> QueryResult<i64> {
    organisations::table.count().get_result(conn)
}
