//! `GET /api/v1/sla/summary`: the SLA figures for the requests whose
//! deadline fell in a period, grouped, within the caller's scope.
//!
//! Each request's settled outcome is kept with it (`db::sla`, derived by
//! `domain::sla::Settled`), so the database counts: one grouped query for
//! outcomes and reasons, one ranked query for the median and p90. Grouping
//! by camera counts a request under each camera its items ask for.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, NaiveDateTime, Utc};
use serde::Serialize;

use crate::db::sla::{self as db_sla, GroupKey, Period};
use crate::db::sla_rollup;
use crate::db::{cameras, organisations, time, DbConnection};
use crate::domain::authz::RequestVisibility;
use crate::domain::reason::ReasonCode;
use crate::domain::sla::Figures;
use crate::domain::ValidationError;
use crate::error::ApiError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum GroupBy {
    Iccc,
    Station,
    Camera,
    Urgency,
    Week,
}

impl std::str::FromStr for GroupBy {
    type Err = ValidationError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(match s {
            "iccc" => GroupBy::Iccc,
            "station" => GroupBy::Station,
            "camera" => GroupBy::Camera,
            "urgency" => GroupBy::Urgency,
            "week" => GroupBy::Week,
            _ => {
                return Err(ValidationError::new(
                    crate::domain::error_code::ErrorCode::InvalidGroupBy,
                    "group_by must be iccc, station, camera, urgency or week",
                ))
            }
        })
    }
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Group {
    /// The organisation or camera code, the urgency, or the ISO week
    /// (`2026-W47`) of the deadline.
    pub key: String,
    pub name: String,
    #[schema(value_type = Object)]
    pub figures: Figures,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Report {
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
    /// The moment the figures are computed as of.
    pub as_of: DateTime<Utc>,
    pub target: f64,
    pub group_by: GroupBy,
    pub groups: Vec<Group>,
    #[schema(value_type = Object)]
    pub total: Figures,
}

impl GroupBy {
    fn key(self) -> GroupKey {
        match self {
            GroupBy::Iccc => GroupKey::Iccc,
            GroupBy::Station => GroupKey::Station,
            GroupBy::Camera => GroupKey::Camera,
            GroupBy::Urgency => GroupKey::Urgency,
            GroupBy::Week => GroupKey::Week,
        }
    }
}

fn figures_of(c: &db_sla::Counts) -> Figures {
    let n = |v: i64| u64::try_from(v).unwrap_or(0);
    let reasons: Vec<(String, u64)> = ReasonCode::ALL
        .iter()
        .zip(c.reasons())
        .filter(|(_, k)| *k > 0)
        .map(|(code, k)| (code.as_str().to_owned(), n(k)))
        .collect();
    Figures::from_counts(n(c.on_time), n(c.late), n(c.missed), n(c.pending), &reasons)
}

/// Fills in the median and p90 time to fulfil of each group.
fn add_ranks(
    conn: &mut DbConnection,
    key: GroupKey,
    period: &Period<'_>,
    out: &mut BTreeMap<String, Figures>,
) -> Result<(), ApiError> {
    for r in db_sla::ranks(conn, key, period)? {
        let f = out.entry(r.k.clone()).or_default();
        if r.rn == ((r.n * 50 + 99) / 100).max(1) {
            f.median_hours_to_fulfil = Some(r.h);
        }
        if r.rn == ((r.n * 90 + 99) / 100).max(1) {
            f.p90_hours_to_fulfil = Some(r.h);
        }
    }
    Ok(())
}

/// Figures per group key, and the total. Every key but camera and week
/// reads whole UTC months from the monthly rollup (`db::sla_rollup`) and
/// only the rest (the period's partial months at either end, and the open
/// requests) from the requests table; camera and week count the requests
/// table alone (`figures_scanned`). Both give the same figures.
pub fn figures(
    conn: &mut DbConnection,
    key: GroupKey,
    period: &Period<'_>,
) -> Result<(BTreeMap<String, Figures>, Figures), ApiError> {
    let rolls = matches!(
        key,
        GroupKey::Iccc | GroupKey::Station | GroupKey::Urgency | GroupKey::Total
    );
    match sla_rollup::whole_months(period.from, period.to) {
        Some(months) if rolls && !period.open_only => figures_rolled(conn, key, period, months),
        _ => figures_scanned(conn, key, period),
    }
}

fn counted(f: &Figures) -> bool {
    f.on_time + f.late + f.missed + f.pending > 0
}

/// Counts and times to fulfil (seconds) per group, being summed.
#[derive(Default)]
struct Tally(BTreeMap<String, (Option<db_sla::Counts>, Vec<i64>)>);

impl Tally {
    fn count(&mut self, c: &db_sla::Counts) {
        let (sum, _) = self.0.entry(c.k.clone()).or_default();
        sum.get_or_insert_with(db_sla::Counts::zero).add(c);
    }

    fn times(&mut self, k: &str) -> &mut Vec<i64> {
        &mut self.0.entry(k.to_owned()).or_default().1
    }

    fn figures(counts: Option<&db_sla::Counts>, secs: &mut [i64]) -> Figures {
        let mut f = counts.map(figures_of).unwrap_or_default();
        f.median_hours_to_fulfil = nearest_rank(secs, 50);
        f.p90_hours_to_fulfil = nearest_rank(secs, 90);
        f
    }
}

/// The value at nearest rank ceil(p·n/100), in hours (as
/// `domain::sla::percentile` and the ranked SQL choose it).
fn nearest_rank(secs: &mut [i64], p: usize) -> Option<f64> {
    let n = secs.len();
    if n == 0 {
        return None;
    }
    let rank = (p * n).div_ceil(100).clamp(1, n) - 1;
    let (_, v, _) = secs.select_nth_unstable(rank);
    Some(*v as f64 / 3600.0)
}

fn figures_rolled(
    conn: &mut DbConnection,
    key: GroupKey,
    period: &Period<'_>,
    (first, end): (NaiveDateTime, NaiveDateTime),
) -> Result<(BTreeMap<String, Figures>, Figures), ApiError> {
    let mut tally = Tally::default();
    // The partial months at either end, from the requests.
    for (from, to) in [(period.from, first), (end, period.to)] {
        if from >= to {
            continue;
        }
        let edge = Period {
            from,
            to,
            ..*period
        };
        for c in db_sla::counts(conn, key, &edge)? {
            tally.count(&c);
        }
        for h in db_sla::hours(conn, key, &edge)? {
            tally.times(&h.k).push((h.h * 3600.0).round() as i64);
        }
    }
    // The whole months: open requests from the requests, the rest rolled.
    let open = Period {
        from: first,
        to: end,
        open_only: true,
        ..*period
    };
    for c in db_sla::counts(conn, key, &open)? {
        tally.count(&c);
    }
    for part in sla_rollup::parts(conn, key.expr(), period.vis, first, end)? {
        tally.count(&part.counts);
        tally
            .times(&part.counts.k)
            .extend(sla_rollup::decode(&part.secs));
    }
    let mut total_counts = db_sla::Counts::zero();
    let mut all = Vec::new();
    let mut out = BTreeMap::new();
    for (k, (counts, mut secs)) in tally.0 {
        if let Some(c) = &counts {
            total_counts.add(c);
        }
        let f = Tally::figures(counts.as_ref(), &mut secs);
        all.append(&mut secs);
        if counted(&f) {
            out.insert(k, f);
        }
    }
    let total = Tally::figures(Some(&total_counts), &mut all);
    Ok((out, total))
}

/// Figures per group key counted from the requests table: outcome and
/// reason counts, then the median and p90 time to fulfil by rank; and the
/// total. When each request falls in exactly one group (every grouping
/// but camera), the total's counts are the groups' sums.
pub fn figures_scanned(
    conn: &mut DbConnection,
    key: GroupKey,
    period: &Period<'_>,
) -> Result<(BTreeMap<String, Figures>, Figures), ApiError> {
    let counts = db_sla::counts(conn, key, period)?;
    let mut out: BTreeMap<String, Figures> = counts
        .iter()
        .map(|c| (c.k.clone(), figures_of(c)))
        .collect();
    add_ranks(conn, key, period, &mut out)?;
    // Groups whose requests were all withdrawn count nothing.
    out.retain(|_, f| counted(f));
    let partitions = !matches!(key, GroupKey::Camera);
    let total_counts = if partitions {
        let mut sum = db_sla::Counts::zero();
        for c in &counts {
            sum.add(c);
        }
        vec![sum]
    } else {
        db_sla::counts(conn, GroupKey::Total, period)?
    };
    let mut total: BTreeMap<String, Figures> = total_counts
        .iter()
        .map(|c| (String::new(), figures_of(c)))
        .collect();
    add_ranks(conn, GroupKey::Total, period, &mut total)?;
    Ok((out, total.into_values().next().unwrap_or_default()))
}

/// The report for the requests `vis` allows.
pub fn summary(
    conn: &mut DbConnection,
    vis: &RequestVisibility,
    from: NaiveDateTime,
    to: NaiveDateTime,
    group_by: GroupBy,
    as_of: DateTime<Utc>,
    target: f64,
) -> Result<Report, ApiError> {
    let period = Period {
        vis,
        from,
        to,
        as_of: time::to_db(as_of),
        open_only: false,
    };
    let (groups, total) = figures(conn, group_by.key(), &period)?;
    let ids: Vec<String> = groups.keys().cloned().collect();
    let names: HashMap<String, (String, String)> = match group_by {
        GroupBy::Iccc | GroupBy::Station => organisations::find_many(conn, &ids)?
            .into_iter()
            .map(|o| (o.id, (o.code, o.name)))
            .collect(),
        GroupBy::Camera => cameras::find_many(conn, &ids)?
            .into_iter()
            .map(|c| (c.id, (c.code, c.name)))
            .collect(),
        GroupBy::Urgency | GroupBy::Week => HashMap::new(),
    };
    let mut out: Vec<Group> = groups
        .into_iter()
        .map(|(key, figures)| {
            let (code, name) = match group_by {
                GroupBy::Urgency | GroupBy::Week => (key.clone(), key),
                _ => names.get(&key).cloned().unwrap_or((key, String::new())),
            };
            Group {
                key: code,
                name,
                figures,
            }
        })
        .collect();
    out.sort_by(|a, b| a.key.cmp(&b.key));
    Ok(Report {
        from: time::from_db(from),
        to: time::from_db(to),
        as_of,
        target,
        group_by,
        groups: out,
        total,
    })
}

/// The report as CSV: one row per group, then the total, every cell
/// neutralised against formula injection (`csv_cells`).
pub fn to_csv(r: &Report) -> Result<String, csv::Error> {
    let mut header: Vec<String> = [
        "group",
        "name",
        "on_time",
        "late",
        "missed",
        "pending",
        "fulfilment_rate",
        "target",
        "fulfilled_at_all",
        "median_hours_to_fulfil",
        "p90_hours_to_fulfil",
    ]
    .into_iter()
    .map(str::to_owned)
    .collect();
    header.extend(ReasonCode::ALL.iter().map(|c| c.as_str().to_owned()));
    let opt = |v: Option<f64>| v.map(|x| format!("{x:.4}")).unwrap_or_default();
    let total = Group {
        key: "TOTAL".into(),
        name: String::new(),
        figures: r.total.clone(),
    };
    let rows = r.groups.iter().chain(std::iter::once(&total)).map(|g| {
        let f = &g.figures;
        let mut row = vec![
            g.key.clone(),
            g.name.clone(),
            f.on_time.to_string(),
            f.late.to_string(),
            f.missed.to_string(),
            f.pending.to_string(),
            opt(f.fulfilment_rate),
            r.target.to_string(),
            opt(f.fulfilled_at_all),
            opt(f.median_hours_to_fulfil),
            opt(f.p90_hours_to_fulfil),
        ];
        for code in ReasonCode::ALL {
            let n = f
                .reasons
                .iter()
                .find(|(c, _, _)| c == code.as_str())
                .map_or(0, |(_, n, _)| *n);
            row.push(n.to_string());
        }
        row
    });
    crate::csv_cells::to_csv(std::iter::once(header).chain(rows))
}
