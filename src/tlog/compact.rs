//! Appending leaves with only the right edge of the tree in memory.

use super::error::ProofError;
use super::hash::{empty_root, node_hash, Hash};
use super::node::NodeId;

/// The perfect subtrees along the right edge of a tree of `size` leaves (one per set bit of size, largest first).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompactRange {
    size: u64,
    edge: Vec<(NodeId, Hash)>,
}

impl CompactRange {
    /// A tree with no leaves.
    pub fn empty() -> Self {
        Self {
            size: 0,
            edge: Vec::new(),
        }
    }

    /// Rebuilds from the stored right-edge nodes; checks the ids are exactly those of `size` (see `edge_ids`).
    pub fn from_edge(size: u64, edge: Vec<(NodeId, Hash)>) -> Result<Self, ProofError> {
        let ids = Self::edge_ids(size);
        if ids.len() != edge.len() || ids.iter().zip(&edge).any(|(want, (got, _))| want != got) {
            return Err(ProofError::BadEdge { size });
        }
        Ok(Self { size, edge })
    }

    /// The node ids of the right edge of a tree of `size` leaves, largest first.
    pub fn edge_ids(size: u64) -> Vec<NodeId> {
        (0..64u8)
            .rev()
            .filter(|level| size >> level & 1 == 1)
            .map(|level| NodeId::new(level, (size >> level) - 1))
            .collect()
    }

    /// The number of leaves appended so far.
    pub fn size(&self) -> u64 {
        self.size
    }

    /// The right-edge nodes with their hashes, largest first.
    pub fn edge(&self) -> &[(NodeId, Hash)] {
        &self.edge
    }

    /// Appends a leaf hash; returns every perfect-subtree node completed by it (the leaf itself at level 0 first, then each parent completed).
    ///
    /// A tree holds at most `u64::MAX` leaves: appending to a full tree
    /// changes nothing and returns no nodes.
    pub fn append(&mut self, leaf: Hash) -> Vec<(NodeId, Hash)> {
        let Some(new_size) = self.size.checked_add(1) else {
            return Vec::new();
        };
        let mut id = NodeId::new(0, self.size);
        let mut hash = leaf;
        let mut completed = vec![(id, hash)];
        while let Some(&(left_id, left)) = self.edge.last() {
            if left_id.level != id.level {
                break;
            }
            self.edge.pop();
            id = id.parent();
            hash = node_hash(&left, &hash);
            completed.push((id, hash));
        }
        self.edge.push((id, hash));
        self.size = new_size;
        completed
    }

    /// The root hash of the tree; [`empty_root`] when it has no leaves.
    pub fn root(&self) -> Hash {
        let mut nodes = self.edge.iter().rev();
        let Some(&(_, mut hash)) = nodes.next() else {
            return empty_root();
        };
        for (_, left) in nodes {
            hash = node_hash(left, &hash);
        }
        hash
    }
}

impl Default for CompactRange {
    fn default() -> Self {
        Self::empty()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::super::vectors::{h32, COMPACT_TREES, LEAF_HASHES, NODE_HASHES, ROOT_HASHES};
    use super::*;

    #[test]
    fn roots_and_edges_match_vectors() {
        let mut range = CompactRange::empty();
        assert_eq!(range.root(), h32(ROOT_HASHES[0]));
        for (i, leaf) in LEAF_HASHES.iter().enumerate() {
            let completed = range.append(h32(leaf));
            let size = i + 1;
            assert_eq!(range.size(), size as u64);
            assert_eq!(range.root(), h32(ROOT_HASHES[size]), "size {size}");
            let want: Vec<(NodeId, Hash)> = COMPACT_TREES[size]
                .iter()
                .map(|&(l, x)| (NodeId::new(l as u8, x as u64), h32(NODE_HASHES[l][x])))
                .collect();
            assert_eq!(range.edge(), want.as_slice());
            assert_eq!(
                CompactRange::edge_ids(size as u64),
                want.iter().map(|w| w.0).collect::<Vec<_>>()
            );
            // The leaf comes first, then each parent it completed.
            assert_eq!(completed[0], (NodeId::new(0, i as u64), h32(leaf)));
            for (level, (id, hash)) in completed.iter().enumerate() {
                assert_eq!(id.level as usize, level);
                assert_eq!(*hash, h32(NODE_HASHES[level][id.index as usize]));
            }
            assert_eq!(completed.len(), (size.trailing_zeros() + 1) as usize);
        }
    }

    #[test]
    fn from_edge_checks_ids() {
        let mut range = CompactRange::empty();
        for leaf in LEAF_HASHES.iter().take(7) {
            range.append(h32(leaf));
        }
        let rebuilt = CompactRange::from_edge(7, range.edge().to_vec()).unwrap();
        assert_eq!(rebuilt, range);
        assert_eq!(rebuilt.root(), h32(ROOT_HASHES[7]));
        assert_eq!(
            CompactRange::from_edge(6, range.edge().to_vec()),
            Err(ProofError::BadEdge { size: 6 })
        );
        let mut short = range.edge().to_vec();
        short.pop();
        assert_eq!(
            CompactRange::from_edge(7, short),
            Err(ProofError::BadEdge { size: 7 })
        );
        assert_eq!(
            CompactRange::from_edge(0, Vec::new()),
            Ok(CompactRange::empty())
        );
    }

    #[test]
    fn full_tree_refuses_more_leaves() {
        let edge: Vec<(NodeId, Hash)> = CompactRange::edge_ids(u64::MAX)
            .into_iter()
            .map(|id| (id, [1u8; 32]))
            .collect();
        assert_eq!(edge.len(), 64);
        let mut range = CompactRange::from_edge(u64::MAX, edge).unwrap();
        let root = range.root();
        assert!(range.append([2u8; 32]).is_empty());
        assert_eq!(range.size(), u64::MAX);
        assert_eq!(range.root(), root);
    }
}
