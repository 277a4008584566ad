use std::io::Write;

use actix_web::web::Bytes;
use actix_web::{get, web, HttpResponse};
use tokio::sync::mpsc;

use super::get::load_accessible;
use crate::auth::Authenticated;
use crate::custody::{record, sequencer, NewCustody};
use crate::db::clips::ClipRow;
use crate::error::ApiError;
use crate::evidence::{certificate, certificate_facts, package};
use crate::state::AppState;

/// The evidence package (zip): the clip, its signed manifest, the public
/// key, its custody events with a C2SP tlog-proof each, the checkpoint,
/// the BSA s.63 certificate and VERIFY.txt. Streamed. Recorded as a
/// custody event before the first byte is sent.
#[utoipa::path(get, path = "/api/v1/clips/{id}/package", tag = "integrity", security(("bearer" = [])), responses(
    (status = 200, description = "the package", content_type = "application/zip"),
    (status = 403, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody)))]
#[get("/clips/{id}/package")]
pub async fn clip_package(
    state: web::Data<AppState>,
    who: Authenticated,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let actor = who.0;
    let id = id.into_inner();
    let from = actor.client_ip.clone();
    let reader = Reader {
        actor: Some(actor.user_id.clone()),
        from: from.clone(),
    };
    let bulk = state.settings.bulk_download_per_hour;
    let (clip, ids) = state
        .db
        .write(move |c| {
            let clip = load_accessible(c, &actor, &id)?;
            let ids = record_package_event(
                c,
                &clip,
                Some(&actor.user_id),
                from,
                serde_json::json!({}),
                bulk,
            )?;
            Ok::<_, ApiError>((clip, ids))
        })
        .await?;
    deliver(&state, clip, ids, reader).await
}

/// Who is reading a package, for the record if its bytes prove damaged.
pub struct Reader {
    pub actor: Option<String>,
    pub from: Option<String>,
}

/// Records the `downloaded` event of a package for `clip`, inside the
/// caller's transaction. The event lists every earlier event the package
/// carries, so a verifier can tell that none was dropped. Returns the
/// package's event ids, its own last. `extra` adds details (a share).
pub fn record_package_event(
    c: &mut crate::db::DbConnection,
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

/// Streams the package of `clip` carrying the events `ids` (see
/// [`record_package_event`]): the log is brought up to date and signed
/// first, so every event is proved against one checkpoint.
pub async fn deliver(
    state: &AppState,
    clip: ClipRow,
    ids: Vec<String>,
    reader: Reader,
) -> Result<HttpResponse, ApiError> {
    let jobs = state.services.clone();
    let c2 = clip.clone();
    let contents = web::block(move || -> Result<package::Contents, ApiError> {
        sequencer::sync(&jobs.db, &jobs.signer, jobs.settings.log_policy(true))?;
        let mut conn = jobs.db.conn()?;
        let facts = certificate_facts::gather(&mut conn, &c2)?;
        let pdf = certificate::render(&facts).map_err(ApiError::internal)?;
        Ok(package::gather(&mut conn, &c2, &ids, pdf)?)
    })
    .await
    .map_err(ApiError::internal)??;

    let (tx, rx) = mpsc::channel::<Result<Bytes, std::io::Error>>(8);
    let store = state.services.store.clone();
    let db = state.db.clone();
    let clip_id = clip.id.clone();
    std::thread::Builder::new()
        .name("sakshya-package".into())
        .spawn(move || {
            let sender = tx.clone();
            let result = (|| -> std::io::Result<()> {
                let mut bytes = store
                    .open(&clip.storage_key)
                    .map_err(std::io::Error::other)?;
                package::write(ChannelWriter(sender), &contents, &mut bytes).map_err(|e| {
                    // Damage is a security event; a client that went away
                    // is not damage, and neither is a store that failed.
                    if let Some(d) = package::Damaged::in_error(&e) {
                        crate::security::damage::report(
                            &db,
                            crate::security::damage::Found {
                                clip_id: &clip.id,
                                what: "package",
                                recorded_sha256: &clip.sha256,
                                found_sha256: Some(&d.sha256),
                                found_size: Some(d.size),
                                actor: reader.actor.as_deref(),
                                client_ip: reader.from.clone(),
                            },
                        );
                    } else if is_client_gone(&e) {
                        tracing::info!(clip.id = %clip.id, "the client stopped reading the package");
                    } else {
                        tracing::warn!(clip.id = %clip.id, error = %e, "evidence package aborted");
                    }
                    std::io::Error::other(e)
                })?;
                Ok(())
            })();
            if let Err(e) = result {
                let _ = tx.blocking_send(Err(e));
            }
        })
        .map_err(ApiError::internal)?;
    let body = futures_util::stream::unfold(rx, |mut rx| async move {
        rx.recv().await.map(|item| (item, rx))
    });
    Ok(HttpResponse::Ok()
        .content_type("application/zip")
        .insert_header((
            "Content-Disposition",
            format!("attachment; filename=\"sakshya-evidence-{clip_id}.zip\""),
        ))
        .streaming(body))
}

/// The error [`ChannelWriter`] gives once the response is gone.
#[derive(Debug, thiserror::Error)]
#[error("the client went away")]
struct ClientGone;

fn is_client_gone(e: &zip::result::ZipError) -> bool {
    matches!(e, zip::result::ZipError::Io(io) if io.get_ref().is_some_and(|i| i.is::<ClientGone>()))
}

/// Sends what the zip writer writes to the response, in 64 KiB chunks.
struct ChannelWriter(mpsc::Sender<Result<Bytes, std::io::Error>>);

impl Write for ChannelWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = buf.len().min(64 * 1024);
        self.0
            .blocking_send(Ok(Bytes::copy_from_slice(&buf[..n])))
            .map_err(|_| std::io::Error::other(ClientGone))?;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
