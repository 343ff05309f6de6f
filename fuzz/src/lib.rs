//! The invariants the fuzz targets assert, shared by both targets.
//!
//! A panic anywhere here (in the parser, the checker, a renderer or an assertion) is a
//! crash that libFuzzer records under `fuzz/artifacts/<target>/`.

use std::ops::Range;

use prfaq_doc::Document;
use prfaq_lint::render::{self, FileReport};

/// Parses `text` and asserts the document's spans; returns the document.
pub fn parse(text: &str) -> Document {
    let doc = prfaq_doc::parse(text);
    assert_document(&doc);
    doc
}

/// Parses, checks with the default configuration and renders `text`, asserting that every
/// span and position points inside it.
pub fn parse_and_check(text: &str) {
    let doc = parse(text);
    let diagnostics = prfaq_lint::check(&doc, &prfaq_lint::Config::default());
    for d in &diagnostics {
        assert_span(
            &doc.source,
            &d.span,
            &format!("diagnostic {} ({})", d.code, d.name),
        );
        let start = doc.position(d.span.start);
        assert!(
            start.line >= 1 && start.column >= 1,
            "diagnostic {} at byte {} has position {start:?}",
            d.code,
            d.span.start
        );
    }
    let report = FileReport {
        path: "fuzz.md",
        doc: &doc,
        diagnostics: &diagnostics,
    };
    let json = render::json(std::slice::from_ref(&report), &[]);
    assert!(!json.is_empty(), "render::json returned nothing");
    let human = render::human(&report, false);
    assert!(
        diagnostics.is_empty() || !human.is_empty(),
        "render::human returned nothing for {} findings",
        diagnostics.len()
    );
}

/// Every block span, part, FAQ question, parser problem and directive lies inside the
/// document's text and on char boundaries.
pub fn assert_document(doc: &Document) {
    let text = doc.source.as_str();
    for (i, block) in doc.blocks.iter().enumerate() {
        assert_span(text, &block.span, &format!("block {i} ({:?})", block.kind));
    }
    for part in &doc.parts {
        assert_span(
            text,
            &part.prose.source_span(),
            &format!("part {}", part.kind.name()),
        );
    }
    for (i, q) in doc.faq.questions.iter().enumerate() {
        assert_span(text, &q.span, &format!("FAQ question {i} span"));
        assert_span(
            text,
            &q.prose.source_span(),
            &format!("FAQ question {i} prose"),
        );
    }
    for p in &doc.problems {
        assert_span(text, &p.span, &format!("problem {:?}", p.message));
    }
    for (i, d) in doc.directives.iter().enumerate() {
        assert_span(text, &d.span, &format!("directive {i} span"));
        assert_span(text, &d.scope, &format!("directive {i} scope"));
    }
}

/// `span` is a forward range inside `text` whose ends are char boundaries.
#[track_caller]
pub fn assert_span(text: &str, span: &Range<usize>, what: &str) {
    assert!(
        span.start <= span.end && span.end <= text.len(),
        "{what}: span {span:?} is not inside the text of {} bytes",
        text.len()
    );
    assert!(
        text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
        "{what}: span {span:?} is not on char boundaries"
    );
}
