//! The checker on PR/FAQs in other languages (the parser's fixtures in
//! `prfaq_doc/tests/fixtures/languages/`): the rules that read English words stay
//! silent, the structural ones still run, and every output says once which language
//! the document is in and that the English rules did not run.

use prfaq_lint::render::{self, FileFindings, FileReport};
use prfaq_lint::{Config, RULES, check, english};

fn fixtures() -> Vec<(String, String)> {
    let dir = format!(
        "{}/../prfaq_doc/tests/fixtures/languages",
        env!("CARGO_MANIFEST_DIR")
    );
    let mut out: Vec<(String, String)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{dir}: {e}"))
        .map(|entry| entry.expect("a folder entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "md"))
        .map(|path| {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read_to_string(&path).expect("a fixture"))
        })
        .collect();
    out.sort();
    assert!(out.len() >= 15, "the fixtures of eight languages");
    out
}

#[test]
fn english_rules_are_silent_on_other_languages_and_structure_is_checked() {
    let config = Config::default();
    for (name, text) in fixtures() {
        let doc = prfaq_doc::parse(&text);
        let found = check(&doc, &config);
        let english = !name.starts_with("en-");
        for d in &found {
            let rule = RULES.iter().find(|r| r.code == d.code).unwrap();
            assert!(
                !english || !english::reads_english(rule),
                "{name}: {} ({}) reads English words",
                d.code,
                d.message
            );
        }
        // Each fixture leaves out at least one part: the structural rules notice it.
        assert!(
            found
                .iter()
                .any(|d| d.code.starts_with("PR1") || d.code == "MT401"),
            "{name}: no structural finding"
        );
    }
}

#[test]
fn the_output_says_once_that_english_rules_did_not_run() {
    let config = Config::default();
    for (name, text) in fixtures() {
        let doc = prfaq_doc::parse(&text);
        let found = check(&doc, &config);
        let report = FileReport {
            path: &name,
            doc: &doc,
            diagnostics: &found,
        };
        let human = render::human(&report, false);
        let file = FileFindings::checked(&report);
        if name.starts_with("en-") {
            assert_eq!(file.note, None, "{name}");
            assert_eq!(file.language, None, "{name}");
            assert!(!human.contains("note: written in"), "{name}");
            continue;
        }
        let code = &name[..2];
        assert_eq!(file.language.as_deref(), Some(code), "{name}");
        let note = file.note.clone().expect("a note");
        assert!(note.contains("were not run"), "{name}: {note}");
        assert_eq!(human.matches("note: written in").count(), 1, "{name}");
        assert!(human.starts_with("note: written in"), "{name}");
        let json = render::json_of(std::slice::from_ref(&file));
        assert!(
            json.contains(&format!("\"language\": \"{code}\"")),
            "{json}"
        );
        assert!(json.contains("\"note\": \"written in"), "{json}");
        let sarif = render::sarif_of(std::slice::from_ref(&file), "0");
        assert_eq!(sarif.matches("\"level\": \"note\"").count(), 1, "{sarif}");
        assert!(sarif.contains("\"executionSuccessful\": true"), "{sarif}");
        let github = render::github_of(std::slice::from_ref(&file));
        assert_eq!(github.matches("::notice ").count(), 1, "{github}");
    }
}

#[test]
fn english_rules_run_again_when_the_front_matter_says_english() {
    let (_, text) = fixtures()
        .into_iter()
        .find(|(name, _)| name == "de-classic.md")
        .unwrap();
    let english = text.replacen("lang: de", "lang: en", 1);
    assert_ne!(english, text);
    let config = Config::default();
    let doc = prfaq_doc::parse(&english);
    assert!(doc.language().is_english());
    // Read as English, the German text is full of words the English lists do not know:
    // the topics of its FAQ are not found, for one.
    let found = check(&doc, &config);
    assert!(found.iter().any(|d| d.code == "FQ311"), "{found:?}");
}

#[test]
fn scope_items_in_japanese_are_matched_to_the_release_and_the_metrics() {
    let text = "\
# ひとくち予約、パン屋の取り置きを一分で

東京、2026年6月26日 — ひとくち予約は本日、パンの取り置きとキャンセルができるアプリを発表しました。

## 対象範囲

- パンの取り置き
- 配達状況の追跡

## 指標

| 指標 | 現在 | 目標 | 期限 | 担当 |
| --- | --- | --- | --- | --- |
| 取り置きの受け取り率 | 60% | 90% | 2026年12月 | 山田 |
";
    let doc = prfaq_doc::parse(text);
    let found = check(&doc, &Config::default());
    let on = |code: &str| -> Vec<String> {
        found
            .iter()
            .filter(|d| d.code == code)
            .map(|d| d.message.clone())
            .collect()
    };
    assert_eq!(
        on("SC601"),
        ["`配達状況の追跡` delivers nothing the press release promises"]
    );
    assert_eq!(on("SC602"), ["`配達状況の追跡` is tied to no metric"]);
}
