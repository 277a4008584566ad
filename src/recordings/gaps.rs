//! Holes in a camera's recording.

use chrono::{DateTime, Duration, Utc};

/// Spans inside `[from, to)` that no segment covers, given segments as
/// `(start, end)` sorted by start. Holes up to `tolerance` are ignored.
pub fn find_gaps(
    segments: &[(DateTime<Utc>, DateTime<Utc>)],
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    tolerance: Duration,
) -> Vec<(DateTime<Utc>, DateTime<Utc>)> {
    let mut gaps = Vec::new();
    let mut covered_to = from;
    for &(s, e) in segments {
        if e <= covered_to {
            continue;
        }
        if s >= to {
            break;
        }
        if s - covered_to > tolerance {
            gaps.push((covered_to, s));
        }
        covered_to = covered_to.max(e);
    }
    if to - covered_to > tolerance {
        gaps.push((covered_to, to));
    }
    gaps
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_800_000_000 + s, 0).unwrap()
    }

    #[test]
    fn gaps_between_and_around() {
        let segs = [(t(0), t(60)), (t(60), t(120)), (t(180), t(240))];
        let tol = Duration::seconds(1);
        assert_eq!(find_gaps(&segs, t(0), t(240), tol), vec![(t(120), t(180))]);
        assert_eq!(
            find_gaps(&segs, t(-30), t(300), tol),
            vec![(t(-30), t(0)), (t(120), t(180)), (t(240), t(300))]
        );
        assert!(find_gaps(&segs, t(10), t(100), tol).is_empty());
        assert_eq!(find_gaps(&[], t(0), t(10), tol), vec![(t(0), t(10))]);
    }
}
