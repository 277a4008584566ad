//! Fulfilment against the SLA, as pure rules (issue: "Fulfilment SLAs").
//!
//! A request counts once it has a deadline (set at submission) and is not
//! withdrawn. At a moment `now` it is:
//! - **on time**: every approved item fulfilled or partially fulfilled, the
//!   last of them before the deadline;
//! - **late**: the same, after the deadline;
//! - **missed**: rejected, any item unavailable, or still open past the
//!   deadline;
//! - **pending**: still open, deadline not yet passed (not counted yet).
//!
//! The fulfilment rate for a period is on time ÷ (on time + late +
//! missed) over the requests whose deadline fell in the period.

use chrono::{DateTime, Duration, Utc};
use serde::Serialize;

use super::fulfilment::ItemStatus;
use super::lifecycle::RequestStatus;
use super::reason::ReasonCode;

/// The stated target: 75% of requests fulfilled on time.
pub const DEFAULT_TARGET: f64 = 0.75;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SlaOutcome {
    OnTime,
    Late,
    Missed,
    Pending,
    /// Withdrawn, or never submitted.
    NotCounted,
}

/// What the rules need to know about one request.
#[derive(Debug, Clone)]
pub struct SlaFacts<'a> {
    pub status: RequestStatus,
    /// The request's own reason (a rejection's).
    pub reason: Option<ReasonCode>,
    /// Each item's status and reason.
    pub items: &'a [(ItemStatus, Option<ReasonCode>)],
    pub submitted_at: Option<DateTime<Utc>>,
    pub deadline_at: Option<DateTime<Utc>>,
    /// When the request got its outcome (the last item settled).
    pub closed_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Classified {
    pub outcome: SlaOutcome,
    /// Why it was missed (empty when open past the deadline without one).
    pub reasons: Vec<ReasonCode>,
    /// Submission to fulfilment, for on-time and late requests.
    pub time_to_fulfil: Option<Duration>,
}

pub fn classify(f: &SlaFacts<'_>, now: DateTime<Utc>) -> Classified {
    let plain = |outcome| Classified {
        outcome,
        reasons: Vec::new(),
        time_to_fulfil: None,
    };
    let Some(deadline) = f.deadline_at else {
        return plain(SlaOutcome::NotCounted);
    };
    match f.status {
        RequestStatus::Withdrawn => return plain(SlaOutcome::NotCounted),
        RequestStatus::Rejected => {
            return Classified {
                outcome: SlaOutcome::Missed,
                reasons: f.reason.into_iter().collect(),
                time_to_fulfil: None,
            }
        }
        _ => {}
    }
    let settled = !f.items.is_empty() && f.items.iter().all(|(s, _)| s.is_final());
    let unavailable: Vec<ReasonCode> = f
        .items
        .iter()
        .filter(|(s, _)| *s == ItemStatus::Unavailable)
        .filter_map(|(_, r)| *r)
        .collect();
    if f.items.iter().any(|(s, _)| *s == ItemStatus::Unavailable) {
        // Missed as soon as one item cannot be fulfilled.
        if settled || now > deadline {
            return Classified {
                outcome: SlaOutcome::Missed,
                reasons: unavailable,
                time_to_fulfil: None,
            };
        }
    }
    match (settled, f.closed_at) {
        (true, Some(closed)) => Classified {
            outcome: if closed <= deadline {
                SlaOutcome::OnTime
            } else {
                SlaOutcome::Late
            },
            reasons: Vec::new(),
            time_to_fulfil: f.submitted_at.map(|s| closed - s),
        },
        _ if now > deadline => Classified {
            outcome: SlaOutcome::Missed,
            reasons: unavailable,
            time_to_fulfil: None,
        },
        _ => plain(SlaOutcome::Pending),
    }
}

/// The figures for one group of requests.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Figures {
    pub on_time: u64,
    pub late: u64,
    pub missed: u64,
    pub pending: u64,
    /// on_time ÷ (on_time + late + missed); `None` with nothing counted.
    pub fulfilment_rate: Option<f64>,
    /// (on_time + late) ÷ (on_time + late + missed).
    pub fulfilled_at_all: Option<f64>,
    pub median_hours_to_fulfil: Option<f64>,
    pub p90_hours_to_fulfil: Option<f64>,
    /// (reason code, count, share of missed requests), in code order.
    pub reasons: Vec<(String, u64, f64)>,
}

/// Nearest-rank percentile of sorted values (`p` in 0..=100).
pub fn percentile(sorted: &[f64], p: u32) -> Option<f64> {
    if sorted.is_empty() {
        return None;
    }
    let rank = ((f64::from(p) / 100.0) * sorted.len() as f64).ceil() as usize;
    Some(sorted[rank.clamp(1, sorted.len()) - 1])
}

/// Sums classified requests into figures.
pub fn summarise<'a>(items: impl IntoIterator<Item = &'a Classified>) -> Figures {
    let mut f = Figures::default();
    let mut hours = Vec::new();
    let mut reasons = [0u64; ReasonCode::ALL.len()];
    for c in items {
        match c.outcome {
            SlaOutcome::OnTime => f.on_time += 1,
            SlaOutcome::Late => f.late += 1,
            SlaOutcome::Missed => f.missed += 1,
            SlaOutcome::Pending => f.pending += 1,
            SlaOutcome::NotCounted => {}
        }
        if let Some(d) = c.time_to_fulfil {
            hours.push(d.num_seconds() as f64 / 3600.0);
        }
        if c.outcome == SlaOutcome::Missed {
            // One count per reason per request.
            for (i, code) in ReasonCode::ALL.iter().enumerate() {
                if c.reasons.contains(code) {
                    reasons[i] += 1;
                }
            }
        }
    }
    let counted = f.on_time + f.late + f.missed;
    if counted > 0 {
        f.fulfilment_rate = Some(f.on_time as f64 / counted as f64);
        f.fulfilled_at_all = Some((f.on_time + f.late) as f64 / counted as f64);
    }
    hours.sort_by(f64::total_cmp);
    f.median_hours_to_fulfil = percentile(&hours, 50);
    f.p90_hours_to_fulfil = percentile(&hours, 90);
    f.reasons = ReasonCode::ALL
        .iter()
        .zip(reasons)
        .filter(|(_, n)| *n > 0)
        .map(|(code, n)| {
            (
                code.as_str().to_owned(),
                n,
                n as f64 / f.missed.max(1) as f64,
            )
        })
        .collect();
    f
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use ItemStatus::*;

    fn t(h: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 1, 0, 0, 0).unwrap() + Duration::hours(h)
    }

    fn facts<'a>(
        status: RequestStatus,
        items: &'a [(ItemStatus, Option<ReasonCode>)],
        closed: Option<i64>,
    ) -> SlaFacts<'a> {
        SlaFacts {
            status,
            reason: None,
            items,
            submitted_at: Some(t(0)),
            deadline_at: Some(t(24)),
            closed_at: closed.map(t),
        }
    }

    #[test]
    fn each_outcome_by_the_rules() {
        let now = t(100);
        let ok = [(Fulfilled, None), (PartiallyFulfilled, None)];
        assert_eq!(
            classify(
                &facts(RequestStatus::PartiallyFulfilled, &ok, Some(10)),
                now
            )
            .outcome,
            SlaOutcome::OnTime
        );
        assert_eq!(
            classify(
                &facts(RequestStatus::PartiallyFulfilled, &ok, Some(24)),
                now
            )
            .outcome,
            SlaOutcome::OnTime,
            "at the deadline is on time"
        );
        let late = classify(&facts(RequestStatus::Fulfilled, &ok, Some(30)), now);
        assert_eq!(
            (late.outcome, late.time_to_fulfil),
            (SlaOutcome::Late, Some(Duration::hours(30)))
        );

        let gone = [
            (Fulfilled, None),
            (Unavailable, Some(ReasonCode::FootageOverwritten)),
        ];
        let missed = classify(
            &facts(RequestStatus::PartiallyFulfilled, &gone, Some(5)),
            now,
        );
        assert_eq!(
            (missed.outcome, missed.reasons),
            (SlaOutcome::Missed, vec![ReasonCode::FootageOverwritten])
        );

        let mut rejected = facts(RequestStatus::Rejected, &[], Some(2));
        rejected.reason = Some(ReasonCode::RejectedInvalidRequest);
        assert_eq!(
            classify(&rejected, now).reasons,
            vec![ReasonCode::RejectedInvalidRequest]
        );
        assert_eq!(classify(&rejected, now).outcome, SlaOutcome::Missed);

        let open = [(Pending, None)];
        assert_eq!(
            classify(&facts(RequestStatus::Approved, &open, None), t(23)).outcome,
            SlaOutcome::Pending
        );
        assert_eq!(
            classify(&facts(RequestStatus::Approved, &open, None), t(25)).outcome,
            SlaOutcome::Missed
        );
        assert_eq!(
            classify(&facts(RequestStatus::Withdrawn, &open, None), now).outcome,
            SlaOutcome::NotCounted
        );
        let mut draft = facts(RequestStatus::Draft, &open, None);
        draft.deadline_at = None;
        assert_eq!(classify(&draft, now).outcome, SlaOutcome::NotCounted);
        // One item already unavailable while another is still extracting:
        // missed only once it can no longer be on time.
        let mixed = [
            (Extracting, None),
            (Unavailable, Some(ReasonCode::CameraOffline)),
        ];
        assert_eq!(
            classify(&facts(RequestStatus::Extracting, &mixed, None), t(5)).outcome,
            SlaOutcome::Pending
        );
        assert_eq!(
            classify(&facts(RequestStatus::Extracting, &mixed, None), t(25)).outcome,
            SlaOutcome::Missed
        );
    }

    #[test]
    fn figures_add_up() {
        let now = t(100);
        let ok = [(Fulfilled, None)];
        let gone = [(Unavailable, Some(ReasonCode::FootageOverwritten))];
        let offline = [(Unavailable, Some(ReasonCode::CameraOffline))];
        let all = [
            classify(&facts(RequestStatus::Fulfilled, &ok, Some(2)), now),
            classify(&facts(RequestStatus::Fulfilled, &ok, Some(4)), now),
            classify(&facts(RequestStatus::Fulfilled, &ok, Some(6)), now),
            classify(&facts(RequestStatus::Fulfilled, &ok, Some(40)), now),
            classify(&facts(RequestStatus::Unavailable, &gone, Some(3)), now),
            classify(&facts(RequestStatus::Unavailable, &offline, Some(3)), now),
            classify(&facts(RequestStatus::Withdrawn, &ok, None), now),
        ];
        let f = summarise(&all);
        assert_eq!((f.on_time, f.late, f.missed, f.pending), (3, 1, 2, 0));
        assert_eq!(f.fulfilment_rate, Some(0.5));
        assert_eq!(f.fulfilled_at_all, Some(4.0 / 6.0));
        assert_eq!(f.median_hours_to_fulfil, Some(4.0));
        assert_eq!(f.p90_hours_to_fulfil, Some(40.0));
        assert_eq!(
            f.reasons,
            vec![
                ("footage_overwritten".to_owned(), 1, 0.5),
                ("camera_offline".to_owned(), 1, 0.5)
            ]
        );
        assert_eq!(summarise(&[]).fulfilment_rate, None);
    }

    #[test]
    fn percentiles_use_the_nearest_rank() {
        let v: Vec<f64> = (1..=10).map(f64::from).collect();
        assert_eq!(percentile(&v, 50), Some(5.0));
        assert_eq!(percentile(&v, 90), Some(9.0));
        assert_eq!(percentile(&v, 100), Some(10.0));
        assert_eq!(percentile(&[7.0], 90), Some(7.0));
        assert_eq!(percentile(&[], 50), None);
    }
}
