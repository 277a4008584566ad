//! What every handler shares: the database, the token key, settings and
//! the services (`Services`: store, layout, signing key).

pub mod services;

use std::sync::Arc;

use crate::auth::TokenKeys;
use crate::config::Settings;
use crate::db::Db;
pub use services::Services;

#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub keys: Arc<TokenKeys>,
    pub settings: Arc<Settings>,
    /// Paths, store, signing key and database for evidence work.
    pub services: Services,
    /// Per-address limit on the public verification endpoint.
    pub verify_limiter: Arc<IpLimiter>,
    /// Per-address limit on login attempts (password spraying across
    /// accounts; a single account is protected by its lockout).
    pub login_limiter: Arc<IpLimiter>,
    /// Sessions this process ended (logout), so its open live streams end
    /// at once; streams also re-check their session on every event, which
    /// catches sessions ended anywhere else.
    pub sessions_ended: tokio::sync::broadcast::Sender<String>,
    /// Reverse proxies whose `X-Forwarded-For` names the client.
    pub trusted_proxies: crate::client_addr::TrustedProxies,
}

pub type IpLimiter = governor::DefaultKeyedRateLimiter<std::net::IpAddr>;

/// A limiter allowing `per_minute` requests per address (bursting to it).
pub fn ip_limiter(per_minute: u32) -> IpLimiter {
    let n = std::num::NonZeroU32::new(per_minute.max(1)).unwrap_or(std::num::NonZeroU32::MIN);
    governor::RateLimiter::keyed(governor::Quota::per_minute(n))
}

/// The client address of a request (`client_addr`; unspecified when
/// unknown).
pub fn peer_ip(req: &actix_web::HttpRequest) -> std::net::IpAddr {
    crate::client_addr::of(req).unwrap_or(std::net::IpAddr::V4(std::net::Ipv4Addr::UNSPECIFIED))
}

/// Refuses with 429 `rate_limited` when `ip` is over `limiter`'s quota.
/// IPv6 clients are limited per /64, the block one client usually holds;
/// behind a reverse proxy, name it in `trusted_proxies` so each client is
/// limited by its own address.
pub fn check_rate(
    limiter: &IpLimiter,
    ip: std::net::IpAddr,
    message: &str,
) -> Result<(), crate::error::ApiError> {
    let key = match ip {
        std::net::IpAddr::V6(v6) => {
            let s = v6.segments();
            std::net::IpAddr::V6(std::net::Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0))
        }
        v4 => v4,
    };
    if limiter.len() > 10_000 {
        limiter.retain_recent();
    }
    limiter
        .check_key(&key)
        .map_err(|_| crate::error::ApiError::new(crate::error::code::RATE_LIMITED, message))
}
