use std::io::Write;

use actix_web::web::Bytes;
use actix_web::{get, web, HttpRequest, HttpResponse};
use tokio::sync::mpsc;

use super::get::load_accessible;
use crate::auth::Authenticated;
use crate::custody::{record, sequencer, NewCustody};
use crate::db::clips::ClipRow;
use crate::error::ApiError;
use crate::evidence::{certificate, package};
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
    req: HttpRequest,
    state: web::Data<AppState>,
    who: Authenticated,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let actor = who.0;
    let id = id.into_inner();
    let from = req.peer_addr().map(|a| a.ip().to_string());
    // The package's own event lists every earlier event it carries, so a
    // verifier can tell that none was dropped.
    let (clip, ids) = state
        .db
        .write(move |c| {
            let clip = load_accessible(c, &actor, &id)?;
            let mut ids = package::event_ids(c, &clip)?;
            let own = record(
                c,
                NewCustody::new("downloaded")
                    .request(&clip.request_id)
                    .clip(&clip.id)
                    .actor(Some(&actor.user_id))
                    .sha256(&clip.sha256)
                    .from_addr(from)
                    .details(serde_json::json!({ "what": "package", "events": ids })),
            )?;
            ids.push(own);
            Ok::<_, ApiError>((clip, ids))
        })
        .await?;
    let jobs = state.jobs.clone();
    let c2 = clip.clone();
    let contents = web::block(move || -> Result<package::Contents, ApiError> {
        sequencer::sync(&jobs.db, &jobs.signer, jobs.settings.log_policy(true))?;
        let mut conn = jobs.db.conn()?;
        let facts = certificate_facts(&mut conn, &c2)?;
        let pdf = certificate::render(&facts).map_err(ApiError::internal)?;
        Ok(package::gather(&mut conn, &c2, &ids, pdf)?)
    })
    .await
    .map_err(ApiError::internal)??;

    let (tx, rx) = mpsc::channel::<Result<Bytes, std::io::Error>>(8);
    let store = state.jobs.store.clone();
    let clip_id = clip.id.clone();
    std::thread::Builder::new()
        .name("sakshya-package".into())
        .spawn(move || {
            let sender = tx.clone();
            let result = (|| -> std::io::Result<()> {
                let mut reader = store
                    .open(&clip.storage_key)
                    .map_err(std::io::Error::other)?;
                package::write(ChannelWriter(sender), &contents, &mut reader).map_err(|e| {
                    tracing::error!(security.event = "evidence_damaged", clip.id = %clip.id, error = %e, "evidence package aborted");
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

/// Part A of the certificate: the operator who released the clip (who
/// approved the request, or uploaded the footage), the camera, the hashes.
fn certificate_facts(
    conn: &mut crate::db::DbConnection,
    clip: &ClipRow,
) -> Result<certificate::CertificateFacts, ApiError> {
    use crate::db::{cameras, manifests, organisations, requests, time, users};
    let camera =
        cameras::find(conn, &clip.camera_id)?.ok_or_else(|| ApiError::not_found("camera"))?;
    let req =
        requests::find(conn, &clip.request_id)?.ok_or_else(|| ApiError::not_found("request"))?;
    let iccc = organisations::find(conn, &req.iccc_id)?;
    let person_id = match &clip.created_by {
        Some(u) => Some(u.clone()),
        None => requests::approver(conn, &req.id)?,
    };
    let person = match person_id {
        Some(id) => users::find(conn, &id)?,
        None => None,
    };
    let manifest =
        manifests::find(conn, &clip.id)?.ok_or_else(|| ApiError::not_found("manifest"))?;
    let segments: Vec<(String, String)> =
        serde_json::from_str::<Vec<serde_json::Value>>(&clip.source_segments)
            .unwrap_or_default()
            .iter()
            .map(|s| {
                (
                    s["path"].as_str().unwrap_or("").to_owned(),
                    s["sha256"].as_str().unwrap_or("").to_owned(),
                )
            })
            .collect();
    let window = format!(
        "{} to {} (IST)",
        crate::evidence::manifest::ist(time::from_db(clip.actual_start)),
        crate::evidence::manifest::ist(time::from_db(clip.actual_end))
    );
    Ok(certificate::CertificateFacts {
        person_name: person
            .as_ref()
            .map_or_else(|| "ICCC operator".to_owned(), |p| p.display_name.clone()),
        person_role: person
            .as_ref()
            .map_or_else(|| "operator".to_owned(), |p| p.role.clone()),
        organisation: iccc
            .as_ref()
            .map_or_else(|| req.iccc_id.clone(), |o| o.name.clone()),
        place: iccc.as_ref().map_or_else(String::new, |o| o.city.clone()),
        camera_code: camera.code,
        camera_name: camera.name,
        camera_location: format!("{:.6}, {:.6}", camera.latitude, camera.longitude),
        make: camera.make,
        model: camera.model,
        serial: camera.serial,
        mac: camera.mac,
        clip_file: format!("{}{}.mp4", package::CLIP_PREFIX, clip.id),
        clip_sha256: clip.sha256.clone(),
        clip_size: u64::try_from(clip.size_bytes).unwrap_or(0),
        manifest_sha256: hex::encode(ring::digest::digest(
            &ring::digest::SHA256,
            manifest.manifest.as_bytes(),
        )),
        window,
        segments,
        produced_at: chrono::Utc::now(),
    })
}

/// Sends what the zip writer writes to the response, in 64 KiB chunks.
struct ChannelWriter(mpsc::Sender<Result<Bytes, std::io::Error>>);

impl Write for ChannelWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = buf.len().min(64 * 1024);
        self.0
            .blocking_send(Ok(Bytes::copy_from_slice(&buf[..n])))
            .map_err(|_| std::io::Error::other("the client went away"))?;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
