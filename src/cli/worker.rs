//! `sakshya worker` and `sakshya index`

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use super::open_db;
use crate::app::index_policy;
use crate::config::Settings;
use crate::jobs::{runner, JobContext};
use crate::recordings::{indexer, Layout};

/// Runs job workers without the HTTP API until interrupted (or, with
/// `once`, until no job is due).
pub fn run(
    settings: &Settings,
    count: usize,
    once: bool,
    iccc: Option<&str>,
) -> anyhow::Result<()> {
    let db = open_db(settings)?;
    let iccc = match iccc {
        None => None,
        Some(code) => {
            let mut c = db.conn()?;
            let org = crate::db::organisations::find_by_code(&mut c, code)?
                .filter(|o| o.kind == "iccc")
                .ok_or_else(|| anyhow::anyhow!("no ICCC has the code {code}"))?;
            Some(org.id)
        }
    };
    let mut ctx = JobContext::new(db, Arc::new(settings.clone()))?;
    ctx.iccc = iccc;
    if once {
        let n = runner::run_pending(&ctx)?;
        println!("{n} job(s) run");
        return Ok(());
    }
    let stop = Arc::new(AtomicBool::new(false));
    let handles = runner::spawn_workers(ctx, count.max(1), stop.clone());
    println!("{} worker(s) running; Ctrl-C to stop", handles.len());
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    rt.block_on(tokio::signal::ctrl_c())?;
    stop.store(true, Ordering::Relaxed);
    for h in handles {
        let _ = h.join();
    }
    Ok(())
}

/// Scans the recordings root once.
pub fn index(settings: &Settings) -> anyhow::Result<()> {
    let db = open_db(settings)?;
    let layout = Layout::new(settings.recordings_root(), &settings.recordings_pattern);
    let r = indexer::scan_once(&db, &layout, &index_policy(settings))?;
    println!(
        "{} segment(s) indexed ({} damaged), {} still being written",
        r.indexed, r.damaged, r.settling
    );
    if !r.unknown_cameras.is_empty() {
        println!(
            "folders without a registered camera: {}",
            r.unknown_cameras.join(", ")
        );
    }
    for (code, status) in r.status_changes {
        println!("camera {code} is now {status}");
    }
    Ok(())
}
