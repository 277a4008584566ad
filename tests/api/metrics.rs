//! `GET /metrics`: off without a token, refused with a wrong one, and
//! the figures the monitoring system needs when asked properly.

use chrono::{Duration, Utc};
use reqwest::StatusCode;

use crate::helpers::{spawn_app, spawn_app_with};
use crate::sla::open_request;

#[tokio::test]
async fn metrics_need_their_own_token_and_report_the_service() {
    let app = spawn_app().await;
    let res = reqwest::get(app.url("/metrics")).await.unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND, "off without a token");

    let app =
        spawn_app_with(|s| s.metrics_token = Some("metrics-secret-0123456789".to_owned().into()))
            .await;
    let (_, _) = app.sealed_clip().await;
    // An open request past its deadline: ICCC A's rate is 0 of 1.
    let now = Utc::now();
    open_request(
        &app,
        "cam_a2",
        now - Duration::hours(30),
        (now - Duration::hours(33), now - Duration::hours(32)),
    );

    let get = |token: Option<&'static str>| {
        let mut req = app.client.get(app.url("/metrics"));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        req.send()
    };
    assert_eq!(get(None).await.unwrap().status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        get(Some("metrics-secret-wrong")).await.unwrap().status(),
        StatusCode::UNAUTHORIZED
    );
    // A user's access token is not the metrics token.
    let user = app.token("admin_a").await;
    let res = app
        .client
        .get(app.url("/metrics"))
        .bearer_auth(user)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);

    let res = get(Some("metrics-secret-0123456789")).await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let text = res.text().await.unwrap();
    for needle in [
        "sakshya_requests{state=\"fulfilled\"} 1",
        "sakshya_requests{state=\"approved\"} 1",
        "sakshya_fulfilment_rate{iccc=\"ICCC-A\"} 0",
        "sakshya_http_request_duration_seconds_bucket{method=\"POST\",route=\"/api/v1/requests\",status=\"201\"",
    ] {
        assert!(text.contains(needle), "{needle} missing from:\n{text}");
    }
    // Process-wide counters (other tests in this process extract too).
    let value = |name: &str| -> f64 {
        text.lines()
            .find(|l| l.starts_with(&format!("{name} ")))
            .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
            .unwrap_or_else(|| panic!("{name} missing"))
    };
    assert!(value("sakshya_extraction_duration_seconds_count") >= 1.0);
    let bytes: u64 = text
        .lines()
        .find(|l| l.starts_with("sakshya_extraction_bytes_total "))
        .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        .unwrap();
    assert!(bytes > 1000, "{bytes}");
    assert!(!text.contains("metrics-secret"), "the token never appears");
}

#[tokio::test]
async fn metrics_can_be_served_on_their_own_address_instead() {
    let app = spawn_app_with(|s| s.metrics_bind = Some("127.0.0.1:0".into())).await;
    let port = app.metrics_port.expect("the metrics listener is bound");
    let res = reqwest::get(format!("http://127.0.0.1:{port}/metrics"))
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let text = res.text().await.unwrap();
    assert!(text.contains("sakshya_"), "{text}");
    // Only metrics there: the API is not reachable on that address.
    let res = reqwest::get(format!("http://127.0.0.1:{port}/api/v1/openapi.json"))
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    // And the main address still wants a token (none is set: off).
    let res = reqwest::get(app.url("/metrics")).await.unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
}
