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

use std::cell::OnceCell;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::ops::Range;
use std::sync::OnceLock;

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

/// A text that anchors are placed on, with its words indexed on first need.
pub struct Prepared<'a> {
    text: &'a str,
    index: OnceLock<Index>,
}

/// The words of a text, and where each occurs.
struct Index {
    words: Vec<Word>,
    hashes: Vec<u64>,
    at: HashMap<u64, Vec<u32>, BuildHasherDefault<Spread>>,
}

/// The hasher of the index, whose keys are already hashes of words: one multiplication
/// spreads them over the table.
#[derive(Default)]
struct Spread(u64);

impl Hasher for Spread {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n.wrapping_mul(0x9e37_79b9_7f4a_7c15).rotate_left(29);
    }
}

impl<'a> Prepared<'a> {
    /// `text`, ready for anchors; nothing is computed until an anchor needs it.
    pub fn new(text: &'a str) -> Prepared<'a> {
        Prepared {
            text,
            index: OnceLock::new(),
        }
    }

    /// Places `anchor` on this text, as [`reattach`] does.
    pub fn reattach(&self, anchor: &Anchor) -> Placement {
        let wanted = Wanted::new(anchor);
        let text = self.text;
        let original = anchor.start..anchor.end;
        let state_of = |range: &Range<usize>| {
            if text.get(range.clone()) != Some(anchor.quote.as_str()) {
                State::Changed
            } else if *range == original {
                State::Attached
            } else {
                State::Moved
            }
        };
        // 1. The same quote at the same offsets, unless it is short and its context is
        //    gone: then another occurrence may be the passage.
        if text.get(original.clone()) == Some(anchor.quote.as_str())
            && (!wanted.short
                || wanted
                    .context_at(self.index(), original.clone())
                    .is_none_or(|c| c >= CONTEXT_MATCH))
        {
            return Placement::at(State::Attached, original);
        }
        // 2. The exact quote where its context matches best.
        if let Some((range, context)) = best_exact(&wanted, self)
            && (!wanted.short || context.is_none_or(|c| c >= CONTEXT_MATCH))
        {
            return Placement::at(state_of(&range), range);
        }
        // 3. Mostly the same words between mostly the same context.
        match fuzzy(&wanted, self) {
            Some(range) => Placement::at(state_of(&range), range),
            None => Placement::orphaned(),
        }
    }

    fn index(&self) -> &Index {
        self.index.get_or_init(|| {
            let words = words(self.text);
            let mut at: HashMap<u64, Vec<u32>, BuildHasherDefault<Spread>> =
                HashMap::with_capacity_and_hasher(words.len() * 2, BuildHasherDefault::default());
            for (i, w) in words.iter().enumerate() {
                at.entry(w.hash).or_default().push(i as u32);
                if let Some(next) = words.get(i + 1) {
                    at.entry(pair(w.hash, next.hash))
                        .or_default()
                        .push(i as u32);
                }
            }
            let hashes = words.iter().map(|w| w.hash).collect();
            Index { words, hashes, at }
        })
    }
}

/// An anchor with its words hashed once.
struct Wanted<'a> {
    anchor: &'a Anchor,
    quote: Vec<u64>,
    /// The quote's inner words, with their offsets in it.
    inner: Vec<(u64, usize)>,
    quote_bag: Vec<u64>,
    short: bool,
    /// The context's words, split only when a step needs them: most anchors are placed
    /// by their quote alone.
    context: OnceCell<Context>,
}

/// The words of an anchor's context.
struct Context {
    prefix: Vec<u64>,
    suffix: Vec<u64>,
    /// The same words, sorted, for comparing bags of words.
    prefix_bag: Vec<u64>,
    suffix_bag: Vec<u64>,
    bag: Vec<u64>,
}

/// Whether a quote is short: found again only where its context matches.
fn is_short(quote_words: usize, quote: &str) -> bool {
    quote_words < SHORT_WORDS || quote.trim().chars().count() < SHORT_CHARS
}

fn sorted(v: &[u64]) -> Vec<u64> {
    let mut v = v.to_vec();
    v.sort_unstable();
    v
}

impl<'a> Wanted<'a> {
    fn new(anchor: &'a Anchor) -> Wanted<'a> {
        let quote_words = words(&anchor.quote);
        // Words wholly inside the quote (white space or punctuation of the quote on both
        // sides) are whole words wherever the quote occurs.
        let inner = quote_words
            .iter()
            .filter(|w| w.range.start > 0 && w.range.end < anchor.quote.len())
            .map(|w| (w.hash, w.range.start))
            .collect();
        let quote: Vec<u64> = quote_words.iter().map(|w| w.hash).collect();
        Wanted {
            inner,
            quote_bag: sorted(&quote),
            short: is_short(quote.len(), &anchor.quote),
            anchor,
            quote,
            context: OnceCell::new(),
        }
    }

    fn ctx(&self) -> &Context {
        self.context.get_or_init(|| {
            let anchor = self.anchor;
            let hashes = |s: &str| words(s).into_iter().map(|w| w.hash).collect::<Vec<_>>();
            let mut prefix = hashes(&anchor.prefix);
            let mut suffix = hashes(&anchor.suffix);
            // A word cut by the passage's edge is not context: the other side holds the
            // rest of it.
            let alnum = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
            if alnum(anchor.prefix.chars().next_back()) && alnum(anchor.quote.chars().next()) {
                prefix.pop();
            }
            if alnum(anchor.suffix.chars().next()) && alnum(anchor.quote.chars().next_back()) {
                suffix.remove(0);
            }
            Context {
                prefix_bag: sorted(&prefix),
                suffix_bag: sorted(&suffix),
                bag: sorted(&[&prefix[..], &suffix[..]].concat()),
                prefix,
                suffix,
            }
        })
    }

    /// How much of the context is found around `range` in `text`, from 0 to 1, by
    /// the words they share on each side, each side weighed by its words; `None` when
    /// the anchor has no context to compare.
    fn context_at(&self, index: &Index, range: Range<usize>) -> Option<f64> {
        let ctx = self.ctx();
        let total = ctx.prefix_bag.len() + ctx.suffix_bag.len();
        if total == 0 {
            return None;
        }
        // As many whole words on each side as the anchor's context has, read from the
        // index: no text is split again for each place compared.
        let before_end = index.words.partition_point(|w| w.range.end <= range.start);
        let after_start = index.words.partition_point(|w| w.range.start < range.end);
        let before = &index.hashes[before_end.saturating_sub(ctx.prefix_bag.len())..before_end];
        let after_end = (after_start + ctx.suffix_bag.len()).min(index.hashes.len());
        let after = &index.hashes[after_start..after_end];
        // Each side: twice the words it shares over all its words (Dice's coefficient),
        // weighed by the anchor's words on that side.
        let side = |bag: &[u64], there: &[u64]| {
            if bag.is_empty() {
                return 0.0;
            }
            2.0 * shared(bag, there) as f64 / (bag.len() + there.len()) as f64 * bag.len() as f64
        };
        let score = side(&ctx.prefix_bag, before) + side(&ctx.suffix_bag, after);
        Some(score / total as f64)
    }
}

/// The occurrence of the exact quote whose context matches best, with how well it
/// matches (`None`: no context to compare). Position only breaks ties.
fn best_exact(wanted: &Wanted, target: &Prepared) -> Option<(Range<usize>, Option<f64>)> {
    let anchor = wanted.anchor;
    let text = target.text;
    // Each occurrence, with how many bytes of the old context it keeps right next to
    // it: the cheap first look that picks which occurrences are compared word by word.
    let at = occurrences(wanted, target);
    // A long quote found once is the passage: there is nothing to choose between.
    if let [only] = at[..]
        && !wanted.short
    {
        return Some((only..only + anchor.quote.len(), None));
    }
    let mut found: Vec<(usize, Range<usize>)> = at
        .into_iter()
        .map(|at| {
            let range = at..at + anchor.quote.len();
            let near = common_suffix(before(text, range.start), &anchor.prefix)
                + common_prefix(after(text, range.end), &anchor.suffix);
            (near, range)
        })
        .collect();
    if found.is_empty() {
        return None;
    }
    if found.len() > MAX_EXACT {
        found.sort_by_key(|(near, range)| {
            (std::cmp::Reverse(*near), range.start.abs_diff(anchor.start))
        });
        found.truncate(MAX_EXACT);
    }
    // The best context wins; then the most context kept byte for byte right next to the
    // quote; then the nearest to the old place.
    found
        .into_iter()
        .map(|(near, range)| {
            (
                wanted.context_at(target.index(), range.clone()),
                near,
                range,
            )
        })
        .max_by(|(a, a_near, a_range), (b, b_near, b_range)| {
            a.unwrap_or(1.0)
                .total_cmp(&b.unwrap_or(1.0))
                .then(a_near.cmp(b_near))
                .then(
                    b_range
                        .start
                        .abs_diff(anchor.start)
                        .cmp(&a_range.start.abs_diff(anchor.start)),
                )
        })
        .map(|(context, _, range)| (range, context))
}

/// Where the exact quote occurs in the text. A quote with a word inside it is looked
/// for only where the rarest of its inner words occurs, from the index; a quote of one
/// word or less is looked for in the whole text.
fn occurrences(wanted: &Wanted, target: &Prepared) -> Vec<usize> {
    let quote = wanted.anchor.quote.as_str();
    if wanted.inner.is_empty() {
        return target.text.match_indices(quote).map(|(at, _)| at).collect();
    }
    let index = target.index();
    let rarest = wanted
        .inner
        .iter()
        .map(|&(hash, offset)| (index.at.get(&hash).map_or(&[][..], Vec::as_slice), offset))
        .min_by_key(|(places, _)| places.len());
    let Some((places, offset)) = rarest else {
        return Vec::new();
    };
    places
        .iter()
        .filter_map(|&j| index.words[j as usize].range.start.checked_sub(offset))
        .filter(|&at| target.text.get(at..at + quote.len()) == Some(quote))
        .collect()
}

/// The occurrence of the quote's words in order whose context matches best: a
/// selection made in the rendered page, where markup is gone. Between two of the quote's
/// words the Markdown may hold a few more (a link's address: "Quick Reorder" selected in
/// `[Quick Reorder](https://acme.example/reorder) app`); among equally good contexts the
/// occurrence with fewest words skipped wins, then the nearest.
fn best_by_words(wanted: &Wanted, target: &Prepared) -> Option<(Range<usize>, Option<f64>)> {
    let index = target.index();
    let (first, rest) = wanted.quote.split_first()?;
    // (how well the context matches, words skipped, distance from the old place), the
    // range and the context's match.
    type Choice = ((f64, usize, usize), Range<usize>, Option<f64>);
    let mut best: Option<Choice> = None;
    for &i in index.at.get(first)? {
        let i = i as usize;
        let mut last = i;
        let mut found = true;
        for h in rest {
            let reach = (last + 2 + MAX_SKIPPED).min(index.hashes.len());
            match (last + 1..reach).find(|&j| index.hashes[j] == *h) {
                Some(j) => last = j,
                None => {
                    found = false;
                    break;
                }
            }
        }
        if !found {
            continue;
        }
        let skipped = last + 1 - i - wanted.quote.len();
        let range = index.words[i].range.start..index.words[last].range.end;
        let context = wanted.context_at(index, range.clone());
        let score = context.unwrap_or(1.0);
        let distance = range.start.abs_diff(wanted.anchor.start);
        let better = match &best {
            None => true,
            Some(((s, k, d), _, _)) => {
                score > *s || (score == *s && (skipped < *k || (skipped == *k && distance < *d)))
            }
        };
        if better {
            best = Some(((score, skipped, distance), range, context));
        }
    }
    best.map(|(_, range, context)| (range, context))
}

/// The fuzzy step: the place whose words best match the quote's and the context's,
/// when it clears the thresholds on both.
fn fuzzy(wanted: &Wanted, target: &Prepared) -> Option<Range<usize>> {
    if wanted.quote.is_empty() {
        return None;
    }
    let index = target.index();
    // The pattern is the context and the quote as one run of words; each word votes for
    // the diagonal (place in the text minus place in the pattern) of each occurrence.
    let pattern: Vec<u64> = [
        &wanted.ctx().prefix[..],
        &wanted.quote,
        &wanted.ctx().suffix,
    ]
    .concat();
    let quote_at = wanted.ctx().prefix.len()..wanted.ctx().prefix.len() + wanted.quote.len();
    // Votes, each a diagonal times two plus one when a word of the quote cast it (one
    // integer sorts fast); words too common to vote could still match, so they count
    // towards what a place could reach.
    let vote = |d: i64, quote: bool| d * 2 + i64::from(quote);
    let mut votes: Vec<i64> = Vec::new();
    let (mut silent_quote, mut silent_context) = (0usize, 0usize);
    for (i, h) in pattern.iter().enumerate() {
        let quote = quote_at.contains(&i);
        match index.at.get(h) {
            Some(places) if places.len() <= MAX_OCCURRENCES => {
                votes.extend(places.iter().map(|&j| vote(j as i64 - i as i64, quote)));
            }
            Some(_) if quote => silent_quote += 1,
            Some(_) => silent_context += 1,
            None => {}
        }
    }
    // Pairs of neighbouring words vote too: in a text where every word is common, the
    // pairs still say where a passage is.
    for (i, two) in pattern.windows(2).enumerate() {
        let quote = quote_at.contains(&i) || quote_at.contains(&(i + 1));
        if let Some(places) = index.at.get(&pair(two[0], two[1]))
            && places.len() <= MAX_OCCURRENCES
        {
            votes.extend(places.iter().map(|&j| vote(j as i64 - i as i64, quote)));
        }
    }
    if votes.is_empty() {
        return None;
    }
    votes.sort_unstable();
    let diagonal = |v: i64| v.div_euclid(2);
    let from_quote = |v: i64| v.rem_euclid(2) == 1;
    // Words inserted or deleted inside the pattern shift the diagonal a little: votes
    // within a band count together. A place is compared word by word only if the votes
    // there could clear the thresholds.
    let band = 2 + pattern.len() as i64 / 8;
    let quote_words = wanted.quote.len();
    let context_words = pattern.len() - quote_words;
    let mut windows: Vec<(usize, i64)> = Vec::new();
    let (mut end, mut quote_votes, mut context_votes) = (0, 0usize, 0usize);
    for start in 0..votes.len() {
        let d = diagonal(votes[start]);
        while end < votes.len() && diagonal(votes[end]) <= d + band {
            if from_quote(votes[end]) {
                quote_votes += 1;
            } else {
                context_votes += 1;
            }
            end += 1;
        }
        let quote = (quote_votes + silent_quote).min(quote_words) as f64 / quote_words as f64;
        let context = (context_words > 0).then(|| {
            (context_votes + silent_context).min(context_words) as f64 / context_words as f64
        });
        let could = Found {
            range: 0..0,
            quote,
            context,
            letters: (quote_words <= FEW_WORDS).then_some(1.0),
        };
        if could.accepted(quote_words) {
            windows.push((
                quote_votes + context_votes,
                diagonal(votes[(start + end - 1) / 2]),
            ));
        }
        if from_quote(votes[start]) {
            quote_votes -= 1;
        } else {
            context_votes -= 1;
        }
    }
    // The places with most votes first, each apart from those already tried: a few
    // scans, no sort of every window.
    let mut tried: Vec<i64> = Vec::new();
    let mut best: Option<(f64, usize, Range<usize>)> = None;
    while tried.len() < CANDIDATES {
        let next = windows
            .iter()
            .filter(|(_, d)| tried.iter().all(|t| (t - d).abs() > band))
            .max_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
        let Some(&(_, d)) = next else {
            break;
        };
        tried.push(d);
        let Some(found) = compare_at(wanted, &pattern, quote_at.clone(), index, target.text, d)
        else {
            continue;
        };
        let distance = found.range.start.abs_diff(wanted.anchor.start);
        let score = found.score();
        let better = match &best {
            None => true,
            Some((s, dist, _)) => score > *s || (score == *s && distance < *dist),
        };
        if better {
            best = Some((score, distance, found.range));
        }
    }
    best.map(|(_, _, range)| range)
}

impl Found {
    /// Whether this is the passage: most of the quote between most of its context, or a
    /// long passage that kept nearly all its words wherever it went.
    fn accepted(&self, quote_words: usize) -> bool {
        let long = quote_words >= LONG_WORDS && self.quote >= LONG_MATCH;
        let kept = self.quote >= QUOTE_MATCH || self.letters.is_some_and(|l| l >= LETTERS_MATCH);
        long || (kept && self.context.is_none_or(|c| c >= CONTEXT_MATCH))
    }

    /// How well the passage and its context held, for choosing among places.
    fn score(&self) -> f64 {
        self.quote.max(self.letters.unwrap_or(0.0)) + self.context.unwrap_or(1.0)
    }
}

/// What the word-by-word comparison found at one place.
struct Found {
    range: Range<usize>,
    /// The share of the quote's words kept, of the larger of old and new passage.
    quote: f64,
    /// The share of the context's words kept; `None` without context.
    context: Option<f64>,
    /// For a quote of a few words, how alike old and new are letter by letter.
    letters: Option<f64>,
}

/// Compares the quote and its context with the text's words around diagonal `d` (of
/// the pattern: context, quote, context), and finds the passage that stands there now.
///
/// Two alignments are tried and the better kept. The whole pattern aligned at once
/// finds a passage changed in place, between its context. The quote aligned alone,
/// then each side's context with the words just before and after it, finds a passage
/// that went elsewhere while its old context stayed behind (aligned at once, the
/// context would pull the alignment back to the old place).
fn compare_at(
    wanted: &Wanted,
    pattern: &[u64],
    quote_at: Range<usize>,
    index: &Index,
    text: &str,
    d: i64,
) -> Option<Found> {
    let (words, hashes) = (&index.words, &index.hashes);
    let n = words.len() as i64;
    let clamp = |at: i64| at.clamp(0, n) as usize;
    let (prefix, quote, suffix) = (&wanted.ctx().prefix, &wanted.quote, &wanted.ctx().suffix);
    let slack = (4 + pattern.len() as i64 / 4).min(MAX_SLACK);
    let quote_slack = (4 + quote.len() as i64 / 4).min(MAX_SLACK);
    let context_words = prefix.len() + suffix.len();

    // First a cheap bound: no alignment pairs more words than the two share as bags of
    // words. Most places fail here, before any word-by-word comparison.
    let from = clamp(d - slack);
    let to = clamp(d + pattern.len() as i64 + slack);
    let quote_from = clamp(d + quote_at.start as i64 - quote_slack);
    let quote_to = clamp(d + quote_at.end as i64 + quote_slack);
    let could = Found {
        range: 0..0,
        quote: shared(&wanted.quote_bag, &hashes[quote_from..quote_to]) as f64 / quote.len() as f64,
        context: (context_words > 0)
            .then(|| shared(&wanted.ctx().bag, &hashes[from..to]) as f64 / context_words as f64),
        letters: (quote.len() <= FEW_WORDS).then_some(1.0),
    };
    if !could.accepted(quote.len()) {
        return None;
    }
    let mut found: Vec<(usize, usize, usize, usize)> = Vec::new();

    // The quote's words found here, aligned alone: when too few are left, no alignment
    // can make this the passage (unless a few words may be found letter by letter).
    let quote_kept = aligned(
        quote,
        &hashes[quote_from..quote_to],
        d + quote_at.start as i64 - quote_from as i64,
        quote_slack,
    );
    if quote.len() > FEW_WORDS && (quote_kept.len() as f64) < QUOTE_MATCH * quote.len() as f64 {
        return None;
    }

    // The whole pattern at once.
    let kept = aligned(pattern, &hashes[from..to], d - from as i64, slack);
    let in_quote = |p: &usize| quote_at.contains(p);
    let prefix_end = kept
        .iter()
        .filter(|(p, _)| *p < quote_at.start)
        .map(|&(_, w)| from + w + 1)
        .max();
    let suffix_start = kept
        .iter()
        .filter(|(p, _)| *p >= quote_at.end)
        .map(|&(_, w)| from + w)
        .min();
    let first = kept.iter().find(|(p, _)| in_quote(p));
    let last = kept.iter().rev().find(|(p, _)| in_quote(p));
    let kept_quote = kept.iter().filter(|(p, _)| in_quote(p)).count();
    let span = match (first, last) {
        (Some(&(fp, fw)), Some(&(lp, lw))) => Some((
            prefix_end.unwrap_or_else(|| (from + fw).saturating_sub(fp - quote_at.start)),
            suffix_start.unwrap_or((from + lw + quote_at.end - lp).min(words.len())),
        )),
        _ => prefix_end.zip(suffix_start),
    };
    if let Some((start, end)) = span {
        found.push((start, end, kept_quote, kept.len() - kept_quote));
    }

    // The quote alone, then its context around it.
    let from = quote_from;
    let kept = quote_kept;
    if let (Some(&(fp, fw)), Some(&(lp, lw))) = (kept.first(), kept.last()) {
        let (fw, lw) = (from + fw, from + lw);
        let context_slack = 4 + prefix.len().max(suffix.len()) / 4;
        let before_from = fw.saturating_sub(fp + prefix.len() + context_slack);
        let center = fw as i64 - fp as i64 - prefix.len() as i64 - before_from as i64;
        let before = aligned(
            prefix,
            &hashes[before_from..fw],
            center,
            context_slack as i64,
        );
        let after_to =
            (lw + 1 + (quote.len() - 1 - lp) + suffix.len() + context_slack).min(words.len());
        let center = (quote.len() - 1 - lp) as i64;
        let after = aligned(
            suffix,
            &hashes[lw + 1..after_to],
            center,
            context_slack as i64,
        );
        // Words between the kept context and the first and last kept words of the quote
        // replaced the quote's own; without context on a side, the passage reaches as
        // far as the quote's missing words would.
        let start = match before.last() {
            Some(&(_, w)) => before_from + w + 1,
            None => fw.saturating_sub(fp),
        };
        let end = match after.first() {
            Some(&(_, w)) => lw + 1 + w,
            None => (lw + 1 + (quote.len() - 1 - lp)).min(words.len()),
        };
        found.push((start, end, kept.len(), before.len() + after.len()));
    }

    found
        .into_iter()
        .filter(|(start, end, _, _)| start < end)
        .map(|(start, end, kept_quote, kept_context)| {
            let range = words[start].range.start..words[end - 1].range.end;
            let letters = (quote.len() <= FEW_WORDS).then(|| {
                if end - start > 2 * FEW_WORDS {
                    return 0.0;
                }
                TextDiff::from_chars(wanted.anchor.quote.trim(), &text[range.clone()]).ratio()
                    as f64
            });
            Found {
                range,
                quote: kept_quote as f64 / quote.len().max(end - start) as f64,
                context: (context_words > 0).then(|| kept_context as f64 / context_words as f64),
                letters,
            }
        })
        .filter(|found| found.accepted(quote.len()))
        .max_by(|a, b| a.score().total_cmp(&b.score()))
}

/// The words of `a` and `b` that a longest common subsequence pairs, as (place in `a`,
/// place in `b`), looking only within `band` of the diagonal `center` (where `b[i +
/// center]` is expected to match `a[i]`): the work is `a`'s length times the band, never
/// the product of the lengths. Of those, only the pairs near their median diagonal are
/// kept: a common word ("the") may pair far from the rest.
fn aligned(a: &[u64], b: &[u64], center: i64, band: i64) -> Vec<(usize, usize)> {
    if a.is_empty() || b.is_empty() {
        return Vec::new();
    }
    let (m, n) = (a.len() as i64, b.len() as i64);
    let width = (2 * band + 1) as usize;
    // Row i holds the cells j = i + center - band + k for k in 0..width; a cell outside
    // the band or the text counts as 0. Its neighbours: (i-1, j-1) is k in the row
    // above, (i-1, j) is k+1 there, (i, j-1) is k-1 in this row.
    let mut lcs = vec![0u32; (m as usize + 1) * width];
    let mut best = (0u32, 0usize, 0usize);
    for i in 1..=m as usize {
        let first_j = i as i64 + center - band;
        let (above, here) = lcs[(i - 1) * width..(i + 1) * width].split_at_mut(width);
        let wanted = a[i - 1];
        for k in 0..width {
            let j = first_j + k as i64;
            if j < 1 || j > n {
                continue;
            }
            let mut value = if b[j as usize - 1] == wanted {
                above[k] + 1
            } else {
                0
            };
            if k + 1 < width {
                value = value.max(above[k + 1]);
            }
            if k > 0 {
                value = value.max(here[k - 1]);
            }
            here[k] = value;
            if value > best.0 {
                best = (value, i, k);
            }
        }
    }
    let value = |i: usize, j: i64| -> u32 {
        let k = j - i as i64 - center + band;
        if j < 0 || j > n || k < 0 || k >= width as i64 {
            0
        } else {
            lcs[i * width + k as usize]
        }
    };
    let (mut i, mut j) = (best.1, best.1 as i64 + center - band + best.2 as i64);
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    while i > 0 && j > 0 && value(i, j) > 0 {
        if a[i - 1] == b[j as usize - 1] && value(i, j) == value(i - 1, j - 1) + 1 {
            pairs.push((i - 1, j as usize - 1));
            i -= 1;
            j -= 1;
        } else if value(i - 1, j) == value(i, j) {
            i -= 1;
        } else {
            j -= 1;
        }
    }
    pairs.reverse();
    if pairs.is_empty() {
        return pairs;
    }
    let mut diagonals: Vec<i64> = pairs.iter().map(|&(p, w)| w as i64 - p as i64).collect();
    diagonals.sort_unstable();
    let median = diagonals[diagonals.len() / 2];
    let keep = 2 + a.len() as i64 / 8;
    pairs.retain(|&(p, w)| (w as i64 - p as i64 - median).abs() <= keep);
    pairs
}

/// A word of a text: a run of letters and digits, compared without case.
struct Word {
    hash: u64,
    range: Range<usize>,
}

/// The words of `text`, in order.
fn words(text: &str) -> Vec<Word> {
    let mut out = Vec::new();
    let mut current: Option<(usize, u64)> = None;
    for (i, c) in text.char_indices() {
        // Scripts written without spaces: each character is a word of its own, or a whole
        // sentence would be one word and one changed character would hide it all.
        let alone = unspaced(c);
        if (alone || !c.is_alphanumeric())
            && let Some((start, hash)) = current.take()
        {
            out.push(Word {
                hash,
                range: start..i,
            });
        }
        if alone {
            out.push(Word {
                hash: fnv(FNV_OFFSET, c),
                range: i..i + c.len_utf8(),
            });
        } else if c.is_alphanumeric() {
            let (start, mut hash) = current.unwrap_or((i, FNV_OFFSET));
            for lower in c.to_lowercase() {
                hash = fnv(hash, lower);
            }
            current = Some((start, hash));
        }
    }
    if let Some((start, hash)) = current {
        out.push(Word {
            hash,
            range: start..text.len(),
        });
    }
    out
}

/// Whether `c` belongs to a script written without spaces between words: Chinese
/// characters, Japanese kana, Thai, Lao, Khmer and Myanmar letters.
fn unspaced(c: char) -> bool {
    matches!(
        c,
        '\u{0E00}'..='\u{0EFF}'
            | '\u{1000}'..='\u{109F}'
            | '\u{1780}'..='\u{17FF}'
            | '\u{3040}'..='\u{30FF}'
            | '\u{3400}'..='\u{4DBF}'
            | '\u{4E00}'..='\u{9FFF}'
            | '\u{F900}'..='\u{FAFF}'
            | '\u{20000}'..='\u{3FFFF}'
    )
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

/// One character into an FNV-1a hash: a word's identity, without allocating it.
fn fnv(hash: u64, c: char) -> u64 {
    let mut buf = [0u8; 4];
    let mut hash = hash;
    for b in c.encode_utf8(&mut buf).bytes() {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

/// The key of two neighbouring words in the index.
fn pair(first: u64, second: u64) -> u64 {
    first.rotate_left(21) ^ second.wrapping_mul(0x9e37_79b9_7f4a_7c15)
}

/// How many words the sorted bag `bag` shares with the words `there`.
fn shared(bag: &[u64], there: &[u64]) -> usize {
    let mut there = there.to_vec();
    there.sort_unstable();
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < bag.len() && j < there.len() {
        match bag[i].cmp(&there[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
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
