//! Urgency of a request and the deadline it implies. The SLA clock starts
//! when the request is submitted.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use std::str::FromStr;

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
pub enum Urgency {
    /// Life at risk, missing person.
    Critical,
    Urgent,
    Routine,
}

impl Urgency {
    pub const ALL: [Urgency; 3] = [Urgency::Critical, Urgency::Urgent, Urgency::Routine];

    pub fn as_str(self) -> &'static str {
        match self {
            Urgency::Critical => "critical",
            Urgency::Urgent => "urgent",
            Urgency::Routine => "routine",
        }
    }
}

impl FromStr for Urgency {
    type Err = ValidationError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Urgency::ALL
            .into_iter()
            .find(|u| u.as_str() == s)
            .ok_or_else(|| {
                ValidationError::new(
                    crate::domain::error_code::ErrorCode::InvalidUrgency,
                    format!("unknown urgency `{s}`"),
                )
            })
    }
}

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
