//! Recorders: registration, checks, channel maps and what a recorder
//! holds, against the recorder control-plane double (`nvr_double`, whose
//! header says what it is written from).

use std::collections::HashMap;
use std::io::Write;
use std::process::Stdio;

use chrono::{DateTime, Duration, DurationRound, Utc};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::helpers::{spawn_app, spawn_app_with, TestApp};
use crate::nvr_double::{Kind, Nvr, Spans, PASSWORD, USER};

fn now_s() -> DateTime<Utc> {
    Utc::now().duration_trunc(Duration::seconds(1)).unwrap()
}

fn body(kind: &str, nvr: &Nvr, password: &str) -> Value {
    json!({
        "name": format!("{kind} NVR Shivajinagar"),
        "kind": kind,
        "host": "127.0.0.1",
        "http_port": nvr.port,
        "username": USER,
        "password": password,
    })
}

async fn register(app: &TestApp, b: Value) -> Value {
    let r = app
        .as_user("admin_a", Method::POST, "/api/v1/recorders", Some(b))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert!(!r.body.to_string().contains(PASSWORD), "{}", r.body);
    r.body
}

async fn map(app: &TestApp, rec: &str, channel: i32, camera: &str) -> StatusCode {
    app.as_user(
        "admin_a",
        Method::PUT,
        &format!("/api/v1/recorders/{rec}/channels/{channel}"),
        Some(json!({"camera_id": app.fx.cameras[camera]})),
    )
    .await
    .status
}

async fn recordings(app: &TestApp, camera: &str, from: DateTime<Utc>, to: DateTime<Utc>) -> Value {
    let path = format!(
        "/api/v1/cameras/{}/recordings?from={}&to={}",
        app.fx.cameras[camera],
        urlencode(&from.to_rfc3339()),
        urlencode(&to.to_rfc3339())
    );
    let r = app.as_user("op_a", Method::GET, &path, None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.body
}

fn urlencode(s: &str) -> String {
    s.replace('+', "%2B").replace(':', "%3A")
}

fn spans_of(v: &Value) -> Spans {
    v.as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["start"].as_str().unwrap().parse().unwrap(),
                s["end"].as_str().unwrap().parse().unwrap(),
            )
        })
        .collect()
}

fn no_password_sent(nvr: &Nvr) {
    let seen = nvr.state.seen.lock().unwrap();
    assert!(!seen.is_empty());
    assert!(
        seen.iter().all(|h| !h.contains(PASSWORD)),
        "a request carried the password in clear"
    );
}

#[tokio::test]
async fn a_hikvision_nvr_is_checked_and_its_two_channels_answer_for_two_cameras() {
    let app = spawn_app().await;
    let t = now_s();
    let ch1 = vec![
        (t - Duration::hours(3), t - Duration::hours(2)),
        (t - Duration::minutes(110), t),
    ];
    let ch2 = vec![(t - Duration::hours(26), t)];
    let nvr = Nvr::start(Kind::Hikvision, HashMap::from([(1, ch1.clone()), (2, ch2)])).await;
    *nvr.state.clock_offset.lock().unwrap() = Duration::minutes(7);

    let rec = register(&app, body("hikvision", &nvr, PASSWORD)).await;
    assert_eq!(rec["reachability"], "reachable", "{rec}");
    assert_eq!(rec["has_password"], true);
    assert_eq!(rec["device"]["make"], "Hikvision");
    assert_eq!(rec["device"]["model"], "DS-7616NXI-K2");
    assert_eq!(rec["device"]["serial"], nvr.state.serial);
    assert_eq!(rec["device"]["mac"], "bc:ad:28:88:94:98");
    assert_eq!(rec["device"]["firmware"], "V4.62.210 build 230315");
    // The device's clock runs seven minutes ahead (the device reports
    // whole seconds).
    let offset = rec["clock_offset_ms"].as_i64().unwrap();
    assert!((418_000..=422_000).contains(&offset), "{offset}");
    let id = rec["id"].as_str().unwrap().to_owned();

    assert_eq!(map(&app, &id, 1, "cam_a1").await, StatusCode::OK);
    assert_eq!(map(&app, &id, 2, "cam_a2").await, StatusCode::OK);
    // One camera is recorded by one channel, a channel records one camera.
    let dup = app
        .as_user(
            "admin_a",
            Method::PUT,
            &format!("/api/v1/recorders/{id}/channels/3"),
            Some(json!({"camera_id": app.fx.cameras["cam_a1"]})),
        )
        .await;
    assert_eq!(
        (dup.status, dup.code()),
        (StatusCode::CONFLICT, "duplicate_recorder"),
        "{}",
        dup.body
    );
    assert_eq!(map(&app, &id, 1, "cam_a3").await, StatusCode::CONFLICT);

    let (from, to) = (t - Duration::hours(4), t);
    let r1 = recordings(&app, "cam_a1", from, to).await;
    assert_eq!(r1["source"], "recorder", "{r1}");
    assert_eq!(r1["recorder"]["channel"], 1);
    assert_eq!(r1["recorder"]["reachability"], "reachable");
    assert_eq!(spans_of(&r1["recorded"]), ch1);
    assert_eq!(
        spans_of(&r1["gaps"]),
        vec![
            (from, t - Duration::hours(3)),
            (t - Duration::hours(2), t - Duration::minutes(110))
        ]
    );
    let r2 = recordings(&app, "cam_a2", from, to).await;
    assert_eq!(r2["recorder"]["channel"], 2);
    assert_eq!(spans_of(&r2["recorded"]), vec![(from, to)]);
    assert_eq!(r2["gaps"], json!([]));
    // A folder camera still answers from its index.
    assert_eq!(
        recordings(&app, "cam_a3", from, to).await["source"],
        "folder"
    );

    // A check records the oldest footage each channel still holds.
    let c = app
        .as_user(
            "op_a",
            Method::POST,
            &format!("/api/v1/recorders/{id}/check"),
            None,
        )
        .await;
    assert_eq!(c.status, StatusCode::OK, "{}", c.body);
    let chans = c.body["channels"].as_array().unwrap();
    assert_eq!(
        chans[0]["oldest_footage_at"]
            .as_str()
            .unwrap()
            .parse::<DateTime<Utc>>()
            .unwrap(),
        t - Duration::hours(3)
    );
    assert_eq!(
        chans[1]["oldest_footage_at"]
            .as_str()
            .unwrap()
            .parse::<DateTime<Utc>>()
            .unwrap(),
        t - Duration::hours(26)
    );

    // Digest only: the password never crossed the wire, and no answer or
    // security record carries it.
    no_password_sent(&nvr);
    assert_eq!(
        nvr.state
            .auth_failures
            .load(std::sync::atomic::Ordering::SeqCst),
        0
    );
    let ev = app
        .as_user(
            "admin_a",
            Method::GET,
            "/api/v1/security-events?kind=recorder_changed",
            None,
        )
        .await;
    assert_eq!(ev.status, StatusCode::OK, "{}", ev.body);
    let items = ev.body["items"].as_array().unwrap();
    assert!(items.len() >= 3, "{}", ev.body);
    assert!(!ev.body.to_string().contains(PASSWORD));
    let sealed = stored_password(&app, &id);
    assert!(
        sealed.starts_with("v1:") && !sealed.contains(PASSWORD),
        "{sealed}"
    );
}

fn stored_password(app: &TestApp, id: &str) -> String {
    use diesel::prelude::*;
    use sakshya::db::schema::recorders as r;
    let mut c = app.state.db.conn().unwrap();
    r::table
        .find(id)
        .select(r::password_sealed)
        .first::<Option<String>>(&mut **c)
        .unwrap()
        .unwrap()
}

#[tokio::test]
async fn recorders_are_seen_by_their_iccc_staff_and_changed_only_by_its_admins() {
    let app = spawn_app().await;
    let b = json!({
        "name": "VMS Hadapsar",
        "kind": "rtsp_template",
        "host": "127.0.0.1",
        "rtsp_port": 8554,
        "playback_template": "rtsp://{host}:{rtsp_port}/playback?ch={channel}&from={start}&to={end}",
        "check": false,
    });
    // (admin_b could register one, in ICCC-B: see bad_input and the
    // scoped listing below.)
    for who in [
        "op_a",
        "auditor_a",
        "inv_a",
        "sup_a",
        "court_a",
        "stadmin_a",
    ] {
        let r = app
            .as_user(who, Method::POST, "/api/v1/recorders", Some(b.clone()))
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{who}: {}", r.body);
    }
    let rec = register(&app, b).await;
    assert_eq!(rec["reachability"], "unknown");
    assert_eq!(rec["has_password"], false);
    let id = rec["id"].as_str().unwrap();
    let path = format!("/api/v1/recorders/{id}");
    for (who, status) in [
        ("admin_a", StatusCode::OK),
        ("op_a", StatusCode::OK),
        ("auditor_a", StatusCode::OK),
        ("admin_b", StatusCode::NOT_FOUND),
        ("op_b", StatusCode::NOT_FOUND),
        ("inv_a", StatusCode::NOT_FOUND),
        ("court_a", StatusCode::NOT_FOUND),
    ] {
        assert_eq!(
            app.as_user(who, Method::GET, &path, None).await.status,
            status,
            "{who}"
        );
    }
    for (who, status) in [
        ("admin_a", StatusCode::OK),
        ("op_a", StatusCode::OK),
        ("admin_b", StatusCode::OK),
        ("inv_a", StatusCode::FORBIDDEN),
        ("court_a", StatusCode::FORBIDDEN),
    ] {
        let r = app
            .as_user(who, Method::GET, "/api/v1/recorders", None)
            .await;
        assert_eq!(r.status, status, "{who}");
        if status == StatusCode::OK {
            let n = r.body["items"].as_array().unwrap().len();
            assert_eq!(
                n,
                usize::from(who.ends_with("_a")),
                "{who} sees only its ICCC's"
            );
        }
    }
    // Changing and mapping: the ICCC's admins only; another ICCC's camera
    // does not exist for this recorder.
    let ch = format!("/api/v1/recorders/{id}/channels/1");
    let cam = json!({"camera_id": app.fx.cameras["cam_a1"]});
    assert_eq!(
        app.as_user("op_a", Method::PUT, &ch, Some(cam.clone()))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.as_user("admin_b", Method::PUT, &ch, Some(cam.clone()))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let other = app
        .as_user(
            "admin_a",
            Method::PUT,
            &ch,
            Some(json!({"camera_id": app.fx.cameras["cam_b1"]})),
        )
        .await;
    assert_eq!(other.status, StatusCode::NOT_FOUND, "{}", other.body);
    assert_eq!(
        app.as_user("op_a", Method::PATCH, &path, Some(json!({"name": "x"})))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.as_user("auditor_a", Method::POST, &format!("{path}/check"), None)
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.as_user("admin_a", Method::PUT, &ch, Some(cam))
            .await
            .status,
        StatusCode::OK
    );
    assert_eq!(
        app.as_user("op_a", Method::DELETE, &ch, None).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.as_user("admin_a", Method::DELETE, &ch, None)
            .await
            .status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        app.as_user("admin_a", Method::DELETE, &ch, None)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn bad_recorder_input_is_refused_with_stable_codes_and_nothing_is_written() {
    let app = spawn_app().await;
    let ok = json!({"name": "N", "kind": "hikvision", "host": "10.0.0.5", "username": "u", "password": "p", "check": false});
    let with = |k: &str, v: Value| {
        let mut b = ok.clone();
        b[k] = v;
        b
    };
    let mut no_password = ok.clone();
    no_password.as_object_mut().unwrap().remove("password");
    for (b, code) in [
        (with("kind", json!("milestone")), "invalid_recorder_kind"),
        (
            with("host", json!("http://10.0.0.5")),
            "invalid_recorder_address",
        ),
        (
            with("host", json!("admin:pw@10.0.0.5")),
            "invalid_recorder_address",
        ),
        (with("http_port", json!(70000)), "invalid_recorder_address"),
        (
            with("playback_template", json!("rtsp://{host}/x?{start}{end}")),
            "invalid_playback_template",
        ),
        (with("utc_offset_minutes", json!(2000)), "invalid_value"),
        (with("tls", json!(true)), "invalid_value"),
        (no_password, "invalid_value"),
        (
            json!({"name": "T", "kind": "rtsp_template", "host": "10.0.0.5", "playback_template": "rtsp://admin:pw@{host}/x?{start}{end}"}),
            "invalid_playback_template",
        ),
        (
            json!({"name": "F", "kind": "folder", "host": "10.0.0.5"}),
            "invalid_value",
        ),
        (with("name", json!("")), "field_required"),
    ] {
        let r = app
            .as_user(
                "admin_a",
                Method::POST,
                "/api/v1/recorders",
                Some(b.clone()),
            )
            .await;
        assert_eq!(r.status.as_u16(), 422, "{b}: {}", r.body);
        assert_eq!(r.code(), code, "{b}");
    }
    let r = app
        .as_user("admin_a", Method::GET, "/api/v1/recorders", None)
        .await;
    assert_eq!(r.body["items"], json!([]), "nothing was written");
    let rec = register(&app, ok).await;
    let id = rec["id"].as_str().unwrap();
    let dup = app
        .as_user(
            "admin_a",
            Method::POST,
            "/api/v1/recorders",
            Some(json!({"name": "N", "kind": "folder"})),
        )
        .await;
    assert_eq!(
        (dup.status, dup.code()),
        (StatusCode::CONFLICT, "duplicate_recorder")
    );
    let r = app
        .as_user(
            "admin_a",
            Method::PUT,
            &format!("/api/v1/recorders/{id}/channels/0"),
            Some(json!({"camera_id": app.fx.cameras["cam_a1"]})),
        )
        .await;
    assert_eq!(r.code(), "invalid_channel", "{}", r.body);
    let r = app
        .as_user("admin_a", Method::GET, "/api/v1/recorders/not-a-uuid", None)
        .await;
    assert_eq!(r.code(), "invalid_recorder_id");
}

#[tokio::test]
async fn a_wrong_password_is_reported_once_and_never_retried() {
    let app = spawn_app().await;
    let nvr = Nvr::start(Kind::Hikvision, HashMap::from([(1, vec![])])).await;
    let rec = register(&app, body("hikvision", &nvr, "not-the-password")).await;
    assert_eq!(rec["reachability"], "auth_failed", "{rec}");
    let err = rec["last_error"].as_str().unwrap();
    assert!(
        err.contains("refused the stored username and password"),
        "{err}"
    );
    assert!(!err.contains("not-the-password"));
    // One refused attempt per check: a recorder locks an account after a
    // few, so Sakshya never tries again on its own.
    let failures = || {
        nvr.state
            .auth_failures
            .load(std::sync::atomic::Ordering::SeqCst)
    };
    assert_eq!(failures(), 1);
    let id = rec["id"].as_str().unwrap();
    let c = app
        .as_user(
            "admin_a",
            Method::POST,
            &format!("/api/v1/recorders/{id}/check"),
            None,
        )
        .await;
    assert_eq!(c.body["reachability"], "auth_failed");
    assert_eq!(failures(), 2);
    // The right password, entered again, works at once.
    let fixed = app
        .as_user(
            "admin_a",
            Method::PATCH,
            &format!("/api/v1/recorders/{id}"),
            Some(json!({"username": USER, "password": PASSWORD})),
        )
        .await;
    assert_eq!(fixed.status, StatusCode::OK, "{}", fixed.body);
    assert_eq!(fixed.body["reachability"], "reachable", "{}", fixed.body);
    assert_eq!(fixed.body["last_error"], Value::Null);
    assert_eq!(failures(), 2);
}

#[tokio::test]
async fn an_unreachable_or_slow_recorder_is_marked_and_its_cameras_say_so() {
    let app = spawn_app_with(|s| s.recorder_timeout_secs = 1).await;
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let rec = register(
        &app,
        json!({"name": "Gone", "kind": "dahua", "host": "127.0.0.1", "http_port": closed, "username": USER, "password": PASSWORD}),
    )
    .await;
    assert_eq!(rec["reachability"], "unreachable", "{rec}");
    assert!(
        rec["last_error"]
            .as_str()
            .unwrap()
            .contains("did not answer at"),
        "{rec}"
    );
    let id = rec["id"].as_str().unwrap();
    assert_eq!(map(&app, id, 1, "cam_a1").await, StatusCode::OK);
    let t = now_s();
    let r = recordings(&app, "cam_a1", t - Duration::hours(1), t).await;
    assert_eq!(r["recorder"]["reachability"], "unreachable");
    assert!(
        r["recorder_error"]
            .as_str()
            .unwrap()
            .contains("did not answer"),
        "{r}"
    );
    assert_eq!(
        r["gaps"],
        json!([]),
        "no gaps are claimed for what could not be asked"
    );

    let nvr = Nvr::start(Kind::Hikvision, HashMap::from([(1, vec![])])).await;
    *nvr.state.delay.lock().unwrap() = std::time::Duration::from_secs(3);
    let mut b = body("hikvision", &nvr, PASSWORD);
    b["name"] = json!("Slow");
    let slow = register(&app, b).await;
    assert_eq!(slow["reachability"], "unreachable", "{slow}");
    assert!(
        slow["last_error"].as_str().unwrap().contains("within 1 s"),
        "{slow}"
    );
}

#[tokio::test]
async fn a_dahua_recorder_speaks_local_time_both_ways() {
    let app = spawn_app().await;
    let t = now_s();
    let ch1 = vec![
        (t - Duration::hours(5), t - Duration::hours(4)),
        (t - Duration::minutes(200), t - Duration::minutes(20)),
    ];
    let nvr = Nvr::start(Kind::Dahua, HashMap::from([(1, ch1.clone()), (2, vec![])])).await;
    let rec = register(&app, body("dahua", &nvr, PASSWORD)).await;
    assert_eq!(rec["reachability"], "reachable", "{rec}");
    assert_eq!(rec["device"]["make"], "Dahua");
    assert_eq!(rec["device"]["model"], "DHI-NVR4216-16P-4KS2");
    assert_eq!(rec["device"]["serial"], nvr.state.serial);
    assert_eq!(rec["device"]["mac"], "3c:ef:8c:12:34:56");
    assert!(
        rec["clock_offset_ms"].as_i64().unwrap().abs() < 2_000,
        "{rec}"
    );
    let id = rec["id"].as_str().unwrap();
    assert_eq!(map(&app, id, 1, "cam_a1").await, StatusCode::OK);
    let r = recordings(&app, "cam_a1", t - Duration::hours(6), t).await;
    // The device was asked, and answered, in India's local time; the
    // spans come back in UTC exactly as recorded.
    assert_eq!(spans_of(&r["recorded"]), ch1, "{r}");
    no_password_sent(&nvr);
}

#[tokio::test]
async fn an_onvif_recorder_is_searched_with_a_ws_security_digest_on_its_own_clock() {
    let app = spawn_app().await;
    let t = now_s();
    let nvr = Nvr::start(
        Kind::Onvif,
        HashMap::from([
            (1, vec![(t - Duration::days(9), t)]),
            (2, vec![(t - Duration::days(3), t - Duration::hours(1))]),
        ]),
    )
    .await;
    // Eight minutes behind: a UsernameToken dated by the server's clock
    // would be refused as stale.
    *nvr.state.clock_offset.lock().unwrap() = -Duration::minutes(8);
    let rec = register(&app, body("onvif", &nvr, PASSWORD)).await;
    assert_eq!(rec["reachability"], "reachable", "{rec}");
    assert_eq!(rec["device"]["make"], "AXIS");
    assert_eq!(rec["device"]["serial"], "ACCC8EBECCEA");
    let offset = rec["clock_offset_ms"].as_i64().unwrap();
    assert!((-482_000..=-478_000).contains(&offset), "{offset}");
    let id = rec["id"].as_str().unwrap();
    assert_eq!(map(&app, id, 2, "cam_a2").await, StatusCode::OK);
    let r = recordings(&app, "cam_a2", t - Duration::hours(5), t).await;
    assert_eq!(
        spans_of(&r["recorded"]),
        vec![(t - Duration::hours(5), t - Duration::hours(1))],
        "{r}"
    );
    assert_eq!(spans_of(&r["gaps"]), vec![(t - Duration::hours(1), t)]);
    assert_eq!(
        nvr.state
            .auth_failures
            .load(std::sync::atomic::Ordering::SeqCst),
        0
    );
    no_password_sent(&nvr);

    // The replay address the device gives carries its credentials and its
    // inside address; the one Sakshya keeps has neither, and the
    // registered host.
    let row = {
        let mut c = app.state.db.conn().unwrap();
        sakshya::db::recorders::find(&mut c, &id.parse().unwrap())
            .unwrap()
            .unwrap()
    };
    let conn = sakshya::recorders::Connection::open(
        &row,
        &app.state.services.recorder_key,
        std::time::Duration::from_secs(5),
    )
    .unwrap();
    let uri = conn
        .playback_uri(2, None, t - Duration::hours(2), t)
        .await
        .unwrap();
    assert!(
        uri.starts_with(
            "rtsp://127.0.0.1:8554/onvif-media/record/play.amp?onvifreplayid=RecordingToken_002"
        ),
        "{uri}"
    );
    assert!(!uri.contains(PASSWORD) && !uri.contains(USER), "{uri}");
}

#[tokio::test]
async fn the_overwrite_estimate_follows_what_the_recorder_still_holds() {
    let app = spawn_app().await;
    let t = now_s();
    let nvr = Nvr::start(
        Kind::Hikvision,
        HashMap::from([(1, vec![(t - Duration::days(5), t)])]),
    )
    .await;
    let rec = register(&app, body("hikvision", &nvr, PASSWORD)).await;
    let id = rec["id"].as_str().unwrap();
    assert_eq!(map(&app, id, 1, "cam_a1").await, StatusCode::OK);
    app.as_user(
        "admin_a",
        Method::POST,
        &format!("/api/v1/recorders/{id}/check"),
        None,
    )
    .await;
    let req = app.file("inv_a", "cam_a1").await;
    let d = app.get_request("inv_a", &req).await;
    let item = &d["items"][0];
    let start: DateTime<Utc> = item["start"].as_str().unwrap().parse().unwrap();
    let overwrite: DateTime<Utc> = item["overwrite_at"].as_str().unwrap().parse().unwrap();
    // The recorder held five days when asked: the window's start goes
    // five days after it was recorded, whatever the registry says.
    let expected = start + Duration::days(5);
    assert!(
        (overwrite - expected).num_seconds().abs() <= 5,
        "{overwrite} vs {expected}: {item}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_command_line_adds_tests_and_searches_recorders_without_showing_passwords() {
    let app = spawn_app().await;
    let t = now_s();
    let nvr = Nvr::start(
        Kind::Hikvision,
        HashMap::from([(1, vec![(t - Duration::hours(2), t - Duration::hours(1))])]),
    )
    .await;
    let run = |args: Vec<String>, stdin: Option<&str>| {
        let mut cmd = app.sakshya_command();
        let mut child = cmd
            .arg("recorder")
            .args(&args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        if let Some(s) = stdin {
            child.stdin.take().unwrap().write_all(s.as_bytes()).unwrap();
        }
        let out = child.wait_with_output().unwrap();
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(!text.contains(PASSWORD), "{text}");
        (out.status.success(), text)
    };
    let port = nvr.port.to_string();
    let args: Vec<String> = [
        "add",
        "--iccc",
        "ICCC-A",
        "--name",
        "CLI NVR",
        "--kind",
        "hikvision",
        "--host",
        "127.0.0.1",
        "--http-port",
        &port,
        "--username",
        USER,
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let (ok, out) = tokio::task::block_in_place(|| run(args, Some(&format!("{PASSWORD}\n"))));
    assert!(ok, "{out}");
    assert!(
        out.contains("reachable") && out.contains("Hikvision DS-7616NXI-K2"),
        "{out}"
    );
    let id = out
        .split_whitespace()
        .find(|w| w.len() == 36 && w.matches('-').count() == 4)
        .unwrap()
        .to_owned();
    let (ok, out) = tokio::task::block_in_place(|| run(vec!["list".into()], None));
    assert!(ok && out.contains("CLI NVR"), "{out}");
    let (ok, out) = tokio::task::block_in_place(|| {
        run(
            vec![
                "search".into(),
                id.clone(),
                "--channel".into(),
                "1".into(),
                "--from".into(),
                (t - Duration::hours(3)).to_rfc3339(),
                "--to".into(),
                t.to_rfc3339(),
            ],
            None,
        )
    });
    assert!(ok, "{out}");
    assert!(
        out.contains(&(t - Duration::hours(2)).to_rfc3339()),
        "{out}"
    );
    assert_eq!(out.matches("gap ").count(), 2, "{out}");
    let (ok, out) = tokio::task::block_in_place(|| run(vec!["test".into(), id.clone()], None));
    assert!(ok, "{out}");
    // The password was sealed with the server's key, so the API's own
    // check opens it too.
    let c = app
        .as_user(
            "admin_a",
            Method::POST,
            &format!("/api/v1/recorders/{id}/check"),
            None,
        )
        .await;
    assert_eq!(c.body["reachability"], "reachable", "{}", c.body);
    let key = app.state.settings.recorder_key_path();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&key).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
}

#[tokio::test]
async fn recorder_passwords_never_reach_the_server_log() {
    let app = spawn_app().await;
    let nvr = Nvr::start(Kind::Dahua, HashMap::from([(1, vec![])])).await;
    let serve = crate::helpers::ServeProcess::start(&app, &[("RUST_LOG", "debug")]).await;
    let token = app.token("admin_a").await;
    let client = reqwest::Client::new();
    for (name, password) in [("Right", PASSWORD), ("Wrong", "Wr0ng-but-secret-99")] {
        let mut b = body("dahua", &nvr, password);
        b["name"] = json!(name);
        let r = client
            .post(serve.url("/api/v1/recorders"))
            .bearer_auth(&token)
            .json(&b)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::CREATED);
        let text = r.text().await.unwrap();
        assert!(!text.contains(password), "{text}");
    }
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let log = serve.log_text();
    assert!(
        log.contains("recorder check failed"),
        "the refused check is logged: {log}"
    );
    assert!(
        !log.contains(PASSWORD) && !log.contains("Wr0ng-but-secret-99"),
        "a recorder password reached the log"
    );
}
