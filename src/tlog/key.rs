//! Ed25519 note verifier keys (signature type 0x01) and their key ids.

use ring::signature::{UnparsedPublicKey, ED25519};

use super::error::NoteError;
use super::fields::{decode_base64, encode_base64};
use super::hash::digest;

/// The signed-note signature type byte for Ed25519.
const ED25519_TYPE: u8 = 0x01;

/// The key id of an Ed25519 note key: SHA-256(name || 0x0A || 0x01 || pub)[:4] big-endian.
pub fn key_id(name: &str, public_key: &[u8; 32]) -> u32 {
    let h = digest(&[name.as_bytes(), b"\n", &[ED25519_TYPE], public_key]);
    u32::from_be_bytes([h[0], h[1], h[2], h[3]])
}

/// Whether `name` may name a note key: non-empty, with no Unicode spaces, no
/// '+' and no ASCII control characters.
pub(super) fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && !name
            .chars()
            .any(|c| c.is_whitespace() || c == '+' || c < ' ')
}

/// A public key that checks note signatures, with the name and key id that
/// signature lines refer to it by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verifier {
    pub name: String,
    pub key_id: u32,
    pub public_key: [u8; 32],
}

impl Verifier {
    /// Builds a verifier for an Ed25519 public key, computing its key id.
    pub fn new(name: &str, public_key: [u8; 32]) -> Result<Self, NoteError> {
        if !valid_name(name) {
            return Err(NoteError::InvalidName);
        }
        Ok(Self {
            name: name.to_owned(),
            key_id: key_id(name, &public_key),
            public_key,
        })
    }

    /// Parses "<name>+<hex8>+<base64(0x01||pub)>", splitting only at the
    /// first two '+' (the base64 may itself contain '+'). The stated key id
    /// must match the one computed from the name and key.
    pub fn parse(vkey: &str) -> Result<Self, NoteError> {
        let bad = NoteError::BadVerifierKey;
        let (name, rest) = vkey.split_once('+').ok_or(bad("missing '+' separator"))?;
        let (id_hex, key_b64) = rest.split_once('+').ok_or(bad("missing '+' separator"))?;
        if !valid_name(name) {
            return Err(NoteError::InvalidName);
        }
        if id_hex.len() != 8 || !id_hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(bad("key id is not 8 hex digits"));
        }
        let stated_id =
            u32::from_str_radix(id_hex, 16).map_err(|_| bad("key id is not 8 hex digits"))?;
        let key = decode_base64(key_b64).ok_or(bad("key is not base64"))?;
        let public_key = match key.split_first() {
            Some((&ED25519_TYPE, public_key)) => public_key,
            Some(_) => return Err(bad("unknown signature type")),
            None => return Err(bad("empty key")),
        };
        let public_key: [u8; 32] = public_key
            .try_into()
            .map_err(|_| bad("Ed25519 key is not 32 bytes"))?;
        let verifier = Self::new(name, public_key)?;
        if verifier.key_id != stated_id {
            return Err(bad("key id does not match the key"));
        }
        Ok(verifier)
    }

    /// Formats the key as "<name>+<hex8>+<base64(0x01||pub)>".
    pub fn to_vkey(&self) -> String {
        let mut key = Vec::with_capacity(33);
        key.push(ED25519_TYPE);
        key.extend_from_slice(&self.public_key);
        format!("{}+{:08x}+{}", self.name, self.key_id, encode_base64(&key))
    }

    /// Whether `sig` is a valid Ed25519 signature of `msg` by this key.
    pub fn verify(&self, msg: &[u8], sig: &[u8]) -> bool {
        UnparsedPublicKey::new(&ED25519, &self.public_key)
            .verify(msg, sig)
            .is_ok()
    }
}
