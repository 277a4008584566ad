//! Proofs planned from stored nodes over many tree sizes, checked against a
//! plain recursive RFC 6962 implementation and against the verifiers.

use std::sync::OnceLock;

use super::super::{verify_consistency, verify_inclusion, Hash};
use super::tree::{mth, path, subproof, Rng, StoredTree};

pub(super) const MAX_SIZE: u64 = 2048;
const CASES: usize = 400;

pub(super) fn big_tree() -> &'static StoredTree {
    static TREE: OnceLock<StoredTree> = OnceLock::new();
    TREE.get_or_init(|| StoredTree::numbered(MAX_SIZE))
}

fn flip_bit(hash: &mut Hash, rng: &mut Rng) {
    let bit = rng.range(0, 255);
    hash[(bit / 8) as usize] ^= 1 << (bit % 8);
}

#[test]
fn small_trees_match_the_recursive_definition() {
    let tree = big_tree();
    for size2 in 1..=40u64 {
        let leaves = &tree.leaves[..size2 as usize];
        assert_eq!(tree.roots[size2 as usize], mth(leaves), "root {size2}");
        for index in 0..size2 {
            assert_eq!(
                tree.inclusion(index, size2),
                path(index as usize, leaves),
                "({index}, {size2})"
            );
        }
        for size1 in 1..=size2 {
            assert_eq!(
                tree.consistency(size1, size2),
                subproof(size1 as usize, leaves, true),
                "({size1}, {size2})"
            );
        }
    }
}

#[test]
fn roots_by_plan_match_roots_by_appending() {
    let tree = big_tree();
    for size in 0..=MAX_SIZE {
        assert_eq!(
            tree.planned_root(size),
            tree.roots[size as usize],
            "size {size}"
        );
    }
    for size in [1000u64, 1023, 1024, 1025, 2047, 2048] {
        assert_eq!(
            tree.roots[size as usize],
            mth(&tree.leaves[..size as usize])
        );
    }
}

#[test]
fn random_inclusion_proofs_verify_and_bit_flips_fail() {
    let tree = big_tree();
    let mut rng = Rng::new(1);
    for _ in 0..CASES {
        let size = rng.range(1, MAX_SIZE);
        let index = rng.range(0, size - 1);
        let leaf = tree.leaves[index as usize];
        let root = tree.roots[size as usize];
        let proof = tree.inclusion(index, size);
        assert_eq!(
            verify_inclusion(index, size, &leaf, &proof, &root),
            Ok(()),
            "({index}, {size})"
        );

        if !proof.is_empty() {
            let mut bad = proof.clone();
            let i = rng.range(0, proof.len() as u64 - 1) as usize;
            flip_bit(&mut bad[i], &mut rng);
            assert!(verify_inclusion(index, size, &leaf, &bad, &root).is_err());
        }
        let (mut bad_leaf, mut bad_root) = (leaf, root);
        flip_bit(&mut bad_leaf, &mut rng);
        flip_bit(&mut bad_root, &mut rng);
        assert!(verify_inclusion(index, size, &bad_leaf, &proof, &root).is_err());
        assert!(verify_inclusion(index, size, &leaf, &proof, &bad_root).is_err());
    }
}

#[test]
fn random_consistency_proofs_verify_and_bit_flips_fail() {
    let tree = big_tree();
    let mut rng = Rng::new(2);
    for _ in 0..CASES {
        let size2 = rng.range(1, MAX_SIZE);
        let size1 = rng.range(1, size2);
        let root1 = tree.roots[size1 as usize];
        let root2 = tree.roots[size2 as usize];
        let proof = tree.consistency(size1, size2);
        assert_eq!(
            verify_consistency(size1, size2, &proof, &root1, &root2),
            Ok(()),
            "({size1}, {size2})"
        );

        if !proof.is_empty() {
            let mut bad = proof.clone();
            let i = rng.range(0, proof.len() as u64 - 1) as usize;
            flip_bit(&mut bad[i], &mut rng);
            assert!(verify_consistency(size1, size2, &bad, &root1, &root2).is_err());
        }
        let (mut bad1, mut bad2) = (root1, root2);
        flip_bit(&mut bad1, &mut rng);
        flip_bit(&mut bad2, &mut rng);
        assert!(verify_consistency(size1, size2, &proof, &bad1, &root2).is_err());
        assert!(verify_consistency(size1, size2, &proof, &root1, &bad2).is_err());
    }
}

#[test]
fn old_inclusion_proofs_extend_through_consistency() {
    // A leaf proven in an older tree is also provable in the newer one, and the
    // two roots are linked by the consistency proof.
    let tree = big_tree();
    let mut rng = Rng::new(3);
    for _ in 0..CASES / 4 {
        let size2 = rng.range(2, MAX_SIZE);
        let size1 = rng.range(1, size2 - 1);
        let index = rng.range(0, size1 - 1);
        let leaf = tree.leaves[index as usize];
        let (root1, root2) = (tree.roots[size1 as usize], tree.roots[size2 as usize]);
        assert_eq!(
            verify_inclusion(index, size1, &leaf, &tree.inclusion(index, size1), &root1),
            Ok(())
        );
        assert_eq!(
            verify_inclusion(index, size2, &leaf, &tree.inclusion(index, size2), &root2),
            Ok(())
        );
        assert_eq!(
            verify_consistency(
                size1,
                size2,
                &tree.consistency(size1, size2),
                &root1,
                &root2
            ),
            Ok(())
        );
        // A newer root is not an older one.
        assert!(verify_consistency(
            size1,
            size2,
            &tree.consistency(size1, size2),
            &root2,
            &root2
        )
        .is_err());
    }
}
