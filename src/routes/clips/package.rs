use std::io::Write;

use actix_web::web::Bytes;
use actix_web::{get, web, HttpResponse};
use tokio::sync::mpsc;

use crate::auth::Authenticated;
use crate::error::ApiError;
use crate::evidence::package;
use crate::state::AppState;
use crate::workflow::packages;

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
    let reader = Reader {
        actor: Some(actor.user_id.clone()),
        from: actor.client_ip.clone(),
    };
    let bulk = state.settings.bulk_download_per_hour;
    let granted = state
        .db
        .write(move |c| packages::for_user(c, &actor, &id, bulk))
        .await?;
    deliver(&state, granted, reader).await
}

/// Who is reading a package, for the record if its bytes prove damaged.
pub struct Reader {
    pub actor: Option<String>,
    pub from: Option<String>,
}

/// Streams the package `g` (its custody event already committed). A
/// damaged clip found while streaming is reported as a security event.
pub async fn deliver(
    state: &AppState,
    g: packages::Granted,
    reader: Reader,
) -> Result<HttpResponse, ApiError> {
    let services = state.services.clone();
    let (contents, g) =
        web::block(move || packages::contents(&services, &g).map(|contents| (contents, g)))
            .await
            .map_err(ApiError::internal)??;
    let clip = g.clip;

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
