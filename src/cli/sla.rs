//! `sakshya sla check|rebuild`: the monthly SLA rollup the reports read
//! whole months from (`db::sla_rollup`).

use clap::Subcommand;

use super::open_db;
use crate::config::Settings;

#[derive(Subcommand)]
pub enum SlaCommand {
    /// Compare the stored rollup with one computed from the requests;
    /// exits non-zero when they differ.
    Check,
    /// Recompute the rollup from the requests, in one transaction.
    Rebuild,
}

pub fn run(settings: &Settings, cmd: SlaCommand) -> anyhow::Result<()> {
    let db = open_db(settings)?;
    let mut conn = db.conn()?;
    match cmd {
        SlaCommand::Check => {
            anyhow::ensure!(
                crate::db::sla_rollup::consistent(&mut conn)?,
                "the SLA rollup differs from the requests; run `sakshya sla rebuild`"
            );
            println!("the SLA rollup matches the requests");
        }
        SlaCommand::Rebuild => {
            let n = crate::db::sla_rollup::rebuild(&mut conn)?;
            println!("SLA rollup rebuilt: {n} rows");
        }
    }
    Ok(())
}
