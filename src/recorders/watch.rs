//! The recorder watch: every `recorder_check_secs` each networked
//! recorder is checked (reachable, account accepted, clock offset, what
//! it is) and asked for the oldest footage each mapped channel still
//! holds, which the overwrite estimates, the at-risk list and the
//! `overwrite_near` alert use. A recorder that does not answer is marked
//! so with its error, and its cameras show it.

use std::time::Duration;

use crate::state::Services;

pub fn start(bg: &mut crate::periodic::Background, ctx: Services) {
    let every = Duration::from_secs(ctx.settings.recorder_check_secs.max(10));
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build();
    let runtime = match runtime {
        Ok(r) => r,
        Err(e) => {
            tracing::error!(error = %e, "the recorder watch cannot start");
            return;
        }
    };
    bg.every("recorders", every, move || {
        match runtime.block_on(crate::workflow::recorders::check_all(
            &ctx.db,
            &ctx.recorder_key,
            ctx.settings.recorder_timeout(),
            None,
        )) {
            Ok((ok, total)) if ok < total => tracing::warn!(
                recorders.answered = ok,
                recorders.total = total,
                "recorder watch"
            ),
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e.message, "recorder watch failed"),
        }
    });
}
