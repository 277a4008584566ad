//! Alerts: notifications once per threshold crossing, for the filing
//! investigator and the ICCC's operators; reading and marking them; email
//! through a real SMTP server (aiosmtpd) on 127.0.0.1; and the notice of an
//! account lockout to the user and their organisation's administrators.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration as StdDuration;

use chrono::{DateTime, Duration, DurationRound, Utc};
use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::helpers::{spawn_app, spawn_app_with, TestApp, PASSWORD};
use crate::sla::open_request;

fn sweep(app: &TestApp, at: DateTime<Utc>) -> sakshya::alerts::SweepReport {
    let settings = app.state.settings.clone();
    app.state
        .db
        .write_blocking(|c| sakshya::alerts::sweep(c, &settings, at))
        .unwrap()
}

/// A request whose deadline is one hour after `now`.
fn due_in_an_hour(app: &TestApp, now: DateTime<Utc>) -> String {
    open_request(
        app,
        "cam_a1",
        now - Duration::hours(23),
        (now - Duration::hours(25), now - Duration::hours(24)),
    )
}

#[tokio::test]
async fn alerts_fire_once_per_threshold_crossing() {
    let app = spawn_app().await;
    let now = Utc::now().duration_trunc(Duration::seconds(1)).unwrap();
    let id = due_in_an_hour(&app, now);

    // Nothing yet three hours before (the margin is 2 h).
    assert_eq!(sweep(&app, now - Duration::hours(2)).created, 0);
    // Inside the margin: the investigator and ICCC A's one operator.
    let first = sweep(&app, now);
    assert_eq!((first.requests, first.created), (1, 2));
    // Later ticks inside the same threshold create nothing more.
    for m in [1, 10, 59] {
        assert_eq!(sweep(&app, now + Duration::minutes(m)).created, 0);
    }
    // Breached: one more each, once.
    assert_eq!(sweep(&app, now + Duration::hours(2)).created, 2);
    assert_eq!(sweep(&app, now + Duration::hours(3)).created, 0);

    let r = app
        .as_user("inv_a", Method::GET, "/api/v1/notifications", None)
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body["unread"], 2);
    let kinds: Vec<&str> = r.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["deadline_breached", "deadline_near"]);
    assert!(r.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .all(|n| n["request_id"] == id.as_str()));
    assert!(r.body["items"][0]["message"]
        .as_str()
        .unwrap()
        .contains("IST"));
    let op = app
        .as_user("op_a", Method::GET, "/api/v1/notifications", None)
        .await;
    assert_eq!(op.body["total"], 2);
    // Other stations and ICCCs hear nothing of it.
    for other in ["inv_b", "op_b", "sup_a"] {
        let r = app
            .as_user(other, Method::GET, "/api/v1/notifications", None)
            .await;
        assert_eq!(r.body["total"], 0, "{other}: {}", r.body);
    }

    // Marking: someone else's ids change nothing; one, then all.
    let first_id = r.body["items"][0]["id"].as_str().unwrap().to_owned();
    let other = app
        .as_user(
            "inv_b",
            Method::POST,
            "/api/v1/notifications/read",
            Some(json!({ "ids": [first_id] })),
        )
        .await;
    assert_eq!(other.body["marked"], 0);
    let one = app
        .as_user(
            "inv_a",
            Method::POST,
            "/api/v1/notifications/read",
            Some(json!({ "ids": [first_id] })),
        )
        .await;
    assert_eq!(one.body["marked"], 1);
    let unread = app
        .as_user(
            "inv_a",
            Method::GET,
            "/api/v1/notifications?unread=true",
            None,
        )
        .await;
    assert_eq!(
        (
            unread.body["total"].as_i64(),
            unread.body["unread"].as_i64()
        ),
        (Some(1), Some(1))
    );
    let all = app
        .as_user(
            "inv_a",
            Method::POST,
            "/api/v1/notifications/read",
            Some(json!({ "all": true })),
        )
        .await;
    assert_eq!(all.body["marked"], 1);
    for bad in [
        json!({}),
        json!({ "ids": [] }),
        json!({ "ids": ["x"], "all": true }),
    ] {
        let r = app
            .as_user(
                "inv_a",
                Method::POST,
                "/api/v1/notifications/read",
                Some(bad.clone()),
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
        assert_eq!(r.body["error"]["code"], "invalid_selection");
    }
    let r = app
        .call(Method::GET, "/api/v1/notifications", None, None)
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn footage_about_to_be_overwritten_alerts_before_the_deadline_does() {
    let app = spawn_app().await;
    let now = Utc::now().duration_trunc(Duration::seconds(10)).unwrap();
    // Footage from 30 days ago less 5 hours: a 30-day camera overwrites it
    // in 5 hours, well inside the 24 h overwrite margin; the deadline is a
    // day away, outside the 2 h deadline margin.
    let old = now - Duration::days(30) + Duration::hours(5);
    app.record("cam_a3", old, 1, 10, &[]);
    app.index();
    open_request(&app, "cam_a3", now, (old, old + Duration::seconds(8)));
    let r = sweep(&app, now);
    assert_eq!(r.created, 2);
    let n = app
        .as_user("op_a", Method::GET, "/api/v1/notifications", None)
        .await;
    assert_eq!(n.body["items"][0]["kind"], "overwrite_near");
    assert_eq!(sweep(&app, now + Duration::minutes(5)).created, 0);
}

/// aiosmtpd on a free port of 127.0.0.1, storing what it receives in a
/// Maildir.
struct SmtpServer {
    child: Child,
    port: u16,
    maildir: PathBuf,
    _dir: tempfile::TempDir,
}

impl SmtpServer {
    fn start() -> SmtpServer {
        let python = std::env::var("SAKSHYA_TEST_SMTP_PYTHON").unwrap_or_else(|_| {
            panic!(
                "SAKSHYA_TEST_SMTP_PYTHON must name a Python with aiosmtpd \
                 (make test sets it from tests/support/aiosmtpd.sh)"
            )
        });
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let dir = tempfile::tempdir().unwrap();
        let maildir = dir.path().join("mail");
        let child = Command::new(&python)
            .args(["-m", "aiosmtpd", "-n", "-l"])
            .arg(format!("127.0.0.1:{port}"))
            .args(["-c", "aiosmtpd.handlers.Mailbox"])
            .arg(&maildir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("starting aiosmtpd with {python}: {e}"));
        // Owned at once, so it is killed and reaped however this ends.
        let server = SmtpServer {
            child,
            port,
            maildir,
            _dir: dir,
        };
        for _ in 0..100 {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return server;
            }
            std::thread::sleep(StdDuration::from_millis(100));
        }
        drop(server);
        panic!("aiosmtpd did not start on port {port}");
    }

    /// Every message received so far, as text.
    fn messages(&self) -> Vec<String> {
        let mut out = Vec::new();
        for sub in ["new", "cur"] {
            let Ok(entries) = std::fs::read_dir(self.maildir.join(sub)) else {
                continue;
            };
            for e in entries {
                out.push(std::fs::read_to_string(e.unwrap().path()).unwrap());
            }
        }
        out
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn set_email(app: &TestApp, user: &str, email: &str) {
    app.state
        .db
        .write_blocking(|c| sakshya::workflow::accounts::set_email(c, user, Some(email)))
        .unwrap();
}

/// One round of email delivery through the app's configured SMTP server.
async fn deliver(app: &TestApp) -> Result<usize, sakshya::alerts::email::EmailError> {
    let mailer = sakshya::alerts::email::Mailer::from_settings(&app.state.settings)
        .unwrap()
        .expect("smtp_url is set");
    let db = app.state.db.clone();
    tokio::task::spawn_blocking(move || sakshya::alerts::email::deliver(&db, &mailer))
        .await
        .unwrap()
}

fn wait_for(path: &Path, n: usize, server: &SmtpServer) -> Vec<String> {
    for _ in 0..50 {
        let m = server.messages();
        if m.len() >= n {
            return m;
        }
        std::thread::sleep(StdDuration::from_millis(100));
    }
    panic!("expected {n} message(s) in {}", path.display());
}

#[tokio::test]
async fn alerts_are_emailed_through_a_real_smtp_server_once() {
    let smtp = SmtpServer::start();
    let port = smtp.port;
    let app = spawn_app_with(move |s| {
        s.smtp_url = Some(format!("smtp://127.0.0.1:{port}").into());
        s.smtp_from = "Sakshya ICCC A <alerts@iccc-a.example>".into();
    })
    .await;
    set_email(&app, "inv_a", "inv.a@ps-a.example");
    let now = Utc::now().duration_trunc(Duration::seconds(1)).unwrap();
    due_in_an_hour(&app, now);
    assert_eq!(sweep(&app, now).created, 2);

    let sent = deliver(&app).await.unwrap();
    // Only inv_a has an address; op_a's notification stays in the app.
    assert_eq!(sent, 1);
    let msgs = wait_for(&smtp.maildir, 1, &smtp);
    assert_eq!(msgs.len(), 1);
    let m = &msgs[0];
    assert!(m.contains("To: inv.a@ps-a.example"), "{m}");
    assert!(
        m.contains("From: \"Sakshya ICCC A\" <alerts@iccc-a.example>")
            || m.contains("From: Sakshya ICCC A <alerts@iccc-a.example>"),
        "{m}"
    );
    assert!(
        m.contains("Subject: Sakshya: a footage request is close to its deadline"),
        "{m}"
    );
    let r = app
        .as_user("inv_a", Method::GET, "/api/v1/notifications", None)
        .await;
    assert!(r.body["items"][0]["emailed_at"].is_string(), "{}", r.body);
    let r = app
        .as_user("op_a", Method::GET, "/api/v1/notifications", None)
        .await;
    assert!(r.body["items"][0]["emailed_at"].is_null(), "{}", r.body);

    // A second round sends nothing again.
    let again = deliver(&app).await.unwrap();
    assert_eq!(again, 0);
    std::thread::sleep(StdDuration::from_millis(300));
    assert_eq!(smtp.messages().len(), 1);
}

#[tokio::test]
async fn an_unreachable_smtp_server_leaves_notifications_unsent_for_the_next_round() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let app = spawn_app_with(move |s| {
        s.smtp_url = Some(format!("smtp://127.0.0.1:{port}").into());
    })
    .await;
    set_email(&app, "inv_a", "inv.a@ps-a.example");
    let now = Utc::now();
    due_in_an_hour(&app, now);
    sweep(&app, now);
    let r = deliver(&app).await;
    assert!(r.is_err(), "nothing listens on {port}");
    let n = app
        .as_user("inv_a", Method::GET, "/api/v1/notifications", None)
        .await;
    assert!(n.body["items"][0]["emailed_at"].is_null());
}

#[tokio::test]
async fn a_lockout_notifies_the_user_and_their_organisation_administrators() {
    let smtp = SmtpServer::start();
    let port = smtp.port;
    let app = spawn_app_with(move |s| {
        s.login_max_failures = 2;
        s.smtp_url = Some(format!("smtp://127.0.0.1:{port}").into());
    })
    .await;
    // The station's own administrator can lift it and is told; the
    // ICCC's administrators manage other accounts and are not.
    for (user, email) in [
        ("inv_a", "inv.a@ps-a.example"),
        ("stadmin_a", "admin@ps-a.example"),
        ("admin_a", "admin.a@iccc-a.example"),
        ("admin_b", "admin.b@iccc-b.example"),
    ] {
        set_email(&app, user, email);
    }
    for _ in 0..2 {
        app.call(
            Method::POST,
            "/api/v1/auth/login",
            None,
            Some(json!({ "username": "inv_a", "password": "Wrong-Password-123" })),
        )
        .await;
    }
    let r = app
        .call(
            Method::POST,
            "/api/v1/auth/login",
            None,
            Some(json!({ "username": "inv_a", "password": PASSWORD })),
        )
        .await;
    assert_eq!(r.body["error"]["code"], "invalid_credentials", "{}", r.body);

    // In the portal: the station's administrator sees it, with no
    // request; the ICCC's administrators and operator do not.
    let r = app
        .as_user("stadmin_a", Method::GET, "/api/v1/notifications", None)
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body["total"], 1, "{}", r.body);
    let n = &r.body["items"][0];
    assert_eq!(n["kind"], "account_locked");
    assert!(n["request_id"].is_null(), "{n}");
    let m = n["message"].as_str().unwrap();
    assert!(m.contains("inv_a") && m.contains("PS-A name"), "{m}");
    assert!(m.contains("2 failed logins from 127.0.0.1"), "{m}");
    for other in ["admin_a", "admin_b", "op_a"] {
        let r = app
            .as_user(other, Method::GET, "/api/v1/notifications", None)
            .await;
        assert_eq!(r.body["total"], 0, "{other}: {}", r.body);
    }

    // By email: the user and the station's administrator, once each;
    // never the password.
    let sent = deliver(&app).await.unwrap();
    assert_eq!(sent, 2);
    let msgs = wait_for(&smtp.maildir, 2, &smtp);
    let to_user = msgs
        .iter()
        .find(|m| m.contains("To: inv.a@ps-a.example"))
        .expect("the user's message");
    assert!(
        to_user.contains("Your account inv_a was locked"),
        "{to_user}"
    );
    assert!(
        to_user.contains("Subject: Sakshya: an account was locked after failed logins"),
        "{to_user}"
    );
    assert!(msgs.iter().any(|m| m.contains("To: admin@ps-a.example")));
    assert!(!msgs
        .iter()
        .any(|m| m.contains("admin.a@") || m.contains("admin.b@")));
    assert!(!msgs.iter().any(|m| m.contains("Wrong-Password-123")));

    // Once unlocked, the user finds the notice in the portal too.
    app.state
        .db
        .write_blocking(|c| sakshya::workflow::accounts::unlock(c, "inv_a"))
        .unwrap();
    let r = app
        .as_user("inv_a", Method::GET, "/api/v1/notifications", None)
        .await;
    assert_eq!(r.body["items"][0]["kind"], "account_locked", "{}", r.body);
}
