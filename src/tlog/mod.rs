//! Transparency log building blocks: RFC 6962 Merkle tree hashing, proofs
//! built from stored perfect subtrees, RFC 9162 proof verification, and the
//! C2SP signed-note, tlog-checkpoint and tlog-proof text formats.

mod checkpoint;
mod compact;
mod error;
mod fields;
mod hash;
mod key;
mod node;
mod note;
mod plan;
mod tlog_proof;
mod verify;

#[cfg(test)]
mod tests;
#[cfg(test)]
mod vectors;

pub use self::checkpoint::Checkpoint;
pub use self::compact::CompactRange;
pub use self::error::{NoteError, ProofError};
pub use self::hash::{empty_root, leaf_hash, node_hash, Hash};
pub use self::key::{key_id, Verifier};
pub use self::node::NodeId;
pub use self::note::{open, sign, signature_line, OpenedNote};
pub use self::plan::{consistency_plan, inclusion_plan, root_plan, Plan, RangeHash};
pub use self::tlog_proof::TlogProof;
pub use self::verify::{root_from_inclusion, verify_consistency, verify_inclusion};
