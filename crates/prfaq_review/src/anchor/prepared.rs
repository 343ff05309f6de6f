//! A text prepared for anchors (its words indexed on first need) and an anchor's words
//! hashed once.

use super::*;

/// A text that anchors are placed on, with its words indexed on first need.
pub struct Prepared<'a> {
    pub(super) text: &'a str,
    pub(super) index: OnceLock<Index>,
}

/// The words of a text, and where each occurs.
pub(super) struct Index {
    pub(super) words: Vec<Word>,
    pub(super) hashes: Vec<u64>,
    pub(super) at: HashMap<u64, Vec<u32>, BuildHasherDefault<Spread>>,
}

/// The hasher of the index, whose keys are already hashes of words: one multiplication
/// spreads them over the table.
#[derive(Default)]
pub(super) struct Spread(u64);

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
        //    gone: then another occurrence may be the passage. The context is there when
        //    the text around is byte for byte the anchor's (a passage that starts or ends
        //    inside a word, as in text without spaces, has no whole words to compare).
        if text.get(original.clone()) == Some(anchor.quote.as_str())
            && (!wanted.short
                || (text[..original.start].ends_with(anchor.prefix.as_str())
                    && text[original.end..].starts_with(anchor.suffix.as_str()))
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

    pub(super) fn index(&self) -> &Index {
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
pub(super) struct Wanted<'a> {
    pub(super) anchor: &'a Anchor,
    pub(super) quote: Vec<u64>,
    /// The quote's inner words, with their offsets in it.
    pub(super) inner: Vec<(u64, usize)>,
    pub(super) quote_bag: Vec<u64>,
    pub(super) short: bool,
    /// The context's words, split only when a step needs them: most anchors are placed
    /// by their quote alone.
    pub(super) context: OnceCell<Context>,
}

/// The words of an anchor's context.
pub(super) struct Context {
    pub(super) prefix: Vec<u64>,
    pub(super) suffix: Vec<u64>,
    /// The same words, sorted, for comparing bags of words.
    pub(super) prefix_bag: Vec<u64>,
    pub(super) suffix_bag: Vec<u64>,
    pub(super) bag: Vec<u64>,
}

/// Whether a quote is short: found again only where its context matches.
pub(super) fn is_short(quote_words: usize, quote: &str) -> bool {
    quote_words < SHORT_WORDS || quote.trim().chars().count() < SHORT_CHARS
}

pub(super) fn sorted(v: &[u64]) -> Vec<u64> {
    let mut v = v.to_vec();
    v.sort_unstable();
    v
}

impl<'a> Wanted<'a> {
    pub(super) fn new(anchor: &'a Anchor) -> Wanted<'a> {
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

    pub(super) fn ctx(&self) -> &Context {
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
    pub(super) fn context_at(&self, index: &Index, range: Range<usize>) -> Option<f64> {
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
