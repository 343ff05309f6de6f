//! The parser on the layouts real writers use: each test writes a small document in one
//! style and checks the parts found and where.

use prfaq_doc::{Audience, Format, PartKind, parse};

fn kinds(text: &str) -> Vec<&'static str> {
    parse(text).part_names()
}

#[test]
fn classic_unlabeled_paragraphs() {
    let text = "\
# Quick Reorder lets parents restock in one tap

SEATTLE — March 1, 2027 — Acme today launched Quick Reorder, a button that refills last week's cart.

Parents spend 25 minutes every Sunday rebuilding the same cart, and they often forget items they have to buy again.

Quick Reorder lets them start from last week's order instead, so the cart is ready in seconds.

\"Parents told us Sunday evenings were lost to the cart,\" said Dana Lee, head of grocery at Acme.

A parent opens the app, taps Reorder, then checks the swaps and taps Pay.

\"Now I am done before the kettle boils,\" said Ann Ito, a parent of three in Tacoma.

Quick Reorder is available today: download the Acme app at https://acme.example.
";
    let doc = parse(text);
    let names = doc.part_names();
    for part in [
        "headline",
        "dateline",
        "problem",
        "solution",
        "leader-quote",
        "how-it-works",
        "customer-quote",
        "call-to-action",
    ] {
        assert!(
            names.contains(&part),
            "{part} missing from {names:?}\n{}",
            doc.outline()
        );
    }
    let leader = doc.part(PartKind::LeaderQuote).unwrap();
    assert_eq!(
        leader.speaker.as_deref(),
        Some("Dana Lee, head of grocery at Acme")
    );
    assert_eq!(
        doc.block_line(doc.part(PartKind::Problem).unwrap().blocks[0]),
        5
    );
}

#[test]
fn bold_labels_and_italic_subheadline() {
    let text = "\
### Split a Bill: pay your share in one tap

*Friends who eat out split the check without doing sums.*

**The problem.** Groups spend ten minutes at the table working out who owes what.

**The solution.** Split a Bill reads the receipt and sends each friend a request.

**How it works.** Snap the receipt, tap the names, and tap Send.

**Getting started.** Update the app and tap Split on any receipt.
";
    let names = kinds(text);
    assert_eq!(
        names,
        vec![
            "headline",
            "subheadline",
            "problem",
            "solution",
            "how-it-works",
            "call-to-action"
        ]
    );
}

#[test]
fn faq_forms_and_audiences() {
    let text = "\
# Thing

Body text of the release that says what it is.

## FAQ

### Customer FAQ

**Q: How much does it cost?**

A: Nothing.

**Who is it for?** Parents who shop weekly.

Q: Where do I start? A: In the app.

### Internal FAQ

1. What is the biggest risk?

   Parents may dislike swaps.

2. What does it cost us?

   Two engineers.

| Question | Answer |
|---|---|
| Can we build it? | Yes, we reuse the matcher. |
";
    let doc = parse(text);
    let questions: Vec<(&str, Audience, &str)> = doc
        .faq
        .questions
        .iter()
        .map(|q| (q.prose.text.trim(), q.audience, q.answer.text.trim()))
        .collect();
    assert_eq!(
        questions,
        vec![
            ("How much does it cost?", Audience::Customer, "Nothing."),
            (
                "Who is it for?",
                Audience::Customer,
                "Parents who shop weekly."
            ),
            ("Where do I start?", Audience::Customer, "In the app."),
            (
                "What is the biggest risk?",
                Audience::Internal,
                "Parents may dislike swaps."
            ),
            (
                "What does it cost us?",
                Audience::Internal,
                "Two engineers."
            ),
            (
                "Can we build it?",
                Audience::Internal,
                "Yes, we reuse the matcher."
            ),
        ],
        "{}",
        doc.outline()
    );
}

#[test]
fn questions_without_a_faq_heading() {
    let text = "\
# Thing

The release body, which says what launched and for whom.

**What does it cost?**

Nothing.

**How do I start?**

Open the app.
";
    let doc = parse(text);
    assert_eq!(doc.faq.questions.len(), 2, "{}", doc.outline());
    assert!(doc.faq.has(Audience::Customer));
}

#[test]
fn journey_metrics_and_scope() {
    let text = "\
# Thing

Body.

# User journey

1. Ann opens the app.
2. Aha: one tap fills the cart.

# Metrics

| Metric | Baseline | Target | By | Owner |
|---|---|---|---|---|
| Weekly reorders | 12% | 40% | 2027-06-30 | Dana |
| Missing items | | 8% | | Sam |

# Scope

## In scope
- One-tap reorder

## Out of scope
- Old orders
";
    let doc = parse(text);
    let journey = doc.journey.as_ref().unwrap();
    assert_eq!(journey.steps.len(), 2);
    assert!(!journey.steps[0].aha && journey.steps[1].aha);
    let metrics = doc.metrics.as_ref().unwrap();
    assert_eq!(metrics.rows.len(), 2);
    assert!(metrics.rows[1].baseline.is_none() && metrics.rows[1].by.is_none());
    assert_eq!(metrics.rows[0].target.as_ref().unwrap().text, "40%");
    let scope = doc.scope.as_ref().unwrap();
    assert_eq!(scope.in_scope.len(), 1);
    assert_eq!(scope.out_of_scope.len(), 1);
}

#[test]
fn vision_format_and_directives() {
    let text = "---\nformat: vision\n---\n\n<!-- prfaq-ignore-file PL206 -->\n\n# Vision\n\n<!-- prfaq-ignore PL201 PL204 -->\nA paragraph.\n\nAnother.\n";
    let doc = parse(text);
    assert_eq!(doc.format, Format::Vision);
    assert_eq!(doc.directives.len(), 2);
    assert!(doc.directives[0].whole_file);
    assert_eq!(doc.directives[1].codes, vec!["PL201", "PL204"]);
    let scope = doc.directives[1].scope.clone();
    assert!(text[scope].contains("A paragraph."));
}

#[test]
fn positions_survive_bom_crlf_and_front_matter() {
    let text = "\u{FEFF}---\r\ntitle: X\r\n---\r\n# Headline here\r\n\r\nSEATTLE — May 1, 2027 — Body text.\r\n";
    let doc = parse(text);
    let headline = doc.part(PartKind::Headline).unwrap();
    let pos = doc.position(headline.prose.source_span().start);
    assert_eq!((pos.line, pos.column), (4, 3));
    assert!(doc.part(PartKind::Dateline).is_some());
}

#[test]
fn never_panics_on_odd_input() {
    for text in [
        "",
        "---",
        "---\n: : :\n---\n",
        "# ",
        "> \"",
        "„unclosed",
        "| a |\n|---|\n| ? |",
        "1.\n2.\n3.",
        "**Q:**",
        "**A:** ",
        "\r\r\r",
        "`",
        "<!-- prfaq-ignore",
        "[x]: http://a\n\n[x]",
    ] {
        let doc = parse(text);
        for block in &doc.blocks {
            assert!(block.span.end <= doc.source.len());
        }
    }
}

#[test]
fn the_templates_parse_into_every_part() {
    use prfaq_doc::template::{Answers, full, vision};
    let doc = parse(full("Quick Reorder", &Answers::default()));
    assert_eq!(
        doc.part_names(),
        vec![
            "headline",
            "subheadline",
            "dateline",
            "problem",
            "solution",
            "leader-quote",
            "how-it-works",
            "customer-quote",
            "call-to-action",
            "customer-faq",
            "internal-faq"
        ],
        "{}",
        doc.outline()
    );
    assert!(
        doc.journey
            .as_ref()
            .is_some_and(|j| j.steps.iter().any(|s| s.aha))
    );
    assert_eq!(doc.metrics.as_ref().map(|m| m.rows.len()), Some(1));
    assert_eq!(doc.scope.as_ref().map(|s| s.in_scope.len()), Some(1));
    let doc = parse(vision("Quick Reorder", &Answers::default()));
    assert_eq!(doc.format, Format::Vision);
}

fn fixture(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    std::fs::read_to_string(path).expect("fixture")
}

#[test]
fn classic_release_with_evidence_and_audience_titles() {
    let doc = parse(fixture("classic-with-evidence.md"));
    assert_eq!(
        doc.part_names(),
        vec![
            "headline",
            "dateline",
            "problem",
            "solution",
            "leader-quote",
            "how-it-works",
            "customer-quote",
            "call-to-action",
            "customer-faq",
            "internal-faq"
        ],
        "{}",
        doc.outline()
    );
    // "### For stakeholders" says whom its questions are for.
    let internal: Vec<&str> = doc
        .faq
        .questions_for(Audience::Internal)
        .map(|q| q.prose.text.as_str())
        .collect();
    assert_eq!(internal, vec!["What is the biggest risk?"]);
}

#[test]
fn headings_named_with_synonyms() {
    let doc = parse(fixture("synonym-headings.md"));
    assert_eq!(
        doc.part_names(),
        vec![
            "headline",
            "subheadline",
            "problem",
            "solution",
            "leader-quote",
            "how-it-works",
            "customer-quote",
            "call-to-action"
        ],
        "{}",
        doc.outline()
    );
}

#[test]
fn closing_call_to_action_under_an_earlier_heading() {
    // Setext headings; the customer quote interrupts "How it works", and the closing
    // paragraph under the same heading is the call to action.
    let text = "\
Quick Split: split any bill with friends in one tap
===================================================

Problem
-------

One friend pays, then chases the others for weeks. In a survey of 2,000 customers, 61% were still owed money.

Solution
--------

Quick Split photographs the receipt and sends each friend a payment request for their share.

How it works
------------

1. Tap Split on the receipt screen.
2. Each friend picks their items.

> \"We used to argue about the tip every Friday. Now the app does the maths.\"
> — Marco Diaz, teacher in Austin

Quick Split is live in the Lemon app for every customer. Open the app and tap Split on any receipt to try it.
";
    let names = kinds(text);
    assert!(names.contains(&"call-to-action"), "{names:?}");
    assert!(names.contains(&"customer-quote"), "{names:?}");
}

#[test]
fn a_problem_that_opens_with_today_is_not_the_call_to_action() {
    let text = "\
# Quick Reorder refills the weekly cart in one tap

SEATTLE — March 1, 2027 — Acme today launched Quick Reorder, a button that refills last week's cart.

Today, parents order the same groceries every week and rebuild the cart by hand, which takes 25 minutes each Sunday.

Quick Reorder starts from last week's order, so the cart is ready in seconds.

\"Parents told us Sunday evenings were lost to the cart,\" said Dana Lee, head of grocery at Acme.

A parent opens the app, taps Reorder, checks the swaps and taps Pay.

\"Now I am done before the kettle boils,\" said Ann Ito, a parent of three in Tacoma.

Quick Reorder is available today in the Acme app.
";
    let doc = parse(text);
    let problem = doc.part(PartKind::Problem).expect("a problem part");
    assert!(
        problem.prose.text.starts_with("Today, parents"),
        "{}",
        problem.prose.text
    );
    let cta = doc.part(PartKind::CallToAction).expect("a call to action");
    assert!(
        cta.prose.text.contains("available today"),
        "{}",
        cta.prose.text
    );
}
