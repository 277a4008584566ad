//! The Ed25519 key that signs access tokens, and token issue/verification.
//!
//! One algorithm only (EdDSA). The header's `kid` must name this key; `iss`,
//! `aud`, `exp`, `nbf` and `sub` are required and validated. The key is a
//! PKCS#8 file generated on first start with mode 0600; API replicas share
//! it through `SAKSHYA_TOKEN_KEY_FILE`.

use std::io::Write;
use std::path::Path;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use chrono::Utc;
use jsonwebtoken::errors::ErrorKind;
use jsonwebtoken::{
    decode, decode_header, encode, Algorithm, DecodingKey, EncodingKey, Header, Validation,
};
use ring::signature::{Ed25519KeyPair, KeyPair};
use serde::{Deserialize, Serialize};

use super::token_cache::VerifiedTokens;

/// What a token lets its bearer do.
pub const SCOPE_API: &str = "api";
/// Only enrol a second factor (issued to MFA roles not yet enrolled).
pub const SCOPE_MFA_ENROLMENT: &str = "mfa_enrolment";

/// Allowed clock skew between replicas, in seconds.
const LEEWAY_SECS: u64 = 5;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Claims {
    pub iss: String,
    pub aud: String,
    /// User id.
    pub sub: String,
    pub exp: i64,
    pub nbf: i64,
    pub iat: i64,
    pub jti: String,
    /// Session id; revoking the session invalidates the token at once.
    pub sid: String,
    pub scope: String,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum TokenError {
    #[error("token expired")]
    Expired,
    #[error("token invalid: {0}")]
    Invalid(String),
}

#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error("cannot read or write the token key {path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("the token key {0} is not an Ed25519 PKCS#8 key")]
    Malformed(String),
    #[error("key generation failed")]
    Generate,
}

pub struct TokenKeys {
    kid: String,
    encoding: EncodingKey,
    decoding: DecodingKey,
    issuer: String,
    audience: String,
    ttl_secs: i64,
    /// Tokens already verified, whose signature need not be checked again.
    verified: VerifiedTokens,
}

impl TokenKeys {
    /// Loads the key at `path`, creating it (mode 0600) if it does not exist.
    pub fn load_or_create(
        path: &Path,
        issuer: &str,
        audience: &str,
        ttl_secs: u32,
    ) -> Result<Self, KeyError> {
        let io = |source| KeyError::Io {
            path: path.display().to_string(),
            source,
        };
        if !path.exists() {
            let pkcs8 = Ed25519KeyPair::generate_pkcs8(&ring::rand::SystemRandom::new())
                .map_err(|_| KeyError::Generate)?;
            write_private(path, pkcs8.as_ref()).map_err(io)?;
        }
        let der = std::fs::read(path).map_err(io)?;
        Self::from_pkcs8(&der, issuer, audience, ttl_secs)
            .map_err(|_| KeyError::Malformed(path.display().to_string()))
    }

    pub fn from_pkcs8(
        der: &[u8],
        issuer: &str,
        audience: &str,
        ttl_secs: u32,
    ) -> Result<Self, KeyError> {
        let pair =
            Ed25519KeyPair::from_pkcs8(der).map_err(|_| KeyError::Malformed("<bytes>".into()))?;
        let public = pair.public_key().as_ref();
        let kid = hex::encode(&ring::digest::digest(&ring::digest::SHA256, public).as_ref()[..8]);
        Ok(Self {
            kid,
            encoding: EncodingKey::from_ed_der(der),
            decoding: DecodingKey::from_ed_components(&URL_SAFE_NO_PAD.encode(public))
                .map_err(|_| KeyError::Malformed("<public key>".into()))?,
            issuer: issuer.to_owned(),
            audience: audience.to_owned(),
            ttl_secs: i64::from(ttl_secs),
            verified: VerifiedTokens::default(),
        })
    }

    pub fn kid(&self) -> &str {
        &self.kid
    }

    pub fn ttl_secs(&self) -> i64 {
        self.ttl_secs
    }

    /// Signs an access token for `user_id` in session `session_id`.
    pub fn issue(
        &self,
        user_id: &str,
        session_id: &str,
        scope: &str,
    ) -> Result<String, TokenError> {
        let now = Utc::now().timestamp();
        let claims = Claims {
            iss: self.issuer.clone(),
            aud: self.audience.clone(),
            sub: user_id.to_owned(),
            exp: now + self.ttl_secs,
            nbf: now,
            iat: now,
            jti: uuid::Uuid::now_v7().to_string(),
            sid: session_id.to_owned(),
            scope: scope.to_owned(),
        };
        self.sign(&claims)
    }

    /// Signs arbitrary claims with this key (tests use it to build
    /// expired or not-yet-valid tokens).
    pub fn sign(&self, claims: &Claims) -> Result<String, TokenError> {
        let mut header = Header::new(Algorithm::EdDSA);
        header.kid = Some(self.kid.clone());
        encode(&header, claims, &self.encoding).map_err(|e| TokenError::Invalid(e.to_string()))
    }

    /// The token's claims if this key signed it and it is valid now. A
    /// token seen before skips the signature check (`token_cache`), never
    /// the time checks.
    pub fn verify(&self, token: &str) -> Result<Claims, TokenError> {
        if let Some(claims) = self.verified.get(token) {
            return still_valid(claims);
        }
        let claims = self.verify_signed(token)?;
        self.verified.insert(token, &claims);
        Ok(claims)
    }

    fn verify_signed(&self, token: &str) -> Result<Claims, TokenError> {
        let header = decode_header(token).map_err(|e| TokenError::Invalid(e.to_string()))?;
        if header.alg != Algorithm::EdDSA {
            return Err(TokenError::Invalid("algorithm not allowed".into()));
        }
        if header.kid.as_deref() != Some(self.kid.as_str()) {
            return Err(TokenError::Invalid("unknown key id".into()));
        }
        let mut v = Validation::new(Algorithm::EdDSA);
        v.set_issuer(&[&self.issuer]);
        v.set_audience(&[&self.audience]);
        v.set_required_spec_claims(&["exp", "nbf", "iss", "aud", "sub"]);
        v.validate_nbf = true;
        v.leeway = LEEWAY_SECS;
        decode::<Claims>(token, &self.decoding, &v)
            .map(|d| d.claims)
            .map_err(|e| match e.kind() {
                ErrorKind::ExpiredSignature => TokenError::Expired,
                other => TokenError::Invalid(format!("{other:?}")),
            })
    }
}

/// `exp` and `nbf` of verified claims, against the clock now, with the
/// same leeway as the full verification.
fn still_valid(claims: Claims) -> Result<Claims, TokenError> {
    let now = Utc::now().timestamp();
    let leeway = LEEWAY_SECS as i64;
    if claims.exp < now - leeway {
        return Err(TokenError::Expired);
    }
    if claims.nbf > now + leeway {
        return Err(TokenError::Invalid("ImmatureSignature".into()));
    }
    Ok(claims)
}

/// Writes a new private key without ever overwriting one: the bytes go to a
/// unique temporary file which is then hard-linked into place. If another
/// replica created the key first, its key wins and ours is discarded.
pub(crate) fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))?;
        }
    }
    let tmp = path.with_extension(format!("tmp-{}", uuid::Uuid::now_v7().simple()));
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let written = opts.open(&tmp).and_then(|mut f| {
        f.write_all(bytes)?;
        f.sync_all()
    });
    let linked = written.and_then(|()| match std::fs::hard_link(&tmp, path) {
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        other => other,
    });
    let _ = std::fs::remove_file(&tmp);
    linked
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys() -> TokenKeys {
        let der = Ed25519KeyPair::generate_pkcs8(&ring::rand::SystemRandom::new()).unwrap();
        TokenKeys::from_pkcs8(der.as_ref(), "sakshya", "sakshya-api", 600).unwrap()
    }

    #[test]
    fn issues_and_verifies() {
        let k = keys();
        let t = k.issue("u1", "s1", SCOPE_API).unwrap();
        let c = k.verify(&t).unwrap();
        assert_eq!(
            (c.sub.as_str(), c.sid.as_str(), c.scope.as_str()),
            ("u1", "s1", SCOPE_API)
        );
    }

    #[test]
    fn a_verified_token_is_remembered_but_still_expires_and_forgeries_miss() {
        let k = keys();
        let now = Utc::now().timestamp();
        let claims = Claims {
            iss: "sakshya".into(),
            aud: "sakshya-api".into(),
            sub: "u1".into(),
            exp: now - LEEWAY_SECS as i64 + 1,
            nbf: now - 10,
            iat: now - 10,
            jti: "j".into(),
            sid: "s1".into(),
            scope: SCOPE_API.into(),
        };
        let t = k.sign(&claims).unwrap();
        assert_eq!(k.verify(&t).unwrap(), claims);
        assert_eq!(k.verified.len(), 1);
        // A different text (a flipped signature byte) is verified in full.
        let mut forged = t.clone().into_bytes();
        let last = forged.len() - 2;
        forged[last] = if forged[last] == b'A' { b'B' } else { b'A' };
        let forged = String::from_utf8(forged).unwrap();
        assert!(matches!(k.verify(&forged), Err(TokenError::Invalid(_))));
        assert_eq!(k.verified.len(), 1, "a refused token is not remembered");
        // The remembered token expires like any other.
        std::thread::sleep(std::time::Duration::from_millis(2100));
        assert_eq!(k.verify(&t), Err(TokenError::Expired));
    }

    #[test]
    fn another_key_is_refused() {
        let t = keys().issue("u1", "s1", SCOPE_API).unwrap();
        assert!(matches!(keys().verify(&t), Err(TokenError::Invalid(_))));
    }

    #[test]
    fn creates_key_file_private() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("keys/k.p8");
        let a = TokenKeys::load_or_create(&p, "i", "a", 60).unwrap();
        let b = TokenKeys::load_or_create(&p, "i", "a", 60).unwrap();
        assert_eq!(a.kid(), b.kid(), "reloaded, not regenerated");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(
                std::fs::metadata(&p).unwrap().permissions().mode() & 0o777,
                0o600
            );
        }
    }
}
