//! Turns actix's extractor failures (bad JSON, bad query strings, bad
//! path segments, oversized bodies, unknown routes) into the API's error
//! shape with stable codes.

use actix_web::error::{JsonPayloadError, PathError, QueryPayloadError};
use actix_web::{web, HttpRequest, HttpResponse, ResponseError};

use crate::error::{code, ApiError};

pub fn json_config(limit: usize) -> web::JsonConfig {
    web::JsonConfig::default()
        .limit(limit)
        .error_handler(|err, _req| json_error(&err).into())
}

pub fn query_config() -> web::QueryConfig {
    web::QueryConfig::default().error_handler(|err, _req| query_error(&err).into())
}

pub fn path_config() -> web::PathConfig {
    web::PathConfig::default().error_handler(|err, _req| path_error(&err).into())
}

fn json_error(err: &JsonPayloadError) -> ApiError {
    match err {
        JsonPayloadError::Overflow { limit }
        | JsonPayloadError::OverflowKnownLength { limit, .. } => ApiError::new(
            code::PAYLOAD_TOO_LARGE,
            format!("the body exceeds {limit} bytes"),
        ),
        JsonPayloadError::ContentType => ApiError::new(
            code::UNSUPPORTED_MEDIA_TYPE,
            "send the body as application/json",
        ),
        JsonPayloadError::Deserialize(e) => serde_error(e),
        other => ApiError::bad_request(code::MALFORMED_JSON, other.to_string()),
    }
}

/// Classifies a serde_json error by what went wrong, keeping its position.
pub fn serde_error(e: &serde_json::Error) -> ApiError {
    let msg = e.to_string();
    if e.is_syntax() || e.is_eof() {
        ApiError::bad_request(
            code::MALFORMED_JSON,
            format!("the body is not valid JSON: {msg}"),
        )
    } else if msg.starts_with("unknown field") {
        ApiError::bad_request(code::UNKNOWN_FIELD, msg)
    } else if msg.starts_with("missing field") {
        ApiError::bad_request(code::MISSING_FIELD, msg)
    } else {
        ApiError::bad_request(code::INVALID_FIELD, msg)
    }
}

/// A JSON body that may be left out: an empty body is the default.
pub fn optional_json<T: serde::de::DeserializeOwned + Default>(body: &[u8]) -> Result<T, ApiError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(T::default());
    }
    serde_json::from_slice(body).map_err(|e| serde_error(&e))
}

fn query_error(err: &QueryPayloadError) -> ApiError {
    ApiError::bad_request(code::INVALID_QUERY, format!("invalid query string: {err}"))
}

fn path_error(err: &PathError) -> ApiError {
    ApiError::bad_request(code::INVALID_PATH, format!("invalid path: {err}"))
}

/// The default service: unknown routes get a JSON 404.
pub async fn not_found(req: HttpRequest) -> HttpResponse {
    ApiError::new(
        code::NOT_FOUND,
        format!("no route for {} {}", req.method(), req.path()),
    )
    .error_response()
}
