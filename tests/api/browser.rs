//! The public verification page in a real Chromium (chromedriver): the
//! clip is hashed in the browser with WebCrypto and only the hash is sent.

use std::process::{Child, Command, Stdio};
use std::time::Duration;

use fantoccini::{ClientBuilder, Locator};
use reqwest::StatusCode;

use crate::helpers::{spawn_app, TestApp};

/// A headless Chromium driven through chromedriver on a free port.
pub struct Browser {
    pub client: fantoccini::Client,
    driver: Child,
}

impl Browser {
    pub async fn start() -> Self {
        let driver_bin = ["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"]
            .into_iter()
            .find(|p| std::path::Path::new(p).exists())
            .expect("chromedriver is not installed (make test installs chromium-driver)");
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let driver = Command::new(driver_bin)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut caps = serde_json::Map::new();
        caps.insert(
            "goog:chromeOptions".into(),
            serde_json::json!({
                "binary": "/usr/bin/chromium",
                "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1366,768"]
            }),
        );
        let url = format!("http://127.0.0.1:{port}");
        let mut last = None;
        for _ in 0..100 {
            match ClientBuilder::rustls()
                .unwrap()
                .capabilities(caps.clone())
                .connect(&url)
                .await
            {
                Ok(client) => return Self { client, driver },
                Err(e) => last = Some(e),
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("chromedriver did not start: {last:?}");
    }

    pub async fn close(self) {
        let _ = self.client.clone().close().await;
    }
}

/// The driver goes with the browser, also when a test fails before
/// `close` (chromedriver would otherwise outlive the test run).
impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

pub async fn verdict_after(app: &TestApp, b: &Browser, file: &std::path::Path) -> (String, String) {
    let c = &b.client;
    c.goto(&app.url("/verify")).await.unwrap();
    let input = c.find(Locator::Id("clip-file")).await.unwrap();
    input.send_keys(file.to_str().unwrap()).await.unwrap();
    c.find(Locator::Id("verify-button"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    for _ in 0..200 {
        let text = c
            .find(Locator::Id("verdict"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        if text.starts_with("ISSUED") || text.starts_with("NOT ISSUED") {
            let facts = c
                .find(Locator::Id("facts"))
                .await
                .unwrap()
                .text()
                .await
                .unwrap();
            return (text, facts);
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("no verdict on the page");
}

#[tokio::test]
async fn the_verification_page_hashes_in_the_browser_and_checks_the_signature() {
    let app = spawn_app().await;
    let (_, clip) = app.sealed_clip().await;
    let (status, bytes, _) = app
        .get_bytes("inv_a", &format!("/api/v1/clips/{clip}/content"))
        .await;
    assert_eq!(status, StatusCode::OK);
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("clip.mp4");
    std::fs::write(&good, &bytes).unwrap();
    let mut changed = bytes.clone();
    let i = changed.len() / 2;
    changed[i] ^= 1;
    let bad = dir.path().join("changed.mp4");
    std::fs::write(&bad, &changed).unwrap();

    // The page is served with a strict CSP.
    let res = reqwest::get(app.url("/verify")).await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .contains("script-src 'self'"));

    let browser = Browser::start().await;
    let (verdict, facts) = verdict_after(&app, &browser, &good).await;
    let sha = {
        let mut c = app.state.db.conn().unwrap();
        sakshya::db::clips::find(&mut c, &clip)
            .unwrap()
            .unwrap()
            .sha256
    };
    assert!(verdict.starts_with("ISSUED: this ICCC issued"), "{verdict}");
    assert!(facts.contains(sha.as_str()), "{facts}");
    assert!(
        facts.contains("Ed25519 signature verifies with published key"),
        "{facts}"
    );
    assert!(facts.contains("CAM-A1"), "{facts}");

    let (verdict, _) = verdict_after(&app, &browser, &bad).await;
    assert!(verdict.starts_with("NOT ISSUED"), "{verdict}");
    browser.close().await;

    // Only hashes reached the server: each check is a custody event
    // carrying the hash the browser computed.
    app.sync_log();
    let mut c = app.state.db.conn().unwrap();
    let size = sakshya::db::log::size(&mut c).unwrap() as i64;
    let checks: Vec<String> = sakshya::db::custody::leaves_with_bodies(&mut c, 0, size)
        .unwrap()
        .into_iter()
        .map(|(_, _, b)| b)
        .filter(|b| b.contains("\"kind\":\"verified\""))
        .collect();
    assert_eq!(checks.len(), 2);
    assert!(checks[0].contains(sha.as_str()) && checks[0].contains("\"outcome\":\"issued\""));
    let bad_sha = sakshya::digest::sha256_file(&bad).unwrap().0;
    assert!(checks[1].contains(&bad_sha) && checks[1].contains("not_issued"));
}
