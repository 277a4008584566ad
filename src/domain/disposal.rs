//! The rules for a case's disposal date, which starts the retention clock
//! of the evidence the case's requests produced. Dates are calendar days
//! in India Standard Time, as the judgment or closure report gives them.

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, NaiveDateTime, Offset, Utc};

use super::text::bounded_plain;
use super::ValidationError;

/// India Standard Time, UTC+05:30.
pub fn ist() -> FixedOffset {
    FixedOffset::east_opt(5 * 3600 + 1800).unwrap_or_else(|| Utc.fix())
}

/// The IST calendar date of a UTC instant.
pub fn ist_date(utc: NaiveDateTime) -> NaiveDate {
    utc.and_utc().with_timezone(&ist()).date_naive()
}

/// A disposal as the station (or a correcting administrator) states it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Disposal {
    /// Midnight IST of the disposal date, as UTC.
    pub disposed_at: NaiveDateTime,
    /// The judgment, order or closure report (3-200 characters).
    pub reference: String,
}

impl Disposal {
    /// Parses `disposed_on` (YYYY-MM-DD, or RFC 3339 whose IST date is
    /// taken) and the reference, and checks the date against the request:
    /// not before the request was closed, not after today.
    pub fn parse(
        disposed_on: &str,
        reference: &str,
        closed_at: NaiveDateTime,
        now: DateTime<Utc>,
    ) -> Result<Self, ValidationError> {
        let day = match NaiveDate::parse_from_str(disposed_on.trim(), "%Y-%m-%d") {
            Ok(d) => d,
            Err(_) => DateTime::parse_from_rfc3339(disposed_on.trim())
                .map(|t| t.with_timezone(&ist()).date_naive())
                .map_err(|_| {
                    ValidationError::new(
                        crate::domain::error_code::ErrorCode::InvalidDisposedOn,
                        "disposed_on must be a date, YYYY-MM-DD",
                    )
                })?,
        };
        let today = now.with_timezone(&ist()).date_naive();
        if day > today {
            return Err(ValidationError::new(
                crate::domain::error_code::ErrorCode::InvalidDisposedOn,
                "disposed_on cannot be in the future",
            ));
        }
        let closed = ist_date(closed_at);
        if day < closed {
            return Err(ValidationError::new(
                crate::domain::error_code::ErrorCode::InvalidDisposedOn,
                format!(
                    "disposed_on cannot be before the request was closed ({})",
                    closed.format("%d/%m/%Y")
                ),
            ));
        }
        let reference = bounded_plain("reference", reference, 3, 200)?;
        let disposed_at = day
            .and_hms_opt(0, 0, 0)
            .map(|t| t - Duration::minutes(330))
            .ok_or_else(|| {
                ValidationError::new(
                    crate::domain::error_code::ErrorCode::InvalidDisposedOn,
                    "not a real date",
                )
            })?;
        Ok(Self {
            disposed_at,
            reference,
        })
    }
}

text_enum!(
    /// Where a case's disposal stands on its request.
    DisposalState, "disposal state", InvalidState, {
        /// Recorded by the station; a second station supervisor has yet
        /// to confirm it. No clock runs.
        PendingConfirmation => "pending_confirmation",
        /// Confirmed by a second person: retention, then a grace period,
        /// then erasure.
        Confirmed => "confirmed",
        /// Recorded by one person before confirmation existed. No clock
        /// runs until the station records it again and a supervisor
        /// confirms it.
        Unconfirmed => "unconfirmed",
    }
);

/// When a clip whose case was disposed of at `disposed_at` (the disposal
/// taking effect at `effective_at`: its confirmation or its last
/// correction) and which is kept `keep_days` after disposal becomes due
/// for erasure: `grace_days` after the later of the end of its retention
/// and the disposal taking effect, so neither confirming nor correcting
/// an old date makes evidence erasable at once. Returns (retention end,
/// erase after).
pub fn erasure_due(
    disposed_at: NaiveDateTime,
    effective_at: NaiveDateTime,
    keep_days: u32,
    grace_days: u32,
) -> (NaiveDateTime, NaiveDateTime) {
    let retention_ends = disposed_at + Duration::days(i64::from(keep_days));
    let erase_after = retention_ends.max(effective_at) + Duration::days(i64::from(grace_days));
    (retention_ends, erase_after)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").unwrap()
    }

    #[test]
    fn a_disposal_date_lies_between_closing_and_today() {
        let closed = t("2026-11-20 10:00:00");
        let now = t("2026-12-01 12:00:00").and_utc();
        let ok = Disposal::parse("2026-11-25", "Judgment SC 45/2025", closed, now).unwrap();
        assert_eq!(ok.disposed_at, t("2026-11-24 18:30:00"));
        for bad in ["2000-01-01", "2026-11-19", "2026-12-02", "yesterday", ""] {
            let e = Disposal::parse(bad, "Judgment SC 45/2025", closed, now).unwrap_err();
            assert_eq!(e.code, "invalid_disposed_on", "{bad}");
        }
        // The day it was closed (in IST) is fine, even if earlier in UTC.
        let late_evening = t("2026-11-20 19:00:00"); // 21/11 00:30 IST
        assert!(Disposal::parse("2026-11-21", "Order 1/2026", late_evening, now).is_ok());
        assert!(Disposal::parse("2026-11-20", "Order 1/2026", late_evening, now).is_err());
        assert!(Disposal::parse("2026-11-25", "x", closed, now).is_err());
    }

    #[test]
    fn erasure_waits_for_the_grace_period_after_retention_and_confirmation() {
        let disposed = t("2025-01-01 00:00:00");
        // Retention long over when confirmed: the grace runs from confirmation.
        let (ends, after) = erasure_due(disposed, t("2026-12-01 00:00:00"), 365, 30);
        assert_eq!(ends, t("2026-01-01 00:00:00"));
        assert_eq!(after, t("2026-12-31 00:00:00"));
        // Confirmed at once: the grace runs from the end of retention.
        let (_, after) = erasure_due(disposed, t("2025-01-02 00:00:00"), 365, 30);
        assert_eq!(after, t("2026-01-31 00:00:00"));
    }
}
