//! The S3 SDK's runtime and error reporting.

use std::sync::OnceLock;

use tokio::runtime::Runtime;

use crate::storage::StoreError;

pub(super) fn runtime() -> Result<&'static Runtime, StoreError> {
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
pub(super) fn run<F>(f: F) -> Result<F::Output, StoreError>
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
pub(super) fn describe<E>(
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
