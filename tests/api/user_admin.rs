//! Each organisation's administrators manage its own accounts from the
//! API (roles, MFA resets, unlocking), nobody else's; a change to an
//! administrator's access needs a second administrator. Each change is a
//! security event naming them.

use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::helpers::{spawn_app, TestApp};

async fn names(app: &TestApp, user: &str) -> Vec<String> {
    let list = app
        .as_user(user, Method::GET, "/api/v1/admin/users", None)
        .await;
    assert_eq!(list.status, StatusCode::OK, "{user}: {}", list.body);
    list.body
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["username"].as_str().unwrap().to_owned())
        .collect()
}

/// Finding 2 of the security review: an ICCC administrator administered
/// every account in the city.
#[tokio::test]
async fn each_organisation_administers_only_its_own_accounts() {
    let app = spawn_app().await;
    let u = |n: &str| app.fx.users[n].clone();

    let iccc_a = names(&app, "admin_a").await;
    for n in ["op_a", "admin_a2", "auditor_a"] {
        assert!(iccc_a.contains(&n.to_owned()), "{n}: {iccc_a:?}");
    }
    for n in ["op_b", "admin_b", "inv_a", "sup_a", "court_a", "stadmin_a"] {
        assert!(!iccc_a.contains(&n.to_owned()), "{n}: {iccc_a:?}");
    }
    let station = names(&app, "stadmin_a").await;
    assert!(station.contains(&"inv_a".to_owned()) && !station.contains(&"inv_b".to_owned()));
    assert!(names(&app, "courtadmin_a")
        .await
        .contains(&"court_a".to_owned()));

    // Another organisation's accounts look absent, for every action.
    for (admin, target) in [
        ("admin_a", "op_b"),
        ("admin_a", "admin_b"),
        ("admin_a", "inv_a"),
        ("admin_a", "court_a"),
        ("stadmin_a", "inv_b"),
        ("stadmin_a", "op_a"),
        ("courtadmin_a", "inv_a"),
    ] {
        for (action, body) in [
            ("role", Some(json!({ "role": "auditor" }))),
            ("mfa-reset", None),
            ("unlock", None),
        ] {
            let r = app
                .as_user(
                    admin,
                    Method::POST,
                    &format!("/api/v1/admin/users/{}/{action}", u(target)),
                    body.clone(),
                )
                .await;
            assert_eq!(
                r.status,
                StatusCode::NOT_FOUND,
                "{admin} {action} {target}: {}",
                r.body
            );
        }
    }
    // Only administrators change accounts; auditors may look.
    for user in ["op_a", "inv_a", "sup_a", "court_a"] {
        let r = app
            .as_user(user, Method::GET, "/api/v1/admin/users", None)
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{user}");
    }
    let r = app
        .as_user(
            "auditor_a",
            Method::POST,
            &format!("/api/v1/admin/users/{}/mfa-reset", u("op_a")),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);

    // The station's own administrator manages its people.
    let r = app
        .as_user(
            "stadmin_a",
            Method::POST,
            &format!("/api/v1/admin/users/{}/role", u("inv_a")),
            Some(json!({ "role": "station_supervisor" })),
        )
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    let r = app
        .as_user(
            "courtadmin_a",
            Method::POST,
            &format!("/api/v1/admin/users/{}/unlock", u("court_a")),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
}

#[tokio::test]
async fn no_administrator_changes_another_administrator_alone() {
    let app = spawn_app().await;
    let u = |n: &str| app.fx.users[n].clone();
    let op_token = app.token("op_a").await;
    let role = |r: &str| Some(json!({ "role": r }));

    // A role must fit the organisation; nobody changes their own.
    let path = format!("/api/v1/admin/users/{}/role", u("op_a"));
    let r = app
        .as_user("admin_a", Method::POST, &path, role("investigator"))
        .await;
    assert_eq!(r.body["error"]["code"], "role_does_not_fit_organisation");
    let r = app
        .as_user("admin_a", Method::POST, &path, role("emperor"))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let own = format!("/api/v1/admin/users/{}/role", u("admin_a"));
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

    // Making someone an administrator waits for a second one.
    let r = app
        .as_user("admin_a", Method::POST, &path, role("iccc_admin"))
        .await;
    assert_eq!(r.status, StatusCode::ACCEPTED, "{}", r.body);
    let promote = r.body["approval"]["id"].as_str().unwrap().to_owned();
    let me = app
        .call(Method::GET, "/api/v1/auth/me", Some(&op_token), None)
        .await;
    assert_eq!(me.status, StatusCode::OK, "nothing changed yet");
    let approve = |id: &str| format!("/api/v1/approvals/{id}/approve");
    let r = app
        .as_user("admin_a", Method::POST, &approve(&promote), None)
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    assert_eq!(r.body["error"]["code"], "separation_of_duties");
    let r = app
        .as_user("admin_b", Method::POST, &approve(&promote), None)
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = app
        .as_user("admin_a2", Method::POST, &approve(&promote), None)
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    // The user's sessions ended with the change.
    let me = app
        .call(Method::GET, "/api/v1/auth/me", Some(&op_token), None)
        .await;
    assert_eq!(me.status, StatusCode::UNAUTHORIZED);

    // Resetting an administrator's MFA: not by the asker, not by its holder.
    let r = app
        .as_user(
            "admin_a",
            Method::POST,
            &format!("/api/v1/admin/users/{}/mfa-reset", u("admin_a2")),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::ACCEPTED, "{}", r.body);
    let reset = r.body["approval"]["id"].as_str().unwrap().to_owned();
    let r = app
        .as_user("admin_a2", Method::POST, &approve(&reset), None)
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    // The new administrator (op_a, logged in again) approves.
    app.forget_token("op_a");
    let r = app
        .as_user("op_a", Method::POST, &approve(&reset), None)
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let twice = app
        .as_user("op_a", Method::POST, &approve(&reset), None)
        .await;
    assert_eq!(twice.body["error"]["code"], "approval_decided");

    // Demoting an administrator, and withdrawing the request instead.
    let demote = format!("/api/v1/admin/users/{}/role", u("admin_a2"));
    let r = app
        .as_user("admin_a", Method::POST, &demote, role("operator"))
        .await;
    assert_eq!(r.status, StatusCode::ACCEPTED, "{}", r.body);
    let id = r.body["approval"]["id"].as_str().unwrap().to_owned();
    let r = app
        .as_user("admin_a", Method::POST, &demote, role("operator"))
        .await;
    assert_eq!(r.body["error"]["code"], "approval_pending");
    let r = app
        .as_user(
            "admin_a",
            Method::POST,
            &format!("/api/v1/approvals/{id}/refuse"),
            Some(json!({ "note": "asked by mistake" })),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body["state"], "refused");
    let list = app
        .as_user("admin_a", Method::GET, "/api/v1/admin/users", None)
        .await;
    let a2 = list
        .body
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["username"] == "admin_a2")
        .unwrap()
        .clone();
    assert_eq!(a2["role"], "iccc_admin", "withdrawn, so unchanged");
    assert_eq!(a2["mfa_enrolled"], false, "the approved reset took effect");

    // Each change names both administrators.
    let ev = app
        .as_user(
            "admin_a",
            Method::GET,
            "/api/v1/security-events?per_page=100",
            None,
        )
        .await;
    let items = ev.body["items"].as_array().unwrap();
    let changed = items
        .iter()
        .find(|e| e["kind"] == "role_changed")
        .unwrap_or_else(|| panic!("role_changed missing: {}", ev.body));
    assert_eq!(changed["username"], "admin_a2");
    assert_eq!(changed["detail"]["requested_by"], u("admin_a").as_str());
    assert_eq!(changed["subject"], u("op_a").as_str());
    for kind in ["mfa_reset", "approval_requested", "approval_decided"] {
        assert!(
            items.iter().any(|e| e["kind"] == kind),
            "{kind}: {}",
            ev.body
        );
    }
}
