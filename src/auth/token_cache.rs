//! Tokens whose signature has been verified, so a client's next request
//! with the same token skips the Ed25519 verification (the costliest step
//! of authenticating a request). A hit needs the exact token text, which
//! only a genuinely signed token can have; its claims are stored as they
//! were verified, and the time claims (`exp`, `nbf`) are checked again on
//! every hit. The cache is bounded: when full it is emptied.

use std::collections::HashMap;
use std::sync::Mutex;

use super::token_keys::Claims;

/// At most this many tokens are remembered.
const CAPACITY: usize = 8192;

#[derive(Default)]
pub struct VerifiedTokens {
    map: Mutex<HashMap<String, Claims>>,
}

impl VerifiedTokens {
    /// The claims of `token`, if it was verified before.
    pub fn get(&self, token: &str) -> Option<Claims> {
        self.map
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(token)
            .cloned()
    }

    pub fn insert(&self, token: &str, claims: &Claims) {
        let mut m = self.map.lock().unwrap_or_else(|p| p.into_inner());
        if m.len() >= CAPACITY {
            m.clear();
        }
        m.insert(token.to_owned(), claims.clone());
    }

    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.map.lock().unwrap_or_else(|p| p.into_inner()).len()
    }
}
