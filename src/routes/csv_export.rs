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
        Some(_) => {
            Err(ValidationError::new("invalid_format", "format must be `json` or `csv`").into())
        }
        None => Ok(req
            .headers()
            .get(actix_web::http::header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|a| a.contains("text/csv"))),
    }
}

/// Writes rows (the first is the header) as CSV with the `csv` crate.
pub fn to_csv(rows: impl IntoIterator<Item = Vec<String>>) -> Result<String, ApiError> {
    let mut w = csv::Writer::from_writer(Vec::new());
    for r in rows {
        w.write_record(&r).map_err(ApiError::internal)?;
    }
    let bytes = w.into_inner().map_err(ApiError::internal)?;
    String::from_utf8(bytes).map_err(ApiError::internal)
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
