//! Camera registry table.

use crate::domain::camera::CameraStatus;
use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::connection::{DbBackend, DbConnection};
use super::schema::cameras;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = cameras)]
pub struct CameraRow {
    pub id: String,
    pub code: String,
    pub name: String,
    pub iccc_id: String,
    pub latitude: f64,
    pub longitude: f64,
    pub make: String,
    pub model: String,
    pub serial: String,
    pub mac: Option<String>,
    pub retention_days: i32,
    pub status: CameraStatus,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// Fields an admin may change; `None` leaves a field as it is.
#[derive(Debug, Default, AsChangeset)]
#[diesel(table_name = cameras)]
pub struct CameraChanges {
    pub name: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub make: Option<String>,
    pub model: Option<String>,
    pub serial: Option<String>,
    pub mac: Option<Option<String>>,
    pub retention_days: Option<i32>,
    pub status: Option<CameraStatus>,
    pub updated_at: Option<NaiveDateTime>,
}

/// Filters for listing.
#[derive(Debug, Default, Clone)]
pub struct CameraFilter {
    pub iccc_id: Option<String>,
    pub status: Option<CameraStatus>,
    /// (min_lat, max_lat, min_lon, max_lon)
    pub bbox: Option<(f64, f64, f64, f64)>,
}

pub fn insert(conn: &mut DbConnection, row: &CameraRow) -> QueryResult<()> {
    diesel::insert_into(cameras::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

pub fn find(conn: &mut DbConnection, id: &str) -> QueryResult<Option<CameraRow>> {
    cameras::table
        .find(id)
        .select(CameraRow::as_select())
        .first(conn)
        .optional()
}

pub fn find_many(conn: &mut DbConnection, ids: &[String]) -> QueryResult<Vec<CameraRow>> {
    let mut out = Vec::new();
    for chunk in ids.chunks(500) {
        out.extend(
            cameras::table
                .filter(cameras::id.eq_any(chunk))
                .select(CameraRow::as_select())
                .load(conn)?,
        );
    }
    Ok(out)
}

fn filtered(f: &CameraFilter) -> cameras::BoxedQuery<'static, DbBackend> {
    let mut q = cameras::table.into_boxed();
    if let Some(i) = &f.iccc_id {
        q = q.filter(cameras::iccc_id.eq(i.clone()));
    }
    if let Some(s) = f.status {
        q = q.filter(cameras::status.eq(s));
    }
    if let Some((a, b, c, d)) = f.bbox {
        q = q
            .filter(cameras::latitude.between(a, b))
            .filter(cameras::longitude.between(c, d));
    }
    q
}

/// One page of cameras matching `f`, ordered by code, with the total.
pub fn list(
    conn: &mut DbConnection,
    f: &CameraFilter,
    limit: i64,
    offset: i64,
) -> QueryResult<(Vec<CameraRow>, i64)> {
    let total = filtered(f).count().get_result(conn)?;
    let rows = filtered(f)
        .select(CameraRow::as_select())
        .order(cameras::code.asc())
        .limit(limit)
        .offset(offset)
        .load(conn)?;
    Ok((rows, total))
}

pub fn update(conn: &mut DbConnection, id: &str, changes: &CameraChanges) -> QueryResult<usize> {
    diesel::update(cameras::table.find(id))
        .set(changes)
        .execute(conn)
}

pub fn count(conn: &mut DbConnection) -> QueryResult<i64> {
    cameras::table.count().get_result(conn)
}

pub fn find_by_code(conn: &mut DbConnection, code: &str) -> QueryResult<Option<CameraRow>> {
    cameras::table
        .filter(cameras::code.eq(code))
        .select(CameraRow::as_select())
        .first(conn)
        .optional()
}
