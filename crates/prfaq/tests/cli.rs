//! The command line as a process: real binary, real files in a temporary folder.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn prfaq(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_prfaq"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("prfaq runs")
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn example() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/quick-reorder.md")
}

fn temp() -> tempfile::TempDir {
    tempfile::tempdir().expect("a temporary folder")
}

#[test]
fn the_example_is_clean() {
    let dir = temp();
    let out = prfaq(dir.path(), &["check", example().to_str().unwrap()]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
    assert!(
        stdout(&out).contains("1 file checked: 0 errors"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn findings_print_like_a_compiler_and_exit_1() {
    let dir = temp();
    std::fs::write(
        dir.path().join("doc.md"),
        "# Thing\n\nThe product will leverage synergy.\n",
    )
    .unwrap();
    let out = prfaq(dir.path(), &["check", "doc.md"]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(text.contains("doc.md:3:"), "{text}");
    assert!(text.contains("PR103"), "{text}");
    assert!(text.contains("help:"), "{text}");
    assert!(text.contains("^"), "{text}");
}

#[test]
fn json_has_the_documented_shape() {
    let dir = temp();
    std::fs::write(dir.path().join("doc.md"), "# Thing\n\nIt will ship.\n").unwrap();
    let out = prfaq(dir.path(), &["check", "doc.md", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let value: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    let file = &value["files"][0];
    assert_eq!(file["path"], "doc.md");
    let d = file["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "PR113")
        .expect("PR113 reported");
    assert_eq!(d["name"], "future-tense");
    assert_eq!(d["severity"], "warning");
    assert_eq!(d["line"], 3);
    assert_eq!(d["column"], 4);
    assert_eq!(d["end_line"], 3);
    assert_eq!(d["end_column"], 8);
    assert!(d["message"].as_str().unwrap().contains("`will`"));
}

#[test]
fn sarif_and_github_formats() {
    let dir = temp();
    std::fs::write(dir.path().join("doc.md"), "# Thing\n\nIt will ship.\n").unwrap();
    let out = prfaq(dir.path(), &["check", "doc.md", "--format", "sarif"]);
    let sarif: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid SARIF JSON");
    assert_eq!(sarif["version"], "2.1.0");
    let run = &sarif["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "prfaq");
    assert!(run["tool"]["driver"]["rules"].as_array().unwrap().len() >= 40);
    let result = run["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["ruleId"] == "PR113")
        .expect("PR113 in SARIF");
    let region = &result["locations"][0]["physicalLocation"]["region"];
    assert_eq!(region["startLine"], 3);
    let out = prfaq(dir.path(), &["check", "doc.md", "--format", "github"]);
    let text = stdout(&out);
    assert!(
        text.lines()
            .any(|l| l.starts_with("::warning file=doc.md,line=3,col=4,") && l.contains("PR113")),
        "{text}"
    );
}

#[test]
fn bad_files_are_reported_and_the_run_goes_on() {
    let dir = temp();
    std::fs::write(dir.path().join("good.md"), "# Thing\n\nIt will ship.\n").unwrap();
    std::fs::write(dir.path().join("binary.md"), b"abc\0def").unwrap();
    std::fs::write(dir.path().join("latin1.md"), b"caf\xe9\n").unwrap();
    std::fs::write(dir.path().join("empty.md"), b"  \n").unwrap();
    std::fs::write(
        dir.path().join("prfaq.toml"),
        "[thresholds]\nmax-file-bytes = 100\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("big.md"), "word ".repeat(100)).unwrap();
    let out = prfaq(dir.path(), &["check", "."]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("binary.md: the file looks binary: NUL byte at line 1, column 4"),
        "{err}"
    );
    assert!(
        err.contains("latin1.md: the file is not UTF-8 text: invalid byte at line 1, column 4"),
        "{err}"
    );
    assert!(err.contains("empty.md: the file is empty"), "{err}");
    assert!(
        err.contains("big.md: the file is 500 bytes, over the limit of 100 bytes"),
        "{err}"
    );
    // The good file was still checked.
    assert!(stdout(&out).contains("good.md:3:"), "{}", stdout(&out));
    let out = prfaq(dir.path(), &["check", "missing.md"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("missing.md: no such file or folder"));
}

#[test]
fn configuration_is_found_walking_up_and_errors_name_the_key() {
    let dir = temp();
    let sub = dir.path().join("docs/deep");
    std::fs::create_dir_all(&sub).unwrap();
    std::fs::write(sub.join("doc.md"), "# Thing\n\nIt will ship.\n").unwrap();
    std::fs::write(
        dir.path().join("prfaq.toml"),
        "[rules]\nselect = [\"PR113\"]\n",
    )
    .unwrap();
    let out = prfaq(dir.path(), &["check", "docs", "--format", "json"]);
    let value: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let codes: Vec<&str> = value["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, vec!["PR113"]);
    // PR113 is a warning, so the run is clean.
    assert_eq!(out.status.code(), Some(0));
    std::fs::write(
        dir.path().join("prfaq.toml"),
        "[thresholds]\nsentence-wrods = 3\n",
    )
    .unwrap();
    let out = prfaq(dir.path(), &["check", "docs"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("prfaq.toml") && err.contains("sentence-wrods") && err.contains("line 2"),
        "{err}"
    );
}

#[test]
fn inline_directives_silence_findings() {
    let dir = temp();
    std::fs::write(
        dir.path().join("doc.md"),
        "<!-- prfaq-ignore-file PR101 PR103 -->\n\n# Thing\n\n<!-- prfaq-ignore PR113 -->\nIt will ship.\n\nIt will ship.\n",
    )
    .unwrap();
    let out = prfaq(dir.path(), &["check", "doc.md", "--format", "concise"]);
    let text = stdout(&out);
    assert!(!text.contains("PR101") && !text.contains("PR103"), "{text}");
    assert_eq!(text.matches("PR113").count(), 1, "{text}");
    assert!(text.contains("doc.md:8:"), "{text}");
}

#[test]
fn new_writes_the_layout_and_refuses_to_overwrite() {
    let dir = temp();
    let out = prfaq(dir.path(), &["new", "Quick Reorder"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = std::fs::read_to_string(dir.path().join("quick-reorder.md")).unwrap();
    for part in [
        "# Quick Reorder",
        "## Problem",
        "## Customer FAQ",
        "## Internal FAQ",
        "# User journey",
        "# Metrics",
        "# Scope",
    ] {
        assert!(text.contains(part), "{part} missing");
    }
    // The skeleton parses into every part, and the checker points at what is left to write.
    let out = prfaq(
        dir.path(),
        &["check", "quick-reorder.md", "--format", "json"],
    );
    let value: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let diagnostics = value["files"][0]["diagnostics"].as_array().unwrap();
    assert!(diagnostics.iter().any(|d| d["code"] == "PL210"));
    assert!(
        !diagnostics
            .iter()
            .any(|d| d["code"].as_str().unwrap().starts_with("PR10")),
        "{diagnostics:?}"
    );
    let out = prfaq(dir.path(), &["new", "Quick Reorder"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("already exists"));
    let out = prfaq(dir.path(), &["new", "Vision Thing", "--format", "vision"]);
    assert_eq!(out.status.code(), Some(0));
    let text = std::fs::read_to_string(dir.path().join("vision-thing.md")).unwrap();
    assert!(text.contains("format: vision"));
}

#[test]
fn interview_drafts_from_answers_on_stdin() {
    let dir = temp();
    let mut child = Command::new(env!("CARGO_BIN_EXE_prfaq"))
        .args(["new", "Split a Bill", "--interview"])
        .current_dir(dir.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(
            b"friends who eat out together\nsplitting the check takes ten minutes of sums\npay your share in one tap\n40 interviews with diners\nsnap the receipt, tap names, send\n",
        )
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = std::fs::read_to_string(dir.path().join("split-a-bill.md")).unwrap();
    assert!(
        text.contains("# Split a Bill: pay your share in one tap"),
        "{text}"
    );
    assert!(
        text.contains("splitting the check takes ten minutes of sums."),
        "{text}"
    );
    assert!(text.contains("40 interviews with diners."), "{text}");
    assert!(
        text.contains("snap the receipt, tap names, send."),
        "{text}"
    );
    assert!(
        text.contains("customer: friends who eat out together"),
        "{text}"
    );
}

#[test]
fn rules_explain_and_stats() {
    let dir = temp();
    let out = prfaq(dir.path(), &["rules"]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    assert!(text.lines().count() >= 48, "{text}");
    assert!(text.contains("PR113  future-tense"), "{text}");
    let out = prfaq(dir.path(), &["explain", "PR113"]);
    let text = stdout(&out);
    assert!(
        text.starts_with("PR113 future-tense (warning, press release)"),
        "{text}"
    );
    assert!(
        text.contains("## Why is this bad?") && text.contains("## Use instead"),
        "{text}"
    );
    let out = prfaq(dir.path(), &["explain", "future-tense"]);
    assert_eq!(out.status.code(), Some(0));
    let out = prfaq(dir.path(), &["explain", "XX999"]);
    assert_eq!(out.status.code(), Some(2));
    let out = prfaq(dir.path(), &["stats", example().to_str().unwrap()]);
    let text = stdout(&out);
    assert!(
        text.contains("headline") && text.contains("line    9"),
        "{text}"
    );
    assert!(text.contains("grade"), "{text}");
    let out = prfaq(dir.path(), &["check", "--format", "nope"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn every_corpus_document_checks_without_an_internal_error() {
    let corpus = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus");
    if !corpus.join("MANIFEST.tsv").is_file() {
        assert!(
            std::env::var("CI").map_or(true, |v| v != "true"),
            "the corpus is missing in CI"
        );
        eprintln!("NOTE: the corpus is missing; this test did not run");
        return;
    }
    let dir = temp();
    let out = prfaq(
        dir.path(),
        &["check", corpus.to_str().unwrap(), "--format", "json"],
    );
    assert!(matches!(out.status.code(), Some(0 | 1)), "{}", stderr(&out));
    let value: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let files = value["files"].as_array().unwrap();
    assert!(files.len() >= 25);
    assert!(files.iter().all(|f| f["error"].is_null()));
}
