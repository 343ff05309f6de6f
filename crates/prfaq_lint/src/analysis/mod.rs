//! What several rules read from the same text or document, worked out once per check
//! and shared through the [`crate::Context`]: no rule's findings, only facts about the
//! prose.

pub(crate) mod audience;
pub(crate) mod questions;
