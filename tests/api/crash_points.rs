//! The evidence pipeline killed at each of its stages (`sakshya::faults`:
//! the process aborts at the point, as a SIGKILL would leave it), then
//! restarted. After every crash: no clip is visible without its manifest
//! and log entry, nothing is in the store that is not recorded, every
//! acknowledged custody event reaches the log, checkpoints never go back
//! and stay consistent, and the job completes with the bytes an
//! uninterrupted run produces.

use std::os::unix::process::ExitStatusExt;
use std::process::{Command, Stdio};

use chrono::{Duration, DurationRound, Utc};
use sakshya::faults::POINTS;

use crate::helpers::{spawn_app_with, TestApp};

fn run(app: &TestApp, args: &[&str], crash_at: Option<&str>) -> std::process::ExitStatus {
    let mut c: Command = app.sakshya_command();
    c.args(args)
        .env("SAKSHYA_JOB_STALE_SECS", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    if let Some(p) = crash_at {
        c.env("SAKSHYA_CRASH_AT", p);
    }
    c.status().unwrap()
}

fn counts(app: &TestApp) -> (i64, i64, i64) {
    use diesel::prelude::*;
    use sakshya::db::schema::{clip_manifests, clips, custody_pending};
    let mut c = app.state.db.conn().unwrap();
    (
        clips::table.count().get_result(&mut **c).unwrap(),
        clip_manifests::table.count().get_result(&mut **c).unwrap(),
        custody_pending::table.count().get_result(&mut **c).unwrap(),
    )
}

fn latest_checkpoint(app: &TestApp) -> i64 {
    let mut c = app.state.db.conn().unwrap();
    sakshya::db::log::latest_checkpoint(&mut c)
        .unwrap()
        .map_or(0, |cp| cp.tree_size)
}

fn clean(app: &TestApp, point: &str) {
    for args in [["log", "check"], ["store", "verify"]] {
        let out = app.sakshya_command().args(args).output().unwrap();
        assert!(
            out.status.success(),
            "after a crash at {point}: sakshya {}: {}{}",
            args.join(" "),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[tokio::test]
async fn a_crash_at_any_stage_loses_nothing_and_leaves_nothing_half_done() {
    for point in POINTS {
        let app = spawn_app_with(|s| {
            s.job_stale_secs = 1;
            s.evidence_retention_days = 0;
        })
        .await;
        let t0 = (Utc::now() - Duration::hours(1))
            .duration_trunc(Duration::minutes(10))
            .unwrap();
        app.record("cam_a1", t0, 3, 60, &[]);
        app.index();
        let (start, end) = (t0 + Duration::seconds(20), t0 + Duration::seconds(100));
        // Two requests for the same window: one crashes, the other is the
        // uninterrupted run it must match.
        let crashed = app.approved_request("cam_a1", start, end).await;
        let reference = app.approved_request("cam_a1", start, end).await;

        if point.starts_with("extract.") {
            let status = run(&app, &["worker", "--once"], Some(point));
            assert_eq!(
                status.signal(),
                Some(6),
                "{point}: the worker aborted there"
            );
            let (clips, manifests, _) = counts(&app);
            assert_eq!(clips, manifests, "{point}: a clip without its manifest");
            assert_eq!(
                clips, 0,
                "{point}: nothing is visible from the crashed attempt"
            );
            // A new worker takes the stale claim over and finishes.
            std::thread::sleep(std::time::Duration::from_millis(1200));
            assert!(run(&app, &["worker", "--once"], None).success());
        } else {
            assert!(app.run_jobs().await >= 2);
            assert!(run(&app, &["log", "sync"], None).success());
            let before = latest_checkpoint(&app);
            // New custody events (the packages' downloads) are queued,
            // then the sequencer dies appending or signing them.
            for id in [&crashed, &reference] {
                let d = app.get_request("inv_a", id).await;
                let clip = d["items"][0]["clip"]["id"].as_str().unwrap().to_owned();
                let (status, _, _) = app
                    .get_bytes("inv_a", &format!("/api/v1/clips/{clip}/manifest"))
                    .await;
                assert!(status.is_success());
            }
            let pending = counts(&app).2;
            assert!(pending > 0, "{point}: events are queued");
            let status = run(&app, &["log", "sync"], Some(point));
            assert_eq!(
                status.signal(),
                Some(6),
                "{point}: the sequencer aborted there"
            );
            assert_eq!(
                latest_checkpoint(&app),
                before,
                "{point}: no checkpoint half-made"
            );
            assert_eq!(
                counts(&app).2,
                pending,
                "{point}: the queued events are still queued"
            );
        }
        assert!(run(&app, &["log", "sync"], None).success());

        // Everything completed, once, with the uninterrupted run's bytes.
        let a = app.get_request("op_a", &crashed).await;
        let b = app.get_request("op_a", &reference).await;
        assert_eq!(a["status"], "fulfilled", "{point}: {a}");
        assert_eq!(b["status"], "fulfilled", "{point}: {b}");
        assert_eq!(
            a["items"][0]["clip"]["sha256"], b["items"][0]["clip"]["sha256"],
            "{point}: the crashed job's clip has the uninterrupted bytes"
        );
        let (clips, manifests, pending) = counts(&app);
        assert_eq!((clips, manifests), (2, 2), "{point}");
        assert_eq!(
            pending, 0,
            "{point}: every acknowledged event is in the log"
        );
        assert!(latest_checkpoint(&app) > 0);
        clean(&app, point);
    }
}
