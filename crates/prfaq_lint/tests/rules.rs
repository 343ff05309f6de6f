//! Every rule against its fixtures: `fixtures/<CODE>/hit.md` must raise the rule at
//! least once and `fixtures/<CODE>/ok.md` (the near-misses) never. The rendered
//! findings of both are pinned as snapshots, which a reviewer reads as the rule's spec.

use std::path::Path;

use prfaq_lint::render::{FileReport, human};
use prfaq_lint::{Config, RULES, check};

fn run(code: &str, file: &str) -> (usize, String) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(code)
        .join(file);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{code} needs the fixture {}: {e}", path.display()));
    let doc = prfaq_doc::parse(&text);
    let config = Config::only(&[code]);
    let diagnostics = check(&doc, &config);
    let shown = format!("{code}/{file}");
    let rendered = human(
        &FileReport {
            path: &shown,
            doc: &doc,
            diagnostics: &diagnostics,
        },
        false,
    );
    (
        diagnostics.iter().filter(|d| d.code == code).count(),
        rendered,
    )
}

#[test]
fn every_rule_hits_its_fixture_and_spares_its_near_misses() {
    let mut failures = Vec::new();
    for rule in RULES {
        let (hits, hit_out) = run(rule.code, "hit.md");
        let (misses, ok_out) = run(rule.code, "ok.md");
        if hits == 0 {
            failures.push(format!("{}: no finding on hit.md", rule.code));
        }
        if misses != 0 {
            failures.push(format!(
                "{}: {misses} finding(s) on ok.md:\n{ok_out}",
                rule.code
            ));
        }
        insta::assert_snapshot!(format!("{}_hit", rule.code), hit_out);
        insta::assert_snapshot!(format!("{}_ok", rule.code), ok_out);
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_rule_explains_itself() {
    for rule in RULES {
        for heading in [
            "## What it does",
            "## Why is this bad?",
            "## Example",
            "## Use instead",
        ] {
            assert!(
                rule.doc.contains(heading),
                "{} lacks `{heading}`",
                rule.code
            );
        }
        assert!(!rule.summary().is_empty(), "{} has no summary", rule.code);
    }
}

/// PR114 on attributions that Markdown reshapes: a `> - Name` line under a quoted
/// paragraph becomes a list item, and a `— <name>` placeholder becomes an HTML tag.
#[test]
fn attributions_that_markdown_reshapes() {
    let findings = |quote: &str| {
        let text = format!(
            "# Treeline answers money questions in plain words\n\n## Customer quote\n\n{quote}\n"
        );
        let doc = prfaq_doc::parse(&text);
        check(&doc, &Config::only(&["PR114"])).len()
    };
    let list = "> I tried every budgeting app for years, and this one finally lets me ask my own questions.\n> - Albert from San Francisco";
    assert_eq!(
        findings(list),
        0,
        "a list-item attribution names the speaker"
    );
    let placeholder = "*\"I set it up in an afternoon and moved all 300 members over the weekend.\"*\n— <name>, Owner, <gym name>";
    assert_eq!(
        findings(placeholder),
        0,
        "a placeholder speaker is PL210's finding"
    );
    let anonymous = "> I tried every budgeting app for years, and this one finally lets me ask my own questions.";
    assert_eq!(findings(anonymous), 1, "no speaker at all is unattributed");
    let generic = "> I tried every budgeting app for years, and this one finally lets me ask my own questions.\n> - a customer";
    assert_eq!(findings(generic), 1, "a generic speaker is unattributed");
}

/// PR102 underlines the whole headline, whatever its length, its characters or the
/// markup that closes it.
#[test]
fn missing_subheadline_underlines_the_whole_headline() {
    for headline in [
        "# Quick Reorder lets parents restock the week's groceries in one tap for the whole family",
        "# Quick Reorder lets parents restock the week's groceries — crème fraîche included — in **one tap**",
        "# Quick Reorder: `reorder` every week's groceries for the whole family with a single tap",
        "**Quick Reorder lets parents restock the week's groceries in one tap, every single week**",
    ] {
        let text = format!(
            "{headline}\n\nSEATTLE — March 1, 2027 — Acme today launched Quick Reorder, a button that refills a cart.\n"
        );
        let doc = prfaq_doc::parse(&text);
        let found = check(&doc, &Config::only(&["PR102"]));
        let finding = found
            .iter()
            .find(|d| d.code == "PR102")
            .unwrap_or_else(|| panic!("PR102 on {headline:?}: {}", doc.outline()));
        assert_eq!(&text[finding.span.clone()], headline, "{}", doc.outline());
    }
}
