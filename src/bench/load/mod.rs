//! `sakshya bench load`: the real server on loopback, over a seeded
//! history of requests, under listing, status and filing traffic from
//! keep-alive connections; reports throughput, p50 and p99, errors, and
//! the server process's memory over the run (a soak is the same run for
//! longer: `--seconds 600`).
//!
//! The load comes from wrk (a separate process, `wrk.rs`) by default, or
//! from a generator inside this process (`builtin.rs`).

mod builtin;
mod wrk;

use std::time::Duration as StdDuration;

use anyhow::Context;
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
    pub generator: Generator,
}

/// Where the load comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Generator {
    /// wrk, in its own process: listing and status from `connections`
    /// connections, filing from two more at a bounded rate.
    Wrk,
    /// A tokio client in the server's process: 45% listing, 45% status,
    /// 10% filing on the same connections.
    Builtin,
}

/// What the generators need: the server, a session and some requests.
pub(crate) struct Target {
    base: String,
    token: String,
    /// Requests the load user may see, for status reads.
    ids: Vec<String>,
    camera: String,
}

const USER: &str = "load_investigator";
const PASSWORD: &str = "Load-Bench-Password-1";

/// This process's resident memory in MiB: (anonymous, file-backed).
/// Anonymous memory is the heap and stacks, where a leak would show; the
/// file-backed part is mostly SQLite's memory-mapped database, which the
/// kernel maps in and drops as it likes.
fn memory_mib() -> (f64, f64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|kb| kb.parse::<f64>().ok())
            .map_or(0.0, |kb| kb / 1024.0)
    };
    (field("RssAnon:"), field("RssFile:") + field("RssShmem:"))
}

/// The samples as `10s 45+120, …` and the anonymous memory's growth from
/// the first minute's peak to the last minute's peak.
fn memory_report(samples: &[(u64, (f64, f64))]) -> String {
    let list: Vec<String> = samples
        .iter()
        .map(|(t, (anon, file))| format!("{t}s {anon:.0}+{file:.0}"))
        .collect();
    let last = samples.last().map_or(0, |(t, _)| *t);
    let peak = |from: u64, to: u64| {
        samples
            .iter()
            .filter(|(t, _)| *t >= from && *t <= to)
            .map(|(_, (anon, _))| *anon)
            .fold(0.0, f64::max)
    };
    format!(
        "memory (MiB, anonymous+file-backed): {}\n  anonymous peak: first minute {:.0} MiB, last minute {:.0} MiB",
        list.join(", "),
        peak(0, 60),
        peak(last.saturating_sub(60), last)
    )
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
            .first(&mut **c)
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
    let target = rt.block_on(session(base, camera))?;
    match plan.generator {
        Generator::Builtin => rt.block_on(builtin::drive(&target, plan)),
        Generator::Wrk => wrk::drive(&target, plan),
    }
}

/// Waits for the server, logs the load user in and picks the requests
/// the status reads ask for.
async fn session(base: String, camera: String) -> anyhow::Result<Target> {
    let client = reqwest::Client::new();
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
    Ok(Target {
        base,
        token,
        ids,
        camera,
    })
}
