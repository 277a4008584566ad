//! RFC 6962 Merkle tree hashing with SHA-256.

use ring::digest::{Context, SHA256};

/// A SHA-256 hash: a leaf hash, a node hash or a tree root.
pub type Hash = [u8; 32];

/// Hashes a leaf: SHA-256(0x00 || data).
pub fn leaf_hash(data: &[u8]) -> Hash {
    digest(&[&[0x00], data])
}

/// Hashes an inner node from its two children: SHA-256(0x01 || left || right).
pub fn node_hash(left: &Hash, right: &Hash) -> Hash {
    digest(&[&[0x01], left, right])
}

/// The root of a tree with no leaves: SHA-256 of the empty string.
pub fn empty_root() -> Hash {
    digest(&[])
}

/// SHA-256 of the concatenation of `parts`.
pub(super) fn digest(parts: &[&[u8]]) -> Hash {
    let mut ctx = Context::new(&SHA256);
    for part in parts {
        ctx.update(part);
    }
    let mut out = [0u8; 32];
    out.copy_from_slice(ctx.finish().as_ref());
    out
}

#[cfg(test)]
mod tests {
    use super::super::vectors::{h32, hb, EMPTY_ROOT_HASH, LEAF_HASHES, LEAF_INPUTS, NODE_HASHES};
    use super::*;

    #[test]
    fn empty_root_is_sha256_of_nothing() {
        assert_eq!(empty_root(), h32(EMPTY_ROOT_HASH));
    }

    #[test]
    fn leaf_and_node_hashes_match_vectors() {
        for (input, want) in LEAF_INPUTS.iter().zip(LEAF_HASHES) {
            assert_eq!(leaf_hash(&hb(input)), h32(want));
        }
        for level in 1..NODE_HASHES.len() {
            for (i, want) in NODE_HASHES[level].iter().enumerate() {
                let left = h32(NODE_HASHES[level - 1][2 * i]);
                let right = h32(NODE_HASHES[level - 1][2 * i + 1]);
                assert_eq!(node_hash(&left, &right), h32(want));
            }
        }
    }
}
