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
    /// Per-address limit on the public verification endpoint.
    pub verify_limiter: Arc<IpLimiter>,
}

pub type IpLimiter = governor::DefaultKeyedRateLimiter<std::net::IpAddr>;

/// A limiter allowing `per_minute` requests per address (bursting to it).
pub fn ip_limiter(per_minute: u32) -> IpLimiter {
    let n = std::num::NonZeroU32::new(per_minute.max(1)).unwrap_or(std::num::NonZeroU32::MIN);
    governor::RateLimiter::keyed(governor::Quota::per_minute(n))
}
