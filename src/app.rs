//! Building and running the HTTP application. `Application::build` binds
//! the listener first, so tests can ask for port 0 and learn the real port.

use std::net::TcpListener;
use std::sync::Arc;

use actix_web::dev::Server;
use actix_web::middleware::{DefaultHeaders, NormalizePath, TrailingSlash};
use actix_web::{web, App, HttpServer};
use anyhow::Context;
use tracing_actix_web::TracingLogger;

use crate::auth::TokenKeys;
use crate::config::Settings;
use crate::db::Db;
use crate::jobs::{runner, Worker};
use crate::recordings::indexer::{self, IndexPolicy};
use crate::routes::{self, extract_errors};
use crate::state::AppState;
use crate::state::Services;

pub struct Application {
    port: u16,
    server: Server,
    /// The background loops and workers, stopped (and drained) after the
    /// HTTP server has stopped.
    background: crate::periodic::Background,
    /// The monitoring listener (`metrics_bind`), if configured.
    metrics: Option<(u16, Server)>,
    state: AppState,
}

/// Opens the database, applies migrations and loads the token key.
pub fn prepare(settings: &Settings) -> anyhow::Result<AppState> {
    let db = Db::connect(&settings.database_url, settings.db_pool_size)
        .with_context(|| format!("connecting to {}", settings.database_url_redacted()))?;
    let mut conn = db.conn()?;
    let applied = crate::sla::stored::migrate(&mut conn)
        .map_err(|e| anyhow::anyhow!("migrations failed: {e}"))?;
    drop(conn);
    if applied > 0 {
        tracing::info!(migrations.applied = applied, "database migrated");
    }
    let keys = TokenKeys::load_or_create(
        &settings.token_key_path(),
        &settings.token_issuer,
        &settings.token_audience,
        settings.access_token_ttl_secs,
    )?;
    let settings = Arc::new(settings.clone());
    let services =
        Services::new(db.clone(), settings.clone()).context("checking the evidence store")?;
    let c = &services.store_check;
    tracing::info!(store.location = %c.location, store.writable = c.writable, store.object_lock = ?c.object_lock, store.versioning = ?c.versioning, "evidence store checked");
    Ok(AppState {
        db,
        keys: Arc::new(keys),
        verify_limiter: Arc::new(crate::state::ip_limiter(settings.verify_per_minute)),
        login_limiter: Arc::new(crate::state::ip_limiter(settings.login_per_minute)),
        sessions_ended: tokio::sync::broadcast::channel(256).0,
        trusted_proxies: crate::client_addr::TrustedProxies::parse(&settings.trusted_proxies)
            .map_err(|e| anyhow::anyhow!(e))?,
        settings,
        services,
    })
}

impl Application {
    pub fn build(settings: &Settings) -> anyhow::Result<Self> {
        let listener = TcpListener::bind(&settings.bind)
            .with_context(|| format!("binding {}", settings.bind))?;
        let port = listener.local_addr()?.port();
        let mut settings = settings.clone();
        if settings.public_url.is_none() {
            settings.public_url = Some(format!("http://{}", listener.local_addr()?));
        }
        let settings = &settings;
        let state = prepare(settings)?;
        let server = serve(listener, state.clone())?;
        let metrics = match &settings.metrics_bind {
            Some(addr) => {
                let l = TcpListener::bind(addr)
                    .with_context(|| format!("binding the metrics address {addr}"))?;
                let port = l.local_addr()?.port();
                Some((port, serve_metrics(l, state.clone())?))
            }
            None => None,
        };
        let background = start_background(&state);
        Ok(Self {
            port,
            server,
            background,
            metrics,
            state,
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// The port of the separate metrics listener, when `metrics_bind` is set.
    pub fn metrics_port(&self) -> Option<u16> {
        self.metrics.as_ref().map(|(p, _)| *p)
    }

    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// Serves until SIGTERM or SIGINT (actix-web stops accepting and lets
    /// requests in flight finish), then stops the background loops and
    /// waits up to `shutdown_grace_secs` for jobs in progress to finish.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let served = match self.metrics {
            Some((_, metrics)) => tokio::try_join!(self.server, metrics).map(|_| ()),
            None => self.server.await,
        };
        let grace = std::time::Duration::from_secs(self.state.settings.shutdown_grace_secs);
        let background = self.background;
        tracing::info!(
            grace_secs = grace.as_secs(),
            "stopping: draining jobs in progress"
        );
        let left = tokio::task::spawn_blocking(move || background.stop(grace))
            .await
            .unwrap_or_default();
        if left.is_empty() {
            tracing::info!("stopped cleanly");
        } else {
            tracing::warn!(still_running = ?left, "stopped with work in progress; its jobs will be taken over");
        }
        served
    }
}

/// Starts the in-process job workers, the recordings indexer and the
/// periodic tasks the settings ask for.
fn start_background(state: &AppState) -> crate::periodic::Background {
    let mut bg = crate::periodic::Background::new();
    let s = &state.settings;
    if s.job_workers > 0 {
        runner::spawn_workers(&mut bg, Worker::new(state.services.clone()), s.job_workers);
    }
    if s.demo_recorder {
        let cameras = crate::demo::CAMERAS
            .iter()
            .map(|c| {
                (
                    crate::demo::ICCC.to_owned(),
                    c.0.to_owned(),
                    format!("{} {}", c.0, c.1),
                )
            })
            .collect();
        crate::demo_footage::spawn_recorder(
            &mut bg,
            state.services.layout.clone(),
            cameras,
            s.demo_segment_secs,
            Default::default(),
        );
        crate::demo_footage::spawn_recorder(
            &mut bg,
            crate::demo_nvr::layout(&s.data_dir),
            crate::demo_nvr::folders(),
            s.demo_segment_secs,
            Default::default(),
        );
    }
    if s.sequencer_interval_ms > 0 {
        crate::custody::background::start(&mut bg, state.services.clone());
    }
    if s.alert_interval_secs > 0 {
        crate::alerts::start(&mut bg, state.services.clone());
    }
    if s.retention_interval_secs > 0 {
        crate::retention::start(&mut bg, state.services.clone());
    }
    if s.recorder_check_secs > 0 {
        crate::recorders::watch::start(&mut bg, state.services.clone());
    }
    if s.index_interval_secs > 0 {
        let (db, layout) = (state.db.clone(), state.services.layout.clone());
        let policy = index_policy(s);
        let every = std::time::Duration::from_secs(u64::from(s.index_interval_secs));
        bg.every("indexer", every, move || {
            match indexer::scan_once(&db, &layout, &policy) {
                Ok(r) if r.indexed > 0 => tracing::info!(
                    segments.indexed = r.indexed,
                    segments.damaged = r.damaged,
                    "recordings indexed"
                ),
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "index scan failed"),
            }
        });
    }
    bg
}

pub fn index_policy(s: &Settings) -> IndexPolicy {
    IndexPolicy {
        settle: std::time::Duration::from_secs(u64::from(s.index_settle_secs)),
        offline_after: chrono::Duration::seconds(i64::from(s.camera_offline_after_secs)),
        iccc: None,
    }
}

/// The monitoring listener: `GET /metrics` only, without a token (the
/// address itself is the protection: bind it to the monitoring network).
fn serve_metrics(listener: TcpListener, state: AppState) -> anyhow::Result<Server> {
    let data = web::Data::new(state);
    let server = HttpServer::new(move || {
        App::new()
            .app_data(data.clone())
            .service(routes::metrics::scrape::scrape_open)
            .default_service(web::to(extract_errors::not_found))
    })
    .workers(1)
    .listen(listener)?;
    Ok(server.run())
}

/// Headers on every response: no sniffing, no caching (evidence and
/// tokens), no referrer, no framing, no cross-origin embedding or opener,
/// no powerful browser features; HSTS when configured. The portal's pages
/// add their Content-Security-Policy.
fn security_headers(hsts: Option<&str>) -> DefaultHeaders {
    let headers = DefaultHeaders::new()
        .add(("X-Content-Type-Options", "nosniff"))
        .add(("Cache-Control", "no-store"))
        .add(("Referrer-Policy", "no-referrer"))
        .add(("X-Frame-Options", "DENY"))
        .add(("Cross-Origin-Opener-Policy", "same-origin"))
        .add(("Cross-Origin-Resource-Policy", "same-origin"))
        .add((
            "Permissions-Policy",
            "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
        ));
    match hsts {
        Some(v) => headers.add(("Strict-Transport-Security", v.to_owned())),
        None => headers,
    }
}

fn serve(listener: TcpListener, state: AppState) -> anyhow::Result<Server> {
    let workers = state.settings.http_workers;
    let json_limit = state.settings.json_limit_bytes;
    let hsts = (state.settings.hsts_max_age_secs > 0)
        .then(|| format!("max-age={}", state.settings.hsts_max_age_secs));
    let data = web::Data::new(state);
    let mut server = HttpServer::new(move || {
        App::new()
            .wrap(security_headers(hsts.as_deref()))
            .wrap_fn(|req, srv| {
                // Latency by route pattern (never the raw path, which
                // would carry ids and link secrets).
                let started = std::time::Instant::now();
                let method = req.method().to_string();
                let fut = actix_web::dev::Service::call(srv, req);
                async move {
                    let res = fut.await?;
                    if let Some(m) = crate::metrics::metrics() {
                        let route = res
                            .request()
                            .match_pattern()
                            .unwrap_or_else(|| "unmatched".into());
                        m.http_seconds
                            .with_label_values(&[
                                method.as_str(),
                                route.as_str(),
                                res.status().as_str(),
                            ])
                            .observe(started.elapsed().as_secs_f64());
                    }
                    Ok(res)
                }
            })
            .wrap(NormalizePath::new(TrailingSlash::Trim))
            .wrap(TracingLogger::<crate::telemetry::RequestSpan>::new())
            .app_data(data.clone())
            .app_data(extract_errors::json_config(json_limit))
            .app_data(extract_errors::query_config())
            .app_data(extract_errors::path_config())
            .app_data(web::PayloadConfig::new(json_limit))
            .configure(routes::configure)
            .default_service(web::to(extract_errors::not_found))
    })
    .listen(listener)?;
    if workers > 0 {
        server = server.workers(workers);
    }
    Ok(server.run())
}
