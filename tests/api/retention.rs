//! Retention and erasure: legal holds block erasure; erasing removes the
//! bytes but keeps a tombstone, the manifest and a `purged` custody event;
//! erased clips answer 410; the retention job erases after case disposal.

use chrono::{Duration, Utc};
use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::helpers::{dispose, erase_with_approval, s3_store, spawn_app_with, TestApp};

async fn app() -> TestApp {
    // On S3, objects get COMPLIANCE retention; zero days lets them be
    // erased at once (the store's own refusal is tested below).
    spawn_app_with(|s| s.evidence_retention_days = 0).await
}

fn stored(app: &TestApp, clip_id: &str) -> bool {
    let mut c = app.state.db.conn().unwrap();
    let clip = sakshya::db::clips::find(&mut c, clip_id).unwrap().unwrap();
    app.state.services.store.open(&clip.storage_key).is_ok()
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
    // The case is open: only a court's order, named, erases.
    let body = json!({
        "basis": "court_order",
        "reason": "Order of the Sessions Court to destroy the copy",
        "court_order_reference": "SC Pune Crl.M.A. 77/2026",
    });

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
        json!({ "basis": "court_order", "reason": "x", "court_order_reference": "SC 1/2026" }),
        json!({ "basis": "court_order" }),
        json!({ "basis": "court_order", "reason": "hidden \u{202e}txt.exe", "court_order_reference": "SC 1/2026" }),
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

    // Asking is not erasing: it waits for a second administrator.
    let r = app
        .as_user("admin_a", Method::POST, &erase, Some(body.clone()))
        .await;
    assert_eq!(r.status, StatusCode::ACCEPTED, "{}", r.body);
    assert_eq!(r.body["approval"]["state"], "pending");
    let approval = r.body["approval"]["id"].as_str().unwrap().to_owned();
    assert!(stored(&app, &clip), "asking erases nothing");
    let again = app
        .as_user("admin_a", Method::POST, &erase, Some(body.clone()))
        .await;
    assert_eq!(
        again.body["error"]["code"], "approval_pending",
        "{}",
        again.body
    );
    let approve = format!("/api/v1/approvals/{approval}/approve");
    for (user, status) in [
        ("admin_a", StatusCode::FORBIDDEN),
        ("op_a", StatusCode::NOT_FOUND),
        ("auditor_a", StatusCode::FORBIDDEN),
        ("admin_b", StatusCode::NOT_FOUND),
        ("sup_a", StatusCode::NOT_FOUND),
    ] {
        let r = app.as_user(user, Method::POST, &approve, None).await;
        assert_eq!(r.status, status, "{user}: {}", r.body);
    }
    assert!(stored(&app, &clip));
    let r = app.as_user("admin_a2", Method::POST, &approve, None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body["state"], "approved");
    assert!(!stored(&app, &clip), "the bytes are gone from the store");
    let twice = app.as_user("admin_a2", Method::POST, &approve, None).await;
    assert_eq!(twice.body["error"]["code"], "approval_decided");

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
    assert_eq!(t.body["basis"], "court_order");
    assert_eq!(t.body["erased_by"], app.fx.users["admin_a2"].as_str());
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
    for k in [
        "legal_hold_placed",
        "legal_hold_released",
        "erasure_requested",
        "purged",
    ] {
        assert!(kinds.iter().any(|x| x == k), "{k} missing from {kinds:?}");
    }
    app.sync_log();
    // Tombstones, security events and approvals cannot be changed or removed.
    {
        use diesel::connection::SimpleConnection;
        let mut c = app.state.db.conn().unwrap();
        for sql in [
            "DELETE FROM clip_erasures",
            "UPDATE clip_erasures SET reason = 'nothing happened'",
            "DELETE FROM security_events",
            "DELETE FROM approvals",
            "UPDATE approvals SET state = 'pending', decided_at = NULL, decided_by = NULL",
            "UPDATE approvals SET reason = 'something else'",
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

    // The CISO sees it, and both administrators.
    let s = app
        .as_user(
            "admin_a",
            Method::GET,
            "/api/v1/security-events?kind=evidence_erased",
            None,
        )
        .await;
    assert_eq!(s.body["total"], 1, "{}", s.body);
    assert_eq!(s.body["items"][0]["username"], "admin_a2");
    assert_eq!(
        s.body["items"][0]["detail"]["requested_by"],
        app.fx.users["admin_a"].as_str(),
        "{}",
        s.body
    );
}

/// Finding 3 of the security review: one administrator could erase a clip
/// of an open case that a court had been given.
#[tokio::test]
async fn an_open_or_shared_clip_is_erased_only_on_a_court_order_with_a_second_admin() {
    let app = app().await;
    let (_, clip) = app.sealed_clip().await;
    let r = app
        .as_user(
            "inv_a",
            Method::POST,
            &format!("/api/v1/clips/{clip}/shares"),
            Some(json!({
                "recipient_org": "COURT-A", "recipient_name": "Sessions Court",
                "purpose": "trial", "expires_in_hours": 48, "max_downloads": 3
            })),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let erase = format!("/api/v1/clips/{clip}/erase");
    // A DPDP request cannot erase what a court has in hand...
    let r = app
        .as_user(
            "admin_a",
            Method::POST,
            &erase,
            Some(json!({ "basis": "erasure_request", "reason": "DPDP erasure request ER-7/2026" })),
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert_eq!(r.body["error"]["code"], "court_share_active");
    // ...and a court order must be named.
    let r = app
        .as_user(
            "admin_a",
            Method::POST,
            &erase,
            Some(json!({ "basis": "court_order", "reason": "Order to destroy the copy" })),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(r.body["error"]["code"], "court_order_required");
    assert!(stored(&app, &clip));
    let n: i64 = {
        use diesel::prelude::*;
        let mut c = app.state.db.conn().unwrap();
        sakshya::db::schema::approvals::table
            .count()
            .get_result(&mut **c)
            .unwrap()
    };
    assert_eq!(n, 0, "a refused request writes no approval");

    // An open case without a share: still only a court's order.
    let (_, clip2) = app.sealed_clip_on("cam_a2", 50).await;
    let r = app
        .as_user(
            "admin_a",
            Method::POST,
            &format!("/api/v1/clips/{clip2}/erase"),
            Some(json!({ "basis": "erasure_request", "reason": "DPDP erasure request ER-8/2026" })),
        )
        .await;
    assert_eq!(
        r.body["error"]["code"], "court_order_required",
        "{}",
        r.body
    );

    let r = erase_with_approval(
        &app,
        &clip,
        json!({
            "basis": "court_order", "reason": "Order to destroy the copy",
            "court_order_reference": "SC Pune Crl.M.A. 77/2026"
        }),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(!stored(&app, &clip));
    assert!(stored(&app, &clip2));
}

fn sweep_at(app: &TestApp, days: i64) -> sakshya::retention::SweepReport {
    sakshya::retention::sweep(&app.state.services, Utc::now() + Duration::days(days)).unwrap()
}

fn today() -> String {
    (Utc::now() + Duration::minutes(330))
        .format("%Y-%m-%d")
        .to_string()
}

#[tokio::test]
async fn the_retention_job_erases_clips_after_case_disposal_but_not_held_ones() {
    let app = app().await;
    let (request, clip) = app.sealed_clip().await;
    let (request2, clip2) = app.sealed_clip_on("cam_a2", 50).await;
    let disposal = |id: &str| format!("/api/v1/requests/{id}/case-disposal");
    let body = json!({ "disposed_on": today(), "reference": "Judgment SC 45/2025" });

    // Only the filing station records disposal, once, not in the future.
    for user in ["op_a", "admin_a", "inv_b", "stadmin_a"] {
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
        let d = dispose(&app, id, &today(), "inv_a", "sup_a").await;
        assert_eq!(d["state"], "confirmed", "{d}");
        assert_eq!(d["confirmed_by"], app.fx.users["sup_a"].as_str());
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

    // The second clip is held; the job erases only the first, once its
    // retention and the grace period after it are over.
    let r = app
        .as_user(
            "admin_a",
            Method::POST,
            &format!("/api/v1/clips/{clip2}/legal-holds"),
            Some(json!({ "reason": "appeal pending" })),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED);
    let keep = i64::from(app.state.settings.retention_clip_days);
    let grace = i64::from(app.state.settings.retention_grace_days);
    assert_eq!(sweep_at(&app, 0).erased, 0);
    let report = sweep_at(&app, keep + 1);
    assert_eq!((report.erased, report.in_grace), (0, 2), "{report:?}");
    assert!(stored(&app, &clip), "kept through the grace period");
    let report = sweep_at(&app, keep + grace + 1);
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
    assert_eq!(sweep_at(&app, keep + grace + 1).erased, 0);

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
    assert_eq!(r.body["policy"]["grace_days"], 30);
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

/// Finding 1 of the security review: an investigator recorded a disposal
/// dated 2000-01-01 and the next sweep erased the clip.
#[tokio::test]
async fn a_backdated_or_unconfirmed_disposal_never_makes_evidence_erasable_at_once() {
    let app = app().await;
    let (request, clip) = app.sealed_clip().await;
    let path = format!("/api/v1/requests/{request}/case-disposal");
    let r = app
        .as_user(
            "inv_a",
            Method::POST,
            &path,
            Some(json!({ "disposed_on": "2000-01-01", "reference": "Judgment SC 45/2025" })),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(r.body["error"]["code"], "invalid_disposed_on");
    assert!(r.body["error"]["message"]
        .as_str()
        .unwrap()
        .contains("before the request was closed"));

    // Recorded, but not confirmed: no clock runs, whatever the date.
    let r = app
        .as_user(
            "inv_a",
            Method::POST,
            &path,
            Some(json!({ "disposed_on": today(), "reference": "Judgment SC 45/2025" })),
        )
        .await;
    assert_eq!(r.status, StatusCode::ACCEPTED, "{}", r.body);
    assert_eq!(r.body["state"], "pending_confirmation");
    let approval = r.body["approval_id"].as_str().unwrap().to_owned();
    let d = app.get_request("sup_a", &request).await["disposal"].clone();
    assert_eq!(d["state"], "pending_confirmation", "{d}");
    assert_eq!(sweep_at(&app, 3650).erased, 0);
    assert!(stored(&app, &clip));
    let approve = format!("/api/v1/approvals/{approval}/approve");
    for (user, status) in [
        ("inv_a", StatusCode::FORBIDDEN),
        ("op_a", StatusCode::NOT_FOUND),
        ("admin_a", StatusCode::NOT_FOUND),
        ("sup_b", StatusCode::NOT_FOUND),
    ] {
        let r = app.as_user(user, Method::POST, &approve, None).await;
        assert_eq!(r.status, status, "{user}: {}", r.body);
    }
    // The supervisor sees it waiting.
    let list = app
        .as_user("sup_a", Method::GET, "/api/v1/approvals", None)
        .await;
    assert_eq!(list.body[0]["id"], approval.as_str(), "{}", list.body);
    assert_eq!(list.body[0]["can_decide"], true);
    let r = app.as_user("sup_a", Method::POST, &approve, None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);

    // Confirmed: retention, then a grace period with the administrators told.
    let keep = i64::from(app.state.settings.retention_clip_days);
    let report = sweep_at(&app, keep + 1);
    assert_eq!((report.erased, report.in_grace), (0, 1), "{report:?}");
    for admin in ["admin_a", "admin_a2"] {
        let n = app
            .as_user(admin, Method::GET, "/api/v1/notifications", None)
            .await;
        assert!(
            n.body["items"]
                .as_array()
                .unwrap()
                .iter()
                .any(|x| x["kind"] == "erasure_scheduled"),
            "{admin}: {}",
            n.body
        );
    }

    // A wrong disposal is corrected by the ICCC's administrator, recorded.
    let correction = format!("{path}/correction");
    let fix =
        json!({ "disposed_on": null, "reason": "recorded on the wrong request; case is open" });
    for (user, status) in [
        ("inv_a", StatusCode::FORBIDDEN),
        ("sup_a", StatusCode::FORBIDDEN),
        ("admin_b", StatusCode::NOT_FOUND),
    ] {
        let r = app
            .as_user(user, Method::POST, &correction, Some(fix.clone()))
            .await;
        assert_eq!(r.status, status, "{user}: {}", r.body);
    }
    let r = app
        .as_user("admin_a", Method::POST, &correction, Some(fix.clone()))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.is_null(), "withdrawn: {}", r.body);
    assert_eq!(sweep_at(&app, 3650).erased, 0);
    assert!(stored(&app, &clip));
    let r = app
        .as_user("admin_a", Method::POST, &correction, Some(fix.clone()))
        .await;
    assert_eq!(r.body["error"]["code"], "no_disposal");

    // Recorded again and confirmed; once erased, it cannot be changed.
    dispose(&app, &request, &today(), "sup_a", "sup_a2").await;
    assert_eq!(sweep_at(&app, 3650).erased, 1);
    let r = app
        .as_user(
            "admin_a",
            Method::POST,
            &correction,
            Some(json!({ "disposed_on": today(), "reason": "a later correction" })),
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert_eq!(r.body["error"]["code"], "erasure_done");
    let kinds = custody_kinds(&app, &request, &clip);
    assert!(kinds.iter().any(|k| k == "purged"));
    let mut c = app.state.db.conn().unwrap();
    let events: Vec<String> = sakshya::db::custody::for_evidence(&mut c, &request, &clip)
        .unwrap()
        .into_iter()
        .map(|(e, _)| e.kind)
        .collect();
    for k in [
        "case_disposal_recorded",
        "case_disposed",
        "case_disposal_corrected",
    ] {
        assert!(events.iter().any(|x| x == k), "{k} missing from {events:?}");
    }
}

/// Sets a request's stored times directly, as if they lay in the past.
fn backdate(
    app: &TestApp,
    request: &str,
    closed: chrono::NaiveDateTime,
    effective: Option<chrono::NaiveDateTime>,
) {
    use diesel::prelude::*;
    use sakshya::db::schema::footage_requests as fr;
    let mut c = app.state.db.conn().unwrap();
    diesel::update(fr::table.find(request))
        .set(fr::closed_at.eq(Some(closed)))
        .execute(&mut **c)
        .unwrap();
    if let Some(t) = effective {
        diesel::update(fr::table.find(request))
            .set((
                fr::case_disposal_confirmed_at.eq(Some(t)),
                fr::case_disposal_effective_at.eq(Some(t)),
            ))
            .execute(&mut **c)
            .unwrap();
    }
}

/// An ICCC administrator who moves a long-confirmed disposal's date back
/// to the request's closing starts its grace period again: nothing is
/// erased at once, the administrators are told, and the clip goes only
/// once the grace period has passed.
#[tokio::test]
async fn a_correction_moving_the_date_back_starts_the_grace_period_again() {
    let app = app().await;
    let (request, clip) = app.sealed_clip().await;
    dispose(&app, &request, &today(), "inv_a", "sup_a").await;
    let now = Utc::now().naive_utc();
    let closed = now - Duration::days(1000);
    backdate(&app, &request, closed, Some(now - Duration::days(900)));
    assert_eq!(sweep_at(&app, 0).erased, 0, "disposed today: kept");

    let closed_day = (closed + Duration::minutes(330) + Duration::hours(1))
        .format("%Y-%m-%d")
        .to_string();
    let r = app
        .as_user(
            "admin_a",
            Method::POST,
            &format!("/api/v1/requests/{request}/case-disposal/correction"),
            Some(json!({ "disposed_on": closed_day, "reason": "the judgment was delivered the day the request closed" })),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let report = sweep_at(&app, 0);
    assert_eq!((report.erased, report.in_grace), (0, 1), "{report:?}");
    assert!(stored(&app, &clip));
    let page = app
        .as_user("admin_a", Method::GET, "/api/v1/retention", None)
        .await;
    let row = page.body["schedule"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["clip_id"] == clip.as_str())
        .unwrap_or_else(|| panic!("{}", page.body))
        .clone();
    assert_eq!(row["in_grace"], true, "{row}");
    let effective: chrono::DateTime<Utc> = row["disposal_effective_at"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(Utc::now() - effective < Duration::minutes(5), "{row}");

    let grace = i64::from(app.state.settings.retention_grace_days);
    assert_eq!(sweep_at(&app, grace - 1).erased, 0);
    assert_eq!(sweep_at(&app, grace + 1).erased, 1);
}

/// A disposal recorded by one person before confirmation existed (as the
/// upgrade leaves it) runs no clock: it shows as unconfirmed, nothing is
/// erased however old its date, and the station records it again for a
/// supervisor to confirm.
#[tokio::test]
async fn a_disposal_recorded_before_confirmation_existed_runs_no_clock() {
    use diesel::prelude::*;
    use sakshya::db::schema::footage_requests as fr;
    let app = app().await;
    let (request, clip) = app.sealed_clip().await;
    let old = Utc::now().naive_utc() - Duration::days(2000);
    backdate(&app, &request, old, None);
    {
        let mut c = app.state.db.conn().unwrap();
        diesel::update(fr::table.find(&request))
            .set((
                fr::case_disposed_at.eq(Some(old)),
                fr::case_disposal_reference.eq(Some("Judgment 12/2021")),
            ))
            .execute(&mut **c)
            .unwrap();
    }
    let d = app.get_request("inv_a", &request).await["disposal"].clone();
    assert_eq!(d["state"], "unconfirmed", "{d}");
    let report = sweep_at(&app, 3650);
    assert_eq!((report.erased, report.in_grace), (0, 0), "{report:?}");
    assert!(stored(&app, &clip));
    let page = app
        .as_user("admin_a", Method::GET, "/api/v1/retention", None)
        .await;
    assert!(
        !page.body["schedule"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["clip_id"] == clip.as_str()),
        "{}",
        page.body
    );
    // Nothing confirmed to correct; the station records it again.
    let r = app
        .as_user(
            "admin_a",
            Method::POST,
            &format!("/api/v1/requests/{request}/case-disposal/correction"),
            Some(json!({ "disposed_on": null, "reason": "tidying an old record" })),
        )
        .await;
    assert_eq!(r.body["error"]["code"], "no_disposal", "{}", r.body);
    dispose(&app, &request, &today(), "inv_a", "sup_a").await;
    let d = app.get_request("inv_a", &request).await["disposal"].clone();
    assert_eq!(d["state"], "confirmed", "{d}");
    assert_eq!(d["reference"], "Judgment SC 45/2025", "{d}");
}

#[tokio::test]
async fn a_case_disposed_recently_keeps_its_clips() {
    let app = app().await;
    let (request, clip) = app.sealed_clip().await;
    dispose(&app, &request, &today(), "inv_a", "sup_a").await;
    let report = sweep_at(&app, 0);
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
    let r = erase_with_approval(
        &app,
        &clip,
        json!({ "basis": "court_order", "reason": "order 9/2026", "court_order_reference": "SC 9/2026" }),
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
