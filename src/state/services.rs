//! The service context: what every part of Sakshya shares beside its
//! own state.

use std::path::PathBuf;
use std::sync::Arc;

use crate::config::Settings;
use crate::db::Db;
use crate::recordings::Layout;
use crate::storage::{SelfCheck, Store};

/// The services every part of Sakshya works with beside the database:
/// settings, the recordings layout, the evidence store (checked at start)
/// and the signing key. The HTTP state, the job workers, the background
/// loops and the CLI share one.
#[derive(Clone)]
pub struct Services {
    pub db: Db,
    pub settings: Arc<Settings>,
    pub layout: Layout,
    pub store: Store,
    /// What the store's start-up check found.
    pub store_check: SelfCheck,
    /// Signs clip manifests and log checkpoints.
    pub signer: Arc<crate::signing::SigningKey>,
    /// Seals and opens recorder passwords.
    pub recorder_key: Arc<crate::recorders::CredentialKey>,
    /// What recorders said they hold, for a minute.
    pub recorder_searches: Arc<crate::recorders::cache::SearchCache>,
}

impl Services {
    /// Opens the evidence store and checks it: reachable, writable, and
    /// (on S3) enforcing Object Lock unless `allow_no_object_lock` is set.
    pub fn new(db: Db, settings: Arc<Settings>) -> Result<Self, crate::storage::StoreError> {
        let layout = Layout::new(settings.recordings_root(), &settings.recordings_pattern);
        let store = settings.open_store()?;
        let store_check = store.self_check()?;
        if !store_check.writable {
            return Err(crate::storage::StoreError::Config(format!(
                "{} is not writable",
                store_check.location
            )));
        }
        if store_check.object_lock == Some(false) && !settings.allow_no_object_lock {
            return Err(crate::storage::StoreError::Config(format!(
                "{} does not enforce Object Lock; evidence there could be deleted. Enable Object Lock on the bucket, \
                 or set SAKSHYA_ALLOW_NO_OBJECT_LOCK=true to run without it",
                store_check.location
            )));
        }
        std::fs::create_dir_all(settings.preserved_root())?;
        let signer = crate::signing::SigningKey::load(
            &settings.signing_key_path(),
            &settings.log_origin,
            true,
        )
        .map_err(|e| crate::storage::StoreError::Config(e.to_string()))?;
        db.write_blocking(|c| {
            crate::signing::registry::register(c, &signer).map_err(crate::db::DbError::from)
        })
        .map_err(|e| {
            crate::storage::StoreError::Config(format!("registering the signing key: {e}"))
        })?;
        let recorder_key =
            crate::recorders::CredentialKey::load(&settings.recorder_key_path(), true)
                .map_err(|e| crate::storage::StoreError::Config(e.to_string()))?;
        Ok(Self {
            db,
            settings,
            layout,
            store,
            store_check,
            signer: Arc::new(signer),
            recorder_key: Arc::new(recorder_key),
            recorder_searches: Arc::new(crate::recorders::cache::SearchCache::new(
                std::time::Duration::from_secs(60),
            )),
        })
    }

    pub fn preserved_path(&self, rel: &str) -> PathBuf {
        self.settings.preserved_root().join(rel)
    }
}
