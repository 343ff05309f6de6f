//! Curated word lists, compiled into the binary from `data/*.txt`, and the matcher that
//! finds their entries in prose.
//!
//! A list file holds one entry per line; `#` starts a comment. An entry may be several
//! words. A trailing `*` matches any ending of the last word (`leverag*`). An entry with
//! a capital letter matches only with that case (`ARR` is a metric, `arr` is not);
//! other entries match any case. Projects add and remove entries in `prfaq.toml`.

use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::ops::Range;

use crate::config::Vocabulary;

/// The word lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ListKind {
    Jargon,
    Technical,
    InternalMetric,
    Weasel,
    Superlative,
}

impl ListKind {
    pub const ALL: [ListKind; 5] = [
        ListKind::Jargon,
        ListKind::Technical,
        ListKind::InternalMetric,
        ListKind::Weasel,
        ListKind::Superlative,
    ];

    /// The name used in `prfaq.toml` (`[vocabulary.jargon]`).
    pub fn name(self) -> &'static str {
        match self {
            ListKind::Jargon => "jargon",
            ListKind::Technical => "technical",
            ListKind::InternalMetric => "internal-metric",
            ListKind::Weasel => "weasel",
            ListKind::Superlative => "superlative",
        }
    }

    pub fn from_name(name: &str) -> Option<ListKind> {
        ListKind::ALL.into_iter().find(|k| k.name() == name)
    }

    fn data(self) -> &'static str {
        match self {
            ListKind::Jargon => include_str!("../data/jargon.txt"),
            ListKind::Technical => include_str!("../data/technical.txt"),
            ListKind::InternalMetric => include_str!("../data/internal-metric.txt"),
            ListKind::Weasel => include_str!("../data/weasel.txt"),
            ListKind::Superlative => include_str!("../data/superlative.txt"),
        }
    }
}

/// One list entry. The built-in lists' entries are static data (made by `build.rs`
/// from the same files, read the same way); a project's own entries own their text.
#[derive(Debug, Clone)]
struct Entry<'a> {
    /// The entry's words, one space between each: lowercase unless the entry has a
    /// capital.
    words: Cow<'a, str>,
    /// How many words.
    n: usize,
    /// The last word matches as a prefix.
    prefix: bool,
    case_sensitive: bool,
    text: Cow<'a, str>,
}

impl<'a> Entry<'a> {
    fn parse(line: &'a str) -> Option<Entry<'a>> {
        let line = line.split('#').next().unwrap_or("").trim();
        if line.is_empty() {
            return None;
        }
        let prefix = line.ends_with('*');
        let body = line.trim_end_matches('*');
        let case_sensitive = body.chars().any(char::is_uppercase);
        let mut words = String::new();
        let mut n = 0;
        for w in body.split_whitespace() {
            if n > 0 {
                words.push(' ');
            }
            // Without a capital, ASCII is its own lowercase.
            if case_sensitive || w.is_ascii() {
                words.push_str(w);
            } else {
                words.push_str(&w.to_lowercase());
            }
            n += 1;
        }
        Some(Entry {
            words: Cow::Owned(words),
            n,
            prefix,
            case_sensitive,
            text: Cow::Borrowed(body),
        })
    }

    /// The entry with its own copy of its text, for entries read from a project's
    /// configuration.
    fn into_owned(self) -> Entry<'static> {
        Entry {
            words: Cow::Owned(self.words.into_owned()),
            n: self.n,
            prefix: self.prefix,
            case_sensitive: self.case_sensitive,
            text: Cow::Owned(self.text.into_owned()),
        }
    }

    /// The entry's first word.
    fn first(&self) -> &str {
        self.words.split(' ').next().unwrap_or("")
    }

    /// Whether `word` (`lower` in lowercase) matches `want`, the entry's word; `last`
    /// for its last word, which may match as a prefix.
    fn word_matches(&self, want: &str, last: bool, word: &str, lower: &str) -> bool {
        let got = if self.case_sensitive { word } else { lower };
        if self.prefix && last {
            got.starts_with(want)
        } else {
            got == want
        }
    }
}

/// A word without its possessive ending ("Acme's" → "Acme"). `strip_suffix` rather
/// than `trim_end_matches`, which builds a string searcher on every call.
fn possessive(word: &str) -> &str {
    // Both endings end in `s`: most words are passed over on their last byte.
    if !word.ends_with('s') {
        return word;
    }
    word.strip_suffix("'s")
        .or_else(|| word.strip_suffix("’s"))
        .unwrap_or(word)
}

/// A small, fast hash for short word keys. The lists are fixed data, not input an
/// attacker chooses to collide, so SipHash's protection buys nothing here.
#[derive(Default)]
pub(crate) struct FnvHasher(u64);

impl Hasher for FnvHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut hash = if self.0 == 0 { FNV_START } else { self.0 };
        for byte in bytes {
            hash ^= u64::from(*byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = hash;
    }
}

const FNV_START: u64 = 0xcbf2_9ce4_8422_2325;

/// The FNV-1a hash of `bytes`, as `build.rs` computes it for the static index.
pub(crate) fn fnv(bytes: &[u8]) -> u64 {
    let mut h = FnvHasher(FNV_START);
    h.write(bytes);
    h.0
}

pub(crate) type FastHash = BuildHasherDefault<FnvHasher>;

/// For each built-in list in the order of [`ListKind::ALL`], the range of its entries
/// that start with a word (empty when none does).
type Ranges = [(u16, u16); ListKind::ALL.len()];

// The built-in lists, compiled from `data/*.txt` by `build.rs`: `ENTRIES` (each list's
// entries grouped by first word, longest first), `PREFIXES` (each list's one-word prefix
// entries by first byte, with where each byte's run starts) and `INDEX`, an
// open-addressing table by first word, hashed with [`fnv`], each slot a word and its
// `Ranges` (an empty word marks a free slot).
include!(concat!(env!("OUT_DIR"), "/word_lists.rs"));

/// The static index's entry ranges for a lowercase first word, if any list has an entry
/// starting with it.
fn indexed(first: &str) -> Option<&'static Ranges> {
    probe(&INDEX, first)
}

/// The value of `key` in a static open-addressing table that `build.rs` wrote: a power
/// of two slots, each a key and its value, placed by [`fnv`] and the next free slot
/// after it, an empty key marking a free slot.
pub(crate) fn probe<T>(table: &'static [(&'static str, T)], key: &str) -> Option<&'static T> {
    if key.is_empty() {
        return None;
    }
    let mask = table.len() - 1;
    let mut at = (fnv(key.as_bytes()) as usize) & mask;
    loop {
        let (slot, value) = &table[at];
        if slot.is_empty() {
            return None;
        }
        if *slot == key {
            return Some(value);
        }
        at = (at + 1) & mask;
    }
}

/// A list built at run time, with a project's vocabulary: entries indexed by their
/// first word.
#[derive(Debug, Clone)]
struct Own {
    by_first: HashMap<Cow<'static, str>, Vec<Entry<'static>>, FastHash>,
    /// Single-word prefix entries, which cannot be looked up by the whole first word,
    /// bucketed by their first byte so a word is compared with a handful, not all.
    /// Indexed by the byte itself: a word's bucket is found without hashing.
    prefixes: Vec<Vec<Entry<'static>>>,
}

/// A list ready for matching.
#[derive(Debug, Clone)]
pub struct WordList {
    /// `None` for a built-in list, read from the static tables.
    own: Option<Own>,
    accept: Vec<String>,
    kind: ListKind,
}

/// A match of a list entry in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// Byte range in the text that was searched.
    pub range: Range<usize>,
    /// The entry as written in the list.
    pub entry: String,
}

impl WordList {
    /// The built-in list with a project's vocabulary applied.
    pub fn new(kind: ListKind, vocabulary: Option<&Vocabulary>) -> WordList {
        match vocabulary {
            None => BUILT_IN[kind as usize].clone(),
            Some(v) => WordList::parsed(kind, Some(v)),
        }
    }

    /// The list read from its file at run time, with a project's vocabulary applied.
    fn parsed(kind: ListKind, vocabulary: Option<&Vocabulary>) -> WordList {
        let mut own = Own {
            by_first: HashMap::default(),
            prefixes: vec![Vec::new(); 256],
        };
        let accept: Vec<String> = vocabulary
            .map(|v| v.accept.iter().map(|w| w.to_lowercase()).collect())
            .unwrap_or_default();
        let extra = vocabulary
            .map(|v| {
                v.reject
                    .iter()
                    .filter_map(|w| Entry::parse(w).map(Entry::into_owned))
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default();
        let built_in = kind.data().lines().filter_map(Entry::parse);
        for entry in built_in.chain(extra) {
            if !accept.is_empty() && accept.contains(&entry.text.to_lowercase()) {
                continue;
            }
            if entry.prefix && entry.n == 1 {
                let first = entry.words.as_bytes().first().copied().unwrap_or(0);
                own.prefixes[usize::from(first)].push(entry);
            } else {
                // The words of an entry that matches any case are lowercase already.
                let first = if entry.case_sensitive {
                    entry.first().to_lowercase()
                } else {
                    entry.first().to_owned()
                };
                own.by_first
                    .entry(Cow::Owned(first))
                    .or_default()
                    .push(entry);
            }
        }
        // Longest entries first, so "best in class" wins over "best".
        for entries in own.by_first.values_mut() {
            entries.sort_by_key(|e| std::cmp::Reverse(e.n));
        }
        WordList {
            own: Some(own),
            accept,
            kind,
        }
    }

    /// Which list this is.
    pub fn kind(&self) -> ListKind {
        self.kind
    }

    /// The entries whose first word is `first` (lowercase), longest first.
    fn starting_with(&self, first: &str) -> Option<&[Entry<'static>]> {
        match &self.own {
            Some(own) => own.by_first.get(first).map(Vec::as_slice),
            None => indexed(first).and_then(|ranges| self.group(ranges)),
        }
    }

    /// This built-in list's entries of a first word's ranges in the static index.
    fn group(&self, ranges: &Ranges) -> Option<&'static [Entry<'static>]> {
        let k = self.kind as usize;
        let (start, end) = ranges[k];
        (end > start).then(|| &ENTRIES[k][usize::from(start)..usize::from(end)])
    }

    /// The single-word prefix entries that start with the byte `b`.
    fn prefix_bucket(&self, b: u8) -> &[Entry<'static>] {
        match &self.own {
            Some(own) => &own.prefixes[usize::from(b)],
            None => {
                let (entries, starts) = PREFIXES[self.kind as usize];
                let b = usize::from(b);
                &entries[usize::from(starts[b])..usize::from(starts[b + 1])]
            }
        }
    }

    /// Finds entries in `text`, given the byte ranges of its words.
    pub fn find(&self, text: &str, words: &[Range<usize>]) -> Vec<Hit> {
        self.find_lowered(text, words, Lowered::new(text, words).words())
    }

    /// Finds entries in `text`, given its words and the same words in lowercase (see
    /// [`Lowered`]), so texts read by several lists are lowered once.
    pub fn find_lowered(
        &self,
        text: &str,
        words: &[Range<usize>],
        lowered: LowerWords,
    ) -> Vec<Hit> {
        let mut hits = Vec::new();
        let mut i = 0;
        while i < words.len() {
            let entries = self.starting_with(possessive(&lowered[i]));
            i += self.match_at(text, words, lowered, i, entries, &mut hits);
        }
        hits
    }

    /// Matches the list at word `i`, given the entries whose first word is the word at
    /// `i`: pushes the hit, if any, to `hits` and answers how many words to move on.
    fn match_at(
        &self,
        text: &str,
        words: &[Range<usize>],
        lowered: LowerWords,
        i: usize,
        entries: Option<&[Entry<'static>]>,
        hits: &mut Vec<Hit>,
    ) -> usize {
        let mut matched = 0;
        let mut entry_text = "";
        for entry in entries.unwrap_or_default() {
            let n = entry.n;
            if i + n > words.len() {
                continue;
            }
            let all = entry.words.split(' ').enumerate().all(|(k, want)| {
                let word = &text[words[i + k].clone()];
                let last = k + 1 == n;
                entry.word_matches(want, last, word, &lowered[i + k])
                    || (last
                        && entry.word_matches(
                            want,
                            last,
                            possessive(word),
                            possessive(&lowered[i + k]),
                        ))
            });
            // Phrases must be written as one run, not across a sentence break.
            let contiguous = (1..n).all(|k| {
                let gap = &text[words[i + k - 1].end..words[i + k].start];
                gap.chars().all(|c| c.is_whitespace() || c == '-')
            });
            if all && contiguous {
                matched = n;
                entry_text = &entry.text;
                break;
            }
        }
        if matched == 0 {
            let word = &text[words[i].clone()];
            if let Some(entry) = self.prefix_match(word, &lowered[i]) {
                matched = 1;
                entry_text = &entry.text;
            }
        }
        if matched == 0 {
            return 1;
        }
        let range = words[i].start..words[i + matched - 1].end;
        // Most projects accept nothing: no need to lowercase the match.
        let accepted =
            !self.accept.is_empty() && self.accept.contains(&text[range.clone()].to_lowercase());
        if !accepted {
            hits.push(Hit {
                range,
                entry: entry_text.to_owned(),
            });
        }
        matched
    }
}

/// The built-in lists, static data, in the order of [`ListKind::ALL`].
pub(crate) static BUILT_IN: [WordList; ListKind::ALL.len()] = [
    WordList::built_in(ListKind::Jargon),
    WordList::built_in(ListKind::Technical),
    WordList::built_in(ListKind::InternalMetric),
    WordList::built_in(ListKind::Weasel),
    WordList::built_in(ListKind::Superlative),
];

/// Every built-in list in one index by first word (the static `INDEX`), so that a
/// text's words are looked up once for all the lists rather than once per list.
pub(crate) struct Lexicon;

pub(crate) static LEXICON: Lexicon = Lexicon;

impl Lexicon {
    /// What each built-in list finds in `text` (as [`WordList::find_lowered`] finds
    /// it), by [`ListKind`], in one pass over the words.
    pub(crate) fn find_all(
        &self,
        text: &str,
        words: &[Range<usize>],
        lowered: LowerWords,
    ) -> [Vec<Hit>; ListKind::ALL.len()] {
        let mut hits: [Vec<Hit>; ListKind::ALL.len()] = Default::default();
        // Where each list looks next: a phrase it matched is passed over whole.
        let mut next = [0; ListKind::ALL.len()];
        for (i, lower) in lowered.iter().enumerate() {
            let found = indexed(possessive(lower));
            // No list has an entry starting with this word, nor a prefix entry with its
            // first two letters: every list moves on at once.
            if found.is_none()
                && !may_start_prefix(text[words[i].clone()].as_bytes())
                && !may_start_prefix(lower.as_bytes())
            {
                continue;
            }
            let firsts = [
                text.as_bytes().get(words[i].start).copied(),
                lower.as_bytes().first().copied(),
            ];
            for (k, list) in BUILT_IN.iter().enumerate() {
                if next[k] > i {
                    continue;
                }
                let entries = found.and_then(|ranges| list.group(ranges));
                // No entry starts with this word, nor any prefix entry with its first
                // letter: the list moves on at once.
                if entries.is_none() && !firsts.iter().flatten().any(|&b| list.has_prefixes(b)) {
                    next[k] = i + 1;
                    continue;
                }
                next[k] = i + list.match_at(text, words, lowered, i, entries, &mut hits[k]);
            }
        }
        hits
    }
}

/// True when a one-word prefix entry of some built-in list may match a word that starts
/// with `word`'s bytes (as written or lowercased): one that starts with its first two
/// bytes, or, for a word of one byte, with that byte.
fn may_start_prefix(word: &[u8]) -> bool {
    match *word {
        [] => false,
        [first] => PREFIX_LISTS[usize::from(first)] != 0,
        [first, second, ..] => {
            let pair = usize::from(first) << 8 | usize::from(second);
            PREFIX_PAIRS[pair / 64] & 1 << (pair % 64) != 0
        }
    }
}

impl WordList {
    /// A built-in list, read from the static tables.
    const fn built_in(kind: ListKind) -> WordList {
        WordList {
            own: None,
            accept: Vec::new(),
            kind,
        }
    }

    /// True when a single-word prefix entry starts with the byte `first`.
    fn has_prefixes(&self, first: u8) -> bool {
        !self.prefix_bucket(first).is_empty()
    }

    /// The single-word prefix entry that `word` (`lower` in lowercase) matches, looked
    /// for in the buckets of its first byte, lowercased and as written (for
    /// case-sensitive entries).
    fn prefix_match(&self, word: &str, lower: &str) -> Option<&Entry<'static>> {
        let lower_first = *lower.as_bytes().first()?;
        let matches = |e: &&Entry| e.word_matches(&e.words, true, word, lower);
        if let Some(entry) = self.prefix_bucket(lower_first).iter().find(matches) {
            return Some(entry);
        }
        let word_first = *word.as_bytes().first()?;
        if word_first == lower_first {
            return None;
        }
        self.prefix_bucket(word_first).iter().find(matches)
    }
}

/// A text's words in lowercase, each as `str::to_lowercase` makes it, in one string: a
/// text in ASCII is lowered whole, each word where it is in the text; any other text has
/// its words lowered into the string in turn. One allocation for the text, none a word.
#[derive(Debug)]
pub struct Lowered {
    text: String,
    /// Where each word is in `text`: on character boundaries of `text`, within it (made
    /// so by [`Lowered::new`], and never changed).
    ranges: Vec<Range<usize>>,
}

impl Lowered {
    /// The words of `text` (byte ranges on its character boundaries, in order) in
    /// lowercase.
    pub fn new(text: &str, words: &[Range<usize>]) -> Lowered {
        if text.is_ascii() {
            // ASCII lowercases byte for byte: every word keeps its place, and every byte
            // is a character boundary.
            assert!(
                words
                    .iter()
                    .all(|w| w.start <= w.end && w.end <= text.len())
            );
            return Lowered {
                text: text.to_ascii_lowercase(),
                ranges: words.to_vec(),
            };
        }
        let mut lower = String::with_capacity(text.len());
        let mut ranges = Vec::with_capacity(words.len());
        for range in words {
            let word = &text[range.clone()];
            let start = lower.len();
            if word.is_ascii() {
                lower.push_str(word);
                lower[start..].make_ascii_lowercase();
            } else if word.chars().any(char::is_uppercase) {
                // The whole word at once: a final sigma lowers by its place in the word.
                lower.push_str(&word.to_lowercase());
            } else {
                lower.push_str(word);
            }
            ranges.push(start..lower.len());
        }
        Lowered {
            text: lower,
            ranges,
        }
    }

    /// The words.
    pub fn words(&self) -> LowerWords<'_> {
        LowerWords {
            text: &self.text,
            ranges: &self.ranges,
        }
    }
}

/// The words of a [`Lowered`], by index, as `str`.
#[derive(Debug, Clone, Copy)]
pub struct LowerWords<'s> {
    text: &'s str,
    /// The words' places in `text`, on its character boundaries (see [`Lowered`]).
    ranges: &'s [Range<usize>],
}

impl<'s> LowerWords<'s> {
    pub fn len(&self) -> usize {
        self.ranges.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ranges.is_empty()
    }

    /// The word at `i`.
    #[inline]
    pub fn get(&self, i: usize) -> &'s str {
        word_at(self.text, &self.ranges[i])
    }

    /// The words in order.
    pub fn iter(&self) -> <Self as IntoIterator>::IntoIter {
        self.into_iter()
    }

    /// The words at `range` of indexes.
    pub fn slice(&self, range: Range<usize>) -> LowerWords<'s> {
        LowerWords {
            text: self.text,
            ranges: &self.ranges[range],
        }
    }
}

/// A word of a [`Lowered`] by its place. The words are read many times by many lists and
/// rules: each read would otherwise check again that the place lies on character
/// boundaries, which [`Lowered::new`] made sure of once.
#[inline]
fn word_at<'s>(text: &'s str, range: &Range<usize>) -> &'s str {
    debug_assert!(text.get(range.clone()).is_some());
    // SAFETY: `range` is one of a `Lowered`'s ranges, which lie within its text and on
    // character boundaries of it (see `Lowered::new`); `text` is that text.
    unsafe { text.get_unchecked(range.clone()) }
}

impl<'s> IntoIterator for LowerWords<'s> {
    type Item = &'s str;
    type IntoIter = std::iter::Map<
        std::iter::Zip<std::iter::Repeat<&'s str>, std::slice::Iter<'s, Range<usize>>>,
        fn((&'s str, &'s Range<usize>)) -> &'s str,
    >;

    fn into_iter(self) -> Self::IntoIter {
        std::iter::repeat(self.text)
            .zip(self.ranges)
            .map(|(text, r)| word_at(text, r))
    }
}

impl std::ops::Index<usize> for LowerWords<'_> {
    type Output = str;

    fn index(&self, i: usize) -> &str {
        self.get(i)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<Range<usize>> {
        prfaq_text::words(text)
    }

    /// Each word lowered as `str::to_lowercase` lowers it alone, in texts in ASCII and
    /// beyond it (a final sigma, a dotted capital I that lowers to two characters).
    #[test]
    fn lowered_words_are_each_word_lowercased() {
        for text in [
            "",
            "We LEVERAGE Acme's API, don't we?",
            "ΟΔΟΣ and İstanbul’s Café-goer: naïve ÅSA 3.5 www.Example.com",
            "中文 Ünïcode ΣΊΣΥΦΟΣ \u{FFFC} end",
        ] {
            let words = prfaq_text::words(text);
            let lowered = Lowered::new(text, &words);
            let view = lowered.words();
            let want: Vec<String> = words
                .iter()
                .map(|w| text[w.clone()].to_lowercase())
                .collect();
            assert_eq!(view.iter().collect::<Vec<_>>(), want, "{text}");
            assert_eq!(view.len(), want.len());
            for (i, w) in want.iter().enumerate() {
                assert_eq!(&view[i], w.as_str());
            }
            if view.len() > 2 {
                assert_eq!(view.slice(1..3).iter().collect::<Vec<_>>(), want[1..3]);
            }
        }
    }

    #[test]
    fn matches_phrases_prefixes_and_case() {
        let list = WordList::new(ListKind::Jargon, None);
        let text = "We leverage a best-in-class, seamless flow. Leveraging synergies.";
        let hits: Vec<&str> = list
            .find(text, &words(text))
            .iter()
            .map(|h| &text[h.range.clone()])
            .collect::<Vec<_>>()
            .into_iter()
            .collect();
        assert!(hits.contains(&"leverage"), "{hits:?}");
        assert!(hits.contains(&"seamless"), "{hits:?}");
        assert!(hits.contains(&"Leveraging"), "{hits:?}");
        let metrics = WordList::new(ListKind::InternalMetric, None);
        let text = "Our ARR grew, arr matey.";
        let hits = metrics.find(text, &words(text));
        assert_eq!(hits.len(), 1);
        assert_eq!(&text[hits[0].range.clone()], "ARR");
    }

    /// The static tables `build.rs` makes hold, for every first word and first byte,
    /// the entries the list file holds, in the same order.
    #[test]
    fn static_lists_are_the_files() {
        for kind in ListKind::ALL {
            let parsed = WordList::parsed(kind, None);
            let own = parsed.own.as_ref().expect("a parsed list");
            let built_in = &BUILT_IN[kind as usize];
            let show = |entries: &[Entry]| -> Vec<String> {
                entries
                    .iter()
                    .map(|e| {
                        format!(
                            "{}|{}|{}|{}|{}",
                            e.words, e.n, e.prefix, e.case_sensitive, e.text
                        )
                    })
                    .collect()
            };
            let mut total = 0;
            for (first, entries) in &own.by_first {
                let found = built_in.starting_with(first).unwrap_or_default();
                assert_eq!(show(found), show(entries), "{} {first}", kind.name());
                total += entries.len();
            }
            assert_eq!(total, ENTRIES[kind as usize].len(), "{}", kind.name());
            for b in 0..=255u8 {
                assert_eq!(
                    show(built_in.prefix_bucket(b)),
                    show(&own.prefixes[usize::from(b)]),
                    "{} byte {b}",
                    kind.name()
                );
            }
        }
        assert!(indexed("").is_none() && indexed("no-such-first-word").is_none());
        for b in 0..=255u8 {
            let lists = BUILT_IN
                .iter()
                .enumerate()
                .filter(|(_, list)| list.has_prefixes(b))
                .fold(0u8, |bits, (k, _)| bits | 1 << k);
            assert_eq!(PREFIX_LISTS[usize::from(b)], lists, "byte {b}");
        }
        // A word may start a prefix entry exactly when some list's bucket of its first
        // byte holds an entry that starts with its first two bytes.
        for first in 0..=255u8 {
            for second in 0..=255u8 {
                let word = [first, second];
                let starts = BUILT_IN.iter().any(|list| {
                    list.prefix_bucket(first).iter().any(|e| {
                        word.starts_with(e.words.as_bytes())
                            || e.words.as_bytes().starts_with(&word)
                    })
                });
                assert_eq!(may_start_prefix(&word), starts, "bytes {first} {second}");
            }
            assert_eq!(
                may_start_prefix(&[first]),
                PREFIX_LISTS[usize::from(first)] != 0
            );
        }
        assert!(!may_start_prefix(b""));
    }

    #[test]
    fn vocabulary_accepts_and_rejects() {
        let vocab = Vocabulary {
            accept: vec!["seamless".into()],
            reject: vec!["frobnicate*".into()],
        };
        let list = WordList::new(ListKind::Jargon, Some(&vocab));
        let text = "A seamless way to frobnicate things.";
        let hits = list.find(text, &words(text));
        assert_eq!(hits.len(), 1);
        assert_eq!(&text[hits[0].range.clone()], "frobnicate");
    }
}
