//! The checker against findings a reviewer judged on the shared corpus
//! (`../shared/corpus/JUDGED.tsv` from the repository root, beside the repository in CI).
//! Each judged row names a file, a rule code, a severity and a 1-based line, with a
//! verdict: TRUE (the finding is right), FALSE (it is a false alarm) or DEBATABLE.
//!
//! The test fails when a TRUE finding is no longer raised, when a FALSE finding comes back
//! that `tests/judged/false_expected.tsv` does not list, and when a listed FALSE finding is
//! gone but still listed, so that the list only shrinks. It prints the share of warnings
//! and of errors that are right, TRUE / (TRUE + FALSE), with DEBATABLE counted apart:
//! `cargo nextest run -p prfaq_lint --test judged --no-capture`.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use prfaq_lint::{Config, check};

mod merged;

/// One judged finding.
struct Judged {
    file: String,
    code: String,
    severity: String,
    line: usize,
    verdict: Verdict,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Verdict {
    True,
    False,
    Debatable,
}

type Key = (String, String, usize);

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus")
}

fn ratchet_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/judged/false_expected.tsv")
}

fn judged(corpus: &Path) -> Vec<Judged> {
    let path = corpus.join("JUDGED.tsv");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "the judged findings are missing at {} ({e}); the corpus must sit beside the repository",
            path.display()
        )
    });
    let mut lines = text.lines().enumerate();
    let (_, header) = lines.next().expect("JUDGED.tsv has a header");
    assert!(
        header.starts_with("file\tcode\tseverity\tline\tverdict"),
        "JUDGED.tsv line 1: expected the header file, code, severity, line, verdict, reason"
    );
    lines
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(n, l)| {
            let cols: Vec<&str> = l.split('\t').collect();
            assert!(
                cols.len() >= 5,
                "JUDGED.tsv line {}: expected file, code, severity, line, verdict",
                n + 1
            );
            let line = cols[3].parse().unwrap_or_else(|_| {
                panic!(
                    "JUDGED.tsv line {}: line `{}` is not a number",
                    n + 1,
                    cols[3]
                )
            });
            let verdict = match cols[4] {
                "TRUE" => Verdict::True,
                "FALSE" => Verdict::False,
                "DEBATABLE" => Verdict::Debatable,
                other => panic!(
                    "JUDGED.tsv line {}: verdict `{other}` is not TRUE, FALSE or DEBATABLE",
                    n + 1
                ),
            };
            Judged {
                file: cols[0].to_string(),
                code: cols[1].to_string(),
                severity: cols[2].to_string(),
                line,
                verdict,
            }
        })
        .collect()
}

/// The FALSE findings still expected: file, code, line.
fn ratchet() -> BTreeSet<Key> {
    let path = ratchet_path();
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|(n, l)| {
            let cols: Vec<&str> = l.split('\t').collect();
            assert!(
                cols.len() == 3,
                "false_expected.tsv line {}: expected file, code, line",
                n + 1
            );
            let line = cols[2].parse().unwrap_or_else(|_| {
                panic!(
                    "false_expected.tsv line {}: line `{}` is not a number",
                    n + 1,
                    cols[2]
                )
            });
            (cols[0].to_string(), cols[1].to_string(), line)
        })
        .collect()
}

/// Every finding on every judged document, as (file, code, line of its start) with its
/// severity; under `config`.
fn findings_under(corpus: &Path, files: &BTreeSet<&str>, config: &Config) -> HashMap<Key, String> {
    let mut out = HashMap::new();
    for file in files {
        let path = corpus.join(file);
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("{} is readable: {e}", path.display()));
        let doc = prfaq_doc::parse(&text);
        for d in check(&doc, config) {
            let line = doc.position(d.span.start).line;
            out.insert(
                (file.to_string(), d.code.to_string(), line),
                d.severity.as_str().to_string(),
            );
        }
    }
    out
}

/// The findings under the default configuration.
fn findings(corpus: &Path, files: &BTreeSet<&str>) -> HashMap<Key, String> {
    findings_under(corpus, files, &Config::default())
}

/// The findings that only a rule speaking for the same words took over (one problem is
/// one finding: an unanswered question's `TODO` is reported as the question, not also as a
/// placeholder): found with the outranking rules turned off, and not with them on.
fn taken_over(
    corpus: &Path,
    files: &BTreeSet<&str>,
    found: &HashMap<Key, String>,
) -> BTreeSet<Key> {
    let config = merged::unmerged();
    findings_under(corpus, files, &config)
        .into_keys()
        .filter(|key| !found.contains_key(key) && merged::is_outranked(&key.1))
        .collect()
}

fn share(right: usize, wrong: usize) -> String {
    if right + wrong == 0 {
        return "n/a".to_string();
    }
    format!(
        "{:.1}% ({right} of {})",
        100.0 * right as f64 / (right + wrong) as f64,
        right + wrong
    )
}

#[test]
fn judged_findings_hold() {
    let corpus = corpus_dir();
    let judged = judged(&corpus);
    assert!(!judged.is_empty(), "JUDGED.tsv has judged findings");
    let files: BTreeSet<&str> = judged.iter().map(|j| j.file.as_str()).collect();
    let found = findings(&corpus, &files);
    let merged = taken_over(&corpus, &files, &found);
    let expected_false = ratchet();

    let mut problems = Vec::new();
    // Per severity: TRUE kept, FALSE still raised, DEBATABLE still raised.
    let mut kept = HashMap::<&str, [usize; 3]>::new();
    let mut true_total = 0;
    let mut true_kept = 0;
    for j in &judged {
        let key = (j.file.clone(), j.code.clone(), j.line);
        // A right finding that another rule now reports as part of the same problem is
        // kept; a false one is gone from the output either way.
        let raised = found.get(&key).or_else(|| {
            (j.verdict == Verdict::True && merged.contains(&key)).then_some(&j.severity)
        });
        let counts = kept.entry(j.severity.as_str()).or_default();
        match (j.verdict, raised) {
            (Verdict::True, Some(_)) => {
                counts[0] += 1;
                true_total += 1;
                true_kept += 1;
            }
            (Verdict::True, None) => {
                true_total += 1;
                problems.push(format!(
                    "a right finding is gone: {} {} line {}",
                    j.file, j.code, j.line
                ));
            }
            (Verdict::False, Some(_)) => {
                counts[1] += 1;
                if !expected_false.contains(&key) {
                    problems.push(format!(
                        "a false alarm came back: {} {} line {} (not in tests/judged/false_expected.tsv)",
                        j.file, j.code, j.line
                    ));
                }
            }
            (Verdict::False, None) => {
                if expected_false.contains(&key) {
                    problems.push(format!(
                        "a false alarm is gone but still listed: {} {} line {} (remove it from tests/judged/false_expected.tsv)",
                        j.file, j.code, j.line
                    ));
                }
            }
            (Verdict::Debatable, Some(_)) => counts[2] += 1,
            (Verdict::Debatable, None) => {}
        }
    }
    for key in &expected_false {
        let listed = judged.iter().any(|j| {
            j.verdict == Verdict::False && (&j.file, &j.code, j.line) == (&key.0, &key.1, key.2)
        });
        if !listed {
            problems.push(format!(
                "false_expected.tsv lists {} {} line {}, which JUDGED.tsv does not judge FALSE",
                key.0, key.1, key.2
            ));
        }
    }

    for severity in ["warning", "error"] {
        let [right, wrong, debatable] = kept.get(severity).copied().unwrap_or_default();
        println!(
            "judged {severity}s still raised: {} right; {debatable} debatable apart",
            share(right, wrong)
        );
    }
    println!(
        "right findings kept: {}",
        share(true_kept, true_total - true_kept)
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
