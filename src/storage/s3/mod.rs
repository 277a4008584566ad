//! The S3 evidence store (aws-sdk-s3), for any S3-compatible service.
//!
//! Uploads are multipart with bounded memory (a few parts in flight, see
//! `upload.rs`), each part carrying its `x-amz-checksum-sha256` so the
//! server refuses bytes damaged in transit; a failed upload is aborted so
//! no parts are left behind. When the bucket enforces Object Lock, every object gets
//! COMPLIANCE retention until now + `evidence_retention_days`. Objects are
//! encrypted at rest (SSE-S3 by default, or SSE-KMS with a key id). Every
//! call has timeouts and retries with backoff.
//!
//! The SDK is async; this store is called from blocking threads (jobs, CLI)
//! and drives the SDK on its own runtime, which lives for the process.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::Duration;

use aws_sdk_s3::config::retry::RetryConfig;
use aws_sdk_s3::config::timeout::TimeoutConfig;
use aws_sdk_s3::config::Region;
use aws_sdk_s3::primitives::{ByteStream, DateTime as AwsDateTime};
use aws_sdk_s3::types::{
    BucketVersioningStatus, ChecksumAlgorithm, ObjectLockEnabled, ServerSideEncryption,
};
use aws_sdk_s3::Client;

use super::{key_for, EvidenceStore, SelfCheck, StoreError, StoredObject};

/// The small object the start-up check writes to prove the bucket is
/// writable; not evidence.
const SELF_CHECK_KEY: &str = ".sakshya-selfcheck";

/// Settings of the S3 store (from `Settings`).
#[derive(Debug, Clone)]
pub struct S3Config {
    pub bucket: String,
    /// Key prefix, empty or ending in `/`.
    pub prefix: String,
    pub endpoint: Option<String>,
    pub region: String,
    pub path_style: bool,
    /// `AES256` (SSE-S3), `aws:kms` (SSE-KMS) or `none`.
    pub sse: String,
    pub kms_key_id: Option<String>,
    pub part_size: usize,
    /// Parts uploaded concurrently; memory is about this + 1 parts.
    pub parts_in_flight: usize,
    pub max_attempts: u32,
    pub retention_days: u32,
    /// Local directory for scratch files before upload.
    pub scratch_dir: PathBuf,
}

#[derive(Clone)]
pub struct S3Store {
    client: Client,
    cfg: S3Config,
    object_lock: OnceLock<bool>,
}

mod erase;
mod runtime;
mod stream;
mod upload;

use runtime::{describe, run, runtime};

impl S3Store {
    pub fn connect(cfg: S3Config) -> Result<Self, StoreError> {
        std::fs::create_dir_all(&cfg.scratch_dir)?;
        let shared = run(aws_config::from_env()
            .region(Region::new(cfg.region.clone()))
            .load())?;
        let mut b = aws_sdk_s3::config::Builder::from(&shared)
            .force_path_style(cfg.path_style)
            .retry_config(RetryConfig::standard().with_max_attempts(cfg.max_attempts))
            .timeout_config(
                TimeoutConfig::builder()
                    .connect_timeout(Duration::from_secs(5))
                    .operation_attempt_timeout(Duration::from_secs(120))
                    .operation_timeout(Duration::from_secs(600))
                    .build(),
            );
        if let Some(ep) = &cfg.endpoint {
            b = b.endpoint_url(ep);
        }
        Ok(Self {
            client: Client::from_conf(b.build()),
            cfg,
            object_lock: OnceLock::new(),
        })
    }

    fn full_key(&self, key: &str) -> String {
        format!("{}{key}", self.cfg.prefix)
    }

    fn sse(&self) -> Option<ServerSideEncryption> {
        match self.cfg.sse.as_str() {
            "none" => None,
            "aws:kms" => Some(ServerSideEncryption::AwsKms),
            _ => Some(ServerSideEncryption::Aes256),
        }
    }

    /// Whether the bucket enforces Object Lock (asked once).
    fn lock_enabled(&self) -> bool {
        *self
            .object_lock
            .get_or_init(|| self.probe_object_lock().unwrap_or(false))
    }

    fn probe_object_lock(&self) -> Result<bool, StoreError> {
        let out = run(self
            .client
            .get_object_lock_configuration()
            .bucket(&self.cfg.bucket)
            .send())?;
        Ok(match out {
            Ok(o) => o
                .object_lock_configuration()
                .and_then(|c| c.object_lock_enabled())
                .is_some_and(|e| *e == ObjectLockEnabled::Enabled),
            Err(_) => false,
        })
    }

    fn retain_until(&self) -> AwsDateTime {
        let until = chrono::Utc::now() + chrono::Duration::days(i64::from(self.cfg.retention_days));
        AwsDateTime::from_secs(until.timestamp())
    }
}

impl EvidenceStore for S3Store {
    fn location(&self) -> String {
        format!("s3://{}/{}", self.cfg.bucket, self.cfg.prefix)
    }

    fn scratch_path(&self, suffix: &str) -> PathBuf {
        self.cfg
            .scratch_dir
            .join(format!("{}{suffix}", uuid::Uuid::now_v7().simple()))
    }

    fn ingest(&self, scratch: PathBuf, scope: &str) -> Box<dyn super::Ingest> {
        Box::new(stream::S3Ingest::start(self.clone(), scratch, scope))
    }

    fn adopt_hashed(
        &self,
        scratch: &Path,
        sha256: String,
        size: u64,
    ) -> Result<StoredObject, StoreError> {
        let result = (|| {
            if std::fs::metadata(scratch)?.len() != size {
                return Err(StoreError::Integrity(
                    "the file changed after it was hashed".into(),
                ));
            }
            let key = key_for(&sha256);
            let full = self.full_key(&key);
            match self.size(&key)? {
                Some(existing) if existing == size => {}
                _ => self.upload(scratch, &full)?,
            }
            Ok(StoredObject { key, sha256, size })
        })();
        let _ = std::fs::remove_file(scratch);
        result
    }

    fn open(&self, key: &str) -> Result<Box<dyn Read + Send>, StoreError> {
        let rt = runtime()?;
        let out = run(self
            .client
            .get_object()
            .bucket(&self.cfg.bucket)
            .key(self.full_key(key))
            .send())?
        .map_err(|e| describe("reading an object", &e))?;
        let reader = out.body.into_async_read();
        Ok(Box::new(tokio_util::io::SyncIoBridge::new_with_handle(
            reader,
            rt.handle().clone(),
        )))
    }

    fn size(&self, key: &str) -> Result<Option<u64>, StoreError> {
        let out = run(self
            .client
            .head_object()
            .bucket(&self.cfg.bucket)
            .key(self.full_key(key))
            .send())?;
        match out {
            Ok(h) => Ok(Some(
                u64::try_from(h.content_length().unwrap_or(0)).unwrap_or(0),
            )),
            Err(e) if e.raw_response().is_some_and(|r| r.status().as_u16() == 404) => Ok(None),
            Err(e) => Err(describe("checking an object", &e)),
        }
    }

    fn modified(&self, key: &str) -> Result<Option<std::time::SystemTime>, StoreError> {
        let out = run(self
            .client
            .head_object()
            .bucket(&self.cfg.bucket)
            .key(self.full_key(key))
            .send())?;
        match out {
            Ok(h) => Ok(h
                .last_modified()
                .and_then(|t| std::time::SystemTime::try_from(*t).ok())),
            Err(e) if e.raw_response().is_some_and(|r| r.status().as_u16() == 404) => Ok(None),
            Err(e) => Err(describe("checking an object", &e)),
        }
    }

    fn list_under(&self, under: &str) -> Result<Vec<(String, u64)>, StoreError> {
        let prefix = format!("{}{under}", self.cfg.prefix);
        let mut out = Vec::new();
        let mut token: Option<String> = None;
        loop {
            let page = run(self
                .client
                .list_objects_v2()
                .bucket(&self.cfg.bucket)
                .prefix(&prefix)
                .set_continuation_token(token.clone())
                .send())?
            .map_err(|e| describe("listing objects", &e))?;
            for o in page.contents() {
                if let Some(k) = o.key() {
                    let key = k.strip_prefix(&self.cfg.prefix).unwrap_or(k).to_owned();
                    if key == SELF_CHECK_KEY {
                        continue;
                    }
                    out.push((key, u64::try_from(o.size().unwrap_or(0)).unwrap_or(0)));
                }
            }
            token = page.next_continuation_token().map(str::to_owned);
            if token.is_none() {
                break;
            }
        }
        out.sort();
        Ok(out)
    }

    fn self_check(&self) -> Result<SelfCheck, StoreError> {
        run(self.client.head_bucket().bucket(&self.cfg.bucket).send())?
            .map_err(|e| describe(&format!("reaching bucket {}", self.cfg.bucket), &e))?;
        let probe = self.full_key(SELF_CHECK_KEY);
        run(self
            .client
            .put_object()
            .bucket(&self.cfg.bucket)
            .key(&probe)
            .body(ByteStream::from_static(b"sakshya"))
            .checksum_algorithm(ChecksumAlgorithm::Sha256)
            .send())?
        .map_err(|e| describe("writing a test object", &e))?;
        let versioning = run(self
            .client
            .get_bucket_versioning()
            .bucket(&self.cfg.bucket)
            .send())?
        .ok()
        .map(|v| v.status() == Some(&BucketVersioningStatus::Enabled));
        let lock = self.probe_object_lock()?;
        let _ = self.object_lock.set(lock);
        Ok(SelfCheck {
            backend: "s3".into(),
            location: self.location(),
            writable: true,
            object_lock: Some(lock),
            versioning,
        })
    }

    fn set_legal_hold(&self, key: &str, on: bool) -> Result<(), StoreError> {
        self.legal_hold(key, on)
    }

    fn erase(&self, key: &str) -> Result<(), StoreError> {
        self.erase_versions(key)
    }
}
