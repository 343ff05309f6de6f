//! PL205 passive-voice: the rule (this file), how a passive is found in a text
//! (`find.rs`) and which words are past participles (`participles.rs`, its word lists
//! in `data/en/passive-*.txt`).

mod find;
mod participles;

use prfaq_doc::BlockKind;

use crate::context::{Context, Text};
use crate::declare_rule;
use crate::diagnostic::Violation;

use find::find;

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

pub fn check(ctx: &Context, text: &Text, out: &mut Vec<Violation>) {
    let kind = ctx.doc.blocks[text.block].kind;
    if text.heading || kind == BlockKind::TableRow || ctx.is_question_block(text.block) {
        return;
    }
    let speech = super::customer_speech(ctx, text);
    let prose = &text.prose.text;
    for passive in find(prose, text.words(), text.lowered(), text.sentences()) {
        if super::inside(&speech, &passive.range) || text.prose.is_code(&passive.range) {
            continue;
        }
        // A question asks; "Is my data stored in the EU?" is how customers ask.
        let at = passive.range.start;
        let sentence = text
            .sentences()
            .get(text.sentences().partition_point(|s| s.end <= at))
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
                .help(format!("`{phrase}` leaves out who does it: name them, and make them the subject of the sentence")),
        };
        out.push(violation);
    }
}

#[cfg(test)]
mod tests {
    use super::participles::is_participle;
    use super::*;

    fn passives(text: &str) -> Vec<String> {
        let words = prfaq_text::words(text);
        let sentences = prfaq_text::sentences(text);
        let lowered = crate::words::Lowered::new(text, &words);
        find(text, &words, lowered.words(), &sentences)
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
        assert_eq!(
            passives("Waits are shortened by a factor of two."),
            ["are shortened"]
        );
        assert_eq!(
            passives("The cart is filled by the `sync` job."),
            ["is filled"]
        );
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
        assert_eq!(passives("Once a week the cart is filled."), ["is filled"]);
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
