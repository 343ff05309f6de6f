//! The one table that maps every rule code to its rule, family and default severity.
//!
//! Codes are a public interface: once shipped, a code keeps its meaning. A rule's
//! explanation is the doc comment on its struct, captured by [`declare_rule!`], so the
//! help, the web page and the docs never drift apart.

use crate::context::{Context, Text};
use crate::diagnostic::{Severity, Violation};
use crate::rules::{evidence, faq, journey, metrics, plain, press_release, scope};

/// The family a rule belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    PressRelease,
    PlainLanguage,
    Faq,
    Journey,
    Metrics,
    Scope,
    Evidence,
}

impl Family {
    pub fn name(self) -> &'static str {
        match self {
            Family::PressRelease => "press release",
            Family::PlainLanguage => "plain language",
            Family::Faq => "FAQ",
            Family::Journey => "journey",
            Family::Metrics => "metrics",
            Family::Scope => "scope",
            Family::Evidence => "evidence",
        }
    }

    /// True for the families that check that a part exists: off for a vision document.
    pub fn is_structural(self) -> bool {
        matches!(
            self,
            Family::Faq | Family::Journey | Family::Metrics | Family::Scope
        )
    }
}

/// Which prose a rule that reads one text at a time is given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Texts {
    /// The press release's texts.
    PressRelease,
    /// The customer-facing texts: the press release and the customer FAQ.
    Customer,
    /// Every prose block of the document.
    All,
}

/// How a rule reads the document, and its check, which reports violations.
#[derive(Clone, Copy)]
pub enum Check {
    /// Reads one text at a time, each of [`Texts`] in turn: what it finds in a text
    /// depends on that text, its block and its part alone.
    Text(Texts, fn(&Context, &Text, &mut Vec<Violation>)),
    /// Reads the whole document (parts present or missing, the FAQ as a whole, the
    /// press release as a whole, words shared between parts).
    Document(fn(&Context, &mut Vec<Violation>)),
}

impl std::fmt::Debug for Check {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Check::Text(texts, _) => write!(f, "Text({texts:?})"),
            Check::Document(_) => f.write_str("Document"),
        }
    }
}

/// Everything known about one rule.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    pub code: &'static str,
    pub name: &'static str,
    pub family: Family,
    pub severity: Severity,
    /// True for rules that check a part is present (off for vision documents).
    pub structural: bool,
    /// True for rules that report something the document lacks (a part, a FAQ topic, the
    /// journey, the metrics) rather than words in it: the human output lists those
    /// findings together, as what is missing, with no snippet under each.
    pub absent: bool,
    /// The codes of rules that this one speaks for where both fire on the same words
    /// (future tense and passive voice on "will be uploaded"): one problem is one
    /// finding, and the more specific rule reports it.
    pub outranks: &'static [&'static str],
    /// The rule's doc comment: what it does, why, an example and what to use instead.
    pub doc: &'static str,
    /// What it reads, and how it checks it.
    pub check: Check,
}

impl Rule {
    /// The explanation as Markdown: the doc comment without its leading spaces.
    pub fn explanation(&self) -> String {
        let mut out = String::new();
        for line in self.doc.lines() {
            out.push_str(line.strip_prefix(' ').unwrap_or(line));
            out.push('\n');
        }
        out.trim_end().to_owned()
    }

    /// The first sentence of "What it does", on one line, for `prfaq rules`.
    pub fn summary(&self) -> String {
        let explanation = self.explanation();
        let body = explanation
            .split("## What it does")
            .nth(1)
            .unwrap_or(&explanation)
            .trim_start();
        let paragraph = body.split("\n\n").next().unwrap_or("");
        let joined = paragraph.split_whitespace().collect::<Vec<_>>().join(" ");
        let first = joined.split_once(". ").map_or(joined.as_str(), |(s, _)| s);
        first.trim_end_matches('.').to_owned()
    }
}

/// Declares a rule: its struct, whose doc comment is the rule's explanation, then its
/// code, name, family, default severity (and the flags `structural` for a rule that
/// checks a part is present, off for vision documents, and `absent` for a rule that
/// reports something missing), what its `check` function reads: `reads the document`, or
/// `reads each Customer text` (or `PressRelease`, `All`: see [`Texts`]), and optionally
/// `outranks "PL205"`: the rules it speaks for where both fire on the same words. The struct's `RULE` is the rule's row in [`RULES`].
#[macro_export]
macro_rules! declare_rule {
    (
        $(#[doc = $doc:expr])*
        $vis:vis struct $name:ident;
        $code:literal, $rule:literal, $family:ident, $severity:ident $(, $flag:ident)*;
        reads $($reads:ident)+ $(; outranks $($outranked:literal),+)?
    ) => {
        $(#[doc = $doc])*
        $vis struct $name;
        impl $name {
            pub const DOC: &'static str = concat!($($doc, "\n"),*);
            pub const RULE: $crate::registry::Rule = $crate::registry::Rule {
                code: $code,
                name: $rule,
                family: $crate::registry::Family::$family,
                severity: $crate::diagnostic::Severity::$severity,
                structural: $crate::declare_rule!(@structural $($flag)*),
                absent: $crate::declare_rule!(@absent $($flag)*),
                outranks: &[$($($outranked),+)?],
                doc: Self::DOC,
                check: $crate::declare_rule!(@check $($reads)+),
            };
        }
    };
    (@structural) => { false };
    (@structural structural $($rest:ident)*) => { true };
    (@structural absent $($rest:ident)*) => { $crate::declare_rule!(@structural $($rest)*) };
    (@absent) => { false };
    (@absent absent $($rest:ident)*) => { true };
    (@absent structural $($rest:ident)*) => { $crate::declare_rule!(@absent $($rest)*) };
    (@check the document) => { $crate::registry::Check::Document(check) };
    (@check each $texts:ident text) => {
        $crate::registry::Check::Text($crate::registry::Texts::$texts, check)
    };
}

/// Declares a family's rules: each rule's module and struct, in code order. Makes the
/// family's `RULES`, which [`RULES`] joins. The modules themselves are declared with
/// plain `pub mod` lines beside it, where `cargo fmt` and the editor find them (a module
/// declared inside a macro is never formatted).
macro_rules! rules {
    ($($module:ident::$rule:ident),* $(,)?) => {
        /// This family's rules, in code order.
        pub(crate) const RULES: &[$crate::registry::Rule] = &[$($module::$rule::RULE),*];
    };
}

pub(crate) use rules;

/// Every family's rules, in the order of their codes.
const FAMILIES: [&[Rule]; 7] = [
    press_release::RULES,
    plain::RULES,
    faq::RULES,
    metrics::RULES,
    journey::RULES,
    scope::RULES,
    evidence::RULES,
];

/// How many rules there are.
const COUNT: usize = {
    let mut n = 0;
    let mut f = 0;
    while f < FAMILIES.len() {
        n += FAMILIES[f].len();
        f += 1;
    }
    n
};

/// The families' rules one after another.
const fn joined() -> [Rule; COUNT] {
    let mut out = [FAMILIES[0][0]; COUNT];
    let mut at = 0;
    let mut f = 0;
    while f < FAMILIES.len() {
        let mut i = 0;
        while i < FAMILIES[f].len() {
            out[at] = FAMILIES[f][i];
            at += 1;
            i += 1;
        }
        f += 1;
    }
    out
}

static ALL: [Rule; COUNT] = joined();

/// Every rule, in code order.
pub static RULES: &[Rule] = &ALL;

/// The rule with this code (case-insensitive) or kebab-case name.
pub fn find(code_or_name: &str) -> Option<&'static Rule> {
    RULES
        .iter()
        .find(|r| r.code.eq_ignore_ascii_case(code_or_name) || r.name == code_or_name)
}

/// The rules a reader most likely means by `query`, words such as "buzzword" or "passive
/// voice": each word of the query is looked for in every rule's name, its summary and its
/// explanation (a word matches a longer one it starts, so "buzzword" finds "buzzwords");
/// a match in the name counts most, then the summary, then the explanation. Returns the
/// best-scoring rules, best first (the ones tied for first place, or nothing).
pub fn search(query: &str) -> Vec<&'static Rule> {
    let words: Vec<String> = words_of(query).filter(|w| w.chars().count() >= 3).collect();
    if words.is_empty() {
        return Vec::new();
    }
    let mut scored: Vec<(u32, &'static Rule)> = RULES
        .iter()
        .map(|rule| {
            let name: Vec<String> = words_of(rule.name).collect();
            let summary: Vec<String> = words_of(&rule.summary()).collect();
            let explanation: Vec<String> = words_of(rule.doc).collect();
            let score = words
                .iter()
                .map(|w| {
                    if mentions(&name, w) {
                        4
                    } else if mentions(&summary, w) {
                        2
                    } else if mentions(&explanation, w) {
                        1
                    } else {
                        0
                    }
                })
                .sum();
            (score, rule)
        })
        .filter(|(score, _)| *score > 0)
        .collect();
    scored.sort_by_key(|(score, _)| std::cmp::Reverse(*score));
    let best = scored.first().map_or(0, |(score, _)| *score);
    scored
        .into_iter()
        .take_while(|(score, _)| *score == best)
        .map(|(_, rule)| rule)
        .collect()
}

/// The lowercase words of a text, split at anything but letters and digits.
fn words_of(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
}

/// True when one of `words` is `word` or starts with it ("buzzwords" for "buzzword").
fn mentions(words: &[String], word: &str) -> bool {
    words.iter().any(|w| w.starts_with(word))
}
