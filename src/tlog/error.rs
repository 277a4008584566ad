//! Errors returned by proof building, proof checking and the text formats.

use super::node::NodeId;

/// Why a Merkle proof could not be built or did not verify.
#[derive(Debug, Clone, thiserror::Error, PartialEq, Eq)]
pub enum ProofError {
    #[error("leaf index {index} is outside a tree of {size} leaves")]
    IndexOutOfRange { index: u64, size: u64 },
    #[error("tree size {size2} is smaller than the earlier size {size1}")]
    SizeDecreased { size1: u64, size2: u64 },
    #[error("a consistency proof from an empty tree proves nothing")]
    EmptyOldTree,
    #[error("proof has {got} hashes, expected {want}")]
    WrongProofSize { got: usize, want: usize },
    #[error("proof does not lead to the expected root")]
    RootMismatch,
    #[error("proof does not lead to the expected earlier root")]
    OldRootMismatch,
    #[error("node {0} is needed but was not supplied")]
    MissingNode(NodeId),
    #[error("a proof hash covers no nodes")]
    EmptyRange,
    #[error("stored right edge does not match a tree of {size} leaves")]
    BadEdge { size: u64 },
}

/// Why a signed note, key, checkpoint or tlog-proof was rejected.
#[derive(Debug, Clone, thiserror::Error, PartialEq, Eq)]
pub enum NoteError {
    #[error("malformed note: {0}")]
    Malformed(&'static str),
    #[error("invalid key name")]
    InvalidName,
    #[error("invalid verifier key: {0}")]
    BadVerifierKey(&'static str),
    #[error("ambiguous key {name}+{key_id:08x}: listed more than once")]
    AmbiguousKey { name: String, key_id: u32 },
    #[error("invalid signature for key {name}+{key_id:08x}")]
    InvalidSignature { name: String, key_id: u32 },
    #[error("note has no verifiable signatures")]
    NoVerifiedSignature,
    #[error("malformed checkpoint: {0}")]
    Checkpoint(&'static str),
    #[error("malformed tlog-proof: {0}")]
    TlogProof(&'static str),
    #[error("checkpoint origin is {got:?}, expected {want:?}")]
    OriginMismatch { want: String, got: String },
    #[error("inclusion proof failed: {0}")]
    Proof(#[from] ProofError),
}
