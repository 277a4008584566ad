//! The `sakshya` binary: migrate, demo, user management.

use std::io::Write;
use std::process::{Command, Stdio};

use chrono::Utc;
use reqwest::{Method, StatusCode};
use sakshya::app::Application;
use sakshya::auth::totp;
use sakshya::demo::DemoCredential;
use serde_json::json;

use crate::helpers::{test_settings, TestDatabase};

fn sakshya(db: &TestDatabase, args: &[&str], stdin: Option<&str>) -> (bool, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_sakshya"))
        .args(args)
        .env("SAKSHYA_DATABASE_URL", &db.url)
        .env("SAKSHYA_DATA_DIR", db.dir.path())
        .env("SAKSHYA_LOG_FORMAT", "json")
        // Two one-minute segments per demo camera keep the test quick.
        .env("SAKSHYA_DEMO_FOOTAGE_MINUTES", "2")
        .env("SAKSHYA_DEMO_SEGMENT_SECS", "60")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    if let Some(s) = stdin {
        child.stdin.take().unwrap().write_all(s.as_bytes()).unwrap();
    }
    let out = child.wait_with_output().unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

#[tokio::test]
async fn demo_seeds_once_and_its_logins_work() {
    let db = TestDatabase::new();
    let (ok, out) = sakshya(&db, &["migrate"], None);
    assert!(ok, "{out}");
    assert!(
        !out.contains(":postgres@"),
        "a database password was printed: {out}"
    );
    let (ok, out) = sakshya(&db, &["demo"], None);
    assert!(ok, "{out}");
    let path = db.dir.path().join("demo-credentials.json");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
    let creds: Vec<DemoCredential> =
        serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    let roles: Vec<&str> = creds.iter().map(|c| c.role.as_str()).collect();
    for role in [
        "investigator",
        "station_supervisor",
        "operator",
        "iccc_admin",
        "court",
        "auditor",
    ] {
        assert!(roles.contains(&role), "demo lacks a {role}");
    }
    for c in &creds {
        assert_eq!(
            c.totp_secret.is_some(),
            matches!(c.role.as_str(), "operator" | "iccc_admin"),
            "{}",
            c.username
        );
    }
    let (ok, out) = sakshya(&db, &["demo"], None);
    assert!(ok && out.contains("already has data"), "{out}");

    // Serve the seeded database and walk the demo's story.
    let app = Application::build(&test_settings(&db)).unwrap();
    let base = format!("http://127.0.0.1:{}", app.port());
    tokio::spawn(app.run_until_stopped());
    let http = reqwest::Client::new();
    let login = |name: &str| {
        let c = creds.iter().find(|c| c.username == name).unwrap();
        let mut body = json!({"username": c.username, "password": c.password});
        if let Some(s) = &c.totp_secret {
            body["totp"] = json!(totp::code_at(s, Utc::now().timestamp() as u64).unwrap());
        }
        body
    };
    let mut tokens = std::collections::HashMap::new();
    for name in [
        "investigator",
        "supervisor",
        "operator",
        "admin",
        "court",
        "auditor",
    ] {
        let r = http
            .post(format!("{base}/api/v1/auth/login"))
            .json(&login(name))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK, "{name}");
        let v: serde_json::Value = r.json().await.unwrap();
        assert_eq!(v["scope"], "api", "{name}");
        tokens.insert(name, v["access_token"].as_str().unwrap().to_owned());
    }
    let cams: serde_json::Value = http
        .request(
            Method::GET,
            format!("{base}/api/v1/cameras?near=18.5204,73.8411&radius_m=3000"),
        )
        .bearer_auth(&tokens["investigator"])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(cams["items"][0]["code"], "PUN-FCR-01");
    // The demo footage is written and indexed: two segments, no gap between them.
    let cam = cams["items"][0]["id"].as_str().unwrap();
    let rec: serde_json::Value = http
        .get(format!("{base}/api/v1/cameras/{cam}/recordings"))
        .bearer_auth(&tokens["operator"])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let segs = rec["segments"].as_array().unwrap();
    assert_eq!(segs.len(), 2, "{rec}");
    assert!(segs
        .iter()
        .all(|s| s["status"] == "ok" && s["video_codec"] == "h264"));
    assert_eq!(segs[0]["end"], segs[1]["start"], "{rec}");
}

#[tokio::test]
async fn user_management_commands() {
    let db = TestDatabase::new();
    assert!(sakshya(&db, &["demo"], None).0);
    let (ok, out) = sakshya(
        &db,
        &[
            "user",
            "add",
            "--username",
            "si.kale",
            "--role",
            "investigator",
            "--org",
            "ps-deccan",
            "--display-name",
            "SI Kale",
            "--password-stdin",
        ],
        Some("Another-Long-Passw0rd\n"),
    );
    assert!(ok, "{out}");
    assert!(
        !out.contains("Another-Long-Passw0rd"),
        "the password was echoed"
    );
    let (ok, out) = sakshya(
        &db,
        &[
            "user",
            "add",
            "--username",
            "x.op",
            "--role",
            "operator",
            "--org",
            "PS-DECCAN",
            "--display-name",
            "X",
        ],
        None,
    );
    assert!(!ok && out.contains("cannot belong"), "{out}");
    let (ok, out) = sakshya(
        &db,
        &[
            "user",
            "add",
            "--username",
            "weak",
            "--role",
            "investigator",
            "--org",
            "PS-DECCAN",
            "--display-name",
            "W",
            "--password-stdin",
        ],
        Some("short\n"),
    );
    assert!(!ok && out.contains("12 to 128"), "{out}");
    let (ok, out) = sakshya(&db, &["user", "passwd", "si.kale"], None);
    assert!(ok && out.contains("password: Sk-"), "{out}");
    let (ok, out) = sakshya(&db, &["user", "reset-mfa", "operator"], None);
    assert!(ok, "{out}");
    let (ok, out) = sakshya(&db, &["user", "reset-mfa", "nobody"], None);
    assert!(!ok && out.contains("no user named nobody"), "{out}");

    let app = Application::build(&test_settings(&db)).unwrap();
    let base = format!("http://127.0.0.1:{}", app.port());
    tokio::spawn(app.run_until_stopped());
    let new_pw = out_password(&sakshya(&db, &["user", "passwd", "si.kale"], None).1);
    let http = reqwest::Client::new();
    let r = http
        .post(format!("{base}/api/v1/auth/login"))
        .json(&json!({"username": "si.kale", "password": new_pw}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let creds: Vec<DemoCredential> = serde_json::from_slice(
        &std::fs::read(db.dir.path().join("demo-credentials.json")).unwrap(),
    )
    .unwrap();
    let op = creds.iter().find(|c| c.username == "operator").unwrap();
    let r = http
        .post(format!("{base}/api/v1/auth/login"))
        .json(&json!({"username": "operator", "password": op.password}))
        .send()
        .await
        .unwrap();
    let v: serde_json::Value = r.json().await.unwrap();
    assert_eq!(
        v["scope"], "mfa_enrolment",
        "after reset-mfa the operator must enrol again"
    );
}

fn out_password(out: &str) -> String {
    out.lines()
        .find_map(|l| l.strip_prefix("password: "))
        .unwrap()
        .trim()
        .to_owned()
}
