//! What the common commands print, pinned whole: the real binary runs in a temporary
//! folder holding a copy of an example document, so every path it prints is relative.
//! Each snapshot holds the exit code, standard output and standard error; the version
//! is shown as `[VERSION]`, so a release does not change them.
//!
//! A change in wording shows up here as a diff to review; `INSTA_UPDATE=always` (or
//! `cargo insta review`) accepts it.

// Not every helper is needed here.
#[allow(dead_code)]
mod support;

use std::path::Path;
use std::process::Output;

use support::{folder_with, prfaq, stderr, stdout};

/// The example with findings of most kinds.
const DRAFT: &str = "quick-reorder-draft.md";
/// The example that passes every rule.
const CLEAN: &str = "quick-reorder.md";

/// A folder holding a copy of the example document `name`.
fn with_example(name: &str) -> tempfile::TempDir {
    let path = support::example(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    folder_with(&[(name, &text)])
}

/// The exit code and both streams of a run, made stable: the folder it ran in reads
/// `[TEMP]` and the version `[VERSION]`.
fn transcript(dir: &Path, out: &Output) -> String {
    let code = out
        .status
        .code()
        .map_or_else(|| "none (killed by a signal)".to_owned(), |c| c.to_string());
    let text = format!(
        "exit code: {code}\n----- stdout -----\n{}----- stderr -----\n{}",
        stdout(out),
        stderr(out)
    );
    let version = env!("CARGO_PKG_VERSION");
    text.replace(&dir.display().to_string(), "[TEMP]")
        .replace(
            &format!("\"version\": \"{version}\""),
            "\"version\": \"[VERSION]\"",
        )
        .replace(&format!("prfaq {version}"), "prfaq [VERSION]")
}

/// `prfaq <args>` run in a folder holding the example `name`.
fn on_example(name: &str, args: &[&str]) -> String {
    let dir = with_example(name);
    let out = prfaq(dir.path(), args);
    transcript(dir.path(), &out)
}

#[test]
fn check_human() {
    insta::assert_snapshot!(on_example(DRAFT, &["check", DRAFT]));
}

#[test]
fn check_human_clean() {
    insta::assert_snapshot!(on_example(CLEAN, &["check", CLEAN]));
}

/// One test per format of `prfaq check` on the draft, named `check_<format>`.
macro_rules! check_formats {
    ($($test:ident => $format:literal),* $(,)?) => {$(
        #[test]
        fn $test() {
            insta::assert_snapshot!(on_example(DRAFT, &["check", DRAFT, "--format", $format]));
        }
    )*};
}

check_formats! {
    check_concise => "concise",
    check_json => "json",
    check_sarif => "sarif",
    check_github => "github",
}

#[test]
fn rules() {
    let dir = folder_with(&[]);
    insta::assert_snapshot!(transcript(dir.path(), &prfaq(dir.path(), &["rules"])));
}

#[test]
fn explain_pr113() {
    let dir = folder_with(&[]);
    let out = prfaq(dir.path(), &["explain", "PR113"]);
    insta::assert_snapshot!(transcript(dir.path(), &out));
}

#[test]
fn stats() {
    insta::assert_snapshot!(on_example(CLEAN, &["stats", CLEAN]));
}

/// `prfaq new` in an empty folder: what it says, and the one file it writes.
#[test]
fn new_quick_reorder() {
    let dir = folder_with(&[]);
    let out = prfaq(dir.path(), &["new", "Quick Reorder"]);
    let mut shown = transcript(dir.path(), &out);
    let mut written: Vec<_> = std::fs::read_dir(dir.path())
        .expect("the folder")
        .map(|entry| entry.expect("an entry").file_name())
        .collect();
    written.sort();
    for name in written {
        let text = std::fs::read_to_string(dir.path().join(&name)).expect("the file written");
        shown += &format!("----- {} -----\n{text}", name.to_string_lossy());
    }
    insta::assert_snapshot!(shown);
}
