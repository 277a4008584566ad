use actix_web::{get, web, HttpResponse};

use super::view::ShareView;
use crate::auth::Authenticated;
use crate::db::shares;
use crate::domain::role::Role;
use crate::error::ApiError;
use crate::state::AppState;

/// What has been shared with the caller's court.
#[utoipa::path(get, path = "/api/v1/shared", tag = "sharing", security(("bearer" = [])), responses(
    (status = 200, body = [ShareView]), (status = 403, body = crate::error::ErrorBody)))]
#[get("/shared")]
pub async fn inbox(
    state: web::Data<AppState>,
    who: Authenticated,
) -> Result<HttpResponse, ApiError> {
    let actor = who.0;
    if actor.role != Role::Court {
        return Err(ApiError::forbidden(
            "only court users receive shared evidence",
        ));
    }
    let rows = state
        .db
        .read(move |c| Ok::<_, ApiError>(shares::for_recipient(c, &actor.org_id)?))
        .await?;
    Ok(HttpResponse::Ok().json(rows.into_iter().map(ShareView::from).collect::<Vec<_>>()))
}
