//! Every endpoint × every role × own and other organisation, with the
//! status each must get. The expectations are written out by hand, not
//! computed by the rules under test.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::helpers::{spawn_app, TestApp};

/// Users of organisation side "A", in column order for the tables below.
const WHO: [&str; 7] = [
    "inv_a",
    "sup_a",
    "op_a",
    "admin_a",
    "court_a",
    "auditor_a",
    "auditor_psa",
];

async fn expect_row(
    app: &TestApp,
    label: &str,
    method: Method,
    path: &str,
    body: Option<Value>,
    expected: [u16; 7],
) {
    for (who, want) in WHO.iter().zip(expected) {
        let body = body.clone().map(|b| {
            let s = b
                .to_string()
                .replace("{who}", &who.replace('_', "-").to_uppercase());
            serde_json::from_str::<Value>(&s).unwrap()
        });
        let r = app.as_user(who, method.clone(), path, body).await;
        assert_eq!(
            r.status.as_u16(),
            want,
            "{label}: {who} {method} {path}: {}",
            r.body
        );
    }
}

#[tokio::test]
async fn read_and_registry_endpoints() {
    let app = spawn_app().await;
    let own = app.request_in('a', "endorsed").await;
    let other = app.request_in('b', "endorsed").await;
    let (a1, b1) = (
        app.fx.cameras["cam_a1"].clone(),
        app.fx.cameras["cam_b1"].clone(),
    );

    expect_row(&app, "me", Method::GET, "/api/v1/auth/me", None, [200; 7]).await;
    let cams = [200, 200, 200, 200, 403, 200, 200];
    expect_row(
        &app,
        "list cameras",
        Method::GET,
        "/api/v1/cameras",
        None,
        cams,
    )
    .await;
    expect_row(
        &app,
        "own camera",
        Method::GET,
        &format!("/api/v1/cameras/{a1}"),
        None,
        cams,
    )
    .await;
    expect_row(
        &app,
        "other camera",
        Method::GET,
        &format!("/api/v1/cameras/{b1}"),
        None,
        cams,
    )
    .await;
    let new_cam = json!({"code": "NEW-{who}", "name": "New junction", "latitude": 18.5, "longitude": 73.8,
        "make": "Dahua", "model": "IPC-HFW2431S", "serial": "X1", "retention_days": 30});
    expect_row(
        &app,
        "create camera",
        Method::POST,
        "/api/v1/cameras",
        Some(new_cam),
        [403, 403, 403, 201, 403, 403, 403],
    )
    .await;
    let rename = json!({"name": "Renamed"});
    expect_row(
        &app,
        "patch own camera",
        Method::PATCH,
        &format!("/api/v1/cameras/{a1}"),
        Some(rename.clone()),
        [403, 403, 403, 200, 403, 403, 403],
    )
    .await;
    expect_row(
        &app,
        "patch other camera",
        Method::PATCH,
        &format!("/api/v1/cameras/{b1}"),
        Some(rename),
        [403; 7],
    )
    .await;
    expect_row(
        &app,
        "file request",
        Method::POST,
        "/api/v1/requests",
        Some(app.filing("cam_a1")),
        [201, 403, 403, 403, 403, 403, 403],
    )
    .await;
    expect_row(
        &app,
        "own request",
        Method::GET,
        &format!("/api/v1/requests/{own}"),
        None,
        [200, 200, 200, 200, 404, 200, 200],
    )
    .await;
    expect_row(
        &app,
        "other request",
        Method::GET,
        &format!("/api/v1/requests/{other}"),
        None,
        [404; 7],
    )
    .await;
    expect_row(
        &app,
        "retention overview",
        Method::GET,
        "/api/v1/retention",
        None,
        [403, 403, 403, 200, 403, 200, 200],
    )
    .await;
    // No notice is attached yet: those who see the request get 404 for the
    // notice, like everyone else; only the filing station could attach one,
    // and only to a draft (this one is endorsed).
    expect_row(
        &app,
        "own notice",
        Method::GET,
        &format!("/api/v1/requests/{own}/notice"),
        None,
        [404; 7],
    )
    .await;

    // Listings show exactly what the scope allows.
    let sees_own = [true, true, true, true, false, true, true];
    for (who, want) in WHO.iter().zip(sees_own) {
        let r = app
            .as_user(who, Method::GET, "/api/v1/requests?per_page=100", None)
            .await;
        assert_eq!(r.status, StatusCode::OK);
        let ids: Vec<&str> = r.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["id"].as_str().unwrap())
            .collect();
        assert_eq!(ids.contains(&own.as_str()), want, "{who} list: {ids:?}");
        assert!(
            !ids.contains(&other.as_str()),
            "{who} sees another organisation's request"
        );
    }
}

#[tokio::test]
async fn transitions_by_role_and_organisation() {
    let app = spawn_app().await;
    // (action, source state, body, expected per WHO column)
    let rows: [(&str, &str, Value, [u16; 7]); 7] = [
        (
            "submit",
            "draft",
            json!({}),
            [200, 403, 404, 404, 404, 404, 403],
        ),
        (
            "endorse",
            "submitted",
            json!({}),
            [403, 200, 404, 404, 404, 404, 403],
        ),
        (
            "return",
            "submitted",
            json!({"comment": "incomplete"}),
            [403, 200, 404, 404, 404, 404, 403],
        ),
        (
            "review",
            "endorsed",
            json!({}),
            [403, 403, 200, 403, 404, 403, 403],
        ),
        (
            "approve",
            "endorsed",
            json!({}),
            [403, 403, 200, 403, 404, 403, 403],
        ),
        (
            "reject",
            "endorsed",
            json!({"reason_code": "rejected_invalid_request"}),
            [403, 403, 200, 403, 404, 403, 403],
        ),
        (
            "withdraw",
            "endorsed",
            json!({"comment": "no longer needed"}),
            [200, 403, 403, 403, 404, 403, 403],
        ),
    ];
    for (action, state, body, expected) in rows {
        let own = app.request_in('a', state).await;
        let other = app.request_in('b', state).await;
        // Try the refused users first: a refusal changes nothing, so the
        // one permitted user still finds the request in its source state.
        let mut order: Vec<usize> = (0..7).collect();
        order.sort_by_key(|&i| expected[i] == 200);
        for i in order {
            let who = WHO[i];
            let r = app.act(who, &other, action, Some(body.clone())).await;
            assert_eq!(
                r.status,
                StatusCode::NOT_FOUND,
                "{who} {action} other org's {state} request: {}",
                r.body
            );
            let r = app.act(who, &own, action, Some(body.clone())).await;
            assert_eq!(
                r.status.as_u16(),
                expected[i],
                "{who} {action} own {state} request: {}",
                r.body
            );
        }
    }
}

#[tokio::test]
async fn every_protected_endpoint_requires_a_token() {
    let app = spawn_app().await;
    let id = app.request_in('a', "draft").await;
    for (m, p) in [
        (Method::GET, "/api/v1/auth/me".to_owned()),
        (Method::POST, "/api/v1/auth/logout".to_owned()),
        (Method::POST, "/api/v1/auth/mfa/enrol".to_owned()),
        (Method::POST, "/api/v1/auth/mfa/confirm".to_owned()),
        (Method::GET, "/api/v1/cameras".to_owned()),
        (Method::POST, "/api/v1/cameras".to_owned()),
        (
            Method::GET,
            format!("/api/v1/cameras/{}", app.fx.cameras["cam_a1"]),
        ),
        (
            Method::PATCH,
            format!("/api/v1/cameras/{}", app.fx.cameras["cam_a1"]),
        ),
        (Method::GET, "/api/v1/requests".to_owned()),
        (Method::POST, "/api/v1/requests".to_owned()),
        (Method::GET, format!("/api/v1/requests/{id}")),
        (Method::POST, format!("/api/v1/requests/{id}/submit")),
    ] {
        let r = app.call(m.clone(), &p, None, Some(json!({}))).await;
        assert_eq!(
            (r.status, r.code()),
            (StatusCode::UNAUTHORIZED, "unauthenticated"),
            "{m} {p}"
        );
    }
}
