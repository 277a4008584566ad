//! Hardening: login attempts are limited per address, every response
//! carries the security headers (HSTS when configured), and nothing is
//! authenticated by a cookie, so there is nothing for CSRF to ride on.

use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::helpers::{spawn_app_with, PASSWORD};

#[tokio::test]
async fn login_attempts_are_limited_per_address() {
    let app = spawn_app_with(|s| s.login_per_minute = 3).await;
    let attempt = |password: &str| json!({ "username": "inv_a", "password": password });
    for _ in 0..3 {
        let r = app
            .call(
                Method::POST,
                "/api/v1/auth/login",
                None,
                Some(attempt("Wrong-Password-1")),
            )
            .await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{}", r.body);
    }
    // Over the limit even the right password is not checked.
    let r = app
        .call(
            Method::POST,
            "/api/v1/auth/login",
            None,
            Some(attempt(PASSWORD)),
        )
        .await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "{}", r.body);
    assert_eq!(r.body["error"]["code"], "rate_limited");
    // The refused attempt did not count against the account.
    let failed: i32 = {
        use diesel::prelude::*;
        use sakshya::db::schema::users::dsl as u;
        u::users
            .find(&app.fx.users["inv_a"])
            .select(u::failed_logins)
            .first(&mut **app.state.db.conn().unwrap())
            .unwrap()
    };
    assert_eq!(failed, 3);
}

#[tokio::test]
async fn responses_carry_the_security_headers_and_no_cookie() {
    let app = spawn_app_with(|_| {}).await;
    let login = app
        .client
        .post(app.url("/api/v1/auth/login"))
        .json(&json!({ "username": "inv_a", "password": PASSWORD }))
        .send()
        .await
        .unwrap();
    assert_eq!(login.status(), StatusCode::OK);
    assert!(login.headers().get("set-cookie").is_none());
    for path in ["/healthz", "/api/v1/auth/me", "/", "/api/v1/openapi.json"] {
        let res = app.client.get(app.url(path)).send().await.unwrap();
        let h = res.headers();
        for (name, value) in [
            ("x-content-type-options", "nosniff"),
            ("x-frame-options", "DENY"),
            ("referrer-policy", "no-referrer"),
            ("cross-origin-opener-policy", "same-origin"),
            ("cache-control", "no-store"),
        ] {
            assert_eq!(
                h.get(name).map(|v| v.to_str().unwrap()),
                Some(value),
                "{path} {name}"
            );
        }
        assert!(h.get("permissions-policy").is_some(), "{path}");
        assert!(h.get("set-cookie").is_none(), "{path}");
        assert!(h.get("strict-transport-security").is_none(), "{path}");
    }
    let portal = app.client.get(app.url("/")).send().await.unwrap();
    let csp = portal.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(csp.contains("script-src 'self'"), "{csp}");
    assert!(!csp.contains("unsafe"), "{csp}");

    let app = spawn_app_with(|s| s.hsts_max_age_secs = 31_536_000).await;
    let res = app.client.get(app.url("/healthz")).send().await.unwrap();
    assert_eq!(
        res.headers()["strict-transport-security"],
        "max-age=31536000"
    );
}
