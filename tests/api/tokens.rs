//! Access and refresh tokens: forged, expired, misdirected and replayed
//! tokens are all refused.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use chrono::Utc;
use jsonwebtoken::{encode, Algorithm, EncodingKey, Header};
use reqwest::{Method, StatusCode};
use ring::signature::Ed25519KeyPair;
use sakshya::auth::token_keys::Claims;
use serde_json::{json, Value};

use crate::helpers::{spawn_app, TestApp, PASSWORD};

fn claims_of(token: &str) -> Claims {
    let payload = token.split('.').nth(1).unwrap();
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).unwrap()).unwrap()
}

async fn me(app: &TestApp, token: &str) -> (u16, String) {
    let r = app
        .call(Method::GET, "/api/v1/auth/me", Some(token), None)
        .await;
    (r.status.as_u16(), r.code().to_owned())
}

#[tokio::test]
async fn forged_and_invalid_access_tokens_are_refused() {
    let app = spawn_app().await;
    let good = app.token("inv_a").await;
    assert_eq!(me(&app, &good).await.0, 200);
    let base = claims_of(&good);
    let kid = app.state.keys.kid().to_owned();
    let now = Utc::now().timestamp();

    // alg: none, with our kid and an empty signature.
    let header =
        URL_SAFE_NO_PAD.encode(json!({"alg": "none", "typ": "JWT", "kid": kid}).to_string());
    let body = URL_SAFE_NO_PAD.encode(serde_json::to_vec(&base).unwrap());
    assert_eq!(
        me(&app, &format!("{header}.{body}.")).await,
        (401, "invalid_token".into())
    );

    // HS256 keyed with something public: algorithm confusion.
    let mut h = Header::new(Algorithm::HS256);
    h.kid = Some(kid.clone());
    let hs = encode(&h, &base, &EncodingKey::from_secret(kid.as_bytes())).unwrap();
    assert_eq!(me(&app, &hs).await, (401, "invalid_token".into()));

    // EdDSA under our kid, but signed by another key.
    let other = Ed25519KeyPair::generate_pkcs8(&ring::rand::SystemRandom::new()).unwrap();
    let mut h = Header::new(Algorithm::EdDSA);
    h.kid = Some(kid.clone());
    let wrong_key = encode(&h, &base, &EncodingKey::from_ed_der(other.as_ref())).unwrap();
    assert_eq!(me(&app, &wrong_key).await, (401, "invalid_token".into()));

    // Our key, but an unknown kid.
    let mut h = Header::new(Algorithm::EdDSA);
    h.kid = Some("0000000000000000".into());
    let kp = std::fs::read(app.state.settings.token_key_path()).unwrap();
    let wrong_kid = encode(&h, &base, &EncodingKey::from_ed_der(&kp)).unwrap();
    assert_eq!(me(&app, &wrong_kid).await, (401, "invalid_token".into()));

    let keys = &app.state.keys;
    let expired = keys
        .sign(&Claims {
            exp: now - 3600,
            nbf: now - 7200,
            iat: now - 7200,
            ..base.clone()
        })
        .unwrap();
    assert_eq!(me(&app, &expired).await, (401, "token_expired".into()));
    let not_yet = keys
        .sign(&Claims {
            nbf: now + 3600,
            exp: now + 7200,
            ..base.clone()
        })
        .unwrap();
    assert_eq!(me(&app, &not_yet).await, (401, "invalid_token".into()));
    let wrong_aud = keys
        .sign(&Claims {
            aud: "someone-else".into(),
            ..base.clone()
        })
        .unwrap();
    assert_eq!(me(&app, &wrong_aud).await, (401, "invalid_token".into()));
    let wrong_iss = keys
        .sign(&Claims {
            iss: "evil".into(),
            ..base.clone()
        })
        .unwrap();
    assert_eq!(me(&app, &wrong_iss).await, (401, "invalid_token".into()));

    // Tampered payload: claim to be the operator, keep the signature.
    let mut parts: Vec<String> = good.split('.').map(str::to_owned).collect();
    let forged = Claims {
        sub: app.fx.users["op_a"].clone(),
        ..base.clone()
    };
    parts[1] = URL_SAFE_NO_PAD.encode(serde_json::to_vec(&forged).unwrap());
    assert_eq!(
        me(&app, &parts.join(".")).await,
        (401, "invalid_token".into())
    );

    // A validly signed token whose session does not belong to the subject.
    let cross = keys
        .sign(&Claims {
            sub: app.fx.users["op_a"].clone(),
            ..base.clone()
        })
        .unwrap();
    assert_eq!(me(&app, &cross).await, (401, "invalid_token".into()));

    assert_eq!(me(&app, "garbage").await, (401, "invalid_token".into()));
    let r = app
        .client
        .get(app.url("/api/v1/auth/me"))
        .header("authorization", format!("Basic {good}"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        me(&app, &good).await.0,
        200,
        "the genuine token still works"
    );
}

async fn login(app: &TestApp, user: &str) -> Value {
    let r = app
        .call(
            Method::POST,
            "/api/v1/auth/login",
            None,
            Some(json!({"username": user, "password": PASSWORD})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.body
}

async fn refresh(app: &TestApp, token: &Value) -> (u16, Value) {
    let r = app
        .call(
            Method::POST,
            "/api/v1/auth/refresh",
            None,
            Some(json!({"refresh_token": token})),
        )
        .await;
    (r.status.as_u16(), r.body)
}

#[tokio::test]
async fn refresh_tokens_rotate_and_replay_ends_the_session() {
    let app = spawn_app().await;
    let first = login(&app, "inv_a").await;
    let (s, second) = refresh(&app, &first["refresh_token"]).await;
    assert_eq!(s, 200, "{second}");
    assert_ne!(second["refresh_token"], first["refresh_token"]);
    assert_eq!(
        me(&app, second["access_token"].as_str().unwrap()).await.0,
        200
    );

    // Replaying the used token: refused, and the whole session ends.
    let (s, body) = refresh(&app, &first["refresh_token"]).await;
    assert_eq!(
        (s, body["error"]["code"].as_str()),
        (401, Some("refresh_token_reused"))
    );
    assert_eq!(
        me(&app, second["access_token"].as_str().unwrap()).await,
        (401, "session_revoked".into())
    );
    let (s, body) = refresh(&app, &second["refresh_token"]).await;
    assert_eq!(
        (s, body["error"]["code"].as_str()),
        (401, Some("session_revoked"))
    );

    let (s, body) = refresh(&app, &json!("made-up")).await;
    assert_eq!(
        (s, body["error"]["code"].as_str()),
        (401, Some("invalid_refresh_token"))
    );
    // Finding 6 of the security review: the replay is a security event
    // for the CISO, not only a log line.
    let ev = app
        .as_user(
            "admin_a",
            Method::GET,
            "/api/v1/security-events?kind=refresh_token_reused",
            None,
        )
        .await;
    assert_eq!(ev.body["total"], 1, "{}", ev.body);
    assert_eq!(ev.body["items"][0]["username"], "inv_a");
    assert_eq!(ev.body["items"][0]["severity"], "critical");
}

#[tokio::test]
async fn logout_revokes_access_and_refresh_tokens() {
    let app = spawn_app().await;
    let s = login(&app, "inv_a").await;
    let access = s["access_token"].as_str().unwrap();
    let r = app
        .call(Method::POST, "/api/v1/auth/logout", Some(access), None)
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    assert_eq!(me(&app, access).await, (401, "session_revoked".into()));
    let (st, body) = refresh(&app, &s["refresh_token"]).await;
    assert_eq!(
        (st, body["error"]["code"].as_str()),
        (401, Some("session_revoked"))
    );
}

#[tokio::test]
async fn wrong_passwords_and_unknown_users_look_the_same() {
    let app = spawn_app().await;
    for body in [
        json!({"username": "inv_a", "password": "wrong password 123"}),
        json!({"username": "nobody", "password": PASSWORD}),
        json!({"username": "x", "password": PASSWORD}),
    ] {
        let r = app
            .call(Method::POST, "/api/v1/auth/login", None, Some(body))
            .await;
        assert_eq!((r.status.as_u16(), r.code()), (401, "invalid_credentials"));
    }
}
