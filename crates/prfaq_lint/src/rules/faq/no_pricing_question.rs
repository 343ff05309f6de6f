//! FQ320 no-pricing-question.

use prfaq_doc::Audience;

use super::{Topic, check_topic};
use crate::analysis::questions::QuestionCues;
use crate::context::Context;
use crate::cues::{CueList, cue_list};
use crate::declare_rule;
use crate::diagnostic::Violation;

declare_rule! {
    /// ## What it does
    /// Checks that the customer FAQ says what the product costs. A topic counts as covered only when its question has a real answer.
    /// A document that already says the product is free or open source (a licence it is released under, a free tier) has settled its price, and is not asked again.
    ///
    /// ## Why is this bad?
    /// Price is the first thing customers ask. A customer FAQ that never answers it hides a decision the team has not made.
    ///
    /// ## Example
    /// ```markdown
    /// ## Customer FAQ
    /// ### Who is it for?
    /// Parents who reorder weekly.
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// ## Customer FAQ
    /// ### How much does it cost?
    /// Nothing: Quick Reorder is part of every Acme account.
    /// ```
    pub struct NoPricingQuestion;
    "FQ320", "no-pricing-question", Faq, Warning, structural, absent; reads the document
}

pub(crate) const TOPIC: Topic = Topic {
    audience: Audience::Customer,
    name: "price",
    cues: QuestionCues::Pricing,
    help: "add a customer question on what it costs, even if the answer is that it is free",
};

/// Phrases (lowercase, whole words) that say the product costs nothing or is open source.
static NO_PRICE: CueList = cue_list!("free-or-open-source");

/// True when the customer-facing text (the press release, the customer FAQ) says the
/// product is free or open source. The internal FAQ speaks of what the launch costs the
/// team, not the customer.
fn says_it_is_free(ctx: &Context) -> bool {
    ctx.customer_texts().any(|t| {
        if !prfaq_doc::cues::may_hold_any(&t.prose.text, ANCHORS) {
            return false;
        }
        let lower = t.prose.text.to_lowercase();
        NO_PRICE
            .iter()
            .any(|phrase| prfaq_doc::cues::has_phrase(&lower, phrase))
    })
}

/// A part of every phrase of [`NO_PRICE`] (the tests hold each phrase to it): a text
/// without any of them says none ([`prfaq_doc::cues::may_hold_any`]).
const ANCHORS: &[&str] = &[
    "free", "cost", "open", "release", "licen", "is mit", "gpl", "apache", "bsd", "mpl",
];

pub fn check(ctx: &Context, out: &mut Vec<Violation>) {
    // The release is read for "free" only when no question answers the price.
    let mut found = Vec::new();
    check_topic(ctx, &TOPIC, &mut found);
    if !found.is_empty() && !says_it_is_free(ctx) {
        out.append(&mut found);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_phrase_holds_an_anchor() {
        for anchor in ANCHORS {
            assert!(prfaq_doc::cues::is_ascii_exact(anchor), "{anchor}");
        }
        for phrase in NO_PRICE {
            assert!(
                ANCHORS.iter().any(|a| phrase.contains(a)),
                "`{phrase}` holds none of the anchors: add one"
            );
            assert!(
                prfaq_doc::cues::may_hold_any(&phrase.to_uppercase(), ANCHORS),
                "{phrase}"
            );
        }
        assert!(!prfaq_doc::cues::may_hold_any(
            "Reorder your groceries in one tap.",
            ANCHORS
        ));
    }
}
