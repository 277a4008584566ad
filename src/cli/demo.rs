//! `sakshya demo`

use std::time::Instant;

use super::open_db;
use crate::app::index_policy;
use crate::config::Settings;
use crate::demo;
use crate::demo_footage::{self, FootagePlan};
use crate::recordings::{indexer, Layout};

pub fn run(settings: &Settings) -> anyhow::Result<()> {
    let db = open_db(settings)?;
    let path = demo::credentials_path(&settings.data_dir);
    match demo::seed(&db, &settings.data_dir)? {
        None => println!(
            "the database already has data; demo not seeded. Demo logins, if this was a demo install: {}",
            path.display()
        ),
        Some(creds) => {
            println!("demo seeded: Pune ICCC, 2 police stations, 1 court, 6 cameras, {} users", creds.len());
            println!("{:<15} {:<19} {:<16} {:<28} totp secret", "username", "role", "organisation", "password");
            for c in &creds {
                println!(
                    "{:<15} {:<19} {:<16} {:<28} {}",
                    c.username,
                    c.role,
                    c.organisation,
                    c.password,
                    c.totp_secret.as_deref().unwrap_or("-")
                );
            }
            println!("written to {} (mode 0600)", path.display());
            crate::demo_nvr::seed(&db, settings)?;
            println!(
                "demo NVR registered: cameras {} on rtsp://127.0.0.1:{} (make run starts it)",
                crate::demo_nvr::CAMERAS
                    .iter()
                    .map(|c| c.0)
                    .collect::<Vec<_>>()
                    .join(", "),
                settings.demo_nvr_port
            );
            write_footage(settings, &db)?;
        }
    }
    Ok(())
}

/// Writes demo footage for the demo cameras and indexes it.
fn write_footage(settings: &Settings, db: &crate::db::Db) -> anyhow::Result<()> {
    if settings.demo_footage_minutes == 0 {
        return Ok(());
    }
    let layout = Layout::new(settings.recordings_root(), &settings.recordings_pattern);
    let plan = FootagePlan {
        cameras: demo::CAMERAS
            .iter()
            .map(|c| {
                (
                    crate::demo::ICCC.to_owned(),
                    c.0.to_owned(),
                    format!("{} {}", c.0, c.1),
                )
            })
            .collect(),
        minutes: settings.demo_footage_minutes,
        segment_secs: settings.demo_segment_secs,
        spec: Default::default(),
    };
    let started = Instant::now();
    println!(
        "writing {} minutes of demo footage per camera to {} ...",
        plan.minutes,
        layout.root.display()
    );
    let now = chrono::Utc::now();
    let n = demo_footage::write(&layout, &plan, now)?;
    // The demo NVR's own disk: not indexed, pulled over RTSP on request.
    let nvr = FootagePlan {
        cameras: crate::demo_nvr::folders(),
        ..plan
    };
    demo_footage::write(&crate::demo_nvr::layout(&settings.data_dir), &nvr, now)?;
    let policy = indexer::IndexPolicy {
        settle: std::time::Duration::ZERO,
        ..index_policy(settings)
    };
    let report = indexer::scan_once(db, &layout, &policy)?;
    println!(
        "{n} segments written and {} indexed in {:.0} s",
        report.indexed,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
