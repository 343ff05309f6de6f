//! Every rule against its fixtures: `fixtures/<CODE>/hit.md` must raise the rule at
//! least once and `fixtures/<CODE>/ok.md` (the near-misses) never. A pattern of its own
//! gets its own pair beside them, `hit-<pattern>.md` and `ok-<pattern>.md`, held to the
//! same. The rendered findings of each are pinned as snapshots, which a reviewer reads
//! as the rule's spec.
//!
//! Each rule is a module of two tests, `<CODE>::hits_its_fixture` and
//! `<CODE>::spares_its_near_misses`, so one rule runs alone:
//! `cargo nextest run -p prfaq_lint -E 'test(PL205)'`.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use prfaq_lint::render::{FileReport, human};
use prfaq_lint::{Config, RULES, check};

/// One module of tests per code, and `LISTED`, the codes of the fixture folders.
macro_rules! rule_fixtures {
    ($($code:ident)*) => {
        const LISTED: &[&str] = &[$(stringify!($code)),*];
        $(
            #[allow(non_snake_case)]
            mod $code {
                #[test]
                fn hits_its_fixture() {
                    crate::hits_its_fixture(stringify!($code));
                }

                #[test]
                fn spares_its_near_misses() {
                    crate::spares_its_near_misses(stringify!($code));
                }
            }
        )*
    };
}

// `rule_fixtures! { PR101 PR102 … }`, one code per folder of `tests/fixtures`, written
// by the build script.
include!(concat!(env!("OUT_DIR"), "/rule_fixtures.rs"));

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// The findings of rule `code` alone on its fixture `file`: how many, and as rendered.
fn run(code: &str, file: &str) -> (usize, String) {
    let path = fixtures().join(code).join(file);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{code} needs the fixture {}: {e}", path.display()));
    let doc = prfaq_doc::parse(&text);
    let mut config = Config::only(&[code]);
    if code.starts_with("EV") {
        // The evidence rules read what a workspace links; a fixture stands for a
        // workspace document with nothing linked yet.
        config.evidence = Some(prfaq_lint::Evidence::default());
    }
    // The rules on events read the events known for the document; a fixture folder's
    // `events.txt` (one event name a line) stands for the events imported for it.
    if let Ok(list) = std::fs::read_to_string(fixtures().join(code).join("events.txt")) {
        let mut names: Vec<String> = list
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect();
        names.sort();
        names.dedup();
        config.events = Some(prfaq_lint::Events { names });
    }
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

/// The fixtures of rule `code` of one kind (`hit` or `ok`): `<kind>.md` first, then each
/// `<kind>-<pattern>.md` by name, each with the snapshot name it is pinned under.
fn fixture_files(code: &str, kind: &str) -> Vec<(String, String)> {
    let mut patterns: Vec<String> = names(&fixtures().join(code))
        .filter(|n| {
            n.strip_prefix(kind)
                .and_then(|rest| rest.strip_prefix('-'))
                .is_some_and(|rest| rest.ends_with(".md"))
        })
        .collect();
    patterns.sort();
    std::iter::once(format!("{kind}.md"))
        .chain(patterns)
        .map(|file| {
            let stem = file.strip_suffix(".md").expect("a Markdown fixture");
            let snapshot = format!("{code}_{stem}");
            (file, snapshot)
        })
        .collect()
}

fn hits_its_fixture(code: &str) {
    for (file, snapshot) in fixture_files(code, "hit") {
        let (hits, hit_out) = run(code, &file);
        assert!(hits > 0, "{code}: no finding on {file}:\n{hit_out}");
        insta::assert_snapshot!(snapshot, hit_out);
    }
}

fn spares_its_near_misses(code: &str) {
    for (file, snapshot) in fixture_files(code, "ok") {
        let (misses, ok_out) = run(code, &file);
        assert_eq!(
            misses, 0,
            "{code}: {misses} finding(s) on {file}:\n{ok_out}"
        );
        insta::assert_snapshot!(snapshot, ok_out);
    }
}

/// The registry, the fixture folders (each made two tests above) and the snapshots name
/// the same rules: a new rule without tests, or tests without a rule, fails here by name.
#[test]
fn every_rule_has_fixture_tests_and_every_fixture_a_rule() {
    let listed: BTreeSet<&str> = LISTED.iter().copied().collect();
    let registry: BTreeSet<&str> = RULES.iter().map(|r| r.code).collect();
    let folders: BTreeSet<String> = names(&fixtures()).collect();
    let folders: BTreeSet<&str> = folders.iter().map(String::as_str).collect();
    let snapshots = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots");
    let snapshot_names: Vec<String> = names(&snapshots).collect();
    let snapshotted: BTreeSet<&str> = snapshot_names
        .iter()
        .filter_map(|n| n.strip_prefix("rules__"))
        .filter_map(|n| {
            let (code, rest) = n.split_once('_')?;
            let kind = rest.strip_suffix(".snap")?;
            let kind = kind.split_once('-').map_or(kind, |(kind, _)| kind);
            matches!(kind, "hit" | "ok").then_some(code)
        })
        .collect();
    let mut problems = Vec::new();
    let mut missing = |what: &str, from: &BTreeSet<&str>, to: &BTreeSet<&str>| {
        for code in from.difference(to) {
            problems.push(format!("{code}: {what}"));
        }
    };
    missing("no folder in tests/fixtures", &registry, &folders);
    missing(
        "a folder in tests/fixtures, but no rule",
        &folders,
        &registry,
    );
    assert_eq!(
        listed, folders,
        "the build script found every fixture folder"
    );
    missing(
        "a snapshot in tests/snapshots, but no rule",
        &snapshotted,
        &registry,
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The names of the entries of a folder.
fn names(folder: &Path) -> impl Iterator<Item = String> {
    std::fs::read_dir(folder)
        .unwrap_or_else(|e| panic!("{}: {e}", folder.display()))
        .map(|entry| {
            entry
                .expect("a folder entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
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

/// PL210 finds every bracketed guidance line that `prfaq new` writes while it is left in:
/// each bracket of the unfilled template, front matter included, is inside a finding.
#[test]
fn placeholder_finds_every_bracket_of_the_template() {
    for (format, text) in [
        (
            "full",
            prfaq_doc::template::full("Quick Reorder", &Default::default()),
        ),
        (
            "vision",
            prfaq_doc::template::vision("Quick Reorder", &Default::default()),
        ),
    ] {
        let doc = prfaq_doc::parse(&text);
        let found = check(&doc, &Config::only(&["PL210"]));
        // The front matter's brackets (`owner: [Your name]`) count too.
        let mut missed = Vec::new();
        let mut from = 0;
        while let Some(at) = text[from..].find('[') {
            let start = from + at;
            let Some(len) = text[start..].find(']') else {
                break;
            };
            let end = start + len + 1;
            if !found
                .iter()
                .any(|d| d.span.start <= start + 1 && end - 1 <= d.span.end)
            {
                missed.push(text[start..end].to_string());
            }
            from = end;
        }
        assert!(
            missed.is_empty(),
            "PL210 missed in the {format} template:\n{}",
            missed.join("\n")
        );
    }
}
