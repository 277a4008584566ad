//! Test vectors for an RFC 6962 / RFC 9162 Merkle tree log (SHA-256), C2SP
//! signed notes, C2SP checkpoints and C2SP tlog-proof files.
//!
//! The helper functions at the bottom decode hex with the `hex` crate.
//! All hashes are lowercase hex strings of 32 bytes unless stated otherwise.
//!
//! ===========================================================================
//! SOURCES (copied verbatim; every hash below was re-checked by recomputing it
//! with an independent Python implementation of RFC 6962 MTH/PATH/SUBPROOF):
//!
//!  [C] github.com/transparency-dev/merkle  testonly/constants.go
//!      (stored revision 582a6ad190b6848f1d26f8bf08ddef29955d9db1)
//!      -> LeafInputs(), NodeHashes(), RootHashes(), EmptyRootHash()
//!  [V] github.com/transparency-dev/merkle  proof/verify_test.go
//!      (stored revision 02194e9afb6c1d95b5381350007963aa70fff472: the
//!      table-driven version with `inclusionProofs` / `consistencyProofs` /
//!      `roots` / `leaves` and the corruptInclusionProof /
//!      corruptConsistencyProof mutation helpers).
//!      Later revisions (e.g. 73a0db1c2a2bd17afd311403643abea0266cbf87) deleted
//!      the tables and instead load the *same* vectors, already mutated, from
//!      testdata/inclusion/<0..4>/<probe>.json and
//!      testdata/consistency/<0..4>/<probe>.json (base64 hashes, fields
//!      leafIdx/treeSize/root/leafHash/proof/desc/wantErr; leafIdx 0-based).
//!  [P] github.com/transparency-dev/merkle  proof/proof_test.go
//!      (stored revision 02a3e2029520f515596d5238c54fb0ac9e19bff4)
//!      -> node-ID level structure of generated proofs (TestInclusion /
//!      TestConsistency), incl. trees of size 15, 31, 95.
//!  [N] golang.org/x/mod  sumdb/note/note_test.go + note.go (github golang/mod,
//!      stored revisions 02c991387e35f9e4c0a9b7ce137717055f8d716d and
//!      605edab4323bfdf06a0d8ac68b4b18e9e0df249b)
//!  [F] github.com/transparency-dev/formats  log/note_test.go
//!      (stored revision 5242c17862d31acd165afafa140ecc973a621469) and
//!      log/checkpoint_test.go (7a6ef700ee5660b2580c9da92063af300820fdee)
//!  [D] DERIVED: computed for this project with Python hashlib + the
//!      `cryptography` package (Ed25519 is deterministic, so these are
//!      reproducible). Every derived proof was verified with an RFC 9162
//!      §2.1.3.2/§2.1.4.2 verifier, and every derived signature with an
//!      independent Ed25519 verify. They are NOT from an upstream repository.
//!
//! ===========================================================================
//! CONVENTIONS
//!
//!  * Leaf hash  = SHA-256(0x00 || leaf_input); node hash = SHA-256(0x01 || left || right);
//!    empty tree = SHA-256("") = e3b0c442...b855  (RFC 6962 §2.1).
//!  * Proof hashes are listed LEAF-TO-ROOT: element 0 is the sibling of the
//!    leaf (or lowest subtree), the last element is the child of the root.
//!    This is exactly the RFC 6962 PATH / SUBPROOF output order and the order
//!    used by c2sp.org/tlog-proof.
//!  * In [V]'s `inclusionProofs` table the `leaf` field is 1-BASED: the Go test
//!    does `leafHash := HashLeaf(leaves[p.leaf-1])` and verifies with leaf
//!    index `p.leaf-1`. The first table row {0, 0, nil} is an intentionally
//!    invalid placeholder that the test skips ("i = 0 is an invalid path";
//!    the loop runs i = 1..5). Use `GoInclusionVector::leaf_index()` which
//!    returns the 0-based index (None for the placeholder).
//!    Everything else here (derived tables, NodeID tables, JSON testdata,
//!    tlog-proof `index` lines, RFC 6962 PATH(m, ...)) is 0-BASED.
//!  * [V]'s `roots` table is indexed by size-1 (roots[0] is the size-1 root);
//!    ROOT_HASHES below is indexed by size (ROOT_HASHES[0] = empty tree).
//!    They contain the same values.
//!  * Consistency vectors: root1 = ROOT_HASHES[size1], root2 = ROOT_HASHES[size2].
//!  * Inclusion vectors: leaf hash = LEAF_HASHES[leaf_index] (= NODE_HASHES[0][i]),
//!    root = ROOT_HASHES[tree_size].
//!
//! ===========================================================================
//! MUTATION PROBES applied by [V]; `tests/probes.rs` applies the same ones,
//! and every one is rejected.
//!
//! verifierCheck(leafIndex, treeSize, proof, root, leafHash) is run for
//! inclusionProofs[1..=5] (0-based leafIndex = leaf-1, root = roots[size-1]):
//!   first RootFromInclusionProof(...) must equal root, VerifyInclusion must
//!   pass, then corruptInclusionProof() produces (all must be rejected):
//!     "leafIndex - 1"      index = leafIndex - 1   (Go uint64: 0-1 wraps to 2^64-1; use wrapping_sub)
//!     "leafIndex + 1"      index = leafIndex + 1
//!     "leafIndex ^ 2"      index = leafIndex XOR 2
//!     "treeSize * 2"       size  = treeSize * 2
//!     "treeSize / 2"       size  = treeSize / 2 (integer division; 1/2 = 0)
//!     "wrong leaf"         leafHash = b"WrongLeaf" (9 bytes!)
//!     "empty root"         root = SHA256_EMPTY_TREE_HASH
//!     "random root"        root = SHA256_SOME_HASH
//!     "trailing garbage"   proof = proof ++ [b""]      (a ZERO-LENGTH element)
//!     "trailing root"      proof = proof ++ [root]
//!     "preceding garbage"  proof = [b""] ++ proof
//!     "preceding root"     proof = [root] ++ proof
//!     for i in 0..len: "modified proof[i] bit 3"  proof[i][0] ^= 0x08 (copy first!)
//!     if len > 0: "removed component"   proof = proof[..len-1]
//!     if len > 1: "inserted component"  proof = [proof[0], SHA256_SOME_HASH] ++ proof[1..]
//!
//! verifierConsistencyCheck(size1, size2, proof, root1, root2) is run for all
//! consistencyProofs with root1 = roots[size1-1], root2 = roots[size2-1]:
//!   VerifyConsistency must pass; if len(proof) == 0 no probes are run;
//!   otherwise corruptConsistencyProof() produces (all must be rejected):
//!     "size1 - 1", "size1 + 1", "size1 ^ 2"   (size1 XOR 2)
//!     "size2 * 2", "size2 / 2"
//!     "wrong root1"        root1 = b"WrongRoot" (9 bytes!)
//!     "wrong root2"        root2 = b"WrongRoot"
//!     "swapped roots"      (root1, root2) = (root2, root1)
//!     "empty proof"        proof = []
//!     "trailing garbage"   proof ++ [b""];  "trailing root1" proof ++ [root1];
//!     "trailing root2"     proof ++ [root2]
//!     "preceding garbage"  [b""] ++ proof;  "preceding root1" [root1] ++ proof;
//!     "preceding root2"    [root2] ++ proof; "preceding proof[0]" [proof[0]] ++ proof
//!     if len > 0: "truncated proof"  proof[..len-1]
//!     for i in 0..len: "modified proof[i] bit 4"  proof[i][0] ^= 0x10
//!
//! This module's hashes are fixed `[u8; 32]` arrays, so the zero-length
//! "garbage" element and the 9-byte "WrongLeaf"/"WrongRoot" values cannot be
//! expressed; `tests/probes.rs` uses [0u8; 32] and the leaf hashes of those
//! strings in their place.
//!
//! The newer JSON testdata encodes the same probes with file names such as
//! "leafIdx-+-1.json", "treeSize-div-2.json", "modified-proof[0]-bit-3.json",
//! "size1-^-2.json", "swapped-roots.json", "happy-path.json" (wantErr=false).
//! ===========================================================================

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

// ---------------------------------------------------------------------------
// [C] testonly/constants.go
// ---------------------------------------------------------------------------

/// `EmptyRootHash()` = SHA-256 of the empty string.
pub const EMPTY_ROOT_HASH: &str =
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

/// `LeafInputs()` — raw leaf data (hex). Note the first leaf is EMPTY (0 bytes).
pub const LEAF_INPUTS: [&str; 8] = [
    "",
    "00",
    "10",
    "2021",
    "3031",
    "40414243",
    "5051525354555657",
    "606162636465666768696a6b6c6d6e6f",
];

/// `RootHashes()` — indexed by tree size 0..=8 (index 0 = empty tree).
pub const ROOT_HASHES: [&str; 9] = [
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", // size 0
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d", // size 1
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125", // size 2
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77", // size 3
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7", // size 4
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4", // size 5
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef", // size 6
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c", // size 7
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328", // size 8
];

/// `NodeHashes()` — all complete-subtree hashes of the 8-leaf tree.
/// First index = level (0 = leaves), second = horizontal index in the level.
/// NODE_HASHES[l][i] = MTH(LEAF_INPUTS[i*2^l .. (i+1)*2^l]).
pub const NODE_HASHES: &[&[&str]] = &[
    // level 0
    &[
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
        "0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7",
        "07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7",
        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        "4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab658",
        "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
        "46f6ffadd3d06a09ff3c5860d2755c8b9819db7df44251788c7d8e3180de8eb1",
    ],
    // level 1
    &[
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
        "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
    ],
    // level 2
    &[
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
    ],
    // level 3
    &["5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"],
];

/// Convenience alias: leaf hashes SHA-256(0x00 || LEAF_INPUTS[i]) (= NODE_HASHES[0]).
pub const LEAF_HASHES: [&str; 8] = [
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
    "0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7",
    "07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7",
    "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
    "4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab658",
    "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
    "46f6ffadd3d06a09ff3c5860d2755c8b9819db7df44251788c7d8e3180de8eb1",
];

/// `CompactTrees()` from [C]: compact-range (peaks) of each tree size, as
/// (level, index) references into NODE_HASHES, left (biggest) to right.
pub const COMPACT_TREES: [&[(usize, usize)]; 9] = [
    &[],                       // size 0 (nil)
    &[(0, 0)],                 // size 1
    &[(1, 0)],                 // size 2
    &[(1, 0), (0, 2)],         // size 3
    &[(2, 0)],                 // size 4
    &[(2, 0), (0, 4)],         // size 5
    &[(2, 0), (1, 2)],         // size 6
    &[(2, 0), (1, 2), (0, 6)], // size 7
    &[(3, 0)],                 // size 8
];

// ---------------------------------------------------------------------------
// [V] proof/verify_test.go (table-driven revision)
// ---------------------------------------------------------------------------

/// `sha256SomeHash` — an arbitrary 32-byte value used as a wrong root / inserted component.
pub const SHA256_SOME_HASH: &str =
    "abacaba000000000000000000000000000000000000000000060061e00123456";
/// `sha256EmptyTreeHash`
pub const SHA256_EMPTY_TREE_HASH: &str =
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

/// A row of `inclusionProofs` exactly as in Go: `leaf` is 1-BASED.
#[derive(Debug, Clone, Copy)]
pub struct GoInclusionVector {
    /// 1-based leaf number as written in the Go source (0 = invalid placeholder row).
    pub leaf: u64,
    pub size: u64,
    /// Leaf-to-root.
    pub proof: &'static [&'static str],
}

impl GoInclusionVector {
    /// 0-based leaf index (`leaf - 1`), or None for the placeholder row {0, 0, nil}.
    pub const fn leaf_index(&self) -> Option<u64> {
        self.leaf.checked_sub(1)
    }
}

/// `inclusionProofs` — verbatim order. Row 0 is skipped by the Go test.
pub const INCLUSION_PROOFS: &[GoInclusionVector] = &[
    GoInclusionVector {
        leaf: 0,
        size: 0,
        proof: &[],
    },
    GoInclusionVector {
        leaf: 1,
        size: 1,
        proof: &[],
    },
    GoInclusionVector {
        leaf: 1,
        size: 8,
        proof: &[
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ],
    },
    GoInclusionVector {
        leaf: 6,
        size: 8,
        proof: &[
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    },
    GoInclusionVector {
        leaf: 3,
        size: 3,
        proof: &["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"],
    },
    GoInclusionVector {
        leaf: 2,
        size: 5,
        proof: &[
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        ],
    },
];

/// A row of `consistencyProofs` exactly as in Go.
#[derive(Debug, Clone, Copy)]
pub struct ConsistencyVector {
    pub size1: u64,
    pub size2: u64,
    /// RFC 6962 SUBPROOF order (lowest level first).
    pub proof: &'static [&'static str],
}

/// `consistencyProofs` — verbatim order. root1 = ROOT_HASHES[size1], root2 = ROOT_HASHES[size2].
pub const CONSISTENCY_PROOFS: &[ConsistencyVector] = &[
    ConsistencyVector {
        size1: 1,
        size2: 1,
        proof: &[],
    },
    ConsistencyVector {
        size1: 1,
        size2: 8,
        proof: &[
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ],
    },
    ConsistencyVector {
        size1: 6,
        size2: 8,
        proof: &[
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    },
    ConsistencyVector {
        size1: 2,
        size2: 5,
        proof: &[
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        ],
    },
    ConsistencyVector {
        size1: 6,
        size2: 7,
        proof: &[
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    },
];

/// Probe descriptions of corruptInclusionProof, in Go order (per-element and
/// length-dependent probes are appended after these; see header comment).
pub const INCLUSION_PROBE_DESCS: &[&str] = &[
    "leafIndex - 1",
    "leafIndex + 1",
    "leafIndex ^ 2",
    "treeSize * 2",
    "treeSize / 2",
    "wrong leaf",
    "empty root",
    "random root",
    "trailing garbage",
    "trailing root",
    "preceding garbage",
    "preceding root",
    // then: "modified proof[i] bit 3" for each i, "removed component" (len>0),
    // "inserted component" (len>1)
];

/// Probe descriptions of corruptConsistencyProof, in Go order.
pub const CONSISTENCY_PROBE_DESCS: &[&str] = &[
    "size1 - 1",
    "size1 + 1",
    "size1 ^ 2",
    "size2 * 2",
    "size2 / 2",
    "wrong root1",
    "wrong root2",
    "swapped roots",
    "empty proof",
    "trailing garbage",
    "trailing root1",
    "trailing root2",
    "preceding garbage",
    "preceding root1",
    "preceding root2",
    "preceding proof[0]",
    // then: "truncated proof" (len>0), "modified proof[i] bit 4" for each i
];

/// Byte strings used by the probes (NOT 32 bytes long).
pub const WRONG_LEAF: &[u8] = b"WrongLeaf";
pub const WRONG_ROOT: &[u8] = b"WrongRoot";

// --- TestVerifyInclusionSingleEntry -------------------------------------------
// data := []byte("data"); hash := HashLeaf(data); proof = [] ; index 0, size 1.
// Cases (root, leaf, wantErr), `empty` = zero-length byte slice:
//   (hash,  hash,  false)
//   (hash,  empty, true)
//   (empty, hash,  true)
//   (empty, empty, true)   // "Wrong hash size."
pub const SINGLE_ENTRY_DATA: &[u8] = b"data";
/// SHA-256(0x00 || "data") [D: computed, not in the Go source].
pub const SINGLE_ENTRY_LEAF_HASH: &str =
    "0d3aed023148ffd2a259fbd0cdc7fb3cf975658760d3775b82af6f90aacc2dfc";

// --- TestVerifyInclusion (edge cases, proof = []) ---------------------------
// For each (index, size) in INCLUSION_EDGE_PROBES all three calls MUST error:
//   VerifyInclusion(index, size, leaf = SHA256_SOME_HASH, proof = [], root = b"")
//   VerifyInclusion(index, size, leaf = b"",              proof = [], root = SHA256_EMPTY_TREE_HASH)
//   VerifyInclusion(index, size, leaf = SHA256_SOME_HASH, proof = [], root = SHA256_EMPTY_TREE_HASH)
pub const INCLUSION_EDGE_PROBES: &[(u64, u64)] = &[(0, 0), (0, 1), (1, 0), (2, 1)];

// --- TestVerifyConsistency (edge cases) --------------------------------------
/// Values used by the edge-case table. `Root1`/`Root2` are the literal byte
/// strings "don't care 1" / "don't care 2" (12 bytes, NOT hashes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EdgeValue {
    /// b"don't care 1"
    Root1,
    /// b"don't care 2"
    Root2,
    /// SHA256_EMPTY_TREE_HASH
    EmptyTreeHash,
}

pub const DONT_CARE_1: &[u8] = b"don't care 1";
pub const DONT_CARE_2: &[u8] = b"don't care 2";

#[derive(Debug, Clone, Copy)]
pub struct ConsistencyEdgeCase {
    pub size1: u64,
    pub size2: u64,
    pub root1: EdgeValue,
    pub root2: EdgeValue,
    /// proof1 = [] ; proof2 = [SHA256_EMPTY_TREE_HASH]
    pub proof: &'static [EdgeValue],
    pub want_err: bool,
}

/// Verbatim from TestVerifyConsistency in [V]. NOTE the semantics this table
/// encodes (matching the *contemporaneous* proof/verify.go):
///   size2 < size1            -> error
///   size1 == size2           -> proof must be empty AND root1 == root2
///   size1 == 0 (< size2)     -> OK iff proof is empty ("Any size greater than 0
///                               is consistent with size 0"); roots not checked
///   otherwise empty proof    -> error
/// LATER revisions of verify.go changed the size1 == 0 case to an error
/// ("consistency proof from empty tree is meaningless"); one revision even
/// checks size1 == 0 before size1 == size2, making (0,0) an error too.
/// RFC 9162 §2.1.4.2 itself only defines 0 < first < second.
/// If you type roots as [u8; 32], map Root1/Root2 to two distinct 32-byte
/// values; the expectations stay the same.
pub const CONSISTENCY_EDGE_CASES: &[ConsistencyEdgeCase] = &[
    ConsistencyEdgeCase {
        size1: 0,
        size2: 0,
        root1: EdgeValue::Root1,
        root2: EdgeValue::Root2,
        proof: &[],
        want_err: true,
    },
    ConsistencyEdgeCase {
        size1: 1,
        size2: 1,
        root1: EdgeValue::Root1,
        root2: EdgeValue::Root2,
        proof: &[],
        want_err: true,
    },
    // Sizes that are always consistent.
    ConsistencyEdgeCase {
        size1: 0,
        size2: 0,
        root1: EdgeValue::Root1,
        root2: EdgeValue::Root1,
        proof: &[],
        want_err: false,
    },
    ConsistencyEdgeCase {
        size1: 0,
        size2: 1,
        root1: EdgeValue::Root1,
        root2: EdgeValue::Root2,
        proof: &[],
        want_err: false,
    },
    ConsistencyEdgeCase {
        size1: 1,
        size2: 1,
        root1: EdgeValue::Root2,
        root2: EdgeValue::Root2,
        proof: &[],
        want_err: false,
    },
    // Time travel to the past.
    ConsistencyEdgeCase {
        size1: 1,
        size2: 0,
        root1: EdgeValue::Root1,
        root2: EdgeValue::Root2,
        proof: &[],
        want_err: true,
    },
    ConsistencyEdgeCase {
        size1: 2,
        size2: 1,
        root1: EdgeValue::Root1,
        root2: EdgeValue::Root2,
        proof: &[],
        want_err: true,
    },
    // Empty proof.
    ConsistencyEdgeCase {
        size1: 1,
        size2: 2,
        root1: EdgeValue::Root1,
        root2: EdgeValue::Root2,
        proof: &[],
        want_err: true,
    },
    // Roots don't match.
    ConsistencyEdgeCase {
        size1: 0,
        size2: 0,
        root1: EdgeValue::EmptyTreeHash,
        root2: EdgeValue::Root2,
        proof: &[],
        want_err: true,
    },
    ConsistencyEdgeCase {
        size1: 1,
        size2: 1,
        root1: EdgeValue::EmptyTreeHash,
        root2: EdgeValue::Root2,
        proof: &[],
        want_err: true,
    },
    // Roots match but the proof is not empty.
    ConsistencyEdgeCase {
        size1: 0,
        size2: 0,
        root1: EdgeValue::EmptyTreeHash,
        root2: EdgeValue::EmptyTreeHash,
        proof: &[EdgeValue::EmptyTreeHash],
        want_err: true,
    },
    ConsistencyEdgeCase {
        size1: 0,
        size2: 1,
        root1: EdgeValue::EmptyTreeHash,
        root2: EdgeValue::EmptyTreeHash,
        proof: &[EdgeValue::EmptyTreeHash],
        want_err: true,
    },
    ConsistencyEdgeCase {
        size1: 1,
        size2: 1,
        root1: EdgeValue::EmptyTreeHash,
        root2: EdgeValue::EmptyTreeHash,
        proof: &[EdgeValue::EmptyTreeHash],
        want_err: true,
    },
];

// ---------------------------------------------------------------------------
// [P] proof/proof_test.go — structure of generated proofs as node IDs.
// NodeId = (level, index): level 0 = leaves; node (l, i) covers leaves
// [i*2^l, (i+1)*2^l). `rehash = Some((begin, end))` means ids[begin..end]
// must be folded into ONE proof hash (the "ephemeral" node that does not exist
// in the stored tree) using Go's Rehash: h = hash(ids[begin]);
// for j in begin+1..end { h = HashChildren(hash(ids[j]), h) } — i.e. each
// later id is the LEFT child. After folding, the list equals RFC 6962 PATH /
// SUBPROOF (leaf-to-root). Indices are 0-based.
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, Copy)]
pub struct NodeIdProof {
    pub a: u64, // inclusion: index ; consistency: size1
    pub b: u64, // inclusion: size  ; consistency: size2
    pub ids: &'static [(u8, u64)],
    pub rehash: Option<(usize, usize)>,
}

/// TestInclusion success rows (a = index, b = size). Error rows:
/// (size 0, index 0), (0, 1), (1, 2), (0, 3), (7, 8)  i.e. index >= size.
pub const NODE_ID_INCLUSION: &[NodeIdProof] = &[
    NodeIdProof {
        a: 0,
        b: 1,
        ids: &[],
        rehash: None,
    },
    NodeIdProof {
        a: 0,
        b: 2,
        ids: &[(0, 1)],
        rehash: None,
    },
    NodeIdProof {
        a: 1,
        b: 2,
        ids: &[(0, 0)],
        rehash: None,
    },
    NodeIdProof {
        a: 1,
        b: 3,
        ids: &[(0, 0), (0, 2)],
        rehash: None,
    },
    NodeIdProof {
        a: 0,
        b: 7,
        ids: &[(0, 1), (1, 1), (0, 6), (1, 2)],
        rehash: Some((2, 4)),
    },
    NodeIdProof {
        a: 1,
        b: 7,
        ids: &[(0, 0), (1, 1), (0, 6), (1, 2)],
        rehash: Some((2, 4)),
    },
    NodeIdProof {
        a: 2,
        b: 7,
        ids: &[(0, 3), (1, 0), (0, 6), (1, 2)],
        rehash: Some((2, 4)),
    },
    NodeIdProof {
        a: 3,
        b: 7,
        ids: &[(0, 2), (1, 0), (0, 6), (1, 2)],
        rehash: Some((2, 4)),
    },
    NodeIdProof {
        a: 4,
        b: 7,
        ids: &[(0, 5), (0, 6), (2, 0)],
        rehash: None,
    },
    NodeIdProof {
        a: 5,
        b: 7,
        ids: &[(0, 4), (0, 6), (2, 0)],
        rehash: None,
    },
    NodeIdProof {
        a: 6,
        b: 7,
        ids: &[(1, 2), (2, 0)],
        rehash: None,
    },
    NodeIdProof {
        a: 2,
        b: 4,
        ids: &[(0, 3), (1, 0)],
        rehash: None,
    },
    NodeIdProof {
        a: 3,
        b: 5,
        ids: &[(0, 2), (1, 0), (0, 4)],
        rehash: None,
    },
    NodeIdProof {
        a: 3,
        b: 6,
        ids: &[(0, 2), (1, 0), (1, 2)],
        rehash: None,
    },
    NodeIdProof {
        a: 4,
        b: 6,
        ids: &[(0, 5), (2, 0)],
        rehash: None,
    },
    NodeIdProof {
        a: 1,
        b: 7,
        ids: &[(0, 0), (1, 1), (0, 6), (1, 2)],
        rehash: Some((2, 4)),
    },
    NodeIdProof {
        a: 3,
        b: 7,
        ids: &[(0, 2), (1, 0), (0, 6), (1, 2)],
        rehash: Some((2, 4)),
    },
    NodeIdProof {
        a: 10,
        b: 15,
        ids: &[(0, 11), (1, 4), (0, 14), (1, 6), (3, 0)],
        rehash: Some((2, 4)),
    },
    NodeIdProof {
        a: 24,
        b: 31,
        ids: &[(0, 25), (1, 13), (0, 30), (1, 14), (3, 2), (4, 0)],
        rehash: Some((2, 4)),
    },
    NodeIdProof {
        a: 81,
        b: 95,
        ids: &[
            (0, 80),
            (1, 41),
            (2, 21),
            (0, 94),
            (1, 46),
            (2, 22),
            (4, 4),
            (6, 0),
        ],
        rehash: Some((3, 6)),
    },
];

/// TestConsistency success rows (a = size1, b = size2). Error rows:
/// (size1 5, size2 0), (9, 8)  i.e. size1 > size2 ; size1 == 0 is also an error
/// for the generator ("consistency proof from empty tree is meaningless").
pub const NODE_ID_CONSISTENCY: &[NodeIdProof] = &[
    NodeIdProof {
        a: 1,
        b: 2,
        ids: &[(0, 1)],
        rehash: None,
    },
    NodeIdProof {
        a: 1,
        b: 4,
        ids: &[(0, 1), (1, 1)],
        rehash: None,
    },
    NodeIdProof {
        a: 1,
        b: 6,
        ids: &[(0, 1), (1, 1), (1, 2)],
        rehash: None,
    },
    NodeIdProof {
        a: 2,
        b: 3,
        ids: &[(0, 2)],
        rehash: None,
    },
    NodeIdProof {
        a: 2,
        b: 8,
        ids: &[(1, 1), (2, 1)],
        rehash: None,
    },
    NodeIdProof {
        a: 3,
        b: 7,
        ids: &[(0, 2), (0, 3), (1, 0), (0, 6), (1, 2)],
        rehash: Some((3, 5)),
    },
    NodeIdProof {
        a: 4,
        b: 7,
        ids: &[(0, 6), (1, 2)],
        rehash: Some((0, 2)),
    },
    NodeIdProof {
        a: 5,
        b: 7,
        ids: &[(0, 4), (0, 5), (0, 6), (2, 0)],
        rehash: None,
    },
    NodeIdProof {
        a: 6,
        b: 7,
        ids: &[(1, 2), (0, 6), (2, 0)],
        rehash: None,
    },
    NodeIdProof {
        a: 7,
        b: 8,
        ids: &[(0, 6), (0, 7), (1, 2), (2, 0)],
        rehash: None,
    },
    NodeIdProof {
        a: 1,
        b: 1,
        ids: &[],
        rehash: None,
    },
    NodeIdProof {
        a: 2,
        b: 2,
        ids: &[],
        rehash: None,
    },
    NodeIdProof {
        a: 3,
        b: 3,
        ids: &[],
        rehash: None,
    },
    NodeIdProof {
        a: 4,
        b: 4,
        ids: &[],
        rehash: None,
    },
    NodeIdProof {
        a: 5,
        b: 5,
        ids: &[],
        rehash: None,
    },
    NodeIdProof {
        a: 7,
        b: 7,
        ids: &[],
        rehash: None,
    },
    NodeIdProof {
        a: 8,
        b: 8,
        ids: &[],
        rehash: None,
    },
    NodeIdProof {
        a: 2,
        b: 4,
        ids: &[(1, 1)],
        rehash: None,
    },
    NodeIdProof {
        a: 3,
        b: 5,
        ids: &[(0, 2), (0, 3), (1, 0), (0, 4)],
        rehash: None,
    },
    NodeIdProof {
        a: 3,
        b: 6,
        ids: &[(0, 2), (0, 3), (1, 0), (1, 2)],
        rehash: None,
    },
    NodeIdProof {
        a: 4,
        b: 6,
        ids: &[(1, 2)],
        rehash: None,
    },
    NodeIdProof {
        a: 1,
        b: 7,
        ids: &[(0, 1), (1, 1), (0, 6), (1, 2)],
        rehash: Some((2, 4)),
    },
    NodeIdProof {
        a: 10,
        b: 15,
        ids: &[(1, 4), (1, 5), (0, 14), (1, 6), (3, 0)],
        rehash: Some((2, 4)),
    },
    NodeIdProof {
        a: 24,
        b: 31,
        ids: &[(3, 2), (0, 30), (1, 14), (2, 6), (4, 0)],
        rehash: Some((1, 4)),
    },
    NodeIdProof {
        a: 81,
        b: 95,
        ids: &[
            (0, 80),
            (0, 81),
            (1, 41),
            (2, 21),
            (0, 94),
            (1, 46),
            (2, 22),
            (4, 4),
            (6, 0),
        ],
        rehash: Some((4, 7)),
    },
];

// ---------------------------------------------------------------------------
// [D] DERIVED: every inclusion proof and consistency proof of the 8-leaf test
// tree (RFC 6962 §2.1.1 PATH and §2.1.2 SUBPROOF, computed in Python and
// verified with the RFC 9162 verifiers; the rows that also appear in [V]
// match [V] exactly). The proof generator tests compare against these.
// ---------------------------------------------------------------------------

/// (leaf_index 0-based, tree_size, proof leaf-to-root) for all 1 <= size <= 8, 0 <= index < size.
pub const DERIVED_ALL_INCLUSION: &[(u64, u64, &[&str])] = &[
    (0, 1, &[]),
    (
        0,
        2,
        &["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7"],
    ),
    (
        1,
        2,
        &["6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d"],
    ),
    (
        0,
        3,
        &[
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7",
        ],
    ),
    (
        1,
        3,
        &[
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7",
        ],
    ),
    (
        2,
        3,
        &["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"],
    ),
    (
        0,
        4,
        &[
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        ],
    ),
    (
        1,
        4,
        &[
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        ],
    ),
    (
        2,
        4,
        &[
            "07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7",
            "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        ],
    ),
    (
        3,
        4,
        &[
            "0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7",
            "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        ],
    ),
    (
        0,
        5,
        &[
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        ],
    ),
    (
        1,
        5,
        &[
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        ],
    ),
    (
        2,
        5,
        &[
            "07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7",
            "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        ],
    ),
    (
        3,
        5,
        &[
            "0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7",
            "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        ],
    ),
    (
        4,
        5,
        &["d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"],
    ),
    (
        0,
        6,
        &[
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
        ],
    ),
    (
        1,
        6,
        &[
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
        ],
    ),
    (
        2,
        6,
        &[
            "07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7",
            "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
        ],
    ),
    (
        3,
        6,
        &[
            "0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7",
            "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
        ],
    ),
    (
        4,
        6,
        &[
            "4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab658",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
    (
        5,
        6,
        &[
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
    (
        0,
        7,
        &[
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "837dbb152e9b079010717e84e865da4ebc0fa198a806d59d31bf15accef22d0e",
        ],
    ),
    (
        1,
        7,
        &[
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "837dbb152e9b079010717e84e865da4ebc0fa198a806d59d31bf15accef22d0e",
        ],
    ),
    (
        2,
        7,
        &[
            "07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7",
            "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
            "837dbb152e9b079010717e84e865da4ebc0fa198a806d59d31bf15accef22d0e",
        ],
    ),
    (
        3,
        7,
        &[
            "0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7",
            "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
            "837dbb152e9b079010717e84e865da4ebc0fa198a806d59d31bf15accef22d0e",
        ],
    ),
    (
        4,
        7,
        &[
            "4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab658",
            "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
    (
        5,
        7,
        &[
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
    (
        6,
        7,
        &[
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
    (
        0,
        8,
        &[
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ],
    ),
    (
        1,
        8,
        &[
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ],
    ),
    (
        2,
        8,
        &[
            "07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7",
            "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ],
    ),
    (
        3,
        8,
        &[
            "0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7",
            "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ],
    ),
    (
        4,
        8,
        &[
            "4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab658",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
    (
        5,
        8,
        &[
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
    (
        6,
        8,
        &[
            "46f6ffadd3d06a09ff3c5860d2755c8b9819db7df44251788c7d8e3180de8eb1",
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
    (
        7,
        8,
        &[
            "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
];

/// (size1, size2, proof) for all 1 <= size1 <= size2 <= 8 (size1 == size2 -> empty proof).
pub const DERIVED_ALL_CONSISTENCY: &[(u64, u64, &[&str])] = &[
    (1, 1, &[]),
    (
        1,
        2,
        &["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7"],
    ),
    (2, 2, &[]),
    (
        1,
        3,
        &[
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7",
        ],
    ),
    (
        2,
        3,
        &["0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7"],
    ),
    (3, 3, &[]),
    (
        1,
        4,
        &[
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        ],
    ),
    (
        2,
        4,
        &["5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e"],
    ),
    (
        3,
        4,
        &[
            "0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7",
            "07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7",
            "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        ],
    ),
    (4, 4, &[]),
    (
        1,
        5,
        &[
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        ],
    ),
    (
        2,
        5,
        &[
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        ],
    ),
    (
        3,
        5,
        &[
            "0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7",
            "07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7",
            "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        ],
    ),
    (
        4,
        5,
        &["bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"],
    ),
    (5, 5, &[]),
    (
        1,
        6,
        &[
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
        ],
    ),
    (
        2,
        6,
        &[
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
        ],
    ),
    (
        3,
        6,
        &[
            "0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7",
            "07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7",
            "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
        ],
    ),
    (
        4,
        6,
        &["0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a"],
    ),
    (
        5,
        6,
        &[
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab658",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
    (6, 6, &[]),
    (
        1,
        7,
        &[
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "837dbb152e9b079010717e84e865da4ebc0fa198a806d59d31bf15accef22d0e",
        ],
    ),
    (
        2,
        7,
        &[
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "837dbb152e9b079010717e84e865da4ebc0fa198a806d59d31bf15accef22d0e",
        ],
    ),
    (
        3,
        7,
        &[
            "0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7",
            "07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7",
            "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
            "837dbb152e9b079010717e84e865da4ebc0fa198a806d59d31bf15accef22d0e",
        ],
    ),
    (
        4,
        7,
        &["837dbb152e9b079010717e84e865da4ebc0fa198a806d59d31bf15accef22d0e"],
    ),
    (
        5,
        7,
        &[
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab658",
            "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
    (
        6,
        7,
        &[
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
    (7, 7, &[]),
    (
        1,
        8,
        &[
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ],
    ),
    (
        2,
        8,
        &[
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ],
    ),
    (
        3,
        8,
        &[
            "0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7",
            "07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7",
            "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ],
    ),
    (
        4,
        8,
        &["6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"],
    ),
    (
        5,
        8,
        &[
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab658",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
    (
        6,
        8,
        &[
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
    (
        7,
        8,
        &[
            "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
            "46f6ffadd3d06a09ff3c5860d2755c8b9819db7df44251788c7d8e3180de8eb1",
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
    (8, 8, &[]),
];

// ===========================================================================
// SIGNED NOTES (c2sp.org/signed-note; golang.org/x/mod/sumdb/note)
// Em dash is written as \u{2014} (UTF-8 bytes E2 80 94). All notes end in "\n".
// Key ID = SHA-256(name || 0x0A || 0x01 || 32-byte Ed25519 pubkey)[..4] (big-endian u32).
// Verifier key string  = "<name>+<8 lowercase hex key ID>+<base64(0x01 || pubkey32)>"
// Signer key string    = "PRIVATE+KEY+<name>+<8 hex key ID>+<base64(0x01 || seed32)>"
// Signature line       = "\u{2014} <name> <base64(keyID4 || ed25519 sig 64)>\n"
// ===========================================================================

pub mod note {
    // ---- [N] golang.org/x/mod/sumdb/note/note_test.go -------------------------

    /// TestNewVerifier / TestOpen / BenchmarkOpen. Key ID 0xc74f20a3.
    pub const PETER_VKEY: &str =
        "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
    /// TestNewSigner / TestSign. base64 payload = 0x01 || 32-byte Ed25519 SEED.
    pub const PETER_SKEY: &str =
        "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
    pub const PETER_KEY_ID: u32 = 0xc74f20a3;
    /// TestVerifierList / TestOpen. Key ID 0xaf0cfe78. (No signer key published.)
    pub const ENOCH_VKEY: &str = "EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop";
    pub const ENOCH_KEY_ID: u32 = 0xaf0cfe78;

    /// Verifier strings that NewVerifier MUST reject (TestNewVerifier):
    /// wrong key length with adjusted hash; unknown algorithm byte with adjusted hash.
    /// (Also: every proper substring and every single-byte-incremented variant
    /// of PETER_VKEY must be rejected; same for PETER_SKEY in TestNewSigner.)
    pub const BAD_VKEYS: &[&str] = &[
        "PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY==",
        "PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
    ];

    /// Note text (includes the final newline, excludes the blank separator line).
    pub const PETER_TEXT: &str = concat!(
        "If you think cryptography is the answer to your problem,\n",
        "then you don't know what your problem is.\n",
    );

    /// One signature line by PeterNeumann over PETER_TEXT (incl. trailing \n).
    pub const PETER_SIG_LINE: &str = "\u{2014} PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";
    /// One signature line by EnochRoot over PETER_TEXT (incl. trailing \n).
    pub const ENOCH_SIG_LINE: &str = "\u{2014} EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n";

    /// Exact output of note.Sign(&Note{Text: PETER_TEXT}, signer(PETER_SKEY)) (TestSign).
    /// Ed25519 is deterministic, so a correct signer MUST reproduce this byte-for-byte.
    pub const PETER_SIGNED_NOTE: &str = concat!(
        "If you think cryptography is the answer to your problem,\n",
        "then you don't know what your problem is.\n",
        "\n",
        "\u{2014} PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n",
    );

    /// Doubly-signed note (TestOpen: text + "\n" + peterSig + enochSig).
    /// With verifiers [PETER] -> Sigs=[peter], UnverifiedSigs=[enoch];
    /// with [PETER, ENOCH] -> both verified; with [] -> error "note has no verifiable signatures".
    pub const PETER_ENOCH_SIGNED_NOTE: &str = concat!(
        "If you think cryptography is the answer to your problem,\n",
        "then you don't know what your problem is.\n",
        "\n",
        "\u{2014} PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n",
        "\u{2014} EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n",
    );

    /// Base64 signature payloads (4-byte key ID || 64-byte signature).
    pub const PETER_SIG_B64: &str = "x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=";
    pub const ENOCH_SIG_B64: &str = "rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=";

    // TestOpen negative cases (all with verifiers [PETER] unless noted), where
    // text = PETER_TEXT, peterSig = PETER_SIG_LINE, enochSig = ENOCH_SIG_LINE:
    //  * text + "\n" + peterSig repeated 101 times     -> "malformed note" (Go caps at 100 sigs;
    //    the C2SP spec only requires accepting >= 16)
    //  * text + "\n" + peterSig[..60] + "ABCD" + peterSig[60..]
    //                                                 -> "invalid signature for key PeterNeumann+c74f20a3"
    //    (a KNOWN key whose signature fails => reject the whole note)
    //  * text + "\n" + peterSig + peterSig + enochSig + enochSig + enochSig[..60]+"ABCD"+enochSig[60..]
    //                                                 -> OK: Sigs=[peter] (duplicates dropped),
    //                                                    UnverifiedSigs=[enoch, enochABCD]
    //  * duplicated verifier [ENOCH, PETER, ENOCH] on text+"\n"+enochSig -> "ambiguous key EnochRoot+af0cfe78"
    //  * MALFORMED_NOTES below                       -> "malformed note"
    // (Byte offsets 60 are UTF-8 byte offsets; the em dash is 3 bytes.)

    /// Each of these must be rejected as malformed (TestOpen "badMsgs").
    /// Built from PETER_TEXT / PETER_SIG_LINE; see `malformed_notes()` below.
    pub fn malformed_notes() -> Vec<String> {
        let text = PETER_TEXT;
        let sig = PETER_SIG_LINE;
        vec![
            text.to_string(),                             // no blank line / no sigs
            format!("{text}\n"),                          // blank line but no sigs
            format!("{text}\n{}", &sig[..sig.len() - 1]), // last sig line lacks "\n"
            format!("\u{1}{text}\n{sig}"),                // control char 0x01
            // Go also tests a raw 0xFF byte (invalid UTF-8): "\xff" + text + "\n" + sig.
            // A Rust &str cannot hold it; test it with a byte slice.
            format!("{text}\n\u{2014} Bad Name {}", PETER_SIG_B64), // space in name, no trailing \n
            format!("{text}\n{sig}Unexpected line.\n"),             // non-signature line after sigs
        ]
    }

    // ---- [F] transparency-dev/formats log/note_test.go ------------------------

    /// Real sum.golang.org verifier key and a real signed go.sum tree head.
    /// This is a valid checkpoint (origin "go.sum database tree", size 6476701).
    pub const SUMDB_VKEY: &str =
        "sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8";
    pub const SUMDB_CHECKPOINT: &str = concat!(
        "go.sum database tree\n",
        "6476701\n",
        "mb8QLQIs0Z0yP5Cstq6guj87oXWeC9gEM8oVikmm9Wk=\n",
        "\n",
        "\u{2014} sum.golang.org Az3grsLX85Gz+s1SiTbgkuqxgItqFq7gsMUEyVnrsa9LM7Us9S+1xbFIGu95949rj4nPRYfvimWEPWL+o3GeoWwOoAw=\n",
    );

    /// Key pairs from log/note_test.go (vkey, skey). All verified: the skey seed
    /// derives the vkey public key and both key IDs match.
    pub const FORMATS_KEYS: &[(&str, &str)] = &[
        (
            "Log+2271c621+AemuH5ooBpEPcr+W8onrjA1NfuzBVHdezakU81Ekarvs",
            "PRIVATE+KEY+Log+2271c621+AdEIq9FLRQni54Wg68T96VJO+iayOaulswav2DUMKgvQ",
        ),
        (
            "Known+451c786d+AXAQ0T7lbwuY4ABJ9/MYY9bWV3hmSyOGVt2x42NkmdUH",
            "PRIVATE+KEY+Known+451c786d+AQPRoE2+Z+Ed1HaHBA9F/FfracvcZ2rDU39kCecMEoci",
        ),
        (
            "KnownAgain+4893b26c+AQ+LR7BFF/F/dkpIBjBpSvT0crkteizuUkavAoGeaYMj",
            "PRIVATE+KEY+KnownAgain+4893b26c+ARhZda/l25zjGZswYLDZsLNRzNpmv5wYTN9IoTr1OJ2+",
        ),
        (
            "Unknown+fdbb2e08+AWgRIYZ+8x1Vl+1Q+sR8zciNHiYI1SdlBjNw+RV0rots",
            "PRIVATE+KEY+Unknown+fdbb2e08+Aav2knTC6orbhXX8pMWuNiWgO+Wwk2DB+h1eU2Q1W1nU",
        ),
    ];

    // ---- C2SP spec examples (format only: their public keys are NOT published,
    //      so they can be parsed but not verified) ------------------------------

    /// c2sp.org/signed-note example (note text contains an EMPTY line; text is
    /// split from signatures at the LAST "\n\n"). Contains U+00E8 ("è").
    pub const C2SP_SIGNED_NOTE_EXAMPLE: &str = concat!(
        "Ognuno sta solo sul cuor della terra\n",
        "trafitto da un raggio di sole:\n",
        "\n",
        "ed \u{e8} subito sera.\n",
        "\n",
        "\u{2014} quasimodo.example/salvatore NnugSzTjtVAewIS+Z/iJhUPeFDkO/5QQ2i5ddnGITLlC+EhfLW9oJKONrMouFSQU0xMcXxj99ihAQwaqP3ZekRwNtIc=\n",
    );

    /// c2sp.org/tlog-checkpoint example.
    pub const C2SP_CHECKPOINT_EXAMPLE: &str = concat!(
        "example.com/behind-the-sofa\n",
        "20852163\n",
        "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n",
        "\n",
        "\u{2014} example.com/behind-the-sofa Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5/Zhcyv2q1gGzGku9nTo+zyWE+xeMcTOAYQ8=\n",
    );

    /// c2sp.org/tlog-proof example (signatures elided with "[...]" in the spec: NOT parseable base64).
    pub const C2SP_TLOG_PROOF_EXAMPLE: &str = concat!(
        "c2sp.org/tlog-proof@v1\n",
        "extra YWdlLXYxLjIuMS1kYXJ3aW4tYXJtNjQudGFyLmd6kYXJ3aW4tYXJ\n",
        "index 73894\n",
        "gSKyXoYZUgZ6jduWYrkDOARinOMGJveXjgMkBTcdPlQ=\n",
        "B95lDa8R83lS8n0eG+o0buTxRKQTYFi//1U8anccXmA=\n",
        "EKNzoDWG8LGC0Yp9o+sv3qllpMP9uHQ9B20KNL+Q1zs=\n",
        "RoopEkOdqkYqMB4MJXrbt/hMjOxsVn0IrWjpz1ZMMes=\n",
        "AHCioX9nLjsrse6YhjRRmk1WUEirVOLLRoOQ6vfO5vk=\n",
        "\n",
        "example.com/fancylog\n",
        "109482\n",
        "sFodV/vSp5O8n9a8QpW6PRY97tfOSW5bsc2Xl/EQi08=\n",
        "\n",
        "\u{2014} example.com/fancylog hI2DJw[...]1roloI=\n",
        "\u{2014} witness1.example mJirIklj[...]qY9v2B/5bg==\n",
        "\u{2014} witness2.example TnKKVHLX[...]xwYwrSjgow==\n",
        "\u{2014} witness3.example S4X82uH5[...]3oEcROGLFQ==\n",
    );
}

// ===========================================================================
// [D] DERIVED end-to-end vectors over the 8-leaf test tree (LEAF_INPUTS).
// Test key: name "example.com/tlog-test", Ed25519 seed = 00 01 02 ... 1f.
// Checkpoint origin == key name. Produced with Python `cryptography`.
// ===========================================================================

pub mod derived {
    pub const TEST_KEY_NAME: &str = "example.com/tlog-test";
    pub const TEST_SEED_HEX: &str =
        "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
    pub const TEST_PUBKEY_HEX: &str =
        "03a107bff3ce10be1d70dd18e74bc09967e4d6309ba50d5f1ddc8664125531b8";
    pub const TEST_KEY_ID: u32 = 0x6469d5ab;
    pub const TEST_VKEY: &str =
        "example.com/tlog-test+6469d5ab+AQOhB7/zzhC+HXDdGOdLwJln5NYwm6UNXx3chmQSVTG4";
    pub const TEST_SKEY: &str =
        "PRIVATE+KEY+example.com/tlog-test+6469d5ab+AQABAgMEBQYHCAkKCwwNDg8QERITFBUWFxgZGhscHR4f";

    /// Base64 of ROOT_HASHES[n] for n = 0..=8 (checkpoint line 3).
    pub const ROOT_HASHES_B64: [&str; 9] = [
        "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=",
        "bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0=",
        "+sVCA+fMaWzw38tCySodnbr3CtnmIfS9jZhmLwDjwSU=",
        "rra8/idLcKFPsGel5VeCZNsPqbUa9eC6FZFY8yngbnc=",
        "037kGJdt2VdTwcc4Yrk5j6Kiz5tP8P3+izDNlSCWFLc=",
        "Tju7H3tHjc/nH7YxYxUZo7yhLJrvyhYSv85ME6hiZNQ=",
        "duZ9rbzfHhDht03cYIq9L5jfsW+851J3tSMqEn8gh+8=",
        "3bib5AOAnjJXUNPSY814kpwpQreUKjS3fhIslZSnTIw=",
        "XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=",
    ];

    /// Signed checkpoint, empty tree (size 0).
    pub const CHECKPOINT_0: &str = concat!(
        "example.com/tlog-test\n",
        "0\n",
        "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n",
        "\n",
        "\u{2014} example.com/tlog-test ZGnVq75IdgHro+yPCyBmWefEHJsObGzng4o18AXTkef749c2JCj7HPqfHN/xG5giWjYUrf3/a2zPaLNKf0bvK5GdAw0=\n",
    );

    /// Signed checkpoint, size 7.
    pub const CHECKPOINT_7: &str = concat!(
        "example.com/tlog-test\n",
        "7\n",
        "3bib5AOAnjJXUNPSY814kpwpQreUKjS3fhIslZSnTIw=\n",
        "\n",
        "\u{2014} example.com/tlog-test ZGnVqwzl/TNXxhB15uRAY+Eb1SfR6Qkl+hZbmDWg1y6bqtUVeiljnMn2Yls1Cd5Fhuwp0fRSzvlAkvoB0LxUz5Cp8gw=\n",
    );

    /// Signed checkpoint, size 8.
    pub const CHECKPOINT_8: &str = concat!(
        "example.com/tlog-test\n",
        "8\n",
        "XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n",
        "\n",
        "\u{2014} example.com/tlog-test ZGnVqxN+m/2D/iPx38B0nABMS8XmeEXCAwqYWufOy3Oaihp43R0ddPDjsszdSjmVEIczGTZDIgxxSncgXJFwnl0I0wM=\n",
    );

    /// Size-8 checkpoint with an additional PeterNeumann signature. Verifying with only
    /// TEST_VKEY must succeed (Peter's sig is from an unknown key and is ignored).
    pub const CHECKPOINT_8_COSIGNED: &str = concat!(
        "example.com/tlog-test\n",
        "8\n",
        "XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n",
        "\n",
        "\u{2014} example.com/tlog-test ZGnVqxN+m/2D/iPx38B0nABMS8XmeEXCAwqYWufOy3Oaihp43R0ddPDjsszdSjmVEIczGTZDIgxxSncgXJFwnl0I0wM=\n",
        "\u{2014} PeterNeumann x08goxp9Dg18vjAuJCKSn7Q7NNcPDkhGQAXKq6x3l32/ZiBtCv12a/7iOCBO0NJy9orpFd+S2rztGEFhOpDPy8km4Qw=\n",
    );

    /// Consistency proof 7 -> 8 (hex), = DERIVED_ALL_CONSISTENCY row (7, 8).
    pub const CONSISTENCY_7_8: [&str; 4] = [
        "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
        "46f6ffadd3d06a09ff3c5860d2755c8b9819db7df44251788c7d8e3180de8eb1",
        "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    ];

    /// tlog-proof for leaf index 5 (leaf input hex "40414243", leaf hash
    /// 4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab658)
    /// in the size-8 tree, no extra line.
    pub const TLOG_PROOF_IDX5: &str = concat!(
        "c2sp.org/tlog-proof@v1\n",
        "index 5\n",
        "vBoGQ7EuTS18d5GPROD095qDi2z57FtcKD4fTYhZnms=\n",
        "yoVOoSjtBQtBs1/8G4e46yveRh6eO1WW7Oa51ZdaCuA=\n",
        "037kGJdt2VdTwcc4Yrk5j6Kiz5tP8P3+izDNlSCWFLc=\n",
        "\n",
        "example.com/tlog-test\n",
        "8\n",
        "XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n",
        "\n",
        "\u{2014} example.com/tlog-test ZGnVqxN+m/2D/iPx38B0nABMS8XmeEXCAwqYWufOy3Oaihp43R0ddPDjsszdSjmVEIczGTZDIgxxSncgXJFwnl0I0wM=\n",
    );

    /// Same, with "extra" = base64("hello, world") = "aGVsbG8sIHdvcmxk".
    pub const TLOG_PROOF_IDX5_EXTRA: &str = concat!(
        "c2sp.org/tlog-proof@v1\n",
        "extra aGVsbG8sIHdvcmxk\n",
        "index 5\n",
        "vBoGQ7EuTS18d5GPROD095qDi2z57FtcKD4fTYhZnms=\n",
        "yoVOoSjtBQtBs1/8G4e46yveRh6eO1WW7Oa51ZdaCuA=\n",
        "037kGJdt2VdTwcc4Yrk5j6Kiz5tP8P3+izDNlSCWFLc=\n",
        "\n",
        "example.com/tlog-test\n",
        "8\n",
        "XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n",
        "\n",
        "\u{2014} example.com/tlog-test ZGnVqxN+m/2D/iPx38B0nABMS8XmeEXCAwqYWufOy3Oaihp43R0ddPDjsszdSjmVEIczGTZDIgxxSncgXJFwnl0I0wM=\n",
    );
    pub const TLOG_PROOF_IDX5_LEAF_HASH: &str =
        "4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab658";
    pub const TLOG_PROOF_EXTRA_BYTES: &[u8] = b"hello, world";
}

// ===========================================================================
// Helpers (require the `hex` crate).
// ===========================================================================

/// Decode a 64-char hex string into 32 bytes. Panics on malformed input.
pub fn h32(s: &str) -> [u8; 32] {
    let v = hex::decode(s).expect("valid hex");
    v.try_into().expect("exactly 32 bytes")
}

/// Decode arbitrary-length hex (e.g. LEAF_INPUTS, which includes "").
pub fn hb(s: &str) -> Vec<u8> {
    hex::decode(s).expect("valid hex")
}

/// Decode a proof list.
pub fn proof32(p: &[&str]) -> Vec<[u8; 32]> {
    p.iter().map(|s| h32(s)).collect()
}
