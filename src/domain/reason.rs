//! Reason codes for a request or item that is not fulfilled. They feed the
//! SLA reasons breakdown, so the set is closed and stable.

text_enum!(
    ReasonCode, "reason code", InvalidReasonCode, {
        FootageOverwritten => "footage_overwritten",
        CameraOffline => "camera_offline",
        OutsideCoverage => "outside_coverage",
        NoRecordingInWindow => "no_recording_in_window",
        RejectedInvalidRequest => "rejected_invalid_request",
        RejectedInsufficientAuthority => "rejected_insufficient_authority",
        TechnicalFailure => "technical_failure",
    }
);

impl ReasonCode {
    /// Codes an operator may give when rejecting a whole request.
    pub fn is_rejection(self) -> bool {
        matches!(
            self,
            ReasonCode::RejectedInvalidRequest | ReasonCode::RejectedInsufficientAuthority
        )
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
