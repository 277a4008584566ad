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

/// The part of a request's classification that does not depend on the
/// moment: stored with the request whenever it or an item changes, so
/// reports can count in SQL (`sla::summary`). [`Settled::at`] gives back
/// exactly what [`classify`] would.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settled {
    /// `None` while the request is open: pending until the deadline,
    /// missed after it.
    pub outcome: Option<SlaOutcome>,
    /// The reasons a miss is counted under (for an open request, those of
    /// items already unavailable, which count once the deadline passes).
    pub reasons: Vec<ReasonCode>,
    pub time_to_fulfil: Option<Duration>,
}

impl Settled {
    pub fn of(f: &SlaFacts<'_>) -> Settled {
        let Some(deadline) = f.deadline_at else {
            return Settled {
                outcome: Some(SlaOutcome::NotCounted),
                reasons: Vec::new(),
                time_to_fulfil: None,
            };
        };
        // As of the deadline itself nothing is missed for being late.
        let c = classify(f, deadline);
        match c.outcome {
            SlaOutcome::Pending => {
                let after = classify(f, deadline + Duration::seconds(1));
                Settled {
                    outcome: None,
                    reasons: after.reasons,
                    time_to_fulfil: None,
                }
            }
            o => Settled {
                outcome: Some(o),
                reasons: c.reasons,
                time_to_fulfil: c.time_to_fulfil,
            },
        }
    }

    /// The classification as of `now`.
    pub fn at(&self, deadline: Option<DateTime<Utc>>, now: DateTime<Utc>) -> Classified {
        match (self.outcome, deadline) {
            (Some(o), _) => Classified {
                outcome: o,
                reasons: self.reasons.clone(),
                time_to_fulfil: self.time_to_fulfil,
            },
            (None, Some(d)) if now > d => Classified {
                outcome: SlaOutcome::Missed,
                reasons: self.reasons.clone(),
                time_to_fulfil: None,
            },
            (None, _) => Classified {
                outcome: SlaOutcome::Pending,
                reasons: Vec::new(),
                time_to_fulfil: None,
            },
        }
    }
}

impl SlaOutcome {
    pub fn as_str(self) -> &'static str {
        match self {
            SlaOutcome::OnTime => "on_time",
            SlaOutcome::Late => "late",
            SlaOutcome::Missed => "missed",
            SlaOutcome::Pending => "pending",
            SlaOutcome::NotCounted => "not_counted",
        }
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

impl Figures {
    /// Figures from counts (reasons as (code, misses)); times to fulfil
    /// are filled in by the caller.
    pub fn from_counts(
        on_time: u64,
        late: u64,
        missed: u64,
        pending: u64,
        reasons: &[(String, u64)],
    ) -> Figures {
        let counted = on_time + late + missed;
        let share = |n: u64| n as f64 / counted as f64;
        Figures {
            on_time,
            late,
            missed,
            pending,
            fulfilment_rate: (counted > 0).then(|| share(on_time)),
            fulfilled_at_all: (counted > 0).then(|| share(on_time + late)),
            median_hours_to_fulfil: None,
            p90_hours_to_fulfil: None,
            reasons: reasons
                .iter()
                .map(|(c, n)| (c.clone(), *n, *n as f64 / missed.max(1) as f64))
                .collect(),
        }
    }
}

/// Nearest-rank percentile of sorted values (`p` in 0..=100).
pub fn percentile(sorted: &[f64], p: u32) -> Option<f64> {
    if sorted.is_empty() {
        return None;
    }
    // ceil(p·n / 100) in integers, as the SQL reports compute it.
    let rank = (p as usize * sorted.len()).div_ceil(100);
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
    let reasons: Vec<(String, u64)> = ReasonCode::ALL
        .iter()
        .zip(reasons)
        .filter(|(_, n)| *n > 0)
        .map(|(code, n)| (code.as_str().to_owned(), n))
        .collect();
    let mut out = Figures::from_counts(f.on_time, f.late, f.missed, f.pending, &reasons);
    hours.sort_by(f64::total_cmp);
    out.median_hours_to_fulfil = percentile(&hours, 50);
    out.p90_hours_to_fulfil = percentile(&hours, 90);
    out
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

    proptest::proptest! {
        /// What is stored with a request, read as of any moment, is
        /// exactly the classification of the request at that moment.
        #[test]
        fn settled_then_read_equals_classify(
            status in 0usize..8,
            reason in proptest::option::of(0usize..7),
            items in proptest::collection::vec((0usize..5, proptest::option::of(0usize..7)), 0..4),
            closed in proptest::option::of(0i64..60),
            dated in proptest::bool::ANY,
            now in 0i64..60,
        ) {
            const STATUSES: [RequestStatus; 8] = [
                RequestStatus::Submitted, RequestStatus::Approved, RequestStatus::Extracting,
                RequestStatus::Fulfilled, RequestStatus::PartiallyFulfilled,
                RequestStatus::Unavailable, RequestStatus::Rejected, RequestStatus::Withdrawn,
            ];
            const ITEMS: [ItemStatus; 5] = [Pending, Extracting, Fulfilled, PartiallyFulfilled, Unavailable];
            let items: Vec<(ItemStatus, Option<ReasonCode>)> = items
                .into_iter()
                .map(|(s, r)| (ITEMS[s], r.map(|r| ReasonCode::ALL[r])))
                .collect();
            let mut f = facts(STATUSES[status], &items, closed);
            f.reason = reason.map(|r| ReasonCode::ALL[r]);
            if !dated {
                f.deadline_at = None;
            }
            let stored = Settled::of(&f);
            proptest::prop_assert_eq!(stored.at(f.deadline_at, t(now)), classify(&f, t(now)));
        }
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
