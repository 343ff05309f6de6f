//! The command line on a PR/FAQ in Japanese: the structure is checked, the rules that
//! read English words are not, and every output says so once.

#[allow(dead_code)]
mod support;

use serde_json::Value;
use support::{assert_contains, folder_with, prfaq, stdout};

fn japanese() -> String {
    let path = format!(
        "{}/../prfaq_doc/tests/fixtures/languages/ja-classic.md",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn a_japanese_document_is_checked_for_its_structure_and_the_output_says_so() {
    let dir = folder_with(&[("doc.md", &japanese())]);
    let human = stdout(&prfaq(dir.path(), &["check", "doc.md"]));
    assert_eq!(
        human.matches("note: written in Japanese").count(),
        1,
        "{human}"
    );
    assert_contains(&human, &["PR106", "MT401"]);

    let out = prfaq(dir.path(), &["check", "doc.md", "--format", "json"]);
    let value: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let file = &value["files"][0];
    assert_eq!(file["language"], "ja");
    assert!(file["note"].as_str().unwrap().contains("were not run"));
    let codes: Vec<&str> = file["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert!(codes.contains(&"PR106"), "{codes:?}");
    assert!(
        !codes.iter().any(|c| c.starts_with("PL2") && *c != "PL210"),
        "{codes:?}"
    );

    let stats = stdout(&prfaq(dir.path(), &["stats", "doc.md"]));
    assert_contains(&stats, &["language: Japanese (ja, from the front matter)"]);
}

#[test]
fn the_front_matter_can_say_a_document_is_english() {
    let text = japanese().replacen("lang: ja", "lang: en", 1);
    let dir = folder_with(&[("doc.md", &text)]);
    let out = prfaq(dir.path(), &["check", "doc.md", "--format", "json"]);
    let value: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let file = &value["files"][0];
    assert!(file.get("language").is_none(), "{file}");
    assert!(file.get("note").is_none(), "{file}");
}
