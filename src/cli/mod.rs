//! Command-line interface (clap). Each subcommand lives in its own file.

pub mod alerts;
pub mod bench;
pub mod demo;
pub mod keys;
pub mod log;
pub mod migrate;
pub mod org;
pub mod recorder;
pub mod retention;

pub mod serve;
pub mod sla;
pub mod store;
pub mod user;
pub mod verify;
pub mod worker;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::config::Settings;

#[derive(Parser)]
#[command(
    name = "sakshya",
    version,
    about = "Sakshya: CCTV footage requests and chain of custody for ICCCs",
    long_about = "Sakshya lets police investigators request CCTV footage from an Integrated Command and \
Control Centre, and keeps the chain of custody of every clip.\n\n\
Configuration comes from built-in defaults, then sakshya.toml (or --config), then SAKSHYA_* \
environment variables, e.g. SAKSHYA_DATABASE_URL=postgres://… SAKSHYA_BIND=0.0.0.0:8080.\n\n\
Quick start:  sakshya demo && sakshya serve"
)]
pub struct Cli {
    /// Configuration file (default: ./sakshya.toml if present).
    #[arg(long, global = true, env = "SAKSHYA_CONFIG")]
    pub config: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Run the HTTP API (migrates the database first).
    Serve,
    /// Apply pending database migrations and exit.
    Migrate,
    /// Run extraction and preservation jobs without the HTTP API (on this
    /// or another machine sharing the database and storage).
    Worker {
        /// Worker threads.
        #[arg(long, default_value_t = 2)]
        threads: usize,
        /// Run the jobs that are due, then exit.
        #[arg(long)]
        once: bool,
        /// Only the jobs of this ICCC's requests (its code): a worker
        /// beside that ICCC's recorders in a state-wide deployment.
        #[arg(long)]
        iccc: Option<String>,
    },
    /// Scan the recordings root once and index new segment files.
    Index {
        /// Only this ICCC's cameras (its code): an indexer beside that
        /// ICCC's recorders, which leaves other ICCCs' files and camera
        /// statuses to their own indexers.
        #[arg(long)]
        iccc: Option<String>,
    },
    /// Check or verify the evidence store.
    #[command(subcommand)]
    Store(store::StoreCommand),
    /// Benchmarks against reference tools.
    #[command(subcommand)]
    Bench(bench::BenchCommand),
    /// Seed demo organisations, users and cameras if the database is empty,
    /// and write the logins to <data dir>/demo-credentials.json.
    Demo,
    /// Manage organisations (ICCCs, police stations, courts).
    #[command(subcommand)]
    Org(org::OrgCommand),
    /// Manage users: add, change password, reset MFA.
    #[command(subcommand)]
    User(user::UserCommand),
    /// The keys that sign manifests and log checkpoints.
    #[command(subcommand)]
    Keys(keys::KeysCommand),
    /// The custody transparency log: sync, check, checkpoint.
    #[command(subcommand)]
    Log(log::LogCommand),
    /// Verify an evidence package (or a clip with its manifest, signature
    /// and key) offline, with no database.
    Verify(verify::VerifyArgs),
    /// SLA alerts: run one sweep (and email round) now.
    #[command(subcommand)]
    Alerts(alerts::AlertsCommand),
    /// Retention: run the erasure job now.
    #[command(subcommand)]
    Retention(retention::RetentionCommand),
    /// The monthly SLA rollup: check it against the requests, or rebuild.
    #[command(subcommand)]
    Sla(sla::SlaCommand),
    /// Recorders (NVRs, VMSs): add, list, map channels, test, search.
    #[command(subcommand)]
    Recorder(recorder::RecorderCommand),
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let settings = match cli
        .config
        .as_deref()
        .map_or_else(Settings::load, Settings::load_from)
    {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: configuration: {e}");
            return ExitCode::from(2);
        }
    };
    crate::telemetry::init(&settings.log_format);
    let result = match cli.command {
        Command::Serve => serve::run(&settings),
        Command::Migrate => migrate::run(&settings),
        Command::Worker {
            threads,
            once,
            iccc,
        } => worker::run(&settings, threads, once, iccc.as_deref()),
        Command::Index { iccc } => worker::index(&settings, iccc.as_deref()),
        Command::Bench(c) => bench::run(&settings, c),
        Command::Store(c) => store::run(&settings, c),
        Command::Demo => demo::run(&settings),
        Command::Org(c) => org::run(&settings, c),
        Command::User(c) => user::run(&settings, c),
        Command::Keys(c) => keys::run(&settings, c),
        Command::Log(c) => log::run(&settings, c),
        Command::Verify(a) => verify::run(&a),
        Command::Alerts(c) => alerts::run(&settings, c),
        Command::Retention(c) => retention::run(&settings, c),
        Command::Recorder(c) => recorder::run(&settings, c),
        Command::Sla(c) => sla::run(&settings, c),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// Opens the database and applies migrations; every command needs this.
pub fn open_db(settings: &Settings) -> anyhow::Result<crate::db::Db> {
    let db = crate::db::Db::connect(&settings.database_url, settings.db_pool_size)
        .map_err(|e| anyhow::anyhow!("connecting to {}: {e}", settings.database_url_redacted()))?;
    let mut conn = db.conn()?;
    crate::sla::stored::migrate(&mut conn)
        .map_err(|e| anyhow::anyhow!("migrations failed: {e}"))?;
    drop(conn);
    Ok(db)
}
