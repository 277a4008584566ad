//! TOTP: mandatory for operators and admins, enrolment, single use.

use chrono::Utc;
use reqwest::{Method, StatusCode};
use sakshya::auth::totp;
use serde_json::json;

use crate::helpers::{spawn_app, PASSWORD};

#[tokio::test]
async fn mfa_roles_need_a_code_and_each_code_works_once() {
    let app = spawn_app().await;
    let login = |code: Option<String>| {
        let mut b = json!({"username": "op_a", "password": PASSWORD});
        if let Some(c) = code {
            b["totp"] = json!(c);
        }
        b
    };
    let r = app
        .call(Method::POST, "/api/v1/auth/login", None, Some(login(None)))
        .await;
    assert_eq!((r.status.as_u16(), r.code()), (401, "mfa_required"));
    let r = app
        .call(
            Method::POST,
            "/api/v1/auth/login",
            None,
            Some(login(Some("000000".into()))),
        )
        .await;
    // A random code is right once in a million; accept only the refusal.
    assert_eq!((r.status.as_u16(), r.code()), (401, "invalid_totp"));
    let code = app.totp_now("op_a");
    let r = app
        .call(
            Method::POST,
            "/api/v1/auth/login",
            None,
            Some(login(Some(code.clone()))),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body["scope"], "api");
    let r = app
        .call(
            Method::POST,
            "/api/v1/auth/login",
            None,
            Some(login(Some(code))),
        )
        .await;
    assert_eq!((r.status.as_u16(), r.code()), (401, "totp_replayed"));
    // An older code (previous step) is refused once a newer one was used.
    let prev = totp::code_at(&app.fx.totp["op_a"], Utc::now().timestamp() as u64 - 30).unwrap();
    let r = app
        .call(
            Method::POST,
            "/api/v1/auth/login",
            None,
            Some(login(Some(prev))),
        )
        .await;
    assert_eq!(r.status.as_u16(), 401);
    assert!(
        ["totp_replayed", "invalid_totp"].contains(&r.code()),
        "{}",
        r.code()
    );
}

#[tokio::test]
async fn unenrolled_operator_must_enrol_before_using_the_api() {
    let app = spawn_app().await;
    {
        let mut c = app.state.db.conn().unwrap();
        sakshya::workflow::accounts::reset_mfa(&mut c, "op_a").unwrap();
    }
    let r = app
        .call(
            Method::POST,
            "/api/v1/auth/login",
            None,
            Some(json!({"username": "op_a", "password": PASSWORD})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body["scope"], "mfa_enrolment");
    assert!(r.body["refresh_token"].is_null());
    let enrol_token = r.body["access_token"].as_str().unwrap().to_owned();

    let r = app
        .call(Method::GET, "/api/v1/requests", Some(&enrol_token), None)
        .await;
    assert_eq!(
        (r.status.as_u16(), r.code()),
        (403, "mfa_enrolment_required")
    );
    let r = app
        .call(
            Method::POST,
            "/api/v1/auth/mfa/confirm",
            Some(&enrol_token),
            Some(json!({"code": "123456"})),
        )
        .await;
    assert_eq!((r.status.as_u16(), r.code()), (409, "mfa_not_pending"));

    let r = app
        .call(
            Method::POST,
            "/api/v1/auth/mfa/enrol",
            Some(&enrol_token),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let secret = r.body["secret"].as_str().unwrap().to_owned();
    assert!(r.body["otpauth_url"]
        .as_str()
        .unwrap()
        .starts_with("otpauth://totp/Sakshya:op_a?"));
    let r = app
        .call(
            Method::POST,
            "/api/v1/auth/mfa/confirm",
            Some(&enrol_token),
            Some(json!({"code": "000000"})),
        )
        .await;
    assert_eq!((r.status.as_u16(), r.code()), (401, "invalid_totp"));

    let code = totp::code_at(&secret, Utc::now().timestamp() as u64).unwrap();
    let r = app
        .call(
            Method::POST,
            "/api/v1/auth/mfa/confirm",
            Some(&enrol_token),
            Some(json!({"code": code})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body["scope"], "api");
    assert_eq!(r.body["user"]["mfa_enrolled"], true);
    let full = r.body["access_token"].as_str().unwrap().to_owned();
    let r = app
        .call(Method::GET, "/api/v1/requests", Some(&full), None)
        .await;
    assert_eq!(r.status, StatusCode::OK);
    // The enrolment session is over; the confirming code cannot log in.
    let r = app
        .call(Method::GET, "/api/v1/auth/me", Some(&enrol_token), None)
        .await;
    assert_eq!((r.status.as_u16(), r.code()), (401, "session_revoked"));
    let r = app
        .call(
            Method::POST,
            "/api/v1/auth/login",
            None,
            Some(json!({"username": "op_a", "password": PASSWORD, "totp": code})),
        )
        .await;
    assert_eq!((r.status.as_u16(), r.code()), (401, "totp_replayed"));
    // Enrolling twice is refused.
    let r = app
        .call(Method::POST, "/api/v1/auth/mfa/enrol", Some(&full), None)
        .await;
    assert_eq!((r.status.as_u16(), r.code()), (409, "mfa_already_enrolled"));
}
