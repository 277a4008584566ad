//! The custody record as a transparency log.
//!
//! Every custody event (filed, submitted, endorsed, held, approved,
//! extracted, stored, signed, downloaded, verified, …) is written as an
//! exact JSON body in the same transaction as the action it records
//! (`record`). A single sequencer (`sequencer`) later appends queued events
//! as leaves of an RFC 6962 Merkle tree, stores the new perfect-subtree
//! nodes, and signs C2SP checkpoints, each checked consistent with the one
//! before. `proofs` answers inclusion and consistency proofs from stored
//! nodes; `audit` re-hashes every event body against the log.

pub mod audit;
pub mod background;
pub mod event;
pub mod proofs;
pub mod sequencer;

pub use event::{record, NewCustody};

/// Why a log operation failed.
#[derive(Debug, thiserror::Error)]
pub enum LogError {
    #[error(transparent)]
    Db(#[from] crate::db::DbError),
    #[error("the log's stored nodes are incomplete: {0}")]
    Proof(#[from] crate::tlog::ProofError),
    #[error("signing the checkpoint: {0}")]
    Note(#[from] crate::tlog::NoteError),
    /// The log no longer matches what was signed: a security event.
    #[error("the custody log is inconsistent: {0}")]
    Inconsistent(String),
    #[error("{0}")]
    NotFound(String),
}

impl From<diesel::result::Error> for LogError {
    fn from(e: diesel::result::Error) -> Self {
        LogError::Db(e.into())
    }
}
