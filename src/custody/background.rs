//! The sequencer and the periodic full check, on a thread of the server.

use std::time::{Duration, Instant};

use super::{audit, sequencer};
use crate::periodic::Background;
use crate::state::Services;

/// Runs the sequencer every `sequencer_interval_ms` and the full audit
/// every `log_audit_interval_secs` among the server's background loops.
pub fn start(bg: &mut Background, ctx: Services) {
    let s = ctx.settings.clone();
    let every = Duration::from_millis(s.sequencer_interval_ms.max(10));
    let audit_every = Duration::from_secs(s.log_audit_interval_secs);
    let mut last_audit = Instant::now();
    bg.every("sequencer", every, move || {
        if let Err(e) = sequencer::sync(&ctx.db, &ctx.signer, s.log_policy(false)) {
            tracing::error!(security.event = "custody_log_failure", error = %e, "custody log sequencing failed");
        }
        if s.log_audit_interval_secs > 0 && last_audit.elapsed() >= audit_every {
            last_audit = Instant::now();
            run_audit(&ctx);
        }
    });
}

/// One full check, reported in the log (a failure is a security event).
pub fn run_audit(ctx: &Services) {
    let known = match ctx
        .db
        .conn()
        .map_err(super::LogError::from)
        .and_then(|mut c| {
            crate::signing::registry::list(&mut c)
                .map_err(super::LogError::from)
                .map(|rows| verifiers(&rows))
        }) {
        Ok(k) => k,
        Err(e) => {
            tracing::warn!(error = %e, "custody log check could not start");
            return;
        }
    };
    match ctx
        .db
        .conn()
        .map_err(super::LogError::from)
        .and_then(|mut c| audit::audit(&mut c, &known))
    {
        Ok(r) if r.is_clean() => {
            tracing::info!(
                log.size = r.size,
                log.checkpoint = r.checkpoint_size,
                "custody log checked"
            )
        }
        Ok(r) => {
            for p in &r.problems {
                tracing::error!(security.event = "custody_log_tampered", problem = %p, "custody log check failed");
            }
            let problems: Vec<String> = r.problems.iter().take(20).map(|p| p.to_string()).collect();
            let ev = crate::security::SecurityEvent::new(crate::security::Kind::LogAuditFailed)
                .detail(serde_json::json!({ "problems": problems, "count": r.problems.len() }));
            if let Err(e) = ctx.db.write_blocking(|c| {
                crate::security::record(c, ev).map_err(crate::db::DbError::from)
            }) {
                tracing::error!(error = %e, "could not record the failed log check as a security event");
            }
        }
        Err(e) => tracing::warn!(error = %e, "custody log check failed to run"),
    }
}

/// Signed-note verifiers for every published key.
pub fn verifiers(rows: &[crate::signing::registry::KeyRow]) -> Vec<crate::tlog::Verifier> {
    rows.iter()
        .filter_map(|r| {
            let public = r.public()?;
            crate::tlog::Verifier::new(&r.name, public).ok()
        })
        .collect()
}
