//! Roots and proofs of the 8-leaf vector tree.

use super::super::vectors::{
    h32, hb, proof32, CONSISTENCY_PROOFS, DERIVED_ALL_CONSISTENCY, DERIVED_ALL_INCLUSION,
    INCLUSION_PROOFS, LEAF_HASHES, LEAF_INPUTS, NODE_HASHES, ROOT_HASHES,
};
use super::super::{
    leaf_hash, root_from_inclusion, verify_consistency, verify_inclusion, Hash, NodeId,
};
use super::tree::{path, subproof, StoredTree};

fn vector_tree() -> StoredTree {
    let leaves: Vec<Hash> = LEAF_INPUTS.iter().map(|d| leaf_hash(&hb(d))).collect();
    assert_eq!(leaves, LEAF_HASHES.map(h32));
    StoredTree::build(&leaves)
}

fn root(size: u64) -> Hash {
    h32(ROOT_HASHES[size as usize])
}

#[test]
fn roots_by_appending_and_by_plan() {
    let tree = vector_tree();
    for size in 0..=8u64 {
        assert_eq!(
            tree.roots[size as usize],
            root(size),
            "compact range, size {size}"
        );
        assert_eq!(
            tree.planned_root(size),
            root(size),
            "root plan, size {size}"
        );
    }
}

#[test]
fn stored_nodes_are_the_vector_nodes() {
    let tree = vector_tree();
    let count: usize = NODE_HASHES.iter().map(|level| level.len()).sum();
    assert_eq!(tree.nodes.len(), count);
    for (level, hashes) in NODE_HASHES.iter().enumerate() {
        for (index, hash) in hashes.iter().enumerate() {
            let id = NodeId::new(level as u8, index as u64);
            assert_eq!(tree.nodes.get(&id), Some(&h32(hash)), "{id}");
        }
    }
}

#[test]
fn generated_inclusion_proofs_match_vectors() {
    let tree = vector_tree();
    assert_eq!(DERIVED_ALL_INCLUSION.len(), 36);
    for &(index, size, proof) in DERIVED_ALL_INCLUSION {
        let want = proof32(proof);
        assert_eq!(tree.inclusion(index, size), want, "({index}, {size})");
        assert_eq!(path(index as usize, &tree.leaves[..size as usize]), want);
        let leaf = tree.leaves[index as usize];
        assert_eq!(
            root_from_inclusion(index, size, &leaf, &want),
            Ok(root(size))
        );
        assert_eq!(
            verify_inclusion(index, size, &leaf, &want, &root(size)),
            Ok(())
        );
    }
}

#[test]
fn generated_consistency_proofs_match_vectors() {
    let tree = vector_tree();
    assert_eq!(DERIVED_ALL_CONSISTENCY.len(), 36);
    for &(size1, size2, proof) in DERIVED_ALL_CONSISTENCY {
        let want = proof32(proof);
        assert_eq!(tree.consistency(size1, size2), want, "({size1}, {size2})");
        assert_eq!(
            subproof(size1 as usize, &tree.leaves[..size2 as usize], true),
            want
        );
        assert_eq!(
            verify_consistency(size1, size2, &want, &root(size1), &root(size2)),
            Ok(())
        );
    }
}

#[test]
fn go_inclusion_vectors_verify() {
    let tree = vector_tree();
    let mut checked = 0;
    for row in INCLUSION_PROOFS {
        let Some(index) = row.leaf_index() else {
            continue;
        };
        let proof = proof32(row.proof);
        let leaf = h32(LEAF_HASHES[index as usize]);
        assert_eq!(
            root_from_inclusion(index, row.size, &leaf, &proof),
            Ok(root(row.size))
        );
        assert_eq!(
            verify_inclusion(index, row.size, &leaf, &proof, &root(row.size)),
            Ok(())
        );
        assert_eq!(tree.inclusion(index, row.size), proof);
        checked += 1;
    }
    assert_eq!(checked, 5);
}

#[test]
fn go_consistency_vectors_verify() {
    let tree = vector_tree();
    for row in CONSISTENCY_PROOFS {
        let proof = proof32(row.proof);
        assert_eq!(
            verify_consistency(
                row.size1,
                row.size2,
                &proof,
                &root(row.size1),
                &root(row.size2)
            ),
            Ok(()),
            "({}, {})",
            row.size1,
            row.size2
        );
        assert_eq!(tree.consistency(row.size1, row.size2), proof);
    }
}
