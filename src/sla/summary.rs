//! `GET /api/v1/sla/summary`: the SLA figures for the requests whose
//! deadline fell in a period, grouped, within the caller's scope.
//!
//! Requests are classified in Rust by `domain::sla` (one query for the
//! requests, one per 500 for their items). Grouping by camera counts a
//! request under each camera its items ask for.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Datelike, NaiveDateTime, Utc};
use serde::Serialize;

use crate::db::requests::{self, ItemRow, RequestFilter, RequestRow};
use crate::db::{cameras, organisations, time, DbConnection};
use crate::domain::authz::{Actor, RequestVisibility};
use crate::domain::fulfilment::ItemStatus;
use crate::domain::reason::ReasonCode;
use crate::domain::sla::{classify, summarise, Classified, Figures, SlaFacts};
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
                    "invalid_group_by",
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

fn parse_item(i: &ItemRow) -> (ItemStatus, Option<ReasonCode>) {
    (
        i.status.parse().unwrap_or(ItemStatus::Pending),
        i.reason_code.as_deref().and_then(|r| r.parse().ok()),
    )
}

fn classify_row(
    r: &RequestRow,
    items: &[(ItemStatus, Option<ReasonCode>)],
    now: DateTime<Utc>,
) -> Classified {
    let opt = |t: Option<NaiveDateTime>| t.map(time::from_db);
    classify(
        &SlaFacts {
            status: r
                .status
                .parse()
                .unwrap_or(crate::domain::lifecycle::RequestStatus::Draft),
            reason: r.reason_code.as_deref().and_then(|c| c.parse().ok()),
            items,
            submitted_at: opt(r.submitted_at),
            deadline_at: opt(r.deadline_at),
            closed_at: opt(r.closed_at),
        },
        now,
    )
}

/// Every request `vis` allows whose deadline is in `[from, to)`, with its
/// items, classified as of `as_of`.
pub fn classified_in(
    conn: &mut DbConnection,
    vis: &RequestVisibility,
    from: NaiveDateTime,
    to: NaiveDateTime,
    as_of: DateTime<Utc>,
) -> Result<Vec<(RequestRow, Vec<ItemRow>, Classified)>, ApiError> {
    let rows = requests::all_matching(
        conn,
        vis,
        &RequestFilter {
            deadline_from: Some(from),
            deadline_to: Some(to),
            ..RequestFilter::default()
        },
    )?;
    let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
    let mut items: HashMap<String, Vec<ItemRow>> = HashMap::new();
    for i in requests::items_of(conn, &ids)? {
        items.entry(i.request_id.clone()).or_default().push(i);
    }
    Ok(rows
        .into_iter()
        .map(|r| {
            let its = items.remove(&r.id).unwrap_or_default();
            let parsed: Vec<_> = its.iter().map(parse_item).collect();
            let c = classify_row(&r, &parsed, as_of);
            (r, its, c)
        })
        .collect())
}

/// The report for `actor`'s scope.
pub fn summary(
    conn: &mut DbConnection,
    actor: &Actor,
    from: NaiveDateTime,
    to: NaiveDateTime,
    group_by: GroupBy,
    as_of: DateTime<Utc>,
    target: f64,
) -> Result<Report, ApiError> {
    let vis = actor.request_visibility();
    let mut groups: BTreeMap<String, Vec<Classified>> = BTreeMap::new();
    let mut all = Vec::new();
    for (r, its, c) in classified_in(conn, &vis, from, to, as_of)? {
        let keys: Vec<String> = match group_by {
            GroupBy::Iccc => vec![r.iccc_id.clone()],
            GroupBy::Station => vec![r.station_id.clone()],
            GroupBy::Urgency => vec![r.urgency.clone()],
            GroupBy::Week => {
                let w = r.deadline_at.unwrap_or(from).iso_week();
                vec![format!("{}-W{:02}", w.year(), w.week())]
            }
            GroupBy::Camera => {
                let mut cams: Vec<String> = its.iter().map(|i| i.camera_id.clone()).collect();
                cams.sort();
                cams.dedup();
                cams
            }
        };
        for k in keys {
            groups.entry(k).or_default().push(c.clone());
        }
        all.push(c);
    }
    let mut out = Vec::with_capacity(groups.len());
    for (key, cs) in groups {
        let (code, name) = match group_by {
            GroupBy::Iccc | GroupBy::Station => match organisations::find(conn, &key)? {
                Some(o) => (o.code, o.name),
                None => (key.clone(), String::new()),
            },
            GroupBy::Camera => match cameras::find(conn, &key)? {
                Some(c) => (c.code, c.name),
                None => (key.clone(), String::new()),
            },
            GroupBy::Urgency | GroupBy::Week => (key.clone(), key.clone()),
        };
        out.push(Group {
            key: code,
            name,
            figures: summarise(&cs),
        });
    }
    out.sort_by(|a, b| a.key.cmp(&b.key));
    Ok(Report {
        from: time::from_db(from),
        to: time::from_db(to),
        as_of,
        target,
        group_by,
        groups: out,
        total: summarise(&all),
    })
}

/// The report as CSV: one row per group, then the total.
pub fn to_csv(r: &Report) -> String {
    let mut s = String::from(
        "group,name,on_time,late,missed,pending,fulfilment_rate,target,fulfilled_at_all,median_hours_to_fulfil,p90_hours_to_fulfil",
    );
    for code in ReasonCode::ALL {
        s.push(',');
        s.push_str(code.as_str());
    }
    s.push('\n');
    let opt = |v: Option<f64>| v.map(|x| format!("{x:.4}")).unwrap_or_default();
    let quote = |v: &str| format!("\"{}\"", v.replace('"', "\"\""));
    let total = Group {
        key: "TOTAL".into(),
        name: String::new(),
        figures: r.total.clone(),
    };
    for g in r.groups.iter().chain(std::iter::once(&total)) {
        let f = &g.figures;
        s.push_str(&format!(
            "{},{},{},{},{},{},{},{},{},{},{}",
            quote(&g.key),
            quote(&g.name),
            f.on_time,
            f.late,
            f.missed,
            f.pending,
            opt(f.fulfilment_rate),
            r.target,
            opt(f.fulfilled_at_all),
            opt(f.median_hours_to_fulfil),
            opt(f.p90_hours_to_fulfil)
        ));
        for code in ReasonCode::ALL {
            let n = f
                .reasons
                .iter()
                .find(|(c, _, _)| c == code.as_str())
                .map_or(0, |(_, n, _)| *n);
            s.push_str(&format!(",{n}"));
        }
        s.push('\n');
    }
    s
}
