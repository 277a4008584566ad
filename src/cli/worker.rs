//! `sakshya worker` and `sakshya index`

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
    let mut bg = crate::periodic::Background::new();
    runner::spawn_workers(&mut bg, worker, count.max(1));
    println!(
        "{} worker(s) running; Ctrl-C or SIGTERM to stop",
        count.max(1)
    );
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    rt.block_on(super::serve::stop_signal())?;
    let grace = std::time::Duration::from_secs(settings.shutdown_grace_secs);
    tracing::info!(
        grace_secs = grace.as_secs(),
        "stopping: finishing jobs in progress"
    );
    let left = bg.stop(grace);
    if !left.is_empty() {
        tracing::warn!(still_running = ?left, "stopped with jobs in progress; they will be taken over");
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
