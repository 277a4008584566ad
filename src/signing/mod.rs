//! The Ed25519 key that signs clip manifests and log checkpoints (ring).
//!
//! Generated on first start into `<data dir>/keys/signing-ed25519.p8`
//! (PKCS#8, mode 0600) or supplied by `SAKSHYA_SIGNING_KEY_FILE`; workers on
//! other machines share the same file. Its key id is the C2SP signed-note
//! key id of the log's origin and the public key, in 8 hex digits, so one
//! id names the key in manifests, checkpoints and `GET /api/v1/keys`.
//! Every key that ever signed stays in `signing_keys`, so signatures by a
//! rotated-out key remain verifiable. The private key never leaves the
//! process and is never formatted into a log line.

pub mod pem;
pub mod registry;

use std::path::Path;

use ring::signature::{Ed25519KeyPair, KeyPair};

use crate::tlog::{key_id, Verifier};

#[derive(Debug, thiserror::Error)]
pub enum SigningKeyError {
    #[error("cannot read or write the signing key {path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("the signing key {0} is not an Ed25519 PKCS#8 key")]
    Malformed(String),
    #[error("the signing key {0} does not exist")]
    Missing(String),
    #[error("key generation failed")]
    Generate,
    #[error("the log origin {0:?} cannot name a key (no spaces or '+')")]
    BadName(String),
}

pub struct SigningKey {
    pair: Ed25519KeyPair,
    public: [u8; 32],
    name: String,
    key_id: u32,
}

impl std::fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SigningKey")
            .field("name", &self.name)
            .field("key_id", &self.key_id_hex())
            .finish_non_exhaustive()
    }
}

impl SigningKey {
    /// Loads the key at `path`; when `create` is set and there is none,
    /// generates one (mode 0600, never overwriting a key another process
    /// created at the same moment).
    pub fn load(path: &Path, name: &str, create: bool) -> Result<Self, SigningKeyError> {
        let io = |source| SigningKeyError::Io {
            path: path.display().to_string(),
            source,
        };
        if !path.exists() {
            if !create {
                return Err(SigningKeyError::Missing(path.display().to_string()));
            }
            let pkcs8 = generate()?;
            crate::auth::token_keys::write_private(path, &pkcs8).map_err(io)?;
        }
        let der = std::fs::read(path).map_err(io)?;
        Self::from_pkcs8(&der, name)
            .map_err(|_| SigningKeyError::Malformed(path.display().to_string()))
    }

    pub fn from_pkcs8(der: &[u8], name: &str) -> Result<Self, SigningKeyError> {
        let pair = Ed25519KeyPair::from_pkcs8(der)
            .map_err(|_| SigningKeyError::Malformed("<bytes>".into()))?;
        let public: [u8; 32] = pair
            .public_key()
            .as_ref()
            .try_into()
            .map_err(|_| SigningKeyError::Malformed("<public key>".into()))?;
        Verifier::new(name, public).map_err(|_| SigningKeyError::BadName(name.to_owned()))?;
        Ok(Self {
            key_id: key_id(name, &public),
            pair,
            public,
            name: name.to_owned(),
        })
    }

    /// The C2SP key id in 8 lower-case hex digits.
    pub fn key_id_hex(&self) -> String {
        format!("{:08x}", self.key_id)
    }

    pub fn key_id(&self) -> u32 {
        self.key_id
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn public_key(&self) -> &[u8; 32] {
        &self.public
    }

    /// Ed25519 over exactly `msg` (64 bytes).
    pub fn sign(&self, msg: &[u8]) -> Vec<u8> {
        self.pair.sign(msg).as_ref().to_vec()
    }

    /// The signed-note verifier for this key.
    pub fn verifier(&self) -> Verifier {
        Verifier {
            name: self.name.clone(),
            key_id: self.key_id,
            public_key: self.public,
        }
    }

    /// Signs note text (ending in a newline) as a C2SP signed note.
    pub fn sign_note(&self, text: &str) -> Result<String, crate::tlog::NoteError> {
        crate::tlog::sign(text, &self.name, self.key_id, |m| self.sign(m))
    }
}

/// A fresh Ed25519 key as PKCS#8 bytes.
pub fn generate() -> Result<Vec<u8>, SigningKeyError> {
    Ed25519KeyPair::generate_pkcs8(&ring::rand::SystemRandom::new())
        .map(|d| d.as_ref().to_vec())
        .map_err(|_| SigningKeyError::Generate)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_created_once_private_and_named_by_their_c2sp_id() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("keys").join("signing.p8");
        assert!(matches!(
            SigningKey::load(&p, "sakshya.test/log", false),
            Err(SigningKeyError::Missing(_))
        ));
        let a = SigningKey::load(&p, "sakshya.test/log", true).unwrap();
        let b = SigningKey::load(&p, "sakshya.test/log", true).unwrap();
        assert_eq!(a.public_key(), b.public_key());
        assert_eq!(a.key_id_hex().len(), 8);
        assert_eq!(
            a.verifier().to_vkey().split('+').nth(1),
            Some(a.key_id_hex().as_str())
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&p).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let sig = a.sign(b"manifest");
        assert!(a.verifier().verify(b"manifest", &sig));
        assert!(!a.verifier().verify(b"manifesT", &sig));
        assert!(
            !format!("{a:?}").contains("pair"),
            "Debug shows no key material"
        );
    }
}
