//! `SAKSHYA_STORE`: `fs:<dir>` or `s3://<bucket>/<prefix>`.

use std::path::PathBuf;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoreSpec {
    Fs(PathBuf),
    S3 { bucket: String, prefix: String },
}

impl StoreSpec {
    pub fn parse(raw: &str) -> Result<Self, String> {
        if let Some(dir) = raw.strip_prefix("fs:") {
            if dir.is_empty() {
                return Err("fs: needs a directory, e.g. fs:./data/evidence".into());
            }
            return Ok(StoreSpec::Fs(PathBuf::from(dir)));
        }
        if let Some(rest) = raw.strip_prefix("s3://") {
            let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
            let ok = (3..=63).contains(&bucket.len())
                && bucket
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '.');
            if !ok {
                return Err(format!("`{bucket}` is not a valid S3 bucket name"));
            }
            let prefix = prefix.trim_matches('/');
            let prefix = if prefix.is_empty() {
                String::new()
            } else {
                format!("{prefix}/")
            };
            return Ok(StoreSpec::S3 {
                bucket: bucket.to_owned(),
                prefix,
            });
        }
        Err("the store must be fs:<dir> or s3://<bucket>/<prefix>".into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses() {
        assert_eq!(
            StoreSpec::parse("fs:/x/y"),
            Ok(StoreSpec::Fs("/x/y".into()))
        );
        assert_eq!(
            StoreSpec::parse("s3://evidence/pune/"),
            Ok(StoreSpec::S3 {
                bucket: "evidence".into(),
                prefix: "pune/".into()
            })
        );
        assert_eq!(
            StoreSpec::parse("s3://evidence"),
            Ok(StoreSpec::S3 {
                bucket: "evidence".into(),
                prefix: String::new()
            })
        );
        assert!(StoreSpec::parse("s3://Bad_Bucket").is_err());
        assert!(StoreSpec::parse("ftp://x").is_err());
    }
}
