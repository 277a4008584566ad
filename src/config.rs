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
    /// PKCS#8 Ed25519 key that signs manifests and log checkpoints;
    /// generated when absent. Defaults to
    /// `<data_dir>/keys/signing-ed25519.p8`; created when absent (never
    /// overwriting one another process created); workers must share it.
    pub signing_key_file: Option<PathBuf>,
    /// The key sealing recorder passwords (32 bytes, mode 0600); default
    /// `<data_dir>/keys/recorder-credentials.key`, generated on first
    /// start. Servers and workers that pull footage share it.
    pub recorder_key_file: Option<PathBuf>,
    /// The custody log's origin (C2SP checkpoint first line and key name):
    /// unique per deployment, e.g. `sakshya.punesmartcity.in/custody`.
    pub log_origin: String,
    /// A new checkpoint is signed this often while events arrive (at most
    /// 60: there is a checkpoint at least every minute).
    pub checkpoint_interval_secs: u32,
    /// How often the sequencer looks for queued custody events.
    pub sequencer_interval_ms: u64,
    /// Events appended per sequencer transaction.
    pub sequencer_batch: usize,
    /// How often the whole log is re-hashed against the events and the
    /// latest checkpoint (0 = never; `sakshya log check` runs it on demand).
    pub log_audit_interval_secs: u64,
    /// Bearer token the monitoring system presents at `GET /metrics`;
    /// without one, `/metrics` is off.
    pub metrics_token: Option<SecretString>,
    /// Serve `GET /metrics` (without a token) on this separate address,
    /// e.g. `127.0.0.1:9464` on the monitoring network, instead of (or as
    /// well as) the token-protected route on `bind`.
    pub metrics_bind: Option<String>,
    /// Share of requests to fulfil on time (the stated target is 75%).
    pub sla_target: f64,
    /// How often open requests are checked for alerts (0 = never in
    /// `serve`; `sakshya alerts run` runs one sweep).
    pub alert_interval_secs: u64,
    /// Alert when a deadline is this close.
    pub alert_deadline_margin_hours: u32,
    /// Alert when footage not yet preserved is this close to overwrite.
    pub alert_overwrite_margin_hours: u32,
    /// `smtp://host:port` (plain, or STARTTLS when the server offers it)
    /// or `smtps://user:pass@host:port`; alerts are emailed when set. May
    /// hold a password.
    pub smtp_url: Option<SecretString>,
    /// The From address of alert emails.
    pub smtp_from: String,
    /// Failed logins in a row from one client address that lock that
    /// address out of the account (0 = never lock).
    pub login_max_failures: u32,
    pub login_lockout_minutes: u32,
    /// Distinct clips one user may download in an hour before it is a
    /// security event (0 = never).
    pub bulk_download_per_hour: u32,
    /// Days after a case's disposal that its extracted clips are erased.
    pub retention_clip_days: u32,
    /// Days after a case's disposal that uploaded (fallback) footage is
    /// erased.
    pub retention_upload_days: u32,
    /// Days after a case's disposal that preservation copies still held
    /// for it are released and deleted.
    pub retention_preservation_days: u32,
    /// How often `serve` checks every networked recorder (reachability,
    /// clock offset, the oldest footage of each mapped channel); 0 = never
    /// (`sakshya recorder test` checks one by hand).
    pub recorder_check_secs: u64,
    /// Seconds one call to a recorder may take before it counts as not
    /// answering.
    pub recorder_timeout_secs: u64,
    /// Seconds of footage pulled from a recorder before and after each
    /// requested window.
    pub pull_margin_secs: u32,
    /// Attempts a pull from a recorder gets before an operator must retry
    /// it (the wait between attempts doubles up to 10 minutes, so 100
    /// attempts keep trying for about 16 hours).
    pub pull_max_attempts: i32,
    /// How often the retention job runs in `serve` (0 = never;
    /// `sakshya retention run` runs it once).
    pub retention_interval_secs: u64,
    /// Days between the end of a clip's retention and its erasure, during
    /// which the ICCC's administrators are alerted and a wrong disposal
    /// can still be corrected.
    pub retention_grace_days: u32,
    /// On SIGTERM, how long to wait for jobs in progress to finish before
    /// exiting (a job still running then is taken over by another worker
    /// once its claim goes stale).
    pub shutdown_grace_secs: u64,
    /// Hours a request for a second person's approval stays open.
    pub approval_ttl_hours: u32,
    /// The address people reach this service at (`https://sakshya.example.in`):
    /// share links and emails are built from it, never from a request's
    /// Host or X-Forwarded-* headers. Default: `http://` and the address
    /// the server is bound to.
    pub public_url: Option<String>,
    /// Reverse proxies (addresses or CIDR blocks, `127.0.0.1`, `10.0.0.0/8`)
    /// whose `X-Forwarded-For` names the client. From any other peer the
    /// header is ignored and the peer is the client.
    pub trusted_proxies: Vec<String>,
    /// Failed logins for one account from anywhere, since its last
    /// successful login or lockout, that lock the account for everyone:
    /// the backstop behind the per-address lock (0 = never).
    pub login_account_max_failures: u32,
    /// Public hash verifications allowed per client address per minute.
    pub verify_per_minute: u32,
    /// Login attempts allowed per client address per minute.
    pub login_per_minute: u32,
    /// When above zero, every response carries
    /// `Strict-Transport-Security: max-age=<this>` (set it when the
    /// service is reached over HTTPS, as behind the TLS reverse proxy).
    pub hsts_max_age_secs: u32,
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
    /// Root of the recorder's segment files (default `<data_dir>/recordings`).
    pub recordings_dir: Option<PathBuf>,
    /// Segment path under `<recordings_dir>/<camera code>/`, as a chrono
    /// format of the segment's UTC start, without the extension.
    pub recordings_pattern: String,
    /// Seconds between index scans in `serve` (0 = no background indexing;
    /// run `sakshya index`).
    pub index_interval_secs: u32,
    /// A segment file must be unchanged this long before it is indexed, so
    /// a file the recorder is still writing is not hashed half-written.
    pub index_settle_secs: u32,
    /// A recorded camera whose newest segment is older than this is offline.
    pub camera_offline_after_secs: u32,
    /// Job workers inside `serve` (0 = none; run `sakshya worker`).
    pub job_workers: usize,
    pub job_max_attempts: i32,
    /// A running job without a heartbeat for this long is requeued.
    pub job_stale_secs: u32,
    pub job_poll_ms: u64,
    /// The local write-once evidence store (default `<data_dir>/evidence`).
    pub evidence_dir: Option<PathBuf>,
    /// Where evidence is stored: `fs:<dir>` (default `fs:<evidence_dir>`)
    /// or `s3://<bucket>/<prefix>`.
    pub store: Option<String>,
    /// S3 endpoint for S3-compatible services (MinIO, Ceph RGW, SeaweedFS).
    pub s3_endpoint: Option<String>,
    pub s3_region: String,
    /// Path-style addressing (`endpoint/bucket/key`), needed by most
    /// self-hosted S3 services.
    pub s3_path_style: bool,
    /// Server-side encryption: `AES256` (SSE-S3), `aws:kms` or `none`.
    pub s3_sse: String,
    pub s3_kms_key_id: Option<String>,
    pub s3_part_size_mib: usize,
    /// Parts uploaded at once; an upload's buffers are (this + 1) parts.
    pub s3_parts_in_flight: usize,
    /// Attempts per S3 call (with exponential backoff between them).
    pub s3_max_attempts: u32,
    /// COMPLIANCE retention given to each object when the bucket enforces
    /// Object Lock (0 = none: only legal holds and Sakshya's own records
    /// keep objects from deletion).
    pub evidence_retention_days: u32,
    /// Start even if the S3 bucket does not enforce Object Lock.
    pub allow_no_object_lock: bool,
    /// Largest fallback upload accepted, in bytes.
    pub upload_max_bytes: u64,
    /// Largest notice document (PDF, JPEG or PNG) accepted, in bytes.
    pub notice_max_bytes: u64,
    /// Minutes of demo footage `sakshya demo` writes per camera.
    pub demo_footage_minutes: u32,
    pub demo_segment_secs: u32,
    /// Release preservation holds when a request closes.
    pub release_holds_on_close: bool,
    /// In `serve`, keep writing demo footage for the demo cameras as time
    /// passes, like live recorders (`make run` turns it on).
    pub demo_recorder: bool,
    /// The RTSP port of the demo NVR `make run` starts on 127.0.0.1.
    pub demo_nvr_port: u16,
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
            signing_key_file: None,
            recorder_key_file: None,
            log_origin: "sakshya.local/custody".into(),
            checkpoint_interval_secs: 10,
            sequencer_interval_ms: 500,
            sequencer_batch: 10_000,
            log_audit_interval_secs: 3600,
            verify_per_minute: 30,
            login_per_minute: 30,
            hsts_max_age_secs: 0,
            sla_target: crate::domain::sla::DEFAULT_TARGET,
            metrics_token: None,
            metrics_bind: None,
            alert_interval_secs: 60,
            alert_deadline_margin_hours: 2,
            alert_overwrite_margin_hours: 24,
            smtp_url: None,
            smtp_from: "Sakshya <sakshya@localhost>".into(),
            login_max_failures: 5,
            login_lockout_minutes: 15,
            bulk_download_per_hour: 20,
            retention_clip_days: 365,
            retention_upload_days: 365,
            retention_preservation_days: 30,
            retention_interval_secs: 3600,
            recorder_check_secs: 600,
            recorder_timeout_secs: 10,
            pull_margin_secs: 30,
            pull_max_attempts: 100,
            retention_grace_days: 30,
            approval_ttl_hours: 72,
            shutdown_grace_secs: 60,
            public_url: None,
            trusted_proxies: Vec::new(),
            login_account_max_failures: 50,
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
            recordings_dir: None,
            recordings_pattern: "%Y/%m/%d/%H-%M-%S".into(),
            index_interval_secs: 30,
            index_settle_secs: 5,
            camera_offline_after_secs: 600,
            job_workers: 2,
            job_max_attempts: 5,
            job_stale_secs: 120,
            job_poll_ms: 500,
            evidence_dir: None,
            store: None,
            s3_endpoint: None,
            s3_region: "us-east-1".into(),
            s3_path_style: false,
            s3_sse: "AES256".into(),
            s3_kms_key_id: None,
            s3_part_size_mib: 6,
            s3_parts_in_flight: 3,
            s3_max_attempts: 5,
            evidence_retention_days: 3650,
            allow_no_object_lock: false,
            upload_max_bytes: 2 * 1024 * 1024 * 1024,
            notice_max_bytes: 20 * 1024 * 1024,
            demo_footage_minutes: 120,
            demo_segment_secs: 120,
            release_holds_on_close: true,
            demo_recorder: false,
            demo_nvr_port: 8554,
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

    pub fn signing_key_path(&self) -> PathBuf {
        self.signing_key_file
            .clone()
            .unwrap_or_else(|| self.data_dir.join("keys").join("signing-ed25519.p8"))
    }

    /// The sequencer's batching and signing cadence.
    pub fn log_policy(&self, force: bool) -> crate::custody::sequencer::Policy {
        crate::custody::sequencer::Policy {
            batch: self.sequencer_batch.max(1),
            // At least one checkpoint a minute while events arrive.
            checkpoint_every: std::time::Duration::from_secs(u64::from(
                self.checkpoint_interval_secs.min(60),
            )),
            force,
        }
    }

    /// How long one call to a recorder may take.
    pub fn pull_margin(&self) -> Duration {
        Duration::seconds(i64::from(self.pull_margin_secs.min(3600)))
    }

    pub fn recorder_timeout(&self) -> std::time::Duration {
        std::time::Duration::from_secs(self.recorder_timeout_secs.clamp(1, 300))
    }

    pub fn recorder_key_path(&self) -> PathBuf {
        self.recorder_key_file
            .clone()
            .unwrap_or_else(|| self.data_dir.join("keys").join("recorder-credentials.key"))
    }

    pub fn token_key_path(&self) -> PathBuf {
        self.token_key_file
            .clone()
            .unwrap_or_else(|| self.data_dir.join("keys").join("token-ed25519.p8"))
    }

    pub fn recordings_root(&self) -> PathBuf {
        self.recordings_dir
            .clone()
            .unwrap_or_else(|| self.data_dir.join("recordings"))
    }

    pub fn evidence_root(&self) -> PathBuf {
        self.evidence_dir
            .clone()
            .unwrap_or_else(|| self.data_dir.join("evidence"))
    }

    /// The configured evidence store.
    pub fn store_spec(&self) -> Result<crate::storage::StoreSpec, String> {
        match &self.store {
            None => Ok(crate::storage::StoreSpec::Fs(self.evidence_root())),
            Some(s) => crate::storage::StoreSpec::parse(s),
        }
    }

    /// Opens the configured evidence store (without the start-up check).
    pub fn open_store(&self) -> Result<crate::storage::Store, crate::storage::StoreError> {
        use crate::storage::{LocalStore, S3Store, StoreError, StoreSpec};
        match self.store_spec().map_err(StoreError::Config)? {
            StoreSpec::Fs(dir) => Ok(std::sync::Arc::new(LocalStore::open(&dir)?)),
            StoreSpec::S3 { bucket, prefix } => Ok(std::sync::Arc::new(S3Store::connect(
                crate::storage::s3::S3Config {
                    bucket,
                    prefix,
                    endpoint: self.s3_endpoint.clone(),
                    region: self.s3_region.clone(),
                    path_style: self.s3_path_style,
                    sse: self.s3_sse.clone(),
                    kms_key_id: self.s3_kms_key_id.clone(),
                    part_size: self.s3_part_size_mib.max(5) << 20,
                    parts_in_flight: self.s3_parts_in_flight.clamp(1, 16),
                    max_attempts: self.s3_max_attempts.max(1),
                    retention_days: self.evidence_retention_days,
                    scratch_dir: self.data_dir.join("work"),
                },
            )?)),
        }
    }

    /// Copies of held segments.
    pub fn preserved_root(&self) -> PathBuf {
        self.data_dir.join("preserved")
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

    pub fn transition_policy(&self) -> crate::workflow::transition::TransitionPolicy {
        crate::workflow::transition::TransitionPolicy {
            lifecycle: self.lifecycle(),
            deadlines: self.deadlines(),
            job_max_attempts: self.job_max_attempts,
            pull_max_attempts: self.pull_max_attempts.max(self.job_max_attempts),
            release_holds_on_close: self.release_holds_on_close,
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
    /// The service's public address without a trailing slash (see
    /// `public_url`).
    pub fn public_base(&self) -> String {
        self.public_url
            .clone()
            .unwrap_or_else(|| format!("http://{}", self.bind))
            .trim_end_matches('/')
            .to_owned()
    }

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
