//! Multipart uploads: parts with SHA-256 checksums, a few in flight,
//! aborted on failure. The parts come from any reader: a finished file,
//! or a file still being written (see `stream.rs`), so a clip's parts go
//! up while it is produced.

use std::io::Read;
use std::path::Path;

use aws_sdk_s3::primitives::ByteStream;
use aws_sdk_s3::types::{
    ChecksumAlgorithm, CompletedMultipartUpload, CompletedPart, ObjectLockMode,
    ServerSideEncryption,
};
use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use ring::digest::{digest, SHA256};

use super::runtime::{describe, run};
use super::S3Store;
use crate::storage::StoreError;

impl S3Store {
    /// Uploads `path` to `key` in parts, aborting the upload on any failure.
    pub(super) fn upload(&self, path: &Path, key: &str) -> Result<(), StoreError> {
        self.abort_leftovers(key, true)?;
        self.upload_from(std::fs::File::open(path)?, key)
    }

    /// Uploads everything `source` yields to `key` in parts, aborting the
    /// upload on any failure (including a read error from `source`).
    pub(super) fn upload_from<R: Read + Send>(
        &self,
        source: R,
        key: &str,
    ) -> Result<(), StoreError> {
        let bucket = &self.cfg.bucket;
        let mut create = self
            .client
            .create_multipart_upload()
            .bucket(bucket)
            .key(key)
            .content_type("video/mp4")
            .checksum_algorithm(ChecksumAlgorithm::Sha256);
        if let Some(sse) = self.sse() {
            create = create.server_side_encryption(sse.clone());
            if sse == ServerSideEncryption::AwsKms {
                if let Some(k) = &self.cfg.kms_key_id {
                    create = create.ssekms_key_id(k);
                }
            }
        }
        // Zero days: no COMPLIANCE retention (legal holds still apply).
        if self.lock_enabled() && self.cfg.retention_days > 0 {
            create = create
                .object_lock_mode(ObjectLockMode::Compliance)
                .object_lock_retain_until_date(self.retain_until());
        }
        let created = run(create.send())?.map_err(|e| describe("starting the upload", &e))?;
        let upload_id = created
            .upload_id()
            .ok_or_else(|| StoreError::S3("the server returned no upload id".into()))?
            .to_owned();
        let parts = self.upload_parts(source, key, &upload_id);
        let done = parts.and_then(|parts| {
            run(self
                .client
                .complete_multipart_upload()
                .bucket(bucket)
                .key(key)
                .upload_id(&upload_id)
                .multipart_upload(
                    CompletedMultipartUpload::builder()
                        .set_parts(Some(parts))
                        .build(),
                )
                .send())?
            .map(|_| ())
            .map_err(|e| describe("completing the upload", &e))
        });
        if done.is_err() {
            let _ = run(self
                .client
                .abort_multipart_upload()
                .bucket(bucket)
                .key(key)
                .upload_id(&upload_id)
                .send())?;
        }
        done
    }

    /// Aborts uploads left unfinished by an earlier attempt (the server may
    /// have been down when that attempt tried to abort), so no orphaned
    /// parts stay behind: uploads of exactly `key` (a content address, so
    /// any such upload was for these same bytes), or with `exact` false,
    /// every upload under the prefix `key` (one item's streamed clips).
    pub(super) fn abort_leftovers(&self, key: &str, exact: bool) -> Result<(), StoreError> {
        let listed = run(self
            .client
            .list_multipart_uploads()
            .bucket(&self.cfg.bucket)
            .prefix(key)
            .send())?
        .map_err(|e| describe("listing unfinished uploads", &e))?;
        for u in listed.uploads() {
            if let (Some(k), Some(id)) = (u.key(), u.upload_id()) {
                if !exact || k == key {
                    let _ = run(self
                        .client
                        .abort_multipart_upload()
                        .bucket(&self.cfg.bucket)
                        .key(k)
                        .upload_id(id)
                        .send())?;
                    tracing::info!(s3.key = %k, "aborted an unfinished upload left by an earlier attempt");
                }
            }
        }
        Ok(())
    }

    /// Uploads the source's parts, a few at a time: memory is bounded by
    /// `parts_in_flight` (+ the one being filled) parts whatever the
    /// source's size.
    fn upload_parts<R: Read + Send>(
        &self,
        mut file: R,
        key: &str,
        upload_id: &str,
    ) -> Result<Vec<CompletedPart>, StoreError> {
        let part_size = self.cfg.part_size.max(5 << 20);
        let in_flight = self.cfg.parts_in_flight.max(1);
        let (client, bucket) = (self.client.clone(), self.cfg.bucket.clone());
        let (key, upload_id) = (key.to_owned(), upload_id.to_owned());
        run(async move {
            let mut set: tokio::task::JoinSet<Result<CompletedPart, StoreError>> =
                tokio::task::JoinSet::new();
            let mut parts = Vec::new();
            for number in 1i32.. {
                let mut buf = vec![0u8; part_size];
                let mut filled = 0;
                while filled < buf.len() {
                    let n = file.read(&mut buf[filled..])?;
                    if n == 0 {
                        break;
                    }
                    filled += n;
                }
                if filled == 0 && number > 1 {
                    break;
                }
                buf.truncate(filled);
                while set.len() >= in_flight {
                    if let Some(done) = set.join_next().await {
                        parts.push(
                            done.map_err(|e| StoreError::S3(format!("part upload task: {e}")))??,
                        );
                    }
                }
                let (client, bucket, key, upload_id) = (
                    client.clone(),
                    bucket.clone(),
                    key.clone(),
                    upload_id.clone(),
                );
                set.spawn(async move {
                    let checksum = B64.encode(digest(&SHA256, &buf));
                    let out = client
                        .upload_part()
                        .bucket(bucket)
                        .key(key)
                        .upload_id(upload_id)
                        .part_number(number)
                        .checksum_sha256(&checksum)
                        .body(ByteStream::from(buf))
                        .send()
                        .await
                        .map_err(|e| describe(&format!("uploading part {number}"), &e))?;
                    Ok(CompletedPart::builder()
                        .part_number(number)
                        .set_e_tag(out.e_tag().map(str::to_owned))
                        .checksum_sha256(out.checksum_sha256().unwrap_or(&checksum))
                        .build())
                });
                if filled < part_size {
                    break;
                }
            }
            while let Some(done) = set.join_next().await {
                parts.push(done.map_err(|e| StoreError::S3(format!("part upload task: {e}")))??);
            }
            parts.sort_by_key(|p| p.part_number());
            Ok(parts)
        })?
    }
}
