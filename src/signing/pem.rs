//! Public keys in the forms stock tools read: PEM (SubjectPublicKeyInfo,
//! what `openssl pkeyutl -pubin` takes).

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;

/// DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410); the 32-byte
/// key follows.
const ED25519_SPKI_PREFIX: [u8; 12] = [
    0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00,
];

/// `-----BEGIN PUBLIC KEY-----` PEM of an Ed25519 public key.
pub fn public_pem(public: &[u8; 32]) -> String {
    let mut der = ED25519_SPKI_PREFIX.to_vec();
    der.extend_from_slice(public);
    format!(
        "-----BEGIN PUBLIC KEY-----\n{}\n-----END PUBLIC KEY-----\n",
        B64.encode(der)
    )
}

/// The raw key from such a PEM.
pub fn parse_public_pem(pem: &str) -> Option<[u8; 32]> {
    let body: String = pem
        .lines()
        .filter(|l| !l.starts_with("-----"))
        .collect::<Vec<_>>()
        .concat();
    let der = B64.decode(body.trim()).ok()?;
    let key = der.strip_prefix(&ED25519_SPKI_PREFIX[..])?;
    key.try_into().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let k = [7u8; 32];
        let pem = public_pem(&k);
        assert!(pem.starts_with("-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA"));
        assert_eq!(parse_public_pem(&pem), Some(k));
        assert_eq!(
            parse_public_pem("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n"),
            None
        );
    }
}
