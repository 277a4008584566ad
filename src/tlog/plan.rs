//! Proofs computed from stored perfect-subtree hashes, without recomputing the tree.
//!
//! Every hash in an RFC 6962 proof is the Merkle tree hash of some run of
//! leaves, and every such run splits into a few perfect subtrees that a log
//! stores once they are complete. A [`Plan`] lists those subtrees; the caller
//! fetches their hashes and [`Plan::resolve`] folds them into the proof.

use std::collections::HashMap;

use super::error::ProofError;
use super::hash::{node_hash, Hash};
use super::node::NodeId;

/// One hash of a proof (or a root): the MTH of a leaf range, as the perfect subtrees it decomposes into, left to right.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RangeHash {
    pub parts: Vec<NodeId>,
}

impl RangeHash {
    /// The perfect subtrees of the `count` leaves starting at `begin`, largest
    /// first. `begin` must be a multiple of the largest part, which holds for
    /// every range that the RFC 6962 recursion produces.
    fn of(begin: u64, count: u64) -> Self {
        let mut parts = Vec::with_capacity(count.count_ones() as usize);
        let mut pos = begin;
        for level in (0..64u8).rev() {
            if count >> level & 1 == 1 {
                parts.push(NodeId::new(level, pos >> level));
                pos = pos.wrapping_add(1u64 << level);
            }
        }
        Self { parts }
    }

    /// Folds the part hashes right to left into the hash of the whole range.
    fn resolve(&self, nodes: &HashMap<NodeId, Hash>) -> Result<Hash, ProofError> {
        let lookup = |id: &NodeId| nodes.get(id).copied().ok_or(ProofError::MissingNode(*id));
        let mut parts = self.parts.iter().rev();
        let mut hash = match parts.next() {
            Some(last) => lookup(last)?,
            None => return Err(ProofError::EmptyRange),
        };
        for part in parts {
            hash = node_hash(&lookup(part)?, &hash);
        }
        Ok(hash)
    }
}

/// What to fetch and how to combine it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    pub hashes: Vec<RangeHash>,
}

impl Plan {
    /// Every node id the plan needs (deduplicated, sorted).
    pub fn needed(&self) -> Vec<NodeId> {
        let mut ids: Vec<NodeId> = self
            .hashes
            .iter()
            .flat_map(|h| h.parts.iter().copied())
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    }

    /// Combines fetched node hashes into the proof hashes (each RangeHash folds right to left: h = node_hash(part[i], h)). Error if a needed node is missing.
    pub fn resolve(&self, nodes: &HashMap<NodeId, Hash>) -> Result<Vec<Hash>, ProofError> {
        self.hashes.iter().map(|h| h.resolve(nodes)).collect()
    }
}

/// The largest power of two smaller than `count`; `count` must be at least 2.
fn split_point(count: u64) -> u64 {
    1u64 << (63 - (count - 1).leading_zeros())
}

/// RFC 6962 PATH(index, D[0:size]): the audit path of leaf `index`, leaf-to-root order.
pub fn inclusion_plan(index: u64, size: u64) -> Result<Plan, ProofError> {
    if index >= size {
        return Err(ProofError::IndexOutOfRange { index, size });
    }
    let mut hashes = Vec::new();
    let (mut begin, mut count, mut m) = (0u64, size, index);
    while count > 1 {
        let k = split_point(count);
        if m < k {
            hashes.push(RangeHash::of(begin + k, count - k));
            count = k;
        } else {
            hashes.push(RangeHash::of(begin, k));
            begin += k;
            m -= k;
            count -= k;
        }
    }
    hashes.reverse();
    Ok(Plan { hashes })
}

/// RFC 6962 SUBPROOF(size1, D[0:size2], true): the consistency proof between
/// trees of `size1` and `size2` leaves, leaf-to-root order.
///
/// Requires 0 < size1 <= size2; equal sizes give an empty proof.
pub fn consistency_plan(size1: u64, size2: u64) -> Result<Plan, ProofError> {
    if size1 == 0 {
        return Err(ProofError::EmptyOldTree);
    }
    if size1 > size2 {
        return Err(ProofError::SizeDecreased { size1, size2 });
    }
    let mut hashes = Vec::new();
    let (mut begin, mut count, mut m) = (0u64, size2, size1);
    let mut root_known = true;
    // m stays at least 1 and below count until the loop ends, so count >= 2 at each split.
    while m < count {
        let k = split_point(count);
        if m <= k {
            hashes.push(RangeHash::of(begin + k, count - k));
            count = k;
        } else {
            hashes.push(RangeHash::of(begin, k));
            begin += k;
            m -= k;
            count -= k;
            root_known = false;
        }
    }
    if !root_known {
        hashes.push(RangeHash::of(begin, count));
    }
    hashes.reverse();
    Ok(Plan { hashes })
}

/// The root of a tree of `size` leaves as one RangeHash covering [0, size).
/// Size 0 gives a plan with no hashes; the root is then [`super::empty_root`].
pub fn root_plan(size: u64) -> Plan {
    let hashes = if size == 0 {
        Vec::new()
    } else {
        vec![RangeHash::of(0, size)]
    };
    Plan { hashes }
}

#[cfg(test)]
mod tests {
    use super::super::vectors::{NodeIdProof, NODE_ID_CONSISTENCY, NODE_ID_INCLUSION};
    use super::*;

    /// Flattens a plan the way the Go reference lists node ids: each range's
    /// parts right to left, and the span of every range with several parts.
    /// Node ids as (level, index), and the span folded into one hash.
    type GoLayout = (Vec<(u8, u64)>, Option<(usize, usize)>);

    fn go_layout(plan: &Plan) -> GoLayout {
        let mut ids = Vec::new();
        let mut rehash = None;
        for h in &plan.hashes {
            let start = ids.len();
            ids.extend(h.parts.iter().rev().map(|id| (id.level, id.index)));
            if h.parts.len() > 1 {
                assert!(rehash.is_none(), "at most one ephemeral node per proof");
                rehash = Some((start, ids.len()));
            }
        }
        (ids, rehash)
    }

    fn check(row: &NodeIdProof, plan: &Plan) {
        let (ids, rehash) = go_layout(plan);
        assert_eq!(ids, row.ids, "ids for ({}, {})", row.a, row.b);
        assert_eq!(rehash, row.rehash, "rehash for ({}, {})", row.a, row.b);
    }

    #[test]
    fn inclusion_node_ids_match_go() {
        for row in NODE_ID_INCLUSION {
            let plan = inclusion_plan(row.a, row.b);
            assert!(plan.is_ok(), "({}, {})", row.a, row.b);
            if let Ok(plan) = plan {
                check(row, &plan);
            }
        }
    }

    #[test]
    fn consistency_node_ids_match_go() {
        for row in NODE_ID_CONSISTENCY {
            let plan = consistency_plan(row.a, row.b);
            assert!(plan.is_ok(), "({}, {})", row.a, row.b);
            if let Ok(plan) = plan {
                check(row, &plan);
            }
        }
    }

    #[test]
    fn bad_sizes_are_rejected() {
        for (index, size) in [(0, 0), (1, 0), (2, 1), (3, 0), (8, 7), (u64::MAX, u64::MAX)] {
            assert_eq!(
                inclusion_plan(index, size),
                Err(ProofError::IndexOutOfRange { index, size })
            );
        }
        assert_eq!(consistency_plan(0, 5), Err(ProofError::EmptyOldTree));
        assert_eq!(consistency_plan(0, 0), Err(ProofError::EmptyOldTree));
        assert_eq!(
            consistency_plan(5, 0),
            Err(ProofError::SizeDecreased { size1: 5, size2: 0 })
        );
        assert_eq!(
            consistency_plan(9, 8),
            Err(ProofError::SizeDecreased { size1: 9, size2: 8 })
        );
    }

    #[test]
    fn root_plan_splits_by_set_bits() {
        assert!(root_plan(0).hashes.is_empty());
        let plan = root_plan(0b1011);
        let want = vec![NodeId::new(3, 0), NodeId::new(1, 4), NodeId::new(0, 10)];
        assert_eq!(
            plan.hashes,
            vec![RangeHash {
                parts: want.clone()
            }]
        );
        assert_eq!(plan.needed(), {
            let mut w = want;
            w.sort();
            w
        });
    }

    #[test]
    fn huge_sizes_do_not_overflow() {
        let size = u64::MAX;
        let plan = root_plan(size);
        assert_eq!(plan.hashes[0].parts.len(), 64);
        assert_eq!(
            inclusion_plan(size - 1, size).map(|p| p.hashes.len()),
            Ok(63)
        );
        assert_eq!(inclusion_plan(0, size).map(|p| p.hashes.len()), Ok(64));
        assert!(consistency_plan(1, size).is_ok());
        assert!(consistency_plan(size - 1, size).is_ok());
    }

    #[test]
    fn resolve_reports_missing_node() {
        let plan = inclusion_plan(2, 3).unwrap_or(Plan { hashes: Vec::new() });
        let nodes = HashMap::from([(NodeId::new(1, 0), [7u8; 32])]);
        assert_eq!(plan.resolve(&nodes), Ok(vec![[7u8; 32]]));
        assert_eq!(
            plan.resolve(&HashMap::new()),
            Err(ProofError::MissingNode(NodeId::new(1, 0)))
        );
        let empty = Plan {
            hashes: vec![RangeHash { parts: Vec::new() }],
        };
        assert_eq!(empty.resolve(&nodes), Err(ProofError::EmptyRange));
    }
}
