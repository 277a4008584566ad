//! `sakshya worker --iccc CODE` and `sakshya index --iccc CODE`: in a
//! state-wide deployment a worker beside one ICCC's recorders claims only
//! that ICCC's jobs, and an indexer there indexes only its cameras' files.

use crate::helpers::{spawn_app, TestApp};

fn queued(app: &TestApp, request: &str) -> usize {
    let mut c = app.state.db.conn().unwrap();
    sakshya::db::jobs::for_request(&mut c, request)
        .unwrap()
        .iter()
        .filter(|j| j.state == sakshya::domain::kinds::JobState::Queued)
        .count()
}

/// Runs `sakshya` with `args` (files are indexed as soon as they exist):
/// whether it succeeded, and what it printed.
fn sakshya(app: &TestApp, args: &[&str]) -> (bool, String) {
    let out = app
        .sakshya_command()
        .args(args)
        .env("SAKSHYA_INDEX_SETTLE_SECS", "0")
        .output()
        .unwrap();
    (
        out.status.success(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    )
}

fn worker(app: &TestApp, iccc: &str) -> (bool, String) {
    sakshya(app, &["worker", "--once", "--iccc", iccc])
}

#[tokio::test]
async fn a_worker_for_one_iccc_runs_only_that_iccc_s_jobs() {
    let app = spawn_app().await;
    let a = app.request_in('a', "approved").await;
    let b = app.request_in('b', "approved").await;
    assert!(queued(&app, &a) > 0 && queued(&app, &b) > 0);

    // Not an ICCC: refused before anything runs.
    for code in ["NO-SUCH-ICCC", "PS-A"] {
        let (ok, out) = worker(&app, code);
        assert!(!ok, "{code}: {out}");
        assert!(out.contains("no ICCC has the code"), "{out}");
    }
    assert!(queued(&app, &a) > 0 && queued(&app, &b) > 0);

    let (ok, out) = worker(&app, "ICCC-B");
    assert!(ok, "{out}");
    assert_eq!(queued(&app, &b), 0, "ICCC B's jobs ran");
    assert!(
        queued(&app, &a) > 0,
        "ICCC A's jobs were left to its own worker"
    );
    let (ok, out) = worker(&app, "ICCC-A");
    assert!(ok, "{out}");
    assert_eq!(queued(&app, &a), 0);
}

fn indexed(app: &TestApp, camera: &str) -> usize {
    let mut c = app.state.db.conn().unwrap();
    sakshya::db::segments::known_paths(&mut c, &app.fx.cameras[camera])
        .unwrap()
        .len()
}

fn index(app: &TestApp, iccc: &str) -> (bool, String) {
    sakshya(app, &["index", "--iccc", iccc])
}

#[tokio::test]
async fn an_indexer_for_one_iccc_indexes_only_that_iccc_s_cameras() {
    use chrono::{Duration, DurationRound, Utc};
    let app = spawn_app().await;
    let t0 = (Utc::now() - Duration::minutes(20))
        .duration_trunc(Duration::seconds(10))
        .unwrap();
    app.record("cam_a1", t0, 2, 10, &[]);
    app.record("cam_b1", t0, 3, 10, &[]);

    let (ok, out) = index(&app, "PS-B");
    assert!(!ok && out.contains("no ICCC has the code"), "{out}");
    assert_eq!(indexed(&app, "cam_b1"), 0);

    let (ok, out) = index(&app, "ICCC-B");
    assert!(ok, "{out}");
    assert!(out.contains("3 segment(s) indexed"), "{out}");
    assert!(
        out.contains("2 file(s) of other ICCCs' cameras left alone"),
        "{out}"
    );
    assert!(!out.contains("without a registered camera"), "{out}");
    assert_eq!((indexed(&app, "cam_a1"), indexed(&app, "cam_b1")), (0, 3));

    let (ok, out) = index(&app, "ICCC-A");
    assert!(ok, "{out}");
    assert_eq!((indexed(&app, "cam_a1"), indexed(&app, "cam_b1")), (2, 3));
}
