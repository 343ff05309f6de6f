//! Layouts the parser once misread, each written as a small document: a subheadline
//! as a block-quote tagline or as an italic line under a release banner, a section
//! placed after the release, a FAQ heading with a remark in parentheses, customer
//! questions under a "Technical FAQ" heading, how the product is used told as an
//! instruction to the reader or under a heading that also names the call to action,
//! and labels typed with two spaces or broken over lines.

use prfaq_doc::{Audience, PartKind, Region, parse};

const BODY: &str = "\
SEATTLE — March 1, 2027 — Acme today launched Quick Reorder, a button that refills last week's cart.

Parents spend 25 minutes every Sunday rebuilding the same cart, and they often forget items.

\"Parents told us Sunday evenings were lost to the cart,\" said Dana Lee, head of grocery at Acme.
";

fn subheadline(text: &str) -> Option<String> {
    parse(text)
        .part(PartKind::Subheadline)
        .map(|p| p.prose.text.clone())
}

#[test]
fn a_block_quote_tagline_under_the_headline_is_the_subheadline() {
    let text = format!(
        "# Quick Reorder lets parents restock in one tap\n\n\
         > Last week's groceries, back in the cart in seconds.\n\n{BODY}"
    );
    assert_eq!(
        subheadline(&text).as_deref(),
        Some("Last week's groceries, back in the cart in seconds.")
    );
}

#[test]
fn an_editorial_note_in_a_block_quote_is_no_subheadline() {
    for note in [
        "> **Status:** draft for the March review.",
        "> Note: this draft is for the March review.",
    ] {
        let text = format!("# Quick Reorder lets parents restock in one tap\n\n{note}\n\n{BODY}");
        assert_eq!(subheadline(&text), None, "{note}");
    }
}

#[test]
fn an_italic_line_under_a_release_banner_is_the_subheadline() {
    for banner in ["**FOR IMMEDIATE RELEASE**", "FOR IMMEDIATE RELEASE"] {
        let text = format!(
            "# Quick Reorder lets parents restock in one tap\n\n{banner}\n\n\
             *Last week's groceries, back in the cart in seconds*\n\n{BODY}"
        );
        assert_eq!(
            subheadline(&text).as_deref(),
            Some("Last week's groceries, back in the cart in seconds"),
            "{banner}"
        );
    }
}

#[test]
fn a_banner_alone_under_the_headline_is_no_subheadline() {
    let text = format!(
        "# Quick Reorder lets parents restock in one tap\n\nFOR IMMEDIATE RELEASE\n\n{BODY}"
    );
    assert_eq!(subheadline(&text), None);
}

#[test]
fn an_internal_section_after_the_release_is_not_release() {
    for heading in [
        "## Internal notes",
        "## Appendix: pricing model",
        "## Open questions for the team",
        "## Tenets",
    ] {
        let text = format!(
            "# Press release\n\n## Quick Reorder lets parents restock in one tap\n\n{BODY}\n\
             {heading}\n\nThe pricing team will model three options before the review.\n"
        );
        let doc = parse(&text);
        let last = doc.blocks.len() - 1;
        assert_ne!(doc.regions[last], Region::PressRelease, "{heading}");
    }
}

#[test]
fn a_faq_heading_with_a_remark_in_parentheses_starts_the_faq() {
    for heading in [
        "## FAQ (draft, not yet reviewed)",
        "## Frequently asked questions (for the launch review)",
        "## Customer FAQ (external)",
    ] {
        let text = format!(
            "## Quick Reorder lets parents restock in one tap\n\n{BODY}\n{heading}\n\n\
             **Does it cost anything?**\n\nNo, Quick Reorder is free.\n"
        );
        let doc = parse(&text);
        let question = doc.faq.questions.first().map(|q| q.prose.text.as_str());
        assert_eq!(question, Some("Does it cost anything?"), "{heading}");
        let heading_block = doc
            .blocks
            .iter()
            .position(|b| b.text() == heading.trim_start_matches('#').trim())
            .unwrap();
        assert_eq!(doc.regions[heading_block], Region::Faq, "{heading}");
        assert!(
            doc.press_release_blocks().all(|(i, _)| i < heading_block),
            "{heading}"
        );
    }
}

#[test]
fn customer_questions_under_a_technical_faq_heading_are_not_internal() {
    let text = format!(
        "## Quick Reorder lets parents restock in one tap\n\n{BODY}\n\
         ## Customer FAQ\n\n**Does it cost anything?**\n\nNo.\n\n\
         ## Technical FAQ\n\n**Which browsers does it support?**\n\nEvery current browser.\n\n\
         ## Internal FAQ\n\n**What is the biggest risk?**\n\nToo few stores.\n"
    );
    let doc = parse(&text);
    let audience = |q: &str| {
        doc.faq
            .questions
            .iter()
            .find(|x| x.prose.text == q)
            .map(|x| x.audience)
    };
    assert_eq!(
        audience("Which browsers does it support?"),
        Some(Audience::Customer)
    );
    assert_eq!(
        audience("What is the biggest risk?"),
        Some(Audience::Internal)
    );
    // A technical FAQ that says it is internal is internal.
    let internal = text.replace("## Technical FAQ", "## Internal technical FAQ");
    let doc = parse(&internal);
    let q = doc
        .faq
        .questions
        .iter()
        .find(|x| x.prose.text == "Which browsers does it support?")
        .unwrap();
    assert_eq!(q.audience, Audience::Internal);
}

#[test]
fn a_label_that_names_a_top_part_is_not_part_of_it() {
    let text = "## Press release\n\n**Headline:** Quick Reorder restocks the pantry in one tap\n\n\
                **Subheadline:** Last week's groceries, back in the cart in seconds\n\n\
                **Date:** Seattle, March 1, 2027\n\n\
                **Problem:** Parents spend 25 minutes every Sunday rebuilding the same cart.\n";
    let doc = parse(text);
    let part = |kind| doc.part(kind).map(|p| p.prose.text.clone());
    assert_eq!(
        part(PartKind::Headline).as_deref(),
        Some("Quick Reorder restocks the pantry in one tap")
    );
    assert_eq!(
        part(PartKind::Subheadline).as_deref(),
        Some("Last week's groceries, back in the cart in seconds")
    );
    assert_eq!(
        part(PartKind::Dateline).as_deref(),
        Some("Seattle, March 1, 2027")
    );
}

/// A classic release with no labels: summary, problem, solution, then `last`.
fn plant_release(last: &str) -> String {
    format!(
        "# Leafwise names every plant on your balcony\n\n\
         PORTLAND — May 4, 2027 — Greenhouse Labs today launched Leafwise, an app that \
         names houseplants and tells their owners how to keep them alive.\n\n\
         Plant owners lose one plant in three because they cannot tell what it needs, \
         and guessing wastes money and time.\n\n\
         Leafwise keeps a care calendar for every plant and reminds owners before a \
         plant dries out.\n\n{last}\n"
    )
}

fn part_text(doc: &prfaq_doc::Document, kind: PartKind) -> Option<String> {
    doc.part(kind).map(|p| p.prose.text.clone())
}

#[test]
fn an_instruction_to_the_reader_tells_how_the_product_is_used() {
    for usage in [
        "Alongside the calendar comes a plant finder. Snap a photo of any leaf, and the \
         finder names the plant and the light it wants.",
        "The finder is built in. Simply point your  camera at a leaf and Leafwise names \
         the plant.",
    ] {
        let doc = parse(plant_release(usage));
        let how = part_text(&doc, PartKind::HowItWorks);
        assert!(how.is_some_and(|t| t.contains("names")), "{usage}");
    }
    // A sentence that only sounds like an instruction tells nothing of use.
    for prose in [
        "Imagine your balcony full of healthy plants, all summer long.",
        "Point of sale partners sell gift cards for the app in garden shops.",
    ] {
        let doc = parse(plant_release(prose));
        assert_eq!(part_text(&doc, PartKind::HowItWorks), None, "{prose}");
    }
}

#[test]
fn a_heading_of_getting_started_and_the_call_splits_its_text() {
    let section = "## Getting started and call to action\n\n\
                   Download Leafwise at https://leafwise.example today. The only thing to \
                   remember is to hold the phone a hand's width from the leaf.";
    let text = format!("## Press release\n\n{}", plant_release(section));
    let doc = parse(&text);
    assert_eq!(
        part_text(&doc, PartKind::CallToAction).as_deref(),
        Some("Download Leafwise at https://leafwise.example today.")
    );
    assert_eq!(
        part_text(&doc, PartKind::HowItWorks).as_deref(),
        Some("The only thing to remember is to hold the phone a hand's width from the leaf.")
    );
    // With a how-it-works part of its own, the release's closing section is its call.
    let with_how = text.replace(
        "## Getting started",
        "## How it works\n\nOwners add each plant by name.\n\n## Getting started",
    );
    let doc = parse(&with_how);
    let call = part_text(&doc, PartKind::CallToAction).unwrap_or_default();
    assert!(call.contains("hand's width"), "{call}");
    // A section with no call in it is the call to action, as nothing else is.
    let no_call = text.replace(" at https://leafwise.example today", "");
    let doc = parse(&no_call);
    assert!(doc.part(PartKind::CallToAction).is_some());
    assert_eq!(doc.part(PartKind::HowItWorks).map(|p| p.kind), None);
}

#[test]
fn a_label_typed_with_two_spaces_or_over_two_lines_names_its_part() {
    for label in ["**How  it works:**", "**How it\nworks:**"] {
        let text = plant_release(&format!(
            "{label} Leafwise reads the leaf's shape and colour against a library."
        ));
        let doc = parse(&text);
        let how = doc.part(PartKind::HowItWorks);
        assert!(
            how.is_some_and(|p| p.prose.text.contains("leaf's shape")),
            "{label}"
        );
    }
}

#[test]
fn a_bare_list_of_features_is_the_solution_not_how_it_works() {
    let list = "**Key features:**\n\n\
                - **Leaf finder** – names over 4,000 houseplants from their leaves\n\
                - **Care calendar** – a watering and feeding plan for every plant\n\
                - **Light meter** – measures whether a window suits a plant\n\n\
                Leafwise supports iPhone and Android phones.";
    let doc = parse(plant_release(list));
    assert_eq!(doc.part(PartKind::HowItWorks).map(|p| p.kind), None);
    let solutions: Vec<&str> = doc
        .parts_of(PartKind::Solution)
        .map(|p| p.prose.text.as_str())
        .collect();
    assert!(
        solutions.iter().any(|t| t.contains("Leaf finder")),
        "{solutions:?}"
    );
    // Features told as use are how it works: a paragraph of use, or an instruction.
    for usage in [
        "Owners add each plant by name, and the calendar reminds them when to water it \
         and when to move it into the sun.",
        "Hold the phone over a leaf: the finder names the plant.",
    ] {
        let doc = parse(plant_release(&format!("{list}\n\n{usage}")));
        let how = part_text(&doc, PartKind::HowItWorks).unwrap_or_default();
        assert!(how.contains("Leaf finder"), "{usage}: {how}");
    }
}
