//! `Memo::parse` and `check_with` make exactly the document `parse` makes and find
//! exactly what `check` finds: on every document of the
//! corpus, the evaluation set, the rule fixtures and the examples, as they are and after
//! the edits a writer makes (a word changed, a paragraph added, removed or moved), with
//! one memo that has seen all the earlier versions.

use std::path::{Path, PathBuf};

use prfaq_lint::{Config, Memo, check, check_with};

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

fn documents() -> Vec<(PathBuf, String)> {
    let crate_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut paths = Vec::new();
    let corpus = crate_dir.join("../../../shared/corpus");
    if corpus.join("MANIFEST.tsv").is_file() {
        markdown_under(&corpus, &mut paths);
    } else if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("the corpus is missing at {}", corpus.display());
    } else {
        eprintln!(
            "NOTE: the corpus is missing at {}; its documents were not compared",
            corpus.display()
        );
    }
    markdown_under(&crate_dir.join("tests/eval"), &mut paths);
    markdown_under(&crate_dir.join("tests/fixtures"), &mut paths);
    markdown_under(&crate_dir.join("../../examples"), &mut paths);
    paths
        .into_iter()
        .filter_map(|p| {
            let text = std::fs::read_to_string(&p).ok()?;
            Some((p, text))
        })
        .collect()
}

/// The places where one paragraph ends and the next begins.
fn breaks(text: &str) -> Vec<usize> {
    text.match_indices("\n\n").map(|(i, _)| i + 2).collect()
}

/// `text` with its bytes `from..to` and `to..next` in the other order.
fn swapped(text: &str, from: usize, to: usize, next: usize) -> String {
    format!(
        "{}{}{}{}",
        &text[..from],
        &text[to..next],
        &text[from..to],
        &text[next..]
    )
}

/// Versions of `text` as a writer edits it.
fn edits(text: &str) -> Vec<(String, String)> {
    let mut out = vec![("unchanged".to_owned(), text.to_owned())];
    out.push((
        "a sentence typed at the end".to_owned(),
        format!("{text}\nUnique sentence 1."),
    ));
    let b = breaks(text);
    if let Some(&first) = b.first() {
        out.push((
            "a paragraph added near the top".to_owned(),
            format!(
                "{}We will leverage synergy, TBD, and it is believed to be the best.\n\n{}",
                &text[..first],
                &text[first..]
            ),
        ));
    }
    for k in [b.len() / 3, b.len() / 2, b.len() * 2 / 3] {
        if k + 1 < b.len() {
            let (from, to) = (b[k], b[k + 1]);
            out.push((
                format!("paragraph {k} removed"),
                format!("{}{}", &text[..from], &text[to..]),
            ));
            if k + 2 < b.len() {
                let next = b[k + 2];
                out.push((
                    format!("paragraphs {k} and {} swapped", k + 1),
                    swapped(text, from, to, next),
                ));
            }
        }
    }
    // Headings removed or renamed: the blocks under them stay the same but may now
    // belong to another part.
    let headings: Vec<(usize, usize)> = text
        .match_indices('\n')
        .map(|(i, _)| i + 1)
        .filter(|&i| text[i..].starts_with("## ") || text[i..].starts_with("### "))
        .map(|i| {
            (
                i,
                i + text[i..].find('\n').map_or(text.len() - i, |e| e + 1),
            )
        })
        .take(4)
        .collect();
    for (n, &(start, end)) in headings.iter().enumerate() {
        out.push((
            format!("heading {n} removed"),
            format!("{}{}", &text[..start], &text[end..]),
        ));
        let relabel = [
            "## Customer quote\n",
            "## The problem\n",
            "## FAQ\n",
            "## Internal FAQ\n",
        ][n];
        out.push((
            format!("heading {n} renamed"),
            format!("{}{relabel}{}", &text[..start], &text[end..]),
        ));
    }
    // Two paragraphs of the press release swapped.
    for k in [1, 2, 3, b.len() / 6] {
        if k + 2 < b.len() {
            let (from, to, next) = (b[k], b[k + 1], b[k + 2]);
            out.push((
                format!("early paragraphs {k} and {} swapped", k + 1),
                swapped(text, from, to, next),
            ));
        }
    }
    // A word of the press release changed for one as long: every block keeps its place.
    for &from in b.iter().take(4) {
        if let Some(at) = text[from..].find(" the ") {
            let at = from + at;
            out.push((
                format!("a word changed after byte {from}"),
                format!("{} our {}", &text[..at], &text[at + 5..]),
            ));
        }
    }
    if let Some(at) = text[text.len() / 2..].find(" the ") {
        let at = text.len() / 2 + at;
        out.push((
            "a word changed in the middle".to_owned(),
            format!("{} a synergistic {}", &text[..at], &text[at + 5..]),
        ));
    }
    out
}

#[test]
fn a_memo_changes_no_finding() {
    let config = Config::default();
    let memo = Memo::new();
    let documents = documents();
    assert!(
        documents.len() > 50,
        "only {} documents found",
        documents.len()
    );
    let mut compared = 0;
    for (path, text) in &documents {
        for (edit, version) in edits(text) {
            let doc = prfaq_doc::parse(&version);
            let expected = check(&doc, &config);
            let shape = format!("{doc:?}");
            // Each edit once (some texts new, most known); the first version twice, the
            // second time with every text known.
            let rounds: &[&str] = if edit == "unchanged" {
                &["first", "second"]
            } else {
                &["first"]
            };
            for round in rounds {
                let remembered = memo.parse(&version);
                assert!(
                    format!("{remembered:?}") == shape,
                    "{} ({edit}, {round} parse with the memo): not the document `parse` makes",
                    path.display()
                );
                let got = check_with(&remembered, &config, &memo);
                // Handed back, so the next version's blocks are taken from this one's.
                memo.keep(remembered);
                assert_eq!(
                    got,
                    expected,
                    "{} ({edit}, {round} check with the memo)",
                    path.display()
                );
            }
            compared += 1;
        }
    }
    assert!(!memo.is_empty());
    eprintln!(
        "{compared} versions of {} documents compared",
        documents.len()
    );
}

/// Pairs of versions of `text`, the second made from the first by typing Markdown where
/// one paragraph ends or the next begins, each of which changes how the blocks around it
/// split: a list that joins the list before it, an indented paragraph that continues a
/// list item, a fence never closed, a setext underline, a table, a quote, a comment, and
/// a link reference definition for a link near the top, read across the whole file; and
/// front matter added or changed.
fn block_edits(text: &str) -> Vec<(String, String, String)> {
    const TYPED: &[(&str, &str)] = &[
        ("a list item", "- one more item\n\n"),
        ("an indented paragraph", "    still the item before?\n\n"),
        ("an unclosed fence", "```\nnot closed\n"),
        ("a table", "| a | b |\n| --- | --- |\n| 1 | 2 |\n\n"),
        ("a quote", "> a quoted line\n\n"),
        ("a comment", "<!-- prfaq-ignore PL201 -->\n"),
        ("text with no blank line", "joined to the next line\n"),
    ];
    let b = breaks(text);
    let mut out = vec![(
        "front matter added".to_owned(),
        text.to_owned(),
        format!("---\ntitle: Added\nstatus: bogus\n---\n{text}"),
    )];
    if let Some(rest) = text.strip_prefix("---\n") {
        out.push((
            "a front matter field added".to_owned(),
            text.to_owned(),
            format!("---\nstatus: bogus\n{rest}"),
        ));
    }
    // A link to a label nobody has defined yet, in the first paragraph.
    let linked = b
        .first()
        .map(|&at| format!("{}See [the pricing page]. {}", &text[..at], &text[at..]));
    for k in [1, b.len() / 3, b.len() * 2 / 3, b.len().saturating_sub(1)] {
        let Some(&at) = b.get(k) else { continue };
        for (name, typed) in TYPED {
            out.push((
                format!("{name} typed at break {k}"),
                text.to_owned(),
                format!("{}{typed}{}", &text[..at], &text[at..]),
            ));
        }
        // The blank line before the break made a setext underline: the paragraph
        // before becomes a heading.
        out.push((
            format!("an underline typed at break {k}"),
            text.to_owned(),
            format!("{}\n===\n{}", &text[..at - 1], &text[at..]),
        ));
        if let Some(linked) = &linked {
            let at = at + linked.len() - text.len();
            out.push((
                format!("the link's definition typed at break {k}"),
                linked.clone(),
                format!(
                    "{}[the pricing page]: https://example.com/pricing\n\n{}",
                    &linked[..at],
                    &linked[at..]
                ),
            ));
        }
    }
    out
}

#[test]
fn a_memo_splits_blocks_as_parse_does() {
    let memo = Memo::new();
    let mut compared = 0;
    for (path, text) in &documents() {
        for (edit, before, after) in block_edits(text) {
            // The memo has just seen the text before the edit, as the editor's last
            // check did.
            memo.keep(memo.parse(&before));
            let expected = format!("{:?}", prfaq_doc::parse(&after));
            let remembered = memo.parse(&after);
            assert!(
                format!("{remembered:?}") == expected,
                "{} ({edit}): not the document `parse` makes",
                path.display()
            );
            memo.keep(remembered);
            compared += 1;
        }
    }
    eprintln!("{compared} versions compared");
}

#[test]
fn a_memo_follows_the_configuration() {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/quick-reorder.md"),
    )
    .expect("the example");
    // A buzzword in the press release's first paragraph.
    let at = breaks(&text)[1];
    let text = format!(
        "{}We leverage synergy to delight customers.\n\n{}",
        &text[..at],
        &text[at..]
    );
    let doc = prfaq_doc::parse(&text);
    let memo = Memo::new();
    let default = Config::default();
    let quiet: Config = Config::from_toml("[rules]\nignore = [\"PL201\"]\n").expect("config");
    assert_eq!(check_with(&doc, &default, &memo), check(&doc, &default));
    let found = check_with(&doc, &quiet, &memo);
    assert_eq!(found, check(&doc, &quiet));
    assert!(found.iter().all(|d| d.code != "PL201"));
    assert!(check(&doc, &default).iter().any(|d| d.code == "PL201"));
}
