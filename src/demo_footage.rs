//! Demo footage for every demo camera: segments covering the recent past,
//! newest first (so the latest footage is ready soonest), written in
//! parallel across the machine's cores.

use std::sync::atomic::{AtomicUsize, Ordering};

use chrono::{DateTime, Duration, DurationRound, Utc};

use crate::media::demo_footage::{write_segment, FootageSpec};
use crate::media::MediaError;
use crate::recordings::Layout;

/// A camera's recordings folder: (ICCC code, camera code, caption).
pub type CameraFolder = (String, String, String);

/// The cameras to write footage for, and how much.
pub struct FootagePlan {
    pub cameras: Vec<CameraFolder>,
    pub minutes: u32,
    pub segment_secs: u32,
    pub spec: FootageSpec,
}

/// Segment start times covering the last `minutes` up to the last whole
/// segment boundary before `now`, newest first.
pub fn segment_starts(now: DateTime<Utc>, minutes: u32, segment_secs: u32) -> Vec<DateTime<Utc>> {
    let seg = Duration::seconds(i64::from(segment_secs.max(1)));
    let last = now.duration_trunc(seg).unwrap_or(now) - seg;
    let n = (i64::from(minutes) * 60 / seg.num_seconds()).max(1);
    (0..n)
        .map(|i| last - seg * i32::try_from(i).unwrap_or(0))
        .collect()
}

/// Writes the plan's footage; returns the number of segments written.
pub fn write(layout: &Layout, plan: &FootagePlan, now: DateTime<Utc>) -> Result<usize, MediaError> {
    let starts = segment_starts(now, plan.minutes, plan.segment_secs);
    let work: Vec<(&CameraFolder, DateTime<Utc>)> = starts
        .iter()
        .flat_map(|s| plan.cameras.iter().map(move |c| (c, *s)))
        .collect();
    let next = AtomicUsize::new(0);
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    let results: Vec<Result<usize, MediaError>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| -> Result<usize, MediaError> {
                    let mut done = 0;
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(((iccc, code, label), start)) = work.get(i) else {
                            return Ok(done);
                        };
                        let path = layout.segment_path(iccc, code, *start, "mp4");
                        if !path.exists() {
                            write_segment(&path, label, *start, plan.segment_secs, &plan.spec)?;
                        }
                        done += 1;
                    }
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|_| Err(MediaError::Other("a footage thread panicked".into())))
            })
            .collect()
    });
    results.into_iter().sum()
}

/// Keeps writing demo footage as time passes, like a live recorder: every
/// `segment_secs` it writes the segment that has just ended for each
/// camera, among `bg`'s loops until shutdown.
pub fn spawn_recorder(
    bg: &mut crate::periodic::Background,
    layout: Layout,
    cameras: Vec<CameraFolder>,
    segment_secs: u32,
    spec: FootageSpec,
) {
    let stop = bg.shutdown.clone();
    bg.thread("demo-recorder", move || loop {
        let now = Utc::now();
        let seg = Duration::seconds(i64::from(segment_secs.max(1)));
        let last = now.duration_trunc(seg).unwrap_or(now) - seg;
        for (iccc, code, label) in &cameras {
            let path = layout.segment_path(iccc, code, last, "mp4");
            if !path.exists() {
                if let Err(e) = write_segment(&path, label, last, segment_secs, &spec) {
                    tracing::warn!(camera.code = %code, error = %e, "demo recorder could not write a segment");
                }
            }
        }
        let next = last + seg * 2;
        let wait = (next - Utc::now()).to_std().unwrap_or(std::time::Duration::from_secs(1));
        if !stop.sleep(wait + std::time::Duration::from_millis(200)) {
            return;
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn starts_are_aligned_and_newest_first() {
        let now = DateTime::parse_from_rfc3339("2026-11-21T10:05:30Z")
            .unwrap()
            .with_timezone(&Utc);
        let s = segment_starts(now, 10, 120);
        assert_eq!(s.len(), 5);
        assert_eq!(s[0].to_rfc3339(), "2026-11-21T10:02:00+00:00");
        assert_eq!(s[4].to_rfc3339(), "2026-11-21T09:54:00+00:00");
    }
}
