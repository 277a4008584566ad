//! `sakshya retention run`: one retention sweep, as `serve` does every
//! `retention_interval_secs`.

use std::sync::Arc;

use clap::Subcommand;

use super::open_db;
use crate::config::Settings;
use crate::state::Services;

#[derive(Subcommand)]
pub enum RetentionCommand {
    /// Erase clips whose retention after case disposal has ended and
    /// release disposed cases' preservation copies.
    Run,
}

pub fn run(settings: &Settings, cmd: RetentionCommand) -> anyhow::Result<()> {
    let db = open_db(settings)?;
    match cmd {
        RetentionCommand::Run => {
            let ctx = Services::new(db, Arc::new(settings.clone()))?;
            let r = crate::retention::sweep(&ctx, chrono::Utc::now())
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            println!(
                "{} clip(s) erased, {} request(s)' preservation copies released",
                r.erased, r.released
            );
            for (clip, why) in &r.refused {
                println!("not erased: clip {clip}: {why}");
            }
            Ok(())
        }
    }
}
