//! Prometheus metrics (`GET /metrics`): HTTP latency, extraction
//! durations and bytes and store errors are recorded as they happen in
//! this process; requests by state, job queue depth and age, and the
//! fulfilment rate by ICCC over the last 30 days are read from the
//! database at each scrape.

use std::sync::OnceLock;

use chrono::{Duration, Utc};
use prometheus::{
    Encoder, GaugeVec, Histogram, HistogramOpts, HistogramVec, IntCounter, IntCounterVec,
    IntGaugeVec, Opts, Registry, TextEncoder,
};

use crate::db::requests;
use crate::db::{jobs, organisations, time, DbConnection};
use crate::domain::authz::RequestVisibility;

pub struct Metrics {
    registry: Registry,
    pub http_seconds: HistogramVec,
    pub extraction_seconds: Histogram,
    pub extraction_bytes: IntCounter,
    pub store_errors: IntCounterVec,
    pull_bytes: IntCounterVec,
    pull_seconds: HistogramVec,
    pull_failures: IntCounterVec,
    requests_by_state: IntGaugeVec,
    queue_depth: IntGaugeVec,
    queue_oldest_seconds: GaugeVec,
    fulfilment_rate: GaugeVec,
}

fn build() -> Result<Metrics, prometheus::Error> {
    let registry = Registry::new_custom(Some("sakshya".into()), None)?;
    let m = Metrics {
        http_seconds: HistogramVec::new(
            HistogramOpts::new("http_request_duration_seconds", "HTTP request latency").buckets(
                vec![
                    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
                ],
            ),
            &["method", "route", "status"],
        )?,
        extraction_seconds: Histogram::with_opts(
            HistogramOpts::new("extraction_duration_seconds", "Clip extraction time")
                .buckets(vec![0.5, 1.0, 5.0, 15.0, 60.0, 300.0, 900.0, 3600.0]),
        )?,
        extraction_bytes: IntCounter::new("extraction_bytes_total", "Bytes of clips extracted")?,
        store_errors: IntCounterVec::new(
            Opts::new(
                "store_errors_total",
                "Evidence store operations that failed",
            ),
            &["operation"],
        )?,
        pull_bytes: IntCounterVec::new(
            Opts::new(
                "recorder_pull_bytes_total",
                "Bytes pulled from each recorder",
            ),
            &["recorder"],
        )?,
        pull_seconds: HistogramVec::new(
            HistogramOpts::new(
                "recorder_pull_duration_seconds",
                "Time one playback session from a recorder took",
            )
            .buckets(vec![1.0, 5.0, 15.0, 60.0, 300.0, 900.0, 3600.0]),
            &["recorder"],
        )?,
        pull_failures: IntCounterVec::new(
            Opts::new(
                "recorder_pull_failures_total",
                "Pulls from each recorder that failed or were cut short",
            ),
            &["recorder"],
        )?,
        requests_by_state: IntGaugeVec::new(
            Opts::new("requests", "Footage requests by state"),
            &["state"],
        )?,
        queue_depth: IntGaugeVec::new(Opts::new("job_queue_depth", "Queued jobs"), &["kind"])?,
        queue_oldest_seconds: GaugeVec::new(
            Opts::new(
                "job_queue_oldest_age_seconds",
                "Age of the oldest queued job",
            ),
            &["kind"],
        )?,
        fulfilment_rate: GaugeVec::new(
            Opts::new(
                "fulfilment_rate",
                "Requests fulfilled on time / counted, deadlines in the last 30 days",
            ),
            &["iccc"],
        )?,
        registry,
    };
    m.registry.register(Box::new(m.http_seconds.clone()))?;
    m.registry
        .register(Box::new(m.extraction_seconds.clone()))?;
    m.registry.register(Box::new(m.extraction_bytes.clone()))?;
    m.registry.register(Box::new(m.store_errors.clone()))?;
    m.registry.register(Box::new(m.pull_bytes.clone()))?;
    m.registry.register(Box::new(m.pull_seconds.clone()))?;
    m.registry.register(Box::new(m.pull_failures.clone()))?;
    m.registry.register(Box::new(m.requests_by_state.clone()))?;
    m.registry.register(Box::new(m.queue_depth.clone()))?;
    m.registry
        .register(Box::new(m.queue_oldest_seconds.clone()))?;
    m.registry.register(Box::new(m.fulfilment_rate.clone()))?;
    Ok(m)
}

/// The process's metrics (`None` only if registration failed).
pub fn metrics() -> Option<&'static Metrics> {
    static M: OnceLock<Option<Metrics>> = OnceLock::new();
    M.get_or_init(|| build().ok()).as_ref()
}

/// Counts one playback session from `recorder`: its bytes and duration,
/// and whether it failed or was cut short.
pub fn recorder_pull(recorder: &str, bytes: u64, seconds: f64, failed: bool) {
    if let Some(m) = metrics() {
        m.pull_bytes.with_label_values(&[recorder]).inc_by(bytes);
        m.pull_seconds
            .with_label_values(&[recorder])
            .observe(seconds);
        if failed {
            m.pull_failures.with_label_values(&[recorder]).inc();
        }
    }
}

/// Refreshes the database-derived figures and renders the text format.
pub fn render(conn: &mut DbConnection) -> Result<String, crate::error::ApiError> {
    let m = metrics().ok_or_else(|| crate::error::ApiError::internal("metrics unavailable"))?;
    m.requests_by_state.reset();
    for (state, n) in requests::count_by_status(conn)? {
        m.requests_by_state
            .with_label_values(&[state.as_str()])
            .set(n);
    }
    m.queue_depth.reset();
    m.queue_oldest_seconds.reset();
    let now = Utc::now();
    for (kind, n, oldest) in jobs::queue_depth(conn)? {
        m.queue_depth.with_label_values(&[kind.as_str()]).set(n);
        if let Some(o) = oldest {
            let age = (now - time::from_db(o)).num_milliseconds() as f64 / 1000.0;
            m.queue_oldest_seconds
                .with_label_values(&[kind.as_str()])
                .set(age);
        }
    }
    m.fulfilment_rate.reset();
    let (by_iccc, _) = crate::sla::summary::figures(
        conn,
        crate::db::sla::GroupKey::Iccc,
        &crate::db::sla::Period {
            vis: &RequestVisibility::All,
            from: time::to_db(now - Duration::days(30)),
            to: time::to_db(now),
            as_of: time::to_db(now),
            open_only: false,
        },
    )?;
    for (iccc, figures) in by_iccc {
        if let Some(rate) = figures.fulfilment_rate {
            let code = organisations::find(conn, &iccc)?.map_or(iccc, |o| o.code);
            m.fulfilment_rate
                .with_label_values(&[code.as_str()])
                .set(rate);
        }
    }
    let mut buf = Vec::new();
    TextEncoder::new()
        .encode(&m.registry.gather(), &mut buf)
        .map_err(crate::error::ApiError::internal)?;
    String::from_utf8(buf).map_err(crate::error::ApiError::internal)
}
