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
pub use crate::domain::error_code::ErrorCode;
use crate::domain::ValidationError;

/// The codes by their old constant names (`code::FORBIDDEN`), so a
/// handler reads as before; every one is an [`ErrorCode`].
#[allow(missing_docs)]
pub mod code {
    use super::ErrorCode as E;
    pub const MALFORMED_JSON: E = E::MalformedJson;
    pub const UNKNOWN_FIELD: E = E::UnknownField;
    pub const MISSING_FIELD: E = E::MissingField;
    pub const INVALID_FIELD: E = E::InvalidField;
    pub const INVALID_QUERY: E = E::InvalidQuery;
    pub const INVALID_PATH: E = E::InvalidPath;
    pub const UPLOAD_INTERRUPTED: E = E::UploadInterrupted;
    pub const PAYLOAD_TOO_LARGE: E = E::PayloadTooLarge;
    pub const UNSUPPORTED_MEDIA_TYPE: E = E::UnsupportedMediaType;
    pub const NOT_FOUND: E = E::NotFound;
    pub const UNAUTHENTICATED: E = E::Unauthenticated;
    pub const INVALID_TOKEN: E = E::InvalidToken;
    pub const TOKEN_EXPIRED: E = E::TokenExpired;
    pub const SESSION_REVOKED: E = E::SessionRevoked;
    pub const INVALID_CREDENTIALS: E = E::InvalidCredentials;
    pub const ACCOUNT_DISABLED: E = E::AccountDisabled;
    pub const MFA_REQUIRED: E = E::MfaRequired;
    pub const MFA_ENROLMENT_REQUIRED: E = E::MfaEnrolmentRequired;
    pub const MFA_NOT_PENDING: E = E::MfaNotPending;
    pub const MFA_ALREADY_ENROLLED: E = E::MfaAlreadyEnrolled;
    pub const INVALID_TOTP: E = E::InvalidTotp;
    pub const TOTP_REPLAYED: E = E::TotpReplayed;
    pub const INVALID_REFRESH_TOKEN: E = E::InvalidRefreshToken;
    pub const REFRESH_TOKEN_REUSED: E = E::RefreshTokenReused;
    pub const FORBIDDEN: E = E::Forbidden;
    pub const INVALID_TRANSITION: E = E::InvalidTransition;
    pub const CONCURRENT_UPDATE: E = E::ConcurrentUpdate;
    pub const CONFLICT: E = E::Conflict;
    pub const DUPLICATE_CAMERA_CODE: E = E::DuplicateCameraCode;
    pub const DUPLICATE_RECORDER: E = E::DuplicateRecorder;
    pub const INVALID_PLAYBACK_TEMPLATE: E = E::InvalidPlaybackTemplate;
    pub const JOB_NOT_FAILED: E = E::JobNotFailed;
    pub const ITEM_SETTLED: E = E::ItemSettled;
    pub const UPLOAD_TOO_LARGE: E = E::UploadTooLarge;
    pub const NOT_VIDEO: E = E::NotVideo;
    pub const EVIDENCE_DAMAGED: E = E::EvidenceDamaged;
    pub const INVALID_PROOF_REQUEST: E = E::InvalidProofRequest;
    pub const LOG_ENTRY_PENDING: E = E::LogEntryPending;
    pub const RATE_LIMITED: E = E::RateLimited;
    pub const SHARE_EXPIRED: E = E::ShareExpired;
    pub const SHARE_REVOKED: E = E::ShareRevoked;
    pub const SHARE_EXHAUSTED: E = E::ShareExhausted;
    pub const CLIP_ERASED: E = E::ClipErased;
    pub const LEGAL_HOLD: E = E::LegalHold;
    pub const NO_LEGAL_HOLD: E = E::NoLegalHold;
    pub const STORE_RETENTION: E = E::StoreRetention;
    pub const STORE_UNAVAILABLE: E = E::StoreUnavailable;
    pub const CASE_ALREADY_DISPOSED: E = E::CaseAlreadyDisposed;
    pub const APPROVAL_PENDING: E = E::ApprovalPending;
    pub const APPROVAL_DECIDED: E = E::ApprovalDecided;
    pub const APPROVAL_EXPIRED: E = E::ApprovalExpired;
    pub const NO_DISPOSAL: E = E::NoDisposal;
    pub const ERASURE_DONE: E = E::ErasureDone;
    pub const COURT_ORDER_REQUIRED: E = E::CourtOrderRequired;
    pub const COURT_SHARE_ACTIVE: E = E::CourtShareActive;
    pub const SEPARATION_OF_DUTIES: E = E::SeparationOfDuties;
    pub const INVALID_VALUE: E = E::InvalidValue;
    pub const INVALID_SHA256: E = E::InvalidSha256;
    pub const DATABASE_UNAVAILABLE: E = E::DatabaseUnavailable;
    pub const STORAGE_FULL: E = E::StorageFull;
    pub const INTERNAL_ERROR: E = E::InternalError;
}

/// An error answer: its code (which fixes its HTTP status) and a sentence
/// for people.
#[derive(Debug, Clone)]
pub struct ApiError {
    pub code: ErrorCode,
    pub message: String,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ErrorDetail {
    /// Stable machine-readable code; each has one HTTP status.
    pub code: ErrorCode,
    pub message: String,
}

impl ApiError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
        }
    }

    /// The HTTP status, which the code fixes.
    pub fn status(&self) -> StatusCode {
        StatusCode::from_u16(self.code.http_status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }

    pub fn bad_request(code: ErrorCode, message: impl Into<String>) -> Self {
        Self::new(code, message)
    }

    pub fn unauthorized(code: ErrorCode, message: impl Into<String>) -> Self {
        Self::new(code, message)
    }

    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::Forbidden, message)
    }

    pub fn not_found(what: &str) -> Self {
        Self::new(ErrorCode::NotFound, format!("{what} not found"))
    }

    pub fn conflict(code: ErrorCode, message: impl Into<String>) -> Self {
        Self::new(code, message)
    }

    /// The thing existed and is gone for good (a 410 code).
    pub fn gone(code: ErrorCode, message: impl Into<String>) -> Self {
        Self::new(code, message)
    }

    /// A dependency failed; retrying later may succeed (a 503 code).
    pub fn unavailable(code: ErrorCode, message: impl Into<String>) -> Self {
        Self::new(code, message)
    }

    /// The same sentence with a more specific code.
    pub fn with_code(mut self, code: ErrorCode) -> Self {
        self.code = code;
        self
    }

    /// Logs the cause (once, here) and hides it from the client.
    pub fn internal(cause: impl std::fmt::Display) -> Self {
        tracing::error!(error.cause = %cause, "internal error");
        Self::new(
            ErrorCode::InternalError,
            "an internal error occurred; it has been logged",
        )
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} {}: {}",
            self.code.http_status(),
            self.code,
            self.message
        )
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        self.status()
    }

    fn error_response(&self) -> HttpResponse {
        HttpResponse::build(self.status()).json(ErrorBody {
            error: ErrorDetail {
                code: self.code,
                message: self.message.clone(),
            },
        })
    }
}

impl From<ValidationError> for ApiError {
    fn from(e: ValidationError) -> Self {
        Self::new(e.code, e.message)
    }
}

impl From<DbError> for ApiError {
    fn from(e: DbError) -> Self {
        match e {
            DbError::Unavailable(cause) => {
                tracing::warn!(error.cause = %cause, "database unavailable");
                Self::new(
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

impl From<crate::evidence::seal::SealError> for ApiError {
    fn from(e: crate::evidence::seal::SealError) -> Self {
        match e {
            crate::evidence::seal::SealError::Db(d) => d.into(),
            other => Self::internal(other),
        }
    }
}

impl From<crate::custody::LogError> for ApiError {
    fn from(e: crate::custody::LogError) -> Self {
        use crate::custody::LogError;
        match e {
            LogError::Db(d) => d.into(),
            LogError::Proof(p) => Self::bad_request(code::INVALID_PROOF_REQUEST, p.to_string()),
            LogError::NotFound(m) => Self::new(code::LOG_ENTRY_PENDING, m),
            other => Self::internal(other),
        }
    }
}

pub type ApiResult<T> = Result<T, ApiError>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validation_maps_to_its_code_and_status() {
        let e: ApiError = ValidationError::new(ErrorCode::WindowTooLong, "x").into();
        assert_eq!(e.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(e.code, ErrorCode::WindowTooLong);
        assert_eq!(ApiError::not_found("x").status(), StatusCode::NOT_FOUND);
    }

    /// Every code is used somewhere in the source (outside its own
    /// definition), so none is dead contract.
    #[test]
    fn every_code_is_used() {
        let mut source = String::new();
        for entry in walkdir::WalkDir::new(concat!(env!("CARGO_MANIFEST_DIR"), "/src"))
            .into_iter()
            .flatten()
            .filter(|e| e.path().extension().is_some_and(|x| x == "rs"))
            .filter(|e| !e.path().ends_with("domain/error_code.rs"))
        {
            let text = std::fs::read_to_string(entry.path()).unwrap();
            // The old constant names are aliases, not uses.
            let text = match text.find("pub mod code {") {
                Some(i) => {
                    let end = text[i..].find("\n}\n").map_or(text.len(), |j| i + j);
                    format!("{}{}", &text[..i], &text[end..])
                }
                None => text,
            };
            source.push_str(&text);
        }
        let constant = |c: ErrorCode| c.as_str().to_ascii_uppercase();
        let variant = |c: ErrorCode| format!("{c:?}");
        for c in ErrorCode::ALL {
            let used = source.contains(&format!("ErrorCode::{}", variant(*c)))
                || source.contains(&format!("code::{}", constant(*c)))
                || source.contains(&format!(", {}, {{", variant(*c)))
                || source.contains(&format!(", {}\n", variant(*c)));
            assert!(used, "{c} is defined but never used");
        }
    }
}
