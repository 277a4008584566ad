//! ICCC administrators manage accounts of their city from the API: roles,
//! MFA resets, unlocking; each a security event naming them.

use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::helpers::spawn_app;

#[tokio::test]
async fn admins_change_roles_reset_mfa_and_unlock_within_their_city() {
    let app = spawn_app().await;
    let op_a = app.fx.users["op_a"].clone();
    let old_token = app.token("op_a").await;

    let list = app
        .as_user("admin_a", Method::GET, "/api/v1/admin/users", None)
        .await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.body);
    let names: Vec<&str> = list
        .body
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["username"].as_str().unwrap())
        .collect();
    assert!(
        names.contains(&"op_a") && names.contains(&"inv_b"),
        "{names:?}"
    );
    let op = list
        .body
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["username"] == "op_a")
        .unwrap();
    assert_eq!(
        (op["role"].as_str(), op["mfa_enrolled"].as_bool()),
        (Some("operator"), Some(true))
    );

    // Only ICCC admins change accounts; auditors may look.
    for user in ["op_a", "inv_a", "sup_a", "court_a"] {
        let r = app
            .as_user(user, Method::GET, "/api/v1/admin/users", None)
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{user}");
    }
    let r = app
        .as_user("auditor_a", Method::GET, "/api/v1/admin/users", None)
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let r = app
        .as_user(
            "auditor_a",
            Method::POST,
            &format!("/api/v1/admin/users/{op_a}/mfa-reset"),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);

    // A role must fit the organisation; nobody changes their own.
    let role = |r: &str| Some(json!({ "role": r }));
    let path = format!("/api/v1/admin/users/{op_a}/role");
    let r = app
        .as_user("admin_a", Method::POST, &path, role("investigator"))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.body["error"]["code"], "role_does_not_fit_organisation");
    let r = app
        .as_user("admin_a", Method::POST, &path, role("emperor"))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let own = format!("/api/v1/admin/users/{}/role", app.fx.users["admin_a"]);
    let r = app
        .as_user("admin_a", Method::POST, &own, role("operator"))
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = app
        .as_user(
            "admin_a",
            Method::POST,
            "/api/v1/admin/users/nobody/role",
            role("operator"),
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);

    let r = app
        .as_user("admin_a", Method::POST, &path, role("iccc_admin"))
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    // The user's sessions ended with the change.
    let me = app
        .call(Method::GET, "/api/v1/auth/me", Some(&old_token), None)
        .await;
    assert_eq!(me.status, StatusCode::UNAUTHORIZED);

    let r = app
        .as_user(
            "admin_a",
            Method::POST,
            &format!("/api/v1/admin/users/{op_a}/mfa-reset"),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    let r = app
        .as_user(
            "admin_a",
            Method::POST,
            &format!("/api/v1/admin/users/{op_a}/unlock"),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    let list = app
        .as_user("admin_a", Method::GET, "/api/v1/admin/users", None)
        .await;
    let op = list
        .body
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["username"] == "op_a")
        .unwrap()
        .clone();
    assert_eq!(
        (op["role"].as_str(), op["mfa_enrolled"].as_bool()),
        (Some("iccc_admin"), Some(false))
    );

    // Each change names the administrator.
    let ev = app
        .as_user(
            "admin_b",
            Method::GET,
            "/api/v1/security-events?per_page=100",
            None,
        )
        .await;
    for kind in ["role_changed", "mfa_reset", "account_locked"] {
        let e = ev.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["kind"] == kind)
            .unwrap_or_else(|| panic!("{kind} missing: {}", ev.body));
        assert_eq!(e["username"], "admin_a", "{kind}");
        assert_eq!(e["subject"], op_a.as_str());
    }
}
