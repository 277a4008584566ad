//! `GET /api/v1/sla/at-risk`: open requests whose deadline, or the
//! overwriting of footage not yet preserved, falls within the next hours.

use chrono::{DateTime, Duration, Utc};
use serde::Serialize;

use crate::db::requests::{self, RequestFilter};
use crate::db::{cameras, holds, organisations, segments, time, DbConnection};
use crate::domain::authz::RequestVisibility;
use crate::domain::lifecycle::RequestStatus;
use crate::error::ApiError;

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AtRisk {
    pub request_id: String,
    pub station: String,
    pub iccc: String,
    pub urgency: String,
    pub status: String,
    pub deadline_at: Option<DateTime<Utc>>,
    /// Earliest time a segment some open item needs, and no hold keeps,
    /// falls out of its camera's retention.
    pub overwrite_at: Option<DateTime<Utc>>,
    /// `deadline` and/or `overwrite`.
    pub risks: Vec<&'static str>,
}

const OPEN: [RequestStatus; 5] = [
    RequestStatus::Submitted,
    RequestStatus::Endorsed,
    RequestStatus::InReview,
    RequestStatus::Approved,
    RequestStatus::Extracting,
];

/// Open requests `vis` allows at risk within `within` of `now`, the most
/// urgent first.
pub fn at_risk(
    conn: &mut DbConnection,
    vis: &RequestVisibility,
    now: DateTime<Utc>,
    within: Duration,
) -> Result<Vec<AtRisk>, ApiError> {
    let horizon = now + within;
    let mut out = Vec::new();
    for status in OPEN {
        let rows = requests::all_matching(
            conn,
            vis,
            &RequestFilter {
                status: Some(status),
                ..RequestFilter::default()
            },
        )?;
        for r in rows {
            let held: Vec<String> = holds::for_request(conn, &r.id)?
                .into_iter()
                .filter(|(h, _)| h.released_at.is_none())
                .map(|(h, _)| h.segment_id)
                .collect();
            let mut overwrite_at: Option<DateTime<Utc>> = None;
            for item in requests::items(conn, &r.id)? {
                if item.status.is_final() {
                    continue;
                }
                let Some(camera) = cameras::find(conn, &item.camera_id)? else {
                    continue;
                };
                let basis = crate::recordings::overwrite::basis(conn, &camera)?;
                let segs = segments::overlapping(
                    conn,
                    &item.camera_id,
                    item.window_start,
                    item.window_end,
                )?;
                let earliest = if basis.is_recorder() && segs.is_empty() {
                    Some(basis.overwrite_at(time::from_db(item.window_start)))
                } else {
                    segs.into_iter()
                        .filter(|s| s.status == segments::OK && !held.contains(&s.id))
                        .map(|s| basis.overwrite_at(time::from_db(s.start_at)))
                        .min()
                };
                overwrite_at = match (overwrite_at, earliest) {
                    (Some(a), Some(b)) => Some(a.min(b)),
                    (a, b) => a.or(b),
                };
            }
            let deadline_at = r.deadline_at.map(time::from_db);
            let mut risks = Vec::new();
            if deadline_at.is_some_and(|d| d <= horizon) {
                risks.push("deadline");
            }
            if overwrite_at.is_some_and(|o| o <= horizon) {
                risks.push("overwrite");
            }
            if risks.is_empty() {
                continue;
            }
            let code = |conn: &mut DbConnection, id: &str| -> Result<String, ApiError> {
                Ok(organisations::find(conn, id)?.map_or_else(|| id.to_owned(), |o| o.code))
            };
            out.push(AtRisk {
                station: code(conn, &r.station_id)?,
                iccc: code(conn, &r.iccc_id)?,
                request_id: r.id.to_string(),
                urgency: r.urgency.as_str().to_owned(),
                status: r.status.as_str().to_owned(),
                deadline_at,
                overwrite_at,
                risks,
            });
        }
    }
    let first = |a: &AtRisk| {
        [a.deadline_at, a.overwrite_at]
            .into_iter()
            .flatten()
            .min()
            .unwrap_or(now)
    };
    out.sort_by_key(first);
    Ok(out)
}
