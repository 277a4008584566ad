//! A stored test tree, a plain recursive RFC 6962 implementation to compare
//! against, and a small seeded random number generator.

use std::collections::HashMap;

use super::super::{
    consistency_plan, empty_root, inclusion_plan, node_hash, root_plan, CompactRange, Hash, NodeId,
};

/// Every perfect-subtree hash of a tree built by appending, and the root at every size.
pub struct StoredTree {
    pub leaves: Vec<Hash>,
    pub nodes: HashMap<NodeId, Hash>,
    /// `roots[n]` is the root after `n` leaves.
    pub roots: Vec<Hash>,
}

impl StoredTree {
    pub fn build(leaves: &[Hash]) -> Self {
        let mut range = CompactRange::empty();
        let mut nodes = HashMap::new();
        let mut roots = vec![range.root()];
        for leaf in leaves {
            nodes.extend(range.append(*leaf));
            roots.push(range.root());
        }
        Self {
            leaves: leaves.to_vec(),
            nodes,
            roots,
        }
    }

    /// Leaves 0..count, each the leaf hash of its index.
    pub fn numbered(count: u64) -> Self {
        let leaves: Vec<Hash> = (0..count)
            .map(|i| super::super::leaf_hash(&i.to_be_bytes()))
            .collect();
        Self::build(&leaves)
    }

    pub fn inclusion(&self, index: u64, size: u64) -> Vec<Hash> {
        inclusion_plan(index, size)
            .unwrap()
            .resolve(&self.nodes)
            .unwrap()
    }

    pub fn consistency(&self, size1: u64, size2: u64) -> Vec<Hash> {
        consistency_plan(size1, size2)
            .unwrap()
            .resolve(&self.nodes)
            .unwrap()
    }

    pub fn planned_root(&self, size: u64) -> Hash {
        let hashes = root_plan(size).resolve(&self.nodes).unwrap();
        match hashes.as_slice() {
            [] => empty_root(),
            [root] => *root,
            _ => panic!("root plan gave {} hashes", hashes.len()),
        }
    }
}

fn split(n: usize) -> usize {
    let mut k = 1;
    while k * 2 < n {
        k *= 2;
    }
    k
}

/// RFC 6962 MTH over leaf hashes.
pub fn mth(d: &[Hash]) -> Hash {
    match d.len() {
        0 => empty_root(),
        1 => d[0],
        n => {
            let k = split(n);
            node_hash(&mth(&d[..k]), &mth(&d[k..]))
        }
    }
}

/// RFC 6962 PATH(m, D).
pub fn path(m: usize, d: &[Hash]) -> Vec<Hash> {
    if d.len() <= 1 {
        return Vec::new();
    }
    let k = split(d.len());
    let (mut p, sibling) = if m < k {
        (path(m, &d[..k]), mth(&d[k..]))
    } else {
        (path(m - k, &d[k..]), mth(&d[..k]))
    };
    p.push(sibling);
    p
}

/// RFC 6962 SUBPROOF(m, D, b).
pub fn subproof(m: usize, d: &[Hash], b: bool) -> Vec<Hash> {
    let n = d.len();
    if m == n {
        return if b { Vec::new() } else { vec![mth(d)] };
    }
    let k = split(n);
    let (mut p, upper) = if m <= k {
        (subproof(m, &d[..k], b), mth(&d[k..]))
    } else {
        (subproof(m - k, &d[k..], false), mth(&d[..k]))
    };
    p.push(upper);
    p
}

/// SplitMix64: a tiny deterministic generator, so failures reproduce.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A value in lo..=hi.
    pub fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next_u64() % (hi - lo + 1)
    }
}
