//! Keys a court supplies (`--key`, repeatable): PEM public keys or C2SP
//! verifier keys (`name+id+base64`), one or several per file.

use std::path::Path;

use super::VerifyError;
use crate::signing::pem::parse_public_pem;
use crate::tlog::Verifier;

/// What was read from the `--key` files.
#[derive(Debug, Default, Clone)]
pub struct PinnedKeys {
    /// Raw Ed25519 keys from PEM files (named by the log origin when used).
    pub raw: Vec<[u8; 32]>,
    /// Signed-note verifier keys.
    pub verifiers: Vec<Verifier>,
}

impl PinnedKeys {
    pub fn is_empty(&self) -> bool {
        self.raw.is_empty() && self.verifiers.is_empty()
    }

    /// Every key as a verifier for notes from `origin`.
    pub fn for_origin(&self, origin: &str) -> Vec<Verifier> {
        let mut v: Vec<Verifier> = self
            .raw
            .iter()
            .filter_map(|k| Verifier::new(origin, *k).ok())
            .collect();
        for k in &self.verifiers {
            if !v.iter().any(|x| x.key_id == k.key_id && x.name == k.name) {
                v.push(k.clone());
            }
        }
        v
    }

    /// Every raw public key (PEM keys and the keys inside verifier keys).
    pub fn public_keys(&self) -> Vec<[u8; 32]> {
        self.raw
            .iter()
            .copied()
            .chain(self.verifiers.iter().map(|v| v.public_key))
            .collect()
    }
}

/// Reads PEM blocks and verifier-key lines from each file.
pub fn read(paths: &[&Path]) -> Result<PinnedKeys, VerifyError> {
    let mut keys = PinnedKeys::default();
    for p in paths {
        let text =
            std::fs::read_to_string(p).map_err(|e| VerifyError::Io(p.display().to_string(), e))?;
        let before = keys.raw.len() + keys.verifiers.len();
        let mut pem = String::new();
        for line in text.lines() {
            let line = line.trim();
            if line.starts_with("-----BEGIN") {
                pem.clear();
            }
            if !pem.is_empty() || line.starts_with("-----BEGIN") {
                pem.push_str(line);
                pem.push('\n');
            }
            if line.starts_with("-----END") {
                if let Some(k) = parse_public_pem(&pem) {
                    keys.raw.push(k);
                }
                pem.clear();
            } else if pem.is_empty() && !line.is_empty() {
                if let Ok(v) = Verifier::parse(line) {
                    keys.verifiers.push(v);
                }
            }
        }
        if keys.raw.len() + keys.verifiers.len() == before {
            return Err(VerifyError::Key(format!(
                "{} holds no Ed25519 public key (PEM) or verifier key",
                p.display()
            )));
        }
    }
    Ok(keys)
}
