//! A worker killed (SIGKILL) in the middle of an extraction loses nothing:
//! no clip is visible, and after restart the job completes with the same
//! bytes an uninterrupted run produces.

use std::process::{Command, Stdio};
use std::time::{Duration as StdDuration, Instant};

use chrono::{Duration, DurationRound, Utc};

use crate::helpers::{extract_job, spawn_app_with};

fn worker(app: &crate::helpers::TestApp) -> Command {
    let mut c = app.sakshya_command();
    c.args(["worker", "--once"])
        .env("SAKSHYA_JOB_STALE_SECS", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    c
}

#[tokio::test]
async fn killed_worker_mid_extraction_recovers_with_identical_bytes() {
    let app = spawn_app_with(|s| s.job_stale_secs = 1).await;
    let t0 = (Utc::now() - Duration::hours(1))
        .duration_trunc(Duration::minutes(10))
        .unwrap();
    let files = app.heavy_recording(t0);
    let (start, end) = (t0 + Duration::seconds(30), t0 + Duration::seconds(330));
    let id = app.approved_request("cam_a1", start, end).await;

    // The reference: the same window extracted without interruption.
    let expected = app.reference_hash(&files, t0, start, end);

    // Start a worker and kill it once the clip is being written.
    let scratch = app.scratch_dir();
    let mut child = worker(&app).spawn().unwrap();
    let began = Instant::now();
    let killed_mid_write = loop {
        let writing = std::fs::read_dir(&scratch)
            .unwrap()
            .flatten()
            .any(|e| e.metadata().map(|m| m.len() > 1_000_000).unwrap_or(false));
        if writing {
            child.kill().unwrap();
            break true;
        }
        if child.try_wait().unwrap().is_some() || began.elapsed() > StdDuration::from_secs(60) {
            break false;
        }
        std::thread::sleep(StdDuration::from_millis(5));
    };
    child.wait().unwrap();
    assert!(
        killed_mid_write,
        "the worker finished before it could be killed mid-write"
    );

    {
        let mut c = app.state.db.conn().unwrap();
        assert_eq!(
            sakshya::db::clips::count(&mut c).unwrap(),
            0,
            "no clip is visible after the crash"
        );
    }
    let d = app.get_request("op_a", &id).await;
    let job = extract_job(&d["items"][0]);
    assert_eq!(
        job["state"], "running",
        "the dead worker still holds the claim: {job}"
    );

    // After the claim goes stale, a new worker finishes the job.
    std::thread::sleep(StdDuration::from_millis(1500));
    assert!(worker(&app).status().unwrap().success());
    let d = app.get_request("op_a", &id).await;
    assert_eq!(d["status"], "fulfilled", "{d}");
    assert_eq!(
        d["items"][0]["clip"]["sha256"],
        expected.as_str(),
        "same bytes as an uninterrupted run"
    );
    let job = extract_job(&d["items"][0]);
    assert_eq!(
        (job["state"].as_str(), job["attempts"].as_i64()),
        (Some("succeeded"), Some(2)),
        "{job}"
    );
}
