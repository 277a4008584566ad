//! Recorder passwords, encrypted at rest (AES-256-GCM, ring).
//!
//! The key is 32 random bytes in `<data dir>/keys/recorder-credentials.key`
//! (mode 0600, generated on first start) or the file named by
//! `SAKSHYA_RECORDER_KEY_FILE`: kept like the signing key, shared by the
//! servers and workers that pull footage, never in the database. A sealed
//! password is `v1:` and the base64 of a fresh 96-bit nonce followed by
//! the ciphertext and tag; the recorder's id is the associated data, so a
//! sealed password copied onto another recorder's row does not open. The
//! plain password exists only in memory while a device is being called and
//! is never formatted into a log line or an API answer.

use std::path::Path;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use ring::aead::{Aad, LessSafeKey, Nonce, UnboundKey, AES_256_GCM, NONCE_LEN};
use ring::rand::{SecureRandom, SystemRandom};
use secrecy::{ExposeSecret, SecretString};

const PREFIX: &str = "v1:";

#[derive(Debug, thiserror::Error)]
pub enum CredentialError {
    #[error("cannot read or write the recorder credential key {path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("the recorder credential key {0} is not 32 bytes")]
    Malformed(String),
    #[error("the recorder credential key {0} does not exist")]
    Missing(String),
    #[error("random bytes are unavailable")]
    Random,
    /// Wrong key, another recorder's row, or damaged text.
    #[error("a stored recorder password does not open with this server's credential key")]
    Sealed,
}

/// The key that seals recorder passwords.
pub struct CredentialKey {
    key: LessSafeKey,
}

impl std::fmt::Debug for CredentialKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CredentialKey(..)")
    }
}

impl CredentialKey {
    /// Loads the key at `path`; when `create` is set and there is none,
    /// generates one (mode 0600, never overwriting another process's).
    pub fn load(path: &Path, create: bool) -> Result<Self, CredentialError> {
        let io = |source| CredentialError::Io {
            path: path.display().to_string(),
            source,
        };
        if !path.exists() {
            if !create {
                return Err(CredentialError::Missing(path.display().to_string()));
            }
            let mut bytes = [0u8; 32];
            SystemRandom::new()
                .fill(&mut bytes)
                .map_err(|_| CredentialError::Random)?;
            // Never overwrites a key another process wrote first.
            crate::auth::token_keys::write_private(path, &bytes).map_err(io)?;
        }
        let bytes = std::fs::read(path).map_err(io)?;
        Self::from_bytes(&bytes)
            .ok_or_else(|| CredentialError::Malformed(path.display().to_string()))
    }

    pub fn from_bytes(bytes: &[u8]) -> Option<Self> {
        if bytes.len() != 32 {
            return None;
        }
        let key = UnboundKey::new(&AES_256_GCM, bytes).ok()?;
        Some(Self {
            key: LessSafeKey::new(key),
        })
    }

    /// `password` sealed for the recorder `recorder_id`.
    pub fn seal(
        &self,
        recorder_id: &str,
        password: &SecretString,
    ) -> Result<String, CredentialError> {
        let mut nonce = [0u8; NONCE_LEN];
        SystemRandom::new()
            .fill(&mut nonce)
            .map_err(|_| CredentialError::Random)?;
        let mut buf = password.expose_secret().as_bytes().to_vec();
        self.key
            .seal_in_place_append_tag(
                Nonce::assume_unique_for_key(nonce),
                Aad::from(recorder_id.as_bytes()),
                &mut buf,
            )
            .map_err(|_| CredentialError::Sealed)?;
        let mut out = nonce.to_vec();
        out.extend_from_slice(&buf);
        Ok(format!("{PREFIX}{}", STANDARD.encode(out)))
    }

    /// The password sealed for `recorder_id`.
    pub fn open(&self, recorder_id: &str, sealed: &str) -> Result<SecretString, CredentialError> {
        let body = sealed.strip_prefix(PREFIX).ok_or(CredentialError::Sealed)?;
        let mut bytes = STANDARD.decode(body).map_err(|_| CredentialError::Sealed)?;
        if bytes.len() < NONCE_LEN {
            return Err(CredentialError::Sealed);
        }
        let mut nonce = [0u8; NONCE_LEN];
        nonce.copy_from_slice(&bytes[..NONCE_LEN]);
        let plain = self
            .key
            .open_in_place(
                Nonce::assume_unique_for_key(nonce),
                Aad::from(recorder_id.as_bytes()),
                &mut bytes[NONCE_LEN..],
            )
            .map_err(|_| CredentialError::Sealed)?;
        let text = String::from_utf8(plain.to_vec()).map_err(|_| CredentialError::Sealed)?;
        Ok(SecretString::from(text))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> CredentialKey {
        CredentialKey::from_bytes(&[7u8; 32]).unwrap()
    }

    #[test]
    fn a_sealed_password_opens_only_for_its_own_recorder() {
        let k = key();
        let pw = SecretString::from("nvr-Read0nly!".to_owned());
        let sealed = k.seal("rec-1", &pw).unwrap();
        assert!(sealed.starts_with("v1:"));
        assert!(!sealed.contains("nvr-Read0nly"));
        assert_eq!(
            k.open("rec-1", &sealed).unwrap().expose_secret(),
            "nvr-Read0nly!"
        );
        assert!(matches!(
            k.open("rec-2", &sealed),
            Err(CredentialError::Sealed)
        ));
        // Each sealing uses a fresh nonce.
        assert_ne!(k.seal("rec-1", &pw).unwrap(), sealed);
    }

    #[test]
    fn another_key_or_damaged_text_does_not_open() {
        let sealed = key()
            .seal("r", &SecretString::from("pw".to_owned()))
            .unwrap();
        let other = CredentialKey::from_bytes(&[8u8; 32]).unwrap();
        assert!(other.open("r", &sealed).is_err());
        let mut damaged = sealed.clone();
        damaged.pop();
        damaged.push(if sealed.ends_with('A') { 'B' } else { 'A' });
        assert!(key().open("r", &damaged).is_err());
        assert!(key().open("r", "plain").is_err());
        assert!(CredentialKey::from_bytes(&[0u8; 31]).is_none());
    }

    #[test]
    fn the_key_file_is_created_once_and_private() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("keys").join("recorder-credentials.key");
        assert!(matches!(
            CredentialKey::load(&path, false),
            Err(CredentialError::Missing(_))
        ));
        let a = CredentialKey::load(&path, true).unwrap();
        let sealed = a.seal("r", &SecretString::from("pw".to_owned())).unwrap();
        let b = CredentialKey::load(&path, true).unwrap();
        assert_eq!(b.open("r", &sealed).unwrap().expose_secret(), "pw");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }
}
