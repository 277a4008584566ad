use actix_web::{get, web, HttpResponse};

use super::view::ClipView;
use crate::auth::Authenticated;
use crate::db::clips::ClipRow;
use crate::db::{clips, DbConnection};
use crate::domain::authz::Actor;
use crate::domain::role::Role;
use crate::error::ApiError;
use crate::state::AppState;
use crate::workflow::transition::load_visible;

/// Loads a clip the actor may access: its request must be visible to them,
/// and their role must be one that handles evidence.
pub fn load_accessible(
    conn: &mut DbConnection,
    actor: &Actor,
    id: &str,
) -> Result<ClipRow, ApiError> {
    let clip = clips::find(conn, id)?.ok_or_else(|| ApiError::not_found("clip"))?;
    load_visible(conn, actor, &clip.request_id).map_err(|_| ApiError::not_found("clip"))?;
    if !matches!(
        actor.role,
        Role::Investigator | Role::StationSupervisor | Role::Operator | Role::IcccAdmin
    ) {
        return Err(ApiError::forbidden("this role cannot access evidence"));
    }
    Ok(clip)
}

/// A clip's metadata: hashes, windows, source segments, gaps.
#[utoipa::path(get, path = "/api/v1/clips/{id}", tag = "clips", security(("bearer" = [])), responses(
    (status = 200, body = ClipView), (status = 403, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody)))]
#[get("/clips/{id}")]
pub async fn get_clip(
    state: web::Data<AppState>,
    who: Authenticated,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let actor = who.0;
    let id = id.into_inner();
    let clip = state
        .db
        .read(move |c| load_accessible(c, &actor, &id))
        .await?;
    Ok(HttpResponse::Ok().json(ClipView::from(clip)))
}
