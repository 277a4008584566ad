//! The mutation probes of the Go reference tests: every one must be rejected.
//!
//! Go's zero-length "garbage" element and 9-byte "WrongLeaf"/"WrongRoot"
//! values cannot be 32-byte hashes, so the zero hash and leaf hashes of those
//! strings stand in for them.

use super::super::vectors::{
    h32, proof32, CONSISTENCY_PROOFS, DERIVED_ALL_CONSISTENCY, DERIVED_ALL_INCLUSION,
    INCLUSION_PROOFS, LEAF_HASHES, ROOT_HASHES, SHA256_EMPTY_TREE_HASH, SHA256_SOME_HASH,
    WRONG_LEAF, WRONG_ROOT,
};
use super::super::{leaf_hash, verify_consistency, verify_inclusion, Hash};

const GARBAGE: Hash = [0u8; 32];

fn with(proof: &[Hash], f: impl FnOnce(&mut Vec<Hash>)) -> Vec<Hash> {
    let mut p = proof.to_vec();
    f(&mut p);
    p
}

/// One changed inclusion check: description, index, size, leaf, proof, root.
type InclusionProbe = (String, u64, u64, Hash, Vec<Hash>, Hash);

fn inclusion_probes(
    index: u64,
    size: u64,
    leaf: Hash,
    proof: &[Hash],
    root: Hash,
) -> Vec<InclusionProbe> {
    let some = h32(SHA256_SOME_HASH);
    let mut probes: Vec<InclusionProbe> = vec![
        (
            "leafIndex - 1".into(),
            index.wrapping_sub(1),
            size,
            leaf,
            proof.to_vec(),
            root,
        ),
        (
            "leafIndex + 1".into(),
            index + 1,
            size,
            leaf,
            proof.to_vec(),
            root,
        ),
        (
            "leafIndex ^ 2".into(),
            index ^ 2,
            size,
            leaf,
            proof.to_vec(),
            root,
        ),
        (
            "treeSize * 2".into(),
            index,
            size * 2,
            leaf,
            proof.to_vec(),
            root,
        ),
        (
            "treeSize / 2".into(),
            index,
            size / 2,
            leaf,
            proof.to_vec(),
            root,
        ),
        (
            "wrong leaf".into(),
            index,
            size,
            leaf_hash(WRONG_LEAF),
            proof.to_vec(),
            root,
        ),
        (
            "empty root".into(),
            index,
            size,
            leaf,
            proof.to_vec(),
            h32(SHA256_EMPTY_TREE_HASH),
        ),
        (
            "random root".into(),
            index,
            size,
            leaf,
            proof.to_vec(),
            some,
        ),
        (
            "trailing garbage".into(),
            index,
            size,
            leaf,
            with(proof, |p| p.push(GARBAGE)),
            root,
        ),
        (
            "trailing root".into(),
            index,
            size,
            leaf,
            with(proof, |p| p.push(root)),
            root,
        ),
        (
            "preceding garbage".into(),
            index,
            size,
            leaf,
            with(proof, |p| p.insert(0, GARBAGE)),
            root,
        ),
        (
            "preceding root".into(),
            index,
            size,
            leaf,
            with(proof, |p| p.insert(0, root)),
            root,
        ),
    ];
    for i in 0..proof.len() {
        let p = with(proof, |p| p[i][0] ^= 0x08);
        probes.push((
            format!("modified proof[{i}] bit 3"),
            index,
            size,
            leaf,
            p,
            root,
        ));
    }
    if !proof.is_empty() {
        let p = with(proof, |p| {
            p.pop();
        });
        probes.push(("removed component".into(), index, size, leaf, p, root));
    }
    if proof.len() > 1 {
        let p = with(proof, |p| p.insert(1, some));
        probes.push(("inserted component".into(), index, size, leaf, p, root));
    }
    probes
}

/// One changed consistency check: description, size1, size2, proof, root1, root2.
type ConsistencyProbe = (String, u64, u64, Vec<Hash>, Hash, Hash);

fn consistency_probes(
    size1: u64,
    size2: u64,
    proof: &[Hash],
    root1: Hash,
    root2: Hash,
) -> Vec<ConsistencyProbe> {
    let wrong = leaf_hash(WRONG_ROOT);
    let mut probes: Vec<ConsistencyProbe> = vec![
        (
            "size1 - 1".into(),
            size1 - 1,
            size2,
            proof.to_vec(),
            root1,
            root2,
        ),
        (
            "size1 + 1".into(),
            size1 + 1,
            size2,
            proof.to_vec(),
            root1,
            root2,
        ),
        (
            "size1 ^ 2".into(),
            size1 ^ 2,
            size2,
            proof.to_vec(),
            root1,
            root2,
        ),
        (
            "size2 * 2".into(),
            size1,
            size2 * 2,
            proof.to_vec(),
            root1,
            root2,
        ),
        (
            "size2 / 2".into(),
            size1,
            size2 / 2,
            proof.to_vec(),
            root1,
            root2,
        ),
        (
            "wrong root1".into(),
            size1,
            size2,
            proof.to_vec(),
            wrong,
            root2,
        ),
        (
            "wrong root2".into(),
            size1,
            size2,
            proof.to_vec(),
            root1,
            wrong,
        ),
        (
            "swapped roots".into(),
            size1,
            size2,
            proof.to_vec(),
            root2,
            root1,
        ),
        ("empty proof".into(), size1, size2, Vec::new(), root1, root2),
        (
            "trailing garbage".into(),
            size1,
            size2,
            with(proof, |p| p.push(GARBAGE)),
            root1,
            root2,
        ),
        (
            "trailing root1".into(),
            size1,
            size2,
            with(proof, |p| p.push(root1)),
            root1,
            root2,
        ),
        (
            "trailing root2".into(),
            size1,
            size2,
            with(proof, |p| p.push(root2)),
            root1,
            root2,
        ),
        (
            "preceding garbage".into(),
            size1,
            size2,
            with(proof, |p| p.insert(0, GARBAGE)),
            root1,
            root2,
        ),
        (
            "preceding root1".into(),
            size1,
            size2,
            with(proof, |p| p.insert(0, root1)),
            root1,
            root2,
        ),
        (
            "preceding root2".into(),
            size1,
            size2,
            with(proof, |p| p.insert(0, root2)),
            root1,
            root2,
        ),
        (
            "preceding proof[0]".into(),
            size1,
            size2,
            with(proof, |p| p.insert(0, p[0])),
            root1,
            root2,
        ),
    ];
    if !proof.is_empty() {
        let p = with(proof, |p| {
            p.pop();
        });
        probes.push(("truncated proof".into(), size1, size2, p, root1, root2));
    }
    for i in 0..proof.len() {
        let p = with(proof, |p| p[i][0] ^= 0x10);
        probes.push((
            format!("modified proof[{i}] bit 4"),
            size1,
            size2,
            p,
            root1,
            root2,
        ));
    }
    probes
}

fn check_inclusion_probes(index: u64, size: u64, proof: &[Hash]) -> usize {
    let leaf = h32(LEAF_HASHES[index as usize]);
    let root = h32(ROOT_HASHES[size as usize]);
    assert_eq!(verify_inclusion(index, size, &leaf, proof, &root), Ok(()));
    let probes = inclusion_probes(index, size, leaf, proof, root);
    for (desc, index2, size2, leaf2, proof2, root2) in &probes {
        assert!(
            verify_inclusion(*index2, *size2, leaf2, proof2, root2).is_err(),
            "probe {desc:?} passed for ({index}, {size})"
        );
    }
    probes.len()
}

fn check_consistency_probes(size1: u64, size2: u64, proof: &[Hash]) -> usize {
    let root1 = h32(ROOT_HASHES[size1 as usize]);
    let root2 = h32(ROOT_HASHES[size2 as usize]);
    assert_eq!(
        verify_consistency(size1, size2, proof, &root1, &root2),
        Ok(())
    );
    if proof.is_empty() {
        return 0;
    }
    let probes = consistency_probes(size1, size2, proof, root1, root2);
    for (desc, s1, s2, p, r1, r2) in &probes {
        assert!(
            verify_consistency(*s1, *s2, p, r1, r2).is_err(),
            "probe {desc:?} passed for ({size1}, {size2})"
        );
    }
    probes.len()
}

#[test]
fn go_inclusion_probes_fail() {
    let mut count = 0;
    for row in INCLUSION_PROOFS {
        if let Some(index) = row.leaf_index() {
            count += check_inclusion_probes(index, row.size, &proof32(row.proof));
        }
    }
    assert_eq!(count, 77);
}

#[test]
fn go_consistency_probes_fail() {
    let mut count = 0;
    for row in CONSISTENCY_PROOFS {
        count += check_consistency_probes(row.size1, row.size2, &proof32(row.proof));
    }
    assert_eq!(count, 79);
}

#[test]
fn derived_inclusion_probes_fail() {
    for &(index, size, proof) in DERIVED_ALL_INCLUSION {
        check_inclusion_probes(index, size, &proof32(proof));
    }
}

#[test]
fn derived_consistency_probes_fail() {
    for &(size1, size2, proof) in DERIVED_ALL_CONSISTENCY {
        check_consistency_probes(size1, size2, &proof32(proof));
    }
}

#[test]
fn empty_proof_where_one_is_needed_fails() {
    for &(index, size, proof) in DERIVED_ALL_INCLUSION {
        if !proof.is_empty() {
            let leaf = h32(LEAF_HASHES[index as usize]);
            let root = h32(ROOT_HASHES[size as usize]);
            assert!(verify_inclusion(index, size, &leaf, &[], &root).is_err());
        }
    }
}
