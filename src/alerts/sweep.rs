//! Which open requests need an alert now, and for whom.

use chrono::{DateTime, Duration, Utc};

use crate::config::Settings;
use crate::db::notifications::{self, NotificationRow};
use crate::db::{requests, time, users, DbConnection};
use crate::domain::authz::RequestVisibility;
use crate::domain::role::Role;
use crate::error::ApiError;
use crate::evidence::manifest::ist;
use crate::sla::at_risk::at_risk;

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct SweepReport {
    /// Requests that needed at least one alert.
    pub requests: usize,
    /// Notifications created by this sweep (not those that existed).
    pub created: usize,
}

/// The alerts one request needs at `now`: (kind, the moment it warns of).
pub fn alerts_for(
    deadline: Option<DateTime<Utc>>,
    overwrite: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
    deadline_margin: Duration,
    overwrite_margin: Duration,
) -> Vec<(&'static str, DateTime<Utc>)> {
    let mut out = Vec::new();
    if let Some(d) = deadline {
        if d < now {
            out.push(("deadline_breached", d));
        } else if d <= now + deadline_margin {
            out.push(("deadline_near", d));
        }
    }
    if let Some(o) = overwrite.filter(|o| *o <= now + overwrite_margin) {
        out.push(("overwrite_near", o));
    }
    out
}

fn message(kind: &str, due: DateTime<Utc>, station: &str, iccc: &str, urgency: &str) -> String {
    let what = match kind {
        "deadline_breached" => "missed its deadline",
        "deadline_near" => "is close to its deadline",
        _ => "has footage that will be overwritten unless preserved",
    };
    format!(
        "An {urgency} footage request from {station} to {iccc} {what}: {}",
        ist(due)
    )
}

/// Creates the notifications due at `now` for every open request.
pub fn sweep(
    conn: &mut DbConnection,
    s: &Settings,
    now: DateTime<Utc>,
) -> Result<SweepReport, ApiError> {
    let deadline_margin = Duration::hours(i64::from(s.alert_deadline_margin_hours));
    let overwrite_margin = Duration::hours(i64::from(s.alert_overwrite_margin_hours));
    let horizon = deadline_margin.max(overwrite_margin);
    let mut report = SweepReport::default();
    for a in at_risk(conn, &RequestVisibility::All, now, horizon)? {
        let alerts = alerts_for(
            a.deadline_at,
            a.overwrite_at,
            now,
            deadline_margin,
            overwrite_margin,
        );
        if alerts.is_empty() {
            continue;
        }
        let Some(r) = requests::find(conn, &a.request_id)? else {
            continue;
        };
        report.requests += 1;
        // The filing investigator, and the ICCC's operators once the
        // request has reached them.
        let mut recipients = vec![r.filed_by.clone()];
        if r.forwarded_at.is_some() {
            recipients.extend(users::with_role_in(
                conn,
                &r.iccc_id,
                Role::Operator.as_str(),
            )?);
        }
        for (kind, due) in alerts {
            for user in &recipients {
                let row = NotificationRow {
                    id: uuid::Uuid::now_v7().to_string(),
                    user_id: user.clone(),
                    request_id: Some(r.id.to_string()),
                    kind: kind.to_owned(),
                    due_at: time::to_db(due),
                    message: message(kind, due, &a.station, &a.iccc, &a.urgency),
                    created_at: time::to_db(now),
                    read_at: None,
                    emailed_at: None,
                };
                if notifications::insert_once(conn, &row)? {
                    report.created += 1;
                }
            }
        }
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn t(h: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 1, 0, 0, 0).unwrap() + Duration::hours(h)
    }

    #[test]
    fn each_threshold() {
        let (dm, om) = (Duration::hours(2), Duration::hours(24));
        assert!(alerts_for(Some(t(10)), None, t(0), dm, om).is_empty());
        assert_eq!(
            alerts_for(Some(t(10)), None, t(8), dm, om),
            vec![("deadline_near", t(10))]
        );
        assert_eq!(
            alerts_for(Some(t(10)), None, t(10), dm, om),
            vec![("deadline_near", t(10))],
            "at the deadline it is not yet missed"
        );
        assert_eq!(
            alerts_for(Some(t(10)), Some(t(30)), t(11), dm, om),
            vec![("deadline_breached", t(10)), ("overwrite_near", t(30))]
        );
        assert!(alerts_for(None, Some(t(30)), t(5), dm, om).is_empty());
    }
}
