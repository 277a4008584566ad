//! The scale-out topology on one machine: PostgreSQL, the S3 server, two
//! `sakshya serve` processes (as behind a reverse proxy) and two
//! `sakshya worker` processes on loopback. 200 requests are filed,
//! endorsed and approved through both servers alternately; one worker is
//! killed (SIGKILL) while it holds a job. Every clip must be produced
//! exactly once, the store must hold exactly what the database records,
//! and the custody log must stay consistent. Then PostgreSQL itself is
//! restarted under them, and the same must hold.
//!
//! Run by `make test` with `SAKSHYA_TEST_DB=postgres SAKSHYA_TEST_STORE=s3`
//! (`cargo test --test scale_out`); it refuses to run on anything else.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[allow(dead_code)]
#[path = "api/helpers.rs"]
mod helpers;

use std::process::{Child, Stdio};
use std::time::{Duration as StdDuration, Instant};

use chrono::{Duration, DurationRound, Utc};
use diesel::prelude::*;
use futures_util::StreamExt;
use reqwest::StatusCode;
use sakshya::db::Backend;
use serde_json::{json, Value};

use helpers::{backend, s3_store, spawn_app_with, TestApp};

const REQUESTS: usize = 200;

/// Child processes, killed when the test ends however it ends.
struct Fleet(Vec<Child>);

impl Drop for Fleet {
    fn drop(&mut self) {
        for c in &mut self.0 {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A `sakshya` process of this deployment with the background tasks the
/// topology gives it: servers sequence the custody log, workers run jobs.
/// Its log goes to `<data dir>/<name>.log` (printed if the test fails).
fn process(app: &TestApp, name: &str, args: &[&str], bind: Option<u16>) -> Child {
    let log = std::fs::File::create(log_path(app, name)).unwrap();
    let mut c = app.sakshya_command();
    c.args(args)
        .env("SAKSHYA_JOB_WORKERS", "0")
        .env("SAKSHYA_JOB_STALE_SECS", "2")
        .env("SAKSHYA_JOB_POLL_MS", "50")
        .env("SAKSHYA_INDEX_INTERVAL_SECS", "0")
        .env("SAKSHYA_ALERT_INTERVAL_SECS", "0")
        .env("SAKSHYA_RETENTION_INTERVAL_SECS", "0")
        .env("SAKSHYA_SEQUENCER_INTERVAL_MS", "200")
        .env("SAKSHYA_CHECKPOINT_INTERVAL_SECS", "1")
        .stdout(Stdio::null())
        .stderr(log);
    if let Some(port) = bind {
        c.env("SAKSHYA_BIND", format!("127.0.0.1:{port}"));
    }
    c.spawn().unwrap()
}

fn log_path(app: &TestApp, name: &str) -> std::path::PathBuf {
    app.state.settings.data_dir.join(format!("{name}.log"))
}

/// The last lines of every process's log, for a failure message.
fn logs(app: &TestApp) -> String {
    let mut out = String::new();
    for name in ["serve-1", "serve-2", "worker-1", "worker-2"] {
        let text = std::fs::read_to_string(log_path(app, name)).unwrap_or_default();
        let lines: Vec<&str> = text.lines().collect();
        out += &format!(
            "--- {name}\n{}\n",
            lines[lines.len().saturating_sub(15)..].join("\n")
        );
    }
    out
}

async fn wait_ready(client: &reqwest::Client, base: &str) {
    for _ in 0..300 {
        if let Ok(r) = client.get(format!("{base}/readyz")).send().await {
            if r.status() == StatusCode::OK {
                return;
            }
        }
        tokio::time::sleep(StdDuration::from_millis(100)).await;
    }
    panic!("{base} never became ready");
}

async fn call(client: &reqwest::Client, base: &str, token: &str, path: &str, body: Value) -> Value {
    let r = client
        .post(format!("{base}{path}"))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = r.status();
    let body: Value = r.json().await.unwrap();
    assert!(status.is_success(), "{base}{path}: {status} {body}");
    body
}

fn count(app: &TestApp, sql: &str) -> i64 {
    #[derive(QueryableByName)]
    struct N {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    // Retried for a while: PostgreSQL is restarted during the test.
    let mut last = String::new();
    for _ in 0..100 {
        let got = app
            .state
            .db
            .conn()
            .map_err(|e| e.to_string())
            .and_then(|mut c| match &mut **c {
                sakshya::db::DbConnection::Pg(pg) => diesel::sql_query(sql)
                    .get_result::<N>(pg)
                    .map(|r| r.n)
                    .map_err(|e| e.to_string()),
                sakshya::db::DbConnection::Sqlite(_) => {
                    unreachable!("the scale-out test runs on PostgreSQL")
                }
            });
        match got {
            Ok(n) => return n,
            Err(e) => last = e,
        }
        std::thread::sleep(StdDuration::from_millis(200));
    }
    panic!("{sql}: {last}");
}

/// Restarts the PostgreSQL cluster the test runs on (postgresql-common's
/// `pg_ctlcluster`, as `make test` starts it): every open connection and
/// transaction of every process breaks.
fn restart_postgres() {
    let list = std::process::Command::new("pg_lsclusters")
        .arg("-h")
        .output()
        .expect("pg_lsclusters (postgresql-common) restarts PostgreSQL in this test");
    let text = String::from_utf8_lossy(&list.stdout).to_string();
    let mut fields = text
        .lines()
        .next()
        .expect("a PostgreSQL cluster")
        .split_whitespace();
    let (ver, name) = (fields.next().unwrap(), fields.next().unwrap());
    let status = std::process::Command::new("pg_ctlcluster")
        .args(["--skip-systemctl-redirect", ver, name, "restart"])
        .status()
        .unwrap();
    assert!(
        status.success(),
        "pg_ctlcluster {ver} {name} restart failed"
    );
}

fn job_ids(app: &TestApp, sql: &str) -> Vec<String> {
    #[derive(QueryableByName)]
    struct Id {
        #[diesel(sql_type = diesel::sql_types::Text)]
        id: String,
    }
    let mut c = app.state.db.conn().unwrap();
    match &mut **c {
        sakshya::db::DbConnection::Pg(pg) => diesel::sql_query(sql)
            .load::<Id>(pg)
            .unwrap()
            .into_iter()
            .map(|r| r.id)
            .collect(),
        sakshya::db::DbConnection::Sqlite(_) => {
            unreachable!("the scale-out test runs on PostgreSQL")
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_servers_and_two_workers_produce_every_clip_exactly_once() {
    assert!(
        backend() == Backend::Postgres && s3_store(),
        "the scale-out test runs on PostgreSQL and S3: set SAKSHYA_TEST_DB=postgres and \
         SAKSHYA_TEST_STORE=s3 with the S3 server's variables, as `make test` does"
    );
    let app = spawn_app_with(|s| s.evidence_retention_days = 0).await;
    // Ten minutes of footage on one camera, indexed.
    let t0 = (Utc::now() - Duration::hours(1))
        .duration_trunc(Duration::minutes(10))
        .unwrap();
    app.record("cam_a1", t0, 10, 60, &[]);
    app.index();

    let ports = [free_port(), free_port()];
    let mut fleet = Fleet(vec![
        process(&app, "serve-1", &["serve"], Some(ports[0])),
        process(&app, "serve-2", &["serve"], Some(ports[1])),
    ]);
    let bases: Vec<String> = ports
        .iter()
        .map(|p| format!("http://127.0.0.1:{p}"))
        .collect();
    let client = reqwest::Client::new();
    for b in &bases {
        wait_ready(&client, b).await;
    }

    // The three people of the workflow, each logged in once (tokens are
    // good on every replica: they share the token key).
    let (inv, sup, op) = (
        app.token("inv_a").await,
        app.token("sup_a").await,
        app.token("op_a").await,
    );
    let camera = app.fx.cameras["cam_a1"].clone();
    let filed = futures_util::stream::iter(0..REQUESTS)
        .map(|i| {
            let (client, base) = (client.clone(), bases[i % 2].clone());
            let other = bases[(i + 1) % 2].clone();
            let (inv, sup, op, camera) = (inv.clone(), sup.clone(), op.clone(), camera.clone());
            async move {
                let start = t0 + Duration::seconds(((i * 13) % 560) as i64);
                let body = json!({
                    "fir_number": format!("{i}/2026"),
                    "bns_sections": ["303(2)"],
                    "incident_place": "FC Road junction, Pune",
                    "incident_at": start.to_rfc3339(),
                    "purpose": "Scale-out test",
                    "urgency": "urgent",
                    "notice_reference": format!("BNSS-94/{i}"),
                    "items": [{"camera_id": camera, "start": start.to_rfc3339(),
                               "end": (start + Duration::seconds(20)).to_rfc3339()}]
                });
                let r = call(&client, &base, &inv, "/api/v1/requests", body).await;
                let id = r["id"].as_str().unwrap().to_owned();
                let path = |a: &str| format!("/api/v1/requests/{id}/{a}");
                let r = call(&client, &other, &inv, &path("submit"), json!({})).await;
                if r["status"] == "submitted" {
                    call(&client, &base, &sup, &path("endorse"), json!({})).await;
                }
                call(&client, &other, &op, &path("approve"), json!({})).await;
                id
            }
        })
        .buffer_unordered(8)
        .collect::<Vec<String>>()
        .await;
    assert_eq!(filed.len(), REQUESTS);

    // The workers start on a full queue.
    fleet.0.push(process(
        &app,
        "worker-1",
        &["worker", "--threads", "1"],
        None,
    ));
    fleet.0.push(process(
        &app,
        "worker-2",
        &["worker", "--threads", "1"],
        None,
    ));
    let victim = fleet.0[2].id();

    // Kill the first worker while it holds a job.
    let began = Instant::now();
    let claimed = format!("%:{victim}:%");
    let held =
        format!("SELECT id FROM jobs WHERE state = 'running' AND claimed_by LIKE '{claimed}'");
    let orphaned = loop {
        let ids = job_ids(&app, &held);
        if !ids.is_empty() {
            fleet.0[2].kill().unwrap();
            fleet.0[2].wait().unwrap();
            break ids;
        }
        assert!(
            began.elapsed() < StdDuration::from_secs(120),
            "the first worker never held a job\n{}",
            logs(&app)
        );
        tokio::time::sleep(StdDuration::from_millis(2)).await;
    };

    // PostgreSQL restarts while the surviving worker is busy: connections
    // and transactions of every process break mid-way. Nothing may be lost
    // or recorded twice; the processes reconnect and carry on.
    let left = count(
        &app,
        "SELECT COUNT(*) AS n FROM jobs WHERE state = 'queued'",
    );
    assert!(
        left > 0,
        "the queue emptied before the database could be restarted"
    );
    restart_postgres();

    // The surviving worker finishes everything, the dead one's claim once
    // it has gone stale.
    let began = Instant::now();
    loop {
        let done = count(
            &app,
            "SELECT COUNT(*) AS n FROM footage_requests WHERE status IN ('fulfilled', 'partially_fulfilled')",
        );
        if done == REQUESTS as i64 {
            break;
        }
        let failed = count(
            &app,
            "SELECT COUNT(*) AS n FROM jobs WHERE state = 'failed'",
        );
        assert_eq!(failed, 0, "no job may fail\n{}", logs(&app));
        assert!(
            began.elapsed() < StdDuration::from_secs(300),
            "only {done} of {REQUESTS} fulfilled after 5 minutes\n{}",
            logs(&app)
        );
        tokio::time::sleep(StdDuration::from_millis(200)).await;
    }

    // Exactly one clip per item, each with its manifest.
    assert_eq!(
        count(&app, "SELECT COUNT(*) AS n FROM request_items"),
        REQUESTS as i64
    );
    assert_eq!(
        count(&app, "SELECT COUNT(*) AS n FROM clips"),
        REQUESTS as i64
    );
    assert_eq!(
        count(&app, "SELECT COUNT(DISTINCT item_id) AS n FROM clips"),
        REQUESTS as i64
    );
    assert_eq!(
        count(&app, "SELECT COUNT(*) AS n FROM clips c WHERE NOT EXISTS (SELECT 1 FROM clip_manifests m WHERE m.clip_id = c.id)"),
        0
    );
    // The jobs the dead worker held were taken over and ran again.
    for id in &orphaned {
        let retried = count(
            &app,
            &format!("SELECT COUNT(*) AS n FROM jobs WHERE id = '{id}' AND state = 'succeeded' AND attempts >= 2"),
        );
        assert_eq!(
            retried, 1,
            "job {id}, held by the killed worker, was run again"
        );
    }
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) AS n FROM jobs WHERE state <> 'succeeded'"
        ),
        0
    );

    // The servers sequence every custody event; then the log, the store
    // and the database agree, checked by the CLI an operator would run.
    let began = Instant::now();
    while count(&app, "SELECT COUNT(*) AS n FROM custody_pending") > 0 {
        assert!(
            began.elapsed() < StdDuration::from_secs(60),
            "custody events left unsequenced"
        );
        tokio::time::sleep(StdDuration::from_millis(200)).await;
    }
    tokio::time::sleep(StdDuration::from_millis(1500)).await;
    for args in [["log", "check"], ["store", "verify"]] {
        let out = app.sakshya_command().args(args).output().unwrap();
        assert!(
            out.status.success(),
            "sakshya {}: {}{}",
            args.join(" "),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let leaves = count(&app, "SELECT COUNT(*) AS n FROM log_leaves");
    let events = count(&app, "SELECT COUNT(*) AS n FROM custody_events");
    assert_eq!(leaves, events, "every custody event is in the log");
    drop(fleet);
}
