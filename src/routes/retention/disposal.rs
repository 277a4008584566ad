use actix_web::{post, web, HttpResponse};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::auth::Authenticated;
use crate::custody::{record, NewCustody};
use crate::db::{retention, time};
use crate::domain::lifecycle::RequestStatus;
use crate::domain::role::Role;
use crate::domain::ValidationError;
use crate::error::{code, ApiError};
use crate::routes::requests::list::parse_time;
use crate::state::AppState;
use crate::workflow::transition::load_visible;

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DisposalBody {
    /// When the case was disposed of (YYYY-MM-DD or RFC 3339; not in the
    /// future).
    pub disposed_on: String,
    /// The judgment, order or closure report that disposed of it.
    pub reference: String,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct DisposalView {
    pub request_id: String,
    pub case_disposed_at: DateTime<Utc>,
    pub reference: String,
}

/// Record that the case a (closed) request served was disposed of: the
/// retention clock of its clips and preservation copies starts then. Set
/// once, by the filing station's investigators and supervisors.
#[utoipa::path(post, path = "/api/v1/requests/{id}/case-disposal", tag = "retention", request_body = DisposalBody, security(("bearer" = [])), responses(
    (status = 200, body = DisposalView), (status = 403, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody),
    (status = 409, body = crate::error::ErrorBody), (status = 422, body = crate::error::ErrorBody)))]
#[post("/requests/{id}/case-disposal")]
pub async fn record_disposal(
    state: web::Data<AppState>,
    who: Authenticated,
    id: web::Path<String>,
    body: web::Json<DisposalBody>,
) -> Result<HttpResponse, ApiError> {
    let actor = who.0;
    let at = parse_time("disposed_on", &body.disposed_on)?;
    if at > time::now() {
        return Err(ValidationError::new(
            "invalid_disposed_on",
            "disposed_on cannot be in the future",
        )
        .into());
    }
    let reference = body.reference.trim().to_owned();
    if !(3..=200).contains(&reference.chars().count()) || reference.chars().any(char::is_control) {
        return Err(ValidationError::new(
            "invalid_reference",
            "reference must be 3-200 characters without control characters",
        )
        .into());
    }
    let id = id.into_inner();
    let view = state
        .db
        .write(move |c| {
            let row = load_visible(c, &actor, &id)?;
            if !matches!(actor.role, Role::Investigator | Role::StationSupervisor)
                || actor.org_id != row.station_id
            {
                return Err(ApiError::forbidden(
                    "only the filing station records the case's disposal",
                ));
            }
            let status: RequestStatus = row.status.parse()?;
            if !status.is_terminal() {
                return Err(ApiError::conflict(
                    code::INVALID_TRANSITION,
                    "close or withdraw the request before recording the case's disposal",
                ));
            }
            if let Some((Some(_), _)) = retention::disposal(c, &row.id)? {
                return Err(ApiError::conflict(
                    code::CASE_ALREADY_DISPOSED,
                    "the case's disposal is already recorded",
                ));
            }
            retention::set_disposal(c, &row.id, at, &reference)?;
            record(
                c,
                NewCustody::new("case_disposed")
                    .request(&row.id)
                    .actor(Some(&actor.user_id))
                    .from_addr(actor.client_ip.clone())
                    .details(serde_json::json!({
                        "disposed_at": crate::custody::event::format_time(time::from_db(at)),
                        "reference": reference,
                    })),
            )?;
            Ok(DisposalView {
                request_id: row.id,
                case_disposed_at: time::from_db(at),
                reference,
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(view))
}
