//! PL204 weasel-word.

use std::ops::Range;

use prfaq_doc::PartKind;

use crate::context::{Context, Text};
use crate::declare_rule;
use crate::diagnostic::Violation;
use crate::rules::lexicon::NUMBER_WORDS;
use crate::words::ListKind;

declare_rule! {
    /// ## What it does
    /// Finds vague intensifiers and hedges — very, significantly, various, arguably,
    /// virtually all, a number of — in the press release and the customer FAQ. The
    /// words come from the `weasel` list; a project adds or accepts words in
    /// `prfaq.toml` (`[vocabulary.weasel]`).
    ///
    /// Some words are hedges only in context, and the rule checks it: "up to" and "as
    /// much as" only as a best case — before a number, after a benefit or before a
    /// percentage ("saves up to 3 hours", "up to 40% faster"; not "up to date" or "free
    /// for up to 50 members", nor the problem's own bound "cut yields by up to 20%");
    /// "highly" not in fixed terms ("highly available"); "fairly"
    /// and "rather" only before a describing word ("fairly quick", not "priced fairly"
    /// or "rather than"); "kind of" and "sort of" only as hedges ("kind of slow", not
    /// "what kind of food"). "Many" and "several" alone are not reported: they are plain
    /// and often honest.
    ///
    /// ## Why is this bad?
    /// Weasel words claim without committing. "Significantly faster" asks the reader to
    /// trust the author; "4 minutes instead of 25" lets them check. "Up to 40%" promises
    /// the best case and hides the usual one.
    ///
    /// ## Example
    /// ```markdown
    /// Quick Reorder is very easy to use and saves parents up to 40% of their time.
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// Quick Reorder takes one tap and saves the median parent 20 minutes a week.
    /// ```
    pub struct WeaselWord;
    "PL204", "weasel-word", PlainLanguage, Warning; reads each Customer text
}

/// Words after "fairly" or "rather" that show it is not hedging a describing word.
const NOT_DESCRIBING: &[&str] = &[
    "than", "and", "or", "but", "to", "with", "for", "among", "between", "across", "by", "in",
    "on", "at", "so", "that", "the", "a", "an", "this", "these", "those", "their", "our", "your",
    "its", "his", "her", "of", "from", "when", "if", "because", "as", "is", "are", "was", "were",
    "one", "some", "any",
];

/// Words after "highly" that make a fixed term, not an intensifier ("highly available").
const HIGHLY_TERMS: &[&str] = &[
    "available",
    "cited",
    "relevant",
    "regulated",
    "sensitive",
    "confidential",
    "skilled",
    "qualified",
    "trained",
    "specialized",
    "specialised",
    "configurable",
    "concurrent",
    "contagious",
    "toxic",
    "flammable",
    "processed",
    "paid",
];

/// Words before "up to" that make it a best-case benefit ("saves up to 3 hours") rather
/// than a limit ("free for up to 50 members").
const BENEFIT: &[&str] = &[
    "save",
    "saves",
    "saved",
    "saving",
    "cut",
    "cuts",
    "reduce",
    "reduces",
    "reduced",
    "reducing",
    "lower",
    "lowers",
    "increase",
    "increases",
    "increasing",
    "improve",
    "improves",
    "improving",
    "boost",
    "boosts",
    "grow",
    "grows",
    "gain",
    "gains",
    "earn",
    "earns",
    "speed",
    "speeds",
    "faster",
    "quicker",
    "cheaper",
    "more",
    "less",
    "fewer",
    "better",
    "lift",
    "lifts",
    "raise",
    "raises",
    "shrink",
    "shrinks",
    "by",
];

/// Words after the number that make "up to" a benefit ("up to 40% faster").
const BENEFIT_AFTER: &[&str] = &[
    "percent", "times", "x", "faster", "quicker", "more", "less", "fewer", "cheaper", "better",
    "off",
];

/// Words before "kind of" or "sort of" that make it a noun ("what kind of food").
const KIND_NOUN_BEFORE: &[&str] = &[
    "a",
    "an",
    "the",
    "what",
    "this",
    "that",
    "these",
    "those",
    "any",
    "every",
    "each",
    "one",
    "same",
    "some",
    "no",
    "which",
    "whatever",
    "first",
    "only",
    "new",
    "different",
    "other",
    "right",
    "wrong",
    "its",
    "our",
    "your",
    "their",
    "his",
    "her",
    "my",
    "own",
    "particular",
    "certain",
    "that's",
    "all",
    "many",
];

/// The word of `text` right after `end` in the same clause, lowercased, if any.
fn next_word(text: &Text, end: usize) -> Option<String> {
    let w = text.words().iter().find(|w| w.start >= end)?;
    let gap = &text.prose.text[end..w.start];
    if !gap.chars().all(char::is_whitespace) {
        return None;
    }
    text.word(w).map(str::to_lowercase)
}

/// The word of `text` right before `start`, lowercased, if any.
fn prev_word(text: &Text, start: usize) -> Option<String> {
    let w = text.words().iter().rev().find(|w| w.end <= start)?;
    let gap = &text.prose.text[w.end..start];
    if !gap.chars().all(char::is_whitespace) {
        return None;
    }
    text.word(w).map(str::to_lowercase)
}

/// True when "up to" (ending at `end`, starting at `start`) promises a best case: a
/// number follows, and a benefit comes before it in the clause or after the number
/// ("saves up to 3 hours", "up to 40% faster"), not a limit ("up to 50 members").
fn best_case(text: &Text, start: usize, end: usize) -> bool {
    if !number_follows(text, end) {
        return false;
    }
    let prose = &text.prose.text;
    let before: Vec<&Range<usize>> = text.words().iter().filter(|w| w.end <= start).collect();
    let mut benefit_before = false;
    for (n, w) in before.iter().rev().take(4).enumerate() {
        let gap_end = if n == 0 {
            start
        } else {
            before[before.len() - n].start
        };
        if prose[w.end..gap_end].contains([',', ';', ':', '.', '—', '(', ')']) {
            break;
        }
        if text
            .word(w)
            .is_some_and(|x| BENEFIT.contains(&x.to_lowercase().as_str()))
        {
            benefit_before = true;
            break;
        }
    }
    let mut after = text.words().iter().filter(|w| w.start >= end);
    let number = after.next();
    let percent = number.is_some_and(|w| prose[w.clone()].ends_with('%'));
    let unit = after
        .next()
        .and_then(|w| text.word(w))
        .is_some_and(|x| BENEFIT_AFTER.contains(&x.to_lowercase().as_str()));
    benefit_before || percent || unit
}

/// True when a number follows `end` ("up to 40%", "up to $5", "up to three").
fn number_follows(text: &Text, end: usize) -> bool {
    let rest = text.prose.text[end..].trim_start();
    if rest
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_digit() || matches!(c, '$' | '€' | '£' | '¥'))
    {
        return true;
    }
    next_word(text, end).is_some_and(|w| NUMBER_WORDS.contains(&w.as_str()))
}

/// True when the hit is a hedge in its context (see the rule's doc).
fn is_weasel(text: &Text, range: &Range<usize>, entry: &str) -> bool {
    let next = next_word(text, range.end);
    let prev = prev_word(text, range.start);
    match entry {
        "up to" | "as much as" => best_case(text, range.start, range.end),
        "highly" => !next.as_deref().is_some_and(|n| HIGHLY_TERMS.contains(&n)),
        "fairly" | "rather" => {
            let describing = next
                .as_deref()
                .is_some_and(|n| !NOT_DESCRIBING.contains(&n));
            let idiom = entry == "rather"
                && prev.as_deref().is_some_and(|p| {
                    matches!(
                        p,
                        "would" | "or" | "but" | "i'd" | "we'd" | "you'd" | "they'd"
                    )
                });
            describing && !idiom
        }
        "kind of" | "sort of" => {
            // "What kind of food": the noun. "It is kind of slow": the hedge.
            !prev
                .as_deref()
                .is_some_and(|p| KIND_NOUN_BEFORE.contains(&p))
                && next.is_some()
        }
        _ => true,
    }
}

pub fn check(ctx: &Context, text: &Text, out: &mut Vec<Violation>) {
    let list = ctx.list(ListKind::Weasel);
    let speech = super::customer_speech(ctx, text);
    let in_problem = ctx
        .doc
        .part_of_block(text.block)
        .is_some_and(|p| p.kind == PartKind::Problem);
    for hit in text.find(list).iter() {
        let entry = hit.entry.to_lowercase();
        // The problem's own bound ("cut yields by up to 20%", from a study) reports
        // harm; only the product's best case is a hedge.
        let bound_in_problem = matches!(entry.as_str(), "up to" | "as much as") && in_problem;
        if super::inside(&speech, &hit.range)
            || bound_in_problem
            || !is_weasel(text, &hit.range, &entry)
        {
            continue;
        }
        let found = &text.prose.text[hit.range.clone()];
        let help = match hit.entry.to_lowercase().as_str() {
            "up to" | "as much as" => {
                "give the typical figure, not the best case: `saves the median parent 20 minutes`"
            }
            "various" | "numerous" | "countless" | "a number of" | "a variety of"
            | "a wide variety of" | "a wide range of" | "a lot" | "lots of" => {
                "say how many, or name them"
            }
            "experts agree"
            | "experts say"
            | "studies show"
            | "research shows"
            | "many experts"
            | "some experts"
            | "some people say"
            | "some people believe"
            | "many people believe"
            | "it is believed"
            | "it is thought"
            | "it is said"
            | "it could be argued" => "name who says so, or cite the source",
            _ => "delete it, or replace it with a number or a fact the reader can check",
        };
        out.push(
            Violation::new(
                text.span(hit.range.clone()),
                format!("vague word `{found}`"),
            )
            .help(help),
        );
    }
}
