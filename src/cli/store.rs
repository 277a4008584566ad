//! `sakshya store check|verify`

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
        StoreCommand::Verify => {
            let db = open_db(settings)?;
            let mut conn = db.conn()?;
            let mut stored = clips::all_stored(&mut conn)?;
            stored.extend(crate::db::notices::all_stored(&mut conn)?);
            let expected: Vec<(String, String, u64)> = stored
                .into_iter()
                .map(|(k, s, n)| (k, s, u64::try_from(n).unwrap_or(0)))
                .collect();
            drop(conn);
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
