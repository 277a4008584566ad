//! Authentication: argon2id passwords, Ed25519-signed JWT access tokens,
//! single-use rotating refresh tokens, and TOTP second factors.
//! Authorisation rules themselves live in `domain::authz`.

pub mod account;
pub mod extractor;
pub mod login;
pub mod password;
pub mod random;
pub mod session;
mod token_cache;
pub mod token_keys;
pub mod totp;

pub use extractor::{Authenticated, Enrolling};
pub use token_keys::TokenKeys;
