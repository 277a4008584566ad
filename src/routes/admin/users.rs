use actix_web::{get, post, web, HttpResponse};
use serde::{Deserialize, Serialize};

use crate::auth::Authenticated;
use crate::domain::role::Role;
use crate::error::ApiError;
use crate::state::AppState;
use crate::workflow::approvals::{self, ApprovalView};
use crate::workflow::user_admin::{self, Outcome, UserSummary};

/// A change that needs a second administrator: what waits for them.
#[derive(Serialize, utoipa::ToSchema)]
pub struct PendingChange {
    pub approval: ApprovalView,
}

/// The approval a change waits for, if it waits.
fn pending(
    conn: &mut crate::db::DbConnection,
    actor: &crate::domain::authz::Actor,
    out: Outcome,
) -> Result<Option<ApprovalView>, ApiError> {
    match out {
        Outcome::Done => Ok(None),
        Outcome::Pending(row) => approvals::view(conn, actor, *row).map(Some),
    }
}

/// 204 when done; 202 with the approval when a second administrator must
/// approve it first.
fn answer(waiting: Option<ApprovalView>) -> HttpResponse {
    match waiting {
        None => HttpResponse::NoContent().finish(),
        Some(approval) => HttpResponse::Accepted().json(PendingChange { approval }),
    }
}

/// The accounts of the caller's own organisation (its administrators and
/// auditors).
#[utoipa::path(get, path = "/api/v1/admin/users", tag = "admin", security(("bearer" = [])), responses(
    (status = 200, body = [UserSummary]), (status = 403, body = crate::error::ErrorBody)))]
#[get("/admin/users")]
pub async fn list_users(
    state: web::Data<AppState>,
    who: Authenticated,
) -> Result<HttpResponse, ApiError> {
    let actor = who.0;
    let rows = state.db.read(move |c| user_admin::list(c, &actor)).await?;
    Ok(HttpResponse::Ok().json(rows))
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RoleBody {
    pub role: String,
}

/// Change the role of an account of the caller's organisation (it must
/// fit the organisation); their sessions end. Making someone an
/// administrator, or changing an administrator's role, waits for a second
/// administrator (202). A security event.
#[utoipa::path(post, path = "/api/v1/admin/users/{id}/role", tag = "admin", request_body = RoleBody, security(("bearer" = [])), responses(
    (status = 204), (status = 202, body = PendingChange), (status = 403, body = crate::error::ErrorBody),
    (status = 404, body = crate::error::ErrorBody), (status = 409, body = crate::error::ErrorBody),
    (status = 422, body = crate::error::ErrorBody)))]
#[post("/admin/users/{id}/role")]
pub async fn change_role(
    state: web::Data<AppState>,
    who: Authenticated,
    id: web::Path<String>,
    body: web::Json<RoleBody>,
) -> Result<HttpResponse, ApiError> {
    let actor = who.0;
    let role: Role = body.role.parse()?;
    let id = id.into_inner();
    let ttl = state.settings.approval_ttl_hours;
    state
        .db
        .write(move |c| {
            let out = user_admin::change_role(c, &actor, &id, role, ttl)?;
            pending(c, &actor, out)
        })
        .await
        .map(answer)
}

/// Remove the TOTP enrolment of an account of the caller's organisation
/// (they enrol again at next login); their sessions end. An
/// administrator's waits for a second administrator (202). A security
/// event.
#[utoipa::path(post, path = "/api/v1/admin/users/{id}/mfa-reset", tag = "admin", security(("bearer" = [])), responses(
    (status = 204), (status = 202, body = PendingChange), (status = 403, body = crate::error::ErrorBody),
    (status = 404, body = crate::error::ErrorBody), (status = 409, body = crate::error::ErrorBody)))]
#[post("/admin/users/{id}/mfa-reset")]
pub async fn reset_mfa(
    state: web::Data<AppState>,
    who: Authenticated,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let actor = who.0;
    let id = id.into_inner();
    let ttl = state.settings.approval_ttl_hours;
    state
        .db
        .write(move |c| {
            let out = user_admin::reset_mfa(c, &actor, &id, ttl)?;
            pending(c, &actor, out)
        })
        .await
        .map(answer)
}

/// Lift a lockout after failed logins, on an account of the caller's
/// organisation. A security event.
#[utoipa::path(post, path = "/api/v1/admin/users/{id}/unlock", tag = "admin", security(("bearer" = [])), responses(
    (status = 204), (status = 403, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody)))]
#[post("/admin/users/{id}/unlock")]
pub async fn unlock(
    state: web::Data<AppState>,
    who: Authenticated,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let actor = who.0;
    let id = id.into_inner();
    state
        .db
        .write(move |c| user_admin::unlock(c, &actor, &id))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
