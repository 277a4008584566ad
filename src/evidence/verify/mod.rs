//! Offline verification (`sakshya verify`): no database, no network, no
//! trust in the server that issued the evidence. `files` checks a clip
//! against its manifest, signature and key; `package` checks a whole
//! evidence package. Every check is reported by name.

pub mod central_directory;
pub mod files;
pub mod keys;
pub mod package;

pub use files::verify_files;
pub use package::verify_package;

use ring::signature::{UnparsedPublicKey, ED25519};

use super::manifest::Manifest;

/// One named check and what it found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Check {
    pub name: String,
    pub ok: bool,
    pub detail: String,
}

#[derive(Debug, Default)]
pub struct Report {
    pub checks: Vec<Check>,
}

impl Report {
    pub(crate) fn add(
        &mut self,
        name: impl Into<String>,
        ok: bool,
        detail: impl Into<String>,
    ) -> bool {
        self.checks.push(Check {
            name: name.into(),
            ok,
            detail: detail.into(),
        });
        ok
    }

    pub fn passed(&self) -> bool {
        !self.checks.is_empty() && self.checks.iter().all(|c| c.ok)
    }

    pub fn failures(&self) -> Vec<&Check> {
        self.checks.iter().filter(|c| !c.ok).collect()
    }

    /// The report as printed: one line per check.
    pub fn render(&self) -> String {
        let mut s = String::new();
        for c in &self.checks {
            s.push_str(&format!(
                "{}  {}: {}\n",
                if c.ok { "OK  " } else { "FAIL" },
                c.name,
                c.detail
            ));
        }
        s.push_str(if self.passed() {
            "VERIFIED: every check passed\n"
        } else {
            "NOT VERIFIED: see the FAIL lines above\n"
        });
        s
    }
}

#[derive(Debug, thiserror::Error)]
pub enum VerifyError {
    #[error("cannot read {0}: {1}")]
    Io(String, std::io::Error),
    #[error("not a readable zip: {0}")]
    Zip(#[from] zip::result::ZipError),
    #[error("{0}")]
    Key(String),
}

pub(crate) fn check_signature(
    report: &mut Report,
    key: Option<[u8; 32]>,
    manifest: &[u8],
    sig: &[u8],
) {
    let ok = key.is_some_and(|k| {
        UnparsedPublicKey::new(&ED25519, k)
            .verify(manifest, sig)
            .is_ok()
    });
    report.add(
        "manifest signature",
        ok,
        if ok {
            "Ed25519 signature over manifest.json verifies"
        } else {
            "the signature does not verify: manifest.json or manifest.sig was changed, or the key is wrong"
        },
    );
}

pub(crate) fn check_manifest_json(report: &mut Report, manifest: &[u8]) -> Option<Manifest> {
    match serde_json::from_slice::<Manifest>(manifest) {
        Ok(m) => {
            report.add(
                "manifest",
                true,
                format!("clip {} from camera {}", m.clip.id, m.camera.code),
            );
            Some(m)
        }
        Err(e) => {
            report.add("manifest", false, format!("not a Sakshya manifest: {e}"));
            None
        }
    }
}

pub(crate) fn check_clip(report: &mut Report, m: Option<&Manifest>, (sha, size): (String, u64)) {
    let ok = m.is_some_and(|m| m.clip.sha256 == sha && m.clip.size_bytes == size);
    report.add(
        "clip hash",
        ok,
        if ok {
            format!("SHA-256 {sha} ({size} bytes) matches the manifest")
        } else {
            format!(
                "the clip hashes to {sha} ({size} bytes) but the manifest says {}",
                m.map_or("nothing".to_owned(), |m| format!(
                    "{} ({} bytes)",
                    m.clip.sha256, m.clip.size_bytes
                ))
            )
        },
    );
}
