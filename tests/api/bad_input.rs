//! Bad input gets a 4xx with a stable code, and nothing is written.

use chrono::{Duration, Utc};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::helpers::spawn_app;

fn with(mut base: Value, path: &[&str], v: Value) -> Value {
    let mut cur = &mut base;
    for (i, k) in path.iter().enumerate() {
        if i + 1 == path.len() {
            if v.is_null() {
                cur.as_object_mut().unwrap().remove(*k);
            } else {
                cur[*k] = v.clone();
            }
        } else if let Ok(n) = k.parse::<usize>() {
            cur = &mut cur[n];
        } else {
            cur = &mut cur[*k];
        }
    }
    base
}

#[tokio::test]
async fn bad_filings_are_refused_and_nothing_is_written() {
    let app = spawn_app().await;
    let good = app.filing("cam_a1");
    let now = Utc::now();
    let before = app.counts();
    let cases: Vec<(&str, Value, StatusCode, &str)> = vec![
        (
            "unknown field",
            with(good.clone(), &["colour"], json!("red")),
            StatusCode::BAD_REQUEST,
            "unknown_field",
        ),
        (
            "missing field",
            with(good.clone(), &["purpose"], Value::Null),
            StatusCode::BAD_REQUEST,
            "missing_field",
        ),
        (
            "wrong type",
            with(good.clone(), &["items"], json!("cam")),
            StatusCode::BAD_REQUEST,
            "invalid_field",
        ),
        (
            "bad timestamp",
            with(good.clone(), &["incident_at"], json!("yesterday")),
            StatusCode::BAD_REQUEST,
            "invalid_field",
        ),
        (
            "no FIR or GD",
            with(good.clone(), &["fir_number"], Value::Null),
            StatusCode::UNPROCESSABLE_ENTITY,
            "missing_case_reference",
        ),
        (
            "blank FIR",
            with(good.clone(), &["fir_number"], json!("   ")),
            StatusCode::UNPROCESSABLE_ENTITY,
            "missing_case_reference",
        ),
        (
            "bad FIR",
            with(good.clone(), &["fir_number"], json!("'; DROP TABLE x")),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_fir_number",
        ),
        (
            "bad BNS",
            with(good.clone(), &["bns_sections"], json!(["murder"])),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_bns_section",
        ),
        (
            "bad urgency",
            with(good.clone(), &["urgency"], json!("asap")),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_urgency",
        ),
        (
            "end before start",
            with(
                good.clone(),
                &["items", "0", "end"],
                json!((now - Duration::hours(10)).to_rfc3339()),
            ),
            StatusCode::UNPROCESSABLE_ENTITY,
            "window_end_before_start",
        ),
        (
            "window too long",
            with(
                good.clone(),
                &["items", "0", "start"],
                json!((now - Duration::hours(20)).to_rfc3339()),
            ),
            StatusCode::UNPROCESSABLE_ENTITY,
            "window_too_long",
        ),
        (
            "window in future",
            with(
                with(
                    good.clone(),
                    &["items", "0", "start"],
                    json!((now + Duration::hours(1)).to_rfc3339()),
                ),
                &["items", "0", "end"],
                json!((now + Duration::hours(2)).to_rfc3339()),
            ),
            StatusCode::UNPROCESSABLE_ENTITY,
            "window_in_future",
        ),
        (
            "unknown camera",
            with(
                good.clone(),
                &["items", "0", "camera_id"],
                json!("no-such-camera"),
            ),
            StatusCode::UNPROCESSABLE_ENTITY,
            "unknown_camera",
        ),
        (
            "no items",
            with(good.clone(), &["items"], json!([])),
            StatusCode::UNPROCESSABLE_ENTITY,
            "no_items",
        ),
        (
            "incident in future",
            with(
                good.clone(),
                &["incident_at"],
                json!((now + Duration::days(1)).to_rfc3339()),
            ),
            StatusCode::UNPROCESSABLE_ENTITY,
            "incident_in_future",
        ),
        (
            "empty purpose",
            with(good.clone(), &["purpose"], json!("  ")),
            StatusCode::UNPROCESSABLE_ENTITY,
            "field_required",
        ),
    ];
    for (label, body, status, code) in cases {
        let r = app
            .as_user("inv_a", Method::POST, "/api/v1/requests", Some(body))
            .await;
        assert_eq!((r.status, r.code()), (status, code), "{label}: {}", r.body);
        assert!(
            r.body["error"]["message"]
                .as_str()
                .is_some_and(|m| !m.is_empty()),
            "{label}"
        );
    }
    // Two ICCCs in one request.
    let mut two = good.clone();
    let second = with(
        good["items"][0].clone(),
        &["camera_id"],
        json!(app.fx.cameras["cam_b1"]),
    );
    two["items"].as_array_mut().unwrap().push(second);
    let r = app
        .as_user("inv_a", Method::POST, "/api/v1/requests", Some(two))
        .await;
    assert_eq!(
        (r.status, r.code()),
        (StatusCode::UNPROCESSABLE_ENTITY, "items_span_iccc")
    );
    // Too many items.
    let mut many = good.clone();
    let item = good["items"][0].clone();
    many["items"] = json!(vec![item; 51]);
    let r = app
        .as_user("inv_a", Method::POST, "/api/v1/requests", Some(many))
        .await;
    assert_eq!(
        (r.status, r.code()),
        (StatusCode::UNPROCESSABLE_ENTITY, "too_many_items")
    );

    assert_eq!(app.counts(), before, "a refused filing wrote rows");
}

#[tokio::test]
async fn malformed_oversized_and_mistyped_bodies() {
    let app = spawn_app().await;
    let before = app.counts();
    let r = app
        .raw(
            "inv_a",
            Method::POST,
            "/api/v1/requests",
            "application/json",
            b"{\"fir_number\": ".to_vec(),
        )
        .await;
    assert_eq!((r.status.as_u16(), r.code()), (400, "malformed_json"));
    let r = app
        .raw(
            "inv_a",
            Method::POST,
            "/api/v1/requests",
            "application/json",
            b"not json".to_vec(),
        )
        .await;
    assert_eq!((r.status.as_u16(), r.code()), (400, "malformed_json"));
    let big = format!("{{\"purpose\": \"{}\"}}", "x".repeat(70 * 1024));
    let r = app
        .raw(
            "inv_a",
            Method::POST,
            "/api/v1/requests",
            "application/json",
            big.into_bytes(),
        )
        .await;
    assert_eq!((r.status.as_u16(), r.code()), (413, "payload_too_large"));
    let r = app
        .raw(
            "inv_a",
            Method::POST,
            "/api/v1/requests",
            "text/plain",
            b"{}".to_vec(),
        )
        .await;
    assert_eq!(
        (r.status.as_u16(), r.code()),
        (415, "unsupported_media_type")
    );
    assert_eq!(app.counts(), before);

    // Transition bodies are checked too, and refusals write nothing.
    let id = app.request_in('a', "draft").await;
    let before = app.counts();
    let path = format!("/api/v1/requests/{id}/submit");
    let r = app
        .raw(
            "inv_a",
            Method::POST,
            &path,
            "application/json",
            b"{oops".to_vec(),
        )
        .await;
    assert_eq!((r.status.as_u16(), r.code()), (400, "malformed_json"));
    let r = app
        .raw(
            "inv_a",
            Method::POST,
            &path,
            "application/json",
            br#"{"why": 1}"#.to_vec(),
        )
        .await;
    assert_eq!((r.status.as_u16(), r.code()), (400, "unknown_field"));
    let r = app
        .raw(
            "inv_a",
            Method::POST,
            &path,
            "application/json",
            br#"{"reason_code": "because"}"#.to_vec(),
        )
        .await;
    assert_eq!((r.status.as_u16(), r.code()), (422, "invalid_reason_code"));
    let r = app.act("inv_a", &id, "teleport", None).await;
    assert_eq!((r.status.as_u16(), r.code()), (404, "not_found"));
    let r = app
        .act(
            "inv_a",
            "00000000-0000-0000-0000-000000000000",
            "submit",
            None,
        )
        .await;
    assert_eq!((r.status.as_u16(), r.code()), (404, "not_found"));
    assert_eq!(app.counts(), before);
}

#[tokio::test]
async fn bad_camera_input() {
    let app = spawn_app().await;
    let good = json!({"code": "NEW-01", "name": "New junction", "latitude": 18.5, "longitude": 73.8,
        "make": "Dahua", "model": "IPC", "serial": "X1", "mac": "00:1a:2b:3c:4d:5e", "retention_days": 30});
    for (label, body, code) in [
        (
            "bad code",
            with(good.clone(), &["code"], json!("../etc")),
            "invalid_camera_code",
        ),
        (
            "bad latitude",
            with(good.clone(), &["latitude"], json!(123.0)),
            "invalid_coordinates",
        ),
        (
            "bad mac",
            with(good.clone(), &["mac"], json!("zz")),
            "invalid_mac",
        ),
        (
            "bad retention",
            with(good.clone(), &["retention_days"], json!(0)),
            "invalid_retention",
        ),
        (
            "bad status",
            with(good.clone(), &["status"], json!("broken")),
            "invalid_camera_status",
        ),
    ] {
        let r = app
            .as_user("admin_a", Method::POST, "/api/v1/cameras", Some(body))
            .await;
        assert_eq!((r.status.as_u16(), r.code()), (422, code), "{label}");
    }
    let r = app
        .as_user(
            "admin_a",
            Method::POST,
            "/api/v1/cameras",
            Some(good.clone()),
        )
        .await;
    assert_eq!(r.status.as_u16(), 201, "{}", r.body);
    assert_eq!(r.body["mac"], "00:1A:2B:3C:4D:5E");
    let r = app
        .as_user(
            "admin_a",
            Method::POST,
            "/api/v1/cameras",
            Some(with(good, &["code"], json!("new-01"))),
        )
        .await;
    assert_eq!(
        (r.status.as_u16(), r.code()),
        (409, "duplicate_camera_code")
    );
    let id = &app.fx.cameras["cam_a1"];
    let r = app
        .as_user(
            "admin_a",
            Method::PATCH,
            &format!("/api/v1/cameras/{id}"),
            Some(json!({"code": "X"})),
        )
        .await;
    assert_eq!(
        (r.status.as_u16(), r.code()),
        (400, "unknown_field"),
        "the code is immutable"
    );
    let r = app
        .as_user(
            "admin_a",
            Method::PATCH,
            &format!("/api/v1/cameras/{id}"),
            Some(json!({"latitude": -91.0})),
        )
        .await;
    assert_eq!((r.status.as_u16(), r.code()), (422, "invalid_coordinates"));
    let r = app
        .as_user(
            "admin_a",
            Method::GET,
            &format!("/api/v1/cameras/{id}"),
            None,
        )
        .await;
    assert_eq!(r.body["latitude"], 18.5203, "refused patch changed nothing");
}

/// Finding 6 of the security review: bidi overrides and zero-width
/// characters were accepted in free text that lands in PDFs and
/// manifests. They are refused at the edge and nothing is written; Hindi
/// and Marathi joiners inside words are kept.
#[tokio::test]
async fn direction_overrides_and_invisible_characters_are_refused() {
    let app = spawn_app().await;
    let before = app.counts();
    for (field, value) in [
        ("purpose", "Identify the vehicle \u{202E}gpj.exe"),
        ("incident_place", "MG Road\u{200B}junction"),
        ("notice_reference", "BNSS-94\u{2066}/2026\u{2069}"),
    ] {
        let mut body = app.filing("cam_a1");
        body[field] = json!(value);
        let r = app
            .as_user("inv_a", Method::POST, "/api/v1/requests", Some(body))
            .await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{field}: {}",
            r.body
        );
        assert_eq!(r.body["error"]["code"], "invalid_characters");
    }
    assert_eq!(app.counts(), before, "nothing written");
    let mut body = app.filing("cam_a1");
    body["incident_place"] = json!("कर्वे रोड, पुणे; र्\u{200D}या");
    let r = app
        .as_user("inv_a", Method::POST, "/api/v1/requests", Some(body))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let id = r.body["id"].as_str().unwrap().to_owned();
    let r = app
        .act(
            "inv_a",
            &id,
            "withdraw",
            Some(json!({ "comment": "filed twice \u{202E}" })),
        )
        .await;
    assert_eq!(r.body["error"]["code"], "invalid_characters", "{}", r.body);
}

/// Every error code is documented in the OpenAPI document (the schema of
/// `error.code` lists them all), and each has one HTTP status.
#[tokio::test]
async fn every_error_code_is_in_the_openapi_document() {
    let app = spawn_app().await;
    let r = app
        .call(Method::GET, "/api/v1/openapi.json", None, None)
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let listed: Vec<&str> = r.body["components"]["schemas"]["ErrorCode"]["enum"]
        .as_array()
        .unwrap_or_else(|| {
            panic!(
                "no ErrorCode schema: {}",
                r.body["components"]["schemas"]["ErrorDetail"]
            )
        })
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    for c in sakshya::error::ErrorCode::ALL {
        assert!(
            listed.contains(&c.as_str()),
            "{c} is not in the OpenAPI document"
        );
    }
    assert_eq!(listed.len(), sakshya::error::ErrorCode::ALL.len());
}
