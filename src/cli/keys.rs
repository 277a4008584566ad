//! `sakshya keys list|rotate|export-public`: the manifest and checkpoint
//! signing keys.

use clap::Subcommand;

use super::open_db;
use crate::config::Settings;
use crate::signing::pem::public_pem;
use crate::signing::{generate, registry, SigningKey};

#[derive(Subcommand)]
pub enum KeysCommand {
    /// Every key that has signed, active and retired.
    List,
    /// Generate a new signing key; the old one is retired but stays
    /// published. Restart servers and workers afterwards.
    Rotate,
    /// Print the active public key (PEM) and its signed-note verifier key.
    ExportPublic,
}

pub fn run(settings: &Settings, cmd: KeysCommand) -> anyhow::Result<()> {
    let path = settings.signing_key_path();
    let db = open_db(settings)?;
    match cmd {
        KeysCommand::List => {
            let mut c = db.conn()?;
            let key = SigningKey::load(&path, &settings.log_origin, true)?;
            registry::register(&mut c, &key)?;
            for k in registry::list(&mut c)? {
                let state = match (&k.retired_at, k.key_id == key.key_id_hex()) {
                    (_, true) => "active".to_owned(),
                    (Some(at), false) => format!("retired {}", at.and_utc().to_rfc3339()),
                    (None, false) => "published".to_owned(),
                };
                println!(
                    "{}  {}  created {}  {state}",
                    k.key_id,
                    k.name,
                    k.created_at.and_utc().to_rfc3339()
                );
            }
            Ok(())
        }
        KeysCommand::Rotate => {
            if path.exists() {
                // Publish the outgoing key before it is replaced.
                let old = SigningKey::load(&path, &settings.log_origin, false)?;
                db.write_blocking(|c| {
                    registry::register(c, &old).map_err(crate::db::DbError::from)
                })?;
            }
            let fresh = generate()?;
            let next = SigningKey::from_pkcs8(&fresh, &settings.log_origin)?;
            // Publish the new key, swap the file atomically (and durably),
            // and only then mark the old key retired: a crash at any point
            // leaves a usable key whose public half is published.
            let tmp = path.with_extension(format!("rotate-{}", uuid::Uuid::now_v7().simple()));
            crate::auth::token_keys::write_private(&tmp, &fresh)?;
            db.write_blocking(|c| registry::register(c, &next).map_err(crate::db::DbError::from))?;
            std::fs::rename(&tmp, &path)?;
            if let Some(dir) = path.parent() {
                std::fs::File::open(dir)?.sync_all()?;
            }
            db.write_blocking(|c| {
                registry::retire_others(c, &next.key_id_hex())?;
                crate::security::record(
                    c,
                    crate::security::SecurityEvent::new(crate::security::Kind::KeyRotated)
                        .subject(&next.key_id_hex())
                        .detail(serde_json::json!({ "via": "cli", "name": next.name() })),
                )
                .map_err(crate::db::DbError::from)
            })?;
            println!(
                "new signing key {} ({}); restart servers and workers to use it",
                next.key_id_hex(),
                next.name()
            );
            Ok(())
        }
        KeysCommand::ExportPublic => {
            let key = SigningKey::load(&path, &settings.log_origin, true)?;
            db.write_blocking(|c| registry::register(c, &key).map_err(crate::db::DbError::from))?;
            print!("{}", public_pem(key.public_key()));
            println!("{}", key.verifier().to_vkey());
            Ok(())
        }
    }
}
