//! What a body paragraph reads as without a label: problem, solution, how it works, call
//! to action, and instructions to the reader.

use super::is_cjk;
use super::phrases::{List, list};

/// The words of `text` as body cues read them: runs of letters, digits, apostrophes and
/// hyphens (without those at their ends), and each character of Chinese, Japanese or
/// Korean alone, those scripts having no spaces or particles attached.
fn cue_words(text: &str) -> Vec<&str> {
    fn split(text: &str) -> impl Iterator<Item = &str> {
        text.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '-'))
            .map(|w: &str| w.trim_matches(|c| c == '\'' || c == '-'))
            .filter(|w| !w.is_empty())
    }
    if text.is_ascii() {
        return split(text).collect();
    }
    let mut out = Vec::new();
    let mut from = 0;
    for (at, c) in text.char_indices() {
        if is_cjk(c) {
            out.extend(split(&text[from..at]));
            out.push(&text[at..at + c.len_utf8()]);
            from = at + c.len_utf8();
        }
    }
    out.extend(split(&text[from..]));
    out
}

/// How many bytes of a word the one-word prefixes are looked up by: a word can only
/// start with a prefix whose first bytes are its own.
const PREFIX_KEY: usize = 3;

/// The cue words are hashed eight bytes at a time (`foldhash`), not byte by byte.
type Map<V> = std::collections::HashMap<&'static str, V, foldhash::fast::FixedState>;

/// A cue list ready for matching against the words of a text, indexed by first word.
struct Cues {
    entries: Vec<(Vec<&'static str>, bool)>,
    by_first: Map<Vec<usize>>,
    /// Entries whose only word is a prefix (`frustrat*`), by its first [`PREFIX_KEY`]
    /// bytes: each word is tried against those that start as it does.
    prefixes: Map<Vec<usize>>,
    /// One-word prefixes shorter than that (or cut inside a character there), tried
    /// against every word.
    short_prefixes: Vec<usize>,
}

impl Cues {
    fn new(list: &[&'static str]) -> Cues {
        let mut cues = Cues {
            entries: Vec::new(),
            by_first: Map::default(),
            prefixes: Map::default(),
            short_prefixes: Vec::new(),
        };
        for cue in list {
            let prefix = cue.ends_with('*');
            let words: Vec<&'static str> = cue_words(cue.trim_end_matches('*'));
            let index = cues.entries.len();
            if prefix && words.len() == 1 {
                match words[0].get(..PREFIX_KEY) {
                    Some(key) => cues.prefixes.entry(key).or_default().push(index),
                    None => cues.short_prefixes.push(index),
                }
            } else {
                cues.by_first.entry(words[0]).or_default().push(index);
            }
            cues.entries.push((words, prefix));
        }
        cues
    }

    fn matches_at(&self, index: usize, words: &[&str], at: usize) -> bool {
        let (cue, prefix) = &self.entries[index];
        if at + cue.len() > words.len() {
            return false;
        }
        cue.iter().enumerate().all(|(k, w)| {
            if *prefix && k + 1 == cue.len() {
                words[at + k].starts_with(w)
            } else {
                words[at + k] == *w
            }
        })
    }

    /// How many different cues occur in `words`.
    fn count(&self, words: &[&str]) -> u32 {
        if words.is_empty() {
            return 0;
        }
        let mut seen = vec![false; self.entries.len()];
        for at in 0..words.len() {
            if let Some(candidates) = self.by_first.get(words[at]) {
                for &index in candidates {
                    if !seen[index] && self.matches_at(index, words, at) {
                        seen[index] = true;
                    }
                }
            }
            let keyed = words[at]
                .get(..PREFIX_KEY)
                .and_then(|key| self.prefixes.get(key))
                .map_or(&[][..], Vec::as_slice);
            for &index in keyed.iter().chain(&self.short_prefixes) {
                if !seen[index] && self.matches_at(index, words, at) {
                    seen[index] = true;
                }
            }
        }
        seen.iter().filter(|s| **s).count() as u32
    }
}

/// The body cue lists: words that show a problem (someone hurts, waits, pays or
/// cannot), a solution (the product arrives and does something for someone), how it
/// works, and a call to action. A trailing `*` matches any ending of the last word.
static CUE_LISTS: std::sync::LazyLock<[Cues; 4]> = std::sync::LazyLock::new(|| {
    [
        Cues::new(list!("problem-cues")),
        Cues::new(list!("solution-cues")),
        Cues::new(list!("how-it-works-cues")),
        Cues::new(list!("call-to-action-cues")),
    ]
});

/// A text as the body cues read it: lowercased and split into words once, then asked
/// how strongly it reads as each body part, each list read only when asked.
pub struct BodyText {
    lower: String,
    /// The words of `lower` as the cues read them ([`cue_words`]), as byte ranges.
    words: Vec<std::ops::Range<usize>>,
    /// Whether the text names a web address (`https://…`, `www.…`, `example.com`),
    /// looked at the first time a call to action is scored.
    address: std::sync::OnceLock<bool>,
}

impl BodyText {
    pub fn new(text: &str) -> BodyText {
        let lower = text.to_lowercase().replace('’', "'");
        // Each word is a slice of `lower`: where it starts is its offset in it.
        let words = cue_words(&lower)
            .into_iter()
            .map(|w| {
                let at = w.as_ptr() as usize - lower.as_ptr() as usize;
                at..at + w.len()
            })
            .collect();
        BodyText {
            lower,
            words,
            address: std::sync::OnceLock::new(),
        }
    }

    fn words(&self) -> Vec<&str> {
        self.words.iter().map(|w| &self.lower[w.clone()]).collect()
    }

    /// How many problem and solution cues the text holds.
    pub fn problem_and_solution(&self) -> (u32, u32) {
        let words = self.words();
        let [problem, solution, _, _] = &*CUE_LISTS;
        (problem.count(&words), solution.count(&words))
    }

    /// How many how-it-works cues the text holds.
    pub fn how(&self) -> u32 {
        CUE_LISTS[2].count(&self.words())
    }

    /// How many call-to-action cues the text holds.
    pub fn call_cues(&self) -> u32 {
        CUE_LISTS[3].count(&self.words())
    }

    /// How strongly the text reads as a call to action, from `call_cues`: two for each
    /// cue, and four more when it has a link (`has_link`) or names a web address.
    pub fn call(&self, call_cues: u32, has_link: bool) -> u32 {
        let address = || {
            *self.address.get_or_init(|| {
                let lower = &self.lower;
                lower.contains("http://")
                    || lower.contains("https://")
                    || lower.contains("www.")
                    || has_domain(lower)
            })
        };
        call_cues * 2 + if has_link || address() { 4 } else { 0 }
    }
}

/// The verbs that open an instruction to the reader, each as its words.
static INSTRUCTION_VERBS: std::sync::LazyLock<Vec<Vec<&'static str>>> =
    std::sync::LazyLock::new(|| {
        list!("instruction-verbs")
            .iter()
            .copied()
            .map(cue_words)
            .filter(|words| !words.is_empty())
            .collect()
    });
/// The words an instruction's single verb acts on, and those that may come before it:
/// short lists, scanned (cheaper than hashing the word).
static INSTRUCTION_OBJECTS: List = list!("instruction-objects");
static INSTRUCTION_ADVERBS: List = list!("instruction-adverbs");

/// True when a sentence of `text` is an instruction to the reader on using the product:
/// it opens with a verb of use and what the verb acts on ("Point your camera at …",
/// "Open the app, tap …") or a phrase of use ("Just go to …"). Each sentence's first
/// words are read once.
pub fn has_instruction(text: &str) -> bool {
    let mut at_start = true;
    let mut after_stop = false;
    // The letters and digits just read, and whether they are a single letter.
    let mut run = 0;
    let mut letter = false;
    for (at, c) in text.char_indices() {
        if c.is_alphanumeric() {
            if at_start && opens_instruction(&text[at..]) {
                return true;
            }
            at_start = false;
            after_stop = false;
            run += 1;
            letter = c.is_alphabetic();
            continue;
        }
        if matches!(c, '.' | '!' | '?' | ';' | ':' | '。' | '！' | '？') {
            // A single letter before a full stop is an abbreviation (`e.g.`, `J. Lee`).
            after_stop = !(c == '.' && run == 1 && letter);
        } else if c.is_whitespace() {
            at_start |= after_stop;
        } else if c == ',' {
            after_stop = false;
        }
        run = 0;
    }
    false
}

/// True when `sentence` opens with an instruction's verb, after at most one adverb.
fn opens_instruction(sentence: &str) -> bool {
    // The first few words are enough: an adverb, a verb of up to two words, its object.
    let mut end = sentence.len().min(48);
    while !sentence.is_char_boundary(end) {
        end -= 1;
    }
    let lower = sentence[..end].to_lowercase();
    let mut words = cue_words(&lower);
    if end < sentence.len() {
        // The last word may be cut.
        words.pop();
    }
    let from = usize::from(words.len() > 1 && INSTRUCTION_ADVERBS.contains(&words[0]));
    let words = &words[from..words.len().min(from + 4)];
    INSTRUCTION_VERBS.iter().any(|verb| {
        words.starts_with(verb)
            && (verb.len() > 1
                || words
                    .get(verb.len())
                    .is_some_and(|w| INSTRUCTION_OBJECTS.contains(w)))
    })
}

/// True when text names a web address such as `example.com/start`.
fn has_domain(lower: &str) -> bool {
    lower.split_whitespace().any(|w| {
        let w = w
            .trim_matches(|c: char| !c.is_alphanumeric() && c != '.' && c != '/')
            .trim_end_matches('.');
        let Some(dot) = w.rfind('.') else {
            return false;
        };
        let tld = w[dot + 1..].split('/').next().unwrap_or("");
        dot > 0
            && matches!(
                tld,
                "com" | "org" | "io" | "dev" | "app" | "net" | "co" | "ai" | "de" | "example"
            )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`Cues::count`] read the plain way: every cue tried at every word.
    fn count_by_scan(cues: &Cues, words: &[&str]) -> u32 {
        (0..cues.entries.len())
            .filter(|&index| (0..words.len()).any(|at| cues.matches_at(index, words, at)))
            .count() as u32
    }

    fn same_counts(text: &str) {
        let lower = text.to_lowercase().replace('’', "'");
        let words = cue_words(&lower);
        assert_eq!(BodyText::new(text).words(), words, "{text:?}");
        for (k, cues) in CUE_LISTS.iter().enumerate() {
            assert_eq!(
                cues.count(&words),
                count_by_scan(cues, &words),
                "list {k} on {text:?}"
            );
        }
    }

    #[test]
    fn the_indexed_prefixes_count_as_trying_every_cue() {
        let mut texts = 0;
        for cues in CUE_LISTS.iter() {
            for (words, _) in &cues.entries {
                let cue = words.join(" ");
                for text in [
                    format!("We {cue} every day."),
                    format!("{cue}ing and {cue}s, un{cue}"),
                    cue[..cue.floor_char_boundary(cue.len() / 2)].to_string(),
                    format!("“{}” – {cue}-based", cue.to_uppercase()),
                ] {
                    same_counts(&text);
                    texts += 1;
                }
            }
        }
        let corpus =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus");
        for entry in std::fs::read_dir(corpus).into_iter().flatten().flatten() {
            let Ok(doc) = std::fs::read_to_string(entry.path()) else {
                continue;
            };
            for paragraph in doc.split("\n\n") {
                same_counts(paragraph);
                texts += 1;
            }
        }
        assert!(texts > 1000, "{texts} texts");
    }
}
