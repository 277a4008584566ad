//! `sakshya bench load`: the real server on loopback, over a seeded
//! history of requests, under a mix of listing (45%), status (45%) and
//! filing (10%) traffic from keep-alive connections; reports throughput,
//! p50 and p99 per kind, errors, and the process's memory over the run
//! (a soak is the same run for longer: `--seconds 600`).

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration as StdDuration, Instant};

use anyhow::Context;
use chrono::{Duration, Utc};
use secrecy::SecretString;
use serde_json::{json, Value};

use crate::app::Application;
use crate::config::Settings;
use crate::db::{migrations, Db};
use crate::domain::role::Role;
use crate::workflow::accounts::{self, NewUser};

pub struct Plan {
    /// Requests in the database before the run (seeded when empty).
    pub requests: u64,
    pub seconds: u64,
    /// Concurrent keep-alive connections.
    pub connections: usize,
    pub database_url: Option<String>,
    pub dir: std::path::PathBuf,
}

const USER: &str = "load_investigator";
const PASSWORD: &str = "Load-Bench-Password-1";

/// Latencies in 10 µs buckets up to one second, and one for slower.
struct Histogram {
    buckets: Vec<u64>,
}

impl Histogram {
    const WIDTH_US: u64 = 10;
    const BUCKETS: usize = 100_001;

    fn new() -> Self {
        Histogram {
            buckets: vec![0; Self::BUCKETS],
        }
    }

    fn record(&mut self, d: StdDuration) {
        let i = (d.as_micros() as u64 / Self::WIDTH_US).min(Self::BUCKETS as u64 - 1);
        self.buckets[i as usize] += 1;
    }

    fn merge(&mut self, o: &Histogram) {
        for (a, b) in self.buckets.iter_mut().zip(&o.buckets) {
            *a += b;
        }
    }

    fn count(&self) -> u64 {
        self.buckets.iter().sum()
    }

    /// The upper edge of the bucket holding the p-th percentile, in ms.
    fn percentile_ms(&self, p: f64) -> f64 {
        let n = self.count();
        if n == 0 {
            return 0.0;
        }
        let rank = ((p / 100.0) * n as f64).ceil().max(1.0) as u64;
        let mut seen = 0;
        for (i, c) in self.buckets.iter().enumerate() {
            seen += c;
            if seen >= rank {
                return ((i as u64 + 1) * Self::WIDTH_US) as f64 / 1000.0;
            }
        }
        f64::INFINITY
    }
}

const KINDS: [&str; 3] = ["listing", "status", "filing"];

/// This process's resident memory, in MiB.
fn rss_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

fn prepare(plan: &Plan) -> anyhow::Result<(String, String, String)> {
    let url = match &plan.database_url {
        Some(u) => u.clone(),
        None => {
            std::fs::create_dir_all(&plan.dir)?;
            format!("sqlite://{}", plan.dir.join("load.db").display())
        }
    };
    let db = Db::connect(&SecretString::from(url.clone()), 2).context("opening the database")?;
    let mut c = db.conn()?;
    migrations::run(&mut c).map_err(|e| anyhow::anyhow!("migrations: {e}"))?;
    if crate::db::requests::count(&mut c)? == 0 {
        println!("seeding {} requests", plan.requests);
        drop(c);
        crate::bench::sla::seed(
            &db,
            &crate::bench::sla::Plan {
                requests: plan.requests,
                icccs: 10,
                stations: 60,
                rounds: 0,
                seed_only: true,
                database_url: None,
                dir: plan.dir.clone(),
            },
        )?;
        c = db.conn()?;
    }
    let station = crate::db::organisations::find_by_code(&mut c, "PS-000")?
        .context("the seeded station PS-000")?;
    if crate::db::users::find_by_username(&mut c, USER)?.is_none() {
        accounts::create_user(
            &mut c,
            NewUser {
                username: USER,
                display_name: "Load investigator",
                role: Role::Investigator,
                org_code: &station.code,
                password_hash: crate::auth::password::hash(PASSWORD)
                    .map_err(|e| anyhow::anyhow!("{e}"))?,
            },
        )
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    }
    let camera: String = {
        use crate::db::schema::cameras;
        use diesel::prelude::*;
        cameras::table
            .filter(cameras::code.eq("BENCH-CAM-0000"))
            .select(cameras::id)
            .first(&mut *c)
            .context("the seeded camera BENCH-CAM-0000")?
    };
    Ok((url, station.id, camera))
}

pub fn run(settings: &Settings, plan: &Plan) -> anyhow::Result<()> {
    let (url, _station, camera) = prepare(plan)?;
    let mut s = settings.clone();
    s.database_url = SecretString::from(url);
    s.bind = "127.0.0.1:0".into();
    s.data_dir = plan.dir.clone();
    s.job_workers = 0;
    s.index_interval_secs = 0;
    s.alert_interval_secs = 0;
    s.retention_interval_secs = 0;
    s.login_per_minute = 1_000;
    let app = Application::build(&s)?;
    let base = format!("http://127.0.0.1:{}", app.port());
    println!(
        "load against {base} ({:?}): {} connections for {} s",
        app.state().db.backend(),
        plan.connections,
        plan.seconds
    );
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build();
        if let Ok(rt) = rt {
            let _ = rt.block_on(app.run_until_stopped());
        }
    });
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()?;
    rt.block_on(drive(&base, &camera, plan))
}

async fn drive(base: &str, camera: &str, plan: &Plan) -> anyhow::Result<()> {
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(plan.connections)
        .build()?;
    for _ in 0..100 {
        if client.get(format!("{base}/readyz")).send().await.is_ok() {
            break;
        }
        tokio::time::sleep(StdDuration::from_millis(50)).await;
    }
    let login: Value = client
        .post(format!("{base}/api/v1/auth/login"))
        .json(&json!({ "username": USER, "password": PASSWORD }))
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;
    let token = login["access_token"]
        .as_str()
        .context("no access token")?
        .to_owned();
    let page: Value = client
        .get(format!("{base}/api/v1/requests?per_page=100"))
        .bearer_auth(&token)
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;
    let ids: Vec<String> = page["items"]
        .as_array()
        .context("no listing")?
        .iter()
        .filter_map(|i| i["id"].as_str().map(str::to_owned))
        .collect();
    anyhow::ensure!(!ids.is_empty(), "the load user sees no requests");
    println!(
        "the load user's station has {} requests",
        page["total"].as_u64().unwrap_or(0)
    );

    let stop = Arc::new(AtomicBool::new(false));
    let errors = Arc::new(AtomicU64::new(0));
    let first_error = Arc::new(Mutex::new(None::<String>));
    let ids = Arc::new(ids);
    let started = Instant::now();
    let mut tasks = Vec::new();
    for conn in 0..plan.connections {
        let (client, base, token, camera) = (
            client.clone(),
            base.to_owned(),
            token.clone(),
            camera.to_owned(),
        );
        let (stop, errors, first_error, ids) = (
            stop.clone(),
            errors.clone(),
            first_error.clone(),
            ids.clone(),
        );
        tasks.push(tokio::spawn(async move {
            let mut hist = [Histogram::new(), Histogram::new(), Histogram::new()];
            let mut n: usize = conn;
            while !stop.load(Ordering::Relaxed) {
                n += 1;
                let (k, req) = match n % 20 {
                    0..=8 => (
                        0,
                        client.get(format!(
                            "{base}/api/v1/requests?per_page=20&page={}",
                            1 + n % 5
                        )),
                    ),
                    9..=17 => (
                        1,
                        client.get(format!("{base}/api/v1/requests/{}", ids[n % ids.len()])),
                    ),
                    _ => {
                        let end = Utc::now() - Duration::hours(2);
                        (
                            2,
                            client.post(format!("{base}/api/v1/requests")).json(&json!({
                                "fir_number": format!("{n}/2026"),
                                "bns_sections": ["303(2)"],
                                "incident_place": "Load test junction",
                                "incident_at": (end - Duration::minutes(30)).to_rfc3339(),
                                "purpose": "Load test",
                                "urgency": "routine",
                                "notice_reference": format!("LOAD-{n}"),
                                "items": [{"camera_id": camera,
                                           "start": (end - Duration::minutes(10)).to_rfc3339(),
                                           "end": end.to_rfc3339()}]
                            })),
                        )
                    }
                };
                let t = Instant::now();
                let ok = match req.bearer_auth(&token).send().await {
                    Ok(res) => {
                        let status = res.status();
                        let body = res.bytes().await;
                        if status.is_success() && body.is_ok() {
                            true
                        } else {
                            let mut e = first_error.lock().unwrap_or_else(|p| p.into_inner());
                            e.get_or_insert_with(|| {
                                format!(
                                    "{status}: {}",
                                    String::from_utf8_lossy(&body.unwrap_or_default())
                                )
                            });
                            false
                        }
                    }
                    Err(e) => {
                        let mut f = first_error.lock().unwrap_or_else(|p| p.into_inner());
                        f.get_or_insert_with(|| e.to_string());
                        false
                    }
                };
                if ok {
                    hist[k].record(t.elapsed());
                } else {
                    errors.fetch_add(1, Ordering::Relaxed);
                }
            }
            hist
        }));
    }

    // Memory of this process (server and load generator) every 10 s.
    let mut memory = vec![(0u64, rss_mib())];
    let deadline = started + StdDuration::from_secs(plan.seconds);
    while Instant::now() < deadline {
        tokio::time::sleep(StdDuration::from_secs(10).min(deadline - Instant::now())).await;
        memory.push((started.elapsed().as_secs(), rss_mib()));
    }
    stop.store(true, Ordering::Relaxed);
    let mut total = [Histogram::new(), Histogram::new(), Histogram::new()];
    for t in tasks {
        let h = t.await?;
        for (a, b) in total.iter_mut().zip(&h) {
            a.merge(b);
        }
    }
    let secs = started.elapsed().as_secs_f64();
    let mut reads = Histogram::new();
    reads.merge(&total[0]);
    reads.merge(&total[1]);
    let all: u64 = total.iter().map(Histogram::count).sum();
    println!(
        "{:.0} req/s in all ({all} requests in {secs:.1} s)",
        all as f64 / secs
    );
    for (name, h) in KINDS.iter().zip(&total) {
        println!(
            "  {name:8} {:>7.0} req/s  p50 {:>6.2} ms  p99 {:>6.2} ms",
            h.count() as f64 / secs,
            h.percentile_ms(50.0),
            h.percentile_ms(99.0)
        );
    }
    println!(
        "  listing + status: {:.0} req/s, p50 {:.2} ms, p99 {:.2} ms",
        reads.count() as f64 / secs,
        reads.percentile_ms(50.0),
        reads.percentile_ms(99.0)
    );
    let errors = errors.load(Ordering::Relaxed);
    println!("  errors: {errors}");
    let samples: Vec<String> = memory.iter().map(|(t, m)| format!("{t}s {m:.0}")).collect();
    println!(
        "  memory (MiB, server and load generator): {}",
        samples.join(", ")
    );
    if let Some(e) = first_error.lock().unwrap_or_else(|p| p.into_inner()).take() {
        println!("  first error: {e}");
    }
    anyhow::ensure!(errors == 0, "{errors} requests failed");
    Ok(())
}
