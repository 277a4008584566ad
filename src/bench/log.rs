//! `sakshya bench log`: custody log appends per second (batched, through
//! the sequencer) and inclusion-proof time, at two tree sizes (default 1M
//! and 10M leaves), on a fresh database. The goals are ≥ 20,000 events/s
//! and ≤ 1 ms per proof at 10M leaves.
//!
//! Events are queued in bulk chunks (not timed) and the sequencer drains
//! each: the figure is the sequencer's — hashing, storing leaves and
//! nodes, dequeuing, proving consistency and signing checkpoints.

use std::time::Instant;

use anyhow::Context;
use diesel::{QueryDsl, RunQueryDsl};
use secrecy::SecretString;

use crate::custody::{proofs, sequencer};
use crate::db::connection::DbConnection;
use crate::db::{log, migrations, Db};
use crate::signing::{generate, SigningKey};

pub struct Plan {
    pub first: u64,
    pub second: u64,
    pub proofs: u32,
    /// A database URL; default a fresh SQLite file under the data dir.
    pub database_url: Option<String>,
    pub dir: std::path::PathBuf,
}

/// Events queued between two sequencer runs.
const CHUNK: u64 = 100_000;

/// Queues `n` synthetic custody events (about 250 bytes each).
fn queue_events(conn: &mut DbConnection, start: u64, n: u64) -> anyhow::Result<()> {
    const ROWS: u64 = 500;
    let before: Option<i64> = crate::db::schema::custody_events::table
        .select(diesel::dsl::max(crate::db::schema::custody_events::seq))
        .first(conn)?;
    let mut i = 0;
    while i < n {
        let k = ROWS.min(n - i);
        let values: Vec<String> = (0..k)
            .map(|j| {
                let e = start + i + j;
                let id = format!("00000000-0000-7000-8000-{e:012}");
                format!(
                    "('{id}', 'downloaded', '2026-11-22 00:00:00', 'req-{r}', 'clip-{r}', NULL, \
                     '{{\"format\":\"sakshya-custody/v1\",\"id\":\"{id}\",\"kind\":\"downloaded\",\"at\":\"2026-11-22T00:00:00.000000Z\",\
\"request_id\":\"req-{r}\",\"clip_id\":\"clip-{r}\",\"outcome\":\"ok\",\"details\":{{\"what\":\"clip\",\"n\":{e}}}}}')",
                    r = e / 7
                )
            })
            .collect();
        diesel::sql_query(format!(
            "INSERT INTO custody_events (id, kind, at, request_id, clip_id, actor_id, body) VALUES {}",
            values.join(", ")
        ))
        .execute(conn)?;
        i += k;
    }
    diesel::sql_query(format!(
        "INSERT INTO custody_pending (seq) SELECT seq FROM custody_events WHERE seq > {}",
        before.unwrap_or(0)
    ))
    .execute(conn)?;
    Ok(())
}

/// (mean µs, p99 µs) of `n` inclusion proofs at random indices.
fn time_proofs(conn: &mut DbConnection, size: u64, n: u32) -> anyhow::Result<(f64, f64)> {
    let mut state = 0x9e37_79b9_7f4a_7c15u64 ^ size;
    let mut times = Vec::with_capacity(n as usize);
    for _ in 0..n {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let index = state % size;
        let t = Instant::now();
        let proof = proofs::inclusion(conn, index, size)?;
        times.push(t.elapsed().as_secs_f64() * 1e6);
        anyhow::ensure!(!proof.is_empty() || size == 1, "empty proof");
    }
    times.sort_by(f64::total_cmp);
    let mean = times.iter().sum::<f64>() / times.len().max(1) as f64;
    let p99 = times[(times.len() * 99 / 100).min(times.len().saturating_sub(1))];
    Ok((mean, p99))
}

pub fn run(plan: &Plan) -> anyhow::Result<()> {
    let url = match &plan.database_url {
        Some(u) => u.clone(),
        None => {
            let _ = std::fs::remove_dir_all(&plan.dir);
            std::fs::create_dir_all(&plan.dir)?;
            format!("sqlite://{}", plan.dir.join("log-bench.db").display())
        }
    };
    let db = Db::connect(&SecretString::from(url), 2).context("opening the bench database")?;
    {
        let mut c = db.conn()?;
        migrations::run(&mut c).map_err(|e| anyhow::anyhow!("migrations: {e}"))?;
        anyhow::ensure!(
            log::size(&mut c)? == 0,
            "the bench needs an empty custody log; use a fresh database"
        );
    }
    let key = SigningKey::from_pkcs8(&generate()?, "sakshya.bench/custody")?;
    db.write_blocking(|c| {
        crate::signing::registry::register(c, &key).map_err(crate::db::DbError::from)
    })?;
    let policy = sequencer::Policy {
        batch: 10_000,
        checkpoint_every: std::time::Duration::from_secs(60),
        force: true,
    };
    println!("custody log benchmark ({:?} backend)", db.backend());
    let mut size = 0u64;
    let mut targets = vec![plan.first];
    if plan.second > plan.first {
        targets.push(plan.second);
    }
    for target in targets {
        let n = target - size;
        if n > 0 {
            // Steady state: events are queued in chunks and the sequencer
            // drains each (only the draining is timed), as in a running
            // server where the queue stays short.
            let (mut queued, mut secs) = (0.0, 0.0);
            while size < target {
                let k = CHUNK.min(target - size);
                let t = Instant::now();
                db.write_blocking(|c| queue_events(c, size, k))?;
                queued += t.elapsed().as_secs_f64();
                let t = Instant::now();
                let step = sequencer::sync(&db, &key, policy)?;
                secs += t.elapsed().as_secs_f64();
                size += k;
                anyhow::ensure!(
                    step.size == size,
                    "log size {} after sync, expected {size}",
                    step.size
                );
            }
            println!(
                "appended {n:>10} events in {secs:>7.2} s: {:>9.0} events/s (queued in {queued:.1} s)",
                n as f64 / secs
            );
        }
        let mut c = db.conn()?;
        let (mean, p99) = time_proofs(&mut c, size, plan.proofs)?;
        println!(
            "inclusion proof at {size:>10} leaves: mean {mean:>7.1} µs, p99 {p99:>7.1} µs ({} proofs)",
            plan.proofs
        );
    }
    println!("goal: >= 20000 events/s, <= 1000 µs per proof at 10M leaves");
    Ok(())
}
