//! PL209 unsupported-superlative.

use std::ops::Range;

use prfaq_doc::{MarkKind, PartKind};

use crate::context::{Context, Text};
use crate::cues::{CueSet, cue_set};
use crate::declare_rule;
use crate::diagnostic::Violation;
use crate::words::ListKind;

declare_rule! {
    /// ## What it does
    /// Finds claims to be the best, first, fastest or only one — best, first-ever,
    /// unprecedented, #1, industry-leading, the fastest, the only app that — in the
    /// press release and the customer FAQ, when the same sentence gives no support: no
    /// figure, no named source ("according to", "in a 2026 survey", "rated … by"), no
    /// link and no footnote. The words come from the `superlative` list.
    ///
    /// Near-misses are not claims: ordinals ("the first week", "first, open the app",
    /// "the first step"), "only" outside a claim ("only takes two minutes", "the only
    /// thing you do"), "best" in idioms ("best practices", "best-effort", "at best",
    /// "do their best", "works best with"), and a superlative that picks among options
    /// ("the app picks the cheapest slot"): words such as "fastest" or "most secure"
    /// count only right after a claim — "is the", "launches the", "the world's" — or
    /// opening a headline. Questions, the problem statement's own superlatives ("the
    /// biggest problem") and a customer's own words in quotes are not judged.
    ///
    /// ## Why is this bad?
    /// Every press release says its product is the best; readers discount such claims
    /// to nothing, and reviewers ask "says who?". A claim with its evidence in the same
    /// sentence survives the review; one without sounds like marketing.
    ///
    /// ## Example
    /// ```markdown
    /// Quick Reorder is the fastest way to buy groceries, and the first app of its kind.
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// In our test with 40 parents, Quick Reorder rebuilt a weekly cart in 9 seconds,
    /// against 25 minutes by hand.
    /// ```
    pub struct UnsupportedSuperlative;
    "PL209", "unsupported-superlative", PlainLanguage, Warning; reads each Customer text
}

/// Claims in any position: the words themselves claim to be the best.
static ABSOLUTE: CueSet = cue_set!("superlative-absolute");

/// Forms of "be" before a claim ("is the fastest").
const BE: &[&str] = &[
    "is", "are", "was", "were", "be", "been", "being", "remains", "remain",
];

/// Verbs that present a claim ("launches the first", "offers the fastest").
static CLAIM_VERBS: CueSet = cue_set!("superlative-claim-verbs");

/// Places whose superlative is always a claim ("the world's fastest").
static PLACES: CueSet = cue_set!("superlative-places");

/// Words after "first" that make it an ordinal ("the first week").
static ORDINAL_NEXT: CueSet = cue_set!("superlative-ordinal-next");

/// Words after "only" that make it plain English ("the only thing you do").
static ONLY_PLAIN_NEXT: CueSet = cue_set!("superlative-only-plain-next");

/// Words before "best" that make it an idiom ("do their best", "works best").
static BEST_IDIOM_BEFORE: CueSet = cue_set!("superlative-best-idiom-before");

/// Words after "best" that make it an idiom ("best practices", "best of all").
static BEST_IDIOM_AFTER: CueSet = cue_set!("superlative-best-idiom-after");

/// Words after "best" that pick among options ("picks the best slot"): a claim only in
/// a claiming position ("offers the best prices").
static BEST_CHOICE_AFTER: CueSet = cue_set!("superlative-best-choice-after");

/// Verbs that choose among options: "picks the best slot" is not a claim.
static CHOOSE: CueSet = cue_set!("superlative-choose");

/// Words that name a source for a claim.
static SUPPORT: CueSet = cue_set!("superlative-support");

fn norm(word: &str) -> String {
    word.to_lowercase().replace('’', "'")
}

/// The words around a hit: the two before and the one after, in the same sentence and
/// clause (`None` at a break).
struct Around {
    prev: Option<String>,
    prev2: Option<String>,
    next: Option<String>,
    /// True when the sentence start or a mark that opens an apposition (`:`, `—`, `,`)
    /// comes right before `prev` ("Pantry Pal, the first …").
    opens: bool,
    /// True when a verb that chooses among options comes earlier in the sentence
    /// ("picks the cheapest store and the best slot").
    chooser: bool,
    /// True when "to", "that", "with", "for", "of" or "ever" follows within six words
    /// in the same clause: the claim says at what ("the first app that …").
    says_what: bool,
}

fn around(
    prose: &str,
    words: &[Range<usize>],
    sentence: &Range<usize>,
    range: &Range<usize>,
) -> Around {
    let in_sentence: Vec<&Range<usize>> = words
        .iter()
        .filter(|w| w.start >= sentence.start && w.end <= sentence.end)
        .collect();
    let before: Vec<&Range<usize>> = in_sentence
        .iter()
        .copied()
        .filter(|w| w.end <= range.start)
        .collect();
    let tight = |a: usize, b: usize| prose[a..b].chars().all(char::is_whitespace);
    // Inline code is never a word to judge.
    let word = |w: &Range<usize>| {
        let x = &prose[w.clone()];
        (!prfaq_doc::has_code(x)).then(|| norm(x))
    };
    let prev = before
        .last()
        .filter(|w| tight(w.end, range.start))
        .and_then(|w| word(w));
    let prev2 = (before.len() >= 2 && prev.is_some())
        .then(|| before[before.len() - 2])
        .filter(|w| tight(w.end, before[before.len() - 1].start))
        .and_then(word);
    let opens = prev.is_some() && {
        let head_end = before.last().map_or(range.start, |w| w.start);
        let head = if before.len() >= 2 {
            &prose[before[before.len() - 2].end..head_end]
        } else {
            &prose[sentence.start..head_end]
        };
        before.len() < 2 || head.contains([':', '—', '–', ','])
    };
    let next = in_sentence
        .iter()
        .find(|w| w.start >= range.end)
        .filter(|w| tight(range.end, w.start))
        .and_then(|w| word(w));
    let chooser = before
        .iter()
        .rev()
        .take(8)
        .any(|w| word(w).is_some_and(|x| CHOOSE.contains(x.as_str())));
    let mut says_what = false;
    let mut last = range.end;
    for w in in_sentence.iter().filter(|w| w.start >= range.end).take(6) {
        if prose[last..w.start].contains([',', ';', ':', '—', '–', '(']) {
            break;
        }
        if word(w).is_some_and(|x| {
            matches!(
                x.as_str(),
                "to" | "that" | "which" | "who" | "with" | "for" | "of" | "ever" | "in"
            )
        }) {
            says_what = true;
            break;
        }
        last = w.end;
    }
    Around {
        prev,
        prev2,
        next,
        opens,
        chooser,
        says_what,
    }
}

fn is_be(word: &str) -> bool {
    BE.contains(&word)
        || word.ends_with("'re")
        || word
            .strip_suffix("'s")
            .is_some_and(|h| matches!(h, "it" | "that" | "this" | "what" | "he" | "she" | "there"))
}

/// True when the word before is a place's possessive ("world's").
fn place_possessive(word: Option<&str>) -> bool {
    word.and_then(|w| w.strip_suffix("'s"))
        .is_some_and(|stem| PLACES.contains(stem))
}

/// True when a superlative stands where a claim is made: "is the fastest", "launches
/// the first", "the world's best", or opening a headline ("The fastest way to …").
fn claim_position(a: &Around, allow_opening: bool) -> bool {
    if place_possessive(a.prev.as_deref()) {
        return true;
    }
    let prev = a.prev.as_deref();
    let prev2 = a.prev2.as_deref();
    if matches!(prev, Some("the" | "our" | "its")) {
        return prev2.is_some_and(|p| is_be(p) || CLAIM_VERBS.contains(p))
            || place_possessive(prev2)
            || (allow_opening && a.opens);
    }
    prev.is_some_and(is_be)
}

/// True when the hit is a claim in its context (see the rule's doc).
fn is_claim(entry: &str, a: &Around, in_problem: bool) -> bool {
    // "#1" is one too: the cue files read `#` as the start of a comment.
    if ABSOLUTE.contains(entry) || entry == "#1" {
        return true;
    }
    // The problem statement describes the world, not the product ("the biggest
    // annoyance", "the only fix today").
    if in_problem {
        return false;
    }
    match entry {
        "best" => {
            let idiom_before = a
                .prev
                .as_deref()
                .is_some_and(|p| BEST_IDIOM_BEFORE.contains(p))
                || (matches!(a.prev.as_deref(), Some("our" | "its"))
                    && a.prev2
                        .as_deref()
                        .is_some_and(|p| BEST_IDIOM_BEFORE.contains(p)));
            let idiom_after = a
                .next
                .as_deref()
                .is_some_and(|n| BEST_IDIOM_AFTER.contains(n));
            // "picks the best slot" chooses among options; "offers the best prices" claims.
            let choice = (a
                .next
                .as_deref()
                .is_some_and(|n| BEST_CHOICE_AFTER.contains(n))
                || (a.prev.as_deref() == Some("the") && a.chooser))
                && !claim_position(a, false);
            (!idiom_before && !idiom_after && !choice) || place_possessive(a.prev.as_deref())
        }
        "first" => {
            let ordinal = a.next.as_deref().is_none_or(|n| {
                ORDINAL_NEXT.contains(n) || n.chars().next().is_some_and(|c| c.is_ascii_digit())
            });
            // Opening a sentence or an apposition, "the first" claims only when it says
            // at what: "Pantry Pal, the first scanner that …", not "the first account
            // bootstraps the team".
            !ordinal && (claim_position(a, false) || (claim_position(a, true) && a.says_what))
        }
        "only" => {
            let claim = (matches!(a.prev.as_deref(), Some("the" | "our"))
                && a.prev2
                    .as_deref()
                    .is_some_and(|p| is_be(p) || CLAIM_VERBS.contains(p)))
                || place_possessive(a.prev.as_deref())
                || (a.prev.as_deref() == Some("and")
                    && matches!(a.prev2.as_deref(), Some("first" | "one")))
                // In an apposition that says at what: "Pantry Pal, the only app that …".
                || (a.prev.as_deref() == Some("the") && claim_position(a, true) && a.says_what);
            claim
                && !a
                    .next
                    .as_deref()
                    .is_none_or(|n| ONLY_PLAIN_NEXT.contains(n))
        }
        _ => claim_position(a, true),
    }
}

/// True when the sentence backs its claim: a figure, a named source, a link or a
/// footnote outside the claim itself.
fn supported(ctx: &Context, text: &Text, sentence: &Range<usize>, claim: &Range<usize>) -> bool {
    let prose = &text.prose.text;
    let outside = |r: &Range<usize>| r.end <= claim.start || r.start >= claim.end;
    // A figure supports a claim; the "1" of "#1", the dateline's date and a bare year
    // ("launched in 2027") do not.
    let symbols: Vec<Range<usize>> = symbol_claims(prose);
    let dateline = super::long_sentence::dateline_end(ctx, text);
    let digit = text
        .words()
        .iter()
        .filter(|w| w.start >= sentence.start.max(dateline) && w.end <= sentence.end && outside(w))
        .filter(|w| !symbols.iter().any(|s| s.start < w.end && w.start < s.end))
        .any(|w| {
            let word = &prose[w.clone()];
            let year = word.len() == 4
                && (word.starts_with("19") || word.starts_with("20"))
                && word.chars().all(|c| c.is_ascii_digit());
            word.chars().any(|c| c.is_ascii_digit()) && !year
        });
    let source = text
        .words()
        .iter()
        .filter(|w| w.start >= sentence.start && w.end <= sentence.end && outside(w))
        .any(|w| {
            text.word(w)
                .is_some_and(|s| SUPPORT.contains(norm(s).as_str()))
        });
    let link = text
        .prose
        .marks_of(MarkKind::Link)
        .any(|m| m.range.start < sentence.end && sentence.start < m.range.end)
        || text
            .words()
            .iter()
            .filter(|w| w.start >= sentence.start && w.end <= sentence.end)
            .any(|w| {
                let word = prose[w.clone()].to_ascii_lowercase();
                word.starts_with("http") || word.starts_with("www.")
            });
    let span = text.span(sentence.clone());
    let footnote = ctx.doc.source.get(span).is_some_and(|s| s.contains("[^"));
    digit || source || link || footnote
}

/// Claims written with symbols that the word list cannot see: `#1`, `No. 1`.
fn symbol_claims(prose: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    for pattern in ["#1", "No. 1", "No.1"] {
        let mut from = 0;
        while let Some(at) = prfaq_doc::cues::find_short(&prose[from..], pattern) {
            let start = from + at;
            let end = start + pattern.len();
            let digit_follows = prose[end..]
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_digit());
            if !digit_follows {
                out.push(start..end);
            }
            from = end;
        }
    }
    out
}

pub fn check(ctx: &Context, text: &Text, out: &mut Vec<Violation>) {
    let list = ctx.list(ListKind::Superlative);
    let jargon = ctx.list(ListKind::Jargon);
    let prose = &text.prose.text;
    let speech = super::customer_speech(ctx, text);
    let in_problem = ctx
        .doc
        .part_of_block(text.block)
        .is_some_and(|p| p.kind == PartKind::Problem);
    let buzzwords: Vec<Range<usize>> = text.find(jargon).iter().map(|h| h.range.clone()).collect();
    let mut claims: Vec<(Range<usize>, String)> = text
        .find(list)
        .iter()
        .map(|h| (h.range.clone(), h.entry.to_lowercase()))
        .collect();
    claims.extend(
        symbol_claims(prose)
            .into_iter()
            .map(|r| (r, "#1".to_owned())),
    );
    claims.sort_by_key(|(r, _)| r.start);
    claims.dedup_by(|a, b| a.0.start < b.0.end && b.0.start < a.0.end);
    for (range, entry) in claims {
        let Some(sentence) = text
            .sentences()
            .iter()
            .find(|s| s.start <= range.start && range.start < s.end)
        else {
            continue;
        };
        // A question asks; a buzzword ("best-in-class") is PL201's finding.
        let question = prose[sentence.clone()].trim_end().ends_with('?');
        let buzzword = buzzwords
            .iter()
            .any(|b| b.start < range.end && range.start < b.end);
        if question || buzzword || super::inside(&speech, &range) {
            continue;
        }
        let a = around(prose, text.words(), sentence, &range);
        if !is_claim(&entry, &a, in_problem) || supported(ctx, text, sentence, &range) {
            continue;
        }
        let found = &prose[range.clone()];
        out.push(
            Violation::new(text.span(range.clone()), format!("unsupported claim `{found}`"))
                .help("back it up in the same sentence with a figure, a source or a link, or say plainly what is true"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claims(sentence: &str, entry: &str) -> bool {
        let words = prfaq_text::words(sentence);
        let at = sentence.find(entry).expect("entry in sentence");
        let a = around(
            sentence,
            &words,
            &(0..sentence.len()),
            &(at..at + entry.len()),
        );
        is_claim(&entry.to_lowercase(), &a, false)
    }

    #[test]
    fn claims_and_near_misses() {
        for (sentence, entry) in [
            ("Reorder is the fastest way to shop", "fastest"),
            ("Acme launches the first app that books your slot", "first"),
            ("Pantry Pal, the first scanner that adds staples", "first"),
            ("It is the world's first reorder button", "first"),
            ("Reorder is the only grocery app that remembers", "only"),
            (
                "Acme launched Pantry Pal, the only app that tracks your pantry",
                "only",
            ),
            ("The best grocery app", "best"),
            ("Reorder is the best way to shop", "best"),
            ("Buy the best pantry scanner on the market", "best"),
            ("The fastest way to restock", "fastest"),
        ] {
            assert!(claims(sentence, entry), "{sentence}");
        }
        for (sentence, entry) in [
            ("In the first week, parents save time", "first"),
            ("Tapping Reorder is the first step", "first"),
            (
                "Invite-only: the first Google account bootstraps the team",
                "first",
            ),
            ("It only takes two minutes", "only"),
            ("The only thing you do is tap", "only"),
            ("We follow security best practices", "best"),
            ("Parents do their best", "best"),
            ("It works best with the app", "best"),
            ("The app picks the cheapest slot", "cheapest"),
            ("The app picks the best delivery slot", "best"),
            (
                "It picks the closest store and the best delivery slot",
                "best",
            ),
            ("The best way to start is to tap Reorder", "best"),
        ] {
            assert!(!claims(sentence, entry), "{sentence}");
        }
    }
}
