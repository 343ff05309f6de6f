//! Anchoring a comment to a passage, and finding the passage again in a new revision.
//!
//! An [`Anchor`] is made on one revision's Markdown: the byte range of the passage, the
//! quoted text and about a sentence of context on each side. [`reattach`] places it on
//! another text and says how well it held, trying three ways in order:
//!
//! 1. **Attached**: the same quote at the same offsets.
//! 2. **Moved**: the exact quote elsewhere. Among several occurrences the one whose
//!    context matches best wins; position only breaks ties. A short quote needs its
//!    context: a few words that occur anywhere in a new context are not the passage.
//! 3. **Changed**: no exact quote where it belongs, but a passage whose words are mostly
//!    the same, between a context whose words are mostly the same (shown as outdated,
//!    with the original text). A long passage that kept most of its words may also have
//!    moved to a new context.
//!
//! Anything else is **Orphaned**: the comment keeps its original text.
//!
//! The fuzzy step is where other anchors go wrong. A matcher that scores characters
//! finds "machines" for "Linus" (they share letters) and, searching every offset with
//! every error count, takes time in the product of the quote's and the text's lengths.
//! Here the fuzzy step works on words: the new text's words and pairs of neighbouring
//! words are indexed once for all comments; each word and pair of the quote and its
//! context votes for the places where it occurs (those that occur everywhere do not
//! vote); a place is compared only if its votes could clear the thresholds, and then by
//! an alignment of words within a band around the voted place. Its cost is linear in
//! the text, plus each comment's own length times a constant. A match must clear a
//! similarity threshold on the quote AND on its context (or, for a long passage, keep
//! nearly all its words).

mod matching;
mod prepared;
mod words;

pub use prepared::Prepared;

use matching::{best_by_words, best_exact, fuzzy};
use prepared::{Index, Wanted};
use std::cell::OnceCell;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::ops::Range;
use std::sync::OnceLock;
use words::{Word, after, before, common_prefix, common_suffix, pair, shared, words};

use serde::{Deserialize, Serialize};
use similar::TextDiff;

/// How many characters of context an anchor keeps on each side, at most.
pub const CONTEXT_CHARS: usize = 160;

/// A quote with fewer words than this, or fewer characters than [`SHORT_CHARS`], is
/// short: it is found again only where its context matches.
const SHORT_WORDS: usize = 4;
const SHORT_CHARS: usize = 12;

/// The share of the context's words that must be found around a short quote, or around
/// a changed passage. Half a sentence survives most edits next to a passage, and a
/// sentence that kept less than half of its words is another sentence.
const CONTEXT_MATCH: f64 = 0.5;

/// The share of the quote's words a changed passage must keep.
const QUOTE_MATCH: f64 = 0.5;

/// A quote of at most this many words is also compared letter by letter, so that a
/// corrected typo keeps its comment: it is kept when the new words are this alike
/// ("recieve" and "receive" are; "Linus" and "machines" are not).
const FEW_WORDS: usize = 3;
const LETTERS_MATCH: f64 = 0.7;

/// A passage of at least this many words that kept [`LONG_MATCH`] of them is the same
/// passage even in a new context (a paragraph cut, edited and pasted elsewhere).
const LONG_WORDS: usize = 8;
const LONG_MATCH: f64 = 0.8;

/// A word that occurs more often than this in the new text says nothing about where a
/// passage is ("the", "and"), and does not vote: this bounds the fuzzy step's work.
const MAX_OCCURRENCES: usize = 32;

/// How many words may have come or gone inside a passage and its context and still be
/// aligned: a quarter of their words, at most this many. The alignment's work is the
/// pattern's length times twice this, whatever the quote's length.
const MAX_SLACK: i64 = 64;

/// How many of the places with most votes are compared word by word.
const CANDIDATES: usize = 3;

/// How many words of the Markdown may stand between two words of a selection made in
/// the rendered page (a link's address, an image's text).
const MAX_SKIPPED: usize = 8;

/// How many occurrences of an exact quote have their context compared, at most: the
/// ones nearest the old context byte for byte. A quote of one letter occurs everywhere.
const MAX_EXACT: usize = 64;

/// A passage of one revision's Markdown that a comment is about.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Anchor {
    /// Byte offset of the passage's start in the revision's Markdown.
    pub start: usize,
    /// Byte offset just past the passage's end.
    pub end: usize,
    /// The passage's text, exactly as in the Markdown.
    pub quote: String,
    /// Up to about a sentence of text just before the passage.
    pub prefix: String,
    /// Up to about a sentence of text just after the passage.
    pub suffix: String,
}

/// Why an anchor could not be made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AnchorError {
    /// The range is empty or holds only white space.
    Empty,
    /// The range ends past the text or starts after it ends.
    OutOfRange {
        start: usize,
        end: usize,
        len: usize,
    },
    /// An offset falls inside a character.
    NotCharBoundary(usize),
    /// The quoted text does not occur in the text.
    QuoteNotFound,
}

impl std::fmt::Display for AnchorError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            AnchorError::Empty => write!(f, "the passage is empty"),
            AnchorError::OutOfRange { start, end, len } => write!(
                f,
                "the passage {start}..{end} is outside the document ({len} bytes)"
            ),
            AnchorError::NotCharBoundary(at) => {
                write!(f, "offset {at} falls inside a character")
            }
            AnchorError::QuoteNotFound => write!(f, "the quoted text is not in the document"),
        }
    }
}

impl std::error::Error for AnchorError {}

impl Anchor {
    /// The anchor for `text[start..end]`, with context taken from `text`.
    pub fn new(text: &str, start: usize, end: usize) -> Result<Anchor, AnchorError> {
        if start > end || end > text.len() {
            return Err(AnchorError::OutOfRange {
                start,
                end,
                len: text.len(),
            });
        }
        for at in [start, end] {
            if !text.is_char_boundary(at) {
                return Err(AnchorError::NotCharBoundary(at));
            }
        }
        let quote = &text[start..end];
        if quote.trim().is_empty() {
            return Err(AnchorError::Empty);
        }
        Ok(Anchor {
            start,
            end,
            quote: quote.to_owned(),
            prefix: before(text, start).to_owned(),
            suffix: after(text, end).to_owned(),
        })
    }

    /// The anchor for a selection known by its text and context (as a reader selects it
    /// in the rendered page), found in `text`. Among several occurrences the one whose
    /// context matches best is taken. A selection across markup (`**reorder** now`, or
    /// a link `[Quick Reorder](https://…) app`, selected as "reorder now" and "Quick
    /// Reorder app") is found by its words, in order, when its exact text is not in the
    /// Markdown; the anchor then quotes the Markdown, markup included.
    pub fn locate(
        text: &str,
        quote: &str,
        prefix: &str,
        suffix: &str,
    ) -> Result<Anchor, AnchorError> {
        if quote.trim().is_empty() {
            return Err(AnchorError::Empty);
        }
        let selection = Anchor {
            start: 0,
            end: 0,
            quote: quote.to_owned(),
            prefix: prefix.to_owned(),
            suffix: suffix.to_owned(),
        };
        let wanted = Wanted::new(&selection);
        let target = Prepared::new(text);
        let found = best_exact(&wanted, &target).or_else(|| best_by_words(&wanted, &target));
        match found {
            Some((range, _)) => Anchor::new(text, range.start, range.end),
            None => Err(AnchorError::QuoteNotFound),
        }
    }
}

/// How a comment's passage held on a new revision.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum State {
    /// The same passage at the same place.
    Attached,
    /// The same passage, elsewhere.
    Moved,
    /// A passage that is mostly the same; the comment is outdated.
    Changed,
    /// The passage is gone.
    Orphaned,
}

/// Where an anchor landed on a text: its state and, unless orphaned, the byte range.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Placement {
    pub state: State,
    pub range: Option<Range<usize>>,
}

impl Placement {
    fn at(state: State, range: Range<usize>) -> Placement {
        Placement {
            state,
            range: Some(range),
        }
    }

    fn orphaned() -> Placement {
        Placement {
            state: State::Orphaned,
            range: None,
        }
    }

    /// The anchor to carry to the next revision: the passage as it stands in `text`,
    /// or the old anchor when it was orphaned.
    pub fn anchor(&self, old: &Anchor, text: &str) -> Anchor {
        match &self.range {
            Some(range) => {
                Anchor::new(text, range.start, range.end).unwrap_or_else(|_| old.clone())
            }
            None => old.clone(),
        }
    }
}

/// Places `anchor` on `text`.
pub fn reattach(anchor: &Anchor, text: &str) -> Placement {
    Prepared::new(text).reattach(anchor)
}

/// Places every anchor on `text`, in order. The text's words are indexed once, the first
/// time an anchor needs the fuzzy step, for all of them.
pub fn reattach_all(anchors: &[Anchor], text: &str) -> Vec<Placement> {
    let target = Prepared::new(text);
    anchors.iter().map(|a| target.reattach(a)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "The team ships on Monday. Customers reorder in one tap. Support is ready.";

    #[test]
    fn the_same_text_keeps_the_passage_where_it_was() {
        let a = Anchor::new(TEXT, 26, 54).unwrap();
        assert_eq!(a.quote, "Customers reorder in one tap");
        assert_eq!(reattach(&a, TEXT), Placement::at(State::Attached, 26..54));
    }

    #[test]
    fn text_added_before_moves_the_passage() {
        let a = Anchor::new(TEXT, 26, 54).unwrap();
        let new = format!("Draft. {TEXT}");
        assert_eq!(reattach(&a, &new), Placement::at(State::Moved, 33..61));
    }

    #[test]
    fn a_deleted_passage_is_orphaned() {
        let a = Anchor::new(TEXT, 26, 54).unwrap();
        let new = "The team ships on Monday. Support is ready.";
        assert_eq!(reattach(&a, new).state, State::Orphaned);
    }

    #[test]
    fn bad_ranges_are_refused_by_name() {
        assert_eq!(
            Anchor::new(TEXT, 5, 4),
            Err(AnchorError::OutOfRange {
                start: 5,
                end: 4,
                len: TEXT.len()
            })
        );
        assert_eq!(Anchor::new(TEXT, 3, 4), Err(AnchorError::Empty));
        assert_eq!(Anchor::new("é", 1, 2), Err(AnchorError::NotCharBoundary(1)));
    }

    #[test]
    fn a_selection_is_found_by_its_context() {
        let text = "Reorder now. Then reorder again.";
        let a = Anchor::locate(text, "reorder", "Then ", " again").unwrap();
        assert_eq!((a.start, a.end), (18, 25));
    }
}
