use actix_web::{get, web, HttpRequest, HttpResponse};
use chrono::{Duration, Utc};
use serde::Deserialize;

use crate::auth::Authenticated;
use crate::domain::ValidationError;
use crate::error::ApiError;
use crate::routes::csv_export::{csv_response, to_csv, wants_csv};
use crate::sla::at_risk::{at_risk, AtRisk};
use crate::state::AppState;

#[derive(Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct AtRiskQuery {
    /// Look this many hours ahead (1-720, default 6).
    pub within_hours: Option<u32>,
    /// `csv` for CSV (or send `Accept: text/csv`).
    pub format: Option<String>,
}

/// Open requests whose deadline, or the overwriting of footage not yet
/// preserved, falls within the next hours; the most urgent first.
#[utoipa::path(get, path = "/api/v1/sla/at-risk", tag = "sla", params(AtRiskQuery), security(("bearer" = [])), responses(
    (status = 200, body = [AtRisk]), (status = 403, body = crate::error::ErrorBody), (status = 422, body = crate::error::ErrorBody)))]
#[get("/sla/at-risk")]
pub async fn sla_at_risk(
    req: HttpRequest,
    state: web::Data<AppState>,
    who: Authenticated,
    q: web::Query<AtRiskQuery>,
) -> Result<HttpResponse, ApiError> {
    let actor = who.0;
    if !actor.may_see_sla_reports() {
        return Err(ApiError::forbidden("courts do not see SLA reports"));
    }
    let csv = wants_csv(&req, q.format.as_deref())?;
    let hours = q.within_hours.unwrap_or(6);
    if !(1..=720).contains(&hours) {
        return Err(ValidationError::new(
            crate::domain::error_code::ErrorCode::InvalidWithinHours,
            "within_hours must be between 1 and 720",
        )
        .into());
    }
    let list = state
        .db
        .read(move |c| {
            at_risk(
                c,
                &actor.request_visibility(),
                Utc::now(),
                Duration::hours(i64::from(hours)),
            )
        })
        .await?;
    if csv {
        let time = |t: Option<chrono::DateTime<Utc>>| {
            t.map(crate::custody::event::format_time)
                .unwrap_or_default()
        };
        let header = [
            "request_id",
            "station",
            "iccc",
            "urgency",
            "status",
            "deadline_at",
            "overwrite_at",
            "risks",
        ]
        .map(str::to_owned)
        .to_vec();
        let rows = list.into_iter().map(|a| {
            vec![
                a.request_id,
                a.station,
                a.iccc,
                a.urgency,
                a.status,
                time(a.deadline_at),
                time(a.overwrite_at),
                a.risks.join(";"),
            ]
        });
        return Ok(csv_response(
            "sla-at-risk.csv",
            to_csv(std::iter::once(header).chain(rows))?,
        ));
    }
    Ok(HttpResponse::Ok().json(list))
}
