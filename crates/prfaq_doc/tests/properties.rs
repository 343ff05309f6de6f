//! Bad documents: the parser never panics and every position it reports lies inside the
//! file, whatever the input — arbitrary Unicode, deep nesting, huge tables and lists,
//! malformed front matter, mixed line endings and byte-order marks.

use proptest::prelude::*;

/// Checks every span the parser hands out.
fn assert_spans_inside(text: &str) {
    let doc = prfaq_doc::parse(text);
    let len = doc.source.len();
    for block in &doc.blocks {
        assert!(block.span.start <= block.span.end && block.span.end <= len);
        let prose = block.prose.source_span();
        assert!(prose.end <= len, "prose span {prose:?} past {len}");
        assert!(doc.source.is_char_boundary(prose.start) || prose.start >= len);
    }
    for part in &doc.parts {
        let span = part.prose.source_span();
        assert!(span.end <= len);
        let _ = doc.position(span.start);
    }
    for q in &doc.faq.questions {
        assert!(q.span.end <= len && q.prose.source_span().end <= len);
    }
    for problem in &doc.problems {
        assert!(problem.span.end <= len);
    }
    let _ = doc.outline();
}

/// Markdown-ish fragments, so random documents hit the parser's interesting paths.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("# ".to_owned()),
        Just("## Problem\n".to_owned()),
        Just("**Q: What?**\n".to_owned()),
        Just("A: ".to_owned()),
        Just("> \"".to_owned()),
        Just("„".to_owned()),
        Just("SEATTLE — March 1, 2027 — ".to_owned()),
        Just("| a | b |\n|---|---|\n".to_owned()),
        Just("1. ".to_owned()),
        Just("- ".to_owned()),
        Just("    ".to_owned()),
        Just("`code`".to_owned()),
        Just("```\n".to_owned()),
        Just("<!-- prfaq-ignore PL201 -->\n".to_owned()),
        Just("---\n".to_owned()),
        Just("\r\n".to_owned()),
        Just("\r".to_owned()),
        Just("\n\n".to_owned()),
        Just("\u{FEFF}".to_owned()),
        Just("said Dana Lee, CEO.".to_owned()),
        Just("[link](http://x)".to_owned()),
        Just("*".to_owned()),
        Just("?".to_owned()),
        "\\PC{0,12}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_unicode(text in "\\PC{0,400}") {
        assert_spans_inside(&text);
    }

    #[test]
    fn markdown_shaped_noise(parts in prop::collection::vec(fragment(), 0..80)) {
        assert_spans_inside(&parts.concat());
    }

    #[test]
    fn malformed_front_matter(body in "[a-z: \\[\\]{}\"'\\-\\n]{0,120}") {
        assert_spans_inside(&format!("---\n{body}\n---\n# Title\n\nText.\n"));
        assert_spans_inside(&format!("---\n{body}"));
    }
}

#[test]
fn deep_nesting() {
    let quotes = format!("{} deep\n", ">".repeat(500));
    assert_spans_inside(&quotes);
    let mut list = String::new();
    for depth in 0..200 {
        list.push_str(&"  ".repeat(depth));
        list.push_str("- item?\n");
    }
    assert_spans_inside(&list);
    assert_spans_inside(&"*".repeat(10_000));
    assert_spans_inside(&"[".repeat(10_000));
}

#[test]
fn huge_tables_and_lists() {
    let mut table = String::from("# FAQ\n\n| Question | Answer |\n|---|---|\n");
    for i in 0..5_000 {
        table.push_str(&format!("| Is row {i} real? | Yes, row {i}. |\n"));
    }
    let doc = prfaq_doc::parse(&table);
    assert_eq!(doc.faq.questions.len(), 5_000);
    let mut list = String::from("# User journey\n\n");
    for i in 0..10_000 {
        list.push_str(&format!("{}. Step {i}\n", i + 1));
    }
    let doc = prfaq_doc::parse(&list);
    assert_eq!(doc.journey.unwrap().steps.len(), 10_000);
}

#[test]
fn mixed_line_endings_and_bom() {
    let text = "\u{FEFF}# Title\r\n\r\nSEATTLE — May 1, 2027 — Body.\rMore.\n\n## Problem\r\nIt hurts 3 times a week.\n";
    assert_spans_inside(text);
    let doc = prfaq_doc::parse(text);
    let problem = doc.part(prfaq_doc::PartKind::Problem).unwrap();
    let pos = doc.position(problem.prose.source_span().start);
    assert_eq!((pos.line, pos.column), (7, 1));
}
