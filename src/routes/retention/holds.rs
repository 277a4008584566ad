use actix_web::{get, post, web, HttpResponse};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::auth::Authenticated;
use crate::db::retention::LegalHoldRow;
use crate::db::{time, DbConnection};
use crate::domain::authz::Actor;
use crate::domain::ValidationError;
use crate::error::ApiError;
use crate::state::AppState;
use crate::storage::EvidenceStore;
use crate::workflow::legal_holds;

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct HoldBody {
    /// Why (a court's preservation order, an inquiry): 3-500 characters.
    pub reason: String,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct LegalHoldView {
    pub id: String,
    pub clip_id: String,
    pub reason: String,
    pub placed_by: String,
    pub placed_at: DateTime<Utc>,
    pub released_by: Option<String>,
    pub released_at: Option<DateTime<Utc>>,
}

impl From<LegalHoldRow> for LegalHoldView {
    fn from(h: LegalHoldRow) -> Self {
        Self {
            id: h.id,
            clip_id: h.clip_id,
            reason: h.reason,
            placed_by: h.placed_by,
            placed_at: time::from_db(h.placed_at),
            released_by: h.released_by,
            released_at: h.released_at.map(time::from_db),
        }
    }
}

pub fn reason(raw: &str) -> Result<String, ValidationError> {
    crate::domain::text::bounded_plain("reason", raw, 3, 500).map_err(|e| {
        ValidationError::new(
            crate::domain::error_code::ErrorCode::InvalidReason,
            format!("{}; a reason is 3-500 characters of plain text", e.message),
        )
    })
}

/// Every legal hold on the clip, active and released.
#[utoipa::path(get, path = "/api/v1/clips/{id}/legal-holds", tag = "retention", security(("bearer" = [])), responses(
    (status = 200, body = [LegalHoldView]), (status = 404, body = crate::error::ErrorBody)))]
#[get("/clips/{id}/legal-holds")]
pub async fn list_holds(
    state: web::Data<AppState>,
    who: Authenticated,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let actor = who.0;
    let id = id.into_inner();
    let rows = state
        .db
        .read(move |c| legal_holds::list(c, &actor, &id))
        .await?;
    Ok(HttpResponse::Ok().json(
        rows.into_iter()
            .map(LegalHoldView::from)
            .collect::<Vec<_>>(),
    ))
}

/// Places or releases (`workflow::legal_holds`): connection, store,
/// actor, clip id, reason.
type HoldStep<T> =
    fn(&mut DbConnection, &dyn EvidenceStore, &Actor, &str, &str) -> Result<T, ApiError>;

/// The shared path of placing and releasing: the reason is checked
/// before anything is read; `change` runs in one transaction.
async fn change_holds<T: Send + 'static>(
    state: web::Data<AppState>,
    actor: Actor,
    clip_id: String,
    body: HoldBody,
    change: HoldStep<T>,
) -> Result<T, ApiError> {
    let reason = reason(&body.reason)?;
    let store = state.services.store.clone();
    state
        .db
        .write(move |c| change(c, store.as_ref(), &actor, &clip_id, &reason))
        .await
}

/// Place a legal hold: the clip cannot be erased until every hold is
/// released (on S3 the object's legal hold is set as well).
#[utoipa::path(post, path = "/api/v1/clips/{id}/legal-holds", tag = "retention", request_body = HoldBody, security(("bearer" = [])), responses(
    (status = 201, body = LegalHoldView), (status = 403, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody),
    (status = 410, body = crate::error::ErrorBody), (status = 422, body = crate::error::ErrorBody)))]
#[post("/clips/{id}/legal-holds")]
pub async fn place_hold(
    state: web::Data<AppState>,
    who: Authenticated,
    id: web::Path<String>,
    body: web::Json<HoldBody>,
) -> Result<HttpResponse, ApiError> {
    let row = change_holds(
        state,
        who.0,
        id.into_inner(),
        body.into_inner(),
        legal_holds::place,
    )
    .await?;
    Ok(HttpResponse::Created().json(LegalHoldView::from(row)))
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct Released {
    pub released: usize,
}

/// Release every active legal hold on the clip.
#[utoipa::path(post, path = "/api/v1/clips/{id}/legal-holds/release", tag = "retention", request_body = HoldBody, security(("bearer" = [])), responses(
    (status = 200, body = Released), (status = 403, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody),
    (status = 409, body = crate::error::ErrorBody), (status = 422, body = crate::error::ErrorBody)))]
#[post("/clips/{id}/legal-holds/release")]
pub async fn release_holds(
    state: web::Data<AppState>,
    who: Authenticated,
    id: web::Path<String>,
    body: web::Json<HoldBody>,
) -> Result<HttpResponse, ApiError> {
    let released = change_holds(
        state,
        who.0,
        id.into_inner(),
        body.into_inner(),
        legal_holds::release,
    )
    .await?;
    Ok(HttpResponse::Ok().json(Released { released }))
}
