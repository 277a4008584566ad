//! Retention and erasure: legal holds block erasure; erasing removes the
//! bytes but keeps a tombstone, the manifest and a `purged` custody event;
//! erased clips answer 410; the retention job erases after case disposal.

use chrono::{Duration, Utc};
use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::helpers::{s3_store, spawn_app_with, TestApp};

async fn app() -> TestApp {
    // On S3, objects get COMPLIANCE retention; zero days lets them be
    // erased at once (the store's own refusal is tested below).
    spawn_app_with(|s| s.evidence_retention_days = 0).await
}

fn stored(app: &TestApp, clip_id: &str) -> bool {
    let mut c = app.state.db.conn().unwrap();
    let clip = sakshya::db::clips::find(&mut c, clip_id).unwrap().unwrap();
    app.state.jobs.store.open(&clip.storage_key).is_ok()
}

fn custody_kinds(app: &TestApp, request: &str, clip: &str) -> Vec<String> {
    let mut c = app.state.db.conn().unwrap();
    sakshya::db::custody::for_evidence(&mut c, request, clip)
        .unwrap()
        .into_iter()
        .map(|(e, _)| e.kind)
        .collect()
}

#[tokio::test]
async fn a_held_clip_is_refused_and_an_erased_one_leaves_a_tombstone() {
    let app = app().await;
    let (request, clip) = app.sealed_clip().await;
    let hold = format!("/api/v1/clips/{clip}/legal-holds");
    let erase = format!("/api/v1/clips/{clip}/erase");
    let body = json!({ "basis": "erasure_request", "reason": "DPDP erasure request ER-7/2026" });

    // Only the ICCC's administrator holds and erases; others are refused,
    // and another ICCC does not see the clip at all.
    for (user, status) in [
        ("op_a", StatusCode::FORBIDDEN),
        ("inv_a", StatusCode::FORBIDDEN),
        ("admin_b", StatusCode::NOT_FOUND),
        ("auditor_a", StatusCode::FORBIDDEN),
    ] {
        let r = app
            .as_user(user, Method::POST, &erase, Some(body.clone()))
            .await;
        assert_eq!(r.status, status, "{user}: {}", r.body);
        let r = app
            .as_user(
                user,
                Method::POST,
                &hold,
                Some(json!({ "reason": "court order" })),
            )
            .await;
        assert_eq!(r.status, status, "{user} hold: {}", r.body);
    }

    let r = app
        .as_user(
            "admin_a",
            Method::POST,
            &hold,
            Some(json!({ "reason": "Sessions Court preservation order 12/2026" })),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let r = app
        .as_user("admin_a", Method::POST, &erase, Some(body.clone()))
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert_eq!(r.body["error"]["code"], "legal_hold");
    assert!(stored(&app, &clip), "a held clip keeps its bytes");
    // Bad input is refused and writes nothing.
    for bad in [
        json!({ "basis": "retention_expired", "reason": "by hand" }),
        json!({ "basis": "court_order", "reason": "x" }),
        json!({ "basis": "court_order" }),
    ] {
        let r = app
            .as_user("admin_a", Method::POST, &erase, Some(bad.clone()))
            .await;
        assert_eq!(r.status.as_u16() / 100, 4, "{bad}");
    }

    let r = app
        .as_user(
            "admin_a",
            Method::POST,
            &format!("{hold}/release"),
            Some(json!({ "reason": "order vacated" })),
        )
        .await;
    assert_eq!(r.body["released"], 1, "{}", r.body);
    let r = app
        .as_user(
            "admin_a",
            Method::POST,
            &format!("{hold}/release"),
            Some(json!({ "reason": "again" })),
        )
        .await;
    assert_eq!(r.body["error"]["code"], "no_legal_hold");

    let r = app
        .as_user("admin_a", Method::POST, &erase, Some(body.clone()))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body["basis"], "erasure_request");
    let tombstone = r.body.clone();
    assert!(!stored(&app, &clip), "the bytes are gone from the store");

    // The record of what existed survives.
    let t = app
        .as_user(
            "admin_a",
            Method::GET,
            &format!("/api/v1/clips/{clip}/erasure"),
            None,
        )
        .await;
    assert_eq!(t.status, StatusCode::OK);
    assert_eq!(t.body, tombstone);
    assert_eq!(t.body["erased_by"], app.fx.users["admin_a"].as_str());
    assert_eq!(t.body["manifest_sha256"].as_str().unwrap().len(), 64);
    let m = app
        .as_user(
            "inv_a",
            Method::GET,
            &format!("/api/v1/clips/{clip}/manifest"),
            None,
        )
        .await;
    assert_eq!(
        m.status,
        StatusCode::OK,
        "the signed manifest is still served"
    );
    let kinds = custody_kinds(&app, &request, &clip);
    for k in ["legal_hold_placed", "legal_hold_released", "purged"] {
        assert!(kinds.iter().any(|x| x == k), "{k} missing from {kinds:?}");
    }
    app.sync_log();
    // Tombstones and security events cannot be changed or removed.
    {
        use diesel::connection::SimpleConnection;
        let mut c = app.state.db.conn().unwrap();
        for sql in [
            "DELETE FROM clip_erasures",
            "UPDATE clip_erasures SET reason = 'nothing happened'",
            "DELETE FROM security_events",
        ] {
            assert!(c.batch_execute(sql).is_err(), "{sql} must be refused");
        }
    }

    // Reading the bytes is refused for good.
    for path in [
        format!("/api/v1/clips/{clip}/content"),
        format!("/api/v1/clips/{clip}/package"),
    ] {
        let (status, body, _) = app.get_bytes("inv_a", &path).await;
        assert_eq!(status, StatusCode::GONE, "{path}");
        assert!(String::from_utf8_lossy(&body).contains("clip_erased"));
    }
    let r = app
        .as_user("admin_a", Method::POST, &erase, Some(body))
        .await;
    assert_eq!(r.status, StatusCode::GONE);
    let r = app
        .as_user(
            "admin_a",
            Method::POST,
            &hold,
            Some(json!({ "reason": "too late" })),
        )
        .await;
    assert_eq!(r.status, StatusCode::GONE);

    // The CISO sees it.
    let s = app
        .as_user(
            "admin_a",
            Method::GET,
            "/api/v1/security-events?kind=evidence_erased",
            None,
        )
        .await;
    assert_eq!(s.body["total"], 1, "{}", s.body);
}

#[tokio::test]
async fn the_retention_job_erases_clips_after_case_disposal_but_not_held_ones() {
    let app = app().await;
    let (request, clip) = app.sealed_clip().await;
    let (request2, clip2) = app.sealed_clip_on("cam_a2", 50).await;
    let disposal = |id: &str| format!("/api/v1/requests/{id}/case-disposal");
    let long_ago = (Utc::now() - Duration::days(400))
        .format("%Y-%m-%d")
        .to_string();

    // Only the filing station records disposal, once, not in the future.
    let body = json!({ "disposed_on": long_ago, "reference": "Judgment SC 45/2025" });
    for user in ["op_a", "admin_a", "inv_b"] {
        let r = app
            .as_user(user, Method::POST, &disposal(&request), Some(body.clone()))
            .await;
        assert!(
            r.status == StatusCode::FORBIDDEN || r.status == StatusCode::NOT_FOUND,
            "{user}: {}",
            r.body
        );
    }
    let future = (Utc::now() + Duration::days(2))
        .format("%Y-%m-%d")
        .to_string();
    let r = app
        .as_user(
            "sup_a",
            Method::POST,
            &disposal(&request),
            Some(json!({ "disposed_on": future, "reference": "Judgment SC 45/2025" })),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    for id in [&request, &request2] {
        let r = app
            .as_user("sup_a", Method::POST, &disposal(id), Some(body.clone()))
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    }
    let r = app
        .as_user(
            "sup_a",
            Method::POST,
            &disposal(&request),
            Some(body.clone()),
        )
        .await;
    assert_eq!(r.body["error"]["code"], "case_already_disposed");

    // The second clip is held; the job erases only the first.
    let r = app
        .as_user(
            "admin_a",
            Method::POST,
            &format!("/api/v1/clips/{clip2}/legal-holds"),
            Some(json!({ "reason": "appeal pending" })),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED);
    let ctx = app.state.jobs.clone();
    let report = tokio::task::spawn_blocking(move || sakshya::retention::sweep(&ctx, Utc::now()))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(report.erased, 1, "{report:?}");
    assert_eq!(report.refused.len(), 1);
    assert_eq!(report.refused[0].0, clip2);
    assert!(!stored(&app, &clip));
    assert!(stored(&app, &clip2));
    let t = app
        .as_user(
            "admin_a",
            Method::GET,
            &format!("/api/v1/clips/{clip}/erasure"),
            None,
        )
        .await;
    assert_eq!(t.body["basis"], "retention_expired");
    assert!(t.body["erased_by"].is_null());
    assert!(custody_kinds(&app, &request, &clip)
        .iter()
        .any(|k| k == "purged"));
    // Running it again changes nothing.
    let ctx = app.state.jobs.clone();
    let again = tokio::task::spawn_blocking(move || sakshya::retention::sweep(&ctx, Utc::now()))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(again.erased, 0);

    // The retention page: the policy, the held clip still due, the erasure
    // with its kept hash; in scope only, for administrators and auditors.
    let r = app
        .as_user("admin_a", Method::GET, "/api/v1/retention", None)
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(
        r.body["policy"]["clip_days"],
        app.state.settings.retention_clip_days
    );
    let due = r.body["schedule"].as_array().unwrap();
    assert_eq!(due.len(), 1, "{}", r.body);
    assert_eq!(due[0]["clip_id"], clip2.as_str());
    assert_eq!(due[0]["legal_holds"], 1);
    let erased = r.body["recent_erasures"].as_array().unwrap();
    assert_eq!(erased.len(), 1, "{}", r.body);
    assert_eq!(erased[0]["clip_id"], clip.as_str());
    assert_eq!(erased[0]["basis"], "retention_expired");
    let r = app
        .as_user("auditor_a", Method::GET, "/api/v1/retention", None)
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body["schedule"].as_array().unwrap().len(), 1);
    let r = app
        .as_user("admin_b", Method::GET, "/api/v1/retention", None)
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(
        r.body["schedule"].as_array().unwrap().is_empty(),
        "{}",
        r.body
    );
    assert!(r.body["recent_erasures"].as_array().unwrap().is_empty());
    for user in ["inv_a", "op_a", "sup_a"] {
        let r = app
            .as_user(user, Method::GET, "/api/v1/retention", None)
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{user}");
    }
}

#[tokio::test]
async fn a_case_disposed_recently_keeps_its_clips() {
    let app = app().await;
    let (request, clip) = app.sealed_clip().await;
    let yesterday = (Utc::now() - Duration::days(1))
        .format("%Y-%m-%d")
        .to_string();
    let r = app
        .as_user(
            "inv_a",
            Method::POST,
            &format!("/api/v1/requests/{request}/case-disposal"),
            Some(json!({ "disposed_on": yesterday, "reference": "Closure report 3/2026" })),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let ctx = app.state.jobs.clone();
    let report = tokio::task::spawn_blocking(move || sakshya::retention::sweep(&ctx, Utc::now()))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(report.erased, 0);
    assert!(stored(&app, &clip));
}

#[tokio::test]
async fn the_store_s_own_retention_is_respected() {
    // Default settings: S3 objects carry years of COMPLIANCE retention, so
    // the S3 server refuses and nothing is recorded; the local store has
    // no retention of its own and erases (legal holds protect it).
    let app = spawn_app_with(|_| {}).await;
    let (_, clip) = app.sealed_clip().await;
    let r = app
        .as_user(
            "admin_a",
            Method::POST,
            &format!("/api/v1/clips/{clip}/erase"),
            Some(json!({ "basis": "court_order", "reason": "order 9/2026" })),
        )
        .await;
    let t = app
        .as_user(
            "admin_a",
            Method::GET,
            &format!("/api/v1/clips/{clip}/erasure"),
            None,
        )
        .await;
    if s3_store() {
        assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
        assert_eq!(r.body["error"]["code"], "store_retention");
        assert!(stored(&app, &clip));
        assert_eq!(t.status, StatusCode::NOT_FOUND, "no tombstone was written");
    } else {
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        assert!(!stored(&app, &clip));
        assert_eq!(t.status, StatusCode::OK);
    }
}
