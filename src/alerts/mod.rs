//! Alerts on open requests: a deadline or the overwriting of unpreserved
//! footage within a margin, and a deadline breached. `sweep` creates the
//! in-app notifications (once per threshold crossing: a notification is
//! unique per user, request, kind and the moment it warns of);
//! `email::deliver` then emails those not yet emailed, when SMTP is set.

pub mod email;
pub mod notify;
pub mod sweep;

pub use sweep::{sweep, SweepReport};

/// Runs a sweep and email delivery every `alert_interval_secs` among the
/// server's background loops.
pub fn start(bg: &mut crate::periodic::Background, ctx: crate::state::Services) {
    let every = std::time::Duration::from_secs(ctx.settings.alert_interval_secs.max(1));
    let mailer = match email::Mailer::from_settings(&ctx.settings) {
        Ok(m) => m,
        Err(e) => {
            tracing::error!(error = %e, "SMTP is misconfigured; alerts are not emailed");
            None
        }
    };
    bg.every("alerts", every, move || run_once(&ctx, mailer.as_ref()));
}

/// One sweep and one delivery round, logging what happened.
pub fn run_once(ctx: &crate::state::Services, mailer: Option<&email::Mailer>) {
    let now = chrono::Utc::now();
    match ctx.db.write_blocking(|c| sweep(c, &ctx.settings, now)) {
        Ok(r) if r.created > 0 => tracing::info!(
            alerts.created = r.created,
            alerts.requests = r.requests,
            "alerts created"
        ),
        Ok(_) => {}
        Err(e) => tracing::warn!(error = %e, "alert sweep failed"),
    }
    if let Some(m) = mailer {
        match email::deliver(&ctx.db, m) {
            Ok(0) => {}
            Ok(n) => tracing::info!(alerts.emailed = n, "alerts emailed"),
            Err(e) => tracing::warn!(error = %e, "emailing alerts failed"),
        }
    }
}
