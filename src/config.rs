//! Typed, layered configuration: built-in defaults, then an optional
//! `sakshya.toml` (or the file named by `SAKSHYA_CONFIG`), then `SAKSHYA_*`
//! environment variables. Secrets are wrapped in [`SecretString`] and never
//! printed; [`Settings::summary`] is what may be logged.

use std::path::{Path, PathBuf};

use chrono::Duration;
use figment::providers::{Env, Format, Toml};
use figment::Figment;
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;

use crate::domain::lifecycle::LifecyclePolicy;
use crate::domain::urgency::DeadlinePolicy;

#[derive(Debug, Clone, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// `sqlite://path` or `postgres://user:pass@host/db`. May hold a password.
    pub database_url: SecretString,
    /// Address the HTTP server listens on.
    pub bind: String,
    /// Where the SQLite database, keys and evidence live by default.
    pub data_dir: PathBuf,
    /// Maximum pooled database connections.
    pub db_pool_size: u32,
    /// HTTP worker threads (0 = one per core).
    pub http_workers: usize,
    /// PKCS#8 Ed25519 key that signs access tokens; generated when absent.
    /// Defaults to `<data_dir>/keys/token-ed25519.p8`. Several API replicas
    /// must share it.
    pub token_key_file: Option<PathBuf>,
    pub token_issuer: String,
    pub token_audience: String,
    pub access_token_ttl_secs: u32,
    pub refresh_token_ttl_secs: u32,
    pub deadline_critical_hours: u32,
    pub deadline_urgent_hours: u32,
    pub deadline_routine_hours: u32,
    /// Longest time window one request item may ask for.
    pub max_window_minutes: u32,
    pub max_items_per_request: usize,
    /// Whether a station supervisor must endorse before the ICCC sees it.
    pub require_endorsement: bool,
    /// Largest JSON body accepted, in bytes.
    pub json_limit_bytes: usize,
    /// `pretty` for people, `json` for log shippers.
    pub log_format: String,
}

fn default_data_dir() -> PathBuf {
    PathBuf::from("./data")
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            database_url: SecretString::from("sqlite://./data/sakshya.db"),
            bind: "127.0.0.1:8080".into(),
            data_dir: default_data_dir(),
            db_pool_size: 8,
            http_workers: 0,
            token_key_file: None,
            token_issuer: "sakshya".into(),
            token_audience: "sakshya-api".into(),
            access_token_ttl_secs: 600,
            refresh_token_ttl_secs: 12 * 3600,
            deadline_critical_hours: 6,
            deadline_urgent_hours: 24,
            deadline_routine_hours: 72,
            max_window_minutes: 12 * 60,
            max_items_per_request: 50,
            require_endorsement: true,
            json_limit_bytes: 64 * 1024,
            log_format: "pretty".into(),
        }
    }
}

impl Settings {
    /// Loads defaults < config file < environment.
    pub fn load() -> Result<Self, Box<figment::Error>> {
        let file = std::env::var_os("SAKSHYA_CONFIG")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from("sakshya.toml"));
        Self::load_from(&file)
    }

    pub fn load_from(file: &Path) -> Result<Self, Box<figment::Error>> {
        Figment::new()
            .merge(Toml::file(file))
            .merge(Env::prefixed("SAKSHYA_").ignore(&["config"]))
            .extract()
            .map_err(Box::new)
    }

    pub fn token_key_path(&self) -> PathBuf {
        self.token_key_file
            .clone()
            .unwrap_or_else(|| self.data_dir.join("keys").join("token-ed25519.p8"))
    }

    pub fn deadlines(&self) -> DeadlinePolicy {
        DeadlinePolicy {
            critical_hours: self.deadline_critical_hours,
            urgent_hours: self.deadline_urgent_hours,
            routine_hours: self.deadline_routine_hours,
        }
    }

    pub fn lifecycle(&self) -> LifecyclePolicy {
        LifecyclePolicy {
            require_endorsement: self.require_endorsement,
        }
    }

    pub fn max_window(&self) -> Duration {
        Duration::minutes(i64::from(self.max_window_minutes))
    }

    /// The database URL with any password replaced, safe to print.
    pub fn database_url_redacted(&self) -> String {
        redact_url(self.database_url.expose_secret())
    }

    /// One line describing the effective configuration, without secrets.
    pub fn summary(&self) -> String {
        format!(
            "database={} bind={} data_dir={} pool={} endorsement={} deadlines={}h/{}h/{}h",
            self.database_url_redacted(),
            self.bind,
            self.data_dir.display(),
            self.db_pool_size,
            self.require_endorsement,
            self.deadline_critical_hours,
            self.deadline_urgent_hours,
            self.deadline_routine_hours,
        )
    }
}

/// Replaces the password part of `scheme://user:password@host` with `***`.
pub fn redact_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let Some((userinfo, host)) = rest.rsplit_once('@') else {
        return url.to_owned();
    };
    match userinfo.split_once(':') {
        Some((user, _)) => format!("{scheme}://{user}:***@{host}"),
        None => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redacts_passwords() {
        assert_eq!(
            redact_url("postgres://sak:hunter2@db:5432/x"),
            "postgres://sak:***@db:5432/x"
        );
        assert_eq!(redact_url("sqlite://./data/s.db"), "sqlite://./data/s.db");
        assert_eq!(redact_url("postgres://sak@db/x"), "postgres://sak@db/x");
    }

    #[test]
    #[allow(clippy::result_large_err)]
    fn layers_file_then_environment() {
        figment::Jail::expect_with(|jail| {
            jail.create_file("s.toml", "bind = \"0.0.0.0:9000\"\ndb_pool_size = 3\n")?;
            jail.set_env("SAKSHYA_DB_POOL_SIZE", "5");
            jail.set_env("SAKSHYA_DATABASE_URL", "postgres://a:secret@h/d");
            let s = Settings::load_from(Path::new("s.toml")).map_err(|e| *e)?;
            assert_eq!(s.bind, "0.0.0.0:9000");
            assert_eq!(s.db_pool_size, 5);
            assert_eq!(s.deadline_critical_hours, 6);
            assert!(!s.summary().contains("secret"));
            assert!(!format!("{s:?}").contains("secret"));
            Ok(())
        });
    }
}
