//! `/api/v1/log`: the custody transparency log's checkpoint and proofs.
//! Checkpoints and proofs by index carry only hashes and are public;
//! a proof for a named event needs an account.

pub mod checkpoint;
pub mod consistency;
pub mod event_proof;
pub mod inclusion;

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use serde::Serialize;

/// A proof as JSON: base64 hashes, leaf to root.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ProofView {
    pub hashes: Vec<String>,
}

impl ProofView {
    pub fn new(hashes: &[crate::tlog::Hash]) -> Self {
        Self {
            hashes: hashes.iter().map(|h| B64.encode(h)).collect(),
        }
    }
}
