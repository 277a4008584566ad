//! The SLA outcome kept with each request, and the SQL that counts it.
//!
//! `sla::stored::refresh` stores `domain::sla::Settled` in the request's
//! `sla_*` columns (`SlaColumns`) in the transaction of every change to a
//! request or one of its items. Reports then group and count in SQL, so a quarter
//! of a state's requests is summed by the database, not loaded: the only
//! moment-dependent rule (an open request is missed once past its
//! deadline) is a `CASE` on `deadline_at`.

use chrono::{Datelike, NaiveDateTime};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Double, Text, Timestamp};

use super::connection::DbConnection;
use super::requests::{ItemRow, RequestRow};
use super::schema::footage_requests;
use super::time;
use crate::domain::authz::RequestVisibility;
use crate::domain::fulfilment::ItemStatus;
use crate::domain::reason::ReasonCode;
use crate::domain::sla::{Settled, SlaFacts};

/// A request and its items as the rules' facts, settled.
pub fn settle(r: &RequestRow, items: &[ItemRow]) -> Settled {
    let parsed: Vec<(ItemStatus, Option<ReasonCode>)> =
        items.iter().map(|i| (i.status, i.reason_code)).collect();
    let opt = |t: Option<NaiveDateTime>| t.map(time::from_db);
    Settled::of(&SlaFacts {
        status: r.status,
        reason: r.reason_code,
        items: &parsed,
        submitted_at: opt(r.submitted_at),
        deadline_at: opt(r.deadline_at),
        closed_at: opt(r.closed_at),
    })
}

/// The `sla_*` column values for a settled request.
#[derive(Debug, Clone, PartialEq, AsChangeset)]
#[diesel(table_name = footage_requests, treat_none_as_null = true)]
pub struct SlaColumns {
    pub sla_outcome: Option<String>,
    /// Bit i set: `ReasonCode::ALL[i]` is a reason.
    pub sla_reason_bits: i32,
    pub sla_hours: Option<f64>,
    pub sla_week: Option<String>,
}

impl SlaColumns {
    pub fn of(r: &RequestRow, items: &[ItemRow]) -> SlaColumns {
        let s = settle(r, items);
        let reasons = ReasonCode::ALL
            .iter()
            .enumerate()
            .filter(|(_, code)| s.reasons.contains(code))
            .fold(0i32, |bits, (i, _)| bits | (1 << i));
        SlaColumns {
            sla_outcome: s.outcome.map(|o| o.as_str().to_owned()),
            sla_reason_bits: reasons,
            sla_hours: s.time_to_fulfil.map(|d| d.num_seconds() as f64 / 3600.0),
            sla_week: r.deadline_at.map(|d| {
                let w = d.iso_week();
                format!("{}-W{:02}", w.year(), w.week())
            }),
        }
    }
}

/// What a report groups by, as SQL over `footage_requests r`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupKey {
    Iccc,
    Station,
    /// Each camera an item asks for (a request counts once per camera).
    Camera,
    Urgency,
    Week,
    /// Everything in one group (the total).
    Total,
}

impl GroupKey {
    /// The key's SQL over alias `r` (the requests, or the rollup for
    /// every key but camera and week).
    pub fn expr(self) -> &'static str {
        match self {
            GroupKey::Iccc => "r.iccc_id",
            GroupKey::Station => "r.station_id",
            GroupKey::Camera => "c.camera_id",
            GroupKey::Urgency => "r.urgency",
            GroupKey::Week => "COALESCE(r.sla_week, '')",
            GroupKey::Total => "''",
        }
    }

    /// `GROUP BY` / `PARTITION BY` clause (none for the total: PostgreSQL
    /// refuses to group by a constant).
    fn grouping(self, clause: &str) -> String {
        match self {
            GroupKey::Total => String::new(),
            k => format!("{clause} {}", k.expr()),
        }
    }

    fn join(self) -> &'static str {
        match self {
            GroupKey::Camera => {
                " JOIN (SELECT DISTINCT request_id, camera_id FROM request_items) c ON c.request_id = r.id"
            }
            _ => "",
        }
    }
}

/// Counts for one group: outcomes, and how many misses each reason code
/// (in `ReasonCode::ALL` order) accounts for.
#[derive(Debug, Clone, QueryableByName)]
pub struct Counts {
    #[diesel(sql_type = Text)]
    pub k: String,
    #[diesel(sql_type = BigInt)]
    pub on_time: i64,
    #[diesel(sql_type = BigInt)]
    pub late: i64,
    #[diesel(sql_type = BigInt)]
    pub missed: i64,
    #[diesel(sql_type = BigInt)]
    pub pending: i64,
    #[diesel(sql_type = BigInt)]
    pub r0: i64,
    #[diesel(sql_type = BigInt)]
    pub r1: i64,
    #[diesel(sql_type = BigInt)]
    pub r2: i64,
    #[diesel(sql_type = BigInt)]
    pub r3: i64,
    #[diesel(sql_type = BigInt)]
    pub r4: i64,
    #[diesel(sql_type = BigInt)]
    pub r5: i64,
    #[diesel(sql_type = BigInt)]
    pub r6: i64,
}

impl Counts {
    pub fn zero() -> Counts {
        Counts {
            k: String::new(),
            on_time: 0,
            late: 0,
            missed: 0,
            pending: 0,
            r0: 0,
            r1: 0,
            r2: 0,
            r3: 0,
            r4: 0,
            r5: 0,
            r6: 0,
        }
    }

    /// Adds another group's counts to these.
    pub fn add(&mut self, o: &Counts) {
        self.on_time += o.on_time;
        self.late += o.late;
        self.missed += o.missed;
        self.pending += o.pending;
        self.r0 += o.r0;
        self.r1 += o.r1;
        self.r2 += o.r2;
        self.r3 += o.r3;
        self.r4 += o.r4;
        self.r5 += o.r5;
        self.r6 += o.r6;
    }

    pub fn reasons(&self) -> [i64; 7] {
        [
            self.r0, self.r1, self.r2, self.r3, self.r4, self.r5, self.r6,
        ]
    }
}

/// The median or p90 time to fulfil of one group: the value at nearest
/// rank `rn` of `n`.
#[derive(Debug, Clone, QueryableByName)]
pub struct Ranked {
    #[diesel(sql_type = Text)]
    pub k: String,
    #[diesel(sql_type = BigInt)]
    pub rn: i64,
    #[diesel(sql_type = BigInt)]
    pub n: i64,
    #[diesel(sql_type = Double)]
    pub h: f64,
}

/// One request's time to fulfil, in hours, and its group.
#[derive(Debug, Clone, QueryableByName)]
pub struct Hours {
    #[diesel(sql_type = Text)]
    pub k: String,
    #[diesel(sql_type = Double)]
    pub h: f64,
}

/// Which requests a report covers.
pub struct Period<'a> {
    pub vis: &'a RequestVisibility,
    pub from: NaiveDateTime,
    pub to: NaiveDateTime,
    pub as_of: NaiveDateTime,
    /// Only the open requests (those the rollup leaves out).
    pub open_only: bool,
}

const _: () = assert!(ReasonCode::ALL.len() == 7);

/// The caller's scope as a `WHERE` fragment (starting with ` AND`) over
/// alias `r`, with `{o}` where the organisation parameter goes, and that
/// organisation; `forwarded` is the SQL saying the ICCC has the request.
pub fn scope<'v>(vis: &'v RequestVisibility, forwarded: &str) -> (Option<&'v str>, String) {
    match vis {
        RequestVisibility::Station(o) => (Some(o), " AND r.station_id = {o}".to_owned()),
        RequestVisibility::Iccc(o) => (Some(o), format!(" AND r.iccc_id = {{o}} AND {forwarded}")),
        RequestVisibility::Either(o) => (
            Some(o),
            format!(" AND (r.station_id = {{o}} OR (r.iccc_id = {{o}} AND {forwarded}))"),
        ),
        RequestVisibility::Nothing => (None, " AND 1 = 0".to_owned()),
        RequestVisibility::All => (None, String::new()),
    }
}

/// `WHERE` clause: the period ($1, $2), the caller's visibility ($4), and
/// for `open_only` the open requests alone.
fn filter(period: &Period<'_>, p: fn(u8) -> String) -> String {
    let (_, scope) = scope(period.vis, "r.forwarded_at IS NOT NULL");
    let mut w = format!(
        "r.deadline_at >= {} AND r.deadline_at < {}{}",
        p(1),
        p(2),
        scope.replace("{o}", &p(4))
    );
    if period.open_only {
        w += " AND r.sla_outcome IS NULL";
    }
    w
}

fn org(vis: &RequestVisibility) -> Option<&str> {
    scope(vis, "").0
}

fn counts_sql(key: GroupKey, period: &Period<'_>, p: fn(u8) -> String) -> String {
    let missed = format!(
        "(r.sla_outcome = 'missed' OR (r.sla_outcome IS NULL AND r.deadline_at < {}))",
        p(3)
    );
    let mut sql = format!(
        "SELECT {k} AS k, \
         COALESCE(SUM(CASE WHEN r.sla_outcome = 'on_time' THEN 1 ELSE 0 END), 0) AS on_time, \
         COALESCE(SUM(CASE WHEN r.sla_outcome = 'late' THEN 1 ELSE 0 END), 0) AS late, \
         COALESCE(SUM(CASE WHEN {missed} THEN 1 ELSE 0 END), 0) AS missed, \
         COALESCE(SUM(CASE WHEN r.sla_outcome IS NULL AND r.deadline_at >= {asof} THEN 1 ELSE 0 END), 0) AS pending",
        k = key.expr(),
        asof = p(3),
    );
    for i in 0..ReasonCode::ALL.len() {
        sql += &format!(
            ", COALESCE(SUM(CASE WHEN {missed} AND (r.sla_reason_bits & {bit}) <> 0 THEN 1 ELSE 0 END), 0) AS r{i}",
            bit = 1 << i
        );
    }
    sql += &format!(
        " FROM footage_requests r{} WHERE {} {}",
        key.join(),
        filter(period, p),
        key.grouping("GROUP BY")
    );
    sql
}

fn ranks_sql(key: GroupKey, period: &Period<'_>, p: fn(u8) -> String) -> String {
    // Nearest rank: ceil(p·n/100) in integer arithmetic, as
    // `domain::sla::percentile` computes it.
    format!(
        "SELECT k, rn, n, h FROM (SELECT {k} AS k, r.sla_hours AS h, \
         ROW_NUMBER() OVER ({part} ORDER BY r.sla_hours) AS rn, \
         COUNT(*) OVER ({part}) AS n \
         FROM footage_requests r{join} WHERE {w} AND r.sla_hours IS NOT NULL AND {asof} IS NOT NULL) t \
         WHERE rn = (n * 50 + 99) / 100 OR rn = (n * 90 + 99) / 100",
        k = key.expr(),
        part = key.grouping("PARTITION BY"),
        join = key.join(),
        w = filter(period, p),
        asof = p(3),
    )
}

fn hours_sql(key: GroupKey, period: &Period<'_>, p: fn(u8) -> String) -> String {
    format!(
        "SELECT {k} AS k, r.sla_hours AS h FROM footage_requests r{join} \
         WHERE {w} AND r.sla_hours IS NOT NULL AND {asof} IS NOT NULL",
        k = key.expr(),
        join = key.join(),
        w = filter(period, p),
        asof = p(3),
    )
}

fn pg_param(n: u8) -> String {
    format!("${n}")
}

fn sqlite_param(n: u8) -> String {
    format!("?{n}")
}

macro_rules! run {
    ($conn:expr, $backend:ty, $sql:expr, $period:expr, $row:ty) => {{
        let mut q = diesel::sql_query($sql)
            .into_boxed::<$backend>()
            .bind::<Timestamp, _>($period.from)
            .bind::<Timestamp, _>($period.to)
            .bind::<Timestamp, _>($period.as_of);
        if let Some(o) = org($period.vis) {
            q = q.bind::<Text, _>(o.to_owned());
        }
        q.load::<$row>($conn)
    }};
}

/// Outcome and reason counts per group.
pub fn counts(
    conn: &mut DbConnection,
    key: GroupKey,
    period: &Period<'_>,
) -> QueryResult<Vec<Counts>> {
    match conn {
        DbConnection::Pg(c) => run!(
            c,
            diesel::pg::Pg,
            counts_sql(key, period, pg_param),
            period,
            Counts
        ),
        DbConnection::Sqlite(c) => run!(
            c,
            diesel::sqlite::Sqlite,
            counts_sql(key, period, sqlite_param),
            period,
            Counts
        ),
    }
}

/// The median and p90 rows per group (one row when both ranks coincide).
pub fn ranks(
    conn: &mut DbConnection,
    key: GroupKey,
    period: &Period<'_>,
) -> QueryResult<Vec<Ranked>> {
    match conn {
        DbConnection::Pg(c) => run!(
            c,
            diesel::pg::Pg,
            ranks_sql(key, period, pg_param),
            period,
            Ranked
        ),
        DbConnection::Sqlite(c) => run!(
            c,
            diesel::sqlite::Sqlite,
            ranks_sql(key, period, sqlite_param),
            period,
            Ranked
        ),
    }
}

/// Every time to fulfil in the period, with its group.
pub fn hours(
    conn: &mut DbConnection,
    key: GroupKey,
    period: &Period<'_>,
) -> QueryResult<Vec<Hours>> {
    match conn {
        DbConnection::Pg(c) => run!(
            c,
            diesel::pg::Pg,
            hours_sql(key, period, pg_param),
            period,
            Hours
        ),
        DbConnection::Sqlite(c) => run!(
            c,
            diesel::sqlite::Sqlite,
            hours_sql(key, period, sqlite_param),
            period,
            Hours
        ),
    }
}
