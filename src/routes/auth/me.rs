use actix_web::{get, web, HttpResponse};

use super::views::UserView;
use crate::auth::{account, Authenticated};
use crate::error::ApiError;
use crate::state::AppState;

#[utoipa::path(get, path = "/api/v1/auth/me", tag = "auth", security(("bearer" = [])), responses(
    (status = 200, body = UserView), (status = 401, body = crate::error::ErrorBody)))]
#[get("/auth/me")]
pub async fn me(state: web::Data<AppState>, who: Authenticated) -> Result<HttpResponse, ApiError> {
    let uid = who.0.user_id.clone();
    let (u, o) = state.db.read(move |c| account::profile(c, &uid)).await?;
    Ok(HttpResponse::Ok().json(UserView::new(u, o)))
}
