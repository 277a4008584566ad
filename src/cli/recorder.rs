//! `sakshya recorder add|list|map|test|search`: recorders from the
//! command line, for the machine's operator. Passwords are never command
//! arguments (they would show in `ps` and shell history): `add` reads the
//! recorder account's password from the first line of standard input.

use std::io::BufRead;

use chrono::{DateTime, Duration, Utc};
use clap::Subcommand;
use secrecy::SecretString;

use super::open_db;
use crate::config::Settings;
use crate::db::{cameras, organisations, recorders};
use crate::domain::ids::RecorderId;
use crate::recorders::{Connection, CredentialKey};
use crate::workflow::recorders::{self as flow, RecorderInput};

#[derive(Subcommand)]
pub enum RecorderCommand {
    /// Register a recorder; with --username, the password is read from
    /// the first line of standard input.
    Add {
        /// The ICCC's code.
        #[arg(long)]
        iccc: String,
        #[arg(long)]
        name: String,
        /// folder, onvif, hikvision, dahua or rtsp_template.
        #[arg(long)]
        kind: String,
        #[arg(long)]
        host: Option<String>,
        #[arg(long)]
        http_port: Option<i64>,
        #[arg(long)]
        rtsp_port: Option<i64>,
        #[arg(long)]
        tls: bool,
        /// The recorder's read-only account.
        #[arg(long)]
        username: Option<String>,
        #[arg(long)]
        playback_template: Option<String>,
        /// Minutes east of UTC (India: 330).
        #[arg(long)]
        utc_offset_minutes: Option<i64>,
    },
    /// List recorders with their last check.
    List {
        /// Only this ICCC's (its code).
        #[arg(long)]
        iccc: Option<String>,
    },
    /// Map a recorder channel to a camera (by the camera's code).
    Map {
        recorder: String,
        #[arg(long)]
        channel: i64,
        #[arg(long)]
        camera: String,
        /// ONVIF: the recording token of the channel.
        #[arg(long)]
        recording_token: Option<String>,
    },
    /// Check a recorder now (or every recorder with --all) and store what
    /// it says.
    Test {
        recorder: Option<String>,
        #[arg(long)]
        all: bool,
    },
    /// What a recorder holds for a channel (default: the last 24 hours).
    Search {
        recorder: String,
        #[arg(long)]
        channel: i32,
        #[arg(long)]
        from: Option<DateTime<Utc>>,
        #[arg(long)]
        to: Option<DateTime<Utc>>,
    },
}

fn key(settings: &Settings) -> anyhow::Result<CredentialKey> {
    Ok(CredentialKey::load(&settings.recorder_key_path(), true)?)
}

/// The id of the organisation with `code`.
fn org_id(db: &crate::db::Db, code: &str) -> anyhow::Result<String> {
    db.write_blocking(|c| {
        organisations::find_by_code(c, &code.to_ascii_uppercase()).map_err(anyhow::Error::from)
    })?
    .map(|o| o.id)
    .ok_or_else(|| anyhow::anyhow!("no organisation with code {code}"))
}

fn parse_id(text: &str) -> anyhow::Result<RecorderId> {
    text.parse()
        .map_err(|e: crate::domain::ValidationError| anyhow::anyhow!(e.message))
}

/// The recorder with the id `text`.
fn find(db: &crate::db::Db, text: &str) -> anyhow::Result<crate::db::recorders::RecorderRow> {
    let id = parse_id(text)?;
    db.write_blocking(|c| recorders::find(c, &id).map_err(anyhow::Error::from))?
        .ok_or_else(|| anyhow::anyhow!("no recorder {id}"))
}

fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    Ok(tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?)
}

pub fn run(settings: &Settings, cmd: RecorderCommand) -> anyhow::Result<()> {
    let db = open_db(settings)?;
    let key = key(settings)?;
    let err = |e: crate::error::ApiError| anyhow::anyhow!("{}: {}", e.code.as_str(), e.message);
    match cmd {
        RecorderCommand::Add {
            iccc,
            name,
            kind,
            host,
            http_port,
            rtsp_port,
            tls,
            username,
            playback_template,
            utc_offset_minutes,
        } => {
            let org_id = org_id(&db, &iccc)?;
            let password = match &username {
                Some(_) => {
                    let mut line = String::new();
                    std::io::stdin().lock().read_line(&mut line)?;
                    Some(SecretString::from(
                        line.trim_end_matches(['\r', '\n']).to_owned(),
                    ))
                }
                None => None,
            };
            let input = RecorderInput {
                name,
                kind,
                host,
                http_port,
                rtsp_port,
                tls,
                username,
                password,
                playback_template,
                utc_offset_minutes,
            };
            let row = flow::build(input, &org_id, None, &key).map_err(err)?;
            db.write_blocking(|c| flow::create(c, None, &row))
                .map_err(err)?;
            println!("added recorder {} ({})", row.name, row.id);
            if row.kind.is_networked() {
                let checked = runtime()?
                    .block_on(flow::check_row(
                        &db,
                        &key,
                        settings.recorder_timeout(),
                        &row,
                    ))
                    .map_err(err)?;
                print_row(&checked);
            }
        }
        RecorderCommand::List { iccc } => {
            let iccc_id = iccc.map(|code| org_id(&db, &code)).transpose()?;
            let rows = db.write_blocking(|c| {
                recorders::list(c, iccc_id.as_deref()).map_err(anyhow::Error::from)
            })?;
            for r in rows {
                print_row(&r);
            }
        }
        RecorderCommand::Map {
            recorder,
            channel,
            camera,
            recording_token,
        } => {
            let id = parse_id(&recorder)?;
            let cam = db
                .write_blocking(|c| {
                    cameras::find_by_code(c, &camera.to_ascii_uppercase())
                        .map_err(anyhow::Error::from)
                })?
                .ok_or_else(|| anyhow::anyhow!("no camera with code {camera}"))?;
            db.write_blocking(|c| {
                flow::map_channel(c, None, &id, channel, &cam.id, recording_token)
            })
            .map_err(err)?;
            println!("channel {channel} of {id} records camera {}", cam.code);
        }
        RecorderCommand::Test { recorder, all } => {
            let rt = runtime()?;
            if all {
                let (ok, total) = rt
                    .block_on(flow::check_all(
                        &db,
                        &key,
                        settings.recorder_timeout(),
                        None,
                    ))
                    .map_err(err)?;
                println!("{ok} of {total} recorders answered");
                if ok < total {
                    anyhow::bail!("{} recorders did not answer", total - ok);
                }
                return Ok(());
            }
            let row = find(
                &db,
                &recorder.ok_or_else(|| anyhow::anyhow!("name a recorder id, or --all"))?,
            )?;
            let checked = rt
                .block_on(flow::check_row(
                    &db,
                    &key,
                    settings.recorder_timeout(),
                    &row,
                ))
                .map_err(err)?;
            print_row(&checked);
            if let Some(e) = checked.last_error {
                anyhow::bail!("{e}");
            }
        }
        RecorderCommand::Search {
            recorder,
            channel,
            from,
            to,
        } => {
            let row = find(&db, &recorder)?;
            let to = to.unwrap_or_else(Utc::now);
            let from = from.unwrap_or(to - Duration::hours(24));
            let conn = Connection::open(&row, &key, settings.recorder_timeout())?;
            let spans = runtime()?.block_on(conn.search(channel, None, from, to))?;
            for s in &spans {
                println!(
                    "{}  {}  {} s",
                    s.start.to_rfc3339(),
                    s.end.to_rfc3339(),
                    (s.end - s.start).num_seconds()
                );
            }
            let held: Vec<_> = spans.iter().map(|s| (s.start, s.end)).collect();
            for (a, b) in crate::recordings::gaps::find_gaps(&held, from, to, Duration::seconds(1))
            {
                println!("gap {}  {}", a.to_rfc3339(), b.to_rfc3339());
            }
        }
    }
    Ok(())
}

fn print_row(r: &crate::db::recorders::RecorderRow) {
    println!(
        "{}  {:<24} {:<13} {:<22} {:<11} {}{}",
        r.id,
        r.name,
        r.kind,
        r.host.as_deref().unwrap_or("-"),
        r.reachability,
        match (&r.device_make, &r.device_model, &r.device_serial) {
            (Some(a), Some(b), Some(c)) => format!("{a} {b} s/n {c}"),
            _ => String::new(),
        },
        r.clock_offset_ms
            .map(|o| format!("  clock {:+.1} s", o as f64 / 1000.0))
            .unwrap_or_default()
    );
    if let Some(e) = &r.last_error {
        println!("    last error: {e}");
    }
}
