use actix_web::{get, web, HttpResponse};

use crate::auth::Authenticated;
use crate::error::ApiError;
use crate::state::AppState;
use crate::storage::SelfCheck;

/// The evidence store's start-up check: where evidence is kept, and
/// whether the store enforces Object Lock and versioning.
#[utoipa::path(get, path = "/api/v1/admin/storage", tag = "admin", security(("bearer" = [])), responses(
    (status = 200, body = SelfCheck), (status = 403, body = crate::error::ErrorBody)))]
#[get("/admin/storage")]
pub async fn storage_status(
    state: web::Data<AppState>,
    who: Authenticated,
) -> Result<HttpResponse, ApiError> {
    if !who.0.may_read_security_records() {
        return Err(ApiError::forbidden(
            "only ICCC admins and auditors see the storage status",
        ));
    }
    Ok(HttpResponse::Ok().json(&state.services.store_check))
}
