//! A window of recorded time on one camera, in UTC.

use chrono::{DateTime, Duration, Utc};

use super::ValidationError;

/// `[start, end)` with `end > start`, no longer than the configured
/// maximum, and not starting in the future.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimeWindow {
    start: DateTime<Utc>,
    end: DateTime<Utc>,
}

impl TimeWindow {
    pub fn new(
        start: DateTime<Utc>,
        end: DateTime<Utc>,
        max: Duration,
        now: DateTime<Utc>,
    ) -> Result<Self, ValidationError> {
        if end <= start {
            return Err(ValidationError::new(
                crate::domain::error_code::ErrorCode::WindowEndBeforeStart,
                "the window must end after it starts",
            ));
        }
        if end - start > max {
            return Err(ValidationError::new(
                crate::domain::error_code::ErrorCode::WindowTooLong,
                format!("a window may be at most {} minutes long", max.num_minutes()),
            ));
        }
        if start > now {
            return Err(ValidationError::new(
                crate::domain::error_code::ErrorCode::WindowInFuture,
                "the window starts in the future; footage cannot exist yet",
            ));
        }
        Ok(Self { start, end })
    }

    pub fn start(self) -> DateTime<Utc> {
        self.start
    }

    pub fn end(self) -> DateTime<Utc> {
        self.end
    }

    pub fn duration(self) -> Duration {
        self.end - self.start
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(h: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_760_000_000 + h * 3600, 0).unwrap()
    }

    #[test]
    fn rules() {
        let max = Duration::hours(6);
        let now = t(100);
        assert!(TimeWindow::new(t(1), t(2), max, now).is_ok());
        assert_eq!(
            TimeWindow::new(t(2), t(2), max, now).map_err(|e| e.code.as_str()),
            Err("window_end_before_start")
        );
        assert_eq!(
            TimeWindow::new(t(3), t(2), max, now).map_err(|e| e.code.as_str()),
            Err("window_end_before_start")
        );
        assert_eq!(
            TimeWindow::new(t(1), t(8), max, now).map_err(|e| e.code.as_str()),
            Err("window_too_long")
        );
        assert!(TimeWindow::new(t(1), t(7), max, now).is_ok());
        assert_eq!(
            TimeWindow::new(t(101), t(102), max, now).map_err(|e| e.code.as_str()),
            Err("window_in_future")
        );
    }
}
