//! The checker on a labeled evaluation set (`tests/eval/`): good documents written in
//! many styles, and documents with planted defects listed in `MANIFEST.tsv`. It
//! measures what a reviewer cares about: how many planted defects the checker finds,
//! and how many findings it raises on documents that have none.
//!
//! The figures are printed on every run (`cargo nextest run -p prfaq_lint eval
//! --no-capture`). The test fails when fewer than 90% of the planted defects are found,
//! or when a good document gets a finding at error level.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use prfaq_lint::{Config, Diagnostic, Severity, check};

mod merged;

/// One planted defect: where it is and which rule should find it.
struct Planted {
    file: String,
    code: String,
    /// 1-based line, or `None` for a whole-document defect such as a missing part.
    line: Option<usize>,
    note: String,
}

/// A finding with the lines it covers.
struct Found {
    code: &'static str,
    severity: Severity,
    lines: std::ops::RangeInclusive<usize>,
    message: String,
}

fn eval_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/eval")
}

/// Every planted defect: `PLANTED.tsv` (defects edited into copies of the good
/// documents) and, when present, `MANIFEST.tsv` (documents written with their defects).
fn manifest() -> Vec<Planted> {
    let mut all = read_manifest("PLANTED.tsv", true);
    all.extend(read_manifest("MANIFEST.tsv", false));
    all
}

fn read_manifest(name: &str, required: bool) -> Vec<Planted> {
    let path = eval_dir().join(name);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(_) if !required => return Vec::new(),
        Err(e) => panic!("cannot read {}: {e}", path.display()),
    };
    text.lines()
        .enumerate()
        .skip(1)
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(n, l)| {
            let cols: Vec<&str> = l.split('\t').collect();
            assert!(
                cols.len() >= 3,
                "{name} line {}: expected file, code, line, note",
                n + 1
            );
            let line = match cols[2].trim() {
                "-" | "" => None,
                s => Some(
                    s.parse()
                        .unwrap_or_else(|_| panic!("{name} line {}: bad line number `{s}`", n + 1)),
                ),
            };
            Planted {
                file: cols[0].trim().to_owned(),
                code: cols[1].trim().to_owned(),
                line,
                note: cols.get(3).unwrap_or(&"").trim().to_owned(),
            }
        })
        .collect()
}

fn findings(file: &Path) -> Vec<Found> {
    findings_under(file, &Config::default())
}

/// The findings with the rules that outrank others turned off: what the rules they
/// outrank find, before one problem becomes one finding.
fn findings_unmerged(file: &Path) -> Vec<Found> {
    let config = merged::unmerged();
    findings_under(file, &config)
}

fn findings_under(file: &Path, config: &Config) -> Vec<Found> {
    let text = std::fs::read_to_string(file)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", file.display()));
    let doc = prfaq_doc::parse(&text);
    check(&doc, config)
        .into_iter()
        .map(|d: Diagnostic| {
            let start = doc.position(d.span.start).line;
            let end = doc.position(d.span.end.max(d.span.start)).line;
            Found {
                code: d.code,
                severity: d.severity,
                lines: start..=end.max(start),
                message: d.message,
            }
        })
        .collect()
}

fn markdown_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    files.sort();
    files
}

/// A planted defect counts as found when the rule fires on its line (one line of
/// slack either side, for findings that start on the sentence before), or anywhere in
/// the file for a whole-document defect.
fn is_found(planted: &Planted, found: &[Found]) -> bool {
    found.iter().any(|f| {
        f.code == planted.code
            && planted.line.is_none_or(|line| {
                let (start, end) = (*f.lines.start(), *f.lines.end());
                line + 1 >= start && line <= end + 1
            })
    })
}

#[test]
fn evaluation_set_recall_and_false_alarms() {
    let planted = manifest();
    assert!(!planted.is_empty(), "the manifests list no planted defects");
    let root = eval_dir();

    // Recall on the planted defects, per rule.
    let mut by_file: BTreeMap<&str, Vec<Found>> = BTreeMap::new();
    for p in &planted {
        by_file
            .entry(&p.file)
            .or_insert_with(|| findings(&root.join(&p.file)));
    }
    let mut per_code: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let mut missed = Vec::new();
    for p in &planted {
        // A defect that a rule outranking the planted one reports as the same problem
        // (a `TBD` answer is an unanswered question, not also a placeholder) is found.
        let outranked = merged::is_outranked(&p.code);
        let hit = is_found(p, &by_file[p.file.as_str()])
            || (outranked && is_found(p, &findings_unmerged(&root.join(&p.file))));
        let entry = per_code.entry(&p.code).or_default();
        entry.1 += 1;
        if hit {
            entry.0 += 1;
        } else {
            missed.push(format!(
                "  {} {}:{} {}",
                p.code,
                p.file,
                p.line.map_or("-".to_owned(), |l| l.to_string()),
                p.note
            ));
        }
    }
    let found_count = planted.len() - missed.len();
    let recall = found_count as f64 / planted.len() as f64;

    // Findings on the defect documents that no planted defect explains.
    let mut unplanned = 0;
    for (file, found) in &by_file {
        for f in found {
            let explained = planted.iter().any(|p| {
                p.file == *file
                    && p.code == f.code
                    && p.line.is_none_or(|line| {
                        line + 1 >= *f.lines.start() && line <= *f.lines.end() + 1
                    })
            });
            if !explained {
                unplanned += 1;
            }
        }
    }

    // False alarms on the good documents.
    let good = markdown_files(&root.join("good"));
    assert!(!good.is_empty(), "the evaluation set has no good documents");
    let mut false_errors = Vec::new();
    let mut false_warnings = Vec::new();
    for file in &good {
        let name = file.file_name().unwrap_or_default().to_string_lossy();
        for f in findings(file) {
            let line = format!("  {} {name}:{} {}", f.code, f.lines.start(), f.message);
            match f.severity {
                Severity::Error => false_errors.push(line),
                Severity::Warning => false_warnings.push(line),
            }
        }
    }

    println!(
        "planted defects found: {found_count} of {} ({:.1}%)",
        planted.len(),
        recall * 100.0
    );
    for (code, (hit, all)) in &per_code {
        println!("  {code}: {hit}/{all}");
    }
    if !missed.is_empty() {
        println!("missed:\n{}", missed.join("\n"));
    }
    println!(
        "findings on defect documents not planted: {unplanned}\n\
         good documents: {}, false errors: {}, false warnings: {}",
        good.len(),
        false_errors.len(),
        false_warnings.len()
    );
    if !false_warnings.is_empty() {
        println!("warnings on good documents:\n{}", false_warnings.join("\n"));
    }

    assert!(
        false_errors.is_empty(),
        "error-level findings on good documents:\n{}",
        false_errors.join("\n")
    );
    assert!(
        recall >= 0.9,
        "the checker found {:.1}% of the planted defects (at least 90% required)",
        recall * 100.0
    );
}
