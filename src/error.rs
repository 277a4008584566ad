//! The one error type of the HTTP API.
//!
//! Policy: every failure a client can cause maps to a 4xx with a stable
//! snake_case `code` (part of the API contract, listed in [`code`]) and a
//! human sentence. Clients see `{"error":{"code":"…","message":"…"}}` and
//! never a stack trace, an SQL string or a secret. Unexpected failures are
//! logged once, here, with their detail, and the client gets
//! `internal_error`.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};
use serde::Serialize;

use crate::db::DbError;
use crate::domain::ValidationError;

/// Stable error codes that are not domain validation codes.
pub mod code {
    pub const MALFORMED_JSON: &str = "malformed_json";
    pub const UNKNOWN_FIELD: &str = "unknown_field";
    pub const MISSING_FIELD: &str = "missing_field";
    pub const INVALID_FIELD: &str = "invalid_field";
    pub const INVALID_QUERY: &str = "invalid_query";
    pub const INVALID_PATH: &str = "invalid_path";
    pub const PAYLOAD_TOO_LARGE: &str = "payload_too_large";
    pub const UNSUPPORTED_MEDIA_TYPE: &str = "unsupported_media_type";
    pub const NOT_FOUND: &str = "not_found";
    pub const METHOD_NOT_ALLOWED: &str = "method_not_allowed";
    pub const UNAUTHENTICATED: &str = "unauthenticated";
    pub const INVALID_TOKEN: &str = "invalid_token";
    pub const TOKEN_EXPIRED: &str = "token_expired";
    pub const SESSION_REVOKED: &str = "session_revoked";
    pub const INVALID_CREDENTIALS: &str = "invalid_credentials";
    pub const ACCOUNT_DISABLED: &str = "account_disabled";
    pub const MFA_REQUIRED: &str = "mfa_required";
    pub const MFA_ENROLMENT_REQUIRED: &str = "mfa_enrolment_required";
    pub const MFA_NOT_PENDING: &str = "mfa_not_pending";
    pub const MFA_ALREADY_ENROLLED: &str = "mfa_already_enrolled";
    pub const INVALID_TOTP: &str = "invalid_totp";
    pub const TOTP_REPLAYED: &str = "totp_replayed";
    pub const INVALID_REFRESH_TOKEN: &str = "invalid_refresh_token";
    pub const REFRESH_TOKEN_REUSED: &str = "refresh_token_reused";
    pub const FORBIDDEN: &str = "forbidden";
    pub const INVALID_TRANSITION: &str = "invalid_transition";
    pub const CONCURRENT_UPDATE: &str = "concurrent_update";
    pub const CONFLICT: &str = "conflict";
    pub const DUPLICATE_CAMERA_CODE: &str = "duplicate_camera_code";
    pub const JOB_NOT_FAILED: &str = "job_not_failed";
    pub const ITEM_SETTLED: &str = "item_settled";
    pub const UPLOAD_TOO_LARGE: &str = "upload_too_large";
    pub const NOT_VIDEO: &str = "not_video";
    pub const EVIDENCE_DAMAGED: &str = "evidence_damaged";
    pub const INVALID_PROOF_REQUEST: &str = "invalid_proof_request";
    pub const LOG_ENTRY_PENDING: &str = "log_entry_pending";
    pub const RATE_LIMITED: &str = "rate_limited";
    pub const SHARE_EXPIRED: &str = "share_expired";
    pub const SHARE_REVOKED: &str = "share_revoked";
    pub const SHARE_EXHAUSTED: &str = "share_exhausted";
    pub const ACCOUNT_LOCKED: &str = "account_locked";
    pub const CLIP_ERASED: &str = "clip_erased";
    pub const LEGAL_HOLD: &str = "legal_hold";
    pub const NO_LEGAL_HOLD: &str = "no_legal_hold";
    pub const STORE_RETENTION: &str = "store_retention";
    pub const STORE_UNAVAILABLE: &str = "store_unavailable";
    pub const CASE_ALREADY_DISPOSED: &str = "case_already_disposed";
    /// The same action already waits for a second person.
    pub const APPROVAL_PENDING: &str = "approval_pending";
    /// Someone already approved or refused it.
    pub const APPROVAL_DECIDED: &str = "approval_decided";
    pub const APPROVAL_EXPIRED: &str = "approval_expired";
    /// No confirmed disposal to correct.
    pub const NO_DISPOSAL: &str = "no_disposal";
    /// A clip of the request is already erased: its disposal stays as it was.
    pub const ERASURE_DONE: &str = "erasure_done";
    pub const COURT_ORDER_REQUIRED: &str = "court_order_required";
    pub const COURT_SHARE_ACTIVE: &str = "court_share_active";
    /// The same person may not do both steps (file and endorse, ...).
    pub const SEPARATION_OF_DUTIES: &str = "separation_of_duties";
    pub const DATABASE_UNAVAILABLE: &str = "database_unavailable";
    /// The database's or the evidence store's disk is full.
    pub const STORAGE_FULL: &str = "storage_full";
    pub const INTERNAL_ERROR: &str = "internal_error";

    /// Every code above, for documentation and the uniqueness test.
    pub const ALL: &[&str] = &[
        MALFORMED_JSON,
        UNKNOWN_FIELD,
        MISSING_FIELD,
        INVALID_FIELD,
        INVALID_QUERY,
        INVALID_PATH,
        PAYLOAD_TOO_LARGE,
        UNSUPPORTED_MEDIA_TYPE,
        NOT_FOUND,
        METHOD_NOT_ALLOWED,
        UNAUTHENTICATED,
        INVALID_TOKEN,
        TOKEN_EXPIRED,
        SESSION_REVOKED,
        INVALID_CREDENTIALS,
        ACCOUNT_DISABLED,
        MFA_REQUIRED,
        MFA_ENROLMENT_REQUIRED,
        MFA_NOT_PENDING,
        MFA_ALREADY_ENROLLED,
        INVALID_TOTP,
        TOTP_REPLAYED,
        INVALID_REFRESH_TOKEN,
        REFRESH_TOKEN_REUSED,
        FORBIDDEN,
        INVALID_TRANSITION,
        CONCURRENT_UPDATE,
        CONFLICT,
        DUPLICATE_CAMERA_CODE,
        JOB_NOT_FAILED,
        ITEM_SETTLED,
        UPLOAD_TOO_LARGE,
        NOT_VIDEO,
        EVIDENCE_DAMAGED,
        INVALID_PROOF_REQUEST,
        LOG_ENTRY_PENDING,
        RATE_LIMITED,
        SHARE_EXPIRED,
        SHARE_REVOKED,
        SHARE_EXHAUSTED,
        ACCOUNT_LOCKED,
        CLIP_ERASED,
        LEGAL_HOLD,
        NO_LEGAL_HOLD,
        STORE_RETENTION,
        STORE_UNAVAILABLE,
        CASE_ALREADY_DISPOSED,
        APPROVAL_PENDING,
        APPROVAL_DECIDED,
        APPROVAL_EXPIRED,
        NO_DISPOSAL,
        ERASURE_DONE,
        COURT_ORDER_REQUIRED,
        COURT_SHARE_ACTIVE,
        SEPARATION_OF_DUTIES,
        DATABASE_UNAVAILABLE,
        STORAGE_FULL,
        INTERNAL_ERROR,
    ];
}

#[derive(Debug, Clone)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ErrorDetail {
    /// Stable machine-readable code.
    pub code: String,
    pub message: String,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        Self {
            status,
            code,
            message: message.into(),
        }
    }

    pub fn bad_request(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, code, message)
    }

    pub fn unauthorized(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, code, message)
    }

    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, code::FORBIDDEN, message)
    }

    pub fn not_found(what: &str) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            code::NOT_FOUND,
            format!("{what} not found"),
        )
    }

    pub fn conflict(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, code, message)
    }

    /// 410: the thing existed and is gone for good.
    pub fn gone(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(StatusCode::GONE, code, message)
    }

    /// 503: a dependency failed; retrying later may succeed.
    pub fn unavailable(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(StatusCode::SERVICE_UNAVAILABLE, code, message)
    }

    /// The same status with a more specific code.
    pub fn with_code(mut self, code: &'static str) -> Self {
        self.code = code;
        self
    }

    /// Logs the cause (once, here) and hides it from the client.
    pub fn internal(cause: impl std::fmt::Display) -> Self {
        tracing::error!(error.cause = %cause, "internal error");
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            code::INTERNAL_ERROR,
            "an internal error occurred; it has been logged",
        )
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} {}: {}",
            self.status.as_u16(),
            self.code,
            self.message
        )
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        self.status
    }

    fn error_response(&self) -> HttpResponse {
        HttpResponse::build(self.status).json(ErrorBody {
            error: ErrorDetail {
                code: self.code.to_owned(),
                message: self.message.clone(),
            },
        })
    }
}

impl From<ValidationError> for ApiError {
    fn from(e: ValidationError) -> Self {
        Self::new(StatusCode::UNPROCESSABLE_ENTITY, e.code, e.message)
    }
}

impl From<DbError> for ApiError {
    fn from(e: DbError) -> Self {
        match e {
            DbError::Unavailable(cause) => {
                tracing::warn!(error.cause = %cause, "database unavailable");
                Self::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    code::DATABASE_UNAVAILABLE,
                    "the database is unavailable; retry shortly",
                )
            }
            DbError::UniqueViolation(what) => {
                Self::conflict(code::CONFLICT, format!("{what} already exists"))
            }
            DbError::Full(cause) => {
                tracing::error!(error.cause = %cause, "the database's disk is full");
                Self::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    code::STORAGE_FULL,
                    "the server's storage is full, so nothing was saved; retry once an administrator has freed space",
                )
            }
            DbError::Query(cause) => Self::internal(cause),
        }
    }
}

impl From<diesel::result::Error> for ApiError {
    fn from(e: diesel::result::Error) -> Self {
        DbError::from(e).into()
    }
}

impl From<crate::custody::LogError> for ApiError {
    fn from(e: crate::custody::LogError) -> Self {
        use crate::custody::LogError;
        match e {
            LogError::Db(d) => d.into(),
            LogError::Proof(p) => Self::bad_request(code::INVALID_PROOF_REQUEST, p.to_string()),
            LogError::NotFound(m) => Self::new(StatusCode::NOT_FOUND, code::LOG_ENTRY_PENDING, m),
            other => Self::internal(other),
        }
    }
}

pub type ApiResult<T> = Result<T, ApiError>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_snake_case() {
        let mut seen = std::collections::HashSet::new();
        for c in code::ALL {
            assert!(seen.insert(c), "duplicate code {c}");
            assert!(
                c.chars().all(|ch| ch.is_ascii_lowercase() || ch == '_'),
                "{c}"
            );
        }
    }

    #[test]
    fn validation_maps_to_422_with_its_code() {
        let e: ApiError = ValidationError::new("window_too_long", "x").into();
        assert_eq!(e.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(e.code, "window_too_long");
    }
}
