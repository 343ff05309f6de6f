//! The textual cues the parser reads: what a heading or label names, what a dateline,
//! a quote, a question or a call to action looks like.
//!
//! These are small curated word lists and shapes, not tuned to any one document: a
//! heading names a part when it contains one of the part's synonyms; a dateline is a
//! short place-and-date prefix ended by a dash; a quote is quoted speech with a speaker.
//! The word lists that have moved out of the code live in `data/en/` of this crate,
//! one phrase a line, and are compiled in (`phrases`).

mod body;
mod dateline;
mod headings;
mod index;
mod labels;
pub mod phrases;
mod questions;
mod quotes;
mod script;
mod search;
#[cfg(test)]
mod tests;

pub use body::*;
pub use dateline::*;
pub use headings::*;
pub use labels::*;
pub use questions::*;
pub use quotes::*;
pub use script::*;
pub use search::*;
