//! The portal in a real headless Chromium against the real server: the
//! whole journey from filing to a court verifying the clip, each role
//! seeing only its own pages, and a refused form keeping its input.
//! Screenshots of the main pages at 1366×768 are saved under
//! `$CARGO_TARGET_TMPDIR/screenshots`.

use std::time::Duration;

use chrono::{DurationRound, Utc};
use fantoccini::{Client, Locator};
use reqwest::StatusCode;
use serde_json::json;

use crate::browser::{verdict_after, Browser};
use crate::helpers::{spawn_app, TestApp, PASSWORD};
use crate::sla::scripted;

fn shots() -> std::path::PathBuf {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Saves a screenshot of the page and checks it for accessibility: every
/// main page is photographed, so every main page is checked.
pub async fn screenshot(c: &Client, name: &str) {
    let png = c.screenshot().await.unwrap();
    assert!(png.starts_with(b"\x89PNG"), "a PNG screenshot");
    std::fs::write(shots().join(format!("{name}.png")), png).unwrap();
    assert_accessible(c, name).await;
}

/// axe-core (vendored in `tests/support/axe`) finds no serious or critical
/// WCAG 2 A or AA violation on the page as it is now.
pub async fn assert_accessible(c: &Client, page: &str) {
    let found = violations(c).await;
    assert!(
        found.is_empty(),
        "{page}: accessibility violations:\n{}",
        found.join("\n")
    );
}

/// The serious and critical WCAG 2 A/AA violations axe-core finds.
async fn violations(c: &Client) -> Vec<String> {
    const AXE: &str = include_str!("../support/axe/axe.min.js");
    let loaded = c
        .execute("return typeof window.axe === 'object';", vec![])
        .await
        .unwrap();
    if loaded != json!(true) {
        c.execute(AXE, vec![]).await.unwrap();
    }
    let found = c
        .execute_async(
            r#"const done = arguments[arguments.length - 1];
               axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
                 .then((r) => done(r.violations
                   .filter((v) => v.impact === 'serious' || v.impact === 'critical')
                   .map((v) => `${v.id} (${v.impact}): ${v.help}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`)))
                 .catch((e) => done([`axe failed: ${e}`]));"#,
            vec![],
        )
        .await
        .unwrap();
    serde_json::from_value(found).unwrap()
}

/// The page does not scroll sideways (checked at phone width).
pub async fn assert_fits_width(c: &Client, page: &str) {
    let overflow = c
        .execute(
            "return document.documentElement.scrollWidth - document.documentElement.clientWidth",
            vec![],
        )
        .await
        .unwrap();
    assert!(
        overflow.as_i64().unwrap() <= 0,
        "{page} scrolls sideways by {overflow}px"
    );
}

/// Waits until `css` matches an element whose text contains `text`.
pub async fn wait_text(c: &Client, css: &str, text: &str) -> String {
    let mut last = String::new();
    for _ in 0..200 {
        if let Ok(e) = c.find(Locator::Css(css)).await {
            if let Ok(t) = e.text().await {
                if t.contains(text) {
                    return t;
                }
                last = t;
            }
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let page = match c.find(Locator::Css("main")).await {
        Ok(m) => m.text().await.unwrap_or_default(),
        Err(_) => String::new(),
    };
    panic!("{css} never showed {text:?}; last: {last:?}; the page said: {page:?}");
}

/// Types into the field `css`; tries again if the view re-rendered under
/// it (a stale element) before the value stuck.
async fn fill(c: &Client, css: &str, value: &str) {
    let mut last = None;
    for _ in 0..50 {
        let done = async {
            let e = c.find(Locator::Css(css)).await?;
            e.clear().await?;
            e.send_keys(value).await?;
            e.prop("value").await
        }
        .await;
        match done {
            Ok(Some(v)) if v == value => return,
            other => last = Some(format!("{other:?}")),
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("could not fill {css}: {last:?}");
}

/// Sets an input's value by script (date-time inputs do not take keys
/// portably).
async fn set_value(c: &Client, css: &str, value: &str) {
    c.execute(
        "const e = document.querySelector(arguments[0]); e.value = arguments[1];",
        vec![json!(css), json!(value)],
    )
    .await
    .unwrap();
}

/// Clicks `css`, trying again if the view re-rendered under it.
async fn click(c: &Client, css: &str) {
    let mut last = None;
    for _ in 0..50 {
        match async { c.find(Locator::Css(css)).await?.click().await }.await {
            Ok(()) => return,
            Err(e) => last = Some(e),
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("could not click {css}: {last:?}");
}

pub async fn login(app: &TestApp, c: &Client, user: &str) {
    c.goto(&app.url("/#/login")).await.unwrap();
    c.execute("sessionStorage.clear()", vec![]).await.unwrap();
    c.goto(&app.url("/#/login")).await.unwrap();
    wait_text(c, "#login-form h1", "Log in").await;
    fill(c, "#login-form input[name=username]", user).await;
    fill(c, "#login-form input[name=password]", PASSWORD).await;
    click(c, "#login-form button[type=submit]").await;
    if app.fx.totp.contains_key(user) {
        wait_text(c, "#login-error", "6-digit code").await;
        fill(c, "#login-form input[name=totp]", &app.totp_now(user)).await;
        click(c, "#login-form button[type=submit]").await;
    }
    // The fixture's display names are the usernames.
    wait_text(c, "#who", user).await;
}

/// The filing form's case and incident fields.
async fn fill_case(c: &Client, purpose: &str) {
    for (field, value) in [
        ("input[name=fir_number]", "0042/2026"),
        ("input[name=bns_sections]", "303(2)"),
        ("input[name=notice_reference]", "BNSS-94/PS-A/2026/117"),
        ("input[name=incident_place]", "FC Road junction, Pune"),
        ("textarea[name=purpose]", purpose),
    ] {
        fill(c, &format!("#file-form {field}"), value).await;
    }
}

async fn open_request(app: &TestApp, c: &Client, id: &str, status: &str) {
    c.goto(&app.url(&format!("/#/requests/{id}")))
        .await
        .unwrap();
    wait_text(c, "#request-status", status).await;
}

#[tokio::test]
async fn from_filing_to_a_court_verifying_the_clip() {
    let app = spawn_app().await;
    let t0 = (Utc::now() - chrono::Duration::minutes(30))
        .duration_trunc(chrono::Duration::seconds(10))
        .unwrap();
    app.record("cam_a1", t0, 1, 10, &[]);
    app.index();
    let b = Browser::start().await;
    let c = &b.client;

    // The investigator files a request in the form.
    login(&app, c, "inv_a").await;
    c.goto(&app.url("/#/requests/new")).await.unwrap();
    let cam = app.fx.cameras["cam_a1"].clone();
    wait_text(c, "#camera-picker tbody", "CAM-A1").await;
    fill_case(c, "Identify the motorcycle used in a chain snatching").await;
    let ist = |t: chrono::DateTime<Utc>| {
        (t + chrono::Duration::minutes(330))
            .format("%Y-%m-%dT%H:%M")
            .to_string()
    };
    click(c, &format!("input[name=camera][value='{cam}']")).await;
    set_value(c, &format!("input[name='start-{cam}']"), &ist(t0)).await;
    set_value(
        c,
        &format!("input[name='end-{cam}']"),
        &ist(t0 + chrono::Duration::minutes(1)),
    )
    .await;
    // The notice document goes with the form.
    let notice = app.scratch_dir().join("s94-notice.pdf");
    let notice_bytes = {
        let mut w = sakshya::evidence::pdf::TextPdf::new("BNSS s.94 notice").unwrap();
        w.para("Notice under section 94 BNSS to the ICCC to produce CCTV footage.");
        w.finish().unwrap()
    };
    std::fs::write(&notice, &notice_bytes).unwrap();
    c.find(Locator::Css("#file-form input[name=notice]"))
        .await
        .unwrap()
        .send_keys(notice.to_str().unwrap())
        .await
        .unwrap();
    screenshot(c, "file-request").await;
    click(c, "#file-form > button[type=submit]").await;
    wait_text(c, "#request-status", "draft").await;
    let url = c.current_url().await.unwrap();
    let id = url
        .fragment()
        .unwrap()
        .trim_start_matches("/requests/")
        .to_owned();
    let sha = sakshya::digest::sha256_hex(&notice_bytes);
    wait_text(c, "#notice", &sha).await;
    wait_text(c, "#notice", "s94-notice.pdf").await;
    click(c, "form[data-action=submit] button").await;
    wait_text(c, "#request-status", "submitted").await;

    // The station supervisor endorses it.
    login(&app, c, "sup_a").await;
    open_request(&app, c, &id, "submitted").await;
    click(c, "form[data-action=endorse] button").await;
    wait_text(c, "#request-status", "endorsed").await;

    // The operator sees it in the queue and approves it.
    login(&app, c, "op_a").await;
    c.goto(&app.url("/#/queue")).await.unwrap();
    wait_text(c, "#queue", &id[id.len() - 8..]).await;
    screenshot(c, "operator-queue").await;
    open_request(&app, c, &id, "endorsed").await;
    wait_text(c, "#notice", "s94-notice.pdf").await;
    click(c, "form[data-action=approve] button").await;
    wait_text(c, "#request-status", "approved").await;
    // Extraction runs; the open page follows it live.
    app.run_jobs().await;
    wait_text(c, "#request-status", "fulfilled").await;
    c.refresh().await.unwrap();
    wait_text(c, "#items", "Download package").await;
    screenshot(c, "request-fulfilled").await;

    // The investigator shares the package with the court.
    login(&app, c, "inv_a").await;
    open_request(&app, c, &id, "fulfilled").await;
    fill(c, "form.share input[name=recipient_org]", "COURT-A").await;
    fill(
        c,
        "form.share input[name=recipient_name]",
        "JMFC Court, Pune",
    )
    .await;
    fill(
        c,
        "form.share input[name=purpose]",
        "Trial in FIR 0042/2026",
    )
    .await;
    click(c, "form.share button").await;
    wait_text(c, "#flash", "Shared with the court").await;

    // The court sees it, and checks the clip's bytes on the verification
    // page, hashed in the browser.
    login(&app, c, "court_a").await;
    wait_text(c, "#inbox", "Trial in FIR 0042/2026").await;
    screenshot(c, "court-inbox").await;
    let clip = {
        let mut conn = app.state.db.conn().unwrap();
        sakshya::db::clips::for_request(&mut conn, &id).unwrap()[0]
            .id
            .clone()
    };
    let (status, bytes, _) = app
        .get_bytes("inv_a", &format!("/api/v1/clips/{clip}/content"))
        .await;
    assert_eq!(status, StatusCode::OK);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("clip.mp4");
    std::fs::write(&file, bytes).unwrap();
    let (verdict, _) = verdict_after(&app, &b, &file).await;
    assert!(verdict.starts_with("ISSUED"), "{verdict}");
    screenshot(c, "verify").await;
    b.close().await;
}

#[tokio::test]
async fn each_role_sees_only_its_own_pages() {
    let app = spawn_app().await;
    let b = Browser::start().await;
    let c = &b.client;
    login(&app, c, "inv_a").await;
    let nav = c
        .find(Locator::Id("nav"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        nav.contains("New request") && !nav.contains("Security"),
        "{nav}"
    );
    c.goto(&app.url("/#/security")).await.unwrap();
    wait_text(c, "main", "not available to the investigator role").await;
    c.goto(&app.url("/#/queue")).await.unwrap();
    wait_text(c, "main", "not available").await;

    login(&app, c, "court_a").await;
    let nav = c
        .find(Locator::Id("nav"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        nav.contains("Shared with us") && !nav.contains("Requests"),
        "{nav}"
    );
    c.goto(&app.url("/#/sla")).await.unwrap();
    wait_text(c, "main", "not available").await;

    // Something for the CISO to see.
    let r = app
        .call(
            reqwest::Method::POST,
            "/api/v1/auth/login",
            None,
            Some(json!({ "username": "sup_a", "password": "Wrong-Password-1" })),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    // Four requests with known outcomes in ICCC A: three on time, one
    // missed because the footage was overwritten.
    let ok = [("fulfilled", None)];
    for sub in [0, 30, 60] {
        scripted(
            &app,
            "PS-A",
            "ICCC-A",
            "cam_a1",
            "fulfilled",
            None,
            sub,
            Some(sub + 2),
            &ok,
        );
    }
    scripted(
        &app,
        "PS-A",
        "ICCC-A",
        "cam_a2",
        "unavailable",
        None,
        90,
        Some(93),
        &[("unavailable", Some("footage_overwritten"))],
    );
    login(&app, c, "admin_a").await;
    c.goto(&app.url("/#/security")).await.unwrap();
    wait_text(c, "#security-events", "login failed").await;
    screenshot(c, "security-events").await;
    c.goto(&app.url("/#/sla")).await.unwrap();
    wait_text(c, "#sla", "75.0% on time (target 75.0%)").await;
    wait_text(c, "#sla", "footage overwritten: 1 (100.0%)").await;
    screenshot(c, "sla-dashboard").await;
    c.goto(&app.url("/#/cameras")).await.unwrap();
    wait_text(c, "#cameras", "CAM-A1").await;
    // Register a camera; a bad latitude is refused and the form keeps it.
    for (name, value) in [
        ("code", "CAM-A9"),
        ("name", "Deccan Gymkhana corner"),
        ("latitude", "218.52"),
        ("longitude", "73.84"),
        ("make", "CP Plus"),
        ("model", "CP-UNC-TA21"),
        ("serial", "CPX-0009"),
    ] {
        fill(c, &format!("#camera-form input[name={name}]"), value).await;
    }
    click(c, "#camera-form button[type=submit]").await;
    wait_text(c, "#camera-error", "(").await;
    let kept = c
        .find(Locator::Css("#camera-form input[name=latitude]"))
        .await
        .unwrap()
        .prop("value")
        .await
        .unwrap();
    assert_eq!(kept.as_deref(), Some("218.52"));
    fill(c, "#camera-form input[name=latitude]", "18.5167").await;
    click(c, "#camera-form button[type=submit]").await;
    wait_text(c, "#cameras", "CAM-A9").await;
    screenshot(c, "cameras").await;

    // On a phone: the same pages fit the screen's width.
    c.set_window_size(390, 844).await.unwrap();
    for (route, marker) in [
        ("/#/sla", "#sla-table"),
        ("/#/queue", "main h1"),
        ("/#/cameras", "#cameras"),
    ] {
        c.goto(&app.url(route)).await.unwrap();
        wait_text(c, marker, "").await;
        assert_fits_width(c, route).await;
    }
    screenshot(c, "phone-cameras").await;
    b.close().await;
}

#[tokio::test]
async fn a_refused_form_shows_the_error_and_keeps_the_input() {
    let app = spawn_app().await;
    let b = Browser::start().await;
    let c = &b.client;
    login(&app, c, "inv_a").await;
    c.goto(&app.url("/#/requests/new")).await.unwrap();
    let cam = app.fx.cameras["cam_a1"].clone();
    wait_text(c, "#camera-picker tbody", "CAM-A1").await;
    fill_case(c, "Identify a vehicle").await;
    click(c, &format!("input[name=camera][value='{cam}']")).await;
    // Thirteen hours: longer than one item may ask for.
    set_value(c, &format!("input[name='start-{cam}']"), "2026-11-20T06:00").await;
    set_value(c, &format!("input[name='end-{cam}']"), "2026-11-20T19:00").await;
    click(c, "#file-form > button[type=submit]").await;
    let err = wait_text(c, "#file-error", "window").await;
    assert!(err.contains('('), "the API's error code is shown: {err}");
    screenshot(c, "form-error").await;
    // The check can fail: an unlabelled field and an image without a text
    // alternative are caught.
    c.execute(
        "document.getElementById('main').append(Object.assign(document.createElement('img'), { src: '/static/none.png' }), document.createElement('select'));",
        vec![],
    )
    .await
    .unwrap();
    let found = violations(c).await.join("\n");
    assert!(found.contains("image-alt"), "{found}");
    assert!(found.contains("select-name"), "{found}");
    // Nothing was lost.
    let kept = c
        .find(Locator::Css("#file-form input[name=fir_number]"))
        .await
        .unwrap()
        .prop("value")
        .await
        .unwrap();
    assert_eq!(kept.as_deref(), Some("0042/2026"));
    let checked = c
        .find(Locator::Css(&format!("input[name=camera][value='{cam}']")))
        .await
        .unwrap()
        .prop("checked")
        .await
        .unwrap();
    assert_eq!(checked.as_deref(), Some("true"));
    assert!(c
        .current_url()
        .await
        .unwrap()
        .fragment()
        .unwrap()
        .starts_with("/requests/new"));
    let (requests, _, _) = app.counts();
    assert_eq!(requests, 0, "nothing was written");
    b.close().await;
}

#[tokio::test]
async fn an_admin_holds_evidence_and_reads_the_custody_log() {
    let app = spawn_app().await;
    let (request, clip) = app.sealed_clip().await;
    app.sync_log();
    let b = Browser::start().await;
    let c = &b.client;
    login(&app, c, "admin_a").await;
    c.goto(&app.url(&format!("/#/requests/{request}")))
        .await
        .unwrap();
    wait_text(c, "#items", "Release holds").await;
    fill(
        c,
        "#items form input[placeholder='Order or reason']",
        "Sessions Court order 12/2026",
    )
    .await;
    click(c, "#items .holds form:first-child button").await;
    wait_text(c, "#flash", "Done: place legal hold").await;
    wait_text(c, "#items", "Ask to erase bytes").await;
    fill(
        c,
        "#items form.erase input[placeholder='Erasure request or order']",
        "Order to destroy the copy",
    )
    .await;
    fill(
        c,
        "#items form.erase input[name=court_order_reference]",
        "SC 12/2026",
    )
    .await;
    click(c, "#items form.erase button").await;
    wait_text(c, "#flash", "legal_hold").await;
    // (Read from the database: a second TOTP login by API in the same 30 s
    // would be refused as a replay.)
    let holds = {
        let mut conn = app.state.db.conn().unwrap();
        sakshya::db::retention::active_holds(&mut conn, &clip).unwrap()
    };
    assert_eq!(holds.len(), 1);
    assert_eq!(holds[0].reason, "Sessions Court order 12/2026");

    // Reset an operator's MFA from the users page (an operator's takes
    // effect at once; another ICCC's accounts are not listed).
    c.goto(&app.url("/#/users")).await.unwrap();
    wait_text(c, "#users", "op_a").await;
    let listed = c
        .find(Locator::Css("#users"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        !listed.contains("op_b") && !listed.contains("inv_a"),
        "{listed}"
    );
    click(c, "button[data-reset=op_a]").await;
    wait_text(c, "#flash", "MFA reset for op_a").await;
    let enrolled = {
        let mut conn = app.state.db.conn().unwrap();
        sakshya::db::users::find(&mut conn, &app.fx.users["op_a"])
            .unwrap()
            .unwrap()
            .totp_secret
            .is_some()
    };
    assert!(!enrolled, "op_a enrols again at next login");
    screenshot(c, "users").await;

    c.goto(&app.url("/#/log")).await.unwrap();
    wait_text(c, "#checkpoint", "sakshya.local/custody").await;
    let event = {
        let mut conn = app.state.db.conn().unwrap();
        sakshya::db::custody::for_evidence(&mut conn, &request, &clip).unwrap()[0]
            .0
            .id
            .clone()
    };
    fill(c, "#proof-form input[name=event]", &event).await;
    click(c, "#proof-form button").await;
    wait_text(c, "#event-proof", "c2sp.org/tlog-proof").await;
    screenshot(c, "custody-log").await;

    // The retention page: the policy and the held clip's place in it.
    c.goto(&app.url("/#/retention")).await.unwrap();
    wait_text(
        c,
        "#retention-policy",
        "365 days after the case is disposed of",
    )
    .await;
    wait_text(c, "#retention", "No clip of a disposed case is waiting.").await;
    screenshot(c, "retention").await;
    b.close().await;
}

/// The two-person rule in the portal: an investigator records a case's
/// disposal and a supervisor confirms it; an ICCC administrator asks for
/// an erasure and a second one approves it. Desktop and phone.
#[tokio::test]
async fn a_second_person_confirms_a_disposal_and_approves_an_erasure() {
    // On S3 the objects get no COMPLIANCE retention, so the approved
    // erasure can go through (the store's own refusal is tested elsewhere).
    let app = crate::helpers::spawn_app_with(|s| s.evidence_retention_days = 0).await;
    let (request, clip) = app.sealed_clip().await;
    let b = Browser::start().await;
    let c = &b.client;
    login(&app, c, "inv_a").await;
    c.goto(&app.url(&format!("/#/requests/{request}")))
        .await
        .unwrap();
    wait_text(c, "#disposal", "Record disposal").await;
    let today = (chrono::Utc::now() + chrono::Duration::minutes(330))
        .format("%Y-%m-%d")
        .to_string();
    c.execute(
        "document.querySelector('#disposal-form input[type=date]').value = arguments[0];",
        vec![serde_json::json!(today)],
    )
    .await
    .unwrap();
    fill(
        c,
        "#disposal-form input[name=reference]",
        "Judgment SC 45/2025",
    )
    .await;
    click(c, "#disposal-form button").await;
    wait_text(c, "#flash", "a station supervisor must now confirm it").await;
    wait_text(c, "#disposal", "must confirm it").await;

    login(&app, c, "sup_a").await;
    c.goto(&app.url("/#/approvals")).await.unwrap();
    wait_text(c, "#approval-list", "Confirm that the case was disposed of").await;
    screenshot(c, "approvals").await;
    click(c, "#approval-list button[data-approve]").await;
    wait_text(c, "#flash", "Approved").await;
    wait_text(c, "#approvals", "Nothing is waiting").await;
    c.goto(&app.url(&format!("/#/requests/{request}")))
        .await
        .unwrap();
    wait_text(c, "#disposal", "The retention clock").await;

    // An erasure: asked by one administrator, approved by another.
    login(&app, c, "admin_a").await;
    c.goto(&app.url(&format!("/#/requests/{request}")))
        .await
        .unwrap();
    wait_text(c, "#items", "Ask to erase bytes").await;
    fill(
        c,
        "#items form.erase input[name=reason]",
        "Order to destroy the copy",
    )
    .await;
    fill(
        c,
        "#items form.erase input[name=court_order_reference]",
        "SC 9/2026",
    )
    .await;
    click(c, "#items form.erase button").await;
    wait_text(c, "#flash", "a second ICCC administrator must approve").await;
    c.goto(&app.url("/#/approvals")).await.unwrap();
    wait_text(c, "#approval-list", "Erase a clip").await;
    let own = c
        .find(Locator::Css("#approval-list"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        !own.contains("Approve"),
        "nobody approves what they asked for: {own}"
    );
    assert!(own.contains("Withdraw"), "{own}");

    login(&app, c, "admin_a2").await;
    c.set_window_size(390, 844).await.unwrap();
    c.goto(&app.url("/#/approvals")).await.unwrap();
    wait_text(c, "#approval-list", "Court order: SC 9/2026").await;
    assert_fits_width(c, "approvals").await;
    screenshot(c, "phone-approvals").await;
    // A double click approves once.
    c.execute(
        "const b = document.querySelector('#approval-list button[data-approve]'); b.click(); b.click();",
        vec![],
    )
    .await
    .unwrap();
    wait_text(c, "#flash", "Approved").await;
    let erased = {
        let mut conn = app.state.db.conn().unwrap();
        sakshya::db::retention::erasure(&mut conn, &clip).unwrap()
    };
    assert!(erased.is_some(), "the clip is erased once approved");
    // (The browser used this 30 s code; let the API log in with it too.)
    app.forget_token("admin_a");
    let decided = app
        .as_user(
            "admin_a",
            reqwest::Method::GET,
            "/api/v1/approvals?state=all",
            None,
        )
        .await;
    let approved: Vec<_> = decided
        .body
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["state"] == "approved")
        .collect();
    assert_eq!(approved.len(), 1, "{}", decided.body);
    b.close().await;
}

#[tokio::test]
async fn an_admin_registers_a_recorder_maps_a_channel_and_sees_it_answer() {
    use crate::nvr_double::{Kind, Nvr, PASSWORD as NVR_PASSWORD, USER as NVR_USER};
    let app = spawn_app().await;
    let t = Utc::now()
        .duration_trunc(chrono::Duration::seconds(1))
        .unwrap();
    let nvr = Nvr::start(
        Kind::Hikvision,
        std::collections::HashMap::from([(1, vec![(t - chrono::Duration::days(12), t)])]),
    )
    .await;
    let b = Browser::start().await;
    let c = &b.client;
    login(&app, c, "admin_a").await;
    c.goto(&app.url("/#/recorders")).await.unwrap();
    wait_text(c, "#recorders", "No recorders yet").await;
    let port = nvr.port.to_string();
    for (name, value) in [
        ("name", "NVR Shivajinagar 1"),
        ("host", "127.0.0.1"),
        ("http_port", port.as_str()),
        ("username", NVR_USER),
        ("password", NVR_PASSWORD),
    ] {
        fill(c, &format!("#recorder-form input[name={name}]"), value).await;
    }
    click(c, "#recorder-form button[type=submit]").await;
    wait_text(c, "#recorders", "reachable").await;
    wait_text(c, "#recorders", "DS-7616NXI-K2").await;
    // The password is never shown again, anywhere on the page.
    let page = c
        .find(Locator::Css("main"))
        .await
        .unwrap()
        .html(false)
        .await
        .unwrap();
    assert!(!page.contains(NVR_PASSWORD));

    fill(c, "#channel-form input[name=channel]", "1").await;
    click(c, "#channel-form button[type=submit]").await;
    wait_text(c, "#recorders", "Ch 1 → CAM-A1").await;
    click(c, "#recorders button[data-check]").await;
    wait_text(c, "#recorders", "footage since").await;
    screenshot(c, "recorders").await;

    c.set_window_size(390, 844).await.unwrap();
    c.goto(&app.url("/#/recorders")).await.unwrap();
    wait_text(c, "#recorders", "Ch 1").await;
    assert_fits_width(c, "recorders").await;
    screenshot(c, "phone-recorders").await;

    // An operator sees the recorders and may check one, but not register.
    login(&app, c, "op_a").await;
    c.goto(&app.url("/#/recorders")).await.unwrap();
    wait_text(c, "#recorders", "NVR Shivajinagar 1").await;
    assert!(c.find(Locator::Css("#recorder-form")).await.is_err());
    b.close().await;
}
