//! The S3 server stops in the middle of an upload: the job fails cleanly,
//! nothing half-stored is visible, and after the server is back a retry
//! stores identical bytes. Runs its own SeaweedFS (same binary and
//! credentials as the suite's) so stopping it disturbs no other test.

use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration as StdDuration, Instant};

use chrono::{Duration, DurationRound, Utc};
use reqwest::Method;

use crate::helpers::{extract_job, spawn_app_with, with_s3_at};

const S3_PORT: u16 = 16333;

struct Weed {
    dir: tempfile::TempDir,
    child: Option<Child>,
}

impl Weed {
    fn start() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let key = std::env::var("AWS_ACCESS_KEY_ID").expect("make test sets the S3 credentials");
        let secret =
            std::env::var("AWS_SECRET_ACCESS_KEY").expect("make test sets the S3 credentials");
        std::fs::write(
            dir.path().join("s3.json"),
            format!(
                r#"{{"identities":[{{"name":"t","credentials":[{{"accessKey":"{key}","secretKey":"{secret}"}}],"actions":["Admin","Read","Write","List","Tagging"]}}]}}"#
            ),
        )
        .unwrap();
        let mut w = Self { dir, child: None };
        w.resume();
        w
    }

    fn resume(&mut self) {
        let venv = std::env::var("SAKSHYA_SEAWEEDFS_VENV")
            .unwrap_or_else(|_| "/var/tmp/sakshya-seaweedfs-venv".into());
        let d = self.dir.path();
        let child = Command::new(format!("{venv}/bin/weed"))
            .args([
                "mini",
                &format!("-dir={}", d.join("data").display()),
                "-ip=127.0.0.1",
                "-ip.bind=127.0.0.1",
                &format!("-s3.config={}", d.join("s3.json").display()),
                &format!("-s3.port={S3_PORT}"),
                "-master.port=16334",
                "-filer.port=16335",
                "-volume.port=16336",
                "-admin.port=16337",
                "-admin.ui=false",
                "-webdav=false",
                "-s3.port.iceberg=0",
                "-s3.port.lance=0",
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("SeaweedFS from make test's virtual environment");
        self.child = Some(child);
        let began = Instant::now();
        while TcpStream::connect(("127.0.0.1", S3_PORT)).is_err() {
            assert!(
                began.elapsed() < StdDuration::from_secs(60),
                "SeaweedFS did not start"
            );
            std::thread::sleep(StdDuration::from_millis(200));
        }
        std::thread::sleep(StdDuration::from_secs(2));
    }

    fn kill(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

impl Drop for Weed {
    fn drop(&mut self) {
        self.kill();
    }
}

fn endpoint() -> String {
    format!("http://127.0.0.1:{S3_PORT}")
}

#[tokio::test]
async fn s3_stopped_mid_upload_then_retried_stores_identical_bytes() {
    let mut weed = Weed::start();
    let bucket = format!(
        "outage-{}",
        &uuid::Uuid::now_v7().simple().to_string()[20..]
    );
    let b = bucket.clone();
    with_s3_at(endpoint(), move |c| {
        Box::pin(async move {
            c.create_bucket()
                .bucket(&b)
                .object_lock_enabled_for_bucket(true)
                .send()
                .await
                .unwrap();
        })
    });
    let app = spawn_app_with(|s| {
        s.store = Some(format!("s3://{bucket}/clips"));
        s.s3_endpoint = Some(endpoint());
        s.s3_path_style = true;
        s.job_max_attempts = 1;
    })
    .await;

    let t0 = (Utc::now() - Duration::hours(1))
        .duration_trunc(Duration::minutes(10))
        .unwrap();
    let files = app.heavy_recording(t0);
    let (start, end) = (t0 + Duration::seconds(10), t0 + Duration::seconds(350));
    // File and submit (the preservation job runs now), then approve: the
    // extraction is left for the worker below.
    let mut body = app.filing("cam_a1");
    body["items"][0]["start"] = serde_json::json!(start.to_rfc3339());
    body["items"][0]["end"] = serde_json::json!(end.to_rfc3339());
    let id = app
        .as_user("inv_a", Method::POST, "/api/v1/requests", Some(body))
        .await
        .body["id"]
        .as_str()
        .unwrap()
        .to_owned();
    app.act("inv_a", &id, "submit", None).await;
    app.run_jobs().await;
    app.act("sup_a", &id, "endorse", None).await;
    app.act("op_a", &id, "approve", None).await;
    let expected = app.reference_hash(&files, t0, start, end);

    // A worker uploads the clip; the server is killed once parts arrive.
    let mut worker = app.sakshya_command();
    worker
        .args(["worker", "--once"])
        .env("SAKSHYA_S3_MAX_ATTEMPTS", "2")
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    let mut child = worker.spawn().unwrap();
    // The clip's parts are uploaded while it is written to scratch space:
    // once 50 MB are written, the upload is under way.
    let scratch = app.scratch_dir();
    let began = Instant::now();
    let killed = loop {
        let size = std::fs::read_dir(&scratch)
            .unwrap()
            .flatten()
            .filter_map(|e| e.metadata().ok())
            .map(|m| m.len())
            .max()
            .unwrap_or(0);
        if size > 50_000_000 {
            weed.kill();
            break true;
        }
        if child.try_wait().unwrap().is_some() || began.elapsed() > StdDuration::from_secs(60) {
            break false;
        }
        std::thread::sleep(StdDuration::from_millis(5));
    };
    assert!(
        killed,
        "the upload finished before the server could be stopped"
    );
    assert!(
        child.wait().unwrap().success(),
        "the worker reports the failure in the job, not by crashing"
    );
    let d = app.get_request("op_a", &id).await;
    let job = extract_job(&d["items"][0]);
    assert_eq!(job["state"], "failed", "{job}");
    assert!(job["last_error"].as_str().unwrap().contains("S3"), "{job}");
    assert!(
        d["items"][0]["clip"].is_null(),
        "no clip without its stored bytes"
    );

    // The server comes back; an operator retries; the bytes are identical.
    weed.resume();
    let jid = job["id"].as_str().unwrap();
    let r = app
        .as_user(
            "op_a",
            Method::POST,
            &format!("/api/v1/jobs/{jid}/retry"),
            None,
        )
        .await;
    assert_eq!(r.body["state"], "queued", "{}", r.body);
    assert!(app
        .sakshya_command()
        .args(["worker", "--once"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .unwrap()
        .success());
    let d = app.get_request("op_a", &id).await;
    assert_eq!(d["status"], "fulfilled", "{d}");
    assert_eq!(d["items"][0]["clip"]["sha256"], expected.as_str());
    let bucket = app
        .state
        .settings
        .store
        .clone()
        .unwrap()
        .trim_start_matches("s3://")
        .split('/')
        .next()
        .unwrap()
        .to_owned();
    let bk = bucket.clone();
    let pending = with_s3_at(endpoint(), move |c| {
        Box::pin(async move {
            c.list_multipart_uploads()
                .bucket(&bk)
                .send()
                .await
                .unwrap()
                .uploads()
                .len()
        })
    });
    assert_eq!(pending, 0, "no orphaned parts");
}
