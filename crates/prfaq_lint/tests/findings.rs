//! Every finding on every document the project knows (the corpus, the evaluation set,
//! the rule fixtures and the examples), pinned, so that moving or speeding up the checker
//! is proven to change nothing it finds. Each finding is pinned as its code, severity and
//! place with a digest of its message and help: the snapshot shows which finding moved
//! without copying any document's words into the project.
//!
//! The documents are checked with the default configuration and with one that adds and
//! removes words in every word list, as a project's `prfaq.toml` does.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use prfaq_lint::{Config, Diagnostic, check};

fn markdown_under(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            markdown_under(&path, out);
        } else if path.extension().is_some_and(|e| e == "md") {
            out.push(path);
        }
    }
}

/// Every document by where it lives (`corpus`, `eval`, ...), each by a name relative to
/// there, with its text.
fn documents(crate_dir: &Path) -> Vec<(&'static str, Vec<(String, String)>)> {
    let corpus = crate_dir.join("../../../shared/corpus");
    let mut roots = Vec::new();
    if corpus.join("MANIFEST.tsv").is_file() {
        roots.push(("corpus", corpus));
    } else if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("the corpus is missing at {}", corpus.display());
    } else {
        eprintln!(
            "NOTE: the corpus is missing at {}; its findings were not compared",
            corpus.display()
        );
    }
    roots.push(("eval", crate_dir.join("tests/eval")));
    roots.push(("fixtures", crate_dir.join("tests/fixtures")));
    roots.push(("examples", crate_dir.join("../../examples")));
    roots
        .into_iter()
        .map(|(name, root)| {
            let mut paths = Vec::new();
            markdown_under(&root, &mut paths);
            let texts = paths
                .into_iter()
                .map(|path| {
                    let text = std::fs::read_to_string(&path)
                        .unwrap_or_else(|e| panic!("{} is readable: {e}", path.display()));
                    let relative = path.strip_prefix(&root).expect("under its root");
                    (relative.display().to_string(), text)
                })
                .collect();
            (name, texts)
        })
        .collect()
}

/// FNV-1a, 64 bits: the same digest on every platform and toolchain.
fn digest(parts: &[&str]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for &b in part.as_bytes().iter().chain(&[0xff]) {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    hash
}

/// A configuration that accepts and rejects a word in every list.
fn vocabulary() -> Config {
    Config::from_toml(
        "[vocabulary.jargon]\naccept = [\"leverage\", \"best-in-class\"]\nreject = [\"basically\", \"going forward\"]\n\
         [vocabulary.technical]\naccept = [\"API\"]\nreject = [\"dashboard\"]\n\
         [vocabulary.internal-metric]\naccept = [\"ARR\"]\nreject = [\"cohort*\"]\n\
         [vocabulary.weasel]\naccept = [\"very\"]\nreject = [\"arguably\", \"pretty much\"]\n\
         [vocabulary.superlative]\naccept = [\"best\"]\nreject = [\"leading\"]\n",
    )
    .expect("the test's configuration is valid")
}

fn pin(out: &mut String, name: &str, found: &[Diagnostic]) {
    writeln!(out, "{name} ({} findings)", found.len()).unwrap();
    for d in found {
        let help = d.help.as_deref().unwrap_or("");
        writeln!(
            out,
            "  {} {} {}..{} {:016x}",
            d.code,
            d.severity.as_str(),
            d.span.start,
            d.span.end,
            digest(&[&d.message, help])
        )
        .unwrap();
    }
}

#[test]
fn every_document_finds_what_it_found() {
    let crate_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let configs = [("default", Config::default()), ("vocabulary", vocabulary())];
    for (root, documents) in documents(crate_dir) {
        assert!(!documents.is_empty(), "{root} has documents");
        for (config_name, config) in &configs {
            let mut out = String::new();
            for (name, text) in &documents {
                let doc = prfaq_doc::parse(text);
                pin(&mut out, name, &check(&doc, config));
            }
            insta::assert_snapshot!(format!("{root}_{config_name}"), out);
        }
    }
}
