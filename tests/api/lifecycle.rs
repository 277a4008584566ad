//! The request lifecycle end to end, and every illegal transition.

use chrono::{DateTime, Utc};
use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::helpers::spawn_app;

#[tokio::test]
async fn full_lifecycle_by_the_right_roles() {
    let app = spawn_app().await;
    let id = app.file("inv_a", "cam_a1").await;
    let r = app
        .as_user(
            "inv_a",
            Method::GET,
            &format!("/api/v1/requests/{id}"),
            None,
        )
        .await;
    assert_eq!(r.body["status"], "draft");
    assert_eq!(r.body["items"][0]["camera_code"], "CAM-A1");
    assert_eq!(r.body["bns_sections"], json!(["303(2)", "3(5)"]));
    assert!(r.body["deadline_at"].is_null());

    let r = app.act("inv_a", &id, "submit", None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body["status"], "submitted");
    let submitted: DateTime<Utc> = r.body["submitted_at"].as_str().unwrap().parse().unwrap();
    let deadline: DateTime<Utc> = r.body["deadline_at"].as_str().unwrap().parse().unwrap();
    assert_eq!((deadline - submitted).num_hours(), 24, "urgent = 24 h");

    // Not yet forwarded: the ICCC cannot see it.
    let r = app
        .as_user("op_a", Method::GET, &format!("/api/v1/requests/{id}"), None)
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);

    let r = app.act("sup_a", &id, "endorse", None).await;
    assert_eq!(r.body["status"], "endorsed", "{}", r.body);
    let r = app.act("op_a", &id, "review", None).await;
    assert_eq!(r.body["status"], "in_review", "{}", r.body);
    let r = app
        .act(
            "op_a",
            &id,
            "approve",
            Some(json!({"comment": "footage located"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body["status"], "approved");
    assert_eq!(r.body["version"], 5);

    let history: Vec<(String, String)> = r.body["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            (
                h["action"].as_str().unwrap().to_owned(),
                h["actor_username"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let expected = [
        ("file", "inv_a"),
        ("submit", "inv_a"),
        ("endorse", "sup_a"),
        ("review", "op_a"),
        ("approve", "op_a"),
    ];
    assert_eq!(
        history,
        expected.map(|(a, u)| (a.to_owned(), u.to_owned())).to_vec()
    );
    assert_eq!(r.body["history"][4]["comment"], "footage located");
}

#[tokio::test]
async fn rejection_return_and_withdrawal_carry_reasons() {
    let app = spawn_app().await;
    let id = app.request_in('a', "endorsed").await;
    let r = app.act("op_a", &id, "reject", None).await;
    assert_eq!(
        (r.status, r.code()),
        (StatusCode::UNPROCESSABLE_ENTITY, "reason_required")
    );
    let r = app
        .act(
            "op_a",
            &id,
            "reject",
            Some(json!({"reason_code": "camera_offline"})),
        )
        .await;
    assert_eq!(
        (r.status, r.code()),
        (StatusCode::UNPROCESSABLE_ENTITY, "invalid_reason_code")
    );
    let r = app.act("op_a", &id, "reject", Some(json!({"reason_code": "rejected_insufficient_authority", "comment": "no s.94 notice attached"}))).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body["status"], "rejected");
    assert_eq!(r.body["reason_code"], "rejected_insufficient_authority");
    assert!(r.body["closed_at"].is_string());

    let id = app.request_in('a', "submitted").await;
    let r = app.act("sup_a", &id, "return", None).await;
    assert_eq!(
        (r.status, r.code()),
        (StatusCode::UNPROCESSABLE_ENTITY, "comment_required")
    );
    let r = app
        .act(
            "sup_a",
            &id,
            "return",
            Some(json!({"comment": "attach the FIR copy"})),
        )
        .await;
    assert_eq!(r.body["status"], "draft", "{}", r.body);
    assert!(
        r.body["deadline_at"].is_null(),
        "a returned request has no running clock"
    );
    let r = app.act("inv_a", &id, "submit", None).await;
    assert_eq!(r.body["status"], "submitted");
    let r = app
        .act(
            "inv_a",
            &id,
            "withdraw",
            Some(json!({"comment": "accused identified otherwise"})),
        )
        .await;
    assert_eq!(r.body["status"], "withdrawn");
}

#[tokio::test]
async fn endorsement_can_be_switched_off() {
    let app = crate::helpers::spawn_app_with(|s| s.require_endorsement = false).await;
    let id = app.file("inv_a", "cam_a1").await;
    let r = app.act("inv_a", &id, "submit", None).await;
    assert_eq!(r.body["status"], "endorsed", "{}", r.body);
    assert!(r.body["forwarded_at"].is_string());
    let r = app.act("op_a", &id, "approve", None).await;
    assert_eq!(r.body["status"], "approved", "{}", r.body);
}

/// Every action from every reachable state, by the role that owns the
/// action: the allowed ones succeed, every other is 409 invalid_transition
/// and changes nothing.
#[tokio::test]
async fn every_illegal_transition_is_refused() {
    let app = spawn_app().await;
    let allowed: &[(&str, &[&str])] = &[
        ("draft", &["submit", "withdraw"]),
        ("submitted", &["endorse", "return", "withdraw"]),
        ("endorsed", &["review", "approve", "reject", "withdraw"]),
        ("in_review", &["approve", "reject", "withdraw"]),
        ("approved", &["withdraw"]),
        ("rejected", &[]),
        ("withdrawn", &[]),
    ];
    let actions = [
        ("submit", "inv_a"),
        ("endorse", "sup_a"),
        ("return", "sup_a"),
        ("review", "op_a"),
        ("approve", "op_a"),
        ("reject", "op_a"),
        ("withdraw", "inv_a"),
    ];
    let body = json!({"reason_code": "rejected_invalid_request", "comment": "test"});
    for (state, ok) in allowed {
        for (action, who) in actions {
            let id = app.request_in('a', state).await;
            let before = app
                .as_user(
                    "inv_a",
                    Method::GET,
                    &format!("/api/v1/requests/{id}"),
                    None,
                )
                .await;
            let reject_body = if action == "reject" {
                body.clone()
            } else {
                json!({"comment": "test"})
            };
            let r = app.act(who, &id, action, Some(reject_body)).await;
            // An ICCC user cannot see a request that never reached the ICCC
            // (the withdrawn one here was withdrawn as a draft).
            let hidden =
                who.starts_with("op") && matches!(*state, "draft" | "submitted" | "withdrawn");
            if ok.contains(&action) {
                assert_eq!(
                    r.status,
                    StatusCode::OK,
                    "{action} from {state}: {}",
                    r.body
                );
            } else if hidden {
                assert_eq!(
                    r.status,
                    StatusCode::NOT_FOUND,
                    "{action} from {state}: {}",
                    r.body
                );
            } else {
                assert_eq!(
                    (r.status, r.code()),
                    (StatusCode::CONFLICT, "invalid_transition"),
                    "{action} from {state}"
                );
                let after = app
                    .as_user(
                        "inv_a",
                        Method::GET,
                        &format!("/api/v1/requests/{id}"),
                        None,
                    )
                    .await;
                assert_eq!(
                    before.body, after.body,
                    "refused {action} changed the request"
                );
            }
        }
    }
}

#[tokio::test]
async fn listing_filters_and_paginates() {
    let app = spawn_app().await;
    let a = app.request_in('a', "endorsed").await;
    let _draft = app.request_in('a', "draft").await;
    let r = app
        .as_user("inv_a", Method::GET, "/api/v1/requests?per_page=1", None)
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.body["total"], 2);
    assert_eq!(r.body["items"].as_array().unwrap().len(), 1);
    let r = app
        .as_user(
            "inv_a",
            Method::GET,
            "/api/v1/requests?status=endorsed",
            None,
        )
        .await;
    assert_eq!(r.body["total"], 1);
    assert_eq!(r.body["items"][0]["id"], a.as_str());
    let r = app
        .as_user(
            "op_a",
            Method::GET,
            "/api/v1/requests?sort=deadline&urgency=urgent",
            None,
        )
        .await;
    assert_eq!(r.body["total"], 1, "operators see only forwarded requests");
    let today = Utc::now().format("%Y-%m-%d").to_string();
    let r = app
        .as_user(
            "inv_a",
            Method::GET,
            &format!("/api/v1/requests?from={today}"),
            None,
        )
        .await;
    assert_eq!(r.body["total"], 2);
    let r = app
        .as_user(
            "inv_a",
            Method::GET,
            "/api/v1/requests?from=2001-01-01&to=2001-01-02",
            None,
        )
        .await;
    assert_eq!(r.body["total"], 0);
    for (q, code) in [
        ("status=lost", "invalid_status"),
        ("urgency=asap", "invalid_urgency"),
        ("from=yesterday", "invalid_date"),
        ("sort=random", "invalid_sort"),
        ("per_page=1000", "invalid_page"),
    ] {
        let r = app
            .as_user("inv_a", Method::GET, &format!("/api/v1/requests?{q}"), None)
            .await;
        assert_eq!(
            (r.status, r.code()),
            (StatusCode::UNPROCESSABLE_ENTITY, code),
            "{q}"
        );
    }
    let r = app
        .as_user("inv_a", Method::GET, "/api/v1/requests?colour=red", None)
        .await;
    assert_eq!(
        (r.status, r.code()),
        (StatusCode::BAD_REQUEST, "invalid_query")
    );
}

/// Finding 6 of the security review: a filer later promoted to supervisor
/// could endorse their own request.
#[tokio::test]
async fn nobody_endorses_a_request_they_filed() {
    let app = crate::helpers::spawn_app().await;
    let id = app.request_in('a', "submitted").await;
    // The station's administrator promotes the investigator who filed it.
    let r = app
        .as_user(
            "stadmin_a",
            reqwest::Method::POST,
            &format!("/api/v1/admin/users/{}/role", app.fx.users["inv_a"]),
            Some(serde_json::json!({ "role": "station_supervisor" })),
        )
        .await;
    assert_eq!(r.status, reqwest::StatusCode::NO_CONTENT, "{}", r.body);
    app.forget_token("inv_a");
    let r = app.act("inv_a", &id, "endorse", None).await;
    assert_eq!(r.status, reqwest::StatusCode::FORBIDDEN, "{}", r.body);
    assert_eq!(r.body["error"]["code"], "separation_of_duties");
    assert_eq!(app.get_request("sup_a", &id).await["status"], "submitted");
    let r = app.act("sup_a", &id, "endorse", None).await;
    assert_eq!(r.status, reqwest::StatusCode::OK, "{}", r.body);
}

/// Footage is supplied only into an approved request, so nobody decides a
/// request whose footage they supplied: an operator's upload before the
/// approval is refused, and nothing is stored.
#[tokio::test]
async fn footage_is_uploaded_only_after_the_decision() {
    let app = crate::helpers::spawn_app().await;
    let id = app.request_in('a', "endorsed").await;
    let d = app.get_request("op_a", &id).await;
    let item = d["items"][0]["id"].as_str().unwrap().to_owned();
    let r = app
        .raw(
            "op_a",
            reqwest::Method::POST,
            &format!("/api/v1/requests/{id}/items/{item}/upload"),
            "video/mp4",
            vec![0u8; 64],
        )
        .await;
    assert_eq!(r.status, reqwest::StatusCode::CONFLICT, "{}", r.body);
    assert_eq!(r.body["error"]["code"], "invalid_transition");
    assert!(app.state.services.store.list().unwrap().is_empty());
    let r = app.act("op_a", &id, "approve", None).await;
    assert_eq!(r.status, reqwest::StatusCode::OK, "{}", r.body);
}

/// Statuses are types from the database row up: a value no Sakshya wrote
/// is an error where it is read, never taken as `draft` or `pending`.
#[tokio::test]
async fn an_unknown_stored_status_is_an_error_not_a_default() {
    use diesel::connection::SimpleConnection;
    let app = crate::helpers::spawn_app().await;
    let id = app.request_in('a', "submitted").await;
    {
        let mut c = app.state.db.conn().unwrap();
        c.batch_execute(&format!(
            "UPDATE footage_requests SET status = 'lost_in_transit' WHERE id = '{id}'"
        ))
        .unwrap();
    }
    let r = app
        .as_user(
            "inv_a",
            reqwest::Method::GET,
            &format!("/api/v1/requests/{id}"),
            None,
        )
        .await;
    assert_eq!(
        r.status,
        reqwest::StatusCode::INTERNAL_SERVER_ERROR,
        "{}",
        r.body
    );
    assert_eq!(r.body["error"]["code"], "internal_error");
    let mut c = app.state.db.conn().unwrap();
    let e = sakshya::sla::stored::refresh(&mut c, &id).unwrap_err();
    assert!(e.to_string().contains("status"), "{e}");
}
