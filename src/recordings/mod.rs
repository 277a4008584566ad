//! The recorder's footage: where segment files are, and the index of them.

pub mod gaps;
pub mod indexer;
pub mod layout;
pub mod overwrite;

pub use layout::Layout;
