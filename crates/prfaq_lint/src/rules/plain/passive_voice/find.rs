//! Passives in a text: a form of "be" or "get", a few adverbs, a past participle, and
//! the near misses that are not passives.

use std::borrow::Cow;
use std::ops::Range;

use super::participles::is_participle;
use crate::cues::{CueSet, cue_set};
use crate::words::LowerWords;

/// A passive construction found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Passive {
    /// From the auxiliary (or the form of "be"/"get") to the participle.
    pub range: Range<usize>,
    /// The words after "by", when they name who acts.
    pub agent: Option<Range<usize>>,
}

/// Forms of "be" that make a passive. A `match`, which compiles to a switch on the
/// length: every word of a text is asked, and most are compared with none.
fn is_be_form(word: &str) -> bool {
    matches!(
        word,
        "am" | "is"
            | "are"
            | "was"
            | "were"
            | "be"
            | "been"
            | "being"
            | "isn't"
            | "aren't"
            | "wasn't"
            | "weren't"
            | "isnt"
            | "arent"
            | "wasnt"
            | "werent"
    )
}

/// Forms of "get" that make a passive ("got charged twice").
fn is_get_form(word: &str) -> bool {
    matches!(word, "get" | "gets" | "got" | "gotten" | "getting")
}

/// Words whose `'s` means "is" rather than a possessive ("it's made", not "the parent's
/// saved cart").
const IS_HOSTS: &[&str] = &[
    "it",
    "that",
    "what",
    "he",
    "she",
    "who",
    "where",
    "everything",
    "nothing",
    "something",
    "this",
    "there",
    "here",
    "which",
    "everyone",
    "nobody",
    "someone",
];

/// Auxiliaries kept in the reported phrase before "be"/"been" ("will be sent").
const AUX: &[&str] = &[
    "will", "would", "can", "could", "may", "might", "must", "should", "shall", "has", "have",
    "had", "won't", "can't", "cannot",
];

/// Words that may stand between the auxiliary and the participle.
const BETWEEN: &[&str] = &[
    "not",
    "never",
    "already",
    "also",
    "always",
    "still",
    "just",
    "now",
    "often",
    "then",
    "all",
    "both",
    "each",
    "even",
    "soon",
    "ever",
    "again",
    "once",
    "no",
    "longer",
    "only",
    "being",
    "sometimes",
    "usually",
    "rarely",
    "seldom",
    "first",
    "instead",
];

/// Participles that, after "be", describe a feeling, a quality or where something is
/// rather than an action someone did: never reported ("is tired", "is based in").
static ADJECTIVAL: CueSet = cue_set!("passive-adjectival-participles");

/// Participles that after "be" usually state how things stand, and whose doer does not
/// matter unless the sentence names it: reported only with a "by …" agent ("you're
/// done", "delivery is included", "no account is required").
static STATIVE: CueSet = cue_set!("passive-stative-participles");

/// Participles followed by "for" that state a purpose, not an action ("is designed for
/// parents", "is built for speed").
static PURPOSE: CueSet = cue_set!("passive-purpose-participles");

/// What follows "get" in idioms that are not passives.
static GET_IDIOMS: CueSet = cue_set!("passive-get-idioms");

/// Words after "by" that name a time, a way or a means, not who acts.
static NOT_AGENT: CueSet = cue_set!("passive-not-agents");

/// Words that cannot be an agent alone: an agent phrase of nothing else was cut short.
const DETERMINERS: &[&str] = &[
    "a", "an", "the", "this", "that", "these", "those", "its", "their", "our", "your", "my", "his",
    "her", "some", "any", "each", "every", "another",
];

/// Words that end the agent's noun phrase.
const AGENT_STOP: &[&str] = &[
    "to", "and", "or", "but", "when", "so", "that", "which", "who", "because", "if", "for", "in",
    "on", "at", "with", "after", "before", "within", "while", "as", "so", "from", "into", "every",
    "each", "whenever", "until", "without", "of",
];

fn normalize(word: &str) -> Cow<'_, str> {
    // Most words are plain lowercase ASCII: borrowed, with no case mapping or search.
    if word
        .bytes()
        .all(|b| b.is_ascii() && !b.is_ascii_uppercase())
    {
        return Cow::Borrowed(word);
    }
    Cow::Owned(word.to_lowercase().replace('’', "'"))
}

/// True when `word` (lowercase) is a form of "be" that can start a passive.
fn is_be(word: &str) -> bool {
    if is_be_form(word) {
        return true;
    }
    if let Some(host) = word.strip_suffix("'s") {
        return IS_HOSTS.contains(&host);
    }
    word.ends_with("'re") || word == "i'm"
}

/// Words that follow a passive participle rather than a noun it describes.
static LINKS: CueSet = cue_set!("passive-links");

/// The words of `text` as [`normalize`] makes them, from the same words in lowercase: a
/// word lowered to ASCII is what `normalize` makes of it, borrowed; any other is
/// normalised here (curly apostrophes made straight).
fn normalized<'t>(
    text: &'t str,
    words: &[Range<usize>],
    lowered: LowerWords<'t>,
) -> Vec<Cow<'t, str>> {
    words
        .iter()
        .zip(lowered)
        .map(|(w, l)| {
            if l.is_ascii() {
                Cow::Borrowed(l)
            } else {
                normalize(&text[w.clone()])
            }
        })
        .collect()
}

/// Finds passives in `text`, given its words, the same words in lowercase (as
/// [`crate::words::Lowered`] lowers them) and its sentences.
pub(crate) fn find(
    text: &str,
    words: &[Range<usize>],
    lowered: LowerWords,
    sentences: &[Range<usize>],
) -> Vec<Passive> {
    let lower = normalized(text, words, lowered);
    let sentence_of = |at: usize| sentences.iter().position(|s| s.start <= at && at < s.end);
    // Two words are adjacent when only white space stands between them.
    let adjacent = |a: usize, b: usize| {
        text[words[a].end..words[b].start]
            .chars()
            .all(char::is_whitespace)
            && sentence_of(words[a].start) == sentence_of(words[b].start)
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let word = &*lower[i];
        let be = is_be(word);
        let get = is_get_form(word);
        if !be && !get {
            i += 1;
            continue;
        }
        // "There are hidden fees": an existential sentence describes, it does not act.
        let host = word.strip_suffix("'s").unwrap_or(word);
        let existential = matches!(host, "there" | "here")
            || (i > 0 && adjacent(i - 1, i) && matches!(&*lower[i - 1], "there" | "here"));
        if existential {
            i += 1;
            continue;
        }
        // Skip adverbs between the auxiliary and the participle.
        let mut j = i + 1;
        let mut skipped = 0;
        while j < words.len() && adjacent(j - 1, j) && skipped < 3 {
            let w = &*lower[j];
            let adverb =
                BETWEEN.contains(&w) || (w.ends_with("ly") && w.len() > 4 && !is_participle(w));
            if !adverb || (get && w == "being") {
                break;
            }
            j += 1;
            skipped += 1;
        }
        if j >= words.len() || !adjacent(j - 1, j) {
            i += 1;
            continue;
        }
        let participle = &*lower[j];
        let original = &text[words[j].clone()];
        let capitalised = original.chars().next().is_some_and(char::is_uppercase)
            && !original.chars().all(|c| !c.is_lowercase());
        if capitalised || !is_participle(participle) {
            i += 1;
            continue;
        }
        let next = (j + 1 < words.len() && adjacent(j, j + 1)).then(|| &*lower[j + 1]);
        let after_next = (j + 2 < words.len() && adjacent(j + 1, j + 2)).then(|| &*lower[j + 2]);
        let last = participle.rsplit('-').next().unwrap_or(participle);
        let agent = find_agent(text, words, &lower, j, &sentence_of);
        // "Those are distributed repositories": after a pronoun subject, a participle
        // followed by a noun describes that noun.
        let contracted = word.strip_suffix("'s").or_else(|| word.strip_suffix("'re"));
        let subject = contracted.or_else(|| (i > 0 && adjacent(i - 1, i)).then(|| &*lower[i - 1]));
        let attributive = subject.is_some_and(|w| {
            matches!(
                w,
                "those" | "these" | "they" | "this" | "that" | "it" | "which"
            )
        }) && next.is_some_and(|n| !LINKS.contains(n) && !n.ends_with("ly"));
        // "As soon as the plugin is installed, …", "once the cart is filled": a clause of
        // time names the state the rest of the sentence starts from, not a hidden doer.
        let state_reached = agent.is_none()
            && be
            && (after_time_word(&lower, i, &adjacent)
                // "ready to be used": a state, as "ready to use" says.
                || (word == "be"
                    && i >= 2
                    && &*lower[i - 1] == "to"
                    && &*lower[i - 2] == "ready"));
        let not_passive = if get {
            GET_IDIOMS.contains(last)
        } else {
            attributive || state_reached ||
            ADJECTIVAL.contains(last)
                || (STATIVE.contains(last) && agent.is_none())
                // "I'm used to waiting", "is used to it": a habit, not a passive.
                || (last == "used"
                    && next == Some("to")
                    && after_next.is_none_or(|w| w.ends_with("ing") || matches!(w, "it" | "this" | "that" | "the" | "a" | "an" | "them" | "their" | "our" | "your" | "my")))
                || (last == "made" && matches!(next, Some("of") | Some("up")))
                || (PURPOSE.contains(last)
                    && matches!(next, Some("for" | "to" | "around" | "as"))
                    && agent.is_none())
        };
        if not_passive {
            i = j + 1;
            continue;
        }
        // Keep an auxiliary before "be"/"been" in the phrase: "will be sent".
        let mut start = i;
        if matches!(word, "be" | "been")
            && i > 0
            && adjacent(i - 1, i)
            && AUX.contains(&&*lower[i - 1])
        {
            start = i - 1;
        }
        out.push(Passive {
            range: words[start].start..words[j].end,
            agent,
        });
        i = j + 1;
    }
    out
}

/// Words that open a clause of time on a state reached ("once", "as soon as", "after",
/// "until"). "When" is left out: "when the list is written from memory" tells an action.
const TIME_WORDS: &[&str] = &["once", "after", "until", "till"];

/// True when the form of "be" at word `i` closes a clause of time: a time word opens
/// its subject of at most four words ("once the weekly cart is filled"), in the same
/// sentence.
fn after_time_word(lower: &[Cow<str>], i: usize, adjacent: &impl Fn(usize, usize) -> bool) -> bool {
    let mut k = i;
    for _ in 0..4 {
        if k == 0 || !adjacent(k - 1, k) {
            return false;
        }
        k -= 1;
        let w = &*lower[k];
        // "as soon as the plugin is": "soon" after "as" and before "as".
        let soon = w == "as" && k >= 2 && &*lower[k - 1] == "soon" && &*lower[k - 2] == "as";
        if TIME_WORDS.contains(&w) || soon {
            // "Until then they're stored": the time word took an adverb, not a clause.
            return !matches!(
                &*lower[k + 1],
                "then" | "now" | "today" | "later" | "recently"
            );
        }
        if is_be_form(w) || AUX.contains(&w) {
            return false;
        }
    }
    false
}

/// The agent after a participle at word `j`: "by the app" → "the app".
fn find_agent(
    text: &str,
    words: &[Range<usize>],
    lower: &[Cow<str>],
    j: usize,
    sentence_of: &dyn Fn(usize) -> Option<usize>,
) -> Option<Range<usize>> {
    let sentence = sentence_of(words[j].start);
    // Look a few words ahead, within the clause, for "by".
    let mut k = j + 1;
    while k < words.len() && k <= j + 4 {
        if sentence_of(words[k].start) != sentence {
            return None;
        }
        let gap = &text[words[k - 1].end..words[k].start];
        if gap.contains([',', ';', ':', '—', '–', '(', ')']) {
            return None;
        }
        if lower[k] == "by" {
            break;
        }
        k += 1;
    }
    if k >= words.len() || lower[k] != "by" {
        return None;
    }
    let first = k + 1;
    let mut end = first;
    while end < words.len() && end < first + 4 {
        if sentence_of(words[end].start) != sentence {
            break;
        }
        let gap = &text[words[end - 1].end..words[end].start];
        if !gap.chars().all(char::is_whitespace)
            || AGENT_STOP.contains(&&*lower[end])
            || prfaq_doc::has_code(&lower[end])
        {
            break;
        }
        end += 1;
    }
    if end == first {
        return None;
    }
    let names: Vec<&str> = lower[first..end].iter().map(|w| &**w).collect();
    let head = names[0];
    // "by an estimated 30%", "by a factor of two", or an agent cut short to its article
    // ("by an `api` call"): nothing that can act, so the help must not name it.
    let not_agent = head.chars().next().is_some_and(|c| c.is_ascii_digit())
        || head.ends_with("ing")
        || names.iter().any(|w| NOT_AGENT.contains(w))
        || names
            .iter()
            .any(|w| w.starts_with(|c: char| c.is_ascii_digit()))
        || names.iter().all(|w| DETERMINERS.contains(w));
    (!not_agent).then(|| words[first].start..words[end - 1].end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_word_lists_hold_lowercase_single_words() {
        // Each list is compared with one word in lowercase: an entry with a capital or
        // a space could never match.
        for list in [
            &ADJECTIVAL,
            &STATIVE,
            &PURPOSE,
            &GET_IDIOMS,
            &NOT_AGENT,
            &LINKS,
        ] {
            assert!(!list.is_empty());
            for entry in list.iter() {
                assert!(
                    entry.chars().all(|c| c.is_lowercase() || c == '-'),
                    "`{entry}`"
                );
            }
        }
    }
}
