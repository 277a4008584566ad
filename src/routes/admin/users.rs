use actix_web::{get, post, web, HttpResponse};
use serde::Deserialize;

use crate::auth::Authenticated;
use crate::domain::authz::Actor;
use crate::domain::role::Role;
use crate::error::ApiError;
use crate::state::AppState;
use crate::workflow::user_admin::{self, UserSummary};

fn admin(actor: &Actor) -> Result<(), ApiError> {
    if actor.role != Role::IcccAdmin {
        return Err(ApiError::forbidden(
            "only ICCC administrators manage accounts",
        ));
    }
    Ok(())
}

/// The users of the organisations in the caller's city (ICCC admins and
/// auditors).
#[utoipa::path(get, path = "/api/v1/admin/users", tag = "admin", security(("bearer" = [])), responses(
    (status = 200, body = [UserSummary]), (status = 403, body = crate::error::ErrorBody)))]
#[get("/admin/users")]
pub async fn list_users(
    state: web::Data<AppState>,
    who: Authenticated,
) -> Result<HttpResponse, ApiError> {
    let actor = who.0;
    if !matches!(actor.role, Role::IcccAdmin | Role::Auditor) {
        return Err(ApiError::forbidden(
            "accounts are for ICCC administrators and auditors",
        ));
    }
    let rows = state.db.read(move |c| user_admin::list(c, &actor)).await?;
    Ok(HttpResponse::Ok().json(rows))
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RoleBody {
    pub role: String,
}

/// Change a user's role (it must fit their organisation); their sessions
/// end. A security event.
#[utoipa::path(post, path = "/api/v1/admin/users/{id}/role", tag = "admin", request_body = RoleBody, security(("bearer" = [])), responses(
    (status = 204), (status = 403, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody),
    (status = 422, body = crate::error::ErrorBody)))]
#[post("/admin/users/{id}/role")]
pub async fn change_role(
    state: web::Data<AppState>,
    who: Authenticated,
    id: web::Path<String>,
    body: web::Json<RoleBody>,
) -> Result<HttpResponse, ApiError> {
    let actor = who.0;
    admin(&actor)?;
    let role: Role = body.role.parse()?;
    let id = id.into_inner();
    state
        .db
        .write(move |c| user_admin::change_role(c, &actor, &id, role))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Remove a user's TOTP enrolment (they enrol again at next login); their
/// sessions end. A security event.
#[utoipa::path(post, path = "/api/v1/admin/users/{id}/mfa-reset", tag = "admin", security(("bearer" = [])), responses(
    (status = 204), (status = 403, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody)))]
#[post("/admin/users/{id}/mfa-reset")]
pub async fn reset_mfa(
    state: web::Data<AppState>,
    who: Authenticated,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let actor = who.0;
    admin(&actor)?;
    let id = id.into_inner();
    state
        .db
        .write(move |c| user_admin::reset_mfa(c, &actor, &id))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Lift a lockout after failed logins. A security event.
#[utoipa::path(post, path = "/api/v1/admin/users/{id}/unlock", tag = "admin", security(("bearer" = [])), responses(
    (status = 204), (status = 403, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody)))]
#[post("/admin/users/{id}/unlock")]
pub async fn unlock(
    state: web::Data<AppState>,
    who: Authenticated,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let actor = who.0;
    admin(&actor)?;
    let id = id.into_inner();
    state
        .db
        .write(move |c| user_admin::unlock(c, &actor, &id))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
