//! Every error code the API answers with: its stable snake_case text (the
//! API contract), its HTTP status, and the key of its user-facing message
//! in the portal's catalogues. A code has exactly one status; a test
//! checks that every code is used somewhere in the source and listed in
//! the OpenAPI document.

use serde::Serialize;
use std::fmt;

macro_rules! error_codes {
    ($($(#[$m:meta])* $v:ident = $s:literal, $status:literal;)+) => {
        /// A stable API error code.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, utoipa::ToSchema)]
        #[serde(rename_all = "snake_case")]
        pub enum ErrorCode { $($(#[$m])* $v),+ }

        impl ErrorCode {
            pub const ALL: &'static [ErrorCode] = &[$(ErrorCode::$v),+];

            pub fn as_str(self) -> &'static str {
                match self { $(ErrorCode::$v => $s),+ }
            }

            /// The HTTP status every answer with this code has.
            pub fn http_status(self) -> u16 {
                match self { $(ErrorCode::$v => $status),+ }
            }
        }
    };
}

error_codes! {
    // The request itself: 400.
    MalformedJson = "malformed_json", 400;
    UnknownField = "unknown_field", 400;
    MissingField = "missing_field", 400;
    InvalidField = "invalid_field", 400;
    InvalidQuery = "invalid_query", 400;
    InvalidPath = "invalid_path", 400;
    InvalidProofRequest = "invalid_proof_request", 400;
    /// The upload's connection broke before its end.
    UploadInterrupted = "upload_interrupted", 400;
    // Who is calling: 401, 403.
    Unauthenticated = "unauthenticated", 401;
    InvalidToken = "invalid_token", 401;
    TokenExpired = "token_expired", 401;
    SessionRevoked = "session_revoked", 401;
    InvalidCredentials = "invalid_credentials", 401;
    MfaRequired = "mfa_required", 401;
    InvalidTotp = "invalid_totp", 401;
    TotpReplayed = "totp_replayed", 401;
    InvalidRefreshToken = "invalid_refresh_token", 401;
    RefreshTokenReused = "refresh_token_reused", 401;
    AccountDisabled = "account_disabled", 403;
    MfaEnrolmentRequired = "mfa_enrolment_required", 403;
    Forbidden = "forbidden", 403;
    /// The same person may not do both steps (file and endorse, ask and approve).
    SeparationOfDuties = "separation_of_duties", 403;
    NotFound = "not_found", 404;
    LogEntryPending = "log_entry_pending", 404;
    // The state of things: 409, 410.
    MfaNotPending = "mfa_not_pending", 409;
    MfaAlreadyEnrolled = "mfa_already_enrolled", 409;
    InvalidTransition = "invalid_transition", 409;
    ConcurrentUpdate = "concurrent_update", 409;
    Conflict = "conflict", 409;
    DuplicateCameraCode = "duplicate_camera_code", 409;
    /// A recorder of that name, or a channel or camera already mapped.
    DuplicateRecorder = "duplicate_recorder", 409;
    JobNotFailed = "job_not_failed", 409;
    ItemSettled = "item_settled", 409;
    LegalHold = "legal_hold", 409;
    NoLegalHold = "no_legal_hold", 409;
    StoreRetention = "store_retention", 409;
    CaseAlreadyDisposed = "case_already_disposed", 409;
    ApprovalPending = "approval_pending", 409;
    ApprovalDecided = "approval_decided", 409;
    ApprovalExpired = "approval_expired", 409;
    NoDisposal = "no_disposal", 409;
    ErasureDone = "erasure_done", 409;
    CourtShareActive = "court_share_active", 409;
    ShareAlreadyRevoked = "share_already_revoked", 409;
    ClipErased = "clip_erased", 410;
    ShareExpired = "share_expired", 410;
    ShareRevoked = "share_revoked", 410;
    ShareExhausted = "share_exhausted", 410;
    PayloadTooLarge = "payload_too_large", 413;
    UploadTooLarge = "upload_too_large", 413;
    UnsupportedMediaType = "unsupported_media_type", 415;
    // A value that breaks a rule: 422.
    NotVideo = "not_video", 422;
    CourtOrderRequired = "court_order_required", 422;
    FieldRequired = "field_required", 422;
    FieldTooLong = "field_too_long", 422;
    InvalidValue = "invalid_value", 422;
    InvalidCharacters = "invalid_characters", 422;
    CameraDecommissioned = "camera_decommissioned", 422;
    CommentRequired = "comment_required", 422;
    IncidentInFuture = "incident_in_future", 422;
    InvalidAction = "invalid_action", 422;
    InvalidBasis = "invalid_basis", 422;
    InvalidBnsSection = "invalid_bns_section", 422;
    InvalidCameraCode = "invalid_camera_code", 422;
    InvalidCameraStatus = "invalid_camera_status", 422;
    InvalidRecorderKind = "invalid_recorder_kind", 422;
    InvalidRecorderAddress = "invalid_recorder_address", 422;
    InvalidPlaybackTemplate = "invalid_playback_template", 422;
    InvalidChannel = "invalid_channel", 422;
    InvalidCoordinates = "invalid_coordinates", 422;
    InvalidDate = "invalid_date", 422;
    InvalidDisposedOn = "invalid_disposed_on", 422;
    InvalidEmail = "invalid_email", 422;
    InvalidFirNumber = "invalid_fir_number", 422;
    InvalidGdNumber = "invalid_gd_number", 422;
    InvalidFormat = "invalid_format", 422;
    InvalidGroupBy = "invalid_group_by", 422;
    InvalidItemStatus = "invalid_item_status", 422;
    InvalidKind = "invalid_kind", 422;
    InvalidMac = "invalid_mac", 422;
    InvalidOrgKind = "invalid_org_kind", 422;
    InvalidPage = "invalid_page", 422;
    InvalidPeriod = "invalid_period", 422;
    InvalidRadius = "invalid_radius", 422;
    InvalidRange = "invalid_range", 422;
    InvalidReason = "invalid_reason", 422;
    InvalidReasonCode = "invalid_reason_code", 422;
    InvalidRetention = "invalid_retention", 422;
    InvalidRole = "invalid_role", 422;
    InvalidSelection = "invalid_selection", 422;
    InvalidSeverity = "invalid_severity", 422;
    InvalidSha256 = "invalid_sha256", 422;
    InvalidSort = "invalid_sort", 422;
    InvalidState = "invalid_state", 422;
    InvalidStatus = "invalid_status", 422;
    InvalidUrgency = "invalid_urgency", 422;
    InvalidUsername = "invalid_username", 422;
    InvalidWithinHours = "invalid_within_hours", 422;
    InvalidJobKind = "invalid_job_kind", 422;
    InvalidJobState = "invalid_job_state", 422;
    InvalidClipSource = "invalid_clip_source", 422;
    InvalidSegmentStatus = "invalid_segment_status", 422;
    InvalidShareKind = "invalid_share_kind", 422;
    InvalidRequestId = "invalid_request_id", 422;
    InvalidClipId = "invalid_clip_id", 422;
    InvalidRecorderId = "invalid_recorder_id", 422;
    ItemsSpanIccc = "items_span_iccc", 422;
    MissingCaseReference = "missing_case_reference", 422;
    NoItems = "no_items", 422;
    ReasonRequired = "reason_required", 422;
    RoleDoesNotFitOrganisation = "role_does_not_fit_organisation", 422;
    TooManyItems = "too_many_items", 422;
    UnknownCamera = "unknown_camera", 422;
    WeakPassword = "weak_password", 422;
    WindowEndBeforeStart = "window_end_before_start", 422;
    WindowInFuture = "window_in_future", 422;
    WindowTooLong = "window_too_long", 422;
    // Limits and failures: 429, 5xx.
    RateLimited = "rate_limited", 429;
    EvidenceDamaged = "evidence_damaged", 500;
    InternalError = "internal_error", 500;
    StoreUnavailable = "store_unavailable", 503;
    DatabaseUnavailable = "database_unavailable", 503;
    /// The database's or the evidence store's disk is full.
    StorageFull = "storage_full", 503;
}

impl ErrorCode {
    /// The key of this code's message in the portal's catalogues
    /// (`error-` and the code with dashes).
    pub fn message_key(self) -> String {
        format!("error-{}", self.as_str().replace('_', "-"))
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq<&str> for ErrorCode {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_snake_case_with_a_real_status() {
        let mut seen = std::collections::HashSet::new();
        for c in ErrorCode::ALL {
            assert!(seen.insert(c.as_str()), "duplicate code {c}");
            assert!(
                c.as_str()
                    .chars()
                    .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '_'),
                "{c}"
            );
            assert!((400..=599).contains(&c.http_status()), "{c}");
            assert_eq!(serde_json::to_value(c).unwrap(), c.as_str());
            assert!(c.message_key().starts_with("error-") && !c.message_key().contains('_'));
        }
    }
}
