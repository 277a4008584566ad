//! Load from wrk (Debian package `wrk`), a separate process, so the load
//! generator costs the two cores as little as it can: one wrk reads
//! (listing and status alternately, `reads.lua`) from `connections`
//! connections; a second one files drafts from two connections, each
//! pausing 20 ms between filings (`filing.lua`). wrk's own Lua `done`
//! hook (`common.lua`) prints the figures as one JSON line, read back here.

use std::os::unix::fs::DirBuilderExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::Context;
use serde::Deserialize;

use super::{memory_mib, memory_report, Plan, Target};

const COMMON: &str = include_str!("common.lua");
const READS: &str = include_str!("reads.lua");
const FILING: &str = include_str!("filing.lua");

/// What a script's `done` hook prints after `SAKSHYA `.
#[derive(Debug, Deserialize)]
struct Summary {
    requests: u64,
    duration_us: u64,
    connect: u64,
    read: u64,
    write: u64,
    status: u64,
    timeout: u64,
    p50_us: u64,
    p99_us: u64,
    max_us: u64,
}

impl Summary {
    fn errors(&self) -> u64 {
        self.connect + self.read + self.write + self.status + self.timeout
    }

    fn per_second(&self) -> f64 {
        self.requests as f64 / (self.duration_us.max(1) as f64 / 1e6)
    }

    fn line(&self, name: &str) -> String {
        format!(
            "  {name:16} {:>7.0} req/s  p50 {:>6.2} ms  p99 {:>6.2} ms  max {:>7.2} ms  ({} requests, {} errors: {} status, {} connect, {} read, {} write, {} timeout)",
            self.per_second(),
            self.p50_us as f64 / 1000.0,
            self.p99_us as f64 / 1000.0,
            self.max_us as f64 / 1000.0,
            self.requests,
            self.errors(),
            self.status,
            self.connect,
            self.read,
            self.write,
            self.timeout
        )
    }
}

/// The scripts and their inputs, in a directory only this user can read,
/// removed when dropped.
struct Scripts(PathBuf);

impl Scripts {
    fn create(dir: &Path) -> std::io::Result<Self> {
        let _ = std::fs::remove_dir_all(dir);
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)?;
        Ok(Self(dir.to_path_buf()))
    }

    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for Scripts {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn spawn(
    dir: &Path,
    script: &str,
    connections: usize,
    plan: &Plan,
    base: &str,
) -> anyhow::Result<Child> {
    Command::new("wrk")
        .args(["-t", "1", "-c"])
        .arg(connections.to_string())
        .arg("-d")
        .arg(format!("{}s", plan.seconds))
        .args(["--timeout", "5s", "-s"])
        .arg(dir.join(script))
        .arg(base)
        .env("SAKSHYA_LOAD_TOKEN_FILE", dir.join("token"))
        .env("SAKSHYA_LOAD_IDS_FILE", dir.join("ids"))
        .env("SAKSHYA_LOAD_CAMERA_FILE", dir.join("camera"))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .context("starting wrk (install the Debian package `wrk`, or use --generator builtin)")
}

fn summary(child: Child, what: &str) -> anyhow::Result<Summary> {
    let out = child.wait_with_output()?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    anyhow::ensure!(
        out.status.success(),
        "wrk ({what}) failed: {}\n{stdout}",
        String::from_utf8_lossy(&out.stderr)
    );
    let line = stdout
        .lines()
        .find_map(|l| l.strip_prefix("SAKSHYA "))
        .with_context(|| format!("wrk ({what}) printed no summary:\n{stdout}"))?;
    Ok(serde_json::from_str(line)?)
}

pub(super) fn drive(target: &Target, plan: &Plan) -> anyhow::Result<()> {
    // The token goes to a file only this user can read, never to argv.
    let dir = Scripts::create(&plan.dir.join("wrk"))?;
    for (name, body) in [
        ("reads.lua", format!("{COMMON}\n{READS}")),
        ("filing.lua", format!("{COMMON}\n{FILING}")),
        ("token", target.token.clone()),
        ("ids", target.ids.join("\n")),
        ("camera", target.camera.clone()),
    ] {
        std::fs::write(dir.path().join(name), body)?;
    }
    let started = Instant::now();
    let mut reads = spawn(
        dir.path(),
        "reads.lua",
        plan.connections,
        plan,
        &target.base,
    )?;
    let filing = match spawn(dir.path(), "filing.lua", 2, plan, &target.base) {
        Ok(f) => f,
        Err(e) => {
            let _ = reads.kill();
            let _ = reads.wait();
            return Err(e);
        }
    };
    // The server's memory (this process; wrk is apart) every 10 s.
    let mut memory = vec![(0u64, memory_mib())];
    let mut next = 10;
    while reads.try_wait()?.is_none() {
        std::thread::sleep(Duration::from_millis(200));
        if started.elapsed().as_secs() >= next {
            memory.push((next, memory_mib()));
            next += 10;
        }
    }
    let reads = summary(reads, "listing and status")?;
    let filing = summary(filing, "filing")?;
    println!(
        "{:.0} req/s in all (wrk: {} + 2 connections, {} s)",
        reads.per_second() + filing.per_second(),
        plan.connections,
        plan.seconds
    );
    println!("{}", reads.line("listing + status"));
    println!("{}", filing.line("filing"));
    println!("  server {}", memory_report(&memory));
    let errors = reads.errors() + filing.errors();
    println!("  errors: {errors}");
    anyhow::ensure!(errors == 0, "{errors} requests failed");
    Ok(())
}
