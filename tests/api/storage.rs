//! The evidence store: verification, Object Lock, credentials, status.

use chrono::{Duration, DurationRound, Utc};
use reqwest::{Method, StatusCode};

use crate::helpers::{s3_store, shared_bucket, spawn_app, with_s3, TestApp};

/// A stored clip through the real pipeline; returns its storage key.
async fn stored_clip(app: &TestApp) -> String {
    let t0 = (Utc::now() - Duration::minutes(30))
        .duration_trunc(Duration::seconds(10))
        .unwrap();
    app.record("cam_a1", t0, 1, 10, &[]);
    app.index();
    let id = app
        .approved_request(
            "cam_a1",
            t0 + Duration::seconds(1),
            t0 + Duration::seconds(8),
        )
        .await;
    app.run_jobs().await;
    let mut c = app.state.db.conn().unwrap();
    let clips = sakshya::db::clips::for_request(&mut c, &id).unwrap();
    clips[0].storage_key.clone()
}

fn verify(app: &TestApp) -> (bool, String) {
    let out = app
        .sakshya_command()
        .args(["store", "verify"])
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

#[tokio::test]
async fn store_verify_finds_missing_corrupted_and_unknown_objects() {
    let app = spawn_app().await;
    let key = stored_clip(&app).await;
    let (ok, out) = verify(&app);
    assert!(
        ok && out.contains("1 object(s) checked") && out.contains("all objects present and intact"),
        "{out}"
    );

    // An object nobody recorded.
    let scratch = app.state.services.store.scratch_path(".stray");
    std::fs::write(&scratch, b"stray bytes").unwrap();
    let stray = app.state.services.store.adopt(&scratch).unwrap();
    let (ok, out) = verify(&app);
    assert!(
        !ok && out.contains(&format!("UNKNOWN    {}", stray.key)),
        "{out}"
    );

    if !s3_store() {
        // Flip one byte of the stored clip: the local store's files are
        // read-only, but an attacker with the disk can still do it.
        let path = app.state.settings.evidence_root().join(&key);
        let mut perms = std::fs::metadata(&path).unwrap().permissions();
        #[allow(clippy::permissions_set_readonly_false)]
        perms.set_readonly(false);
        std::fs::set_permissions(&path, perms).unwrap();
        let mut bytes = std::fs::read(&path).unwrap();
        bytes[1000] ^= 0x01;
        std::fs::write(&path, &bytes).unwrap();
        let (ok, out) = verify(&app);
        assert!(!ok && out.contains(&format!("CORRUPTED  {key}")), "{out}");
        std::fs::remove_file(&path).unwrap();
        let (ok, out) = verify(&app);
        assert!(!ok && out.contains(&format!("MISSING    {key}")), "{out}");
    }
    // A database row whose bytes are not in the store (on both stores):
    // only someone who first takes the append-only trigger away can make
    // one, as a database administrator could.
    let missing = format!("sha256/ab/{}", "ab".repeat(32));
    {
        let mut c = app.state.db.conn().unwrap();
        let lift = match crate::helpers::backend() {
            sakshya::db::Backend::Sqlite => "DROP TRIGGER clips_no_update",
            sakshya::db::Backend::Postgres => "ALTER TABLE clips DISABLE TRIGGER clips_append_only",
        };
        diesel::RunQueryDsl::execute(diesel::sql_query(lift), &mut **c).unwrap();
        diesel::RunQueryDsl::execute(
            diesel::sql_query(format!(
                "UPDATE clips SET storage_key = '{missing}' WHERE storage_key = '{key}'"
            )),
            &mut **c,
        )
        .unwrap();
    }
    let (ok, out) = verify(&app);
    assert!(
        !ok && out.contains(&format!("MISSING    {missing}")),
        "{out}"
    );
}

#[tokio::test]
async fn locked_objects_cannot_be_deleted_or_unlocked_early() {
    // Always against the real S3 server, whatever the suite's store.
    let bucket = shared_bucket();
    let key = format!("lock-test/{}", uuid::Uuid::now_v7().simple());
    let (k, b) = (key.clone(), bucket.clone());
    let results = with_s3(move |c| {
        Box::pin(async move {
            use aws_sdk_s3::primitives::{ByteStream, DateTime};
            use aws_sdk_s3::types::{ObjectLockMode, ObjectLockRetention, ObjectLockRetentionMode};
            let until = DateTime::from_secs((Utc::now() + Duration::days(30)).timestamp());
            let put = c
                .put_object()
                .bucket(&b)
                .key(&k)
                .body(ByteStream::from_static(b"evidence"))
                .object_lock_mode(ObjectLockMode::Compliance)
                .object_lock_retain_until_date(until)
                .send()
                .await
                .unwrap();
            let version = put.version_id().unwrap().to_owned();
            let delete = c
                .delete_object()
                .bucket(&b)
                .key(&k)
                .version_id(&version)
                .send()
                .await;
            let shorter = DateTime::from_secs((Utc::now() + Duration::days(1)).timestamp());
            let shorten = c
                .put_object_retention()
                .bucket(&b)
                .key(&k)
                .version_id(&version)
                .retention(
                    ObjectLockRetention::builder()
                        .mode(ObjectLockRetentionMode::Compliance)
                        .retain_until_date(shorter)
                        .build(),
                )
                .send()
                .await;
            let still = c
                .get_object()
                .bucket(&b)
                .key(&k)
                .version_id(&version)
                .send()
                .await
                .is_ok();
            (delete.is_err(), shorten.is_err(), still)
        })
    });
    assert_eq!(
        results,
        (true, true, true),
        "(delete refused, shortening refused, object intact)"
    );
}

#[tokio::test]
async fn s3_objects_get_compliance_retention_and_encryption() {
    let app = spawn_app().await;
    if !s3_store() {
        // On the local store the same guarantee is the read-only, never
        // overwritten file; checked by the store's unit tests.
        assert!(app.state.services.store_check.object_lock.is_none());
        return;
    }
    let key = stored_clip(&app).await;
    assert_eq!(app.state.services.store_check.object_lock, Some(true));
    let full = format!(
        "{}{}",
        app.state
            .settings
            .store
            .as_ref()
            .unwrap()
            .trim_start_matches("s3://")
            .split_once('/')
            .unwrap()
            .1,
        ""
    );
    let object = format!("{full}/{key}");
    let bucket = shared_bucket();
    let (mode, days) = with_s3(move |c| {
        Box::pin(async move {
            let r = c
                .get_object_retention()
                .bucket(&bucket)
                .key(&object)
                .send()
                .await
                .unwrap();
            let ret = r.retention().unwrap();
            let until = ret.retain_until_date().unwrap().secs();
            (
                ret.mode().map(|m| m.as_str().to_owned()),
                (until - Utc::now().timestamp()) / 86_400,
            )
        })
    });
    assert_eq!(mode.as_deref(), Some("COMPLIANCE"));
    assert!((3648..=3650).contains(&days), "{days}");
}

#[tokio::test]
async fn wrong_credentials_are_a_clear_error_not_a_panic() {
    let app = spawn_app().await;
    let bucket = shared_bucket();
    let out = app
        .sakshya_command()
        .args(["store", "check"])
        .env("SAKSHYA_STORE", format!("s3://{bucket}/x"))
        .env("SAKSHYA_S3_ENDPOINT", crate::helpers::s3_endpoint())
        .env("SAKSHYA_S3_PATH_STYLE", "true")
        .env("AWS_SECRET_ACCESS_KEY", "definitely-not-the-secret")
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!out.status.success(), "{text}");
    assert!(!text.contains("panicked"), "{text}");
    assert!(
        text.contains(&format!("reaching bucket {bucket}")) && text.contains("403"),
        "{text}"
    );
}

#[tokio::test]
async fn admins_and_auditors_see_the_storage_status() {
    let app = spawn_app().await;
    let r = app
        .as_user("admin_a", Method::GET, "/api/v1/admin/storage", None)
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.body["backend"], if s3_store() { "s3" } else { "fs" });
    assert_eq!(r.body["writable"], true);
    assert_eq!(
        app.as_user("auditor_a", Method::GET, "/api/v1/admin/storage", None)
            .await
            .status,
        StatusCode::OK
    );
    for who in ["inv_a", "op_a", "court_a"] {
        assert_eq!(
            app.as_user(who, Method::GET, "/api/v1/admin/storage", None)
                .await
                .status,
            StatusCode::FORBIDDEN
        );
    }
}

#[tokio::test]
async fn the_server_refuses_a_wrong_checksum_and_an_aborted_upload_leaves_nothing() {
    // What the S3 store relies on, checked against the real server.
    let bucket = shared_bucket();
    let key = format!("checksum-test/{}", uuid::Uuid::now_v7().simple());
    let (refused, leftover_uploads, object_exists) = with_s3(move |c| {
        Box::pin(async move {
            use aws_sdk_s3::error::ProvideErrorMetadata;
            use aws_sdk_s3::primitives::ByteStream;
            use aws_sdk_s3::types::ChecksumAlgorithm;
            use base64::Engine;
            let created = c
                .create_multipart_upload()
                .bucket(&bucket)
                .key(&key)
                .checksum_algorithm(ChecksumAlgorithm::Sha256)
                .send()
                .await
                .unwrap();
            let upload_id = created.upload_id().unwrap().to_owned();
            let wrong = base64::engine::general_purpose::STANDARD
                .encode(ring::digest::digest(&ring::digest::SHA256, b"other bytes"));
            let part = c
                .upload_part()
                .bucket(&bucket)
                .key(&key)
                .upload_id(&upload_id)
                .part_number(1)
                .checksum_sha256(wrong)
                .body(ByteStream::from_static(b"the real bytes"))
                .send()
                .await;
            let refused = part.err().and_then(|e| e.code().map(str::to_owned));
            c.abort_multipart_upload()
                .bucket(&bucket)
                .key(&key)
                .upload_id(&upload_id)
                .send()
                .await
                .unwrap();
            let uploads = c
                .list_multipart_uploads()
                .bucket(&bucket)
                .prefix(&key)
                .send()
                .await
                .unwrap();
            let exists = c
                .head_object()
                .bucket(&bucket)
                .key(&key)
                .send()
                .await
                .is_ok();
            (refused, uploads.uploads().len(), exists)
        })
    });
    assert!(
        matches!(
            refused.as_deref(),
            Some("BadDigest") | Some("XAmzContentChecksumMismatch") | Some("InvalidDigest")
        ),
        "{refused:?}"
    );
    assert_eq!((leftover_uploads, object_exists), (0, false));
}

#[tokio::test]
async fn a_clip_whose_stored_bytes_changed_length_is_not_served() {
    let app = spawn_app().await;
    let key = stored_clip(&app).await;
    let clip = {
        let mut c = app.state.db.conn().unwrap();
        let id: String = diesel::RunQueryDsl::get_result::<ClipId>(
            diesel::sql_query(format!("SELECT id FROM clips WHERE storage_key = '{key}'")),
            &mut **c,
        )
        .unwrap()
        .id;
        id
    };
    let path = format!("/api/v1/clips/{clip}/content");
    let t = app.token("inv_a").await;
    let ok = app
        .client
        .get(app.url(&path))
        .bearer_auth(&t)
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), StatusCode::OK);
    if s3_store() {
        // Locked S3 objects cannot be altered; the intact clip is served
        // (checked above) and its length is checked on every download.
        return;
    }
    let file = app.state.settings.evidence_root().join(&key);
    let mut perms = std::fs::metadata(&file).unwrap().permissions();
    #[allow(clippy::permissions_set_readonly_false)]
    perms.set_readonly(false);
    std::fs::set_permissions(&file, perms).unwrap();
    let bytes = std::fs::read(&file).unwrap();
    std::fs::write(&file, &bytes[..bytes.len() - 10]).unwrap();
    let r = app.call(Method::GET, &path, Some(&t), None).await;
    assert_eq!((r.status.as_u16(), r.code()), (500, "evidence_damaged"));
}

/// Finding 6 of the security review: a stored clip with one byte flipped
/// (same length) was served. On S3 the flip is a new version of the
/// object, which Object Lock allows beside the locked one.
#[tokio::test]
async fn a_clip_with_one_byte_flipped_is_never_served_whole() {
    let app = spawn_app().await;
    let key = stored_clip(&app).await;
    let (clip, size) = {
        use diesel::prelude::*;
        use sakshya::db::schema::clips;
        let mut c = app.state.db.conn().unwrap();
        let (id, size): (String, i64) = clips::table
            .filter(clips::storage_key.eq(&key))
            .select((clips::id, clips::size_bytes))
            .first(&mut **c)
            .unwrap();
        (id, size as usize)
    };
    let original = {
        let store = app.state.services.store.clone();
        let k = key.clone();
        tokio::task::spawn_blocking(move || {
            let mut b = Vec::new();
            std::io::Read::read_to_end(&mut store.open(&k).unwrap(), &mut b).unwrap();
            b
        })
        .await
        .unwrap()
    };
    let mut flipped = original.clone();
    flipped[size - 100] ^= 0x01;
    if s3_store() {
        let prefix = app
            .state
            .services
            .store
            .location()
            .trim_start_matches("s3://")
            .split_once('/')
            .unwrap()
            .1
            .to_owned();
        let (bucket, object, body) = (shared_bucket(), format!("{prefix}{key}"), flipped.clone());
        with_s3(move |c| {
            Box::pin(async move {
                c.put_object()
                    .bucket(bucket)
                    .key(object)
                    .body(body.into())
                    .send()
                    .await
                    .unwrap();
            })
        });
    } else {
        let file = app.state.settings.evidence_root().join(&key);
        let mut perms = std::fs::metadata(&file).unwrap().permissions();
        #[allow(clippy::permissions_set_readonly_false)]
        perms.set_readonly(false);
        std::fs::set_permissions(&file, perms).unwrap();
        std::fs::write(&file, &flipped).unwrap();
    }
    let t = app.token("inv_a").await;
    let path = format!("/api/v1/clips/{clip}/content");
    // The server cuts a damaged response short by closing the connection,
    // so each request goes on a connection of its own: a pooled one may
    // be the one the previous answer closed.
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(0)
        .build()
        .unwrap();
    for range in [
        None,
        Some("bytes=0-99"),
        Some(&*format!("bytes={}-", size - 200)),
    ] {
        let mut req = client.get(app.url(&path)).bearer_auth(&t);
        if let Some(r) = range {
            req = req.header("range", r);
        }
        // A damaged clip is cut short: the connection may close before the
        // body ends, or (when the damage is found before the first bytes
        // go out) before the headers do. Either way nothing is served whole.
        let got = match req.send().await {
            Ok(res) => res.bytes().await,
            Err(e) => Err(e),
        };
        match got {
            Err(_) => {}
            Ok(b) => {
                let want = match range {
                    None => size,
                    Some("bytes=0-99") => 100,
                    Some(_) => 200,
                };
                assert!(
                    b.len() < want,
                    "{range:?}: {} of {want} bytes served",
                    b.len()
                );
            }
        }
    }
    let ev = app
        .as_user(
            "admin_a",
            Method::GET,
            "/api/v1/security-events?kind=evidence_damaged",
            None,
        )
        .await;
    assert_eq!(ev.body["total"], 3, "{}", ev.body);
    assert_eq!(ev.body["items"][0]["severity"], "critical");
    assert_eq!(ev.body["items"][0]["subject"], clip.as_str());
    assert_ne!(original, flipped);
}

#[derive(diesel::QueryableByName)]
struct ClipId {
    #[diesel(sql_type = diesel::sql_types::Text)]
    id: String,
}

#[tokio::test]
async fn erasure_is_refused_while_retained_or_held_and_reports_why() {
    let app = spawn_app().await;
    let key = stored_clip(&app).await;
    let store = app.state.services.store.clone();
    if !s3_store() {
        // The local store has no lock of its own: the service's retention
        // and hold records decide, and the store erases when told to.
        store.erase(&key).unwrap();
        assert_eq!(store.size(&key).unwrap(), None);
        let (ok, out) = verify(&app);
        assert!(!ok && out.contains(&format!("MISSING    {key}")), "{out}");
        return;
    }
    let year = (Utc::now() + Duration::days(3650)).format("%Y").to_string();
    match store.erase(&key) {
        Err(sakshya::storage::StoreError::Retained { key: k, until }) => {
            assert_eq!(k, key);
            assert!(until.starts_with(&year), "{until}");
        }
        other => panic!("erasing a retained clip: {other:?}"),
    }
    assert!(store.size(&key).unwrap().is_some(), "the clip is intact");

    // Legal hold: set and lifted through the store, seen by the server.
    let prefix = store
        .location()
        .trim_start_matches("s3://")
        .split_once('/')
        .unwrap()
        .1
        .to_owned();
    let hold_status = |key: String| {
        let (bucket, object) = (shared_bucket(), format!("{prefix}{key}"));
        with_s3(move |c| {
            Box::pin(async move {
                let r = c
                    .get_object_legal_hold()
                    .bucket(bucket)
                    .key(object)
                    .send()
                    .await;
                r.ok()
                    .and_then(|h| h.legal_hold()?.status().map(|s| s.as_str().to_owned()))
            })
        })
    };
    store.set_legal_hold(&key, true).unwrap();
    assert_eq!(hold_status(key.clone()).as_deref(), Some("ON"));
    store.set_legal_hold(&key, false).unwrap();
    assert_eq!(hold_status(key.clone()).as_deref(), Some("OFF"));

    // An object whose retention has run out is erased, every version.
    let (bucket, object) = (shared_bucket(), format!("{prefix}short-lived"));
    with_s3(move |c| {
        Box::pin(async move {
            use aws_sdk_s3::primitives::{ByteStream, DateTime};
            use aws_sdk_s3::types::ObjectLockMode;
            let until = DateTime::from_secs(Utc::now().timestamp() + 2);
            c.put_object()
                .bucket(bucket)
                .key(object)
                .body(ByteStream::from_static(b"brief"))
                .object_lock_mode(ObjectLockMode::Compliance)
                .object_lock_retain_until_date(until)
                .send()
                .await
                .unwrap();
        })
    });
    assert!(matches!(
        store.erase("short-lived"),
        Err(sakshya::storage::StoreError::Retained { .. })
    ));
    std::thread::sleep(std::time::Duration::from_secs(4));
    store.erase("short-lived").unwrap();
    assert_eq!(store.size("short-lived").unwrap(), None);
}

fn sweep(app: &TestApp, grace_minutes: &str) -> String {
    let out = app
        .sakshya_command()
        .args(["store", "sweep", "--grace-minutes", grace_minutes])
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "{text}");
    text
}

#[tokio::test]
async fn store_sweep_removes_old_unrecorded_objects_and_never_a_recorded_one() {
    let app = spawn_app().await;
    let key = stored_clip(&app).await;
    let scratch = app.state.services.store.scratch_path(".stray");
    std::fs::write(&scratch, b"bytes of a crashed attempt").unwrap();
    let stray = app.state.services.store.adopt(&scratch).unwrap();

    // Within the grace period an unrecorded object may be a clip whose
    // record is about to commit: left alone.
    let out = sweep(&app, "60");
    assert!(
        out.contains("0 unrecorded object(s) removed, 0 retained by the store, 1 younger than 60 min left alone"),
        "{out}"
    );
    assert!(app.state.services.store.size(&stray.key).unwrap().is_some());

    let out = sweep(&app, "0");
    if s3_store() {
        // COMPLIANCE retention: the S3 server refuses; a later sweep
        // removes it once the retention has lapsed.
        assert!(
            out.contains(&format!(
                "RETAINED   {} (the store keeps it until",
                stray.key
            )),
            "{out}"
        );
        assert!(app.state.services.store.size(&stray.key).unwrap().is_some());
    } else {
        assert!(out.contains(&format!("REMOVED    {}", stray.key)), "{out}");
        assert!(app.state.services.store.size(&stray.key).unwrap().is_none());
        let (ok, out) = verify(&app);
        assert!(ok, "{out}");
    }
    assert!(
        app.state.services.store.size(&key).unwrap().is_some(),
        "the recorded clip is never swept"
    );
}

/// Finding 6 of the security review: a client that disconnected in the
/// middle of a package was logged as evidence damage.
#[tokio::test]
async fn a_client_leaving_a_package_midway_is_not_evidence_damage() {
    let app = spawn_app().await;
    let t0 = (Utc::now() - Duration::hours(1))
        .duration_trunc(Duration::minutes(10))
        .unwrap();
    app.heavy_recording(t0);
    let id = app
        .approved_request(
            "cam_a1",
            t0 + Duration::seconds(10),
            t0 + Duration::seconds(200),
        )
        .await;
    app.run_jobs().await;
    let clip = app.get_request("inv_a", &id).await["items"][0]["clip"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let serve = crate::helpers::ServeProcess::start(&app, &[]).await;
    let t = app.token("inv_a").await;
    let mut res = app
        .client
        .get(serve.url(&format!("/api/v1/clips/{clip}/package")))
        .bearer_auth(&t)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    res.chunk().await.unwrap().unwrap();
    drop(res);
    let mut log = String::new();
    for _ in 0..100 {
        log = serve.log_text();
        if log.contains("stopped reading the package") {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(log.contains("stopped reading the package"), "{log}");
    assert!(!log.contains("evidence_damaged"), "{log}");
    let ev = app
        .as_user(
            "admin_a",
            Method::GET,
            "/api/v1/security-events?kind=evidence_damaged",
            None,
        )
        .await;
    assert_eq!(ev.body["total"], 0, "{}", ev.body);
}
