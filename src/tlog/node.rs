//! Identifiers of perfect subtrees.

/// A perfect subtree: covers leaves [index << level, (index + 1) << level).
///
/// Level 0 is a single leaf. Ids order by level first, then by index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NodeId {
    pub level: u8,
    pub index: u64,
}

impl NodeId {
    pub fn new(level: u8, index: u64) -> Self {
        Self { level, index }
    }

    /// The subtree one level up that contains this one.
    pub fn parent(self) -> Self {
        Self {
            level: self.level.saturating_add(1),
            index: self.index >> 1,
        }
    }
}

impl std::fmt::Display for NodeId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "level {} index {}", self.level, self.index)
    }
}
