//! `sakshya store check|verify|sweep`

use clap::Subcommand;

use super::open_db;
use crate::config::Settings;
use crate::db::clips;
use crate::storage::verify::verify;

#[derive(Subcommand)]
pub enum StoreCommand {
    /// Check the evidence store is reachable and writable, and whether it
    /// enforces Object Lock and versioning.
    Check,
    /// Re-hash every stored object and compare with the database; report
    /// missing, corrupted and unknown objects (exit non-zero if any).
    Verify,
    /// Delete objects no record refers to (left by an attempt that crashed
    /// between storing and recording a clip) once older than the grace
    /// period; objects the store still retains are listed and kept.
    Sweep {
        /// Leave alone unrecorded objects younger than this.
        #[arg(long, default_value_t = 60)]
        grace_minutes: u64,
    },
}

pub fn run(settings: &Settings, cmd: StoreCommand) -> anyhow::Result<()> {
    let store = settings.open_store()?;
    match cmd {
        StoreCommand::Check => {
            let c = store.self_check()?;
            println!("store: {}", c.location);
            println!("writable: {}", c.writable);
            if let Some(lock) = c.object_lock {
                println!(
                    "object lock: {}",
                    if lock { "enforced" } else { "NOT enforced" }
                );
            }
            if let Some(v) = c.versioning {
                println!("versioning: {}", if v { "enabled" } else { "off" });
            }
            Ok(())
        }
        StoreCommand::Sweep { grace_minutes } => {
            let recorded: std::collections::HashSet<String> =
                recorded(settings)?.into_iter().map(|(k, _, _)| k).collect();
            let r = crate::storage::sweep::sweep(
                store.as_ref(),
                &recorded,
                std::time::Duration::from_secs(grace_minutes.saturating_mul(60)),
                std::time::SystemTime::now(),
            )?;
            for k in &r.removed {
                println!("REMOVED    {k}");
            }
            for (k, until) in &r.retained {
                println!("RETAINED   {k} (the store keeps it until {until})");
            }
            println!(
                "{} unrecorded object(s) removed, {} retained by the store, {} younger than {grace_minutes} min left alone",
                r.removed.len(),
                r.retained.len(),
                r.young.len()
            );
            Ok(())
        }
        StoreCommand::Verify => {
            let expected = recorded(settings)?;
            let r = verify(store.as_ref(), &expected)?;
            println!("{} object(s) checked in {}", r.checked, store.location());
            for k in &r.missing {
                println!("MISSING    {k}");
            }
            for k in &r.corrupted {
                println!("CORRUPTED  {k}");
            }
            for k in &r.extra {
                println!("UNKNOWN    {k}");
            }
            if r.is_clean() {
                println!("all objects present and intact");
                Ok(())
            } else {
                anyhow::bail!(
                    "{} missing, {} corrupted, {} unknown",
                    r.missing.len(),
                    r.corrupted.len(),
                    r.extra.len()
                )
            }
        }
    }
}

/// (storage key, SHA-256, size) of every object the database records:
/// clips (not erased) and notice documents.
fn recorded(settings: &Settings) -> anyhow::Result<Vec<(String, String, u64)>> {
    let db = open_db(settings)?;
    let mut conn = db.conn()?;
    let mut stored = clips::all_stored(&mut conn)?;
    stored.extend(crate::db::notices::all_stored(&mut conn)?);
    Ok(stored
        .into_iter()
        .map(|(k, s, n)| (k, s, u64::try_from(n).unwrap_or(0)))
        .collect())
}
