//! Urgency of a request and the deadline it implies. The SLA clock starts
//! when the request is submitted.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

text_enum!(
    Urgency, "urgency", InvalidUrgency, {
        /// Life at risk, missing person.
        Critical => "critical",
        Urgent => "urgent",
        Routine => "routine",
    }
);

/// Hours allowed per urgency (configurable; defaults 6 / 24 / 72).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeadlinePolicy {
    pub critical_hours: u32,
    pub urgent_hours: u32,
    pub routine_hours: u32,
}

impl Default for DeadlinePolicy {
    fn default() -> Self {
        Self {
            critical_hours: 6,
            urgent_hours: 24,
            routine_hours: 72,
        }
    }
}

impl DeadlinePolicy {
    pub fn allowance(&self, u: Urgency) -> Duration {
        let h = match u {
            Urgency::Critical => self.critical_hours,
            Urgency::Urgent => self.urgent_hours,
            Urgency::Routine => self.routine_hours,
        };
        Duration::hours(i64::from(h))
    }

    pub fn deadline(&self, u: Urgency, submitted_at: DateTime<Utc>) -> DateTime<Utc> {
        submitted_at + self.allowance(u)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_deadlines() {
        let p = DeadlinePolicy::default();
        let t0 = DateTime::from_timestamp(1_760_000_000, 0).unwrap();
        assert_eq!(p.deadline(Urgency::Critical, t0) - t0, Duration::hours(6));
        assert_eq!(p.deadline(Urgency::Urgent, t0) - t0, Duration::hours(24));
        assert_eq!(p.deadline(Urgency::Routine, t0) - t0, Duration::hours(72));
        let custom = DeadlinePolicy {
            critical_hours: 2,
            ..p
        };
        assert_eq!(
            custom.deadline(Urgency::Critical, t0) - t0,
            Duration::hours(2)
        );
    }
}
