//! What Sakshya asks of any recorder, whatever its kind: who it is, what
//! its clock says, and what footage it still holds for a channel.

use chrono::{DateTime, Utc};

/// The recorder as it describes itself. These facts go into manifests and
/// the BSA s.63 certificate, so they are never typed by hand.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct DeviceFacts {
    pub make: String,
    pub model: String,
    pub serial: String,
    pub mac: Option<String>,
    pub firmware: Option<String>,
}

/// A stretch of footage the recorder holds for one channel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordedSpan {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    /// The device's own playback address for the span, if it gives one
    /// (never with credentials).
    pub playback_uri: Option<String>,
}

/// Why a call to a recorder failed. The messages are for operators: they
/// say what to check, never the password.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DeviceError {
    #[error("the recorder did not answer at {0}: check its address, ports and network")]
    Unreachable(String),
    #[error("the recorder did not answer within {0} s: it may be busy or the network slow")]
    Timeout(u64),
    #[error("the recorder refused the stored username and password: check the read-only account on the recorder and enter its password again")]
    AuthFailed,
    #[error("the recorder answered in a way Sakshya does not understand: {0}")]
    Protocol(String),
    #[error("the recorder has no channel {0}")]
    NoSuchChannel(i32),
    /// The recorder answered a playback request with a refusal (it may be
    /// busy with other playbacks).
    #[error("the recorder refused to play back {0}; it may be busy with other playbacks: trying again later")]
    PlaybackRefused(String),
    /// A playback stream that stopped before its end; what arrived is kept.
    #[error("{0}")]
    StreamCut(String),
}

impl DeviceError {
    /// Whether trying again later may help (not a refused password,
    /// which would only lock the account).
    pub fn is_retryable(&self) -> bool {
        matches!(
            self,
            DeviceError::Unreachable(_)
                | DeviceError::Timeout(_)
                | DeviceError::StreamCut(_)
                | DeviceError::PlaybackRefused(_)
        )
    }
}

/// Spans sorted and with overlaps and touching spans merged.
pub fn merge_spans(mut spans: Vec<RecordedSpan>) -> Vec<RecordedSpan> {
    spans.sort_by_key(|s| (s.start, s.end));
    let mut out: Vec<RecordedSpan> = Vec::with_capacity(spans.len());
    for s in spans {
        match out.last_mut() {
            Some(last) if s.start <= last.end => {
                if s.end > last.end {
                    last.end = s.end;
                }
                last.playback_uri = None;
            }
            _ => out.push(s),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn t(m: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 1, 0, 0, 0).unwrap() + chrono::Duration::minutes(m)
    }

    fn span(a: i64, b: i64) -> RecordedSpan {
        RecordedSpan {
            start: t(a),
            end: t(b),
            playback_uri: Some(format!("rtsp://x/{a}")),
        }
    }

    #[test]
    fn overlapping_and_touching_spans_merge() {
        let merged = merge_spans(vec![span(20, 30), span(0, 10), span(10, 12), span(25, 40)]);
        assert_eq!(
            merged.iter().map(|s| (s.start, s.end)).collect::<Vec<_>>(),
            vec![(t(0), t(12)), (t(20), t(40))]
        );
        // A merged span's own playback address no longer covers it.
        assert_eq!(merged[0].playback_uri, None);
        assert_eq!(
            merge_spans(vec![span(0, 5)])[0].playback_uri.as_deref(),
            Some("rtsp://x/0")
        );
    }

    #[test]
    fn only_network_faults_are_retried() {
        assert!(DeviceError::Unreachable("x".into()).is_retryable());
        assert!(DeviceError::Timeout(5).is_retryable());
        assert!(!DeviceError::AuthFailed.is_retryable());
    }
}
