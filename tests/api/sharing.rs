//! Sharing evidence packages with a court or by link: limits, expiry,
//! revocation, receipts, and every access in the custody record.

use std::process::Command;

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::helpers::{spawn_app, TestApp};

fn share_body(org: Option<&str>, link: bool, max: u32) -> Value {
    let mut b = json!({
        "recipient_name": "Court of the Judicial Magistrate First Class, Pune",
        "purpose": "Trial in FIR 123/2026",
        "expires_in_hours": 24,
        "max_downloads": max,
    });
    if let Some(o) = org {
        b["recipient_org"] = json!(o);
    }
    if link {
        b["link"] = json!(true);
    }
    b
}

fn share_count(app: &TestApp) -> usize {
    use diesel::prelude::*;
    let mut c = app.state.db.conn().unwrap();
    sakshya::db::schema::shares::table
        .count()
        .get_result::<i64>(&mut **c)
        .unwrap() as usize
}

fn custody_kinds(app: &TestApp, clip: &str) -> Vec<(String, String)> {
    let mut c = app.state.db.conn().unwrap();
    let row = sakshya::db::clips::find(&mut c, clip).unwrap().unwrap();
    sakshya::db::custody::for_evidence(&mut c, &row.request_id, clip)
        .unwrap()
        .into_iter()
        .map(|(e, _)| (e.kind, e.body))
        .collect()
}

fn verifies(zip: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("p.zip");
    std::fs::write(&p, zip).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_sakshya"))
        .env("SAKSHYA_DATA_DIR", dir.path())
        .arg("verify")
        .arg(&p)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(out.status.success(), "{text}");
    text
}

#[tokio::test]
async fn a_court_downloads_what_was_shared_with_it_within_the_limit() {
    let app = spawn_app().await;
    let (_, clip) = app.sealed_clip().await;
    let path = format!("/api/v1/clips/{clip}/shares");
    let r = app
        .as_user(
            "op_a",
            Method::POST,
            &path,
            Some(share_body(Some("COURT-A"), false, 2)),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert!(r.body["link"].is_null());
    let share = r.body["share"]["id"].as_str().unwrap().to_owned();
    assert_eq!(r.body["share"]["state"], "active");

    let r = app
        .as_user("court_a", Method::GET, "/api/v1/shared", None)
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.body[0]["id"], share.as_str());
    let r = app
        .as_user("inv_a", Method::GET, "/api/v1/shared", None)
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);

    let pkg = format!("/api/v1/shared/{share}/package");
    for _ in 0..2 {
        let (status, zip, _) = app.get_bytes("court_a", &pkg).await;
        assert_eq!(status, StatusCode::OK, "{}", String::from_utf8_lossy(&zip));
        let report = verifies(&zip);
        assert!(report.contains("VERIFIED"), "{report}");
    }
    let (status, body, _) = app.get_bytes("court_a", &pkg).await;
    assert_eq!(status, StatusCode::GONE);
    assert!(String::from_utf8_lossy(&body).contains("share_exhausted"));
    // Others cannot use the court's share.
    for user in ["inv_a", "op_a", "inv_b", "auditor_a"] {
        let (status, _, _) = app.get_bytes(user, &pkg).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{user}");
    }

    let kinds = custody_kinds(&app, &clip);
    assert!(kinds
        .iter()
        .any(|(k, b)| k == "shared" && b.contains("COURT-A")));
    let downloads: Vec<&String> = kinds
        .iter()
        .filter(|(k, b)| k == "downloaded" && b.contains(&share))
        .map(|(_, b)| b)
        .collect();
    assert_eq!(downloads.len(), 3, "two downloads and one refusal");
    assert!(
        downloads[2].contains("\"outcome\":\"refused\"")
            && downloads[2].contains("share_exhausted")
    );

    // The receipt names who received what, with the hashes.
    let (status, pdf, headers) = app
        .get_bytes("op_a", &format!("/api/v1/shares/{share}/receipt"))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers["content-type"], "application/pdf");
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("r.pdf");
    std::fs::write(&p, pdf).unwrap();
    let out = Command::new("pdftotext").arg(&p).arg("-").output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout).replace('\n', " ");
    let sha = {
        let mut c = app.state.db.conn().unwrap();
        sakshya::db::clips::find(&mut c, &clip)
            .unwrap()
            .unwrap()
            .sha256
    };
    for needle in [
        "EVIDENCE SHARE RECEIPT",
        "COURT-A",
        "Trial in FIR 123/2026",
        "downloaded by court_a",
        "refused by court_a",
        "2 of 2",
    ] {
        assert!(text.contains(needle), "{needle} not in the receipt: {text}");
    }
    assert!(text.replace(' ', "").contains(sha.as_str()));
}

#[tokio::test]
async fn a_link_works_without_login_until_it_is_revoked_or_expires() {
    let app = spawn_app().await;
    let (_, clip) = app.sealed_clip().await;
    let r = app
        .as_user(
            "inv_a",
            Method::POST,
            &format!("/api/v1/clips/{clip}/shares"),
            Some(share_body(None, true, 5)),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let link = r.body["link"].as_str().unwrap().to_owned();
    let share = r.body["share"]["id"].as_str().unwrap().to_owned();
    assert!(link.contains("/api/v1/share-links/"));
    let path = link
        .split_once("/api/v1")
        .map(|(_, p)| format!("/api/v1{p}"))
        .unwrap();

    let res = reqwest::get(app.url(&path)).await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let zip = res.bytes().await.unwrap();
    assert!(verifies(&zip).contains("VERIFIED"));
    // The listing never shows the secret.
    let r = app
        .as_user(
            "inv_a",
            Method::GET,
            &format!("/api/v1/clips/{clip}/shares"),
            None,
        )
        .await;
    assert!(!r
        .body
        .to_string()
        .contains(path.rsplit('/').nth(1).unwrap()));
    assert_eq!(r.body[0]["downloads"], 1);

    let bad = path.replace("share-links/", "share-links/x");
    assert_eq!(
        reqwest::get(app.url(&bad)).await.unwrap().status(),
        StatusCode::NOT_FOUND
    );

    // Revoked: gone at once; revoking twice is a conflict.
    let r = app
        .as_user(
            "op_a",
            Method::POST,
            &format!("/api/v1/shares/{share}/revoke"),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body["state"], "revoked");
    let r = app
        .as_user(
            "inv_a",
            Method::POST,
            &format!("/api/v1/shares/{share}/revoke"),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    let res = reqwest::get(app.url(&path)).await.unwrap();
    assert_eq!(res.status(), StatusCode::GONE);
    assert!(res.text().await.unwrap().contains("share_revoked"));

    // Expired: another link, its expiry passed.
    let r = app
        .as_user(
            "inv_a",
            Method::POST,
            &format!("/api/v1/clips/{clip}/shares"),
            Some(share_body(None, true, 5)),
        )
        .await;
    let link2 = r.body["link"].as_str().unwrap().to_owned();
    let id2 = r.body["share"]["id"].as_str().unwrap().to_owned();
    {
        use diesel::connection::SimpleConnection;
        let mut c = app.state.db.conn().unwrap();
        c.batch_execute(&format!(
            "UPDATE shares SET expires_at = '2020-01-01 00:00:00' WHERE id = '{id2}'"
        ))
        .unwrap();
    }
    let path2 = link2
        .split_once("/api/v1")
        .map(|(_, p)| format!("/api/v1{p}"))
        .unwrap();
    let res = reqwest::get(app.url(&path2)).await.unwrap();
    assert_eq!(res.status(), StatusCode::GONE);
    assert!(res.text().await.unwrap().contains("share_expired"));

    let kinds = custody_kinds(&app, &clip);
    assert!(kinds
        .iter()
        .any(|(k, b)| k == "share_revoked" && b.contains(&share)));
    assert!(kinds
        .iter()
        .any(|(k, b)| k == "downloaded" && b.contains(&id2) && b.contains("share_expired")));
}

#[tokio::test]
async fn bad_shares_are_refused_and_write_nothing() {
    let app = spawn_app().await;
    let (_, clip) = app.sealed_clip().await;
    let path = format!("/api/v1/clips/{clip}/shares");
    let mut cases = vec![
        share_body(Some("COURT-A"), true, 2),
        share_body(None, false, 2),
        share_body(Some("PS-A"), false, 2),
        share_body(Some("NO-SUCH"), false, 2),
        share_body(None, true, 0),
        share_body(None, true, 51),
    ];
    let mut long = share_body(None, true, 2);
    long["expires_in_hours"] = json!(721);
    cases.push(long);
    let mut blank = share_body(None, true, 2);
    blank["purpose"] = json!("  ");
    cases.push(blank);
    for body in cases {
        let r = app
            .as_user("op_a", Method::POST, &path, Some(body.clone()))
            .await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{body}: {}",
            r.body
        );
        assert!(r.body["error"]["code"].is_string());
    }
    let r = app
        .as_user(
            "op_a",
            Method::POST,
            &path,
            Some(json!({ "link": true, "surprise": 1 })),
        )
        .await;
    assert!(r.status.is_client_error());
    // Roles and organisations that may not share.
    for user in ["sup_a", "admin_a", "court_a", "auditor_a"] {
        let r = app
            .as_user(user, Method::POST, &path, Some(share_body(None, true, 2)))
            .await;
        assert!(
            r.status == StatusCode::FORBIDDEN || r.status == StatusCode::NOT_FOUND,
            "{user}: {}",
            r.status
        );
    }
    for user in ["inv_b", "op_b"] {
        let r = app
            .as_user(user, Method::POST, &path, Some(share_body(None, true, 2)))
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{user}");
    }
    assert_eq!(share_count(&app), 0);
    assert!(!custody_kinds(&app, &clip)
        .iter()
        .any(|(k, _)| k == "shared"));
}

/// Finding 6 of the security review: the secret link was built from the
/// client's Host and X-Forwarded-* headers.
#[tokio::test]
async fn share_links_use_the_configured_address_whatever_the_client_claims() {
    let app = crate::helpers::spawn_app_with(|s| {
        s.public_url = Some("https://sakshya.pune.example/".into())
    })
    .await;
    let (_, clip) = app.sealed_clip().await;
    let t = app.token("inv_a").await;
    let res = app
        .client
        .post(app.url(&format!("/api/v1/clips/{clip}/shares")))
        .bearer_auth(&t)
        .header("host", "evil.example")
        .header("x-forwarded-host", "evil.example")
        .header("x-forwarded-proto", "http")
        .json(&share_body(None, true, 1))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CREATED);
    let body: Value = res.json().await.unwrap();
    let link = body["link"].as_str().unwrap();
    assert!(
        link.starts_with("https://sakshya.pune.example/api/v1/share-links/"),
        "{link}"
    );
    assert!(!link.contains("evil"), "{link}");
}

/// Finding 6 of the security review: share-link secrets were written to
/// the server log when a link request failed.
#[tokio::test]
async fn share_link_secrets_never_reach_the_server_log() {
    let app = spawn_app().await;
    let (_, clip) = app.sealed_clip().await;
    let r = app
        .as_user(
            "inv_a",
            Method::POST,
            &format!("/api/v1/clips/{clip}/shares"),
            Some(share_body(None, true, 2)),
        )
        .await;
    let link = r.body["link"].as_str().unwrap().to_owned();
    let secret = link.rsplit('/').nth(1).unwrap().to_owned();
    let serve = crate::helpers::ServeProcess::start(&app, &[]).await;
    let wrong = format!("{secret}x");
    for (path, status) in [
        (
            format!("/api/v1/share-links/{secret}/package"),
            StatusCode::OK,
        ),
        (
            format!("/api/v1/share-links/{wrong}/package"),
            StatusCode::NOT_FOUND,
        ),
        (
            format!("/api/v1/share-links/{wrong}/zip"),
            StatusCode::NOT_FOUND,
        ),
        // Doubled slashes are merged before routing: still the link.
        (
            format!("//api/v1/share-links/{secret}/package"),
            StatusCode::OK,
        ),
        (
            format!("/api/v1/share%2Dlinks/{wrong}/package"),
            StatusCode::NOT_FOUND,
        ),
    ] {
        let res = reqwest::get(serve.url(&path)).await.unwrap();
        assert_eq!(res.status(), status, "{path}");
        res.bytes().await.unwrap();
    }
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let log = serve.log_text();
    assert!(
        log.contains("share-links/{token}"),
        "the requests are logged: {log}"
    );
    assert!(
        !log.contains(&secret[..20]),
        "a secret reached the log:\n{log}"
    );
}
