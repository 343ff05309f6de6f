//! Real PR/FAQs written by other people: every one parses, every position the parser
//! reports lies inside the file, the parts found match what a careful reader found
//! (`MANIFEST.tsv`), and the outline is pinned as a snapshot reviewed by eye.
//!
//! The documents are read from `../shared/corpus` beside the repository; none of their
//! text is copied into the project.

use std::collections::BTreeSet;
use std::path::PathBuf;

fn corpus_dir() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus");
    if dir.join("MANIFEST.tsv").is_file() {
        return Some(dir);
    }
    let message = format!("the corpus is missing at {}", dir.display());
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("{message}");
    }
    eprintln!("NOTE: {message}; corpus tests did not run");
    None
}

struct Entry {
    file: String,
    parts: BTreeSet<String>,
}

fn manifest(dir: &std::path::Path) -> Vec<Entry> {
    let text = std::fs::read_to_string(dir.join("MANIFEST.tsv")).expect("MANIFEST.tsv is readable");
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().expect("a header").split('\t').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).expect(name);
    let (file, parts) = (col("file"), col("parts"));
    lines
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let cells: Vec<&str> = l.split('\t').collect();
            Entry {
                file: cells[file].to_owned(),
                parts: cells[parts].split_whitespace().map(str::to_owned).collect(),
            }
        })
        .collect()
}

/// Documents where the parser and the manifest's reader disagree, with the reason.
/// Each is a known limit of reading free-form prose without a language model; the
/// test fails if one starts to agree (so the list only shrinks) or a new one appears.
/// None is known today: a document that disagrees is listed here as
/// `("file.md", "+part" or "part", "why")`.
const KNOWN: &[(&str, &str, &str)] = &[];

#[test]
fn corpus_parts_match_the_manifest() {
    let Some(dir) = corpus_dir() else { return };
    let entries = manifest(&dir);
    assert!(
        entries.len() >= 20,
        "the manifest lists {} documents",
        entries.len()
    );
    let mut failures = Vec::new();
    let mut agreed = 0;
    for entry in &entries {
        let text = std::fs::read_to_string(dir.join(&entry.file)).expect("corpus file is UTF-8");
        let doc = prfaq_doc::parse(&text);
        let found: BTreeSet<String> = doc.part_names().into_iter().map(str::to_owned).collect();
        let mut diffs: Vec<String> = entry
            .parts
            .difference(&found)
            .cloned()
            .chain(found.difference(&entry.parts).map(|p| format!("+{p}")))
            .collect();
        diffs.sort();
        let known: Vec<String> = KNOWN
            .iter()
            .filter(|(f, _, _)| *f == entry.file)
            .map(|(_, d, _)| (*d).to_owned())
            .collect();
        if diffs.is_empty() {
            agreed += 1;
        }
        if diffs != known {
            failures.push(format!(
                "{}: differs from the manifest by {diffs:?}, expected {known:?}",
                entry.file
            ));
        }
    }
    eprintln!(
        "corpus: {agreed} of {} documents match the manifest exactly",
        entries.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn corpus_outlines_are_pinned_and_positions_stay_in_the_file() {
    let Some(dir) = corpus_dir() else { return };
    for entry in manifest(&dir) {
        let text = std::fs::read_to_string(dir.join(&entry.file)).expect("corpus file is UTF-8");
        let doc = prfaq_doc::parse(&text);
        for block in &doc.blocks {
            assert!(
                block.span.end <= text.len(),
                "{}: block span past the end",
                entry.file
            );
            let prose = block.prose.source_span();
            assert!(
                prose.end <= text.len(),
                "{}: prose span past the end",
                entry.file
            );
        }
        for part in &doc.parts {
            let span = part.prose.source_span();
            assert!(
                span.start <= span.end && span.end <= text.len(),
                "{}: part span",
                entry.file
            );
        }
        let name = entry.file.trim_end_matches(".md").to_owned();
        insta::assert_snapshot!(name, doc.outline_structure());
    }
}
