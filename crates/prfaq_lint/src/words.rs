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
use std::sync::LazyLock;

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

/// One list entry, split into words. The built-in lists' entries borrow their text
/// from the compiled-in files; a project's own entries own theirs.
#[derive(Debug, Clone)]
struct Entry<'a> {
    words: Vec<Cow<'a, str>>,
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
        let words = body
            .split_whitespace()
            .map(|w| {
                // Without a capital, ASCII is its own lowercase: borrowed as it is.
                if case_sensitive || w.is_ascii() {
                    Cow::Borrowed(w)
                } else {
                    Cow::Owned(w.to_lowercase())
                }
            })
            .collect();
        Some(Entry {
            words,
            prefix,
            case_sensitive,
            text: Cow::Borrowed(body),
        })
    }

    /// The entry with its own copy of every word, for entries read from a project's
    /// configuration.
    fn into_owned(self) -> Entry<'static> {
        Entry {
            words: self
                .words
                .into_iter()
                .map(|w| Cow::Owned(w.into_owned()))
                .collect(),
            prefix: self.prefix,
            case_sensitive: self.case_sensitive,
            text: Cow::Owned(self.text.into_owned()),
        }
    }

    fn word_matches(&self, index: usize, word: &str, lower: &str) -> bool {
        let want: &str = &self.words[index];
        let got = if self.case_sensitive { word } else { lower };
        if self.prefix && index + 1 == self.words.len() {
            got.starts_with(want)
        } else {
            got == want
        }
    }
}

/// A word without its possessive ending ("Acme's" → "Acme"). `strip_suffix` rather
/// than `trim_end_matches`, which builds a string searcher on every call.
fn possessive(word: &str) -> &str {
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
        let mut hash = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for byte in bytes {
            hash ^= u64::from(*byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = hash;
    }
}

pub(crate) type FastHash = BuildHasherDefault<FnvHasher>;

/// A list ready for matching: entries indexed by their first word.
#[derive(Debug, Clone)]
pub struct WordList {
    by_first: HashMap<Cow<'static, str>, Vec<Entry<'static>>, FastHash>,
    /// Single-word prefix entries, which cannot be looked up by the whole first word,
    /// bucketed by their first byte so a word is compared with a handful, not all.
    /// Indexed by the byte itself: a word's bucket is found without hashing.
    prefixes: Vec<Vec<Entry<'static>>>,
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
        let mut list = WordList {
            by_first: HashMap::default(),
            prefixes: vec![Vec::new(); 256],
            accept: Vec::new(),
            kind,
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
            if entry.prefix && entry.words.len() == 1 {
                let first = entry.words[0].as_bytes().first().copied().unwrap_or(0);
                list.prefixes[usize::from(first)].push(entry);
            } else {
                // The words of an entry that matches any case are lowercase already.
                let first = if entry.case_sensitive {
                    Cow::Owned(entry.words[0].to_lowercase())
                } else {
                    entry.words[0].clone()
                };
                list.by_first.entry(first).or_default().push(entry);
            }
        }
        // Longest entries first, so "best in class" wins over "best".
        for entries in list.by_first.values_mut() {
            entries.sort_by_key(|e| std::cmp::Reverse(e.words.len()));
        }
        list.accept = accept;
        list
    }

    /// Which list this is.
    pub fn kind(&self) -> ListKind {
        self.kind
    }

    /// Finds entries in `text`, given the byte ranges of its words.
    pub fn find(&self, text: &str, words: &[Range<usize>]) -> Vec<Hit> {
        self.find_lowered(text, words, &lowercase_words(text, words))
    }

    /// Finds entries in `text`, given its words and the same words in lowercase (see
    /// [`lowercase_words`]), so texts read by several lists are lowered once.
    pub fn find_lowered(
        &self,
        text: &str,
        words: &[Range<usize>],
        lowered: &[Cow<str>],
    ) -> Vec<Hit> {
        let mut hits = Vec::new();
        let mut i = 0;
        while i < words.len() {
            let entries = self.by_first.get(possessive(&lowered[i]));
            i += self.match_at(
                text,
                words,
                lowered,
                i,
                entries.map(Vec::as_slice),
                &mut hits,
            );
        }
        hits
    }

    /// Matches the list at word `i`, given the entries whose first word is the word at
    /// `i`: pushes the hit, if any, to `hits` and answers how many words to move on.
    fn match_at(
        &self,
        text: &str,
        words: &[Range<usize>],
        lowered: &[Cow<str>],
        i: usize,
        entries: Option<&[Entry<'static>]>,
        hits: &mut Vec<Hit>,
    ) -> usize {
        let mut matched = 0;
        let mut entry_text = "";
        for entry in entries.unwrap_or_default() {
            let n = entry.words.len();
            if i + n > words.len() {
                continue;
            }
            let all = (0..n).all(|k| {
                let word = &text[words[i + k].clone()];
                entry.word_matches(k, word, &lowered[i + k])
                    || (k + 1 == n
                        && entry.word_matches(k, possessive(word), possessive(&lowered[i + k])))
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

/// The built-in lists, built once per process, in the order of [`ListKind::ALL`].
pub(crate) static BUILT_IN: LazyLock<[WordList; ListKind::ALL.len()]> =
    LazyLock::new(|| ListKind::ALL.map(|k| WordList::new(k, None)));

/// Every built-in list in one index by first word, so that a text's words are looked
/// up once for all the lists rather than once per list.
pub(crate) struct Lexicon {
    /// Each list's entries by their first word, in the order of [`ListKind::ALL`].
    by_first:
        HashMap<&'static str, [Option<&'static [Entry<'static>]>; ListKind::ALL.len()], FastHash>,
}

pub(crate) static LEXICON: LazyLock<Lexicon> = LazyLock::new(|| {
    let mut by_first: HashMap<&'static str, [Option<&'static [Entry<'static>]>; 5], FastHash> =
        HashMap::default();
    for (k, list) in BUILT_IN.iter().enumerate() {
        for (first, entries) in &list.by_first {
            by_first.entry(first.as_ref()).or_default()[k] = Some(entries.as_slice());
        }
    }
    Lexicon { by_first }
});

impl Lexicon {
    /// What each built-in list finds in `text` (as [`WordList::find_lowered`] finds
    /// it), by [`ListKind`], in one pass over the words.
    pub(crate) fn find_all(
        &self,
        text: &str,
        words: &[Range<usize>],
        lowered: &[Cow<str>],
    ) -> [Vec<Hit>; ListKind::ALL.len()] {
        let mut hits: [Vec<Hit>; ListKind::ALL.len()] = Default::default();
        // Where each list looks next: a phrase it matched is passed over whole.
        let mut next = [0; ListKind::ALL.len()];
        for i in 0..words.len() {
            let found = self.by_first.get(possessive(&lowered[i]));
            let firsts = [
                text.as_bytes().get(words[i].start).copied(),
                lowered[i].as_bytes().first().copied(),
            ];
            for (k, list) in BUILT_IN.iter().enumerate() {
                if next[k] > i {
                    continue;
                }
                let entries = found.and_then(|f| f[k]);
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

impl WordList {
    /// True when a single-word prefix entry starts with the byte `first`.
    fn has_prefixes(&self, first: u8) -> bool {
        !self.prefixes[usize::from(first)].is_empty()
    }

    /// The single-word prefix entry that `word` (`lower` in lowercase) matches, looked
    /// for in the buckets of its first byte, lowercased and as written (for
    /// case-sensitive entries).
    fn prefix_match(&self, word: &str, lower: &str) -> Option<&Entry<'static>> {
        let lower_first = *lower.as_bytes().first()?;
        let bucket = |b: u8| self.prefixes[usize::from(b)].iter();
        if let Some(entry) = bucket(lower_first).find(|e| e.word_matches(0, word, lower)) {
            return Some(entry);
        }
        let word_first = *word.as_bytes().first()?;
        if word_first == lower_first {
            return None;
        }
        bucket(word_first).find(|e| e.word_matches(0, word, lower))
    }
}

/// The words of `text` in lowercase. Most words are already lowercase: those are
/// borrowed instead of allocated.
pub fn lowercase_words<'t>(text: &'t str, words: &[Range<usize>]) -> Vec<Cow<'t, str>> {
    words
        .iter()
        .map(|r| {
            let word = &text[r.clone()];
            if word.chars().any(char::is_uppercase) {
                Cow::Owned(word.to_lowercase())
            } else {
                Cow::Borrowed(word)
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<Range<usize>> {
        prfaq_text::words(text)
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
