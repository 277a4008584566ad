use actix_web::{get, web, HttpResponse};
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use serde::Deserialize;

use super::view::RequestView;
use crate::auth::Authenticated;
use crate::db::requests::{RequestFilter, RequestOrder};
use crate::db::time;
use crate::domain::lifecycle::RequestStatus;
use crate::domain::urgency::Urgency;
use crate::domain::ValidationError;
use crate::error::ApiError;
use crate::routes::pagination::{Page, Paged};
use crate::state::AppState;

#[derive(Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct RequestQuery {
    pub status: Option<String>,
    /// Police station organisation id.
    pub station: Option<String>,
    /// ICCC organisation id.
    pub iccc: Option<String>,
    pub urgency: Option<String>,
    /// Filed on or after: `YYYY-MM-DD` or an RFC 3339 time.
    pub from: Option<String>,
    /// Filed before: `YYYY-MM-DD` or an RFC 3339 time.
    pub to: Option<String>,
    /// `created` (newest first, default) or `deadline` (nearest first).
    pub sort: Option<String>,
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}

pub(crate) fn parse_time(field: &str, raw: &str) -> Result<NaiveDateTime, ValidationError> {
    if let Ok(t) = DateTime::parse_from_rfc3339(raw) {
        return Ok(time::to_db(t.with_timezone(&Utc)));
    }
    NaiveDate::parse_from_str(raw, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .ok_or_else(|| {
            ValidationError::new(
                crate::domain::error_code::ErrorCode::InvalidDate,
                format!("`{field}` must be YYYY-MM-DD or RFC 3339"),
            )
        })
}

/// List the requests the caller may see, filtered and paginated.
#[utoipa::path(get, path = "/api/v1/requests", tag = "requests", params(RequestQuery), security(("bearer" = [])), responses(
    (status = 200, body = Paged<RequestView>),
    (status = 422, description = "invalid_status, invalid_urgency, invalid_date, invalid_sort, invalid_page", body = crate::error::ErrorBody)))]
#[get("/requests")]
pub async fn list_requests(
    state: web::Data<AppState>,
    who: Authenticated,
    q: web::Query<RequestQuery>,
) -> Result<HttpResponse, ApiError> {
    let q = q.into_inner();
    let page = Page::parse(q.page, q.per_page)?;
    let filter = RequestFilter {
        status: q
            .status
            .as_deref()
            .map(str::parse::<RequestStatus>)
            .transpose()?,
        station_id: q.station,
        iccc_id: q.iccc,
        urgency: q
            .urgency
            .as_deref()
            .map(str::parse::<Urgency>)
            .transpose()?,
        created_from: q
            .from
            .as_deref()
            .map(|s| parse_time("from", s))
            .transpose()?,
        created_to: q.to.as_deref().map(|s| parse_time("to", s)).transpose()?,
        deadline_from: None,
        deadline_to: None,
    };
    let order = match q.sort.as_deref() {
        None | Some("created") => RequestOrder::NewestFirst,
        Some("deadline") => RequestOrder::Deadline,
        Some(_) => {
            return Err(ValidationError::new(
                crate::domain::error_code::ErrorCode::InvalidSort,
                "sort must be `created` or `deadline`",
            )
            .into())
        }
    };
    let actor = who.0;
    let totals = state.db.totals.clone();
    let (rows, total) = state
        .db
        .read(move |c| {
            crate::workflow::requests::list(
                c,
                &totals,
                &actor,
                &filter,
                order,
                page.per_page,
                page.offset(),
            )
        })
        .await?;
    Ok(HttpResponse::Ok().json(Paged {
        items: rows.into_iter().map(RequestView::from).collect::<Vec<_>>(),
        page: page.page,
        per_page: page.per_page,
        total,
    }))
}
