use actix_web::{post, web, HttpResponse};
use chrono::{DateTime, Utc};
use serde::Deserialize;

use super::view::RequestDetail;
use crate::auth::Authenticated;
use crate::domain::filing::{Filing, FilingLimits, RawFiling, RawItem};
use crate::error::ApiError;
use crate::state::AppState;
use crate::workflow::file_request;

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewRequestBody {
    /// FIR number; an FIR or a GD number is required.
    pub fir_number: Option<String>,
    /// General Diary entry number.
    pub gd_number: Option<String>,
    /// BNS sections, e.g. `["303(2)"]`.
    #[serde(default)]
    pub bns_sections: Vec<String>,
    pub incident_place: String,
    pub incident_at: DateTime<Utc>,
    pub purpose: String,
    /// `critical`, `urgent` or `routine`.
    pub urgency: String,
    /// Reference of the notice under BNSS s.94.
    pub notice_reference: String,
    pub items: Vec<NewItemBody>,
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewItemBody {
    pub camera_id: String,
    /// Window start, UTC.
    pub start: DateTime<Utc>,
    /// Window end, UTC; after `start`.
    pub end: DateTime<Utc>,
}

/// File a request as a draft (investigators). Submit it to start the clock.
#[utoipa::path(post, path = "/api/v1/requests", tag = "requests", request_body = NewRequestBody, security(("bearer" = [])), responses(
    (status = 201, body = super::view::RequestDetail),
    (status = 400, description = "malformed_json, unknown_field, missing_field, invalid_field", body = crate::error::ErrorBody),
    (status = 403, body = crate::error::ErrorBody),
    (status = 413, body = crate::error::ErrorBody),
    (status = 422, description = "missing_case_reference, window_end_before_start, window_too_long, unknown_camera, …", body = crate::error::ErrorBody)))]
#[post("/requests")]
pub async fn create_request(
    state: web::Data<AppState>,
    who: Authenticated,
    body: web::Json<NewRequestBody>,
) -> Result<HttpResponse, ApiError> {
    let actor = who.0;
    if !actor.can_file_request() {
        return Err(ApiError::forbidden(
            "only an investigator of a police station files requests",
        ));
    }
    let b = body.into_inner();
    let raw = RawFiling {
        fir_number: b.fir_number,
        gd_number: b.gd_number,
        bns_sections: b.bns_sections,
        incident_place: b.incident_place,
        incident_at: b.incident_at,
        purpose: b.purpose,
        urgency: b.urgency,
        notice_reference: b.notice_reference,
        items: b
            .items
            .into_iter()
            .map(|i| RawItem {
                camera_id: i.camera_id,
                start: i.start,
                end: i.end,
            })
            .collect(),
    };
    let limits = FilingLimits {
        max_window: state.settings.max_window(),
        max_items: state.settings.max_items_per_request,
    };
    let filing = Filing::parse(raw, limits, Utc::now())?;
    let out = state
        .db
        .write(move |c| {
            let row = file_request::file(c, &actor, filing)?;
            crate::workflow::requests::gather(c, row)
        })
        .await?;
    let out = RequestDetail::from(out);
    tracing::info!(request.id = %out.request.id, "request filed");
    Ok(HttpResponse::Created().json(out))
}
