//! Reason codes for a request or item that is not fulfilled. They feed the
//! SLA reasons breakdown, so the set is closed and stable.

use serde::{Deserialize, Serialize};
use std::{fmt, str::FromStr};

use super::ValidationError;

#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    utoipa::ToSchema,
    diesel::expression::AsExpression,
    diesel::deserialize::FromSqlRow,
)]
#[serde(rename_all = "snake_case")]
#[diesel(sql_type = diesel::sql_types::Text)]
pub enum ReasonCode {
    FootageOverwritten,
    CameraOffline,
    OutsideCoverage,
    NoRecordingInWindow,
    RejectedInvalidRequest,
    RejectedInsufficientAuthority,
    TechnicalFailure,
}

impl ReasonCode {
    pub const ALL: [ReasonCode; 7] = [
        ReasonCode::FootageOverwritten,
        ReasonCode::CameraOffline,
        ReasonCode::OutsideCoverage,
        ReasonCode::NoRecordingInWindow,
        ReasonCode::RejectedInvalidRequest,
        ReasonCode::RejectedInsufficientAuthority,
        ReasonCode::TechnicalFailure,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ReasonCode::FootageOverwritten => "footage_overwritten",
            ReasonCode::CameraOffline => "camera_offline",
            ReasonCode::OutsideCoverage => "outside_coverage",
            ReasonCode::NoRecordingInWindow => "no_recording_in_window",
            ReasonCode::RejectedInvalidRequest => "rejected_invalid_request",
            ReasonCode::RejectedInsufficientAuthority => "rejected_insufficient_authority",
            ReasonCode::TechnicalFailure => "technical_failure",
        }
    }

    /// Codes an operator may give when rejecting a whole request.
    pub fn is_rejection(self) -> bool {
        matches!(
            self,
            ReasonCode::RejectedInvalidRequest | ReasonCode::RejectedInsufficientAuthority
        )
    }
}

impl fmt::Display for ReasonCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for ReasonCode {
    type Err = ValidationError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ReasonCode::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| {
                ValidationError::new(
                    crate::domain::error_code::ErrorCode::InvalidReasonCode,
                    format!("unknown reason code `{s}`"),
                )
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        for r in ReasonCode::ALL {
            assert_eq!(r.as_str().parse::<ReasonCode>(), Ok(r));
            assert_eq!(
                serde_json::to_value(r).unwrap(),
                serde_json::json!(r.as_str())
            );
        }
    }
}
