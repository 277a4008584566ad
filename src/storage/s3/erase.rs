//! Legal holds and erasure on S3. Erasure deletes every version of the
//! object; the server refuses versions under COMPLIANCE retention or legal
//! hold, and that refusal is reported with the date it ends.

use aws_sdk_s3::types::{ObjectLockLegalHold, ObjectLockLegalHoldStatus};

use super::runtime::{describe, run};
use super::S3Store;
use crate::storage::StoreError;

impl S3Store {
    pub(super) fn legal_hold(&self, key: &str, on: bool) -> Result<(), StoreError> {
        let status = if on {
            ObjectLockLegalHoldStatus::On
        } else {
            ObjectLockLegalHoldStatus::Off
        };
        run(self
            .client
            .put_object_legal_hold()
            .bucket(&self.cfg.bucket)
            .key(self.full_key(key))
            .legal_hold(ObjectLockLegalHold::builder().status(status).build())
            .send())?
        .map_err(|e| describe("setting a legal hold", &e))?;
        Ok(())
    }

    pub(super) fn erase_versions(&self, key: &str) -> Result<(), StoreError> {
        let full = self.full_key(key);
        let listed = run(self
            .client
            .list_object_versions()
            .bucket(&self.cfg.bucket)
            .prefix(&full)
            .send())?
        .map_err(|e| describe("listing versions", &e))?;
        let versions = listed
            .versions()
            .iter()
            .filter(|v| v.key() == Some(full.as_str()))
            .filter_map(|v| v.version_id().map(str::to_owned))
            .chain(
                listed
                    .delete_markers()
                    .iter()
                    .filter(|m| m.key() == Some(full.as_str()))
                    .filter_map(|m| m.version_id().map(str::to_owned)),
            )
            .collect::<Vec<_>>();
        for version in versions {
            let deleted = run(self
                .client
                .delete_object()
                .bucket(&self.cfg.bucket)
                .key(&full)
                .version_id(&version)
                .send())?;
            if let Err(e) = deleted {
                let refused = e.raw_response().is_some_and(|r| r.status().as_u16() == 403);
                if refused {
                    return Err(StoreError::Retained {
                        key: key.to_owned(),
                        until: self.protection(&full, &version),
                    });
                }
                return Err(describe("erasing an object", &e));
            }
        }
        Ok(())
    }

    /// What protects a version: its retention date and any legal hold.
    fn protection(&self, full: &str, version: &str) -> String {
        let until = run(self
            .client
            .get_object_retention()
            .bucket(&self.cfg.bucket)
            .key(full)
            .version_id(version)
            .send())
        .ok()
        .and_then(Result::ok)
        .and_then(|r| r.retention()?.retain_until_date().map(|d| d.secs()))
        .and_then(|secs| chrono::DateTime::from_timestamp(secs, 0))
        .map(|d| d.to_rfc3339());
        let held = run(self
            .client
            .get_object_legal_hold()
            .bucket(&self.cfg.bucket)
            .key(full)
            .version_id(version)
            .send())
        .ok()
        .and_then(Result::ok)
        .and_then(|h| h.legal_hold()?.status().cloned())
            == Some(ObjectLockLegalHoldStatus::On);
        match (until, held) {
            (Some(u), true) => format!("{u} (retention) and a legal hold"),
            (Some(u), false) => u,
            (None, true) => "its legal hold is lifted".into(),
            (None, false) => "the server allows it".into(),
        }
    }
}
