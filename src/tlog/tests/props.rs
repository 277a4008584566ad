//! Property tests (proptest) over random tree sizes: proofs planned from
//! stored nodes verify, and any single flipped bit, wrong index or wrong
//! size is rejected.

use proptest::prelude::*;

use super::super::{verify_consistency, verify_inclusion};
use super::random::{big_tree, MAX_SIZE};

fn size_and_index() -> impl Strategy<Value = (u64, u64)> {
    (1..=MAX_SIZE).prop_flat_map(|size| (Just(size), 0..size))
}

fn two_sizes() -> impl Strategy<Value = (u64, u64)> {
    (1..=MAX_SIZE).prop_flat_map(|size2| (1..=size2, Just(size2)))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn inclusion_proofs_verify_and_tampering_fails((size, index) in size_and_index(), bit in 0usize..256) {
        let tree = big_tree();
        let proof = tree.inclusion(index, size);
        let (leaf, root) = (tree.leaves[index as usize], tree.roots[size as usize]);
        prop_assert!(verify_inclusion(index, size, &leaf, &proof, &root).is_ok());
        let mut bad_leaf = leaf;
        bad_leaf[bit / 8] ^= 1 << (bit % 8);
        prop_assert!(verify_inclusion(index, size, &bad_leaf, &proof, &root).is_err());
        if !proof.is_empty() {
            let mut bad = proof.clone();
            let i = bit % bad.len();
            bad[i][bit / 8] ^= 1 << (bit % 8);
            prop_assert!(verify_inclusion(index, size, &leaf, &bad, &root).is_err());
        }
        if index + 1 < size {
            prop_assert!(verify_inclusion(index + 1, size, &leaf, &proof, &root).is_err());
        }
        prop_assert!(verify_inclusion(index, size * 2, &leaf, &proof, &root).is_err());
    }

    #[test]
    fn consistency_proofs_verify_and_tampering_fails((size1, size2) in two_sizes(), bit in 0usize..256) {
        let tree = big_tree();
        let proof = tree.consistency(size1, size2);
        let (r1, r2) = (tree.roots[size1 as usize], tree.roots[size2 as usize]);
        prop_assert!(verify_consistency(size1, size2, &proof, &r1, &r2).is_ok());
        let mut bad_root = r2;
        bad_root[bit / 8] ^= 1 << (bit % 8);
        prop_assert!(verify_consistency(size1, size2, &proof, &r1, &bad_root).is_err());
        if !proof.is_empty() {
            let mut bad = proof.clone();
            let i = bit % bad.len();
            bad[i][bit / 8] ^= 1 << (bit % 8);
            prop_assert!(verify_consistency(size1, size2, &bad, &r1, &r2).is_err());
        }
    }
}
