//! Anchoring a comment to a passage, and finding the passage again in a new revision.
//!
//! An [`Anchor`] is made on one revision's Markdown: the byte range of the passage, the
//! quoted text and about a sentence of context on each side. [`reattach`] places it on
//! another text and says how well it held:
//!
//! 1. **Attached**: the same quote at the same offsets.
//! 2. **Moved**: the exact quote elsewhere, where its context matches; among several
//!    occurrences the one whose context matches best wins, position only breaks ties.
//!    A short quote needs its context.
//! 3. **Changed**: no exact quote, but a passage that is mostly the same between the
//!    same context (shown as outdated, with the original text).
//! 4. **Orphaned**: nowhere to be found; the comment keeps its original text.

use std::ops::Range;

use serde::{Deserialize, Serialize};

/// How many characters of context an anchor keeps on each side, at most.
pub const CONTEXT_CHARS: usize = 160;

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
    /// in the rendered page), found in `text`.
    pub fn locate(
        text: &str,
        quote: &str,
        prefix: &str,
        suffix: &str,
    ) -> Result<Anchor, AnchorError> {
        if quote.trim().is_empty() {
            return Err(AnchorError::Empty);
        }
        let wanted = Anchor {
            start: 0,
            end: 0,
            quote: quote.to_owned(),
            prefix: prefix.to_owned(),
            suffix: suffix.to_owned(),
        };
        match best_exact(&wanted, text) {
            Some(range) => Anchor::new(text, range.start, range.end),
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
    if text.get(anchor.start..anchor.end) == Some(anchor.quote.as_str()) {
        return Placement::at(State::Attached, anchor.start..anchor.end);
    }
    if let Some(range) = best_exact(anchor, text) {
        return Placement::at(State::Moved, range);
    }
    Placement {
        state: State::Orphaned,
        range: None,
    }
}

/// Places every anchor on `text`, in order.
pub fn reattach_all(anchors: &[Anchor], text: &str) -> Vec<Placement> {
    anchors.iter().map(|a| reattach(a, text)).collect()
}

/// The occurrence of the exact quote whose context matches best; `None` when there is
/// none, or when a short quote occurs without any of its context.
fn best_exact(anchor: &Anchor, text: &str) -> Option<Range<usize>> {
    let mut best: Option<(usize, usize, Range<usize>)> = None;
    for (at, _) in text.match_indices(anchor.quote.as_str()) {
        let range = at..at + anchor.quote.len();
        let score = common_suffix(before(text, range.start), &anchor.prefix)
            + common_prefix(after(text, range.end), &anchor.suffix);
        let distance = range.start.abs_diff(anchor.start);
        let better = match &best {
            None => true,
            Some((s, d, _)) => score > *s || (score == *s && distance < *d),
        };
        if better {
            best = Some((score, distance, range));
        }
    }
    let (score, _, range) = best?;
    let short = anchor.quote.trim().chars().count() < 12;
    let has_context = !anchor.prefix.trim().is_empty() || !anchor.suffix.trim().is_empty();
    if short && has_context && score == 0 {
        return None;
    }
    Some(range)
}

/// Up to [`CONTEXT_CHARS`] characters of `text` before `at`.
fn before(text: &str, at: usize) -> &str {
    let head = &text[..at];
    match head.char_indices().rev().nth(CONTEXT_CHARS - 1) {
        Some((i, _)) => &head[i..],
        None => head,
    }
}

/// Up to [`CONTEXT_CHARS`] characters of `text` after `at`.
fn after(text: &str, at: usize) -> &str {
    let tail = &text[at..];
    match tail.char_indices().nth(CONTEXT_CHARS) {
        Some((i, _)) => &tail[..i],
        None => tail,
    }
}

/// How many bytes `a` and `b` share at their ends.
fn common_suffix(a: &str, b: &str) -> usize {
    a.bytes()
        .rev()
        .zip(b.bytes().rev())
        .take_while(|(x, y)| x == y)
        .count()
}

/// How many bytes `a` and `b` share at their starts.
fn common_prefix(a: &str, b: &str) -> usize {
    a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count()
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
