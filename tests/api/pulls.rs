//! Footage pulled from recorders at submission: a real RTSP server plays
//! real recordings back (`media_nvr`, GStreamer's gst-rtsp-server), the
//! recorder's control plane is the test double (`nvr_double`, whose
//! header says what it is written from), and the clip made from the pull
//! is compared frame by frame with the recordings.

use std::collections::HashMap;
use std::path::Path;

use chrono::{DateTime, Duration, DurationRound, Utc};
use diesel::prelude::*;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::helpers::{spawn_app_with, TestApp};
use crate::media_nvr::{frame_md5s, hevc_recording, recording, recordings, MediaNvr};
use crate::nvr_double::{Kind, Nvr, PASSWORD, USER};

/// A whole-second instant a few minutes ago.
fn base() -> DateTime<Utc> {
    (Utc::now() - Duration::minutes(10))
        .duration_trunc(Duration::seconds(10))
        .unwrap()
}

async fn pulling_app() -> TestApp {
    spawn_app_with(|s| {
        s.pull_margin_secs = 1;
        s.recorder_timeout_secs = 5;
    })
    .await
}

/// Registers a Hikvision recorder whose control plane is `ctl` and whose
/// RTSP service is `media`, and maps channel 1 to `cam_a1`.
async fn hikvision(app: &TestApp, ctl: &Nvr, media: &MediaNvr, password: &str) -> String {
    registered(app, "hikvision", ctl, media, password).await
}

/// Registers a recorder of `kind` whose control plane is `ctl` and whose
/// RTSP service is `media`, and maps channel 1 to `cam_a1`.
async fn registered(
    app: &TestApp,
    kind: &str,
    ctl: &Nvr,
    media: &MediaNvr,
    password: &str,
) -> String {
    let r = app
        .as_user(
            "admin_a",
            Method::POST,
            "/api/v1/recorders",
            Some(json!({
                "name": format!("{kind} NVR FC Road"),
                "kind": kind,
                "host": "127.0.0.1",
                "http_port": ctl.port,
                "rtsp_port": media.port,
                "username": USER,
                "password": password,
            })),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let id = r.body["id"].as_str().unwrap().to_owned();
    map_channel(app, &id, 1, "cam_a1").await;
    id
}

/// Maps channel `n` of recorder `rec` to `camera` (fixture key).
async fn map_channel(app: &TestApp, rec: &str, n: i32, camera: &str) {
    let m = app
        .as_user(
            "admin_a",
            Method::PUT,
            &format!("/api/v1/recorders/{rec}/channels/{n}"),
            Some(json!({"camera_id": app.fx.cameras[camera]})),
        )
        .await;
    assert_eq!(m.status, StatusCode::OK, "{}", m.body);
}

/// Files and submits a request for `cam_a1` over `[start, end)`.
async fn submitted(app: &TestApp, start: DateTime<Utc>, end: DateTime<Utc>) -> String {
    submitted_items(app, &[("cam_a1", start, end)]).await
}

/// Files and submits a request with one item per (camera, start, end).
async fn submitted_items(app: &TestApp, items: &[(&str, DateTime<Utc>, DateTime<Utc>)]) -> String {
    let mut body = app.filing("cam_a1");
    body["items"] = items
        .iter()
        .map(|(cam, start, end)| {
            json!({"camera_id": app.fx.cameras[*cam], "start": start.to_rfc3339(), "end": end.to_rfc3339()})
        })
        .collect();
    let r = app
        .as_user("inv_a", Method::POST, "/api/v1/requests", Some(body))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let id = r.body["id"].as_str().unwrap().to_owned();
    assert_eq!(
        app.act("inv_a", &id, "submit", None).await.status,
        StatusCode::OK
    );
    id
}

async fn approve(app: &TestApp, id: &str) {
    for (who, action) in [("sup_a", "endorse"), ("op_a", "approve")] {
        let r = app.act(who, id, action, None).await;
        assert_eq!(r.status, StatusCode::OK, "{action}: {}", r.body);
    }
}

/// The `pulled` custody events of request `id`, oldest first.
fn pulled_events(app: &TestApp, id: &str) -> Vec<Value> {
    use sakshya::db::schema::custody_events as ce;
    let mut c = app.state.db.conn().unwrap();
    let bodies: Vec<String> = ce::table
        .filter(ce::kind.eq("pulled"))
        .filter(ce::request_id.eq(id))
        .order(ce::seq.asc())
        .select(ce::body)
        .load(&mut **c)
        .unwrap();
    bodies
        .iter()
        .map(|b| serde_json::from_str(b).unwrap())
        .collect()
}

/// The preservation job of request `id`: (state, attempts, last error).
fn preserve_job(app: &TestApp, id: &str) -> (String, i32, Option<String>) {
    preserve_jobs(app, id).remove(0)
}

/// Every preservation job of request `id`.
fn preserve_jobs(app: &TestApp, id: &str) -> Vec<(String, i32, Option<String>)> {
    use sakshya::db::schema::jobs;
    let mut c = app.state.db.conn().unwrap();
    let rows: Vec<(sakshya::domain::kinds::JobState, i32, Option<String>)> = jobs::table
        .filter(jobs::request_id.eq(id))
        .filter(jobs::kind.eq(sakshya::domain::kinds::JobKind::Preserve))
        .select((jobs::state, jobs::attempts, jobs::last_error))
        .load(&mut **c)
        .unwrap();
    rows.into_iter()
        .map(|(s, a, e)| (s.as_str().to_owned(), a, e))
        .collect()
}

/// Makes every queued job due now (instead of after its backoff).
fn due_now(app: &TestApp) {
    use sakshya::db::schema::jobs;
    let mut c = app.state.db.conn().unwrap();
    diesel::update(jobs::table)
        .set(jobs::run_after.eq(sakshya::db::time::now()))
        .execute(&mut **c)
        .unwrap();
}

/// Downloads the clip of request `id`'s only item to `dir`.
async fn clip_file(app: &TestApp, id: &str, dir: &Path) -> std::path::PathBuf {
    let d = app.get_request("inv_a", id).await;
    assert_eq!(d["items"][0]["status"], "fulfilled", "{d}");
    item_clip(app, &d["items"][0], dir).await
}

/// Downloads the clip of `item` (from a request's detail) to `dir`.
async fn item_clip(app: &TestApp, item: &Value, dir: &Path) -> std::path::PathBuf {
    let clip = item["clip"]["id"].as_str().unwrap().to_owned();
    let (status, bytes, _) = app
        .get_bytes("inv_a", &format!("/api/v1/clips/{clip}/content"))
        .await;
    assert_eq!(status, StatusCode::OK);
    let path = dir.join(format!("{clip}.mp4"));
    std::fs::write(&path, bytes).unwrap();
    path
}

/// Asserts the clip's decoded frames are a run of the recordings' decoded
/// frames, in order, none twice and none missing, and returns the run's
/// length.
fn frames_are_the_recordings_own(clip: &Path, recordings: &Path) -> usize {
    let mut files: Vec<_> = std::fs::read_dir(recordings)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    let source: Vec<String> = files.iter().flat_map(|f| frame_md5s(f)).collect();
    let got = frame_md5s(clip);
    assert!(!got.is_empty());
    let at = source
        .windows(got.len())
        .position(|w| w == got.as_slice())
        .unwrap_or_else(|| {
            panic!(
                "the clip's {} frames are not a run of the recordings' {} frames",
                got.len(),
                source.len()
            )
        });
    assert!(at + got.len() <= source.len());
    got.len()
}

/// Two adjacent 10 s recordings from `t0` on channel 1 of a recorder of
/// `kind` whose clock runs seven minutes fast: its RTSP side and its
/// control plane both speak that clock (recordings listed on it).
async fn fast_recorder(
    app: &TestApp,
    t0: DateTime<Utc>,
    kind: Kind,
) -> (std::path::PathBuf, MediaNvr, Nvr) {
    let dir = recordings(&app.scratch_dir(), "cam_a1", t0, 2, 10);
    let fast = Duration::minutes(7);
    let media = MediaNvr::start(
        &[(1, &dir)],
        USER,
        PASSWORD,
        &["--clock-offset-secs", "420"],
    );
    let ctl = Nvr::start(
        kind,
        HashMap::from([(1, vec![(t0 + fast, t0 + fast + Duration::seconds(20))])]),
    )
    .await;
    *ctl.state.clock_offset.lock().unwrap() = fast;
    (dir, media, ctl)
}

fn no_password_in(v: &Value) {
    let s = v.to_string();
    assert!(!s.contains(PASSWORD), "a password in {s}");
}

#[tokio::test]
async fn a_window_crossing_two_recordings_is_pulled_at_submission_and_its_clip_is_the_recorders_own_frames(
) {
    let app = pulling_app().await;
    let t0 = base();
    let dir = recordings(&app.scratch_dir(), "cam_a1", t0, 2, 10);
    let media = MediaNvr::start(&[(1, &dir)], USER, PASSWORD, &[]);
    let ctl = Nvr::start(
        Kind::Hikvision,
        HashMap::from([(1, vec![(t0, t0 + Duration::seconds(20))])]),
    )
    .await;
    let rec = hikvision(&app, &ctl, &media, PASSWORD).await;

    // 10:07-10:13 crosses the recordings' boundary at 10:10.
    let (ws, we) = (t0 + Duration::seconds(7), t0 + Duration::seconds(13));
    let id = submitted(&app, ws, we).await;
    assert_eq!(app.run_jobs().await, 1);
    assert_eq!(preserve_job(&app, &id).0, "succeeded");

    let events = pulled_events(&app, &id);
    assert_eq!(events.len(), 1, "{events:?}");
    let d = &events[0]["details"];
    assert_eq!(d["recorder_id"], rec.as_str(), "{d}");
    assert_eq!(d["recorder_kind"], "hikvision");
    assert_eq!(d["device"]["make"], "Hikvision");
    assert_eq!(d["device"]["serial"], ctl.state.serial.as_str());
    assert_eq!(d["complete"], true);
    assert_eq!(d["codec"], "h264");
    let uri = d["playback_uri"].as_str().unwrap();
    assert!(
        uri.starts_with(&format!(
            "rtsp://127.0.0.1:{}/Streaming/tracks/101?starttime=",
            media.port
        )),
        "{uri}"
    );
    assert!(!uri.contains('@'), "{uri}");
    no_password_in(&events[0]);
    // The custody hash is the hash of the preserved file as stored.
    let sha = events[0]["sha256"].as_str().unwrap().to_owned();
    let stored = app
        .state
        .services
        .preserved_path(&format!("pulled/{}/{sha}.mkv", &sha[..2]));
    assert_eq!(sakshya::digest::sha256_file(&stored).unwrap().0, sha);
    assert_eq!(
        sakshya::digest::sha256_file(
            &app.state
                .services
                .preserved_path(&format!("pulled/{}/{sha}.mkv.packets", &sha[..2]))
        )
        .unwrap()
        .0,
        d["packet_record_sha256"].as_str().unwrap()
    );
    assert_eq!(
        d["bytes"].as_u64().unwrap(),
        std::fs::metadata(&stored).unwrap().len()
    );
    // The pull covers the window and the margin, as the device's clock
    // maps it.
    let start: DateTime<Utc> = d["start"].as_str().unwrap().parse().unwrap();
    let end: DateTime<Utc> = d["end"].as_str().unwrap().parse().unwrap();
    assert!(start <= ws - Duration::seconds(1), "{start}");
    assert!(end >= we + Duration::milliseconds(500), "{end}");

    // The request shows the item preserved; extraction reads the pull.
    let detail = app.get_request("inv_a", &id).await;
    assert_eq!(detail["items"][0]["preserved"], true, "{detail}");
    approve(&app, &id).await;
    assert_eq!(app.run_jobs().await, 1);
    let clip = clip_file(&app, &id, &app.scratch_dir()).await;
    let n = frames_are_the_recordings_own(&clip, &dir);
    // Six seconds at 4 frames a second, from the keyframe before 10:07.
    assert!(n >= 24, "{n} frames");

    // The manifest names the recorder as it described itself at the pull,
    // and which equality holds.
    let clip_id = clip.file_stem().unwrap().to_str().unwrap().to_owned();
    let (status, manifest, _) = app
        .get_bytes("inv_a", &format!("/api/v1/clips/{clip_id}/manifest"))
        .await;
    assert_eq!(status, StatusCode::OK);
    let m: Value = serde_json::from_slice(&manifest).unwrap();
    let r = &m["recorder"];
    assert_eq!(r["kind"], "hikvision", "{m}");
    assert_eq!(r["id"], rec.as_str());
    assert_eq!(r["model"], "DS-7616NXI-K2");
    assert_eq!(r["serial"], ctl.state.serial.as_str());
    assert_eq!(r["mac"], "bc:ad:28:88:94:98");
    assert_eq!(r["firmware"], "V4.62.210 build 230315");
    assert_eq!(r["clock_offset_applied_secs"], 0);
    assert!(r["clock_offset_ms"].as_i64().unwrap().abs() < 2_000);
    assert_eq!(r["playback_uris"][0], uri);
    assert!(r["equality"]
        .as_str()
        .unwrap()
        .contains("coded slice NAL unit"));
    assert_eq!(m["source_segments"][0]["pulled_from"], "hikvision");
    no_password_in(&m);

    // Part A of the certificate states the recorder's own facts.
    let (status, zip, _) = app
        .get_bytes("inv_a", &format!("/api/v1/clips/{clip_id}/package"))
        .await;
    assert_eq!(status, StatusCode::OK);
    let dir = crate::integrity::unzip(&zip);
    let txt = crate::integrity::tool("pdftotext")
        .arg(dir.path().join("certificate-bsa63.pdf"))
        .arg("-")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&txt.stdout).replace('\n', " ");
    for needle in [
        "Make & Model: Hikvision DS-7616NXI-K2",
        "[X] DVR",
        "bc:ad:28:88:94:98",
        "V4.62.210",
        "/Streaming/tracks/101",
    ] {
        assert!(text.contains(needle), "{needle} not in Part A:\n{text}");
    }
    assert!(text.contains(ctl.state.serial.as_str()), "{text}");
    assert!(!text.contains(PASSWORD));
}

/// A recorder of `kind` whose first playback session is cut after 3 s of
/// media, asked for [5 s, 15 s) of two adjacent 10 s recordings: the first
/// attempt keeps an incomplete part and queues the job again; the retry
/// completes the window, dropping the packets it repeats; the clip is a
/// run of the recordings' own frames with none twice. Gives the two
/// `pulled` events' details, oldest first, for what differs by kind, and
/// the recordings' start.
async fn cut_then_resumed(kind: Kind) -> (DateTime<Utc>, Vec<Value>) {
    let app = pulling_app().await;
    let t0 = base();
    let dir = recordings(&app.scratch_dir(), "cam_a1", t0, 2, 10);
    // Counted in media sent: a moment for an unpaced ONVIF replay.
    let media = MediaNvr::start(
        &[(1, &dir)],
        USER,
        PASSWORD,
        &["--cut-after", "3", "--cut-sessions", "1"],
    );
    let ctl = Nvr::start(
        kind,
        HashMap::from([(1, vec![(t0, t0 + Duration::seconds(20))])]),
    )
    .await;
    match kind {
        Kind::Onvif => onvif(&app, &ctl, &media, PASSWORD).await,
        _ => hikvision(&app, &ctl, &media, PASSWORD).await,
    };
    let id = submitted(&app, t0 + Duration::seconds(5), t0 + Duration::seconds(15)).await;

    assert_eq!(app.run_jobs().await, 1);
    let (state, attempts, err) = preserve_job(&app, &id);
    assert_eq!((state.as_str(), attempts), ("queued", 1), "{err:?}");
    let err = err.unwrap();
    assert!(err.contains("resumes"), "{err}");
    let first = pulled_events(&app, &id);
    assert_eq!(first.len(), 1);
    assert_eq!(first[0]["details"]["complete"], false, "{:?}", first[0]);

    due_now(&app);
    assert_eq!(app.run_jobs().await, 1);
    assert_eq!(preserve_job(&app, &id).0, "succeeded");
    let events = pulled_events(&app, &id);
    assert_eq!(events.len(), 2, "{events:?}");
    let second = &events[1]["details"];
    assert_eq!(second["complete"], true, "{second}");
    assert!(
        second["packets_dropped_as_repeats"].as_u64().unwrap() > 0,
        "{second}"
    );

    approve(&app, &id).await;
    assert_eq!(app.run_jobs().await, 1);
    let clip = clip_file(&app, &id, &app.scratch_dir()).await;
    let n = frames_are_the_recordings_own(&clip, &dir);
    assert!(n >= 40, "{n} frames");
    let parts = events.into_iter().map(|e| e["details"].clone()).collect();
    (t0, parts)
}

#[tokio::test]
async fn a_stream_cut_mid_pull_resumes_where_it_stopped_with_no_frame_twice() {
    let (_, parts) = cut_then_resumed(Kind::Hikvision).await;
    let (first, second) = (&parts[0], &parts[1]);
    // The second part starts where the first ended, and the run, now
    // whole, is placed by its end: the first part moves with it.
    let moved = &second["earlier_parts_re_placed"];
    assert_eq!(moved.as_array().unwrap().len(), 1, "{second}");
    assert_eq!(moved[0]["segment_id"], first["segment_id"]);
    assert_eq!(second["start"], moved[0]["end"]);
}

#[tokio::test]
async fn a_refused_password_fails_the_pull_at_once_with_no_retry_storm() {
    let app = pulling_app().await;
    let t0 = base();
    let dir = recordings(&app.scratch_dir(), "cam_a1", t0, 1, 10);
    let media = MediaNvr::start(&[(1, &dir)], USER, PASSWORD, &[]);
    let ctl = Nvr::start(
        Kind::Hikvision,
        HashMap::from([(1, vec![(t0, t0 + Duration::seconds(10))])]),
    )
    .await;
    hikvision(&app, &ctl, &media, "not-the-password").await;
    let id = submitted(&app, t0 + Duration::seconds(2), t0 + Duration::seconds(6)).await;
    assert_eq!(app.run_jobs().await, 1);
    let (state, _, err) = preserve_job(&app, &id);
    assert_eq!(state, "failed");
    let err = err.unwrap();
    assert!(err.contains("username and password"), "{err}");
    assert!(!err.contains("not-the-password"));
    // Nothing more is tried until someone fixes the password and retries.
    let refused = ctl
        .state
        .auth_failures
        .load(std::sync::atomic::Ordering::SeqCst);
    due_now(&app);
    assert_eq!(app.run_jobs().await, 0);
    assert_eq!(
        ctl.state
            .auth_failures
            .load(std::sync::atomic::Ordering::SeqCst),
        refused
    );
    assert!(pulled_events(&app, &id).is_empty());
}

#[tokio::test]
async fn an_unreachable_recorder_is_retried_with_backoff_and_pulled_once_back() {
    let app = pulling_app().await;
    let t0 = base();
    let dir = recordings(&app.scratch_dir(), "cam_a1", t0, 1, 10);
    let media = MediaNvr::start(&[(1, &dir)], USER, PASSWORD, &[]);
    let ctl = Nvr::start(
        Kind::Hikvision,
        HashMap::from([(1, vec![(t0, t0 + Duration::seconds(10))])]),
    )
    .await;
    hikvision(&app, &ctl, &media, PASSWORD).await;
    // The recorder's RTSP service goes away.
    let port = media.port;
    drop(media);
    let id = submitted(&app, t0 + Duration::seconds(2), t0 + Duration::seconds(6)).await;
    assert_eq!(app.run_jobs().await, 1);
    let (state, attempts, err) = preserve_job(&app, &id);
    assert_eq!((state.as_str(), attempts), ("queued", 1));
    assert!(err.unwrap().contains("did not answer"));
    assert!(pulled_events(&app, &id).is_empty());

    // Back on the same port: the retry pulls the window.
    let media = MediaNvr::start(&[(1, &dir)], USER, PASSWORD, &["--port", &port.to_string()]);
    assert_eq!(media.port, port);
    due_now(&app);
    assert_eq!(app.run_jobs().await, 1);
    assert_eq!(preserve_job(&app, &id).0, "succeeded");
    assert_eq!(pulled_events(&app, &id).len(), 1);
}

#[tokio::test]
async fn a_recorder_seven_minutes_fast_is_asked_on_its_own_clock_and_the_request_warns_of_it() {
    let app = pulling_app().await;
    let t0 = base();
    let fast = Duration::minutes(7);
    let (dir, media, ctl) = fast_recorder(&app, t0, Kind::Hikvision).await;
    hikvision(&app, &ctl, &media, PASSWORD).await;

    let (ws, we) = (t0 + Duration::seconds(7), t0 + Duration::seconds(13));
    let id = submitted(&app, ws, we).await;
    assert_eq!(app.run_jobs().await, 1);
    assert_eq!(preserve_job(&app, &id).0, "succeeded");
    let events = pulled_events(&app, &id);
    assert_eq!(events.len(), 1, "{events:?}");
    let d = &events[0]["details"];
    assert_eq!(d["clock_offset_applied_s"], 420, "{d}");
    // Asked in the device's time: 10:06 server time is 10:13 on the device.
    let asked = (t0 + Duration::seconds(6) + fast)
        .format("%Y%m%dT%H%M%SZ")
        .to_string();
    assert!(
        d["playback_uri"]
            .as_str()
            .unwrap()
            .contains(&format!("starttime={asked}")),
        "{d}"
    );
    // Stored in server time.
    let start: DateTime<Utc> = d["start"].as_str().unwrap().parse().unwrap();
    assert_eq!(start, t0 + Duration::seconds(6));

    let detail = app.get_request("inv_a", &id).await;
    let pulled = &detail["items"][0]["pulled"];
    assert_eq!(pulled["clock_warning"], true, "{detail}");
    assert_eq!(pulled["recorder_kind"], "hikvision");
    assert_eq!(pulled["complete"], true);
    let offset = pulled["clock_offset_ms"].as_i64().unwrap();
    assert!((419_000..=421_000).contains(&offset), "{offset}");

    approve(&app, &id).await;
    assert_eq!(app.run_jobs().await, 1);
    let clip = clip_file(&app, &id, &app.scratch_dir()).await;
    frames_are_the_recordings_own(&clip, &dir);
}

#[tokio::test]
async fn a_gap_in_the_recording_stays_a_gap_and_two_channels_pull_for_two_cameras() {
    let app = pulling_app().await;
    let t0 = base();
    // Channel 1 recorded 10:00-10:10 and 10:20-10:30; nothing between.
    let dir1 = recordings(&app.scratch_dir(), "cam_a1", t0, 1, 10);
    let later = recordings(
        &app.scratch_dir(),
        "cam_a1-later",
        t0 + Duration::seconds(20),
        1,
        10,
    );
    for f in std::fs::read_dir(&later).unwrap() {
        let f = f.unwrap().path();
        std::fs::rename(&f, dir1.join(f.file_name().unwrap())).unwrap();
    }
    let dir2 = recordings(&app.scratch_dir(), "cam_a2", t0, 1, 10);
    let media = MediaNvr::start(&[(1, &dir1), (2, &dir2)], USER, PASSWORD, &[]);
    let ctl = Nvr::start(
        Kind::Hikvision,
        HashMap::from([
            (
                1,
                vec![
                    (t0, t0 + Duration::seconds(10)),
                    (t0 + Duration::seconds(20), t0 + Duration::seconds(30)),
                ],
            ),
            (2, vec![(t0, t0 + Duration::seconds(10))]),
        ]),
    )
    .await;
    let rec = hikvision(&app, &ctl, &media, PASSWORD).await;
    map_channel(&app, &rec, 2, "cam_a2").await;

    let id = submitted_items(
        &app,
        &[
            (
                "cam_a1",
                t0 + Duration::seconds(6),
                t0 + Duration::seconds(24),
            ),
            (
                "cam_a2",
                t0 + Duration::seconds(3),
                t0 + Duration::seconds(7),
            ),
        ],
    )
    .await;
    assert_eq!(app.run_jobs().await, 2);
    let jobs = preserve_jobs(&app, &id);
    assert!(jobs.iter().all(|j| j.0 == "succeeded"), "{jobs:?}");
    // Channel 1's two recordings are two parts; the gap is not asked for.
    let events = pulled_events(&app, &id);
    assert_eq!(events.len(), 3, "{events:?}");
    let cam1 = app.fx.cameras["cam_a1"].as_str();
    let parts1: Vec<&Value> = events
        .iter()
        .map(|e| &e["details"])
        .filter(|d| d["camera_id"] == cam1)
        .collect();
    assert_eq!(parts1.len(), 2);
    assert!(parts1[0]["playback_uri"]
        .as_str()
        .unwrap()
        .contains("/Streaming/tracks/101?"));
    let end0: DateTime<Utc> = parts1[0]["end"].as_str().unwrap().parse().unwrap();
    let start1: DateTime<Utc> = parts1[1]["start"].as_str().unwrap().parse().unwrap();
    assert!(end0 <= t0 + Duration::seconds(10) && start1 >= t0 + Duration::seconds(20));
    let cam2 = events
        .iter()
        .map(|e| &e["details"])
        .find(|d| d["camera_id"] != cam1)
        .unwrap();
    assert!(
        cam2["playback_uri"]
            .as_str()
            .unwrap()
            .contains("/Streaming/tracks/201?"),
        "{cam2}"
    );

    approve(&app, &id).await;
    assert_eq!(app.run_jobs().await, 2);
    let d = app.get_request("inv_a", &id).await;
    let items = d["items"].as_array().unwrap();
    let (i1, i2) = if items[0]["camera_id"] == cam1 {
        (&items[0], &items[1])
    } else {
        (&items[1], &items[0])
    };
    assert_eq!(i1["status"], "partially_fulfilled", "{d}");
    assert_eq!(i2["status"], "fulfilled", "{d}");
    let clip1 = item_clip(&app, i1, &app.scratch_dir()).await;
    let clip2 = item_clip(&app, i2, &app.scratch_dir()).await;
    frames_are_the_recordings_own(&clip1, &dir1);
    frames_are_the_recordings_own(&clip2, &dir2);
    // Each camera's clip is its own channel's footage.
    let one = frame_md5s(&clip2);
    let other: Vec<String> = frame_md5s(&clip1);
    assert!(one.iter().all(|f| !other.contains(f)));
    // The gap is recorded on the clip.
    let (status, manifest, _) = app
        .get_bytes(
            "inv_a",
            &format!(
                "/api/v1/clips/{}/manifest",
                i1["clip"]["id"].as_str().unwrap()
            ),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let m: Value = serde_json::from_slice(&manifest).unwrap();
    let gap = &m["gaps"][0];
    let (gs, ge): (DateTime<Utc>, DateTime<Utc>) = (
        gap["start"].as_str().unwrap().parse().unwrap(),
        gap["end"].as_str().unwrap().parse().unwrap(),
    );
    assert!(
        gs <= t0 + Duration::seconds(10) && ge >= t0 + Duration::seconds(20),
        "{m}"
    );
}

#[tokio::test]
async fn dahua_and_rtsp_template_recorders_are_pulled_over_their_own_playback_addresses() {
    let app = pulling_app().await;
    let t0 = base();
    let dir1 = recordings(&app.scratch_dir(), "cam_a1", t0, 1, 10);
    let dir2 = recordings(&app.scratch_dir(), "cam_a2", t0, 1, 10);
    let media = MediaNvr::start(&[(1, &dir1), (2, &dir2)], USER, PASSWORD, &[]);
    let ctl = Nvr::start(
        Kind::Dahua,
        HashMap::from([(1, vec![(t0, t0 + Duration::seconds(10))])]),
    )
    .await;
    let mut ids = Vec::new();
    for body in [
        json!({
            "name": "CP Plus NVR Deccan", "kind": "dahua", "host": "127.0.0.1",
            "http_port": ctl.port, "rtsp_port": media.port,
            "username": USER, "password": PASSWORD,
        }),
        json!({
            "name": "VMS gateway", "kind": "rtsp_template", "host": "127.0.0.1",
            "rtsp_port": media.port,
            "playback_template": "rtsp://{host}:{rtsp_port}/playback/{channel}?start={start_epoch}&end={end_epoch}",
            "username": USER, "password": PASSWORD,
        }),
    ] {
        let r = app
            .as_user("admin_a", Method::POST, "/api/v1/recorders", Some(body))
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        ids.push(r.body["id"].as_str().unwrap().to_owned());
    }
    map_channel(&app, &ids[0], 1, "cam_a1").await;
    map_channel(&app, &ids[1], 2, "cam_a2").await;
    let id = submitted_items(
        &app,
        &[
            (
                "cam_a1",
                t0 + Duration::seconds(3),
                t0 + Duration::seconds(7),
            ),
            (
                "cam_a2",
                t0 + Duration::seconds(3),
                t0 + Duration::seconds(7),
            ),
        ],
    )
    .await;
    assert_eq!(app.run_jobs().await, 2);
    let jobs = preserve_jobs(&app, &id);
    assert!(jobs.iter().all(|j| j.0 == "succeeded"), "{jobs:?}");
    let events = pulled_events(&app, &id);
    assert_eq!(events.len(), 2, "{events:?}");
    let by_kind = |k: &str| {
        events
            .iter()
            .map(|e| &e["details"])
            .find(|d| d["recorder_kind"] == k)
            .unwrap_or_else(|| panic!("no {k} pull in {events:?}"))
    };
    let dahua = by_kind("dahua");
    // Dahua speaks the device's local time (India, UTC+5:30).
    let local = (t0 + Duration::seconds(2) + Duration::minutes(330))
        .format("%Y_%m_%d_%H_%M_%S")
        .to_string();
    assert!(
        dahua["playback_uri"].as_str().unwrap().contains(&format!(
            "/cam/playback?channel=1&subtype=0&starttime={local}"
        )),
        "{dahua}"
    );
    assert_eq!(dahua["device"]["make"], "Dahua", "{dahua}");
    let template = by_kind("rtsp_template");
    assert!(
        template["playback_uri"]
            .as_str()
            .unwrap()
            .contains(&format!(
                "/playback/2?start={}",
                (t0 + Duration::seconds(2)).timestamp()
            )),
        "{template}"
    );
    // A template recorder says nothing of itself.
    assert!(template["device"].is_null(), "{template}");
    for e in &events {
        no_password_in(e);
    }
    approve(&app, &id).await;
    assert_eq!(app.run_jobs().await, 2);
    let d = app.get_request("inv_a", &id).await;
    for item in d["items"].as_array().unwrap() {
        assert_eq!(item["status"], "fulfilled", "{d}");
        let dir = if item["camera_id"] == app.fx.cameras["cam_a1"].as_str() {
            &dir1
        } else {
            &dir2
        };
        let clip = item_clip(&app, item, &app.scratch_dir()).await;
        frames_are_the_recordings_own(&clip, dir);
    }
}

#[tokio::test]
async fn a_picture_size_change_inside_the_window_is_kept_as_two_parts_and_named_to_the_operator() {
    let app = pulling_app().await;
    let t0 = base();
    let dir = recordings(&app.scratch_dir(), "cam_a1", t0, 1, 10);
    let larger = sakshya::media::demo_footage::FootageSpec {
        width: 480,
        height: 270,
        ..Default::default()
    };
    recording(&dir, "cam_a1", t0 + Duration::seconds(10), 10, &larger);
    let media = MediaNvr::start(&[(1, &dir)], USER, PASSWORD, &[]);
    let ctl = Nvr::start(
        Kind::Hikvision,
        HashMap::from([(1, vec![(t0, t0 + Duration::seconds(20))])]),
    )
    .await;
    hikvision(&app, &ctl, &media, PASSWORD).await;
    let id = submitted(&app, t0 + Duration::seconds(7), t0 + Duration::seconds(13)).await;
    assert_eq!(app.run_jobs().await, 1);
    assert_eq!(preserve_job(&app, &id).0, "succeeded");
    let events = pulled_events(&app, &id);
    assert_eq!(events.len(), 2, "{events:?}");
    let (a, b) = (&events[0]["details"], &events[1]["details"]);
    assert_eq!(a["ends_at_parameter_change"], true, "{a}");
    assert_eq!(
        (a["width"].as_u64(), b["width"].as_u64()),
        (Some(320), Some(480))
    );
    assert_eq!(b["complete"], true, "{b}");
    // The second part follows the first without a gap or a repeat.
    assert_eq!(b["earlier_parts_re_placed"][0]["end"], b["start"], "{b}");

    approve(&app, &id).await;
    assert_eq!(app.run_jobs().await, 1);
    let d = app.get_request("op_a", &id).await;
    let job = d["items"][0]["jobs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|j| j["kind"] == "extract")
        .unwrap()
        .clone();
    // Not retried: the same footage would be refused the same way.
    assert_eq!(job["state"], "failed", "{d}");
    let err = job["last_error"].as_str().unwrap();
    assert!(err.contains("changes codec or picture size"), "{err}");
    assert_eq!(d["items"][0]["preserved"], true);
}

#[tokio::test]
async fn a_slow_recorder_times_out_per_call_and_is_tried_again_later() {
    let app = spawn_app_with(|s| {
        s.pull_margin_secs = 1;
        s.recorder_timeout_secs = 1;
    })
    .await;
    let t0 = base();
    let dir = recordings(&app.scratch_dir(), "cam_a1", t0, 1, 10);
    let media = MediaNvr::start(&[(1, &dir)], USER, PASSWORD, &[]);
    let ctl = Nvr::start(
        Kind::Hikvision,
        HashMap::from([(1, vec![(t0, t0 + Duration::seconds(10))])]),
    )
    .await;
    hikvision(&app, &ctl, &media, PASSWORD).await;
    *ctl.state.delay.lock().unwrap() = std::time::Duration::from_secs(3);
    let id = submitted(&app, t0 + Duration::seconds(2), t0 + Duration::seconds(6)).await;
    let started = std::time::Instant::now();
    assert_eq!(app.run_jobs().await, 1);
    let (state, attempts, err) = preserve_job(&app, &id);
    assert_eq!((state.as_str(), attempts), ("queued", 1));
    let err = err.unwrap();
    assert!(err.contains("did not answer within 1 s"), "{err}");
    // One call's limit, not the device's three seconds per answer.
    assert!(started.elapsed() < std::time::Duration::from_secs(3));
    *ctl.state.delay.lock().unwrap() = std::time::Duration::ZERO;
    due_now(&app);
    assert_eq!(app.run_jobs().await, 1);
    assert_eq!(preserve_job(&app, &id).0, "succeeded");
}

#[tokio::test]
async fn the_request_page_says_what_was_pulled_and_warns_of_a_fast_recorder_clock() {
    use crate::portal::{assert_accessible, assert_fits_width, login, screenshot, wait_text};
    let app = pulling_app().await;
    let t0 = base();
    let dir = recordings(&app.scratch_dir(), "cam_a1", t0, 1, 10);
    let media = MediaNvr::start(
        &[(1, &dir)],
        USER,
        PASSWORD,
        &["--clock-offset-secs", "420"],
    );
    let fast = Duration::minutes(7);
    let ctl = Nvr::start(
        Kind::Hikvision,
        HashMap::from([(1, vec![(t0 + fast, t0 + fast + Duration::seconds(10))])]),
    )
    .await;
    *ctl.state.clock_offset.lock().unwrap() = fast;
    hikvision(&app, &ctl, &media, PASSWORD).await;
    let id = submitted(&app, t0 + Duration::seconds(2), t0 + Duration::seconds(6)).await;

    let b = crate::browser::Browser::start().await;
    let c = &b.client;
    login(&app, c, "inv_a").await;
    // Before the pull has run, the page says how long pulling takes.
    c.goto(&app.url(&format!("/#/requests/{id}")))
        .await
        .unwrap();
    wait_text(c, "main", "pulling from the recorder: about 1 min").await;

    assert_eq!(app.run_jobs().await, 1);
    c.refresh().await.unwrap();
    wait_text(c, "main", "pulled from the Hikvision recorder").await;
    wait_text(c, "main", "The recorder's clock is 420 s fast").await;
    assert_accessible(c, "request-pulled").await;
    screenshot(c, "request-pulled").await;
    c.set_window_size(390, 844).await.unwrap();
    c.refresh().await.unwrap();
    wait_text(c, "main", "420 s fast").await;
    assert_fits_width(c, "request-pulled").await;
    screenshot(c, "phone-request-pulled").await;
    b.close().await;
}

#[tokio::test]
async fn a_window_the_recorder_has_already_overwritten_is_footage_overwritten() {
    let app = pulling_app().await;
    let t0 = base();
    let dir = recordings(
        &app.scratch_dir(),
        "cam_a1",
        t0 + Duration::seconds(60),
        1,
        10,
    );
    let media = MediaNvr::start(&[(1, &dir)], USER, PASSWORD, &[]);
    // The recorder's oldest footage starts a minute after the window.
    let ctl = Nvr::start(
        Kind::Hikvision,
        HashMap::from([(
            1,
            vec![(t0 + Duration::seconds(60), t0 + Duration::seconds(70))],
        )]),
    )
    .await;
    hikvision(&app, &ctl, &media, PASSWORD).await;
    let id = submitted(&app, t0 + Duration::seconds(2), t0 + Duration::seconds(6)).await;
    assert_eq!(app.run_jobs().await, 1);
    assert_eq!(preserve_job(&app, &id).0, "succeeded");
    assert!(pulled_events(&app, &id).is_empty());
    approve(&app, &id).await;
    assert_eq!(app.run_jobs().await, 1);
    let d = app.get_request("inv_a", &id).await;
    assert_eq!(d["items"][0]["status"], "unavailable", "{d}");
    assert_eq!(d["items"][0]["reason_code"], "footage_overwritten", "{d}");
}

#[tokio::test]
async fn a_pull_reports_progress_with_every_packet_and_stops_when_its_job_is_taken_over() {
    // The job's heartbeat rides on this progress: a pull as long as its
    // window keeps its claim, and stops at once when the claim is lost.
    let app = pulling_app().await;
    let t0 = base();
    let dir = recordings(&app.scratch_dir(), "cam_a1", t0, 1, 10);
    let media = MediaNvr::start(&[(1, &dir)], USER, PASSWORD, &[]);
    let url = sakshya::domain::recorder::with_credentials(
        &format!(
            "rtsp://127.0.0.1:{}/Streaming/tracks/101?starttime={}&endtime={}",
            media.port,
            (t0 + Duration::seconds(2)).format("%Y%m%dT%H%M%SZ"),
            (t0 + Duration::seconds(8)).format("%Y%m%dT%H%M%SZ")
        ),
        USER,
        PASSWORD,
    );
    let scratch = app.scratch_dir();
    let result = tokio::task::spawn_blocking(move || {
        let mut seen = Vec::new();
        let whole = sakshya::media::pull::pull(
            &url,
            &sakshya::media::pull::PullTarget {
                out: &scratch.join("whole.mkv"),
                record: &scratch.join("whole.packets"),
                limit: std::time::Duration::from_secs(30),
                repeats: &Default::default(),
                timeout: std::time::Duration::from_secs(5),
            },
            &mut |got| {
                seen.push(got);
                true
            },
        );
        let mut calls = 0;
        let stopped = sakshya::media::pull::pull(
            &url,
            &sakshya::media::pull::PullTarget {
                out: &scratch.join("stopped.mkv"),
                record: &scratch.join("stopped.packets"),
                limit: std::time::Duration::from_secs(30),
                repeats: &Default::default(),
                timeout: std::time::Duration::from_secs(5),
            },
            &mut |_| {
                calls += 1;
                calls < 3
            },
        );
        (
            whole.map(|r| r.packets),
            seen,
            stopped.err().map(|e| e.to_string()),
            calls,
        )
    })
    .await
    .unwrap();
    let (packets, seen, stopped, calls) = result;
    let packets = packets.unwrap();
    // Once per packet (but the first few, held until their timestamps are
    // known), in order of the media received.
    assert!(
        seen.len() as u64 + 4 >= packets,
        "{} of {packets}",
        seen.len()
    );
    assert!(seen.windows(2).all(|w| w[0] <= w[1]));
    assert!(*seen.last().unwrap() >= std::time::Duration::from_secs(5));
    assert_eq!(stopped.as_deref(), Some("the pull was stopped"));
    assert_eq!(calls, 3);
}

#[tokio::test]
async fn a_second_request_over_footage_already_pulled_holds_it_without_pulling_again() {
    let app = pulling_app().await;
    let t0 = base();
    let dir = recordings(&app.scratch_dir(), "cam_a1", t0, 1, 10);
    let media = MediaNvr::start(&[(1, &dir)], USER, PASSWORD, &[]);
    let ctl = Nvr::start(
        Kind::Hikvision,
        HashMap::from([(1, vec![(t0, t0 + Duration::seconds(10))])]),
    )
    .await;
    hikvision(&app, &ctl, &media, PASSWORD).await;
    let (ws, we) = (t0 + Duration::seconds(3), t0 + Duration::seconds(6));
    let first = submitted(&app, ws, we).await;
    assert_eq!(app.run_jobs().await, 1);
    assert_eq!(pulled_events(&app, &first).len(), 1);
    // The same window again: the recorder is not asked to play it back.
    drop(media);
    let second = submitted(&app, ws, we).await;
    assert_eq!(app.run_jobs().await, 1);
    assert_eq!(preserve_job(&app, &second).0, "succeeded");
    assert!(pulled_events(&app, &second).is_empty());
    let d = app.get_request("inv_a", &second).await;
    assert_eq!(d["items"][0]["preserved"], true, "{d}");
    assert_eq!(d["items"][0]["pulled"]["parts"], 1, "{d}");
    approve(&app, &second).await;
    assert_eq!(app.run_jobs().await, 1);
    let clip = clip_file(&app, &second, &app.scratch_dir()).await;
    frames_are_the_recordings_own(&clip, &dir);
}

#[tokio::test]
async fn an_onvif_recorder_is_pulled_by_replay_on_its_own_clock_and_each_part_is_placed_by_its_frames_time(
) {
    let app = pulling_app().await;
    let t0 = base();
    let (dir, media, ctl) = fast_recorder(&app, t0, Kind::Onvif).await;
    *ctl.state.rtsp_port.lock().unwrap() = media.port;
    let rec = registered(&app, "onvif", &ctl, &media, PASSWORD).await;

    let (ws, we) = (t0 + Duration::seconds(7), t0 + Duration::seconds(13));
    let id = submitted(&app, ws, we).await;
    assert_eq!(app.run_jobs().await, 1);
    assert_eq!(preserve_job(&app, &id).0, "succeeded");
    let events = pulled_events(&app, &id);
    assert_eq!(events.len(), 1, "{events:?}");
    let d = &events[0]["details"];
    assert_eq!(d["recorder_kind"], "onvif", "{d}");
    assert_eq!(d["recorder_id"], rec.as_str());
    assert_eq!(d["device"]["make"], "AXIS");
    assert_eq!(d["clock_offset_applied_s"], 420);
    assert_eq!(d["complete"], true);
    // The device's replay address (it names its inside address,
    // 192.168.1.90), at the registered host, without credentials.
    let uri = d["playback_uri"].as_str().unwrap();
    assert_eq!(
        uri,
        format!(
            "rtsp://127.0.0.1:{}/onvif-media/record/play.amp?onvifreplayid=RecordingToken_001&onvifreplayext=1",
            media.port
        )
    );
    no_password_in(&events[0]);
    // Placed by the frames' own time (the device's clock, less its
    // offset): from the keyframe at 10:06, exactly.
    let start: DateTime<Utc> = d["start"].as_str().unwrap().parse().unwrap();
    let end: DateTime<Utc> = d["end"].as_str().unwrap().parse().unwrap();
    assert_eq!(start, t0 + Duration::seconds(6), "{d}");
    assert_eq!(d["time_uncertainty_ms"], 0);
    assert!(end >= we + Duration::milliseconds(500), "{end}");

    let detail = app.get_request("inv_a", &id).await;
    assert_eq!(
        detail["items"][0]["pulled"]["clock_warning"], true,
        "{detail}"
    );
    approve(&app, &id).await;
    assert_eq!(app.run_jobs().await, 1);
    let clip = clip_file(&app, &id, &app.scratch_dir()).await;
    let n = frames_are_the_recordings_own(&clip, &dir);
    assert!(n >= 24, "{n} frames");
}

/// An ONVIF recorder on channel 1 whose replay comes from `media`.
async fn onvif(app: &TestApp, ctl: &Nvr, media: &MediaNvr, password: &str) -> String {
    *ctl.state.rtsp_port.lock().unwrap() = media.port;
    registered(app, "onvif", ctl, media, password).await
}

#[tokio::test]
async fn an_onvif_replay_cut_mid_pull_resumes_where_it_stopped_with_no_frame_twice() {
    let (t0, parts) = cut_then_resumed(Kind::Onvif).await;
    let (first, second) = (&parts[0], &parts[1]);
    assert_eq!(first["recorder_kind"], "onvif", "{first}");
    // Each part placed by its frames' time: the first from the keyframe at
    // or before 5 s less the margin, the resumed one where it ended.
    let at = |d: &Value, k: &str| d[k].as_str().unwrap().parse::<DateTime<Utc>>().unwrap();
    assert_eq!(at(first, "start"), t0 + Duration::seconds(4), "{first}");
    assert_eq!(at(second, "start"), at(first, "end"), "{second}");
}

#[tokio::test]
async fn an_onvif_replay_refusing_the_password_fails_at_once_and_names_the_account() {
    let app = pulling_app().await;
    let t0 = base();
    let dir = recordings(&app.scratch_dir(), "cam_a1", t0, 1, 10);
    // The device's search answers the stored account; its RTSP service
    // has another password (changed on the device only).
    let media = MediaNvr::start(&[(1, &dir)], USER, "changed-on-the-device", &[]);
    let ctl = Nvr::start(
        Kind::Onvif,
        HashMap::from([(1, vec![(t0, t0 + Duration::seconds(10))])]),
    )
    .await;
    onvif(&app, &ctl, &media, PASSWORD).await;
    let id = submitted(&app, t0 + Duration::seconds(2), t0 + Duration::seconds(6)).await;
    assert_eq!(app.run_jobs().await, 1);
    let (state, attempts, err) = preserve_job(&app, &id);
    assert_eq!((state.as_str(), attempts), ("failed", 1), "{err:?}");
    let err = err.unwrap();
    assert!(err.contains("username and password"), "{err}");
    assert!(!err.contains(PASSWORD) && !err.contains("changed-on-the-device"));
    // Not tried again on its own.
    due_now(&app);
    assert_eq!(app.run_jobs().await, 0);
    assert!(pulled_events(&app, &id).is_empty());
}

#[tokio::test]
async fn an_onvif_replay_that_never_answers_times_out_per_call_and_is_tried_again() {
    let app = spawn_app_with(|s| {
        s.pull_margin_secs = 1;
        s.recorder_timeout_secs = 1;
    })
    .await;
    let t0 = base();
    let dir = recordings(&app.scratch_dir(), "cam_a1", t0, 1, 10);
    let media = MediaNvr::start(&[(1, &dir)], USER, PASSWORD, &[]);
    let ctl = Nvr::start(
        Kind::Onvif,
        HashMap::from([(1, vec![(t0, t0 + Duration::seconds(10))])]),
    )
    .await;
    onvif(&app, &ctl, &media, PASSWORD).await;
    // The replay address the device hands out leads to a service that
    // takes the connection and never answers.
    let silent = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    *ctl.state.rtsp_port.lock().unwrap() = silent.local_addr().unwrap().port();
    let id = submitted(&app, t0 + Duration::seconds(2), t0 + Duration::seconds(6)).await;
    let started = std::time::Instant::now();
    assert_eq!(app.run_jobs().await, 1);
    let (state, attempts, err) = preserve_job(&app, &id);
    assert_eq!((state.as_str(), attempts), ("queued", 1), "{err:?}");
    let err = err.unwrap();
    assert!(err.contains("sent nothing for 1 s"), "{err}");
    assert!(started.elapsed() < std::time::Duration::from_secs(4));
    assert!(pulled_events(&app, &id).is_empty());

    *ctl.state.rtsp_port.lock().unwrap() = media.port;
    due_now(&app);
    assert_eq!(app.run_jobs().await, 1);
    assert_eq!(preserve_job(&app, &id).0, "succeeded");
    assert_eq!(pulled_events(&app, &id).len(), 1);
}

#[tokio::test]
async fn an_h265_onvif_recorder_is_pulled_across_two_recordings_and_the_clip_is_its_own_frames() {
    let app = pulling_app().await;
    let t0 = base();
    let dir = app.scratch_dir().join("nvr-hevc");
    hevc_recording(&dir, t0, 10);
    hevc_recording(&dir, t0 + Duration::seconds(10), 10);
    let media = MediaNvr::start(&[(1, &dir)], USER, PASSWORD, &[]);
    let ctl = Nvr::start(
        Kind::Onvif,
        HashMap::from([(1, vec![(t0, t0 + Duration::seconds(20))])]),
    )
    .await;
    onvif(&app, &ctl, &media, PASSWORD).await;
    let id = submitted(&app, t0 + Duration::seconds(7), t0 + Duration::seconds(13)).await;
    assert_eq!(app.run_jobs().await, 1);
    assert_eq!(preserve_job(&app, &id).0, "succeeded");
    let events = pulled_events(&app, &id);
    assert_eq!(events.len(), 1, "{events:?}");
    let d = &events[0]["details"];
    assert_eq!(
        (d["codec"].as_str(), d["complete"].as_bool()),
        (Some("hevc"), Some(true)),
        "{d}"
    );
    let start: DateTime<Utc> = d["start"].as_str().unwrap().parse().unwrap();
    assert_eq!(start, t0 + Duration::seconds(6), "{d}");

    approve(&app, &id).await;
    assert_eq!(app.run_jobs().await, 1);
    let clip = clip_file(&app, &id, &app.scratch_dir()).await;
    let n = frames_are_the_recordings_own(&clip, &dir);
    // From the keyframe at 6 s to the window's end at 13 s, at 25 fps,
    // across the two recordings.
    assert!(n >= 7 * 25, "{n} frames");
}
