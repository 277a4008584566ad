//! Evidence packages: who may take one (a user who may download the
//! clip, a court it was shared with, a secret link's holder), the custody
//! event that records each before a byte is sent, and what goes inside.

use crate::custody::{record, sequencer, NewCustody};
use crate::db::clips::{self, ClipRow};
use crate::db::{shares, DbConnection};
use crate::domain::authz::{Actor, EvidenceAction};
use crate::error::ApiError;
use crate::evidence::{certificate, certificate_facts, package};
use crate::state::Services;

/// A package to deliver: the clip, and the custody events it carries
/// (the download's own event last).
pub struct Granted {
    pub clip: ClipRow,
    pub events: Vec<String>,
}

/// A download through a share either goes ahead or is refused; a refusal
/// is recorded, so the caller commits it and then answers with the error.
pub type ShareOutcome = Result<Granted, ApiError>;

/// Records the `downloaded` event of a package for `clip`, inside the
/// caller's transaction. The event lists every earlier event the package
/// carries, so a verifier can tell that none was dropped. `extra` adds
/// details (a share).
pub fn record_event(
    c: &mut DbConnection,
    clip: &ClipRow,
    actor: Option<&str>,
    from: Option<String>,
    extra: serde_json::Value,
    bulk_per_hour: u32,
) -> Result<Vec<String>, ApiError> {
    crate::retention::erase::ensure_present(c, &clip.id)?;
    let mut ids = package::event_ids(c, clip)?;
    let mut details = serde_json::json!({ "what": "package", "events": ids });
    if let (Some(d), serde_json::Value::Object(more)) = (details.as_object_mut(), extra) {
        d.extend(more);
    }
    let own = record(
        c,
        NewCustody::new("downloaded")
            .request(&clip.request_id)
            .clip(&clip.id)
            .actor(actor)
            .sha256(&clip.sha256)
            .from_addr(from.clone())
            .details(details),
    )?;
    if let Some(user) = actor {
        crate::security::downloads::check(c, bulk_per_hour, user, from)?;
    }
    ids.push(own);
    Ok(ids)
}

/// A user who may download the clip takes its package.
pub fn for_user(
    c: &mut DbConnection,
    actor: &Actor,
    clip_id: &str,
    bulk_per_hour: u32,
) -> Result<Granted, ApiError> {
    let clip = super::evidence::load(c, actor, clip_id, EvidenceAction::Download)?;
    let events = record_event(
        c,
        &clip,
        Some(&actor.user_id),
        actor.client_ip.clone(),
        serde_json::json!({}),
        bulk_per_hour,
    )?;
    Ok(Granted { clip, events })
}

/// Counts a download through `share` and records it, or records why it
/// is refused (erased, revoked, expired, used up).
fn through_share(
    c: &mut DbConnection,
    share: &shares::ShareRow,
    actor: Option<&str>,
    from: Option<String>,
    extra: serde_json::Value,
    bulk_per_hour: u32,
) -> Result<ShareOutcome, ApiError> {
    let clip = clips::find(c, &share.clip_id)?.ok_or_else(|| ApiError::not_found("share"))?;
    if let Err(why) = crate::retention::erase::ensure_present(c, &clip.id)
        .and_then(|()| super::sharing::take_download(c, share))
    {
        super::sharing::record_refusal(c, share, &clip, actor, from, &why)?;
        return Ok(Err(why));
    }
    let events = record_event(c, &clip, actor, from, extra, bulk_per_hour)?;
    Ok(Ok(Granted { clip, events }))
}

/// A court user takes a package shared with their court; any other
/// share is 404 to them.
pub fn for_court(
    c: &mut DbConnection,
    actor: &Actor,
    share_id: &str,
    bulk_per_hour: u32,
) -> Result<ShareOutcome, ApiError> {
    let share = shares::find(c, share_id)?
        .filter(|s| {
            actor.may_receive_shares() && s.recipient_org_id.as_deref() == Some(&actor.org_id)
        })
        .ok_or_else(|| ApiError::not_found("share"))?;
    let extra = serde_json::json!({ "share_id": share.id });
    through_share(
        c,
        &share,
        Some(&actor.user_id),
        actor.client_ip.clone(),
        extra,
        bulk_per_hour,
    )
}

/// The holder of a secret link (no login) takes its package; the link
/// is known only by its SHA-256 (`token_hash`).
pub fn by_link(
    c: &mut DbConnection,
    token_hash: &str,
    from: Option<String>,
    bulk_per_hour: u32,
) -> Result<ShareOutcome, ApiError> {
    let share =
        shares::by_token_hash(c, token_hash)?.ok_or_else(|| ApiError::not_found("share"))?;
    let extra = serde_json::json!({ "share_id": share.id, "via": "link" });
    through_share(c, &share, None, from, extra, bulk_per_hour)
}

/// What goes into the package of `g`: the log is brought up to date and
/// signed first, so every event is proved against one checkpoint; the
/// BSA s.63 certificate is rendered from the signed manifest. Blocking.
pub fn contents(services: &Services, g: &Granted) -> Result<package::Contents, ApiError> {
    sequencer::sync(
        &services.db,
        &services.signer,
        services.settings.log_policy(true),
    )?;
    let mut conn = services.db.conn()?;
    let facts = certificate_facts::gather(&mut conn, &g.clip)?;
    let pdf = certificate::render(&facts).map_err(ApiError::internal)?;
    Ok(package::gather(&mut conn, &g.clip, &g.events, pdf)?)
}
