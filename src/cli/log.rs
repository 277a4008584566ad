//! `sakshya log sync|check|checkpoint`: the custody transparency log.

use clap::Subcommand;

use super::open_db;
use crate::config::Settings;
use crate::custody::{audit, background, sequencer};
use crate::signing::{registry, SigningKey};

#[derive(Subcommand)]
pub enum LogCommand {
    /// Append every queued custody event and sign a checkpoint now.
    Sync,
    /// Re-hash every event against the log and check the latest
    /// checkpoint's root and signature (exit non-zero on any mismatch).
    Check,
    /// Print the latest signed checkpoint.
    Checkpoint,
}

pub fn run(settings: &Settings, cmd: LogCommand) -> anyhow::Result<()> {
    let db = open_db(settings)?;
    match cmd {
        LogCommand::Sync => {
            let key = SigningKey::load(&settings.signing_key_path(), &settings.log_origin, true)?;
            db.write_blocking(|c| registry::register(c, &key).map_err(crate::db::DbError::from))?;
            let s = sequencer::sync(&db, &key, settings.log_policy(true))?;
            println!("appended {} event(s); log size {}", s.appended, s.size);
            Ok(())
        }
        LogCommand::Check => {
            let mut c = db.conn()?;
            let known = background::verifiers(&registry::list(&mut c)?);
            let r = audit::audit(&mut c, &known)?;
            println!(
                "{} leaves checked; latest checkpoint at size {}",
                r.size, r.checkpoint_size
            );
            for p in &r.problems {
                println!("PROBLEM  {p}");
            }
            if r.is_clean() {
                println!("custody log intact");
                Ok(())
            } else {
                anyhow::bail!(
                    "the custody log does not match its events ({} problem(s))",
                    r.problems.len()
                )
            }
        }
        LogCommand::Checkpoint => {
            let mut c = db.conn()?;
            match crate::db::log::latest_checkpoint(&mut c)? {
                Some(cp) => {
                    print!("{}", cp.note);
                    Ok(())
                }
                None => anyhow::bail!("no checkpoint has been signed yet"),
            }
        }
    }
}
