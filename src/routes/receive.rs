//! Receiving a request body into a scratch file, up to a size limit,
//! for the upload endpoints (fallback footage, notice documents).

use std::path::PathBuf;

use actix_web::web;
use futures_util::StreamExt;
use tokio::io::AsyncWriteExt;

use crate::error::{code, ApiError};

/// A scratch file, removed however the handler ends.
pub struct Scratch(pub PathBuf);

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// Streams `payload` to `scratch` and syncs it; refuses past `limit`
/// bytes (413 `upload_too_large`). Returns the size.
pub async fn receive(
    mut payload: web::Payload,
    scratch: &Scratch,
    limit: u64,
) -> Result<u64, ApiError> {
    let mut file = tokio::fs::File::create(&scratch.0)
        .await
        .map_err(ApiError::internal)?;
    let mut size: u64 = 0;
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|e| {
            ApiError::bad_request(
                code::UPLOAD_INTERRUPTED,
                format!("the upload was interrupted: {e}; send it again"),
            )
        })?;
        size += chunk.len() as u64;
        if size > limit {
            return Err(ApiError::new(
                code::UPLOAD_TOO_LARGE,
                format!("uploads are limited to {limit} bytes"),
            ));
        }
        file.write_all(&chunk).await.map_err(ApiError::internal)?;
    }
    file.sync_all().await.map_err(ApiError::internal)?;
    Ok(size)
}
