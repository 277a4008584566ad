//! The evidence pipeline through the API: index, preserve at submission,
//! extract on approval, download; and every documented outcome.

use chrono::{DateTime, Duration, DurationRound, Utc};
use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::helpers::{extract_job, spawn_app, spawn_app_with, TestApp};
use crate::media_tools::{decode_errors, expected_md5s, framemd5, index_at_front};

/// A recent, whole-second instant well inside the retention period.
fn base() -> DateTime<Utc> {
    (Utc::now() - Duration::minutes(30))
        .duration_trunc(Duration::seconds(10))
        .unwrap()
}

fn item(d: &serde_json::Value) -> &serde_json::Value {
    &d["items"][0]
}

async fn download(app: &TestApp, user: &str, clip: &str, range: Option<&str>) -> reqwest::Response {
    let t = app.token(user).await;
    let mut r = app
        .client
        .get(app.url(&format!("/api/v1/clips/{clip}/content")))
        .bearer_auth(t);
    if let Some(range) = range {
        r = r.header("range", range);
    }
    r.send().await.unwrap()
}

#[tokio::test]
async fn approved_request_becomes_a_bit_exact_clip() {
    let app = spawn_app().await;
    let t0 = base();
    let files = app.record("cam_a1", t0, 4, 10, &[]);
    assert_eq!(app.index().indexed, 4);

    let (start, end) = (
        t0 + Duration::milliseconds(5_500),
        t0 + Duration::milliseconds(27_100),
    );
    let mut body = app.filing("cam_a1");
    body["items"][0]["start"] = json!(start.to_rfc3339());
    body["items"][0]["end"] = json!(end.to_rfc3339());
    let r = app
        .as_user("inv_a", Method::POST, "/api/v1/requests", Some(body))
        .await;
    let id = r.body["id"].as_str().unwrap().to_owned();
    assert_eq!(
        app.act("inv_a", &id, "submit", None).await.status,
        StatusCode::OK
    );

    // Submission preserves the footage and shows the overwrite countdown.
    assert_eq!(app.run_jobs().await, 1);
    let d = app.get_request("inv_a", &id).await;
    assert_eq!(item(&d)["preserved"], true, "{d}");
    let overwrite: DateTime<Utc> = item(&d)["overwrite_at"].as_str().unwrap().parse().unwrap();
    assert_eq!(overwrite, t0 + Duration::days(30));

    for (who, action) in [("sup_a", "endorse"), ("op_a", "approve")] {
        assert_eq!(app.act(who, &id, action, None).await.status, StatusCode::OK);
    }
    assert_eq!(app.run_jobs().await, 1);
    let d = app.get_request("inv_a", &id).await;
    assert_eq!(d["status"], "fulfilled", "{d}");
    assert_eq!(item(&d)["status"], "fulfilled");
    assert_eq!(
        item(&d)["preserved"],
        false,
        "holds are released when the request closes"
    );
    let clip = item(&d)["clip"]["id"].as_str().unwrap().to_owned();
    let actions: Vec<&str> = d["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["action"].as_str().unwrap())
        .collect();
    assert!(
        actions.ends_with(&["approve", "extraction_started", "complete"]),
        "{actions:?}"
    );

    let meta = app
        .as_user("inv_a", Method::GET, &format!("/api/v1/clips/{clip}"), None)
        .await;
    assert_eq!(meta.status, StatusCode::OK);
    assert_eq!(meta.body["source_segments"].as_array().unwrap().len(), 3);
    assert_eq!(
        meta.body["actual_start"]
            .as_str()
            .unwrap()
            .parse::<DateTime<Utc>>()
            .unwrap(),
        t0 + Duration::seconds(4)
    );
    assert!(meta.body["ffmpeg_versions"]
        .as_str()
        .unwrap()
        .contains("libavformat"));

    let res = download(&app, "inv_a", &clip, None).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-type"], "video/mp4");
    let sha = res.headers()["x-content-sha256"]
        .to_str()
        .unwrap()
        .to_owned();
    let bytes = res.bytes().await.unwrap();
    assert_eq!(
        sakshya::digest::sha256_reader(&mut &bytes[..]).unwrap().0,
        sha
    );
    assert_eq!(sha, meta.body["sha256"].as_str().unwrap());
    let local = app.state.settings.data_dir.join("downloaded.mp4");
    std::fs::write(&local, &bytes).unwrap();
    let pairs: Vec<(DateTime<Utc>, &std::path::Path)> = files
        .iter()
        .enumerate()
        .map(|(i, p)| (t0 + Duration::seconds(10 * i as i64), p.as_path()))
        .collect();
    assert_eq!(
        framemd5(&local),
        expected_md5s(&pairs, start, end),
        "every packet is the camera's own"
    );
    assert_eq!(decode_errors(&local), "");
    assert!(index_at_front(&local));

    let part = download(&app, "op_a", &clip, Some("bytes=0-99")).await;
    assert_eq!(part.status(), StatusCode::PARTIAL_CONTENT);
    assert_eq!(part.bytes().await.unwrap().len(), 100);
    let d = app.get_request("inv_a", &id).await;
    let downloads = d["history"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|h| h["action"] == "clip_downloaded")
        .count();
    assert_eq!(downloads, 2, "every evidence read is recorded");

    // Evidence is not for everyone, and re-running the job is harmless.
    assert_eq!(
        download(&app, "court_a", &clip, None).await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        download(&app, "auditor_a", &clip, None).await.status(),
        StatusCode::FORBIDDEN
    );
    let job = extract_job(item(&d))["id"].as_str().unwrap().to_owned();
    {
        let mut c = app.state.db.conn().unwrap();
        diesel::RunQueryDsl::execute(
            diesel::sql_query(format!(
                "UPDATE jobs SET state = 'queued' WHERE id = '{job}'"
            )),
            &mut **c,
        )
        .unwrap();
    }
    assert_eq!(app.run_jobs().await, 1);
    let mut c = app.state.db.conn().unwrap();
    assert_eq!(
        sakshya::db::clips::count(&mut c).unwrap(),
        1,
        "no second clip"
    );
}

#[tokio::test]
async fn preserved_copies_survive_the_recorder_overwriting() {
    let app = spawn_app().await;
    let t0 = base();
    let files = app.record("cam_a1", t0, 2, 10, &[]);
    app.index();
    let mut body = app.filing("cam_a1");
    body["items"][0]["start"] = json!((t0 + Duration::seconds(1)).to_rfc3339());
    body["items"][0]["end"] = json!((t0 + Duration::seconds(15)).to_rfc3339());
    let id = app
        .as_user("inv_a", Method::POST, "/api/v1/requests", Some(body))
        .await
        .body["id"]
        .as_str()
        .unwrap()
        .to_owned();
    app.act("inv_a", &id, "submit", None).await;
    app.run_jobs().await;
    for f in &files {
        std::fs::remove_file(f).unwrap();
    }
    app.act("sup_a", &id, "endorse", None).await;
    app.act("op_a", &id, "approve", None).await;
    app.run_jobs().await;
    let d = app.get_request("inv_a", &id).await;
    assert_eq!(d["status"], "fulfilled", "{d}");
}

#[tokio::test]
async fn gaps_missing_footage_retention_and_damage_have_their_outcomes() {
    // Keep the cameras online: the footage here is half an hour old.
    let app = spawn_app_with(|s| s.camera_offline_after_secs = 7200).await;
    let t0 = base();
    // Hole between 10 s and 20 s.
    app.record("cam_a1", t0, 3, 10, &[1]);
    // A damaged file on camera A2.
    let bad = app
        .state
        .services
        .layout
        .segment_path("ICCC-A", "CAM-A2", t0, "mp4");
    std::fs::create_dir_all(bad.parent().unwrap()).unwrap();
    std::fs::write(&bad, b"not video").unwrap();
    let report = app.index();
    assert_eq!((report.indexed, report.damaged), (3, 1));

    let gap = app
        .approved_request(
            "cam_a1",
            t0 + Duration::seconds(2),
            t0 + Duration::seconds(28),
        )
        .await;
    let none = app
        .approved_request(
            "cam_a1",
            t0 - Duration::minutes(10),
            t0 - Duration::minutes(5),
        )
        .await;
    let damaged = app
        .approved_request(
            "cam_a2",
            t0 + Duration::seconds(1),
            t0 + Duration::seconds(5),
        )
        .await;
    // CAM-A3 keeps footage one day; this window is two days old.
    let a3 = &app.fx.cameras["cam_a3"];
    app.as_user(
        "admin_a",
        Method::PATCH,
        &format!("/api/v1/cameras/{a3}"),
        Some(json!({"retention_days": 1})),
    )
    .await;
    let old = Utc::now() - Duration::days(2);
    let overwritten = app
        .approved_request("cam_a3", old, old + Duration::minutes(5))
        .await;
    app.run_jobs().await;

    let d = app.get_request("op_a", &gap).await;
    assert_eq!(
        (d["status"].as_str(), item(&d)["status"].as_str()),
        (Some("partially_fulfilled"), Some("partially_fulfilled")),
        "{d}"
    );
    let clip = item(&d)["clip"]["id"].as_str().unwrap();
    let meta = app
        .as_user("op_a", Method::GET, &format!("/api/v1/clips/{clip}"), None)
        .await;
    assert_eq!(
        meta.body["gaps"].as_array().unwrap().len(),
        1,
        "{}",
        meta.body
    );
    for (id, reason) in [
        (none, "no_recording_in_window"),
        (damaged, "technical_failure"),
        (overwritten, "footage_overwritten"),
    ] {
        let d = app.get_request("op_a", &id).await;
        assert_eq!(d["status"], "unavailable", "{d}");
        assert_eq!(d["reason_code"], reason);
        assert_eq!(item(&d)["reason_code"], reason);
    }

    let cam = &app.fx.cameras["cam_a1"];
    let from = (t0 - Duration::seconds(5)).to_rfc3339().replace('+', "%2B");
    let to = (t0 + Duration::seconds(30))
        .to_rfc3339()
        .replace('+', "%2B");
    let r = app
        .as_user(
            "inv_a",
            Method::GET,
            &format!("/api/v1/cameras/{cam}/recordings?from={from}&to={to}"),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body["segments"].as_array().unwrap().len(), 2);
    assert_eq!(
        r.body["gaps"].as_array().unwrap().len(),
        2,
        "before the first segment and the hole: {}",
        r.body
    );
    let a2 = &app.fx.cameras["cam_a2"];
    let r = app
        .as_user(
            "inv_a",
            Method::GET,
            &format!("/api/v1/cameras/{a2}/recordings?from={from}&to={to}"),
            None,
        )
        .await;
    assert_eq!(r.body["segments"][0]["status"], "damaged");
    let r = app
        .as_user(
            "inv_a",
            Method::GET,
            &format!("/api/v1/cameras/{a2}/recordings?from={to}&to={from}"),
            None,
        )
        .await;
    assert_eq!((r.status.as_u16(), r.code()), (422, "invalid_range"));
}

#[tokio::test]
async fn cameras_go_offline_when_their_footage_stops() {
    let app = spawn_app_with(|s| s.camera_offline_after_secs = 3600).await;
    app.record("cam_a1", Utc::now() - Duration::hours(3), 1, 5, &[]);
    app.record("cam_a2", Utc::now() - Duration::minutes(1), 1, 5, &[]);
    let r = app.index();
    assert_eq!(
        r.status_changes,
        vec![("CAM-A1".to_owned(), "offline".to_owned())]
    );
    let r = app
        .as_user("op_a", Method::GET, "/api/v1/cameras?status=offline", None)
        .await;
    assert_eq!(r.body["items"][0]["code"], "CAM-A1");
}

#[tokio::test]
async fn failed_jobs_retry_with_backoff_and_operators_can_retry() {
    let app = spawn_app_with(|s| s.job_max_attempts = 1).await;
    let t0 = base();
    let files = app.record("cam_a1", t0, 1, 10, &[]);
    app.index();
    let good = std::fs::read(&files[0]).unwrap();
    // The recorder's file is corrupted after indexing and nothing was preserved.
    std::fs::write(&files[0], b"garbage").unwrap();
    let id = app
        .approved_request(
            "cam_a1",
            t0 + Duration::seconds(1),
            t0 + Duration::seconds(8),
        )
        .await;
    app.run_jobs().await;
    let d = app.get_request("op_a", &id).await;
    let job = extract_job(item(&d));
    assert_eq!(job["state"], "failed", "{d}");
    assert!(job["last_error"].as_str().is_some());
    let jid = job["id"].as_str().unwrap();
    let r = app
        .as_user(
            "inv_a",
            Method::POST,
            &format!("/api/v1/jobs/{jid}/retry"),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    std::fs::write(&files[0], good).unwrap();
    let r = app
        .as_user(
            "op_a",
            Method::POST,
            &format!("/api/v1/jobs/{jid}/retry"),
            None,
        )
        .await;
    assert_eq!(
        (r.status, r.body["state"].as_str()),
        (StatusCode::OK, Some("queued")),
        "{}",
        r.body
    );
    let r = app
        .as_user(
            "op_a",
            Method::POST,
            &format!("/api/v1/jobs/{jid}/retry"),
            None,
        )
        .await;
    assert_eq!(r.code(), "job_not_failed");
    app.run_jobs().await;
    let r = app
        .as_user("inv_a", Method::GET, &format!("/api/v1/jobs/{jid}"), None)
        .await;
    assert_eq!(r.body["state"], "succeeded");
    assert_eq!(app.get_request("inv_a", &id).await["status"], "fulfilled");
}

#[tokio::test]
async fn uploads_must_be_video_within_the_limit() {
    let app = spawn_app_with(|s| s.upload_max_bytes = 200_000).await;
    let t0 = base();
    let id = app
        .approved_request("cam_a1", t0, t0 + Duration::seconds(30))
        .await;
    let d = app.get_request("op_a", &id).await;
    let item_id = item(&d)["id"].as_str().unwrap().to_owned();
    let path = format!("/api/v1/requests/{id}/items/{item_id}/upload");
    let r = app
        .raw(
            "op_a",
            Method::POST,
            &path,
            "application/octet-stream",
            b"definitely not a video".to_vec(),
        )
        .await;
    assert_eq!((r.status.as_u16(), r.code()), (422, "not_video"));
    let r = app
        .raw(
            "op_a",
            Method::POST,
            &path,
            "application/octet-stream",
            vec![0u8; 300_000],
        )
        .await;
    assert_eq!((r.status.as_u16(), r.code()), (413, "upload_too_large"));
    let r = app
        .raw(
            "inv_a",
            Method::POST,
            &path,
            "application/octet-stream",
            vec![0u8; 10],
        )
        .await;
    assert_eq!(r.status.as_u16(), 403);
    assert!(
        app.state.services.store.list().unwrap().is_empty(),
        "nothing stored"
    );
    let leftovers = std::fs::read_dir(app.scratch_dir()).unwrap().count();
    assert_eq!(leftovers, 0, "scratch files cleaned up");

    let export = app.state.settings.data_dir.join("export.mp4");
    sakshya::media::demo_footage::write_segment(
        &export,
        "NVR export",
        t0,
        4,
        &crate::helpers::TINY,
    )
    .unwrap();
    let r = app
        .raw(
            "op_a",
            Method::POST,
            &path,
            "video/mp4",
            std::fs::read(&export).unwrap(),
        )
        .await;
    assert_eq!(r.status.as_u16(), 201, "{}", r.body);
    assert_eq!(r.body["status"], "fulfilled");
    assert_eq!(item(&r.body)["clip"]["source"], "uploaded");
    let (sha, _) = sakshya::digest::sha256_file(&export).unwrap();
    assert_eq!(item(&r.body)["clip"]["sha256"], sha.as_str());
    let r = app
        .raw(
            "op_a",
            Method::POST,
            &path,
            "video/mp4",
            std::fs::read(&export).unwrap(),
        )
        .await;
    assert_eq!((r.status.as_u16(), r.code()), (409, "item_settled"));
}

#[tokio::test]
async fn operators_mark_items_unavailable_with_a_reason() {
    let app = spawn_app().await;
    let t0 = base();
    let id = app
        .approved_request("cam_a1", t0, t0 + Duration::seconds(30))
        .await;
    let d = app.get_request("op_a", &id).await;
    let item_id = item(&d)["id"].as_str().unwrap().to_owned();
    let path = format!("/api/v1/requests/{id}/items/{item_id}/unavailable");
    let r = app
        .as_user(
            "op_a",
            Method::POST,
            &path,
            Some(json!({"reason_code": "rejected_invalid_request"})),
        )
        .await;
    assert_eq!((r.status.as_u16(), r.code()), (422, "invalid_reason_code"));
    let r = app
        .as_user(
            "op_b",
            Method::POST,
            &path,
            Some(json!({"reason_code": "camera_offline"})),
        )
        .await;
    assert_eq!(r.status.as_u16(), 404);
    let r = app
        .as_user(
            "op_a",
            Method::POST,
            &path,
            Some(json!({"reason_code": "outside_coverage", "comment": "camera faces away"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(
        (r.body["status"].as_str(), r.body["reason_code"].as_str()),
        (Some("unavailable"), Some("outside_coverage"))
    );
}

#[tokio::test]
async fn progress_streams_as_server_sent_events() {
    let app = spawn_app().await;
    let t0 = base();
    app.record("cam_a1", t0, 1, 10, &[]);
    app.index();
    let id = app
        .approved_request(
            "cam_a1",
            t0 + Duration::seconds(1),
            t0 + Duration::seconds(8),
        )
        .await;
    let t = app.token("inv_a").await;
    let mut res = app
        .client
        .get(app.url(&format!("/api/v1/requests/{id}/events")))
        .bearer_auth(&t)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-type"], "text/event-stream");
    let first = String::from_utf8(res.chunk().await.unwrap().unwrap().to_vec()).unwrap();
    assert!(
        first.starts_with("event: update\ndata: ") && first.contains("\"approved\""),
        "{first}"
    );
    app.run_jobs().await;
    let mut rest = String::new();
    while let Some(chunk) = tokio::time::timeout(std::time::Duration::from_secs(10), res.chunk())
        .await
        .unwrap()
        .unwrap()
    {
        rest.push_str(&String::from_utf8_lossy(&chunk));
    }
    assert!(rest.contains("\"fulfilled\""), "{rest}");
    let r = app
        .call(
            Method::GET,
            &format!("/api/v1/requests/{id}/events"),
            Some(&app.token("inv_b").await),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn two_worker_processes_never_run_the_same_job() {
    let app = spawn_app().await;
    let t0 = base();
    app.record("cam_a1", t0, 2, 10, &[]);
    app.index();
    let mut ids = Vec::new();
    for i in 0..6 {
        ids.push(
            app.approved_request(
                "cam_a1",
                t0 + Duration::seconds(i),
                t0 + Duration::seconds(12 + i),
            )
            .await,
        );
    }
    let spawn = || {
        app.sakshya_command()
            .args(["worker", "--once"])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    };
    // Both processes work the same queue at the same time.
    let children = [spawn(), spawn()];
    let mut ran = 0;
    let mut logs = String::new();
    for child in children {
        let out = child.wait_with_output().unwrap();
        logs.push_str(&String::from_utf8_lossy(&out.stderr));
        assert!(out.status.success(), "{logs}");
        let text = String::from_utf8_lossy(&out.stdout);
        ran += text
            .split_whitespace()
            .next()
            .and_then(|n| n.parse::<usize>().ok())
            .unwrap_or_else(|| panic!("unexpected worker output: {text}"));
    }
    assert_eq!(
        ran, 12,
        "each preservation and extraction job ran exactly once between the two"
    );
    for id in ids {
        let d = app.get_request("inv_a", &id).await;
        assert_eq!(d["status"], "fulfilled", "{d}\nworker logs:\n{logs}");
        for job in item(&d)["jobs"].as_array().unwrap() {
            assert_eq!(
                (job["state"].as_str(), job["attempts"].as_i64()),
                (Some("succeeded"), Some(1)),
                "{job}"
            );
        }
    }
    let mut c = app.state.db.conn().unwrap();
    assert_eq!(sakshya::db::clips::count(&mut c).unwrap(), 6);
}

/// Finding 6 of the security review: an open event stream kept sending
/// updates after logout.
#[tokio::test]
async fn a_live_stream_ends_with_its_session() {
    let app = spawn_app().await;
    let id = app.request_in('a', "submitted").await;
    let t = app.token("inv_a").await;
    let mut res = app
        .client
        .get(app.url(&format!("/api/v1/requests/{id}/events")))
        .bearer_auth(&t)
        .send()
        .await
        .unwrap();
    let first = String::from_utf8(res.chunk().await.unwrap().unwrap().to_vec()).unwrap();
    assert!(first.contains("\"submitted\""), "{first}");
    let r = app
        .call(Method::POST, "/api/v1/auth/logout", Some(&t), None)
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    // The request changes after logout; the stream must not say so.
    let r = app.act("sup_a", &id, "endorse", None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let mut rest = String::new();
    while let Some(chunk) = tokio::time::timeout(std::time::Duration::from_secs(5), res.chunk())
        .await
        .expect("the stream ends after logout")
        .unwrap()
    {
        rest.push_str(&String::from_utf8_lossy(&chunk));
    }
    assert!(
        rest.contains("event: error") && rest.contains("session_revoked"),
        "{rest}"
    );
    assert!(
        !rest.contains("\"endorsed\""),
        "an update after logout: {rest}"
    );

    // A session ended elsewhere (a role change) ends the stream too.
    let t = app.token("sup_a").await;
    let mut res = app
        .client
        .get(app.url(&format!("/api/v1/requests/{id}/events")))
        .bearer_auth(&t)
        .send()
        .await
        .unwrap();
    res.chunk().await.unwrap().unwrap();
    {
        let mut c = app.state.db.conn().unwrap();
        sakshya::db::sessions::revoke_all_for_user(
            &mut c,
            &app.fx.users["sup_a"],
            "role_changed",
            sakshya::db::time::now(),
        )
        .unwrap();
    }
    let mut rest = String::new();
    while let Some(chunk) = tokio::time::timeout(std::time::Duration::from_secs(5), res.chunk())
        .await
        .expect("the stream ends with its revoked session")
        .unwrap()
    {
        rest.push_str(&String::from_utf8_lossy(&chunk));
    }
    assert!(rest.contains("session_revoked"), "{rest}");
}
