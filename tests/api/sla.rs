//! SLA figures from a scripted scenario of requests with known outcomes
//! and times, computed as of a fixed moment, per grouping and per scope.

use chrono::{DateTime, Duration, TimeZone, Utc};
use reqwest::{Method, StatusCode};
use sakshya::db::requests::{self, ItemRow, NewEvent, RequestRow};
use sakshya::db::time;
use serde_json::json;

use crate::helpers::{spawn_app, TestApp};

pub fn t(h: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 10, 5, 0, 0, 0).unwrap() + Duration::hours(h)
}

/// A request as the scenario needs it, inserted directly with its times.
struct Spec<'a> {
    station: &'a str,
    iccc: &'a str,
    camera: &'a str,
    status: &'a str,
    reason: Option<&'a str>,
    submitted: DateTime<Utc>,
    closed: Option<DateTime<Utc>>,
    window: (DateTime<Utc>, DateTime<Utc>),
    items: &'a [(&'a str, Option<&'a str>)],
}

/// Inserts the request (deadline 24 h after submission) with its items
/// and first history event; returns its id.
fn insert(app: &TestApp, s: &Spec<'_>) -> String {
    let id = uuid::Uuid::now_v7().to_string();
    let row = RequestRow {
        id: id.parse().unwrap(),
        station_id: app.fx.orgs[s.station].clone(),
        iccc_id: app.fx.orgs[s.iccc].clone(),
        filed_by: app.fx.users["inv_a"].clone(),
        fir_number: Some("1/2026".into()),
        gd_number: None,
        bns_sections: "[]".into(),
        incident_place: "FC Road".into(),
        incident_at: time::to_db(s.window.0),
        purpose: "scripted".into(),
        urgency: "urgent".parse().unwrap(),
        notice_reference: "N-1".into(),
        status: s.status.parse().unwrap(),
        reason_code: s.reason.map(|r| r.parse().unwrap()),
        version: 1,
        submitted_at: Some(time::to_db(s.submitted)),
        forwarded_at: Some(time::to_db(s.submitted)),
        deadline_at: Some(time::to_db(s.submitted + Duration::hours(24))),
        closed_at: s.closed.map(time::to_db),
        created_at: time::to_db(s.submitted),
        updated_at: time::to_db(s.submitted),
    };
    let items: Vec<ItemRow> = s
        .items
        .iter()
        .enumerate()
        .map(|(n, (st, r))| ItemRow {
            id: uuid::Uuid::now_v7().to_string(),
            request_id: id.parse().unwrap(),
            position: n as i32,
            camera_id: app.fx.cameras[s.camera].clone(),
            window_start: time::to_db(s.window.0),
            window_end: time::to_db(s.window.1),
            status: st.parse().unwrap(),
            reason_code: r.map(|r| r.parse().unwrap()),
        })
        .collect();
    let event = NewEvent {
        request_id: id.clone(),
        at: time::to_db(s.submitted),
        actor_id: Some(app.fx.users["inv_a"].clone()),
        action: "file".into(),
        from_status: None,
        to_status: "draft".parse().unwrap(),
        reason_code: None,
        comment: None,
        from: None,
    };
    app.state
        .db
        .write_blocking(|c| -> Result<(), sakshya::db::DbError> {
            requests::insert(c, &row, &items)?;
            sakshya::workflow::history::record(c, &event)?;
            sakshya::sla::stored::refresh(c, &row.id)?;
            Ok(())
        })
        .unwrap();
    id
}

/// One request submitted at `t(sub)`, deadline 24 h later, with items
/// in `items` (status, reason) and closed at `t(closed)` if given.
#[allow(clippy::too_many_arguments)]
pub fn scripted(
    app: &TestApp,
    station: &str,
    iccc: &str,
    camera: &str,
    status: &str,
    reason: Option<&str>,
    sub: i64,
    closed: Option<i64>,
    items: &[(&str, Option<&str>)],
) {
    insert(
        app,
        &Spec {
            station,
            iccc,
            camera,
            status,
            reason,
            submitted: t(sub),
            closed: closed.map(t),
            window: (t(sub - 3), t(sub - 2)),
            items,
        },
    );
}

pub async fn seed(app: &TestApp) {
    // Station A / ICCC A: 3 on time (2 h, 4 h, 6 h), 1 late (30 h),
    // 1 unavailable (footage overwritten), 1 rejected, 1 open past its
    // deadline, 1 open within it, 1 withdrawn.
    let ok = [("fulfilled", None)];
    scripted(
        app,
        "PS-A",
        "ICCC-A",
        "cam_a1",
        "fulfilled",
        None,
        0,
        Some(2),
        &ok,
    );
    scripted(
        app,
        "PS-A",
        "ICCC-A",
        "cam_a1",
        "partially_fulfilled",
        None,
        10,
        Some(14),
        &[("partially_fulfilled", None)],
    );
    scripted(
        app,
        "PS-A",
        "ICCC-A",
        "cam_a2",
        "fulfilled",
        None,
        20,
        Some(26),
        &ok,
    );
    scripted(
        app,
        "PS-A",
        "ICCC-A",
        "cam_a2",
        "fulfilled",
        None,
        30,
        Some(60),
        &ok,
    );
    scripted(
        app,
        "PS-A",
        "ICCC-A",
        "cam_a1",
        "unavailable",
        None,
        40,
        Some(41),
        &[("unavailable", Some("footage_overwritten"))],
    );
    scripted(
        app,
        "PS-A",
        "ICCC-A",
        "cam_a1",
        "rejected",
        Some("rejected_invalid_request"),
        50,
        Some(51),
        &[("pending", None)],
    );
    scripted(
        app,
        "PS-A",
        "ICCC-A",
        "cam_a1",
        "approved",
        None,
        60,
        None,
        &[("pending", None)],
    );
    scripted(
        app,
        "PS-A",
        "ICCC-A",
        "cam_a1",
        "approved",
        None,
        90,
        None,
        &[("pending", None)],
    );
    scripted(
        app,
        "PS-A",
        "ICCC-A",
        "cam_a1",
        "withdrawn",
        None,
        70,
        Some(71),
        &[("pending", None)],
    );
    // Station B / ICCC B: 1 on time, 1 missed (camera offline).
    scripted(
        app,
        "PS-B",
        "ICCC-B",
        "cam_b1",
        "fulfilled",
        None,
        0,
        Some(1),
        &ok,
    );
    scripted(
        app,
        "PS-B",
        "ICCC-B",
        "cam_b1",
        "unavailable",
        None,
        5,
        Some(6),
        &[("unavailable", Some("camera_offline"))],
    );
}

fn summary_path(group_by: &str) -> String {
    format!(
        "/api/v1/sla/summary?from=2026-10-01&to=2026-11-01&group_by={group_by}&as_of={}",
        t(100).to_rfc3339().replace('+', "%2B")
    )
}

#[tokio::test]
async fn scripted_requests_give_exactly_the_expected_figures_in_scope() {
    let app = spawn_app().await;
    seed(&app).await;

    // ICCC A's operator sees ICCC A only.
    let r = app
        .as_user("op_a", Method::GET, &summary_path("iccc"), None)
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body["target"], 0.75);
    let groups = r.body["groups"].as_array().unwrap();
    assert_eq!(groups.len(), 1, "{}", r.body);
    assert_eq!(groups[0]["key"], "ICCC-A");
    let f = &groups[0]["figures"];
    assert_eq!(
        (
            f["on_time"].as_u64(),
            f["late"].as_u64(),
            f["missed"].as_u64(),
            f["pending"].as_u64()
        ),
        (Some(3), Some(1), Some(3), Some(1)),
        "{f}"
    );
    assert_eq!(f["fulfilment_rate"].as_f64(), Some(3.0 / 7.0));
    assert_eq!(f["fulfilled_at_all"].as_f64(), Some(4.0 / 7.0));
    assert_eq!(f["median_hours_to_fulfil"].as_f64(), Some(4.0));
    assert_eq!(f["p90_hours_to_fulfil"].as_f64(), Some(30.0));
    let reasons = f["reasons"].as_array().unwrap();
    assert_eq!(reasons.len(), 2, "{f}");
    assert_eq!(reasons[0][0], "footage_overwritten");
    assert_eq!(reasons[0][1], 1);
    assert_eq!(reasons[1][0], "rejected_invalid_request");

    // Station B's investigator sees station B only.
    let r = app
        .as_user("inv_b", Method::GET, &summary_path("station"), None)
        .await;
    let groups = r.body["groups"].as_array().unwrap();
    assert_eq!(groups.len(), 1);
    assert_eq!(groups[0]["key"], "PS-B");
    assert_eq!(groups[0]["figures"]["fulfilment_rate"].as_f64(), Some(0.5));
    assert_eq!(groups[0]["figures"]["reasons"][0][0], "camera_offline");

    // By camera and by week within ICCC A.
    let r = app
        .as_user("op_a", Method::GET, &summary_path("camera"), None)
        .await;
    let keys: Vec<&str> = r.body["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["key"].as_str().unwrap())
        .collect();
    assert_eq!(keys, vec!["CAM-A1", "CAM-A2"]);
    let a2 = &r.body["groups"][1]["figures"];
    assert_eq!(
        (a2["on_time"].as_u64(), a2["late"].as_u64()),
        (Some(1), Some(1))
    );
    let r = app
        .as_user("op_a", Method::GET, &summary_path("week"), None)
        .await;
    assert!(r.body["groups"][0]["key"]
        .as_str()
        .unwrap()
        .starts_with("2026-W4"));
    let r = app
        .as_user("op_a", Method::GET, &summary_path("urgency"), None)
        .await;
    assert_eq!(r.body["groups"][0]["key"], "urgent");

    // CSV, by parameter or by Accept.
    let t = app.token("op_a").await;
    let res = app
        .client
        .get(app.url(&summary_path("iccc")))
        .bearer_auth(&t)
        .header("accept", "text/csv")
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["content-type"], "text/csv; charset=utf-8");
    let csv = res.text().await.unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert!(lines[0].starts_with("group,name,on_time,late,missed,pending,fulfilment_rate,target"));
    assert!(
        lines[1].starts_with("ICCC-A,ICCC-A name,3,1,3,1,0.4286,0.75"),
        "{csv}"
    );
    assert!(lines[2].starts_with("TOTAL,"));

    // Bad input is a clear 422; courts see no reports.
    for q in [
        "/api/v1/sla/summary?from=2026-11-01&to=2026-10-01",
        "/api/v1/sla/summary?from=2026-01-01&to=2027-06-01",
        "/api/v1/sla/summary?from=x&to=2026-10-01",
        "/api/v1/sla/summary?from=2026-10-01&to=2026-11-01&group_by=planet",
        "/api/v1/sla/summary?from=2026-10-01&to=2026-11-01&format=xml",
    ] {
        let r = app.as_user("op_a", Method::GET, q, None).await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{q}: {}",
            r.body
        );
    }
    let r = app
        .as_user("court_a", Method::GET, &summary_path("iccc"), None)
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = app
        .call(Method::GET, &summary_path("iccc"), None, None)
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
}

/// An approved ICCC A request with one pending item, submitted at
/// `submitted`.
pub fn open_request(
    app: &TestApp,
    camera: &str,
    submitted: DateTime<Utc>,
    window: (DateTime<Utc>, DateTime<Utc>),
) -> String {
    insert(
        app,
        &Spec {
            station: "PS-A",
            iccc: "ICCC-A",
            camera,
            status: "approved",
            reason: None,
            submitted,
            closed: None,
            window,
            items: &[("pending", None)],
        },
    )
}

#[tokio::test]
async fn at_risk_lists_near_deadlines_and_footage_about_to_be_overwritten() {
    use chrono::DurationRound;
    let app = spawn_app().await;
    let now = Utc::now().duration_trunc(Duration::seconds(10)).unwrap();
    // Deadline in 4 hours.
    let near = open_request(
        &app,
        "cam_a1",
        now - Duration::hours(20),
        (now - Duration::hours(22), now - Duration::hours(21)),
    );
    // Deadline a day away, but its footage (30-day retention) goes in 2 hours.
    let old = now - Duration::days(30) + Duration::hours(2);
    app.record("cam_a3", old, 1, 10, &[]);
    app.index();
    let overwrite = open_request(&app, "cam_a3", now, (old, old + Duration::seconds(8)));
    // Neither soon.
    let calm = open_request(
        &app,
        "cam_a2",
        now,
        (now - Duration::hours(3), now - Duration::hours(2)),
    );

    let r = app
        .as_user(
            "op_a",
            Method::GET,
            "/api/v1/sla/at-risk?within_hours=6",
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let list = r.body.as_array().unwrap();
    let ids: Vec<&str> = list
        .iter()
        .map(|x| x["request_id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        vec![overwrite.as_str(), near.as_str()],
        "most urgent first: {}",
        r.body
    );
    assert_eq!(list[0]["risks"], serde_json::json!(["overwrite"]));
    assert_eq!(list[1]["risks"], serde_json::json!(["deadline"]));
    assert!(!ids.contains(&calm.as_str()));
    // A wider window takes in the calm one's deadline too.
    let r = app
        .as_user(
            "op_a",
            Method::GET,
            "/api/v1/sla/at-risk?within_hours=48",
            None,
        )
        .await;
    assert_eq!(r.body.as_array().unwrap().len(), 3);
    // Scope: ICCC B sees none of ICCC A's.
    let r = app
        .as_user(
            "op_b",
            Method::GET,
            "/api/v1/sla/at-risk?within_hours=48",
            None,
        )
        .await;
    assert_eq!(r.body.as_array().unwrap().len(), 0);
    let r = app
        .as_user(
            "op_a",
            Method::GET,
            "/api/v1/sla/at-risk?within_hours=0",
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    // The same list as CSV.
    let (status, body, _) = app
        .get_bytes("op_a", "/api/v1/sla/at-risk?within_hours=6&format=csv")
        .await;
    assert_eq!(status, StatusCode::OK);
    let csv = String::from_utf8(body).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "request_id,station,iccc,urgency,status,deadline_at,overwrite_at,risks"
    );
    assert_eq!(lines.len(), 3, "{csv}");
    assert!(
        lines[1].starts_with(&format!("{overwrite},PS-A,ICCC-A,")),
        "{csv}"
    );
    assert!(lines[1].ends_with(",overwrite"), "{csv}");
    assert!(lines[2].starts_with(&format!("{near},")), "{csv}");
}

/// Finding 6 of the security review: a camera named `=HYPERLINK(…)`
/// reached investigators' SLA CSV as a live formula.
#[tokio::test]
async fn csv_exports_neutralise_formulas() {
    let app = spawn_app().await;
    let cam = &app.fx.cameras["cam_a1"];
    let evil = "=HYPERLINK(\"http://evil.example/x\",\"open\")";
    let r = app
        .as_user(
            "admin_a",
            Method::PATCH,
            &format!("/api/v1/cameras/{cam}"),
            Some(json!({ "name": evil })),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    app.request_in('a', "submitted").await;
    let from = (Utc::now() - Duration::days(1)).format("%Y-%m-%d");
    let to = (Utc::now() + Duration::days(7)).format("%Y-%m-%d");
    let (status, body, _) = app
        .get_bytes(
            "inv_a",
            &format!("/api/v1/sla/summary?from={from}&to={to}&group_by=camera&format=csv"),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{}", String::from_utf8_lossy(&body));
    let csv = String::from_utf8(body).unwrap();
    let mut reader = ::csv::Reader::from_reader(csv.as_bytes());
    let names: Vec<String> = reader.records().map(|r| r.unwrap()[1].to_owned()).collect();
    assert!(names.iter().any(|n| n == &format!("'{evil}")), "{csv}");
    for cell in csv.split([',', '\n']) {
        let cell = cell.trim_matches('"');
        assert!(
            !cell.starts_with('='),
            "a live formula in the export: {csv}"
        );
    }
}
