//! The built-in load generator: keep-alive connections from a tokio
//! runtime in the server's own process (`--generator builtin`), with a
//! latency histogram per kind of traffic. Handy where wrk is missing; it
//! takes a larger share of the CPU than wrk does.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration as StdDuration, Instant};

use chrono::{Duration, Utc};
use serde_json::json;

use super::{memory_mib, memory_report, Plan, Target};

/// Latencies in 10 µs buckets up to one second, and one for slower.
struct Histogram {
    buckets: Vec<u64>,
}

impl Histogram {
    const WIDTH_US: u64 = 10;
    const BUCKETS: usize = 100_001;

    fn new() -> Self {
        Histogram {
            buckets: vec![0; Self::BUCKETS],
        }
    }

    fn record(&mut self, d: StdDuration) {
        let i = (d.as_micros() as u64 / Self::WIDTH_US).min(Self::BUCKETS as u64 - 1);
        self.buckets[i as usize] += 1;
    }

    fn merge(&mut self, o: &Histogram) {
        for (a, b) in self.buckets.iter_mut().zip(&o.buckets) {
            *a += b;
        }
    }

    fn count(&self) -> u64 {
        self.buckets.iter().sum()
    }

    /// The upper edge of the bucket holding the p-th percentile, in ms.
    fn percentile_ms(&self, p: f64) -> f64 {
        let n = self.count();
        if n == 0 {
            return 0.0;
        }
        let rank = ((p / 100.0) * n as f64).ceil().max(1.0) as u64;
        let mut seen = 0;
        for (i, c) in self.buckets.iter().enumerate() {
            seen += c;
            if seen >= rank {
                return ((i as u64 + 1) * Self::WIDTH_US) as f64 / 1000.0;
            }
        }
        f64::INFINITY
    }
}

const KINDS: [&str; 3] = ["listing", "status", "filing"];

pub(super) async fn drive(target: &Target, plan: &Plan) -> anyhow::Result<()> {
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(plan.connections)
        .build()?;
    let (base, camera) = (target.base.as_str(), target.camera.as_str());
    let token = target.token.clone();
    let ids = target.ids.clone();
    let stop = Arc::new(AtomicBool::new(false));
    let errors = Arc::new(AtomicU64::new(0));
    let first_error = Arc::new(Mutex::new(None::<String>));
    let ids = Arc::new(ids);
    let started = Instant::now();
    let mut tasks = Vec::new();
    for conn in 0..plan.connections {
        let (client, base, token, camera) = (
            client.clone(),
            base.to_owned(),
            token.clone(),
            camera.to_owned(),
        );
        let (stop, errors, first_error, ids) = (
            stop.clone(),
            errors.clone(),
            first_error.clone(),
            ids.clone(),
        );
        tasks.push(tokio::spawn(async move {
            let mut hist = [Histogram::new(), Histogram::new(), Histogram::new()];
            let mut n: usize = conn;
            while !stop.load(Ordering::Relaxed) {
                n += 1;
                let (k, req) = match n % 20 {
                    0..=8 => (
                        0,
                        client.get(format!(
                            "{base}/api/v1/requests?per_page=20&page={}",
                            1 + n % 5
                        )),
                    ),
                    9..=17 => (
                        1,
                        client.get(format!("{base}/api/v1/requests/{}", ids[n % ids.len()])),
                    ),
                    _ => {
                        let end = Utc::now() - Duration::hours(2);
                        (
                            2,
                            client.post(format!("{base}/api/v1/requests")).json(&json!({
                                "fir_number": format!("{n}/2026"),
                                "bns_sections": ["303(2)"],
                                "incident_place": "Load test junction",
                                "incident_at": (end - Duration::minutes(30)).to_rfc3339(),
                                "purpose": "Load test",
                                "urgency": "routine",
                                "notice_reference": format!("LOAD-{n}"),
                                "items": [{"camera_id": camera,
                                           "start": (end - Duration::minutes(10)).to_rfc3339(),
                                           "end": end.to_rfc3339()}]
                            })),
                        )
                    }
                };
                let t = Instant::now();
                let ok = match req.bearer_auth(&token).send().await {
                    Ok(res) => {
                        let status = res.status();
                        let body = res.bytes().await;
                        if status.is_success() && body.is_ok() {
                            true
                        } else {
                            let mut e = first_error.lock().unwrap_or_else(|p| p.into_inner());
                            e.get_or_insert_with(|| {
                                format!(
                                    "{status}: {}",
                                    String::from_utf8_lossy(&body.unwrap_or_default())
                                )
                            });
                            false
                        }
                    }
                    Err(e) => {
                        let mut f = first_error.lock().unwrap_or_else(|p| p.into_inner());
                        f.get_or_insert_with(|| e.to_string());
                        false
                    }
                };
                if ok {
                    hist[k].record(t.elapsed());
                } else {
                    errors.fetch_add(1, Ordering::Relaxed);
                }
            }
            hist
        }));
    }

    // Memory of this process (server and load generator) every 10 s.
    let mut memory = vec![(0u64, memory_mib())];
    let deadline = started + StdDuration::from_secs(plan.seconds);
    while Instant::now() < deadline {
        tokio::time::sleep(StdDuration::from_secs(10).min(deadline - Instant::now())).await;
        memory.push((started.elapsed().as_secs(), memory_mib()));
    }
    stop.store(true, Ordering::Relaxed);
    let mut total = [Histogram::new(), Histogram::new(), Histogram::new()];
    for t in tasks {
        let h = t.await?;
        for (a, b) in total.iter_mut().zip(&h) {
            a.merge(b);
        }
    }
    let secs = started.elapsed().as_secs_f64();
    let mut reads = Histogram::new();
    reads.merge(&total[0]);
    reads.merge(&total[1]);
    let all: u64 = total.iter().map(Histogram::count).sum();
    println!(
        "{:.0} req/s in all ({all} requests in {secs:.1} s)",
        all as f64 / secs
    );
    for (name, h) in KINDS.iter().zip(&total) {
        println!(
            "  {name:8} {:>7.0} req/s  p50 {:>6.2} ms  p99 {:>6.2} ms",
            h.count() as f64 / secs,
            h.percentile_ms(50.0),
            h.percentile_ms(99.0)
        );
    }
    println!(
        "  listing + status: {:.0} req/s, p50 {:.2} ms, p99 {:.2} ms",
        reads.count() as f64 / secs,
        reads.percentile_ms(50.0),
        reads.percentile_ms(99.0)
    );
    let errors = errors.load(Ordering::Relaxed);
    println!("  errors: {errors}");
    println!("  server and load generator {}", memory_report(&memory));
    if let Some(e) = first_error.lock().unwrap_or_else(|p| p.into_inner()).take() {
        println!("  first error: {e}");
    }
    anyhow::ensure!(errors == 0, "{errors} requests failed");
    Ok(())
}
