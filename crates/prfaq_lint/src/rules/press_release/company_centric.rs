//! PR115 company-centric.

use prfaq_doc::PartKind;

use crate::context::{Context, Text};
use crate::declare_rule;
use crate::diagnostic::Violation;

declare_rule! {
    /// ## What it does
    /// Finds sentences in the problem or solution where the company is the one who hurts
    /// or gains: "we lose money", "our costs", "we built this so that our call center…".
    /// Citing evidence ("in our survey", "customers told us") is not company-centric.
    ///
    /// ## Why is this bad?
    /// The problem and solution belong to the customer. When the company's costs or
    /// goals take their place, the release argues for the business instead of showing
    /// a customer benefit, and reviewers cannot tell whether customers would care.
    ///
    /// ## Example
    /// ```markdown
    /// We lose $2M a year to abandoned carts, and our support team is overloaded.
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// One parent in five abandons a weekly order because rebuilding the cart takes 25
    /// minutes.
    /// ```
    pub struct CompanyCentric;
    "PR115", "company-centric", PressRelease, Warning; reads each PressRelease text
}

/// What the company hurting or gaining sounds like right after "we" or "our".
const STAKES: &[&str] = &[
    "lose",
    "losing",
    "lost",
    "cost",
    "costs",
    "spend",
    "revenue",
    "revenues",
    "margin",
    "margins",
    "sales",
    "profit",
    "profits",
    "money",
    "budget",
    "churn",
    "growth",
    "business",
    "market",
    "share",
    "goal",
    "goals",
    "strategy",
    "competitors",
    "competition",
    "support",
    "call",
    "center",
    "centre",
    "engineers",
    "team",
    "teams",
    "staff",
    "want",
    "wants",
    "need",
    "needs",
    "are",
    "excited",
    "proud",
    "thrilled",
    "pleased",
    "believe",
    "platform",
    "numbers",
    "targets",
    "metrics",
    "bottom",
    "line",
    "investors",
    "shareholders",
    "brand",
    "pipeline",
    "quarter",
    "can",
    "could",
    "should",
    "must",
    "aim",
    "plan",
];

/// Words that show the sentence cites evidence rather than the company's stake.
const EVIDENCE: &[&str] = &[
    "survey",
    "surveys",
    "surveyed",
    "study",
    "studies",
    "research",
    "interview",
    "interviews",
    "interviewed",
    "asked",
    "heard",
    "told",
    "data",
    "found",
    "research",
    "tickets",
    "reviews",
    "feedback",
    "measured",
    "analysis",
    "analyzed",
    "analysed",
    "observed",
    "talked",
    "spoke",
];

pub fn check(ctx: &Context, text: &Text, out: &mut Vec<Violation>) {
    let doc = ctx.doc;
    let Some(part) = doc.part_of_block(text.block) else {
        return;
    };
    if !matches!(part.kind, PartKind::Problem | PartKind::Solution) {
        return;
    }
    let quotes = text.quotes();
    let lowered = text.lowered();
    for sentence in text.sentences().iter() {
        // The sentence's words (those wholly inside it), with the text's lowercase of
        // each: words are in order, so they are one run of the text's words.
        let first = text.words().partition_point(|w| w.start < sentence.start);
        let end = text
            .words()
            .partition_point(|w| w.end <= sentence.end)
            .max(first);
        let words = &text.words()[first..end];
        let lower: Vec<&str> = lowered.slice(first..end).iter().collect();
        if lower.iter().any(|w| EVIDENCE.contains(w)) {
            continue;
        }
        for (i, &w) in lower.iter().enumerate() {
            if !matches!(
                w,
                "we" | "our" | "us" | "we're" | "we’re" | "we've" | "ours"
            ) {
                continue;
            }
            if quotes
                .iter()
                .any(|q| q.start <= words[i].start && words[i].end <= q.end)
            {
                continue;
            }
            let stake = lower[i + 1..lower.len().min(i + 4)]
                .iter()
                .find(|n| STAKES.contains(*n));
            // "for us" / "helps us" put the company in the customer's seat.
            let for_us = w == "us"
                && i > 0
                && matches!(lower[i - 1], "for" | "helps" | "lets" | "saves" | "gives");
            if stake.is_none() && !for_us {
                continue;
            }
            let end = words[(i + 3).min(words.len() - 1)].end.min(sentence.end);
            let shown = &text.prose.text[words[i].start..end];
            out.push(
                Violation::new(
                    text.span(words[i].start..end),
                    format!(
                        "`{shown}` tells the {} from the company's side",
                        part.kind.name()
                    ),
                )
                .help("say who the customer is and what they lose or gain"),
            );
            break;
        }
    }
}
