//! The data directory's disk fills up. The data directory is a small
//! tmpfs mounted for the test (the suite runs as root: `make test`), filled
//! to the last byte with a filler file:
//! - an extraction fails with a job error that says the disk is full; no
//!   clip, manifest or stored object appears, no scratch file is left; once
//!   space is freed the retry produces the clip with the expected hash;
//! - with the embedded SQLite database on that disk, filing a request is
//!   refused with 503 `storage_full` and writes nothing, reads go on, and
//!   filing works again once space is freed.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::{Duration, DurationRound, Utc};
use reqwest::{Method, StatusCode};

use crate::helpers::{extract_job, spawn_app_with, Resp, TestApp};

/// A tmpfs of `mib` MiB, unmounted when dropped.
struct Tmpfs {
    dir: tempfile::TempDir,
}

impl Tmpfs {
    fn mount(mib: u32) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let out = Command::new("mount")
            .args([
                "-t",
                "tmpfs",
                "-o",
                &format!("size={mib}m,mode=0700"),
                "tmpfs",
            ])
            .arg(dir.path())
            .output()
            .expect("running mount");
        assert!(
            out.status.success(),
            "the disk-full test mounts a {mib} MiB tmpfs as the data directory and \
             must run as root (make test does): {}",
            String::from_utf8_lossy(&out.stderr)
        );
        Self { dir }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount")
            .arg("-l")
            .arg(self.dir.path())
            .status();
    }
}

/// Fills the file system holding `dir` until the kernel refuses a byte;
/// returns the filler file.
fn fill(dir: &Path) -> PathBuf {
    let path = dir.join("filler");
    let mut f = std::fs::File::create(&path).unwrap();
    for chunk in [1 << 20, 4096, 1] {
        let buf = vec![0u8; chunk];
        loop {
            match f.write_all(&buf) {
                Ok(()) => {}
                Err(e) if e.raw_os_error() == Some(28) => break,
                Err(e) => panic!("filling {}: {e}", path.display()),
            }
        }
    }
    let _ = f.sync_all();
    path
}

/// Files a draft request as the PS-A investigator; the raw answer.
async fn file_draft(app: &TestApp) -> Resp {
    app.as_user(
        "inv_a",
        Method::POST,
        "/api/v1/requests",
        Some(app.filing("cam_a1")),
    )
    .await
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(files_under(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[tokio::test]
async fn a_full_data_disk_fails_the_extraction_clearly_and_the_retry_after_freeing_space_succeeds()
{
    let disk = Tmpfs::mount(48);
    let root = disk.path().to_path_buf();
    let app = spawn_app_with(|s| {
        s.data_dir = root.clone();
        s.job_max_attempts = 3;
    })
    .await;
    let t0 = (Utc::now() - Duration::minutes(30))
        .duration_trunc(Duration::seconds(10))
        .unwrap();
    let files = app.record("cam_a1", t0, 1, 10, &[]);
    app.index();
    let (start, end) = (t0 + Duration::seconds(1), t0 + Duration::seconds(8));
    let id = app.approved_request("cam_a1", start, end).await;
    let scratch = app.scratch_dir();
    let before: Vec<PathBuf> = files_under(&scratch);

    let filler = fill(&root);
    app.run_jobs().await;
    let d = app.get_request("op_a", &id).await;
    let job = extract_job(&d["items"][0]);
    assert_ne!(job["state"], "succeeded", "{job}");
    let err = job["last_error"].as_str().unwrap_or_default();
    assert!(
        err.starts_with("storage full: the data directory's disk has no space left"),
        "{job}"
    );
    assert!(d["items"][0]["clip"].is_null(), "no clip without its bytes");
    assert_eq!(d["status"], "extracting", "awaiting the retry");
    {
        let mut c = app.state.db.conn().unwrap();
        assert!(sakshya::db::clips::for_request(&mut c, &id)
            .unwrap()
            .is_empty());
    }
    assert_eq!(
        files_under(&scratch),
        before,
        "the failed attempt leaves no scratch file behind"
    );
    let stored = app.state.services.store.list_under("clips/").unwrap();
    assert!(stored.is_empty(), "nothing half-stored: {stored:?}");

    // Space is freed; the retry (due after its backoff) succeeds.
    std::fs::remove_file(&filler).unwrap();
    {
        let mut c = app.state.db.conn().unwrap();
        use diesel::prelude::*;
        use sakshya::db::schema::jobs;
        diesel::update(jobs::table.filter(jobs::request_id.eq(&id)))
            .set(jobs::run_after.eq(sakshya::db::time::now()))
            .execute(&mut **c)
            .unwrap();
    }
    app.run_jobs().await;
    let d = app.get_request("op_a", &id).await;
    assert_eq!(d["status"], "fulfilled", "{d}");
    let sha = d["items"][0]["clip"]["sha256"].as_str().unwrap().to_owned();
    let segs = vec![sakshya::media::extract::SourceSegment {
        id: "0".into(),
        path: files[0].clone(),
        start: t0,
        end: t0 + Duration::seconds(10),
    }];
    let reference = app.state.settings.data_dir.join("reference.mp4");
    sakshya::media::extract::extract(&segs, start, end, &reference, &mut |_| {}).unwrap();
    assert_eq!(sha, sakshya::digest::sha256_file(&reference).unwrap().0);
}

#[tokio::test]
async fn a_full_disk_under_the_sqlite_database_refuses_writes_with_storage_full_and_loses_nothing()
{
    let disk = Tmpfs::mount(32);
    let root = disk.path().to_path_buf();
    let app = spawn_app_with(|s| {
        s.data_dir = root.clone();
        // The embedded default: the SQLite database in the data directory,
        // whichever database the rest of the suite runs on.
        s.database_url =
            secrecy::SecretString::from(format!("sqlite://{}", root.join("sakshya.db").display()));
    })
    .await;
    let existing = app.file("inv_a", "cam_a1").await;
    // Log in everyone needed before the disk is full (a login writes).
    app.token("inv_a").await;
    let counts = app.counts();

    let filler = fill(&root);
    let r = file_draft(&app).await;
    assert_eq!(r.status, StatusCode::SERVICE_UNAVAILABLE, "{}", r.body);
    assert_eq!(r.body["error"]["code"], "storage_full", "{}", r.body);
    assert_eq!(app.counts(), counts, "nothing was written");
    // Reading goes on.
    let d = app.get_request("inv_a", &existing).await;
    assert_eq!(d["id"], existing.as_str());

    std::fs::remove_file(&filler).unwrap();
    let r = file_draft(&app).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(app.counts().0, counts.0 + 1);
}
