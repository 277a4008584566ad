use actix_web::{get, web, HttpResponse};

use super::views::UserView;
use crate::auth::Authenticated;
use crate::db::{organisations, users};
use crate::error::ApiError;
use crate::state::AppState;

/// The logged-in user and their organisation.
#[utoipa::path(get, path = "/api/v1/auth/me", tag = "auth", security(("bearer" = [])), responses(
    (status = 200, body = UserView), (status = 401, body = crate::error::ErrorBody)))]
#[get("/auth/me")]
pub async fn me(state: web::Data<AppState>, who: Authenticated) -> Result<HttpResponse, ApiError> {
    let (uid, oid) = (who.0.user_id.clone(), who.0.org_id.clone());
    let (u, o) = state
        .db
        .read(move |c| Ok::<_, ApiError>((users::find(c, &uid)?, organisations::find(c, &oid)?)))
        .await?;
    match (u, o) {
        (Some(u), Some(o)) => Ok(HttpResponse::Ok().json(UserView::new(u, o))),
        _ => Err(ApiError::not_found("user")),
    }
}
