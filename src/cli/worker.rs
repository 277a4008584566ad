//! `sakshya worker` and `sakshya index`

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use super::open_db;
use crate::app::index_policy;
use crate::config::Settings;
use crate::jobs::{runner, Worker};
use crate::recordings::{indexer, Layout};
use crate::state::Services;

/// Runs job workers without the HTTP API until interrupted (or, with
/// `once`, until no job is due).
pub fn run(
    settings: &Settings,
    count: usize,
    once: bool,
    iccc: Option<&str>,
) -> anyhow::Result<()> {
    let db = open_db(settings)?;
    let iccc = iccc_id(&db, iccc)?;
    let mut worker = Worker::new(Services::new(db, Arc::new(settings.clone()))?);
    worker.iccc = iccc;
    if once {
        let n = runner::run_pending(&worker)?;
        println!("{n} job(s) run");
        return Ok(());
    }
    let stop = Arc::new(AtomicBool::new(false));
    let handles = runner::spawn_workers(worker, count.max(1), stop.clone());
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

/// The organisation id of the ICCC with this code, if a code is given.
fn iccc_id(db: &crate::db::Db, code: Option<&str>) -> anyhow::Result<Option<String>> {
    let Some(code) = code else {
        return Ok(None);
    };
    let mut c = db.conn()?;
    let org = crate::db::organisations::find_by_code(&mut c, code)?
        .filter(|o| o.kind == crate::domain::organisation::OrgKind::Iccc)
        .ok_or_else(|| anyhow::anyhow!("no ICCC has the code {code}"))?;
    Ok(Some(org.id))
}

/// Scans the recordings root once (only one ICCC's cameras with `iccc`).
pub fn index(settings: &Settings, iccc: Option<&str>) -> anyhow::Result<()> {
    let db = open_db(settings)?;
    let layout = Layout::new(settings.recordings_root(), &settings.recordings_pattern);
    let policy = indexer::IndexPolicy {
        iccc: iccc_id(&db, iccc)?,
        ..index_policy(settings)
    };
    let r = indexer::scan_once(&db, &layout, &policy)?;
    println!(
        "{} segment(s) indexed ({} damaged), {} still being written",
        r.indexed, r.damaged, r.settling
    );
    if r.other_iccc > 0 {
        println!(
            "{} file(s) of other ICCCs' cameras left alone",
            r.other_iccc
        );
    }
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
