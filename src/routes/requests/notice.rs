//! `/api/v1/requests/{id}/notice`: the BNSS s.94 notice document behind a
//! request (`workflow::notice`).

use actix_web::http::header::{ContentDisposition, DispositionParam, DispositionType};
use actix_web::{get, put, web, HttpResponse};
use serde::Deserialize;

use crate::auth::Authenticated;
use crate::error::ApiError;
use crate::routes::receive::{receive, Scratch};
use crate::routes::requests::view::RequestDetail;
use crate::state::AppState;
use crate::workflow::notice;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct NoticeQuery {
    /// The document's file name, as the investigator's computer had it
    /// (its extension is replaced by the document's real one).
    pub name: Option<String>,
}

/// Attach the notice document (the body is the raw file, up to
/// `notice_max_bytes`), replacing an earlier one. It must be a PDF that
/// parses, or a JPEG or PNG that decodes, with nothing appended and no
/// active content; it is stored write-once and its SHA-256 goes into the
/// request's history.
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
    state
        .db
        .read(move |c| notice::attachable(c, &check, &rid))
        .await?;

    let scratch = Scratch(state.services.store.scratch_path(".notice"));
    receive(payload, &scratch, state.settings.notice_max_bytes).await?;
    let (path, store) = (scratch.0.clone(), state.services.store.clone());
    let (kind, stored) =
        tokio::task::spawn_blocking(move || notice::check_and_store(store.as_ref(), &path))
            .await
            .map_err(ApiError::internal)??;
    drop(scratch);

    let name = query.into_inner().name;
    let out = state
        .db
        .write(move |c| {
            let row = notice::attach(c, &actor, &id, kind, &stored, name.as_deref())?;
            crate::workflow::requests::gather(c, row)
        })
        .await?;
    Ok(HttpResponse::Ok().json(RequestDetail::from(out)))
}

/// Download the notice document, always as an attachment of its real
/// type. The read is recorded in the request's history, and the bytes are
/// checked against the recorded SHA-256 before they are sent.
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
    let served = state
        .db
        .write(move |c| notice::record_read(c, &actor, &id))
        .await?;
    let (store, row) = (state.services.store.clone(), served.row.clone());
    let bytes = tokio::task::spawn_blocking(move || notice::read_bytes(store.as_ref(), &row))
        .await
        .map_err(ApiError::internal)??;
    Ok(HttpResponse::Ok()
        .content_type(served.kind.media_type())
        .insert_header(ContentDisposition {
            disposition: DispositionType::Attachment,
            parameters: vec![DispositionParam::Filename(served.file_name)],
        })
        .insert_header(("X-Content-SHA256", served.row.sha256.to_string()))
        .body(bytes))
}
