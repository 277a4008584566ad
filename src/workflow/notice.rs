//! The BNSS s.94 notice document behind a request (a PDF, or a JPEG or
//! PNG scan): attached by an investigator of the filing station while the
//! request is a draft, read by everyone who may see the request. It is
//! checked to be only the document it claims (`documents`), stored
//! write-once like a clip, and every attachment and read is in the
//! request's history.

use std::io::Read;
use std::path::Path;

use super::transition::load_visible;
use crate::db::notices::{self, NoticeRow};
use crate::db::requests::{self, NewEvent, RequestRow};
use crate::db::{time, DbConnection};
use crate::documents::{self, DocKind};
use crate::domain::authz::Actor;
use crate::domain::lifecycle::RequestStatus;
use crate::error::{code, ApiError};
use crate::storage::{EvidenceStore, StoredObject};

/// The request, if `actor` may attach its notice: an investigator of the
/// filing station, while the request is a draft.
pub fn attachable(
    conn: &mut DbConnection,
    actor: &Actor,
    id: &str,
) -> Result<RequestRow, ApiError> {
    let req = load_visible(conn, actor, id)?;
    super::enforce(
        actor.may_attach_notice(&super::transition::scope(&req)),
        "request",
    )?;
    let status = req.status;
    if status != RequestStatus::Draft {
        return Err(ApiError::conflict(
            code::INVALID_TRANSITION,
            format!("the request is {status}; the notice is attached while it is a draft"),
        ));
    }
    Ok(req)
}

fn unsupported(message: String) -> ApiError {
    ApiError::new(code::UNSUPPORTED_MEDIA_TYPE, message)
}

/// Checks the received file at `path` and stores it (blocking): its kind,
/// and the stored object. A refused file is deleted.
pub fn check_and_store(
    store: &dyn EvidenceStore,
    path: &Path,
) -> Result<(DocKind, StoredObject), ApiError> {
    let checked = (|| {
        let mut bytes = Vec::new();
        std::fs::File::open(path)
            .and_then(|mut f| f.read_to_end(&mut bytes))
            .map_err(ApiError::internal)?;
        let kind = DocKind::sniff(&bytes)
            .ok_or_else(|| unsupported("the notice must be a PDF, JPEG or PNG document".into()))?;
        documents::validate(kind, &bytes).map_err(|r| unsupported(r.0))?;
        Ok::<_, ApiError>(kind)
    })();
    match checked {
        Ok(kind) => Ok((kind, store.adopt(path).map_err(ApiError::internal)?)),
        Err(e) => {
            let _ = std::fs::remove_file(path);
            Err(e)
        }
    }
}

/// Records the stored notice on the request (replacing an earlier one).
pub fn attach(
    conn: &mut DbConnection,
    actor: &Actor,
    id: &str,
    kind: DocKind,
    stored: &StoredObject,
    name: Option<&str>,
) -> Result<RequestRow, ApiError> {
    let req = attachable(conn, actor, id)?;
    let name = documents::file_name(name, kind);
    notices::attach(
        conn,
        &NoticeRow {
            id: uuid::Uuid::now_v7().to_string(),
            request_id: req.id.to_string(),
            sha256: stored.sha256.parse().map_err(ApiError::internal)?,
            size_bytes: i64::try_from(stored.size).unwrap_or(i64::MAX),
            media_type: kind.media_type().to_owned(),
            file_name: name.clone(),
            storage_key: stored.key.clone(),
            uploaded_by: actor.user_id.clone(),
            uploaded_at: time::now(),
        },
    )?;
    crate::workflow::history::record(
        conn,
        &NewEvent::note(
            &req,
            actor,
            "notice_attached",
            format!(
                "{name}: {}, {} bytes, sha256 {}",
                kind.media_type(),
                stored.size,
                stored.sha256
            ),
        ),
    )?;
    requests::find(conn, &req.id)?.ok_or_else(|| ApiError::not_found("request"))
}

/// What is served for a notice: its kind, the name to save it under, and
/// the record.
pub struct Served {
    pub kind: DocKind,
    pub file_name: String,
    pub row: NoticeRow,
}

/// Records the read in the request's history (the caller's transaction).
pub fn record_read(conn: &mut DbConnection, actor: &Actor, id: &str) -> Result<Served, ApiError> {
    let req = load_visible(conn, actor, id)?;
    let row = notices::find(conn, &req.id)?.ok_or_else(|| ApiError::not_found("notice"))?;
    let kind = DocKind::from_media_type(&row.media_type)
        .ok_or_else(|| ApiError::internal(format!("notice of unknown type {}", row.media_type)))?;
    crate::workflow::history::record(
        conn,
        &NewEvent::note(&req, actor, "notice_read", format!("sha256 {}", row.sha256)),
    )?;
    // Names stored before names followed the real kind are served with it.
    let file_name = documents::file_name(Some(&row.file_name), kind);
    Ok(Served {
        kind,
        file_name,
        row,
    })
}

/// The notice's bytes, checked against the recorded SHA-256 (blocking).
pub fn read_bytes(store: &dyn EvidenceStore, row: &NoticeRow) -> Result<Vec<u8>, ApiError> {
    let mut bytes = Vec::new();
    store
        .open(&row.storage_key)
        .map_err(ApiError::internal)?
        .read_to_end(&mut bytes)
        .map_err(ApiError::internal)?;
    if row.sha256 != crate::digest::sha256_hex(&bytes) {
        return Err(ApiError::new(
            code::EVIDENCE_DAMAGED,
            "the stored notice no longer matches its recorded SHA-256",
        ));
    }
    Ok(bytes)
}
