//! `sakshya bench`

use std::path::PathBuf;

use clap::Subcommand;

use crate::bench::extract::{self, Plan};
use crate::config::Settings;

#[derive(Subcommand)]
pub enum BenchCommand {
    /// Clip extraction against `ffmpeg -ss … -to … -c copy`, and SHA-256
    /// against `openssl speed`. Builds a 1080p recording the first time.
    Extract {
        /// Working directory (default <data dir>/bench); needs ~2 GiB.
        #[arg(long)]
        dir: Option<PathBuf>,
        /// Length of the recording, in minutes (5-minute segments).
        #[arg(long, default_value_t = 60)]
        minutes: u32,
        /// Length of the extracted window, in minutes.
        #[arg(long, default_value_t = 45)]
        window: u32,
        /// Measured rounds; the median is reported.
        #[arg(long, default_value_t = 3)]
        rounds: u32,
    },
    /// Custody log appends per second and inclusion-proof time at two
    /// tree sizes, on a fresh database.
    Log {
        /// First tree size.
        #[arg(long, default_value_t = 1_000_000)]
        first: u64,
        /// Second tree size.
        #[arg(long, default_value_t = 10_000_000)]
        second: u64,
        /// Proofs timed at each size.
        #[arg(long, default_value_t = 2000)]
        proofs: u32,
        /// An empty database to run against (default: a fresh SQLite file).
        #[arg(long)]
        database_url: Option<String>,
    },
    /// The SLA summary for a quarter, grouped by station, over a seeded
    /// state-sized history (seeded on first use of an empty database).
    Sla {
        #[arg(long, default_value_t = 1_000_000)]
        requests: u64,
        #[arg(long, default_value_t = 100)]
        icccs: u32,
        #[arg(long, default_value_t = 600)]
        stations: u32,
        /// Timed calls per case; the median is reported.
        #[arg(long, default_value_t = 20)]
        rounds: u32,
        /// Seed the database and stop.
        #[arg(long)]
        seed_only: bool,
        /// The database to seed and query (default: a SQLite file under
        /// <data dir>/bench/sla).
        #[arg(long)]
        database_url: Option<String>,
    },
    /// The real server on loopback under listing, status and filing
    /// traffic over a seeded history: throughput, p50/p99, errors, memory.
    /// A soak is a long run (`--seconds 600`, or `make soak`).
    Load {
        /// Requests in the database (seeded on first use of an empty one).
        #[arg(long, default_value_t = 100_000)]
        requests: u64,
        #[arg(long, default_value_t = 30)]
        seconds: u64,
        /// Concurrent keep-alive connections.
        #[arg(long, default_value_t = 32)]
        connections: usize,
        /// The database (default: a SQLite file under <data dir>/bench/load).
        #[arg(long)]
        database_url: Option<String>,
        /// Where the load comes from: wrk in its own process, or a client
        /// inside this one.
        #[arg(long, value_enum, default_value = "wrk")]
        generator: crate::bench::load::Generator,
    },
    /// Storing a large file in the configured S3 store against `aws s3 cp`.
    Upload {
        /// Size of the test file in MiB.
        #[arg(long, default_value_t = 1024)]
        size_mib: u64,
    },
    /// Pulling an hour of 1080p from the test NVR by ONVIF replay, against
    /// `ffmpeg -rtsp_transport tcp -c copy` on the same server (needs the
    /// GStreamer RTSP server, `make bench-pull`, and ~8 GiB).
    Pull {
        /// Working directory (default <data dir>/bench/pull).
        #[arg(long)]
        dir: Option<PathBuf>,
        /// Length of the recording and of the pulled window, in minutes.
        #[arg(long, default_value_t = 60)]
        minutes: u32,
        /// Measured rounds; the median is reported.
        #[arg(long, default_value_t = 3)]
        rounds: u32,
        /// The test NVR (GStreamer's RTSP server).
        #[arg(long, default_value = "tests/support/test_nvr.py")]
        nvr_script: PathBuf,
    },
    /// One measured pull (run by `bench pull` in a child process).
    #[command(hide = true)]
    PullChild {
        #[arg(long)]
        url: String,
        #[arg(long)]
        password_file: PathBuf,
        #[arg(long, value_enum)]
        mode: crate::bench::pull::Mode,
        #[arg(long)]
        minutes: u32,
        #[arg(long)]
        out: PathBuf,
    },
    /// One measured upload (run by `bench upload` in a child process).
    #[command(hide = true)]
    UploadChild {
        #[arg(long)]
        file: PathBuf,
        /// Store it while it is written (as extraction does), rather than
        /// once it is complete.
        #[arg(long)]
        stream: bool,
    },
    /// One measured extraction (run by `bench extract` in a child process).
    #[command(hide = true)]
    ExtractChild {
        #[arg(long)]
        dir: PathBuf,
        #[arg(long)]
        minutes: u32,
        #[arg(long)]
        window: u32,
    },
}

pub fn run(settings: &Settings, cmd: BenchCommand) -> anyhow::Result<()> {
    match cmd {
        BenchCommand::Extract {
            dir,
            minutes,
            window,
            rounds,
        } => extract::run(&Plan {
            dir: dir.unwrap_or_else(|| settings.data_dir.join("bench")),
            minutes,
            window_minutes: window.min(minutes),
            rounds: rounds.max(1),
        }),
        BenchCommand::Log {
            first,
            second,
            proofs,
            database_url,
        } => crate::bench::log::run(&crate::bench::log::Plan {
            first,
            second,
            proofs: proofs.max(1),
            database_url,
            dir: settings.data_dir.join("bench").join("log"),
        }),
        BenchCommand::Sla {
            requests,
            icccs,
            stations,
            rounds,
            seed_only,
            database_url,
        } => crate::bench::sla::run(&crate::bench::sla::Plan {
            requests,
            icccs: icccs.max(1),
            stations: stations.max(1),
            rounds,
            seed_only,
            database_url,
            dir: settings.data_dir.join("bench").join("sla"),
        }),
        BenchCommand::Load {
            requests,
            seconds,
            connections,
            database_url,
            generator,
        } => crate::bench::load::run(
            settings,
            &crate::bench::load::Plan {
                requests,
                seconds: seconds.max(1),
                connections: connections.max(1),
                database_url,
                dir: settings.data_dir.join("bench").join("load"),
                generator,
            },
        ),
        BenchCommand::Pull {
            dir,
            minutes,
            rounds,
            nvr_script,
        } => crate::bench::pull::run(&crate::bench::pull::Plan {
            dir: dir.unwrap_or_else(|| settings.data_dir.join("bench").join("pull")),
            minutes: minutes.max(1),
            rounds: rounds.max(1),
            nvr_script,
        }),
        BenchCommand::PullChild {
            url,
            password_file,
            mode,
            minutes,
            out,
        } => {
            let r = crate::bench::pull::child(&url, &password_file, mode, minutes, &out)?;
            println!("{}", serde_json::to_string(&r)?);
            Ok(())
        }
        BenchCommand::Upload { size_mib } => crate::bench::upload::run(settings, size_mib),
        BenchCommand::UploadChild { file, stream } => {
            let r = crate::bench::upload::child(settings, &file, stream)?;
            println!("{}", serde_json::to_string(&r)?);
            Ok(())
        }
        BenchCommand::ExtractChild {
            dir,
            minutes,
            window,
        } => {
            let r = extract::child(&dir, minutes, window)?;
            println!("{}", serde_json::to_string(&r)?);
            Ok(())
        }
    }
}
