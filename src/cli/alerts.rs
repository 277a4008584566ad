//! `sakshya alerts run`: one alert sweep and email round, as `serve` does
//! every `alert_interval_secs`.

use clap::Subcommand;

use super::open_db;
use crate::config::Settings;

#[derive(Subcommand)]
pub enum AlertsCommand {
    /// Create the notifications due now and email those not yet emailed.
    Run,
}

pub fn run(settings: &Settings, cmd: AlertsCommand) -> anyhow::Result<()> {
    let db = open_db(settings)?;
    match cmd {
        AlertsCommand::Run => {
            let report = db.write_blocking(|c| {
                crate::alerts::sweep(c, settings, chrono::Utc::now())
                    .map_err(|e| anyhow::anyhow!("{e}"))
            })?;
            println!(
                "{} notification(s) created for {} request(s)",
                report.created, report.requests
            );
            if let Some(m) = crate::alerts::email::Mailer::from_settings(settings)? {
                let sent = crate::alerts::email::deliver(&db, &m)?;
                println!("{sent} email(s) sent");
            }
            Ok(())
        }
    }
}
