//! When a recorder will overwrite footage. One rule, used by the request
//! detail, the at-risk list and the `overwrite_near` alert:
//!
//! * a camera on a recorder Sakshya checks: the recorder keeps what it
//!   keeps, so footage from `t` goes when the recorder's oldest footage
//!   reaches `t`: at `t + (checked_at - oldest)`, the span the recorder
//!   held when last asked;
//! * otherwise (a folder camera, or a recorder not yet asked): the
//!   registry's retention days after the footage's start.

use chrono::{DateTime, Duration, Utc};

use crate::db::cameras::CameraRow;
use crate::db::{recorders, time, DbConnection};

/// What an estimate is based on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Basis {
    /// The recorder's oldest footage when it was last asked.
    Recorder {
        oldest: DateTime<Utc>,
        checked_at: DateTime<Utc>,
    },
    /// The camera's `retention_days` in the registry.
    Retention { days: i32 },
}

impl Basis {
    /// When footage starting at `start` is likely overwritten.
    pub fn overwrite_at(self, start: DateTime<Utc>) -> DateTime<Utc> {
        match self {
            Basis::Recorder { oldest, checked_at } => {
                start + (checked_at - oldest).max(Duration::zero())
            }
            Basis::Retention { days } => start + Duration::days(i64::from(days)),
        }
    }

    /// Whether footage is on a recorder Sakshya asks (not indexed files).
    pub fn is_recorder(self) -> bool {
        matches!(self, Basis::Recorder { .. })
    }
}

/// The basis for `camera`'s estimates.
pub fn basis(conn: &mut DbConnection, camera: &CameraRow) -> diesel::QueryResult<Basis> {
    let known = recorders::source_of_camera(conn, &camera.id)?.and_then(|(ch, _)| {
        Some(Basis::Recorder {
            oldest: time::from_db(ch.oldest_footage_at?),
            checked_at: time::from_db(ch.holdings_checked_at?),
        })
    });
    Ok(known.unwrap_or(Basis::Retention {
        days: camera.retention_days,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn a_recorder_keeps_what_it_held_when_asked() {
        let t = |d: u32, h: u32| Utc.with_ymd_and_hms(2026, 12, d, h, 0, 0).unwrap();
        // Asked on the 20th at noon, it held footage back to the 2nd at
        // noon: 18 days. Footage of the 10th goes on the 28th.
        let b = Basis::Recorder {
            oldest: t(2, 12),
            checked_at: t(20, 12),
        };
        assert_eq!(b.overwrite_at(t(10, 0)), t(28, 0));
        assert!(b.is_recorder());
        assert_eq!(
            Basis::Retention { days: 30 }.overwrite_at(t(1, 0)),
            t(31, 0)
        );
        // A clock that ran backwards never makes footage older than gone.
        let odd = Basis::Recorder {
            oldest: t(20, 12),
            checked_at: t(2, 12),
        };
        assert_eq!(odd.overwrite_at(t(10, 0)), t(10, 0));
    }
}
