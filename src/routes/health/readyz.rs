use actix_web::{get, web, HttpResponse};

use crate::error::ApiError;
use crate::state::AppState;

/// Readiness: the database answers and its schema is current.
#[utoipa::path(get, path = "/readyz", tag = "health", responses(
    (status = 200, description = "ready"),
    (status = 503, description = "database unreachable or migrations pending", body = crate::error::ErrorBody)))]
#[get("/readyz")]
pub async fn readyz(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let backend = state.db.backend().as_str();
    let current = state
        .db
        .read(crate::workflow::health::schema_current)
        .await?;
    if !current {
        return Err(ApiError::new(
            crate::error::code::DATABASE_UNAVAILABLE,
            "database migrations are pending; run `sakshya migrate`",
        ));
    }
    Ok(HttpResponse::Ok().json(serde_json::json!({"status": "ready", "database": backend})))
}
