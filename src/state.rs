//! What every handler shares: the database, the token key and settings.

use std::sync::Arc;

use crate::auth::TokenKeys;
use crate::config::Settings;
use crate::db::Db;
use crate::jobs::JobContext;

#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub keys: Arc<TokenKeys>,
    pub settings: Arc<Settings>,
    /// Paths, store and database for evidence work.
    pub jobs: JobContext,
}
