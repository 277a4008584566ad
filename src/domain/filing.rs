//! A footage request as filed: every field parsed and checked before
//! anything touches the database.

use chrono::{DateTime, Duration, Utc};

use super::case_reference::{bns_sections, BnsSection, CaseReference};
use super::text;
use super::time_window::TimeWindow;
use super::urgency::Urgency;
use super::ValidationError;

/// The raw fields of a filing, as they arrive.
#[derive(Debug, Clone)]
pub struct RawFiling {
    pub fir_number: Option<String>,
    pub gd_number: Option<String>,
    pub bns_sections: Vec<String>,
    pub incident_place: String,
    pub incident_at: DateTime<Utc>,
    pub purpose: String,
    pub urgency: String,
    pub notice_reference: String,
    pub items: Vec<RawItem>,
}

#[derive(Debug, Clone)]
pub struct RawItem {
    pub camera_id: String,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
}

/// Limits that come from configuration.
#[derive(Debug, Clone, Copy)]
pub struct FilingLimits {
    pub max_window: Duration,
    pub max_items: usize,
}

#[derive(Debug, Clone)]
pub struct Filing {
    pub case: CaseReference,
    pub sections: Vec<BnsSection>,
    pub incident_place: String,
    pub incident_at: DateTime<Utc>,
    pub purpose: String,
    pub urgency: Urgency,
    /// Reference of the notice under BNSS s.94 that compels production.
    pub notice_reference: String,
    pub items: Vec<(String, TimeWindow)>,
}

/// Clock skew tolerated for "not in the future" checks.
const SKEW: Duration = Duration::minutes(5);

impl Filing {
    pub fn parse(
        raw: RawFiling,
        limits: FilingLimits,
        now: DateTime<Utc>,
    ) -> Result<Self, ValidationError> {
        let case = CaseReference::parse(raw.fir_number.as_deref(), raw.gd_number.as_deref())?;
        let sections = bns_sections(&raw.bns_sections)?;
        if raw.incident_at > now + SKEW {
            return Err(ValidationError::new(
                crate::domain::error_code::ErrorCode::IncidentInFuture,
                "the incident time is in the future",
            ));
        }
        if raw.items.is_empty() {
            return Err(ValidationError::new(
                crate::domain::error_code::ErrorCode::NoItems,
                "a request needs at least one camera and time window",
            ));
        }
        if raw.items.len() > limits.max_items {
            return Err(ValidationError::new(
                crate::domain::error_code::ErrorCode::TooManyItems,
                format!("a request may have at most {} items", limits.max_items),
            ));
        }
        let items = raw
            .items
            .into_iter()
            .map(|i| {
                let id = text::bounded("camera_id", &i.camera_id, 64)?;
                Ok((
                    id,
                    TimeWindow::new(i.start, i.end, limits.max_window, now + SKEW)?,
                ))
            })
            .collect::<Result<Vec<_>, ValidationError>>()?;
        Ok(Self {
            case,
            sections,
            incident_place: text::bounded("incident_place", &raw.incident_place, 500)?,
            incident_at: raw.incident_at,
            purpose: text::bounded("purpose", &raw.purpose, 2000)?,
            urgency: raw.urgency.parse()?,
            notice_reference: text::bounded("notice_reference", &raw.notice_reference, 200)?,
            items,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(now: DateTime<Utc>) -> RawFiling {
        RawFiling {
            fir_number: Some("0042/2026".into()),
            gd_number: None,
            bns_sections: vec!["303(2)".into()],
            incident_place: "MG Road junction".into(),
            incident_at: now - Duration::hours(3),
            purpose: "Identify the vehicle".into(),
            urgency: "urgent".into(),
            notice_reference: "BNSS94/2026/17".into(),
            items: vec![RawItem {
                camera_id: "c1".into(),
                start: now - Duration::hours(4),
                end: now - Duration::hours(3),
            }],
        }
    }

    const LIMITS: FilingLimits = FilingLimits {
        max_window: Duration::hours(12),
        max_items: 3,
    };

    #[test]
    fn parses_a_good_filing() {
        let now = Utc::now();
        let f = Filing::parse(raw(now), LIMITS, now).unwrap();
        assert_eq!(f.urgency, Urgency::Urgent);
        assert_eq!(f.items.len(), 1);
    }

    #[test]
    fn refuses_bad_filings_with_codes() {
        let now = Utc::now();
        let code = |f: RawFiling| Filing::parse(f, LIMITS, now).unwrap_err().code;
        assert_eq!(
            code(RawFiling {
                fir_number: None,
                ..raw(now)
            }),
            "missing_case_reference"
        );
        assert_eq!(
            code(RawFiling {
                items: vec![],
                ..raw(now)
            }),
            "no_items"
        );
        assert_eq!(
            code(RawFiling {
                items: vec![raw(now).items[0].clone(); 4],
                ..raw(now)
            }),
            "too_many_items"
        );
        assert_eq!(
            code(RawFiling {
                urgency: "asap".into(),
                ..raw(now)
            }),
            "invalid_urgency"
        );
        assert_eq!(
            code(RawFiling {
                incident_at: now + Duration::hours(1),
                ..raw(now)
            }),
            "incident_in_future"
        );
        assert_eq!(
            code(RawFiling {
                purpose: " ".into(),
                ..raw(now)
            }),
            "field_required"
        );
    }
}
