use actix_web::{post, web, HttpResponse};

use crate::auth::{account, Enrolling};
use crate::error::ApiError;
use crate::state::AppState;

/// End the current session: its access token and every refresh token
/// stop working at once.
#[utoipa::path(post, path = "/api/v1/auth/logout", tag = "auth", security(("bearer" = [])), responses(
    (status = 204, description = "logged out"),
    (status = 401, body = crate::error::ErrorBody)))]
#[post("/auth/logout")]
pub async fn logout(state: web::Data<AppState>, who: Enrolling) -> Result<HttpResponse, ApiError> {
    let sid = who.actor.session_id.clone();
    state.db.write(move |c| account::logout(c, &sid)).await?;
    // No receiver (no open stream) is not an error.
    let _ = state.sessions_ended.send(who.actor.session_id);
    Ok(HttpResponse::NoContent().finish())
}
