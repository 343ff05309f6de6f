//! A PR/FAQ's claims and the feedback that best matches each.

use prfaq_evidence::synth::{feedback, planted_names};
use prfaq_evidence::{ClaimKind, Index, claims, suggest};

fn document() -> String {
    std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/refunds.md"
    ))
    .unwrap()
}

#[test]
fn claims_are_the_problem_each_solution_sentence_the_quote_and_each_answer() {
    let source = document();
    let doc = prfaq_doc::parse(&source);
    let found = claims(&doc);
    let kinds: Vec<ClaimKind> = found.iter().map(|c| c.kind).collect();
    assert_eq!(
        kinds,
        [
            ClaimKind::Problem,
            ClaimKind::Solution,
            ClaimKind::Solution,
            ClaimKind::Solution,
            ClaimKind::CustomerQuote,
            ClaimKind::FaqAnswer,
            ClaimKind::FaqAnswer,
        ]
    );
    assert_eq!(
        found[1].text,
        "Instant Refunds spots a double charge the moment it happens."
    );
    assert_eq!(
        found[3].text,
        "Support no longer has to approve refunds by hand."
    );
    assert!(
        found[0]
            .text
            .starts_with("Subscribers who are charged twice")
            && found[0].text.ends_with("cancel in anger.")
    );
    assert_eq!(
        found[4].speaker.as_deref(),
        Some("Priya Raman, a freelancer in Leeds")
    );
    assert_eq!(
        found[5].question.as_deref(),
        Some("How long does a refund take?")
    );
    assert!(
        found[6]
            .query()
            .starts_with("Does it work after I cancel? Yes.")
    );
    // Every span is the claim's own bytes in the file (this document has no inline markup).
    for claim in &found {
        assert_eq!(&source[claim.span.clone()], claim.text, "{:?}", claim.kind);
    }
}

#[test]
fn each_claim_is_matched_with_feedback_about_it() {
    let source = document();
    let doc = prfaq_doc::parse(&source);
    let found = claims(&doc);
    let comments = feedback(21, 3000, 10);
    let index = Index::new(comments.iter().map(|c| c.text.as_str()));
    let suggestions = suggest(&found, &index, 5);
    assert_eq!(suggestions.len(), found.len());
    let billing = planted_names()
        .iter()
        .position(|&n| n == "billing")
        .unwrap();
    for (claim, s) in found.iter().zip(&suggestions) {
        assert_eq!(s.hits.len(), 5, "{}", claim.text);
        let on_billing = s
            .hits
            .iter()
            .filter(|h| comments[h.doc].theme == billing)
            .count();
        // Every claim of this document is about wrong charges and refunds, except the
        // one about support approving refunds by hand, whose best match may be support.
        if claim.text.starts_with("Support no longer") {
            continue;
        }
        assert!(
            on_billing >= 4,
            "{}: {:?}",
            claim.text,
            s.hits
                .iter()
                .map(|h| &comments[h.doc].text)
                .collect::<Vec<_>>()
        );
    }
}
