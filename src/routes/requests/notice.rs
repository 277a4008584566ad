//! `/api/v1/requests/{id}/notice`: the BNSS s.94 notice document behind a
//! request (a PDF, or a JPEG or PNG scan). The filing station attaches it
//! while the request is a draft; everyone who may see the request may read
//! it, and every attachment and every read is in the request's history.

use std::io::Read;

use actix_web::http::header::{ContentDisposition, DispositionParam, DispositionType};
use actix_web::http::StatusCode;
use actix_web::{get, put, web, HttpResponse};
use serde::Deserialize;

use crate::auth::Authenticated;
use crate::db::notices::{self, NoticeRow};
use crate::db::requests::{self, NewEvent, RequestRow};
use crate::db::{time, DbConnection};
use crate::domain::authz::Actor;
use crate::domain::lifecycle::RequestStatus;
use crate::domain::role::Role;
use crate::error::{code, ApiError};
use crate::routes::receive::{receive, Scratch};
use crate::routes::requests::get::detail;
use crate::state::AppState;
use crate::workflow::transition::load_visible;

/// The document types a notice may be, by their first bytes.
const KINDS: [(&[u8], &str); 3] = [
    (b"%PDF-", "application/pdf"),
    (&[0xFF, 0xD8, 0xFF], "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
];

/// The media type of a document that starts with `head`.
pub fn sniff(head: &[u8]) -> Option<&'static str> {
    KINDS
        .iter()
        .find(|(magic, _)| head.starts_with(magic))
        .map(|(_, t)| *t)
}

/// A file name safe to store and to send back in `Content-Disposition`:
/// letters, digits, `.`, `-`, `_` and spaces, at most 120 characters.
pub fn clean_name(name: Option<&str>, media_type: &str) -> String {
    let cleaned: String = name
        .unwrap_or_default()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | ' '))
        .take(120)
        .collect();
    let cleaned = cleaned.trim().trim_start_matches('.').to_owned();
    if cleaned.is_empty() {
        let ext = media_type.rsplit('/').next().unwrap_or("bin");
        format!("notice.{ext}")
    } else {
        cleaned
    }
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct NoticeQuery {
    /// The document's file name, as the investigator's computer had it.
    pub name: Option<String>,
}

/// The request, if `actor` may attach its notice: an investigator of the
/// filing station, while the request is a draft.
fn load_draft(conn: &mut DbConnection, actor: &Actor, id: &str) -> Result<RequestRow, ApiError> {
    let req = load_visible(conn, actor, id)?;
    if actor.role != Role::Investigator || actor.org_id != req.station_id {
        return Err(ApiError::forbidden(
            "only an investigator of the filing station attaches the notice",
        ));
    }
    let status: RequestStatus = req.status.parse()?;
    if status != RequestStatus::Draft {
        return Err(ApiError::conflict(
            code::INVALID_TRANSITION,
            format!("the request is {status}; the notice is attached while it is a draft"),
        ));
    }
    Ok(req)
}

/// Attach the notice document (the body is the raw file, up to
/// `notice_max_bytes`), replacing an earlier one. The file is stored
/// write-once and its SHA-256 goes into the request's history.
#[utoipa::path(put, path = "/api/v1/requests/{id}/notice", tag = "requests", params(NoticeQuery),
    request_body(content = Vec<u8>, content_type = "application/octet-stream", description = "the document: PDF, JPEG or PNG (recognised by its first bytes)"), security(("bearer" = [])), responses(
    (status = 200, body = crate::routes::requests::view::RequestDetail),
    (status = 403, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody),
    (status = 409, description = "invalid_transition", body = crate::error::ErrorBody),
    (status = 413, description = "upload_too_large", body = crate::error::ErrorBody),
    (status = 415, description = "unsupported_media_type", body = crate::error::ErrorBody)))]
#[put("/requests/{id}/notice")]
pub async fn attach_notice(
    state: web::Data<AppState>,
    who: Authenticated,
    id: web::Path<String>,
    query: web::Query<NoticeQuery>,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    let actor = who.0;
    let id = id.into_inner();
    // Check before reading a byte, so a refused upload stores nothing.
    let (check, rid) = (actor.clone(), id.clone());
    state.db.read(move |c| load_draft(c, &check, &rid)).await?;

    let scratch = Scratch(state.jobs.store.scratch_path(".notice"));
    receive(payload, &scratch, state.settings.notice_max_bytes).await?;
    let (path, store) = (scratch.0.clone(), state.jobs.store.clone());
    let (media_type, stored) = tokio::task::spawn_blocking(move || {
        let mut head = [0u8; 8];
        let n = std::fs::File::open(&path)
            .and_then(|mut f| f.read(&mut head))
            .map_err(ApiError::internal)?;
        let media_type = sniff(&head[..n]).ok_or_else(|| {
            ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                code::UNSUPPORTED_MEDIA_TYPE,
                "the notice must be a PDF, JPEG or PNG document",
            )
        })?;
        let stored = store.adopt(&path).map_err(ApiError::internal)?;
        Ok::<_, ApiError>((media_type, stored))
    })
    .await
    .map_err(ApiError::internal)??;
    drop(scratch);

    let name = clean_name(query.name.as_deref(), media_type);
    let out = state
        .db
        .write(move |c| {
            let req = load_draft(c, &actor, &id)?;
            let now = time::now();
            notices::attach(
                c,
                &NoticeRow {
                    id: uuid::Uuid::now_v7().to_string(),
                    request_id: req.id.clone(),
                    sha256: stored.sha256.clone(),
                    size_bytes: i64::try_from(stored.size).unwrap_or(i64::MAX),
                    media_type: media_type.to_owned(),
                    file_name: name.clone(),
                    storage_key: stored.key.clone(),
                    uploaded_by: actor.user_id.clone(),
                    uploaded_at: now,
                },
            )?;
            requests::insert_event(
                c,
                &NewEvent::note(
                    &req,
                    &actor,
                    "notice_attached",
                    format!(
                        "{name}: {media_type}, {} bytes, sha256 {}",
                        stored.size, stored.sha256
                    ),
                ),
            )?;
            let row = requests::find(c, &req.id)?.ok_or_else(|| ApiError::not_found("request"))?;
            detail(c, row)
        })
        .await?;
    Ok(HttpResponse::Ok().json(out))
}

/// Download the notice document. The read is recorded in the request's
/// history, and the bytes are checked against the recorded SHA-256 before
/// they are sent.
#[utoipa::path(get, path = "/api/v1/requests/{id}/notice", tag = "requests", security(("bearer" = [])), responses(
    (status = 200, description = "the notice document"),
    (status = 404, body = crate::error::ErrorBody)))]
#[get("/requests/{id}/notice")]
pub async fn get_notice(
    state: web::Data<AppState>,
    who: Authenticated,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let actor = who.0;
    let id = id.into_inner();
    let notice = state
        .db
        .write(move |c| {
            let req = load_visible(c, &actor, &id)?;
            let notice = notices::find(c, &req.id)?.ok_or_else(|| ApiError::not_found("notice"))?;
            requests::insert_event(
                c,
                &NewEvent::note(
                    &req,
                    &actor,
                    "notice_read",
                    format!("sha256 {}", notice.sha256),
                ),
            )?;
            Ok::<_, ApiError>(notice)
        })
        .await?;
    let (store, key, want) = (
        state.jobs.store.clone(),
        notice.storage_key.clone(),
        notice.sha256.clone(),
    );
    let bytes = tokio::task::spawn_blocking(move || {
        let mut bytes = Vec::new();
        store
            .open(&key)
            .map_err(ApiError::internal)?
            .read_to_end(&mut bytes)
            .map_err(ApiError::internal)?;
        if crate::digest::sha256_hex(&bytes) != want {
            return Err(ApiError::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                code::EVIDENCE_DAMAGED,
                "the stored notice no longer matches its recorded SHA-256",
            ));
        }
        Ok(bytes)
    })
    .await
    .map_err(ApiError::internal)??;
    Ok(HttpResponse::Ok()
        .content_type(notice.media_type.as_str())
        .insert_header(ContentDisposition {
            disposition: DispositionType::Attachment,
            parameters: vec![DispositionParam::Filename(notice.file_name.clone())],
        })
        .insert_header(("X-Content-SHA256", notice.sha256.clone()))
        .body(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_are_known_by_their_first_bytes() {
        assert_eq!(sniff(b"%PDF-1.7\n"), Some("application/pdf"));
        assert_eq!(sniff(&[0xFF, 0xD8, 0xFF, 0xE0]), Some("image/jpeg"));
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n"), Some("image/png"));
        assert_eq!(sniff(b"<html>"), None);
        assert_eq!(sniff(b""), None);
    }

    #[test]
    fn names_are_cleaned_and_never_empty() {
        assert_eq!(
            clean_name(Some("s94 notice.pdf"), "application/pdf"),
            "s94 notice.pdf"
        );
        assert_eq!(
            clean_name(Some("../../etc/passwd"), "application/pdf"),
            "etcpasswd"
        );
        assert_eq!(
            clean_name(Some("a\"b;c\r\n.pdf"), "application/pdf"),
            "abc.pdf"
        );
        assert_eq!(clean_name(None, "image/png"), "notice.png");
        assert_eq!(clean_name(Some("..."), "image/jpeg"), "notice.jpeg");
        assert_eq!(clean_name(Some(&"x".repeat(500)), "image/png").len(), 120);
    }
}
