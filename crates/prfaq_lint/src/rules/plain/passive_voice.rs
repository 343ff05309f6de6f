//! PL205 passive-voice.

use std::borrow::Cow;
use std::ops::Range;

use prfaq_doc::BlockKind;

use crate::context::{Context, Text};
use crate::declare_rule;
use crate::diagnostic::Violation;

declare_rule! {
    /// ## What it does
    /// Finds passive constructions in the press release and the customer FAQ: a form
    /// of "be" (am, is, are, was, were, be, been, being, `'s`, `'re`) or of "get",
    /// optionally followed by adverbs ("automatically", "not", "already"), then a past
    /// participle — regular (`sent`, `charged`) or irregular (`made`, `built`, `kept`,
    /// `shown`). When a "by …" agent follows, the finding names it as the subject to use.
    ///
    /// Near-misses are not passives and are not reported: states and feelings ("is
    /// tired", "are interested", "was pleased", "is based in", "is located in"),
    /// predicate adjectives ("is open", "is red"), compound adjectives ("is
    /// data-driven", "is well established"), "is used to waiting", "is made of", a
    /// purpose ("is designed for parents", "was built to help"), descriptions rather
    /// than actions ("there are hidden fees", "these are saved carts"), get-idioms ("get
    /// started", "get paid"), and a few passives whose doer does not matter unless
    /// named ("you're done", "is included", "no account is required"). Questions,
    /// headings and table rows are not judged, nor a customer's own words in a quote.
    ///
    /// ## Why is this bad?
    /// A passive hides who acts. "Orders are placed automatically" leaves the reader
    /// guessing whether the app, the store or the parent places them — and that is
    /// usually the very thing a reviewer needs to know. Active sentences are also
    /// shorter.
    ///
    /// ## Example
    /// ```markdown
    /// Last week's cart is rebuilt and the delivery slot is booked by the app.
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// The app rebuilds last week's cart and books the delivery slot.
    /// ```
    pub struct PassiveVoice;
    "PL205", "passive-voice", PlainLanguage, Warning; reads each Customer text
}

/// A passive construction found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Passive {
    /// From the auxiliary (or the form of "be"/"get") to the participle.
    pub range: Range<usize>,
    /// The words after "by", when they name who acts.
    pub agent: Option<Range<usize>>,
}

/// Forms of "be" that make a passive.
const BE: &[&str] = &[
    "am", "is", "are", "was", "were", "be", "been", "being", "isn't", "aren't", "wasn't",
    "weren't", "isnt", "arent", "wasnt", "werent",
];

/// Forms of "get" that make a passive ("got charged twice").
const GET: &[&str] = &["get", "gets", "got", "gotten", "getting"];

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

/// Irregular past participles of verbs that take an object.
const IRREGULAR: &[&str] = &[
    "made",
    "done",
    "built",
    "sent",
    "kept",
    "shown",
    "given",
    "taken",
    "written",
    "found",
    "held",
    "paid",
    "sold",
    "told",
    "known",
    "seen",
    "brought",
    "bought",
    "caught",
    "taught",
    "thought",
    "sought",
    "chosen",
    "driven",
    "eaten",
    "forgotten",
    "forgiven",
    "frozen",
    "hidden",
    "broken",
    "spoken",
    "stolen",
    "woken",
    "worn",
    "torn",
    "borne",
    "drawn",
    "grown",
    "thrown",
    "blown",
    "flown",
    "sewn",
    "sown",
    "beaten",
    "bitten",
    "ridden",
    "shaken",
    "undertaken",
    "overtaken",
    "understood",
    "misunderstood",
    "withdrawn",
    "overseen",
    "overridden",
    "overwritten",
    "rewritten",
    "rebuilt",
    "redone",
    "remade",
    "upheld",
    "withheld",
    "led",
    "misled",
    "fed",
    "read",
    "heard",
    "left",
    "lost",
    "lent",
    "spent",
    "bent",
    "dealt",
    "felt",
    "hung",
    "struck",
    "stuck",
    "spun",
    "won",
    "swept",
    "bound",
    "ground",
    "wound",
    "cut",
    "put",
    "set",
    "let",
    "hit",
    "shut",
    "spread",
    "cast",
    "bid",
    "laid",
    "said",
    "met",
    "shot",
    "sung",
    "rung",
    "sunk",
    "shrunk",
    "forbidden",
    "proven",
    "sworn",
    "woven",
    "overcome",
    "overrun",
    "rerun",
    "run",
    "reset",
    "preset",
    "offset",
    "outdone",
    "foreseen",
    "slain",
    "withstood",
    "overheard",
    "overpaid",
    "prepaid",
    "repaid",
    "underpaid",
    "rethought",
    "retold",
    "resold",
    "resent",
    "mislaid",
    "oversold",
    "forecast",
    "broadcast",
    "input",
    "meant",
    "undone",
    "begun",
    "hurt",
    "split",
    "quit",
    "sped",
    "upset",
    "born",
    "mistaken",
    "drunk",
    "shed",
    "bred",
    "dug",
    "fought",
    "hewn",
    "mown",
    "knit",
    "lit",
    "slit",
    "stricken",
    "spat",
    "strewn",
    "swollen",
    "unmade",
    "unwound",
];

/// Words ending in -ed that are not participles ("the goal is speed").
const NOT_PARTICIPLE: &[&str] = &[
    "shed",
    "sled",
    "shred",
    "hundred",
    "kindred",
    "sacred",
    "naked",
    "wicked",
    "rugged",
    "ragged",
    "jagged",
    "crooked",
    "wretched",
    "dogged",
    "beloved",
    "bed",
    "red",
    "fled",
    "embed",
    "bred",
    "sped",
    "wed",
    "unprecedented",
    "unparalleled",
    "unlimited",
    "unrelated",
    "unexpected",
    "unwanted",
    "unsupervised",
    "unscripted",
    "undisputed",
    "unexplained",
    "unprotected",
    "unmatched",
    "unrivaled",
    "unrivalled",
    "unsolicited",
    "unannounced",
    "unaided",
    "unsecured",
    "unused",
    "unstructured",
    "unbiased",
    "undecided",
    "unattended",
    "unauthorized",
    "unauthorised",
    "unfinished",
    "unaffected",
    "unchanged",
    "unrestricted",
    "unsubsidized",
    "undivided",
    "unbranded",
    "unopened",
    "unedited",
    "undefined",
];

/// -ed words ending in -eed that are participles (the rest are "need", "speed", "feed").
const EED_PARTICIPLES: &[&str] = &[
    "agreed",
    "freed",
    "guaranteed",
    "decreed",
    "disagreed",
    "refereed",
];

/// Participles that, after "be", describe a feeling, a quality or where something is
/// rather than an action someone did: never reported ("is tired", "is based in").
const ADJECTIVAL: &[&str] = &[
    "tired",
    "interested",
    "excited",
    "pleased",
    "delighted",
    "thrilled",
    "bored",
    "worried",
    "concerned",
    "satisfied",
    "dissatisfied",
    "surprised",
    "amazed",
    "impressed",
    "disappointed",
    "frustrated",
    "annoyed",
    "confused",
    "overwhelmed",
    "overloaded",
    "overworked",
    "understaffed",
    "swamped",
    "stressed",
    "scared",
    "frightened",
    "embarrassed",
    "relieved",
    "exhausted",
    "motivated",
    "committed",
    "dedicated",
    "determined",
    "convinced",
    "prepared",
    "qualified",
    "experienced",
    "skilled",
    "talented",
    "educated",
    "married",
    "divorced",
    "engaged",
    "involved",
    "connected",
    "based",
    "located",
    "situated",
    "related",
    "supposed",
    "advanced",
    "sophisticated",
    "complicated",
    "outdated",
    "crowded",
    "balanced",
    "varied",
    "renowned",
    "limited",
    "ashamed",
    "puzzled",
    "shocked",
    "horrified",
    "terrified",
    "fascinated",
    "obsessed",
    "devoted",
    "aged",
    "entitled",
    "inspired",
    "overjoyed",
    "agitated",
    "alarmed",
    "astonished",
    "depressed",
    "discouraged",
    "disgusted",
    "distracted",
    "enchanted",
    "exhilarated",
    "heartbroken",
    "hooked",
    "intrigued",
    "irritated",
    "offended",
    "perplexed",
    "pressed",
    "rushed",
    "startled",
    "stunned",
    "tempted",
    "troubled",
    "unimpressed",
    "unemployed",
    "employed",
    "retired",
    "born",
    "drunk",
    "mistaken",
    "upset",
    "hurt",
    "stuck",
    "gone",
    "accustomed",
    "acquainted",
    "suited",
    "sized",
    "shaped",
    "aimed",
    "geared",
    "poised",
    "slated",
    "expected",
    "obliged",
    "signed",
    "logged",
    "supposed",
];

/// Participles that after "be" usually state how things stand, and whose doer does not
/// matter unless the sentence names it: reported only with a "by …" agent ("you're
/// done", "delivery is included", "no account is required").
const STATIVE: &[&str] = &[
    "closed",
    "opened",
    "finished",
    "done",
    "set",
    "bound",
    "meant",
    "known",
    "left",
    "lost",
    "broken",
    "shut",
    "allowed",
    "required",
    "included",
    "needed",
    "covered",
    "equipped",
    "priced",
    "scheduled",
    "supported",
    "certified",
    "licensed",
    "registered",
    "insured",
    "named",
    "called",
    "titled",
    "dubbed",
    "protected",
    "encrypted",
    "enabled",
    "disabled",
];

/// Participles followed by "for" that state a purpose, not an action ("is designed for
/// parents", "is built for speed").
const PURPOSE: &[&str] = &[
    "designed",
    "built",
    "made",
    "intended",
    "tailored",
    "created",
    "engineered",
    "crafted",
    "optimized",
    "optimised",
    "developed",
    "meant",
];

/// What follows "get" in idioms that are not passives.
const GET_IDIOMS: &[&str] = &[
    "started", "rid", "lost", "stuck", "dressed", "married", "engaged", "involved", "used",
    "tired", "bored", "excited", "hurt", "done", "paid", "caught", "ready", "set", "going", "back",
    "hooked",
];

/// Words after "by" that name a time, a way or a means, not who acts.
const NOT_AGENT: &[&str] = &[
    "default",
    "hand",
    "email",
    "e-mail",
    "phone",
    "mail",
    "text",
    "design",
    "far",
    "then",
    "now",
    "mistake",
    "chance",
    "name",
    "accident",
    "car",
    "bus",
    "train",
    "air",
    "sea",
    "law",
    "end",
    "time",
    "way",
    "hour",
    "day",
    "week",
    "month",
    "year",
    "morning",
    "evening",
    "night",
    "noon",
    "midnight",
    "tomorrow",
    "today",
    "tonight",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "itself",
    "themselves",
    "yourself",
    "myself",
    "ourselves",
    "up",
    "half",
    "percent",
    "far",
    "much",
    "using",
    "typing",
    "tapping",
    "clicking",
    "scanning",
    "asking",
    "estimated",
    "average",
    "factor",
    "margin",
    "default",
];

/// Words that cannot be an agent alone: an agent phrase of nothing else was cut short.
const DETERMINERS: &[&str] = &[
    "a", "an", "the", "this", "that", "these", "those", "its", "their", "our", "your", "my",
    "his", "her", "some", "any", "each", "every", "another",
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
    if BE.contains(&word) {
        return true;
    }
    if let Some(host) = word.strip_suffix("'s") {
        return IS_HOSTS.contains(&host);
    }
    word.ends_with("'re") || word == "i'm"
}

/// True when `word` (lowercase) is a past participle.
pub(crate) fn is_participle(word: &str) -> bool {
    // "pre-installed" is a participle; "built-in" is not; "data-driven", "well-known"
    // and "hand-written" are adjectives made of a word and a participle.
    let word = match word.rsplit_once('-') {
        Some((head, last)) if VERB_PREFIXES.contains(&head) => last,
        Some(_) => return false,
        None => word,
    };
    if IRREGULAR.contains(&word) {
        return true;
    }
    if !word.ends_with("ed") || word.len() < 4 || !word.chars().all(|c| c.is_ascii_lowercase()) {
        return false;
    }
    if word.ends_with("eed") {
        return EED_PARTICIPLES.contains(&word);
    }
    !NOT_PARTICIPLE.contains(&word)
}

/// Words that follow a passive participle rather than a noun it describes.
const LINKS: &[&str] = &[
    "to",
    "for",
    "by",
    "in",
    "on",
    "at",
    "with",
    "from",
    "into",
    "onto",
    "as",
    "and",
    "or",
    "but",
    "when",
    "so",
    "if",
    "before",
    "after",
    "until",
    "during",
    "within",
    "without",
    "through",
    "over",
    "under",
    "via",
    "per",
    "again",
    "once",
    "every",
    "each",
    "the",
    "a",
    "an",
    "this",
    "that",
    "these",
    "those",
    "its",
    "their",
    "our",
    "your",
    "his",
    "her",
    "my",
    "here",
    "there",
    "now",
    "then",
    "only",
    "too",
    "up",
    "out",
    "off",
    "away",
    "back",
    "down",
    "across",
    "between",
    "against",
    "because",
    "while",
    "where",
    "whenever",
    "also",
    "never",
    "not",
    "first",
    "together",
    "separately",
    "locally",
    "online",
    "offline",
    "daily",
    "weekly",
    "monthly",
    "today",
    "twice",
    "quite",
    "very",
    "much",
    "well",
    "enough",
    "still",
    "already",
    "just",
    "always",
    "even",
    "almost",
    "again",
];

/// Prefixes that keep a hyphenated verb a verb ("re-sent", "pre-installed").
const VERB_PREFIXES: &[&str] = &[
    "re", "pre", "co", "de", "un", "over", "under", "mis", "auto", "double", "cross", "sub",
];

/// Finds passives in `text`, given its words and sentences.
pub(crate) fn find(text: &str, words: &[Range<usize>], sentences: &[Range<usize>]) -> Vec<Passive> {
    let lower: Vec<Cow<str>> = words.iter().map(|w| normalize(&text[w.clone()])).collect();
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
        let get = GET.contains(&word);
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
        }) && next.is_some_and(|n| !LINKS.contains(&n) && !n.ends_with("ly"));
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
            GET_IDIOMS.contains(&last)
        } else {
            attributive || state_reached ||
            ADJECTIVAL.contains(&last)
                || (STATIVE.contains(&last) && agent.is_none())
                // "I'm used to waiting", "is used to it": a habit, not a passive.
                || (last == "used"
                    && next == Some("to")
                    && after_next.is_none_or(|w| w.ends_with("ing") || matches!(w, "it" | "this" | "that" | "the" | "a" | "an" | "them" | "their" | "our" | "your" | "my")))
                || (last == "made" && matches!(next, Some("of") | Some("up")))
                || (PURPOSE.contains(&last)
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
fn after_time_word(
    lower: &[Cow<str>],
    i: usize,
    adjacent: &impl Fn(usize, usize) -> bool,
) -> bool {
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
            return !matches!(&*lower[k + 1], "then" | "now" | "today" | "later" | "recently");
        }
        if BE.contains(&w) || AUX.contains(&w) {
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
            || lower[end].contains(prfaq_doc::CODE)
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
        || names.iter().any(|w| w.starts_with(|c: char| c.is_ascii_digit()))
        || names.iter().all(|w| DETERMINERS.contains(w));
    (!not_agent).then(|| words[first].start..words[end - 1].end)
}

pub fn check(ctx: &Context, text: &Text, out: &mut Vec<Violation>) {
    let kind = ctx.doc.blocks[text.block].kind;
    if text.heading || kind == BlockKind::TableRow || ctx.is_question_block(text.block) {
        return;
    }
    let speech = super::customer_speech(ctx, text);
    let prose = &text.prose.text;
    for passive in find(prose, &text.words, &text.sentences) {
        if super::inside(&speech, &passive.range) || text.prose.is_code(&passive.range) {
            continue;
        }
        // A question asks; "Is my data stored in the EU?" is how customers ask.
        let at = passive.range.start;
        let sentence = text
            .sentences
            .get(text.sentences.partition_point(|s| s.end <= at))
            .filter(|s| s.start <= at);
        if sentence.is_some_and(|s| prose[s.clone()].trim_end().ends_with('?')) {
            continue;
        }
        let phrase = &prose[passive.range.clone()];
        let violation = match &passive.agent {
            Some(agent) => {
                let who = &prose[agent.clone()];
                Violation::new(text.span(passive.range.clone()), format!("passive voice `{phrase} by {who}`"))
                    .help(format!("make `{who}` the subject: say what `{who}` does"))
            }
            None => Violation::new(text.span(passive.range.clone()), format!("passive voice `{phrase}` hides who acts"))
                .help("name who does it and make them the subject: `the app books the slot`, not `the slot is booked`"),
        };
        out.push(violation);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn passives(text: &str) -> Vec<String> {
        let words = prfaq_text::words(text);
        let sentences = prfaq_text::sentences(text);
        find(text, &words, &sentences)
            .into_iter()
            .map(|p| match p.agent {
                Some(a) => format!("{} | {}", &text[p.range], &text[a]),
                None => text[p.range].to_owned(),
            })
            .collect()
    }

    #[test]
    fn an_agent_is_something_that_can_act() {
        // The passive is still reported, but with no agent to make the subject.
        assert_eq!(
            passives("Costs are cut by an estimated 30% each year."),
            ["are cut"]
        );
        assert_eq!(passives("Waits are shortened by a factor of two."), ["are shortened"]);
        assert_eq!(passives("The cart is filled by the `sync` job."), ["is filled"]);
        assert_eq!(
            passives("The cart is filled by the store team."),
            ["is filled | the store team"]
        );
    }

    #[test]
    fn a_clause_of_time_states_where_things_stand() {
        for text in [
            "Reminders start as soon as the plugin is installed.",
            "Once the weekly cart is filled, the app books the slot.",
            "Nothing changes until the order is confirmed.",
            "Saved carts are ready to be used as soon as the app is installed.",
        ] {
            assert!(passives(text).is_empty(), "{text}: {:?}", passives(text));
        }
        // The doer named, or no clause of time: still passives.
        assert_eq!(
            passives("Once the cart is filled by the app, parents pay."),
            ["is filled | the app"]
        );
        assert_eq!(
            passives("The plugin is installed on every laptop."),
            ["is installed"]
        );
        assert_eq!(
            passives("Once a week the cart is filled."),
            ["is filled"]
        );
        assert_eq!(
            passives("Until then they're stored on the phone."),
            ["they're stored"]
        );
        assert_eq!(
            passives("Mistakes happen when the list is written from memory."),
            ["is written"]
        );
    }

    #[test]
    fn finds_passives() {
        let cases: &[(&str, &[&str])] = &[
            ("Mistakes are made every week.", &["are made"]),
            ("Orders are placed automatically.", &["are placed"]),
            (
                "The cart is automatically rebuilt.",
                &["is automatically rebuilt"],
            ),
            ("Reminders will be sent to parents.", &["will be sent"]),
            (
                "The slot has been booked by the app.",
                &["has been booked | the app"],
            ),
            (
                "The app is being built by a small team.",
                &["is being built | a small team"],
            ),
            ("Parents got charged twice.", &["got charged"]),
            ("It's shown on the home screen.", &["It's shown"]),
            ("They're kept for a year.", &["They're kept"]),
            ("Refunds aren't issued until Friday.", &["aren't issued"]),
            (
                "The order was not delivered by the store.",
                &["was not delivered | the store"],
            ),
            (
                "Receipts are written to your account and are never shared.",
                &["are written", "are never shared"],
            ),
            ("The feature is used to send reminders.", &["is used"]),
            ("Your order is delivered by 6 pm.", &["is delivered"]),
            (
                "The lock is broken by the guest.",
                &["is broken | the guest"],
            ),
        ];
        for (text, want) in cases {
            assert_eq!(passives(text), *want, "{text}");
        }
    }

    #[test]
    fn spares_near_misses() {
        for text in [
            "Parents are tired of rebuilding carts.",
            "She is interested in the app.",
            "We were pleased with the results.",
            "The store is open until nine.",
            "The button is red.",
            "Acme is based in Seattle.",
            "I am used to waiting for the slot.",
            "The case is made of recycled plastic.",
            "Quick Reorder is designed for busy parents.",
            "There are hidden fees in every order.",
            "Tap Pay and you're done.",
            "Get started in two minutes.",
            "Hosts get paid the same day.",
            "No account is required.",
            "The parent's saved cart appears first.",
            "The goal is speed.",
            "This is Reorder Assistant.",
            "The app is called Quick Reorder.",
            "Delivery is included.",
            "It is a limited offer.",
            "They need to be there.",
            "Is it built-in?",
            "The scheduler is index-driven.",
            "These rules are well established.",
            "The app is designed to help parents.",
            "Reading past the end is undefined.",
            "Tangent was built to remove this friction.",
            "Those are distributed repositories.",
            "These are saved carts.",
        ] {
            assert!(passives(text).is_empty(), "{text}: {:?}", passives(text));
        }
    }

    #[test]
    fn participles() {
        assert!(is_participle("sent"));
        assert!(is_participle("charged"));
        assert!(is_participle("pre-installed"));
        assert!(is_participle("guaranteed"));
        assert!(!is_participle("need"));
        assert!(!is_participle("speed"));
        assert!(!is_participle("built-in"));
        assert!(!is_participle("red"));
        assert!(!is_participle("hundred"));
    }
}
