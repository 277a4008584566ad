use actix_web::{get, web, HttpRequest, HttpResponse};
use chrono::{Duration, Utc};
use serde::Deserialize;

use crate::auth::Authenticated;
use crate::db::time;
use crate::domain::ValidationError;
use crate::error::ApiError;
use crate::routes::csv_export::{csv_response, wants_csv};
use crate::routes::requests::list::parse_time;
use crate::sla::summary::{summary, to_csv, GroupBy, Report};
use crate::state::AppState;

/// Longest period one report covers.
const MAX_DAYS: i64 = 366;

#[derive(Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct SummaryQuery {
    /// Start of the period (deadlines at or after), YYYY-MM-DD or RFC 3339.
    pub from: String,
    /// End of the period (deadlines before).
    pub to: String,
    /// `iccc` (default), `station`, `camera`, `urgency` or `week`.
    pub group_by: Option<String>,
    /// Compute the figures as of this moment (default now; not later).
    pub as_of: Option<String>,
    /// `csv` for CSV (or send `Accept: text/csv`).
    pub format: Option<String>,
}

/// Fulfilment figures for the requests whose deadline fell in the period:
/// on time, late, missed, pending; the rate against the target; fulfilled
/// at all; median and p90 hours to fulfil; each non-fulfilment reason's
/// count and share. ICCC staff see their ICCC's requests, stations their
/// own, auditors their organisation's.
#[utoipa::path(get, path = "/api/v1/sla/summary", tag = "sla", params(SummaryQuery), security(("bearer" = [])), responses(
    (status = 200, body = Report), (status = 403, body = crate::error::ErrorBody), (status = 422, body = crate::error::ErrorBody)))]
#[get("/sla/summary")]
pub async fn sla_summary(
    req: HttpRequest,
    state: web::Data<AppState>,
    who: Authenticated,
    q: web::Query<SummaryQuery>,
) -> Result<HttpResponse, ApiError> {
    let actor = who.0;
    if !actor.may_see_sla_reports() {
        return Err(ApiError::forbidden("courts do not see SLA reports"));
    }
    let q = q.into_inner();
    let from = parse_time("from", &q.from)?;
    let to = parse_time("to", &q.to)?;
    if to <= from || to - from > Duration::days(MAX_DAYS) {
        return Err(ValidationError::new(
            crate::domain::error_code::ErrorCode::InvalidPeriod,
            format!("`to` must be after `from`, at most {MAX_DAYS} days later"),
        )
        .into());
    }
    let group_by: GroupBy = q.group_by.as_deref().unwrap_or("iccc").parse()?;
    let now = Utc::now();
    let as_of = match q.as_of.as_deref() {
        Some(s) => time::from_db(parse_time("as_of", s)?).min(now),
        None => now,
    };
    let csv = wants_csv(&req, q.format.as_deref())?;
    let target = state.settings.sla_target.clamp(0.0, 1.0);
    let report = state
        .db
        .read(move |c| {
            summary(
                c,
                &actor.request_visibility(),
                from,
                to,
                group_by,
                as_of,
                target,
            )
        })
        .await?;
    Ok(if csv {
        csv_response(
            "sla-summary.csv",
            to_csv(&report).map_err(ApiError::internal)?,
        )
    } else {
        HttpResponse::Ok().json(report)
    })
}
