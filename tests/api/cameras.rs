//! Camera registry: proximity search and admin edits.

use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::helpers::spawn_app;

#[tokio::test]
async fn near_lists_cameras_within_radius_nearest_first() {
    let app = spawn_app().await;
    // A point on FC Road, a few metres from CAM-A1.
    let r = app
        .as_user(
            "inv_a",
            Method::GET,
            "/api/v1/cameras?near=18.5204,73.8411&radius_m=2000",
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let items = r.body["items"].as_array().unwrap();
    let codes: Vec<&str> = items.iter().map(|c| c["code"].as_str().unwrap()).collect();
    assert_eq!(
        codes,
        ["CAM-A1", "CAM-A2", "CAM-A3"],
        "Mumbai's CAM-B1 is out of range"
    );
    let d: Vec<f64> = items
        .iter()
        .map(|c| c["distance_m"].as_f64().unwrap())
        .collect();
    assert!(d[0] < 20.0 && d.windows(2).all(|w| w[0] <= w[1]), "{d:?}");
    let r = app
        .as_user(
            "inv_a",
            Method::GET,
            "/api/v1/cameras?near=18.5204,73.8411&radius_m=500",
            None,
        )
        .await;
    assert_eq!(r.body["total"], 1);
    let r = app
        .as_user(
            "inv_a",
            Method::GET,
            "/api/v1/cameras?near=100,73&radius_m=500",
            None,
        )
        .await;
    assert_eq!((r.status.as_u16(), r.code()), (422, "invalid_coordinates"));
    let r = app
        .as_user(
            "inv_a",
            Method::GET,
            "/api/v1/cameras?near=18.5,73.8&radius_m=999999",
            None,
        )
        .await;
    assert_eq!((r.status.as_u16(), r.code()), (422, "invalid_radius"));
    let r = app
        .as_user("inv_a", Method::GET, "/api/v1/cameras", None)
        .await;
    assert_eq!(r.body["total"], 4);
    let iccc_b = &app.fx.orgs["ICCC-B"];
    let r = app
        .as_user(
            "inv_a",
            Method::GET,
            &format!("/api/v1/cameras?iccc={iccc_b}"),
            None,
        )
        .await;
    assert_eq!(r.body["total"], 1);
}

#[tokio::test]
async fn admin_edits_own_cameras() {
    let app = spawn_app().await;
    let id = &app.fx.cameras["cam_a2"];
    let r = app
        .as_user(
            "admin_a",
            Method::PATCH,
            &format!("/api/v1/cameras/{id}"),
            Some(json!({"status": "offline", "retention_days": 45, "mac": "a0-b1-c2-d3-e4-f5"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(
        (r.body["status"].as_str(), r.body["retention_days"].as_i64()),
        (Some("offline"), Some(45))
    );
    assert_eq!(r.body["mac"], "A0:B1:C2:D3:E4:F5");
    let r = app
        .as_user(
            "admin_a",
            Method::PATCH,
            &format!("/api/v1/cameras/{id}"),
            Some(json!({"mac": ""})),
        )
        .await;
    assert!(r.body["mac"].is_null());
    let r = app
        .as_user("inv_a", Method::GET, "/api/v1/cameras?status=offline", None)
        .await;
    assert_eq!(r.body["total"], 1);
    // A decommissioned camera cannot be requested.
    app.as_user(
        "admin_a",
        Method::PATCH,
        &format!("/api/v1/cameras/{id}"),
        Some(json!({"status": "decommissioned"})),
    )
    .await;
    let r = app
        .as_user(
            "inv_a",
            Method::POST,
            "/api/v1/requests",
            Some(app.filing("cam_a2")),
        )
        .await;
    assert_eq!(
        (r.status.as_u16(), r.code()),
        (422, "camera_decommissioned")
    );
}

/// Finding 6 of the security review: camera codes were global and named
/// the recordings folder, so one ICCC could register a code whose folder
/// another ICCC's recorder writes, and receive that footage.
#[tokio::test]
async fn camera_codes_and_recordings_folders_belong_to_one_iccc() {
    use chrono::{Duration, Utc};
    let app = spawn_app().await;
    let body = |code: &str| {
        json!({
            "code": code, "name": "Station Road", "latitude": 18.53, "longitude": 73.85,
            "make": "Hikvision", "model": "DS-2CD2143G2-I", "serial": "SN-X1", "retention_days": 30
        })
    };
    // ICCC-A's recorder already writes a camera ICCC-A has not registered.
    let t0 = Utc::now() - Duration::minutes(20);
    let path = app
        .state
        .services
        .layout
        .segment_path("ICCC-A", "CAM-A9", t0, "mp4");
    sakshya::media::demo_footage::write_segment(&path, "CAM-A9", t0, 5, &crate::helpers::TINY)
        .unwrap();
    // ICCC-B registers that code for itself: allowed (codes are per ICCC),
    // and it gets none of ICCC-A's footage.
    let r = app
        .as_user(
            "admin_b",
            Method::POST,
            "/api/v1/cameras",
            Some(body("CAM-A9")),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let theirs = r.body["id"].as_str().unwrap().to_owned();
    let report = app.index();
    assert_eq!(report.indexed, 0, "{report:?}");
    assert_eq!(report.unknown_cameras, vec!["ICCC-A/CAM-A9".to_owned()]);
    let mut c = app.state.db.conn().unwrap();
    assert!(sakshya::db::segments::known_paths(&mut c, &theirs)
        .unwrap()
        .is_empty());
    drop(c);
    // Once ICCC-A registers it, the footage is its own; a second CAM-A9 in
    // ICCC-A is a conflict.
    let r = app
        .as_user(
            "admin_a",
            Method::POST,
            "/api/v1/cameras",
            Some(body("CAM-A9")),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let ours = r.body["id"].as_str().unwrap().to_owned();
    let r = app
        .as_user(
            "admin_a",
            Method::POST,
            "/api/v1/cameras",
            Some(body("CAM-A9")),
        )
        .await;
    assert_eq!(
        r.body["error"]["code"], "duplicate_camera_code",
        "{}",
        r.body
    );
    assert_eq!(app.index().indexed, 1);
    let mut c = app.state.db.conn().unwrap();
    let paths = sakshya::db::segments::known_paths(&mut c, &ours).unwrap();
    assert_eq!(paths.len(), 1);
    assert!(paths[0].starts_with("ICCC-A/CAM-A9/"), "{paths:?}");
    assert!(sakshya::db::segments::known_paths(&mut c, &theirs)
        .unwrap()
        .is_empty());
}
