//! Test harness: a real server on port 0 over a fresh database per test.
//! `SAKSHYA_TEST_DB=postgres` selects PostgreSQL (a new database per test
//! on the server at `SAKSHYA_TEST_PG_URL`); otherwise SQLite in a temp dir.
//! A missing PostgreSQL fails the test loudly; nothing is skipped.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use chrono::{Duration, Utc};
use diesel::{Connection, PgConnection, RunQueryDsl};
use reqwest::{Method, StatusCode};
use sakshya::app::Application;
use sakshya::auth::{password, totp};
use sakshya::config::Settings;
use sakshya::db::cameras::{self, CameraRow};
use sakshya::db::organisations::{self, OrganisationRow};
use sakshya::db::{time, users, Backend};
use sakshya::domain::role::Role;
use sakshya::media::demo_footage::{write_segment, FootageSpec};
use sakshya::state::AppState;
use sakshya::workflow::accounts::{self, NewUser};
use secrecy::SecretString;
use serde_json::{json, Value};

pub const PASSWORD: &str = "Correct-Horse-Battery-9";

/// Tiny footage for tests: the demo generator at a small size.
pub const TINY: FootageSpec = FootageSpec {
    width: 160,
    height: 96,
    fps: 5,
    gop_secs: 2,
    bit_rate: 0,
};

pub fn password_hash() -> String {
    static H: OnceLock<String> = OnceLock::new();
    H.get_or_init(|| password::hash(PASSWORD).unwrap()).clone()
}

pub fn backend() -> Backend {
    match std::env::var("SAKSHYA_TEST_DB").as_deref() {
        Ok("postgres") => Backend::Postgres,
        Ok("sqlite") | Err(_) => Backend::Sqlite,
        Ok(other) => panic!("SAKSHYA_TEST_DB must be sqlite or postgres, not {other}"),
    }
}

/// The PostgreSQL server the tests create their databases on. Over
/// loopback without TLS unless the URL asks for it: libpq's OpenSSL
/// registers an exit-time cleanup that frees its state while the test
/// binary's background threads may still be using a TLS connection, which
/// aborts the process after every test has passed ("double free or
/// corruption"). TLS to PostgreSQL is a deployment setting, not what these
/// tests check.
fn pg_admin_url() -> String {
    let url = std::env::var("SAKSHYA_TEST_PG_URL")
        .unwrap_or_else(|_| "postgres://postgres:postgres@127.0.0.1:5432/postgres".into());
    if url.contains("sslmode=") {
        url
    } else if url.contains('?') {
        format!("{url}&sslmode=disable")
    } else {
        format!("{url}?sslmode=disable")
    }
}

/// `admin` with its database name replaced by `name`, its query kept.
fn pg_database_url(admin: &str, name: &str) -> String {
    let (path, query) = admin.split_once('?').unwrap_or((admin, ""));
    let base = path.rsplit_once('/').unwrap().0;
    if query.is_empty() {
        format!("{base}/{name}")
    } else {
        format!("{base}/{name}?{query}")
    }
}

/// A fresh, empty database; dropped with the guard.
pub struct TestDatabase {
    pub url: String,
    pg_name: Option<String>,
    pub dir: tempfile::TempDir,
}

impl TestDatabase {
    pub fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        match backend() {
            Backend::Sqlite => Self {
                url: format!("sqlite://{}", dir.path().join("sakshya.db").display()),
                pg_name: None,
                dir,
            },
            Backend::Postgres => {
                let admin = pg_admin_url();
                let name = format!("sakshya_t_{}", uuid::Uuid::now_v7().simple());
                let mut c = PgConnection::establish(&admin).unwrap_or_else(|e| {
                    panic!("PostgreSQL is required for SAKSHYA_TEST_DB=postgres ({admin}): {e}")
                });
                diesel::sql_query(format!("CREATE DATABASE {name}"))
                    .execute(&mut c)
                    .unwrap();
                Self {
                    url: pg_database_url(&admin, &name),
                    pg_name: Some(name),
                    dir,
                }
            }
        }
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        if let Some(name) = &self.pg_name {
            if let Ok(mut c) = PgConnection::establish(&pg_admin_url()) {
                let _ = diesel::sql_query(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                    .execute(&mut c);
            }
        }
    }
}

/// Ids of the fixture's organisations, users and cameras.
#[derive(Default)]
pub struct Fixture {
    pub orgs: HashMap<&'static str, String>,
    pub users: HashMap<&'static str, String>,
    pub cameras: HashMap<&'static str, String>,
    pub totp: HashMap<&'static str, String>,
}

/// Two ICCCs (A, B), two stations (A, B), a court, and users of every role.
pub const ORGS: &[(&str, &str)] = &[
    ("ICCC-A", "iccc"),
    ("ICCC-B", "iccc"),
    ("PS-A", "police_station"),
    ("PS-B", "police_station"),
    ("COURT-A", "court"),
];

pub const USERS: &[(&str, Role, &str)] = &[
    ("inv_a", Role::Investigator, "PS-A"),
    ("inv_b", Role::Investigator, "PS-B"),
    ("sup_a", Role::StationSupervisor, "PS-A"),
    ("sup_b", Role::StationSupervisor, "PS-B"),
    ("op_a", Role::Operator, "ICCC-A"),
    ("op_b", Role::Operator, "ICCC-B"),
    ("admin_a", Role::IcccAdmin, "ICCC-A"),
    ("admin_b", Role::IcccAdmin, "ICCC-B"),
    // Second people for the two-person rule, and the station's and the
    // court's own account administrators.
    ("admin_a2", Role::IcccAdmin, "ICCC-A"),
    ("sup_a2", Role::StationSupervisor, "PS-A"),
    ("stadmin_a", Role::StationAdmin, "PS-A"),
    ("courtadmin_a", Role::CourtAdmin, "COURT-A"),
    ("court_a", Role::Court, "COURT-A"),
    ("auditor_a", Role::Auditor, "ICCC-A"),
    ("auditor_psa", Role::Auditor, "PS-A"),
];

/// (key, code, ICCC, lat, lon)
pub const CAMERAS: &[(&str, &str, &str, f64, f64)] = &[
    ("cam_a1", "CAM-A1", "ICCC-A", 18.5203, 73.8410),
    ("cam_a2", "CAM-A2", "ICCC-A", 18.5236, 73.8478),
    ("cam_a3", "CAM-A3", "ICCC-A", 18.5314, 73.8515),
    ("cam_b1", "CAM-B1", "ICCC-B", 19.0760, 72.8777),
];

pub struct TestApp {
    pub base: String,
    pub client: reqwest::Client,
    pub state: AppState,
    pub fx: Fixture,
    /// The separate metrics listener's port, when `metrics_bind` is set.
    pub metrics_port: Option<u16>,
    tokens: Mutex<HashMap<String, String>>,
    _db: TestDatabase,
}

/// Which evidence store the suite runs on: `SAKSHYA_TEST_STORE=s3` uses the
/// real S3 server at `SAKSHYA_TEST_S3_ENDPOINT` (started by `make test`),
/// anything else the local store.
pub fn s3_store() -> bool {
    std::env::var("SAKSHYA_TEST_STORE").as_deref() == Ok("s3")
}

pub fn s3_endpoint() -> String {
    std::env::var("SAKSHYA_TEST_S3_ENDPOINT").unwrap_or_else(|_| {
        panic!("SAKSHYA_TEST_STORE=s3 needs SAKSHYA_TEST_S3_ENDPOINT (make test starts SeaweedFS)")
    })
}

/// A client for the test S3 server, on its own runtime thread.
pub fn with_s3<T: Send + 'static>(
    f: impl FnOnce(aws_sdk_s3::Client) -> std::pin::Pin<Box<dyn std::future::Future<Output = T> + Send>>
        + Send
        + 'static,
) -> T {
    with_s3_at(s3_endpoint(), f)
}

/// Like [`with_s3`], against another S3 endpoint.
pub fn with_s3_at<T: Send + 'static>(
    endpoint: String,
    f: impl FnOnce(aws_sdk_s3::Client) -> std::pin::Pin<Box<dyn std::future::Future<Output = T> + Send>>
        + Send
        + 'static,
) -> T {
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async move {
            let shared = aws_config::from_env()
                .region(aws_sdk_s3::config::Region::new("us-east-1"))
                .load()
                .await;
            let conf = aws_sdk_s3::config::Builder::from(&shared)
                .endpoint_url(endpoint)
                .force_path_style(true)
                .build();
            f(aws_sdk_s3::Client::from_conf(conf)).await
        })
    })
    .join()
    .unwrap()
}

/// A fresh bucket with Object Lock (and so versioning) enabled.
pub fn new_locked_bucket() -> String {
    let name = format!(
        "sakshya-t-{}",
        &uuid::Uuid::now_v7().simple().to_string()[14..]
    );
    let bucket = name.clone();
    with_s3(move |c| {
        Box::pin(async move {
            c.create_bucket()
                .bucket(&bucket)
                .object_lock_enabled_for_bucket(true)
                .send()
                .await
                .unwrap_or_else(|e| panic!("creating bucket {bucket}: {e:?}"));
        })
    });
    name
}

/// One Object Lock bucket per test run; each test gets its own prefix
/// (a bucket per test would exhaust SeaweedFS's volume slots).
pub fn shared_bucket() -> String {
    static BUCKET: OnceLock<String> = OnceLock::new();
    BUCKET.get_or_init(new_locked_bucket).clone()
}

pub fn test_settings(db: &TestDatabase) -> Settings {
    let (store, s3_endpoint) = if s3_store() {
        let prefix = uuid::Uuid::now_v7().simple().to_string();
        (
            Some(format!("s3://{}/{prefix}", shared_bucket())),
            Some(s3_endpoint()),
        )
    } else {
        (None, None)
    };
    Settings {
        store,
        s3_endpoint,
        s3_path_style: true,
        database_url: SecretString::from(db.url.clone()),
        bind: "127.0.0.1:0".into(),
        data_dir: db.dir.path().to_path_buf(),
        db_pool_size: 4,
        http_workers: 1,
        // Tests run jobs and index scans themselves rather than sleeping.
        job_workers: 0,
        index_interval_secs: 0,
        sequencer_interval_ms: 0,
        index_settle_secs: 0,
        alert_interval_secs: 0,
        retention_interval_secs: 0,
        recorder_check_secs: 0,
        ..Settings::default()
    }
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

pub async fn spawn_app_with(tweak: impl FnOnce(&mut Settings)) -> TestApp {
    let db = TestDatabase::new();
    let mut settings = test_settings(&db);
    tweak(&mut settings);
    let app = Application::build(&settings).expect("application builds");
    let port = app.port();
    let metrics_port = app.metrics_port();
    let state = app.state().clone();
    tokio::spawn(app.run_until_stopped());
    let fx = seed(&state);
    TestApp {
        base: format!("http://127.0.0.1:{port}"),
        client: reqwest::Client::builder()
            // Below the server's 5 s keep-alive, so an idle pooled
            // connection is never reused just as the server closes it.
            .pool_idle_timeout(std::time::Duration::from_secs(2))
            .build()
            .unwrap(),
        state,
        fx,
        metrics_port,
        tokens: Mutex::new(HashMap::new()),
        _db: db,
    }
}

fn seed(state: &AppState) -> Fixture {
    let mut fx = Fixture::default();
    let now = time::now();
    state
        .db
        .write_blocking(|c| -> anyhow::Result<()> {
            for (code, kind) in ORGS {
                let id = uuid::Uuid::now_v7().to_string();
                organisations::insert(
                    c,
                    &OrganisationRow {
                        id: id.clone(),
                        kind: kind.parse().unwrap(),
                        code: (*code).into(),
                        name: format!("{code} name"),
                        city: "Pune".into(),
                        created_at: now,
                    },
                )?;
                fx.orgs.insert(code, id);
            }
            for (name, role, org) in USERS {
                let row = accounts::create_user(
                    c,
                    NewUser {
                        username: name,
                        display_name: name,
                        role: *role,
                        org_code: org,
                        password_hash: password_hash(),
                    },
                )?;
                if role.requires_mfa() {
                    let s = totp::generate_secret()?;
                    users::set_totp_secret(c, &row.id, &s, now)?;
                    fx.totp.insert(name, s);
                }
                fx.users.insert(name, row.id);
            }
            for (key, code, iccc, lat, lon) in CAMERAS {
                let id = uuid::Uuid::now_v7().to_string();
                cameras::insert(
                    c,
                    &CameraRow {
                        id: id.clone(),
                        code: (*code).into(),
                        name: format!("{code} junction"),
                        iccc_id: fx.orgs[iccc].clone(),
                        latitude: *lat,
                        longitude: *lon,
                        make: "Hikvision".into(),
                        model: "DS-2CD2143G2-I".into(),
                        serial: format!("SN-{code}"),
                        mac: None,
                        retention_days: 30,
                        status: sakshya::domain::camera::CameraStatus::Online,
                        created_at: now,
                        updated_at: now,
                    },
                )?;
                fx.cameras.insert(key, id);
            }
            Ok(())
        })
        .unwrap();
    fx
}

pub struct Resp {
    pub status: StatusCode,
    pub body: Value,
}

impl Resp {
    /// The error code of an error response.
    pub fn code(&self) -> &str {
        self.body["error"]["code"]
            .as_str()
            .unwrap_or("<no error code>")
    }
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    pub fn totp_now(&self, user: &str) -> String {
        totp::code_at(&self.fx.totp[user], Utc::now().timestamp() as u64).unwrap()
    }

    /// Logs `user` in once per test and caches the token (TOTP codes are
    /// single-use, so a second login in the same 30 s would be refused).
    pub async fn token(&self, user: &str) -> String {
        if let Some(t) = self.tokens.lock().unwrap().get(user) {
            return t.clone();
        }
        let mut body = json!({"username": user, "password": PASSWORD});
        if self.fx.totp.contains_key(user) {
            body["totp"] = json!(self.totp_now(user));
        }
        let r = self
            .call(Method::POST, "/api/v1/auth/login", None, Some(body))
            .await;
        assert_eq!(r.status, StatusCode::OK, "login {user}: {}", r.body);
        let t = r.body["access_token"].as_str().unwrap().to_owned();
        self.tokens
            .lock()
            .unwrap()
            .insert(user.to_owned(), t.clone());
        t
    }

    /// Forgets `user`'s cached token so the next call logs in again (after
    /// a role change ended their sessions); the used TOTP step is cleared
    /// so the same 30 s code works once more.
    pub fn forget_token(&self, user: &str) {
        use diesel::prelude::*;
        use sakshya::db::schema::users as u;
        self.tokens.lock().unwrap().remove(user);
        let mut c = self.state.db.conn().unwrap();
        diesel::update(u::table.find(&self.fx.users[user]))
            .set(u::totp_last_step.eq(None::<i64>))
            .execute(&mut **c)
            .unwrap();
    }

    pub async fn call(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> Resp {
        let mut req = self.client.request(method, self.url(path));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        if let Some(b) = body {
            req = req.json(&b);
        }
        let res = req.send().await.expect("request sent");
        let status = res.status();
        let text = res.text().await.unwrap();
        let body = if text.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text).unwrap_or(Value::String(text))
        };
        Resp { status, body }
    }

    /// Calls as `user` (logging in as needed).
    pub async fn as_user(
        &self,
        user: &str,
        method: Method,
        path: &str,
        body: Option<Value>,
    ) -> Resp {
        let t = self.token(user).await;
        self.call(method, path, Some(&t), body).await
    }

    /// Sends raw bytes with a content type.
    pub async fn raw(
        &self,
        user: &str,
        method: Method,
        path: &str,
        content_type: &str,
        body: Vec<u8>,
    ) -> Resp {
        let t = self.token(user).await;
        let res = self
            .client
            .request(method, self.url(path))
            .bearer_auth(t)
            .header("content-type", content_type)
            .body(body)
            .send()
            .await
            .unwrap();
        let status = res.status();
        let text = res.text().await.unwrap();
        Resp {
            status,
            body: serde_json::from_str(&text).unwrap_or(Value::String(text)),
        }
    }

    /// A valid filing body for `camera` (fixture key).
    pub fn filing(&self, camera: &str) -> Value {
        let end = Utc::now() - Duration::hours(2);
        json!({
            "fir_number": "0042/2026",
            "bns_sections": ["303(2)", "3(5)"],
            "incident_place": "MG Road junction, Pune",
            "incident_at": (end - Duration::minutes(30)).to_rfc3339(),
            "purpose": "Identify the motorcycle used in a chain snatching",
            "urgency": "urgent",
            "notice_reference": "BNSS-94/PS-A/2026/117",
            "items": [{"camera_id": self.fx.cameras[camera], "start": (end - Duration::hours(1)).to_rfc3339(), "end": end.to_rfc3339()}]
        })
    }

    /// Files a draft as `investigator` on `camera`; returns its id.
    pub async fn file(&self, investigator: &str, camera: &str) -> String {
        let r = self
            .as_user(
                investigator,
                Method::POST,
                "/api/v1/requests",
                Some(self.filing(camera)),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        r.body["id"].as_str().unwrap().to_owned()
    }

    pub async fn act(&self, user: &str, id: &str, action: &str, body: Option<Value>) -> Resp {
        self.as_user(
            user,
            Method::POST,
            &format!("/api/v1/requests/{id}/{action}"),
            body,
        )
        .await
    }

    /// Drives a fresh request of station A (or B) to `status`.
    pub async fn request_in(&self, station: char, status: &str) -> String {
        let (inv, sup, op, cam) = match station {
            'a' => ("inv_a", "sup_a", "op_a", "cam_a1"),
            _ => ("inv_b", "sup_b", "op_b", "cam_b1"),
        };
        let id = self.file(inv, cam).await;
        let steps: &[(&str, &str, Option<Value>)] = match status {
            "draft" => &[],
            "submitted" => &[(inv, "submit", None)],
            "endorsed" => &[(inv, "submit", None), (sup, "endorse", None)],
            "in_review" => &[
                (inv, "submit", None),
                (sup, "endorse", None),
                (op, "review", None),
            ],
            "approved" => &[
                (inv, "submit", None),
                (sup, "endorse", None),
                (op, "approve", None),
            ],
            "rejected" => &[(inv, "submit", None), (sup, "endorse", None)],
            "withdrawn" => &[],
            other => panic!("cannot drive to {other}"),
        };
        for (who, action, body) in steps {
            let r = self.act(who, &id, action, body.clone()).await;
            assert_eq!(r.status, StatusCode::OK, "{who} {action}: {}", r.body);
        }
        if status == "rejected" {
            let r = self
                .act(
                    op,
                    &id,
                    "reject",
                    Some(json!({"reason_code": "rejected_invalid_request"})),
                )
                .await;
            assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        }
        if status == "withdrawn" {
            let r = self
                .act(
                    inv,
                    &id,
                    "withdraw",
                    Some(json!({"comment": "filed in error"})),
                )
                .await;
            assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        }
        id
    }

    /// Writes tiny demo segments for `camera` (fixture key): `n` segments
    /// of `secs` seconds from `start`, skipping indices in `holes`.
    pub fn record(
        &self,
        camera: &str,
        start: chrono::DateTime<Utc>,
        n: i64,
        secs: u32,
        holes: &[i64],
    ) -> Vec<std::path::PathBuf> {
        let (_, code, iccc, _, _) = *CAMERAS.iter().find(|c| c.0 == camera).unwrap();
        (0..n)
            .filter(|i| !holes.contains(i))
            .map(|i| {
                let t = start + Duration::seconds(i * i64::from(secs));
                let path = self
                    .state
                    .services
                    .layout
                    .segment_path(iccc, code, t, "mp4");
                write_segment(&path, code, t, secs, &TINY).unwrap();
                path
            })
            .collect()
    }

    /// The `sakshya` binary, configured like this test's server (database,
    /// data directory, evidence store).
    pub fn sakshya_command(&self) -> std::process::Command {
        let s = &self.state.settings;
        let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_sakshya"));
        c.env(
            "SAKSHYA_DATABASE_URL",
            secrecy::ExposeSecret::expose_secret(&s.database_url),
        )
        .env("SAKSHYA_DATA_DIR", &s.data_dir)
        .env(
            "SAKSHYA_EVIDENCE_RETENTION_DAYS",
            s.evidence_retention_days.to_string(),
        )
        .env("SAKSHYA_LOG_FORMAT", "json");
        if let Some(store) = &s.store {
            c.env("SAKSHYA_STORE", store)
                .env("SAKSHYA_S3_PATH_STYLE", "true");
        }
        if let Some(ep) = &s.s3_endpoint {
            c.env("SAKSHYA_S3_ENDPOINT", ep);
        }
        c
    }

    /// Where the evidence store writes files before storing them.
    pub fn scratch_dir(&self) -> std::path::PathBuf {
        self.state
            .services
            .store
            .scratch_path("x")
            .parent()
            .unwrap()
            .to_path_buf()
    }

    /// Three 2-minute segments of 720p at ~8 Mbit/s for CAM-A1 from `t0`,
    /// indexed: big enough that copying and uploading a clip take a moment.
    pub fn heavy_recording(&self, t0: chrono::DateTime<Utc>) -> Vec<std::path::PathBuf> {
        const HEAVY: FootageSpec = FootageSpec {
            width: 1280,
            height: 720,
            fps: 25,
            gop_secs: 2,
            bit_rate: 8_000_000,
        };
        let dir = self.state.settings.data_dir.join("stretch");
        std::fs::create_dir_all(&dir).unwrap();
        let files = sakshya::bench::recording::ensure(
            &dir,
            &self.state.services.layout,
            "ICCC-A",
            "CAM-A1",
            &HEAVY,
            t0,
            3,
            120,
        )
        .unwrap();
        self.index();
        files
    }

    /// SHA-256 of `[start, end]` extracted from `files` (2-minute segments
    /// from `t0`) without interruption: what a recovered job must produce.
    pub fn reference_hash(
        &self,
        files: &[std::path::PathBuf],
        t0: chrono::DateTime<Utc>,
        start: chrono::DateTime<Utc>,
        end: chrono::DateTime<Utc>,
    ) -> String {
        let segs: Vec<sakshya::media::extract::SourceSegment> = files
            .iter()
            .zip(0i64..)
            .map(|(p, i)| sakshya::media::extract::SourceSegment {
                id: i.to_string(),
                path: p.clone(),
                start: t0 + Duration::seconds(120 * i),
                end: t0 + Duration::seconds(120 * (i + 1)),
            })
            .collect();
        let out = self.state.settings.data_dir.join("reference.mp4");
        sakshya::media::extract::extract(&segs, start, end, &out, &mut |_| {}).unwrap();
        sakshya::digest::sha256_file(&out).unwrap().0
    }

    /// Indexes the recordings root now.
    pub fn index(&self) -> sakshya::recordings::indexer::ScanReport {
        let policy = sakshya::app::index_policy(&self.state.settings);
        sakshya::recordings::indexer::scan_once(
            &self.state.db,
            &self.state.services.layout,
            &policy,
        )
        .unwrap()
    }

    /// Runs every due job to completion, as a worker would.
    pub async fn run_jobs(&self) -> usize {
        let ctx = self.state.services.clone();
        tokio::task::spawn_blocking(move || {
            sakshya::jobs::runner::run_pending(&sakshya::jobs::Worker::new(ctx)).unwrap()
        })
        .await
        .unwrap()
    }

    pub async fn get_request(&self, user: &str, id: &str) -> Value {
        let r = self
            .as_user(user, Method::GET, &format!("/api/v1/requests/{id}"), None)
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        r.body
    }

    /// Files, submits, endorses and approves a request for one window.
    pub async fn approved_request(
        &self,
        camera: &str,
        start: chrono::DateTime<Utc>,
        end: chrono::DateTime<Utc>,
    ) -> String {
        let mut body = self.filing(camera);
        body["items"][0]["start"] = json!(start.to_rfc3339());
        body["items"][0]["end"] = json!(end.to_rfc3339());
        let r = self
            .as_user("inv_a", Method::POST, "/api/v1/requests", Some(body))
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        let id = r.body["id"].as_str().unwrap().to_owned();
        for (who, action) in [
            ("inv_a", "submit"),
            ("sup_a", "endorse"),
            ("op_a", "approve"),
        ] {
            let r = self.act(who, &id, action, None).await;
            assert_eq!(r.status, StatusCode::OK, "{action}: {}", r.body);
        }
        id
    }

    /// GET as `user`, returning the status and the raw body bytes.
    pub async fn get_bytes(
        &self,
        user: &str,
        path: &str,
    ) -> (StatusCode, Vec<u8>, reqwest::header::HeaderMap) {
        let t = self.token(user).await;
        let res = self
            .client
            .get(self.url(path))
            .bearer_auth(t)
            .send()
            .await
            .unwrap();
        let status = res.status();
        let headers = res.headers().clone();
        (status, res.bytes().await.unwrap().to_vec(), headers)
    }

    /// Appends queued custody events and signs a checkpoint now.
    pub fn sync_log(&self) -> sakshya::custody::sequencer::Step {
        sakshya::custody::sequencer::sync(
            &self.state.db,
            &self.state.services.signer,
            self.state.settings.log_policy(true),
        )
        .unwrap()
    }

    /// A clip extracted through the whole pipeline: (request id, clip id).
    pub async fn sealed_clip(&self) -> (String, String) {
        self.sealed_clip_on("cam_a1", 30).await
    }

    /// Like [`Self::sealed_clip`], on another ICCC A camera and time.
    pub async fn sealed_clip_on(&self, camera: &str, minutes_ago: i64) -> (String, String) {
        use chrono::DurationRound;
        let t0 = (Utc::now() - Duration::minutes(minutes_ago))
            .duration_trunc(Duration::seconds(10))
            .unwrap();
        self.record(camera, t0, 1, 10, &[]);
        self.index();
        let id = self
            .approved_request(camera, t0 + Duration::seconds(1), t0 + Duration::seconds(8))
            .await;
        self.run_jobs().await;
        let mut c = self.state.db.conn().unwrap();
        let clips = sakshya::db::clips::for_request(&mut c, &id).unwrap();
        (id, clips[0].id.to_string())
    }

    /// Row counts of the request tables, to prove nothing was written.
    pub fn counts(&self) -> (i64, i64, i64) {
        let mut c = self.state.db.conn().unwrap();
        (
            sakshya::db::requests::count(&mut c).unwrap(),
            sakshya::db::requests::count_items(&mut c).unwrap(),
            sakshya::db::requests::count_events(&mut c).unwrap(),
        )
    }
}

/// Records a case's disposal as `recorder` (the filing station) and has
/// `confirmer` (a station supervisor) confirm it; returns the confirmed
/// request detail's disposal.
pub async fn dispose(
    app: &TestApp,
    request: &str,
    on: &str,
    recorder: &str,
    confirmer: &str,
) -> Value {
    let r = app
        .as_user(
            recorder,
            Method::POST,
            &format!("/api/v1/requests/{request}/case-disposal"),
            Some(json!({ "disposed_on": on, "reference": "Judgment SC 45/2025" })),
        )
        .await;
    assert_eq!(r.status, StatusCode::ACCEPTED, "{}", r.body);
    let approval = r.body["approval_id"].as_str().unwrap().to_owned();
    let r = app
        .as_user(
            confirmer,
            Method::POST,
            &format!("/api/v1/approvals/{approval}/approve"),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    app.get_request(recorder, request).await["disposal"].clone()
}

/// Asks for a clip's erasure as admin_a and has admin_a2 approve it;
/// returns the approval's answer (200 when erased).
pub async fn erase_with_approval(app: &TestApp, clip: &str, body: Value) -> Resp {
    let r = app
        .as_user(
            "admin_a",
            Method::POST,
            &format!("/api/v1/clips/{clip}/erase"),
            Some(body),
        )
        .await;
    if r.status != StatusCode::ACCEPTED {
        return r;
    }
    let id = r.body["approval"]["id"].as_str().unwrap().to_owned();
    app.as_user(
        "admin_a2",
        Method::POST,
        &format!("/api/v1/approvals/{id}/approve"),
        None,
    )
    .await
}

/// The extraction job of an item in a request's detail.
pub fn extract_job(item: &Value) -> Value {
    item["jobs"]
        .as_array()
        .expect("the item lists its jobs")
        .iter()
        .find(|j| j["kind"] == "extract")
        .expect("the item has an extraction job")
        .clone()
}

/// `sakshya serve` as a child process on the test's database, store and
/// keys, logging JSON to a file: for what only the server's log shows.
/// Background loops are off, as in the in-process server. Killed on drop.
pub struct ServeProcess {
    pub base: String,
    pub log: std::path::PathBuf,
    child: std::process::Child,
}

impl ServeProcess {
    pub async fn start(app: &TestApp, extra: &[(&str, &str)]) -> Self {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let log = app
            .state
            .settings
            .data_dir
            .join(format!("serve-{port}.log"));
        let file = std::fs::File::create(&log).unwrap();
        let mut cmd = app.sakshya_command();
        cmd.arg("serve")
            .env("SAKSHYA_BIND", format!("127.0.0.1:{port}"))
            .env("SAKSHYA_JOB_WORKERS", "0")
            .env("SAKSHYA_INDEX_INTERVAL_SECS", "0")
            .env("SAKSHYA_ALERT_INTERVAL_SECS", "0")
            .env("SAKSHYA_RETENTION_INTERVAL_SECS", "0")
            .env("SAKSHYA_RECORDER_CHECK_SECS", "0")
            .env("SAKSHYA_LOG_AUDIT_INTERVAL_SECS", "0")
            .env("RUST_LOG", "info")
            .stdout(std::process::Stdio::null())
            .stderr(file);
        for (k, v) in extra {
            cmd.env(k, v);
        }
        // Owned by the guard at once, so it is killed and waited for on
        // every path, a failed start included.
        let serve = Self {
            base: format!("http://127.0.0.1:{port}"),
            log,
            child: cmd.spawn().unwrap(),
        };
        for _ in 0..200 {
            if let Ok(r) = reqwest::get(serve.url("/healthz")).await {
                if r.status().is_success() {
                    return serve;
                }
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        panic!("sakshya serve did not start: {}", serve.log_text());
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    pub fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// Sends SIGTERM, as systemd or docker would, and waits up to
    /// `within` for the process to exit; its exit status, if it did.
    pub fn terminate(&mut self, within: std::time::Duration) -> Option<std::process::ExitStatus> {
        let sent = std::process::Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(sent.success());
        let until = std::time::Instant::now() + within;
        while std::time::Instant::now() < until {
            if let Some(status) = self.child.try_wait().unwrap() {
                return Some(status);
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        None
    }
}

impl Drop for ServeProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
