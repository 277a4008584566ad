use actix_web::{get, web, HttpRequest, HttpResponse};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::auth::Authenticated;
use crate::db::security_events::{SecurityEventRow, SecurityFilter};
use crate::db::time;
use crate::domain::ValidationError;
use crate::error::ApiError;
use crate::routes::csv_export::{csv_response, to_csv, wants_csv};
use crate::routes::pagination::Page;
use crate::routes::requests::list::parse_time;
use crate::security::Kind;
use crate::state::AppState;

/// Rows in one CSV export.
const CSV_MAX_ROWS: i64 = 100_000;

#[derive(Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct SecurityQuery {
    /// One kind: login_failed, account_locked, mfa_reset, key_rotated,
    /// role_changed, bulk_download, share_created, share_revoked,
    /// verification_failed, hash_mismatch, log_audit_failed, legal_hold,
    /// evidence_erased.
    pub kind: Option<String>,
    /// info, warning or critical.
    pub severity: Option<String>,
    pub username: Option<String>,
    /// At or after (YYYY-MM-DD or RFC 3339).
    pub from: Option<String>,
    /// Before.
    pub to: Option<String>,
    pub page: Option<i64>,
    pub per_page: Option<i64>,
    /// `csv` for CSV (or send `Accept: text/csv`); CSV has every match,
    /// up to 100,000 rows, not one page.
    pub format: Option<String>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct SecurityEventView {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub kind: String,
    pub severity: String,
    pub actor_id: Option<String>,
    pub username: Option<String>,
    pub organisation_id: Option<String>,
    pub client_ip: Option<String>,
    pub subject: Option<String>,
    #[schema(value_type = Object)]
    pub detail: serde_json::Value,
}

impl From<SecurityEventRow> for SecurityEventView {
    fn from(r: SecurityEventRow) -> Self {
        Self {
            id: r.id,
            at: time::from_db(r.at),
            kind: r.kind,
            severity: r.severity,
            actor_id: r.actor_id,
            username: r.username,
            organisation_id: r.organisation_id,
            client_ip: r.client_ip,
            subject: r.subject,
            detail: serde_json::from_str(&r.detail).unwrap_or(serde_json::Value::Null),
        }
    }
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct SecurityEventPage {
    pub items: Vec<SecurityEventView>,
    pub page: i64,
    pub per_page: i64,
    pub total: i64,
}

fn parse_filter(q: &SecurityQuery) -> Result<SecurityFilter, ApiError> {
    if let Some(k) = &q.kind {
        if Kind::parse(k).is_none() {
            return Err(ValidationError::new(
                crate::domain::error_code::ErrorCode::InvalidKind,
                "unknown security event kind",
            )
            .into());
        }
    }
    if let Some(s) = &q.severity {
        if !["info", "warning", "critical"].contains(&s.as_str()) {
            return Err(ValidationError::new(
                crate::domain::error_code::ErrorCode::InvalidSeverity,
                "severity must be info, warning or critical",
            )
            .into());
        }
    }
    Ok(SecurityFilter {
        kind: q.kind.clone(),
        severity: q.severity.clone(),
        username: q.username.clone(),
        from: q
            .from
            .as_deref()
            .map(|s| parse_time("from", s))
            .transpose()?,
        to: q.to.as_deref().map(|s| parse_time("to", s)).transpose()?,
        city: None,
    })
}

/// Security events for the city CISO: failed logins and lockouts, MFA
/// resets, key rotations, role changes, bulk downloads, shares, failed
/// verifications, hash mismatches, log check failures, legal holds and
/// erasures; newest first. `iccc_admin` and `auditor` only; each sees the
/// events of organisations in their own city and deployment-wide events.
#[utoipa::path(get, path = "/api/v1/security-events", tag = "security", params(SecurityQuery), security(("bearer" = [])), responses(
    (status = 200, body = SecurityEventPage), (status = 403, body = crate::error::ErrorBody), (status = 422, body = crate::error::ErrorBody)))]
#[get("/security-events")]
pub async fn list_security_events(
    req: HttpRequest,
    state: web::Data<AppState>,
    who: Authenticated,
    q: web::Query<SecurityQuery>,
) -> Result<HttpResponse, ApiError> {
    let actor = who.0;
    let filter = parse_filter(&q)?;
    let csv = wants_csv(&req, q.format.as_deref())?;
    let page = Page::parse(q.page, q.per_page)?;
    let (limit, offset) = if csv {
        (CSV_MAX_ROWS, 0)
    } else {
        (page.per_page, page.offset())
    };
    let (rows, total) = state
        .db
        .read(move |c| crate::workflow::security_log::list(c, &actor, filter, limit, offset))
        .await?;
    if csv {
        let header = [
            "id",
            "at",
            "kind",
            "severity",
            "username",
            "organisation_id",
            "client_ip",
            "subject",
            "detail",
        ]
        .map(str::to_owned)
        .to_vec();
        let body = to_csv(std::iter::once(header).chain(rows.into_iter().map(|r| {
            vec![
                r.id.to_string(),
                crate::custody::event::format_time(time::from_db(r.at)),
                r.kind,
                r.severity,
                r.username.unwrap_or_default(),
                r.organisation_id.unwrap_or_default(),
                r.client_ip.unwrap_or_default(),
                r.subject.unwrap_or_default(),
                r.detail,
            ]
        })))?;
        return Ok(csv_response("security-events.csv", body));
    }
    Ok(HttpResponse::Ok().json(SecurityEventPage {
        items: rows.into_iter().map(SecurityEventView::from).collect(),
        page: page.page,
        per_page: page.per_page,
        total,
    }))
}
