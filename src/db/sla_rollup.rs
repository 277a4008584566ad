//! The monthly SLA rollup (`sla_rollup`): per UTC calendar month of the
//! deadline, ICCC, station, urgency and whether the ICCC has the request,
//! the outcome and reason counts of the settled requests and every one of
//! their times to fulfil (sorted seconds), so whole months of a report
//! are read from a few thousand rows and medians stay exact.
//!
//! Invariant: each rollup row equals what `rebuild` would compute from the
//! requests table. `shift` keeps it so by moving a request's contribution
//! in the same transaction as the change to the request; the only rows
//! that contribute are settled ones, whose status is final, so the key
//! fields (deadline, ICCC, station, urgency, forwarding) never change under
//! a contribution.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use diesel::sql_types::{Binary, Text, Timestamp};

use super::connection::DbConnection;
use super::requests::RequestRow;
use super::schema::{footage_requests, sla_rollup};
use super::sla::Counts;
use crate::domain::authz::RequestVisibility;
use crate::domain::reason::ReasonCode;

/// The first moment of `t`'s UTC calendar month.
pub fn month_of(t: NaiveDateTime) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(t.year(), t.month(), 1)
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .unwrap_or(t)
}

/// The first moment of the month after the one `month` starts.
pub fn next_month(month: NaiveDateTime) -> NaiveDateTime {
    let (y, m) = if month.month() == 12 {
        (month.year() + 1, 1)
    } else {
        (month.year(), month.month() + 1)
    };
    NaiveDate::from_ymd_opt(y, m, 1)
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .unwrap_or(month)
}

/// The whole months inside `[from, to)`, as `[first, end)`; `None` when
/// no month fits.
pub fn whole_months(
    from: NaiveDateTime,
    to: NaiveDateTime,
) -> Option<(NaiveDateTime, NaiveDateTime)> {
    let first = if month_of(from) == from {
        from
    } else {
        next_month(month_of(from))
    };
    let end = month_of(to);
    (first < end).then_some((first, end))
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Key {
    month: NaiveDateTime,
    iccc_id: String,
    station_id: String,
    urgency: String,
    forwarded: bool,
}

impl Key {
    fn of(r: &RequestRow) -> Option<Key> {
        Some(Key {
            month: month_of(r.deadline_at?),
            iccc_id: r.iccc_id.clone(),
            station_id: r.station_id.clone(),
            urgency: r.urgency.as_str().to_owned(),
            forwarded: r.forwarded_at.is_some(),
        })
    }
}

/// What one settled request adds to its rollup row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Contribution {
    on_time: i64,
    late: i64,
    missed: i64,
    /// The reason bits a miss counts under (zero unless missed).
    reason_bits: i32,
    secs: Option<i64>,
}

impl Contribution {
    /// From a request's stored SLA columns; `None` for an open request or
    /// one that adds nothing.
    pub fn of(outcome: Option<&str>, reason_bits: i32, hours: Option<f64>) -> Option<Contribution> {
        let outcome = outcome?;
        let mut c = Contribution {
            secs: hours.map(|h| (h * 3600.0).round() as i64),
            ..Contribution::default()
        };
        match outcome {
            "on_time" => c.on_time = 1,
            "late" => c.late = 1,
            "missed" => {
                c.missed = 1;
                c.reason_bits = reason_bits;
            }
            _ => {}
        }
        (c != Contribution::default()).then_some(c)
    }
}

#[derive(Debug, Clone, Default, Queryable, Selectable, Insertable)]
#[diesel(table_name = sla_rollup)]
struct Row {
    month: NaiveDateTime,
    iccc_id: String,
    station_id: String,
    urgency: String,
    forwarded: bool,
    on_time: i64,
    late: i64,
    missed: i64,
    r0: i64,
    r1: i64,
    r2: i64,
    r3: i64,
    r4: i64,
    r5: i64,
    r6: i64,
    secs: Vec<u8>,
}

const _: () = assert!(ReasonCode::ALL.len() == 7);

/// Sorted seconds to and from the stored little-endian bytes.
pub fn decode(bytes: &[u8]) -> impl Iterator<Item = i64> + '_ {
    bytes.chunks_exact(8).map(|c| {
        let mut b = [0u8; 8];
        b.copy_from_slice(c);
        i64::from_le_bytes(b)
    })
}

fn encode(secs: &[i64]) -> Vec<u8> {
    secs.iter().flat_map(|s| s.to_le_bytes()).collect()
}

impl Row {
    fn empty(k: &Key) -> Row {
        Row {
            month: k.month,
            iccc_id: k.iccc_id.clone(),
            station_id: k.station_id.clone(),
            urgency: k.urgency.clone(),
            forwarded: k.forwarded,
            ..Row::default()
        }
    }

    /// Adds (`sign` 1) or removes (`sign` -1) a contribution.
    fn apply(&mut self, c: &Contribution, sign: i64, secs: &mut Vec<i64>) {
        self.on_time += sign * c.on_time;
        self.late += sign * c.late;
        self.missed += sign * c.missed;
        let reasons = [
            &mut self.r0,
            &mut self.r1,
            &mut self.r2,
            &mut self.r3,
            &mut self.r4,
            &mut self.r5,
            &mut self.r6,
        ];
        for (i, r) in reasons.into_iter().enumerate() {
            if c.reason_bits & (1 << i) != 0 {
                *r += sign;
            }
        }
        if let Some(s) = c.secs {
            let at = secs.partition_point(|&x| x < s);
            if sign > 0 {
                secs.insert(at, s);
            } else if secs.get(at) == Some(&s) {
                secs.remove(at);
            }
        }
    }
}

/// Locks (PostgreSQL) or reads the rollup row for `k`, creating it empty.
fn load_for_update(conn: &mut DbConnection, k: &Key) -> QueryResult<Row> {
    let pk = (
        k.month,
        k.iccc_id.clone(),
        k.station_id.clone(),
        k.urgency.clone(),
        k.forwarded,
    );
    match conn {
        DbConnection::Pg(c) => {
            diesel::insert_into(sla_rollup::table)
                .values(Row::empty(k))
                .on_conflict_do_nothing()
                .execute(c)?;
            sla_rollup::table
                .find(pk)
                .select(Row::as_select())
                .for_update()
                .first(c)
        }
        // SQLite writes run in `BEGIN IMMEDIATE` transactions: the write
        // lock is already held.
        DbConnection::Sqlite(c) => {
            diesel::insert_into(sla_rollup::table)
                .values(Row::empty(k))
                .on_conflict_do_nothing()
                .execute(c)?;
            sla_rollup::table.find(pk).select(Row::as_select()).first(c)
        }
    }
}

fn store(conn: &mut DbConnection, row: &Row) -> QueryResult<()> {
    use sla_rollup::dsl as t;
    diesel::update(sla_rollup::table.find((
        row.month,
        row.iccc_id.clone(),
        row.station_id.clone(),
        row.urgency.clone(),
        row.forwarded,
    )))
    .set((
        t::on_time.eq(row.on_time),
        t::late.eq(row.late),
        t::missed.eq(row.missed),
        t::r0.eq(row.r0),
        t::r1.eq(row.r1),
        t::r2.eq(row.r2),
        t::r3.eq(row.r3),
        t::r4.eq(row.r4),
        t::r5.eq(row.r5),
        t::r6.eq(row.r6),
        t::secs.eq(&row.secs),
    ))
    .execute(conn)?;
    Ok(())
}

/// Moves request `r`'s contribution from `old` to `new` (each from its
/// stored SLA columns); called in the transaction that changes them.
pub fn shift(
    conn: &mut DbConnection,
    r: &RequestRow,
    old: Option<Contribution>,
    new: Option<Contribution>,
) -> QueryResult<()> {
    if old == new {
        return Ok(());
    }
    let Some(k) = Key::of(r) else {
        return Ok(());
    };
    let mut row = load_for_update(conn, &k)?;
    let mut secs: Vec<i64> = decode(&row.secs).collect();
    if let Some(c) = old {
        row.apply(&c, -1, &mut secs);
    }
    if let Some(c) = new {
        row.apply(&c, 1, &mut secs);
    }
    row.secs = encode(&secs);
    store(conn, &row)
}

/// Recomputes the whole rollup from the requests table, in one
/// transaction; returns how many rows it holds. Run after the migration
/// that creates it, by `sakshya sla rebuild`, and by the benchmark seeder.
pub fn rebuild(conn: &mut DbConnection) -> QueryResult<usize> {
    conn.transaction(|conn| {
        diesel::delete(sla_rollup::table).execute(conn)?;
        let rows = compute(conn)?;
        let n = rows.len();
        match conn {
            DbConnection::Pg(c) => {
                for chunk in rows.chunks(2000) {
                    diesel::insert_into(sla_rollup::table)
                        .values(chunk)
                        .execute(c)?;
                }
            }
            DbConnection::Sqlite(c) => {
                for chunk in rows.chunks(1000) {
                    diesel::insert_into(sla_rollup::table)
                        .values(chunk)
                        .execute(c)?;
                }
            }
        }
        Ok(n)
    })
}

/// True when the stored rollup equals what `rebuild` would write
/// (`sakshya sla check`, and the tests).
pub fn consistent(conn: &mut DbConnection) -> QueryResult<bool> {
    let key = |r: &Row| {
        (
            r.month,
            r.iccc_id.clone(),
            r.station_id.clone(),
            r.urgency.clone(),
            r.forwarded,
        )
    };
    let summary = |r: &Row| {
        (
            [
                r.on_time, r.late, r.missed, r.r0, r.r1, r.r2, r.r3, r.r4, r.r5, r.r6,
            ],
            r.secs.clone(),
        )
    };
    let want: HashMap<_, _> = compute(conn)?
        .iter()
        .map(|r| (key(r), summary(r)))
        .collect();
    let stored: Vec<Row> = sla_rollup::table.select(Row::as_select()).load(conn)?;
    let empty = ([0i64; 10], Vec::new());
    let have: HashMap<_, _> = stored
        .iter()
        .map(|r| (key(r), summary(r)))
        // Rows emptied by deltas are kept; they add nothing.
        .filter(|(_, v)| *v != empty)
        .collect();
    Ok(want == have)
}

/// The rollup computed from the requests table, a page at a time.
fn compute(conn: &mut DbConnection) -> QueryResult<Vec<Row>> {
    use footage_requests::dsl as f;
    let mut acc: HashMap<Key, (Row, Vec<i64>)> = HashMap::new();
    let mut after = String::new();
    loop {
        let page: Vec<(RequestRow, Option<String>, i32, Option<f64>)> = footage_requests::table
            .filter(f::id.gt(&after))
            .filter(f::sla_outcome.is_not_null())
            .filter(f::deadline_at.is_not_null())
            .order(f::id)
            .limit(50_000)
            .select((
                RequestRow::as_select(),
                f::sla_outcome,
                f::sla_reason_bits,
                f::sla_hours,
            ))
            .load(conn)?;
        let Some(last) = page.last() else { break };
        after = last.0.id.to_string();
        for (r, outcome, bits, hours) in &page {
            let (Some(k), Some(c)) = (
                Key::of(r),
                Contribution::of(outcome.as_deref(), *bits, *hours),
            ) else {
                continue;
            };
            let (row, secs) = acc
                .entry(k.clone())
                .or_insert_with(|| (Row::empty(&k), Vec::new()));
            if let Some(s) = c.secs {
                secs.push(s);
            }
            row.apply(&Contribution { secs: None, ..c }, 1, secs);
        }
    }
    Ok(acc
        .into_values()
        .map(|(mut row, mut secs)| {
            secs.sort_unstable();
            row.secs = encode(&secs);
            row
        })
        .collect())
}

/// One rollup row as a report reads it: the group key's value, the
/// counts, and the sorted seconds.
#[derive(Debug, Clone, QueryableByName)]
pub struct Part {
    #[diesel(embed)]
    pub counts: Counts,
    #[diesel(sql_type = Binary)]
    pub secs: Vec<u8>,
}

/// The rollup rows of the whole months `[first, end)` that `vis` may see,
/// with `key_expr` (over alias `r`) as the group key.
pub fn parts(
    conn: &mut DbConnection,
    key_expr: &str,
    vis: &RequestVisibility,
    first: NaiveDateTime,
    end: NaiveDateTime,
) -> QueryResult<Vec<Part>> {
    let (org, scope) = super::sla::scope(vis, "r.forwarded");
    let sql = |p: fn(u8) -> String| {
        format!(
            "SELECT {key_expr} AS k, r.on_time, r.late, r.missed, CAST(0 AS BIGINT) AS pending, \
             r.r0, r.r1, r.r2, r.r3, r.r4, r.r5, r.r6, r.secs \
             FROM sla_rollup r WHERE r.month >= {} AND r.month < {}{}",
            p(1),
            p(2),
            scope.replace("{o}", &p(3)),
        )
    };
    macro_rules! go {
        ($c:expr, $backend:ty, $p:expr) => {{
            let mut q = diesel::sql_query(sql($p))
                .into_boxed::<$backend>()
                .bind::<Timestamp, _>(first)
                .bind::<Timestamp, _>(end);
            if let Some(o) = org {
                q = q.bind::<Text, _>(o.to_owned());
            }
            q.load::<Part>($c)
        }};
    }
    match conn {
        DbConnection::Pg(c) => go!(c, diesel::pg::Pg, |n| format!("${n}")),
        DbConnection::Sqlite(c) => go!(c, diesel::sqlite::Sqlite, |n| format!("?{n}")),
    }
}
