//! CSV exports: the choice between JSON and CSV, and the response.

use actix_web::{HttpRequest, HttpResponse};

use crate::domain::ValidationError;
use crate::error::ApiError;

/// CSV when `format=csv` or, without `format`, when the client accepts
/// `text/csv`.
pub fn wants_csv(req: &HttpRequest, format: Option<&str>) -> Result<bool, ApiError> {
    match format {
        Some("csv") => Ok(true),
        Some("json") => Ok(false),
        Some(_) => Err(ValidationError::new(
            crate::domain::error_code::ErrorCode::InvalidFormat,
            "format must be `json` or `csv`",
        )
        .into()),
        None => Ok(req
            .headers()
            .get(actix_web::http::header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|a| a.contains("text/csv"))),
    }
}

/// Writes rows (the first is the header) as CSV, every cell neutralised
/// against formula injection (`csv_cells`).
pub fn to_csv(rows: impl IntoIterator<Item = Vec<String>>) -> Result<String, ApiError> {
    crate::csv_cells::to_csv(rows).map_err(ApiError::internal)
}

pub fn csv_response(filename: &str, body: String) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            "Content-Disposition",
            format!("attachment; filename=\"{filename}\""),
        ))
        .body(body)
}
