//! `sakshya serve`

use crate::app::Application;
use crate::config::Settings;

pub fn run(settings: &Settings) -> anyhow::Result<()> {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    rt.block_on(async {
        tracing::info!(config = %settings.summary(), "starting");
        let app = Application::build(settings)?;
        let url = format!("http://{}", display_addr(&settings.bind, app.port()));
        tracing::info!(url = %url, "listening");
        println!("Sakshya is serving at {url}  (API under {url}/api/v1, OpenAPI at {url}/api/v1/openapi.json)");
        app.run_until_stopped().await?;
        Ok(())
    })
}

fn display_addr(bind: &str, port: u16) -> String {
    let host = bind.rsplit_once(':').map_or(bind, |(h, _)| h);
    let host = if host == "0.0.0.0" || host.is_empty() {
        "127.0.0.1"
    } else {
        host
    };
    format!("{host}:{port}")
}

/// Waits for SIGTERM (what systemd and docker send) or SIGINT (Ctrl-C).
pub async fn stop_signal() -> std::io::Result<()> {
    let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())?;
    tokio::select! {
        r = tokio::signal::ctrl_c() => r,
        _ = term.recv() => Ok(()),
    }
}
