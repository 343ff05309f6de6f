//! The command line as a process: real binary, real files in a temporary folder.

#[allow(dead_code)]
mod support;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;
use support::{
    assert_contains, assert_exit, command, folder_with, prfaq, stderr, stdout, wait_or_kill, write,
};

/// A document with one future-tense sentence: PR113 on line 3, column 4.
const WILL_SHIP: &str = "# Thing\n\nIt will ship.\n";

/// A configuration that turns on PR113 alone.
const ONLY_PR113: &str = "[rules]\nselect = [\"PR113\"]\n";

fn example() -> PathBuf {
    support::example("quick-reorder.md")
}

fn temp() -> tempfile::TempDir {
    folder_with(&[])
}

/// The run's standard output as JSON.
#[track_caller]
fn json(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}{}", stdout(out), stderr(out)))
}

/// The codes reported for the first file of a JSON report.
fn codes(report: &Value) -> Vec<&str> {
    report["files"][0]["diagnostics"]
        .as_array()
        .unwrap_or_else(|| panic!("diagnostics in {report}"))
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect()
}

#[test]
fn the_example_is_clean() {
    let dir = temp();
    let out = prfaq(dir.path(), &["check", example().to_str().unwrap()]);
    assert_exit(&out, 0);
    assert_contains(&stdout(&out), &["1 file checked: 0 errors"]);
}

#[test]
fn findings_print_like_a_compiler_and_exit_1() {
    let dir = folder_with(&[("doc.md", "# Thing\n\nThe product will leverage synergy.\n")]);
    let out = prfaq(dir.path(), &["check", "doc.md"]);
    assert_exit(&out, 1);
    let text = stdout(&out);
    // What the document lacks comes in one block, with no snippet; the words found are
    // shown where they are, a rule's repeats gathered under its first.
    assert_contains(
        &text,
        &[
            "what is missing from doc.md:",
            "error[PR103]",
            "doc.md:3:13",
            "also on line 3 (`synergy`)",
            "help:",
        ],
    );
    assert!(!text.contains("--> doc.md:1:1"), "{text}");
    let errors = text.find("error[PR103]").expect("PR103");
    let warnings = text.find("warning[PR113]").expect("PR113");
    assert!(errors < warnings, "errors come first:\n{text}");

    // --verbose shows every finding with its snippet, in file order.
    let out = prfaq(dir.path(), &["check", "doc.md", "--verbose"]);
    assert_exit(&out, 1);
    let text = stdout(&out);
    assert_contains(
        &text,
        &["--> doc.md:1:1", "^^^^^^^ missing-faq", "`synergy`"],
    );
    assert!(!text.contains("what is missing"), "{text}");
}

#[test]
fn json_has_the_documented_shape() {
    let dir = folder_with(&[("doc.md", WILL_SHIP)]);
    let out = prfaq(dir.path(), &["check", "doc.md", "--format", "json"]);
    assert_exit(&out, 1);
    let value = json(&out);
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
    let dir = folder_with(&[("doc.md", WILL_SHIP)]);
    let out = prfaq(dir.path(), &["check", "doc.md", "--format", "sarif"]);
    let sarif = json(&out);
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
    let dir = folder_with(&[
        ("good.md", WILL_SHIP),
        ("empty.md", "  \n"),
        ("prfaq.toml", "[thresholds]\nmax-file-bytes = 100\n"),
    ]);
    write(dir.path(), "binary.md", b"abc\0def");
    write(dir.path(), "latin1.md", b"caf\xe9\n");
    write(dir.path(), "big.md", "word ".repeat(100));
    let out = prfaq(dir.path(), &["check", "."]);
    assert_exit(&out, 2);
    assert_contains(
        &stderr(&out),
        &[
            "binary.md: the file looks binary: NUL byte at line 1, column 4",
            "latin1.md: the file is not UTF-8 text: invalid byte at line 1, column 4",
            "empty.md: the file is empty",
            "big.md: the file is 500 bytes, over the limit of 100 bytes",
        ],
    );
    // The good file was still checked.
    assert_contains(&stdout(&out), &["good.md:3:"]);
    let out = prfaq(dir.path(), &["check", "missing.md"]);
    assert_exit(&out, 2);
    assert!(stderr(&out).contains("missing.md: no such file or folder"));
}

#[test]
fn configuration_is_found_walking_up_and_errors_name_the_key() {
    let dir = folder_with(&[("docs/deep/doc.md", WILL_SHIP), ("prfaq.toml", ONLY_PR113)]);
    let out = prfaq(dir.path(), &["check", "docs", "--format", "json"]);
    assert_eq!(codes(&json(&out)), vec!["PR113"]);
    // PR113 is a warning, so the run is clean.
    assert_exit(&out, 0);
    write(
        dir.path(),
        "prfaq.toml",
        "[thresholds]\nsentence-wrods = 3\n",
    );
    let out = prfaq(dir.path(), &["check", "docs"]);
    assert_exit(&out, 2);
    let err = stderr(&out);
    assert!(
        err.contains("prfaq.toml") && err.contains("sentence-wrods") && err.contains("line 2"),
        "{err}"
    );
}

#[test]
fn inline_directives_silence_findings() {
    let dir = folder_with(&[(
        "doc.md",
        "<!-- prfaq-ignore-file PR101 PR103 -->\n\n# Thing\n\n<!-- prfaq-ignore PR113 -->\nIt will ship.\n\nIt will ship.\n",
    )]);
    let out = prfaq(dir.path(), &["check", "doc.md", "--format", "concise"]);
    let text = stdout(&out);
    assert!(!text.contains("PR101") && !text.contains("PR103"), "{text}");
    assert_eq!(text.matches("PR113").count(), 1, "{text}");
    assert_contains(&text, &["doc.md:8:"]);
}

#[test]
fn new_writes_the_layout_and_refuses_to_overwrite() {
    let dir = temp();
    let out = prfaq(dir.path(), &["new", "Quick Reorder"]);
    assert_exit(&out, 0);
    let text = std::fs::read_to_string(dir.path().join("quick-reorder.md")).unwrap();
    assert_contains(
        &text,
        &[
            "# Quick Reorder",
            "## Problem",
            "## Customer FAQ",
            "## Internal FAQ",
            "# User journey",
            "# Metrics",
            "# Scope",
        ],
    );
    // The skeleton parses into every part, and the checker points at what is left to write.
    let out = prfaq(
        dir.path(),
        &["check", "quick-reorder.md", "--format", "json"],
    );
    let report = json(&out);
    let found = codes(&report);
    assert!(found.contains(&"PL210"), "{found:?}");
    assert!(!found.iter().any(|c| c.starts_with("PR10")), "{found:?}");
    let out = prfaq(dir.path(), &["new", "Quick Reorder"]);
    assert_exit(&out, 2);
    assert!(stderr(&out).contains("already exists"));
    let out = prfaq(dir.path(), &["new", "Vision Thing", "--format", "vision"]);
    assert_exit(&out, 0);
    let text = std::fs::read_to_string(dir.path().join("vision-thing.md")).unwrap();
    assert!(text.contains("format: vision"));
}

#[test]
fn interview_drafts_from_answers_on_stdin() {
    let (out, dir) = interview(
        &["Split a Bill"],
        "new product\nfriends who eat out together\nsplitting the check takes ten minutes of sums\npay their share in one tap\n40 interviews with diners\nsnap the receipt, tap names, send\n",
    );
    assert_exit(&out, 0);
    // Every question is shown, one a line, even to a script.
    assert_contains(
        &stderr(&out),
        &[
            "What kind of initiative is this?",
            "write the full PR/FAQ",
            "Who is the customer?",
            "What does the customer experience look like?",
        ],
    );
    let text = std::fs::read_to_string(dir.path().join("split-a-bill.md")).unwrap();
    assert_contains(
        &text,
        &[
            "# Split a Bill: pay their share in one tap",
            "*For friends who eat out together, Split a Bill lets them pay their share in one tap.*",
            "Splitting the check takes ten minutes of sums.",
            "Split a Bill lets friends who eat out together pay their share in one tap.",
            "40 interviews with diners.",
            "Snap the receipt, tap names, send.",
            "customer: friends who eat out together",
        ],
    );
}

/// `prfaq new --interview` with `answers` on standard input: its output and the folder.
fn interview(args: &[&str], answers: &str) -> (std::process::Output, tempfile::TempDir) {
    let dir = temp();
    let mut full = vec!["new"];
    full.extend_from_slice(args);
    full.push("--interview");
    let mut child = command(dir.path(), &full)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(answers.as_bytes())
        .unwrap();
    (child.wait_with_output().unwrap(), dir)
}

#[test]
fn the_interview_recommends_a_form_or_none() {
    // An incremental improvement: the one-paragraph vision, its benefit woven in.
    let (out, dir) = interview(
        &["Standup Timer"],
        "5\nteam leads\nstandups run long\nsaves ten minutes a day\n\n\n",
    );
    assert_exit(&out, 0);
    assert_contains(&stderr(&out), &["the one-paragraph vision is enough"]);
    let text = std::fs::read_to_string(dir.path().join("standup-timer.md")).unwrap();
    assert_contains(
        &text,
        &[
            "format: vision",
            "Standup Timer is for team leads. Standups run long. Standup Timer saves ten minutes a day.",
        ],
    );

    // A rapid experiment: no document, and why; --format writes one anyway.
    let (out, dir) = interview(&["Price Test"], "rapid experiment\n");
    assert_exit(&out, 0);
    assert_contains(&stdout(&out), &["wrote nothing"]);
    assert_contains(
        &stderr(&out),
        &["write no Working Backwards document", "--format"],
    );
    assert!(!dir.path().join("price-test.md").exists());
    let (out, dir) = interview(
        &["Price Test", "--format", "full"],
        "7\nshoppers\n\nless to pay\n\n\n",
    );
    assert_exit(&out, 0);
    let text = std::fs::read_to_string(dir.path().join("price-test.md")).unwrap();
    assert_contains(&text, &["Price Test gives shoppers less to pay."]);

    // An answer that names no kind: the line, the choices, exit 2, nothing written.
    let (out, dir) = interview(&["Thing"], "a spaceship\n");
    assert_exit(&out, 2);
    assert_contains(
        &stderr(&out),
        &["line 1 of the answers", "`a spaceship`", "1 to 7"],
    );
    assert!(!dir.path().join("thing.md").exists());
}

#[test]
fn rules_explain_and_stats() {
    let dir = temp();
    let out = prfaq(dir.path(), &["rules"]);
    assert_exit(&out, 0);
    let text = stdout(&out);
    assert!(text.lines().count() >= 48, "{text}");
    assert_contains(&text, &["PR113  future-tense"]);
    let out = prfaq(dir.path(), &["explain", "PR113"]);
    let text = stdout(&out);
    assert!(
        text.starts_with("PR113 future-tense (warning, press release)"),
        "{text}"
    );
    assert_contains(&text, &["## Why is this bad?", "## Use instead"]);
    let out = prfaq(dir.path(), &["explain", "future-tense"]);
    assert_exit(&out, 0);
    let out = prfaq(dir.path(), &["explain", "XX999"]);
    assert_exit(&out, 2);
    assert_contains(&stderr(&out), &["`XX999`", "prfaq rules"]);
    // By the words a rule speaks of: one rule is explained, several are listed.
    for (words, code) in [
        (&["buzzword"][..], "PL201 jargon"),
        (&["passive", "voice"][..], "PL205 passive-voice"),
        (&["acronyms"][..], "PL208 undefined-acronym"),
    ] {
        let args: Vec<&str> = std::iter::once("explain")
            .chain(words.iter().copied())
            .collect();
        let out = prfaq(dir.path(), &args);
        assert_exit(&out, 0);
        let text = stdout(&out);
        assert!(text.starts_with(code), "{words:?}: {text}");
    }
    let out = prfaq(dir.path(), &["explain", "TODO"]);
    assert_exit(&out, 0);
    assert_contains(
        &stdout(&out),
        &[
            "2 rules speak of `TODO`",
            "PL210  placeholder",
            "FQ304  unanswered-question",
        ],
    );
    let out = prfaq(dir.path(), &["stats", example().to_str().unwrap()]);
    let text = stdout(&out);
    assert_contains(&text, &["headline", "line    9", "grade"]);
    let out = prfaq(dir.path(), &["check", "--format", "nope"]);
    assert_exit(&out, 2);
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
    let report = json(&out);
    let files = report["files"].as_array().unwrap();
    assert!(files.len() >= 25);
    assert!(files.iter().all(|f| f["error"].is_null()));
}

/// Runs prfaq and waits for it, killing it and failing the test if it never ends (a run
/// that hangs on a named pipe or walks a link loop forever).
fn prfaq_ends(dir: &Path, args: &[&str]) -> Output {
    let mut child = command(dir, args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("prfaq runs");
    // Read both pipes while waiting, so a long report never fills them.
    let read = |mut pipe: Box<dyn std::io::Read + Send>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = pipe.read_to_end(&mut bytes);
            bytes
        })
    };
    let out_reader = read(Box::new(child.stdout.take().unwrap()));
    let err_reader = read(Box::new(child.stderr.take().unwrap()));
    let status = wait_or_kill(&mut child, args);
    Output {
        status,
        stdout: out_reader.join().unwrap(),
        stderr: err_reader.join().unwrap(),
    }
}

#[cfg(unix)]
fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo runs");
    assert!(status.success());
}

#[cfg(unix)]
#[test]
fn folders_with_link_loops_and_named_pipes_are_walked_once() {
    let dir = folder_with(&[
        ("docs/a/b/doc.md", WILL_SHIP),
        ("elsewhere/linked.md", WILL_SHIP),
        // What `.gitignore` leaves out is not checked.
        ("docs/.gitignore", "drafts/\n"),
        ("docs/drafts/draft.md", "# Draft\n\nIt will ship.\n"),
    ]);
    let docs = dir.path().join("docs");
    // Two links back up the tree: each alone repeats the file, together they never end.
    std::os::unix::fs::symlink("..", docs.join("a/b/up")).unwrap();
    std::os::unix::fs::symlink("../..", docs.join("a/b/top")).unwrap();
    // A folder reached through a link that is not a loop is still searched.
    std::os::unix::fs::symlink("../elsewhere", docs.join("linked")).unwrap();
    mkfifo(&docs.join("pipe.md"));

    let out = prfaq_ends(dir.path(), &["check", "docs", "--format", "concise"]);
    assert_exit(&out, 1);
    let (text, err) = (stdout(&out), stderr(&out));
    assert_eq!(
        text.lines()
            .filter(|l| l.contains("doc.md") && l.contains("PR113"))
            .count(),
        1,
        "{text}"
    );
    assert!(
        text.contains("linked.md") && !text.contains("draft.md"),
        "{text}"
    );
    assert_contains(
        &err,
        &[
            "up: skipped, a symbolic link back to",
            "top: skipped, a symbolic link back to",
            "pipe.md: skipped, a named pipe (FIFO), not a regular file",
        ],
    );
}

#[cfg(unix)]
#[test]
fn a_named_pipe_or_a_device_given_as_a_document_is_refused_by_name() {
    let dir = temp();
    mkfifo(&dir.path().join("pipe.md"));
    let out = prfaq_ends(dir.path(), &["check", "pipe.md"]);
    assert_exit(&out, 2);
    assert_contains(
        &stderr(&out),
        &["pipe.md: cannot read the file: it is a named pipe (FIFO)"],
    );
    for args in [
        &["check", "/dev/zero"][..],
        &["stats", "/dev/zero"],
        &[
            "push",
            "/dev/zero",
            "--token",
            "t",
            "--server",
            "http://127.0.0.1:9",
        ],
        &["stats", "pipe.md"],
    ] {
        let out = prfaq_ends(dir.path(), args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        let err = stderr(&out);
        assert!(
            err.contains(&format!("{}: cannot read the file: it is a", args[1]))
                && err.contains("not a regular file"),
            "{args:?}: {err}"
        );
    }
}

/// `/proc` files state a size of 0 whatever they hold: the limit is checked against
/// what is read, and reading stops one byte past it.
#[cfg(target_os = "linux")]
#[test]
fn a_file_that_holds_more_than_it_states_is_refused_at_the_limit() {
    let dir = folder_with(&[("small.toml", "[thresholds]\nmax-file-bytes = 100\n")]);
    let args = ["check", "/proc/self/environ", "--config", "small.toml"];
    let out = command(dir.path(), &args)
        .env("PRFAQ_PADDING", "x".repeat(4096))
        .output()
        .expect("prfaq runs");
    assert_exit(&out, 2);
    assert_contains(
        &stderr(&out),
        &["/proc/self/environ: the file is larger than the limit of 100 bytes"],
    );
}

#[test]
fn configuration_is_found_from_a_bare_file_name_in_a_subfolder() {
    let dir = folder_with(&[("notes/pantry.md", WILL_SHIP), ("prfaq.toml", ONLY_PR113)]);
    let sub = dir.path().join("notes");
    for name in ["pantry.md", "./pantry.md", "../notes/pantry.md"] {
        let out = prfaq(&sub, &["check", name, "--format", "json"]);
        assert_eq!(codes(&json(&out)), vec!["PR113"], "{name}");
    }
}

/// A reader that stops early (`prfaq check docs/ | head -1`) ends the program quietly.
#[test]
fn a_closed_pipe_ends_every_command_quietly() {
    let dir = folder_with(&[("doc.md", "# Thing\n\nThe product will leverage synergy.\n")]);
    let example = example();
    let example = example.to_str().unwrap();
    for args in [
        &["check", "doc.md"][..],
        &["check", "doc.md", "--format", "concise"],
        &["check", "doc.md", "--format", "json"],
        &["check", "doc.md", "--format", "sarif"],
        &["check", "doc.md", "--format", "github"],
        &["check", "doc.md", "--watch"],
        &["rules"],
        &["rules", "--json"],
        &["explain", "PR113"],
        &["stats", example],
        &["new", "Closed Pipe"],
    ] {
        // The reading end is closed before prfaq starts, so its first write fails.
        let (reader, writer) = std::io::pipe().expect("a pipe");
        drop(reader);
        let mut child = command(dir.path(), args)
            .stdout(writer)
            .stderr(Stdio::piped())
            .spawn()
            .expect("prfaq runs");
        let mut err = String::new();
        std::io::Read::read_to_string(child.stderr.as_mut().unwrap(), &mut err).unwrap();
        let status = wait_or_kill(&mut child, args);
        assert_eq!(status.code(), Some(0), "{args:?}: {err}");
        assert!(err.is_empty(), "{args:?}: {err}");
    }
}

#[test]
fn counts_are_singular_for_one() {
    let dir = folder_with(&[(
        "doc.md",
        "# Quick Reorder refills your cart\n\n## Problem\n\nShopping takes long.\n\n# FAQ\n\n## Customer FAQ\n\n### How much does it cost?\n\nNothing.\n",
    )]);
    let out = prfaq(dir.path(), &["stats", "doc.md"]);
    assert_exit(&out, 0);
    let text = stdout(&out);
    assert_contains(&text, &["-> 1 word\n", "1 sentence,"]);
    for wrong in ["1 words", "1 sentences", "1 syllables"] {
        assert!(!text.contains(&format!(" {wrong}")), "{wrong}: {text}");
    }
    write(
        dir.path(),
        "prfaq.toml",
        "[rules]\nselect = [\"PR113\", \"PR103\"]\n",
    );
    write(dir.path(), "one.md", WILL_SHIP);
    let out = prfaq(dir.path(), &["check", "one.md"]);
    let text = stdout(&out);
    assert_contains(&text, &["1 file checked: 1 error, 1 warning\n"]);
}

/// `prfaq stats` and PL207 grade the same prose with the same function: the grade stats
/// prints for the press release is the one the rule reports.
#[test]
fn stats_and_the_reading_level_rule_agree() {
    let dir = folder_with(&[
        (
            "doc.md",
            "# Quick Reorder\n\n*Busy parents get their evening back.*\n\n\
         SEATTLE — March 1, 2027 — Acme Grocery today announced the general availability of \
         Quick Reorder, a comprehensive replenishment capability that automatically \
         reconstructs the household's previous basket utilizing historical purchasing information.\n\n\
         ## Problem\n\nHouseholds purchasing identical provisions weekly experience considerable \
         administrative overhead reconstructing substantially equivalent shopping baskets, \
         consequently diminishing available discretionary leisure opportunities.\n",
        ),
        ("prfaq.toml", "[rules]\nselect = [\"PL207\"]\n"),
    ]);
    let out = prfaq(dir.path(), &["check", "doc.md", "--format", "json"]);
    let value = json(&out);
    let message = value["files"][0]["diagnostics"][0]["message"]
        .as_str()
        .unwrap_or_else(|| panic!("PL207 reported: {value}"))
        .to_owned();
    let rule_grade = message
        .strip_prefix("the press release reads at grade ")
        .and_then(|rest| rest.split(',').next())
        .unwrap_or_else(|| panic!("{message}"));
    let out = prfaq(dir.path(), &["stats", "doc.md"]);
    let text = stdout(&out);
    let line = text
        .lines()
        .find(|l| l.trim_start().starts_with("press release "))
        .unwrap_or_else(|| panic!("{text}"));
    let stats_grade = line
        .split("grade ")
        .nth(1)
        .and_then(|rest| rest.split(',').next())
        .unwrap_or_else(|| panic!("{line}"));
    assert_eq!(stats_grade, rule_grade, "{message}\n{text}");
}

#[test]
fn stats_shows_inline_code_as_written() {
    let dir = folder_with(&[(
        "doc.md",
        "# Quick Reorder adds a `reorder` button\n\n## Problem\n\nParents retype `cart.items`, see <https://acme.example/h>.\n\n# FAQ\n\n### Does `reorder` work offline?\n\nYes.\n",
    )]);
    let out = prfaq(dir.path(), &["stats", "doc.md"]);
    let text = stdout(&out);
    assert!(!text.contains('\u{FFFC}'), "{text}");
    assert_contains(
        &text,
        &[
            "Quick Reorder adds a `reorder` button",
            "Parents retype `cart.items`, see https://acme.example/h.",
            "Does `reorder` work offline?",
        ],
    );
}
