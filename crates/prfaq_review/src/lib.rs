//! The review's pure logic, with no storage and no I/O.
//!
//! [`anchor`] keeps a comment on its passage as the document changes: a comment is made
//! on one revision's Markdown and carries the quoted text, some context on each side and
//! its offsets; on every new revision it is placed again, and ends attached, moved,
//! changed or orphaned. [`compare`] shows two revisions' differences as a person would
//! mark them: whole words and phrases, and whole sentences where most words changed.
//! The store keeps anchors and placements; the web and the command line show them.
//! Nothing here knows of accounts, databases or HTTP.

pub mod anchor;
pub mod compare;

pub use anchor::{Anchor, AnchorError, Placement, Prepared, State, reattach, reattach_all};
