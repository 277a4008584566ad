//! The S3 evidence store (aws-sdk-s3), for any S3-compatible service.
//!
//! Uploads are multipart with a bounded buffer (one part at a time), each
//! part carrying its `x-amz-checksum-sha256` so the server refuses bytes
//! damaged in transit; a failed upload is aborted so no parts are left
//! behind. When the bucket enforces Object Lock, every object gets
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
    BucketVersioningStatus, ChecksumAlgorithm, CompletedMultipartUpload, CompletedPart,
    ObjectLockEnabled, ObjectLockMode, ServerSideEncryption,
};
use aws_sdk_s3::Client;
use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use ring::digest::{digest, SHA256};
use tokio::runtime::Runtime;

use super::{key_for, Download, EvidenceStore, SelfCheck, StoreError, StoredObject};

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
    pub max_attempts: u32,
    pub retention_days: u32,
    /// Local directory for scratch files before upload.
    pub scratch_dir: PathBuf,
}

/// An object to stream to a client.
pub struct S3Object {
    pub client: Client,
    pub bucket: String,
    pub key: String,
}

/// Parts uploaded concurrently; memory is this many parts.
const PARTS_IN_FLIGHT: usize = 4;

pub struct S3Store {
    client: Client,
    cfg: S3Config,
    object_lock: OnceLock<bool>,
}

fn runtime() -> Result<&'static Runtime, StoreError> {
    static RT: OnceLock<Option<Runtime>> = OnceLock::new();
    RT.get_or_init(|| {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("sakshya-s3")
            .enable_all()
            .build()
            .ok()
    })
    .as_ref()
    .ok_or_else(|| StoreError::S3("could not start the S3 runtime".into()))
}

/// Runs an SDK future to completion from blocking code. Inside an async
/// context (the server's start-up) it hops to a helper thread, because a
/// runtime cannot be blocked on from within another.
fn run<F>(f: F) -> Result<F::Output, StoreError>
where
    F: std::future::Future + Send,
    F::Output: Send,
{
    let rt = runtime()?;
    if tokio::runtime::Handle::try_current().is_ok() {
        std::thread::scope(|s| {
            s.spawn(|| rt.block_on(f))
                .join()
                .map_err(|_| StoreError::S3("an S3 call panicked".into()))
        })
    } else {
        Ok(rt.block_on(f))
    }
}

/// A readable sentence from an SDK error, naming the S3 error code.
fn describe<E>(
    what: &str,
    e: &aws_sdk_s3::error::SdkError<E, aws_sdk_s3::config::http::HttpResponse>,
) -> StoreError
where
    E: aws_sdk_s3::error::ProvideErrorMetadata + std::error::Error + 'static,
{
    use aws_sdk_s3::error::ProvideErrorMetadata;
    let code = match e {
        aws_sdk_s3::error::SdkError::ServiceError(s) => {
            format!("HTTP {}", s.raw().status().as_u16())
        }
        aws_sdk_s3::error::SdkError::TimeoutError(_) => "timed out".into(),
        aws_sdk_s3::error::SdkError::DispatchFailure(d) => {
            if d.is_io() {
                "connection failed".into()
            } else {
                "request could not be sent".into()
            }
        }
        _ => "failed".into(),
    };
    let detail = e.code().map(|c| format!(" {c}")).unwrap_or_default();
    let msg = e.message().map(|m| format!(": {m}")).unwrap_or_default();
    StoreError::S3(format!("{what}: {code}{detail}{msg}"))
}

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

    pub fn client(&self) -> &Client {
        &self.client
    }

    pub fn bucket(&self) -> &str {
        &self.cfg.bucket
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

    /// Uploads `path` to `key` in parts, aborting the upload on any failure.
    fn upload(&self, path: &Path, key: &str) -> Result<(), StoreError> {
        self.abort_leftovers(key)?;
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
        if self.lock_enabled() {
            create = create
                .object_lock_mode(ObjectLockMode::Compliance)
                .object_lock_retain_until_date(self.retain_until());
        }
        let created = run(create.send())?.map_err(|e| describe("starting the upload", &e))?;
        let upload_id = created
            .upload_id()
            .ok_or_else(|| StoreError::S3("the server returned no upload id".into()))?
            .to_owned();
        let parts = self.upload_parts(path, key, &upload_id);
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

    /// Aborts uploads of `key` left unfinished by an earlier attempt (the
    /// server may have been down when that attempt tried to abort), so no
    /// orphaned parts stay behind. Keys are content addresses, so any such
    /// upload was for these same bytes.
    fn abort_leftovers(&self, key: &str) -> Result<(), StoreError> {
        let listed = run(self
            .client
            .list_multipart_uploads()
            .bucket(&self.cfg.bucket)
            .prefix(key)
            .send())?
        .map_err(|e| describe("listing unfinished uploads", &e))?;
        for u in listed.uploads() {
            if let (Some(k), Some(id)) = (u.key(), u.upload_id()) {
                if k == key {
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

    /// Uploads the file's parts, a few at a time: memory is bounded by
    /// `PARTS_IN_FLIGHT` parts whatever the file's size.
    fn upload_parts(
        &self,
        path: &Path,
        key: &str,
        upload_id: &str,
    ) -> Result<Vec<CompletedPart>, StoreError> {
        let part_size = self.cfg.part_size.max(5 << 20);
        let (client, bucket) = (self.client.clone(), self.cfg.bucket.clone());
        let (key, upload_id) = (key.to_owned(), upload_id.to_owned());
        let mut file = std::fs::File::open(path)?;
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
                while set.len() >= PARTS_IN_FLIGHT {
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

impl EvidenceStore for S3Store {
    fn location(&self) -> String {
        format!("s3://{}/{}", self.cfg.bucket, self.cfg.prefix)
    }

    fn scratch_path(&self, suffix: &str) -> PathBuf {
        self.cfg
            .scratch_dir
            .join(format!("{}{suffix}", uuid::Uuid::now_v7().simple()))
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

    fn list(&self) -> Result<Vec<(String, u64)>, StoreError> {
        let prefix = self.full_key("sha256/");
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
        let probe = self.full_key(".sakshya-selfcheck");
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

    fn download(&self, key: &str) -> Download {
        Download::S3(S3Object {
            client: self.client.clone(),
            bucket: self.cfg.bucket.clone(),
            key: self.full_key(key),
        })
    }
}
