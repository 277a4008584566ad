//! The CISO's security events: what is recorded, lockout after failed
//! logins, bulk downloads, who may read them, filters and CSV.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::helpers::{spawn_app, spawn_app_with, TestApp, PASSWORD};

async fn login(app: &TestApp, user: &str, password: &str) -> crate::helpers::Resp {
    app.call(
        Method::POST,
        "/api/v1/auth/login",
        None,
        Some(json!({ "username": user, "password": password })),
    )
    .await
}

/// Logs in as a client at `addr`, through the trusted proxy (the test
/// server trusts 127.0.0.1's X-Forwarded-For where a test sets it).
async fn login_from(app: &TestApp, addr: &str, user: &str, password: &str) -> (StatusCode, Value) {
    let res = app
        .client
        .post(app.url("/api/v1/auth/login"))
        .header("x-forwarded-for", addr)
        .json(&json!({ "username": user, "password": password }))
        .send()
        .await
        .unwrap();
    (res.status(), res.json().await.unwrap())
}

async fn events(app: &TestApp, user: &str, query: &str) -> Value {
    let r = app
        .as_user(
            user,
            Method::GET,
            &format!("/api/v1/security-events{query}"),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{query}: {}", r.body);
    r.body
}

/// Finding 6 of the security review: the fifth failure answered 403
/// `account_locked` for real accounts (unknown names always 401), and
/// five tries from anywhere locked anyone out for 15 minutes.
#[tokio::test]
async fn failed_logins_lock_the_address_out_and_look_like_any_failure() {
    let app = spawn_app_with(|s| {
        s.login_max_failures = 3;
        s.login_lockout_minutes = 15;
        s.login_account_max_failures = 6;
        s.trusted_proxies = vec!["127.0.0.1".into()];
    })
    .await;
    let attacker = "198.51.100.66";
    for _ in 0..2 {
        let (_, b) = login_from(&app, attacker, "inv_a", "Wrong-Password-123").await;
        assert_eq!(b["error"]["code"], "invalid_credentials");
    }
    // A success in between starts the count again.
    assert_eq!(
        login_from(&app, attacker, "inv_a", PASSWORD).await.0,
        StatusCode::OK
    );
    let unknown = login_from(&app, attacker, "nobody_here", "Whatever-123").await;
    for _ in 0..3 {
        let r = login_from(&app, attacker, "inv_a", "Wrong-Password-123").await;
        assert_eq!(r, unknown, "a failure looks like an unknown user");
    }
    // Locked from that address: the right and a wrong password get the
    // unknown user's answer, so the lock neither tests passwords nor
    // tells that the account exists.
    for pw in [PASSWORD, "Another-Wrong-456"] {
        let r = login_from(&app, attacker, "inv_a", pw).await;
        assert_eq!(r, unknown, "{pw}");
    }
    // The owner, at the station's own address, is not locked out.
    assert_eq!(
        login_from(&app, "203.0.113.10", "inv_a", PASSWORD).await.0,
        StatusCode::OK
    );

    let all = events(&app, "admin_a", "?per_page=100").await;
    let kinds: Vec<&str> = all["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds.iter().filter(|k| **k == "account_locked").count(), 1);
    // 5 wrong passwords, 2 refused while locked, 1 unknown user.
    assert_eq!(kinds.iter().filter(|k| **k == "login_failed").count(), 8);
    let locked = events(&app, "admin_a", "?kind=account_locked").await;
    assert_eq!(locked["items"][0]["username"], "inv_a");
    assert_eq!(locked["items"][0]["severity"], "warning");
    assert_eq!(
        locked["items"][0]["client_ip"], attacker,
        "the client, not the proxy"
    );
    assert_eq!(locked["items"][0]["detail"]["scope"], "address");
    let unknown = events(&app, "admin_a", "?username=nobody_here").await;
    assert_eq!(unknown["total"], 1);
    assert_eq!(unknown["items"][0]["detail"]["reason"], "unknown_user");
    // No secret reaches the record.
    assert!(!all.to_string().contains("Wrong-Password-123"));

    // Failures spread over many addresses reach the account-wide backstop.
    for i in 0..6 {
        login_from(&app, &format!("192.0.2.{i}"), "inv_a", "Wrong-Password-123").await;
    }
    let r = login_from(&app, "203.0.113.10", "inv_a", PASSWORD).await;
    assert_eq!(
        r.0,
        StatusCode::UNAUTHORIZED,
        "locked for everyone: {}",
        r.1
    );
    let locked = events(&app, "admin_a", "?kind=account_locked").await;
    assert_eq!(locked["items"][0]["detail"]["scope"], "account", "{locked}");

    // The administrator's unlock (CLI) lets the user in again.
    app.state
        .db
        .write_blocking(|c| sakshya::workflow::accounts::unlock(c, "inv_a"))
        .unwrap();
    assert_eq!(
        login_from(&app, attacker, "inv_a", PASSWORD).await.0,
        StatusCode::OK
    );
}

/// Finding 8 of the security review: behind the reverse proxy every
/// client had the proxy's address; and a client must not be able to claim
/// one by sending the header itself.
#[tokio::test]
async fn the_client_address_comes_from_a_trusted_proxy_only() {
    for (trusted, want) in [(true, "198.51.100.23"), (false, "127.0.0.1")] {
        let app = spawn_app_with(|s| {
            s.login_per_minute = 2;
            if trusted {
                s.trusted_proxies = vec!["127.0.0.0/8".into()];
            }
        })
        .await;
        login_from(&app, "198.51.100.23", "op_a", "Wrong-Password-123").await;
        let ev = events(&app, "admin_a", "?kind=login_failed").await;
        assert_eq!(ev["items"][0]["client_ip"], want, "trusted {trusted}: {ev}");
        // Rate limits: per client behind the proxy, per peer otherwise.
        login_from(&app, "198.51.100.23", "op_a", "Wrong-Password-123").await;
        let other = login_from(&app, "198.51.100.99", "op_a", "Wrong-Password-123").await;
        let limited = other.1["error"]["code"] == "rate_limited";
        assert_eq!(limited, !trusted, "trusted {trusted}: {}", other.1);
    }
}

#[tokio::test]
async fn only_iccc_admins_and_auditors_read_them_filtered_and_as_csv() {
    let app = spawn_app().await;
    login(&app, "op_a", "Wrong-Password-123").await;
    for user in ["inv_a", "sup_a", "op_a", "court_a"] {
        let r = app
            .as_user(user, Method::GET, "/api/v1/security-events", None)
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{user}");
    }
    for user in ["admin_a", "auditor_a", "auditor_psa"] {
        assert_eq!(
            events(&app, user, "?kind=login_failed").await["total"],
            1,
            "{user}"
        );
    }
    for (query, code) in [
        ("?kind=nonsense", "invalid_kind"),
        ("?severity=loud", "invalid_severity"),
        ("?from=yesterday", "invalid_date"),
        ("?per_page=1000", "invalid_page"),
        ("?format=xml", "invalid_format"),
    ] {
        let r = app
            .as_user(
                "admin_a",
                Method::GET,
                &format!("/api/v1/security-events{query}"),
                None,
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{query}");
        assert_eq!(r.body["error"]["code"], code, "{query}: {}", r.body);
    }
    let (status, body, headers) = app
        .get_bytes("admin_a", "/api/v1/security-events?format=csv")
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(headers["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    let csv = String::from_utf8(body).unwrap();
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("id,at,kind,severity,username,organisation_id,client_ip,subject,detail")
    );
    let row = lines.next().unwrap();
    assert!(row.contains(",login_failed,info,op_a,"), "{row}");
    assert!(
        row.contains("\"{\"\"reason\"\":\"\"wrong_password\"\"}\""),
        "{row}"
    );
    assert_eq!(lines.next(), None);
}

#[tokio::test]
async fn another_city_s_events_stay_out_of_view() {
    let app = spawn_app().await;
    // An ICCC in another city with its own admin.
    app.state
        .db
        .write_blocking(|c| -> anyhow::Result<()> {
            sakshya::db::organisations::insert(
                c,
                &sakshya::db::organisations::OrganisationRow {
                    id: uuid::Uuid::now_v7().to_string(),
                    kind: sakshya::domain::organisation::OrgKind::Iccc,
                    code: "ICCC-NGP".into(),
                    name: "Nagpur ICCC".into(),
                    city: "Nagpur".into(),
                    created_at: sakshya::db::time::now(),
                },
            )?;
            sakshya::workflow::accounts::create_user(
                c,
                sakshya::workflow::accounts::NewUser {
                    username: "op_ngp",
                    display_name: "op_ngp",
                    role: sakshya::domain::role::Role::Operator,
                    org_code: "ICCC-NGP",
                    password_hash: crate::helpers::password_hash(),
                },
            )
            .map(|_| ())
            .map_err(Into::into)
        })
        .unwrap();
    login(&app, "op_ngp", "Wrong-Password-123").await;
    login(&app, "op_a", "Wrong-Password-123").await;
    let seen = events(&app, "admin_a", "?kind=login_failed").await;
    let names: Vec<&str> = seen["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["username"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["op_a"]);
}

#[tokio::test]
async fn bulk_downloads_raise_one_event_per_user_per_hour() {
    let app = spawn_app_with(|s| s.bulk_download_per_hour = 1).await;
    let (_, one) = app.sealed_clip().await;
    let (_, two) = app.sealed_clip_on("cam_a2", 50).await;
    for clip in [&one, &one, &two, &one, &two] {
        let (status, _, _) = app
            .get_bytes("inv_a", &format!("/api/v1/clips/{clip}/content"))
            .await;
        assert_eq!(status, StatusCode::OK);
    }
    let bulk = events(&app, "admin_a", "?kind=bulk_download").await;
    assert_eq!(bulk["total"], 1, "{bulk}");
    assert_eq!(bulk["items"][0]["username"], "inv_a");
    assert_eq!(bulk["items"][0]["severity"], "critical");
    assert_eq!(bulk["items"][0]["detail"]["clips_in_last_hour"], 2);
}

#[tokio::test]
async fn shares_and_failed_verifications_are_recorded() {
    let app = spawn_app().await;
    let (_, clip) = app.sealed_clip().await;
    let r = app
        .as_user(
            "inv_a",
            Method::POST,
            &format!("/api/v1/clips/{clip}/shares"),
            Some(json!({
                "recipient_name": "Court of the Judicial Magistrate First Class, Pune",
                "recipient_org": "COURT-A",
                "purpose": "Trial in FIR 123/2026",
                "expires_in_hours": 24,
                "max_downloads": 2
            })),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let share = r.body["share"]["id"].as_str().unwrap().to_owned();
    let r = app
        .as_user(
            "inv_a",
            Method::POST,
            &format!("/api/v1/shares/{share}/revoke"),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let r = app
        .call(
            Method::POST,
            "/api/v1/verify",
            None,
            Some(json!({ "sha256": "ab".repeat(32) })),
        )
        .await;
    assert_eq!(r.body["issued"], false);
    for (kind, subject) in [
        ("share_created", share.as_str()),
        ("share_revoked", share.as_str()),
        ("verification_failed", &"ab".repeat(32)),
    ] {
        let e = events(&app, "auditor_a", &format!("?kind={kind}")).await;
        assert_eq!(e["total"], 1, "{kind}: {e}");
        assert_eq!(e["items"][0]["subject"], subject);
    }
}
