//! The rules, one file each, grouped by family.

pub mod evidence;
pub mod faq;
pub mod journey;
pub(crate) mod lexicon;
pub mod metrics;
pub mod plain;
pub mod press_release;
pub mod scope;
