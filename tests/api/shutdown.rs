//! Stopping the server: on SIGTERM it stops accepting requests, lets the
//! job in progress finish (its clip is recorded, nothing is left half
//! done), stops every background loop and exits cleanly.

use chrono::{Duration, DurationRound, Utc};

use crate::helpers::{spawn_app, ServeProcess};

#[tokio::test]
async fn sigterm_drains_the_job_in_progress_then_exits() {
    let app = spawn_app().await;
    let t0 = (Utc::now() - Duration::hours(1))
        .duration_trunc(Duration::minutes(10))
        .unwrap();
    app.heavy_recording(t0);
    let id = app
        .approved_request(
            "cam_a1",
            t0 + Duration::seconds(10),
            t0 + Duration::seconds(300),
        )
        .await;
    let mut serve = ServeProcess::start(
        &app,
        &[
            ("SAKSHYA_JOB_WORKERS", "1"),
            ("SAKSHYA_SEQUENCER_INTERVAL_MS", "200"),
            ("SAKSHYA_INDEX_INTERVAL_SECS", "3600"),
            ("SAKSHYA_SHUTDOWN_GRACE_SECS", "120"),
        ],
    )
    .await;
    // Wait until the worker is writing the clip.
    let scratch = app.scratch_dir();
    let mut writing = false;
    for _ in 0..600 {
        writing = std::fs::read_dir(&scratch)
            .map(|d| {
                d.flatten()
                    .any(|e| e.metadata().is_ok_and(|m| m.len() > 1_000_000))
            })
            .unwrap_or(false);
        if writing {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert!(writing, "the job never started: {}", serve.log_text());
    let (serve, status) = tokio::task::spawn_blocking(move || {
        let status = serve.terminate(std::time::Duration::from_secs(120));
        (serve, status)
    })
    .await
    .unwrap();
    let status =
        status.unwrap_or_else(|| panic!("still running after SIGTERM: {}", serve.log_text()));
    assert!(status.success(), "{status:?}: {}", serve.log_text());
    let log = serve.log_text();
    assert!(log.contains("draining jobs in progress"), "{log}");
    assert!(log.contains("stopped cleanly"), "{log}");
    // The job finished before the process left: its clip is recorded.
    let mut c = app.state.db.conn().unwrap();
    let clips = sakshya::db::clips::for_request(&mut c, &id).unwrap();
    assert_eq!(clips.len(), 1, "{log}");
    let jobs = sakshya::db::jobs::for_request(&mut c, &id).unwrap();
    assert!(
        jobs.iter()
            .filter(|j| j.kind == sakshya::domain::kinds::JobKind::Extract)
            .all(|j| j.state == sakshya::domain::kinds::JobState::Succeeded),
        "{jobs:?}"
    );
}
