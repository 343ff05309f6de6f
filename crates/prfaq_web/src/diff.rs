//! Comparison of two revisions, for the compare page, the API and the message that
//! explains a refused stale save: the readable changes of `prfaq_review::compare` (whole
//! words and phrases, whole sentences where most words changed), drawn inline or side by
//! side, and the findings that appeared and disappeared between the two.

use prfaq_lint::render::Finding;
use serde::Serialize;

pub(crate) use prfaq_review::compare::{Change, Op};

/// The readable changes from `old` to `new`. A deadline inside keeps a pathological pair
/// of large texts from holding a worker; past it the diff is coarser, never wrong.
pub(crate) fn words(old: &str, new: &str) -> Vec<Change> {
    prfaq_review::compare::compare(old, new)
}

/// How many words were inserted and deleted.
pub(crate) fn counts(changes: &[Change]) -> (usize, usize) {
    prfaq_review::compare::counts(changes)
}

/// One row of the side-by-side view: a line (or a run of lines that changed together) of
/// the old revision and what stands for it in the new one, as HTML.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Row {
    pub old: String,
    pub new: String,
    /// Whether anything in the row changed.
    pub changed: bool,
}

/// The changes as rows for the side-by-side view. A row ends where common text ends a
/// line, so both sides of a row start and end at the same place in the document.
pub(crate) fn rows(changes: &[Change]) -> Vec<Row> {
    let mut rows = Vec::new();
    let mut row = Row {
        old: String::new(),
        new: String::new(),
        changed: false,
    };
    for change in changes {
        match change.op {
            Op::Delete => {
                wrap(&mut row.old, "del", &change.text);
                row.changed = true;
            }
            Op::Insert => {
                wrap(&mut row.new, "ins", &change.text);
                row.changed = true;
            }
            Op::Equal => {
                let mut rest = change.text.as_str();
                while let Some(at) = rest.find('\n') {
                    let (line, after) = rest.split_at(at + 1);
                    escape_into(&mut row.old, line);
                    escape_into(&mut row.new, line);
                    rows.push(std::mem::replace(
                        &mut row,
                        Row {
                            old: String::new(),
                            new: String::new(),
                            changed: false,
                        },
                    ));
                    rest = after;
                }
                escape_into(&mut row.old, rest);
                escape_into(&mut row.new, rest);
            }
        }
    }
    if !row.old.is_empty() || !row.new.is_empty() {
        rows.push(row);
    }
    // A row of white space alone between two changed rows says nothing.
    rows.retain(|r| r.changed || !r.old.trim().is_empty());
    rows
}

/// The rows to show: every changed row with `context` unchanged rows on each side; each
/// longer stretch of unchanged rows becomes one `Skip` with how many rows it hides.
pub(crate) fn fold(rows: Vec<Row>, context: usize) -> Vec<Shown> {
    let changed: Vec<usize> = (0..rows.len()).filter(|&i| rows[i].changed).collect();
    let near = |i: usize| {
        let at = changed.partition_point(|&c| c < i);
        let after = changed.get(at).is_some_and(|&c| c - i <= context);
        let before = at > 0 && i - changed[at - 1] <= context;
        after || before
    };
    let mut out = Vec::new();
    let mut skipped = 0;
    for (i, row) in rows.into_iter().enumerate() {
        if row.changed || near(i) {
            if skipped > 0 {
                out.push(Shown::Skip(skipped));
                skipped = 0;
            }
            out.push(Shown::Row(row));
        } else {
            skipped += 1;
        }
    }
    if skipped > 0 {
        out.push(Shown::Skip(skipped));
    }
    out
}

/// A row of the side-by-side view, or a stretch of unchanged rows left out.
#[derive(Clone, Debug)]
pub(crate) enum Shown {
    Row(Row),
    Skip(usize),
}

fn wrap(out: &mut String, tag: &str, text: &str) {
    out.push('<');
    out.push_str(tag);
    out.push('>');
    escape_into(out, text);
    out.push_str("</");
    out.push_str(tag);
    out.push('>');
}

/// The findings of `new` that `old` does not have, and those of `old` that `new` no longer
/// has. A finding is known by its rule and message, not its line: text added above it
/// moves it without making it new. A finding that occurs twice in `new` and once in `old`
/// appears once.
pub(crate) fn findings_delta(old: &[Finding], new: &[Finding]) -> (Vec<Finding>, Vec<Finding>) {
    use std::collections::HashMap;
    let key = |f: &Finding| (f.code.clone(), f.message.clone());
    let count = |findings: &[Finding]| {
        let mut counts: HashMap<(String, String), usize> = HashMap::new();
        for f in findings {
            *counts.entry(key(f)).or_default() += 1;
        }
        counts
    };
    let only_in = |these: &[Finding], others: &[Finding]| {
        let mut left = count(others);
        these
            .iter()
            .filter(|f| match left.get_mut(&key(f)) {
                Some(n) if *n > 0 => {
                    *n -= 1;
                    false
                }
                _ => true,
            })
            .cloned()
            .collect::<Vec<_>>()
    };
    (only_in(new, old), only_in(old, new))
}

/// Shortens long unchanged runs to their first and last `context` words, so a message
/// about a few changed words in a long document stays short.
pub(crate) fn collapse(changes: Vec<Change>, context: usize) -> Vec<Change> {
    let last = changes.len().saturating_sub(1);
    changes
        .into_iter()
        .enumerate()
        .map(|(i, change)| {
            if change.op != Op::Equal {
                return change;
            }
            let words: Vec<&str> = change.text.split_inclusive(char::is_whitespace).collect();
            let keep_head = if i == 0 { 0 } else { context };
            let keep_tail = if i == last { 0 } else { context };
            if words.len() <= keep_head + keep_tail + 1 {
                return change;
            }
            let head: String = words[..keep_head].concat();
            let tail: String = words[words.len() - keep_tail..].concat();
            Change {
                op: Op::Equal,
                text: format!("{head}… {tail}"),
            }
        })
        .collect()
}

/// The changes as HTML: `<ins>` and `<del>` around changed runs, everything escaped.
pub(crate) fn to_html(changes: &[Change]) -> String {
    let mut html = String::new();
    for change in changes {
        let (open, close) = match change.op {
            Op::Equal => ("<span>", "</span>"),
            Op::Insert => ("<ins>", "</ins>"),
            Op::Delete => ("<del>", "</del>"),
        };
        html.push_str(open);
        escape_into(&mut html, &change.text);
        html.push_str(close);
    }
    html
}

/// Escapes text for HTML element content and attribute values.
pub(crate) fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_inserted_and_deleted_words() {
        let changes = words("the quick brown fox", "the slow brown fox jumps");
        let html = to_html(&changes);
        assert!(html.contains("<del>quick</del>"), "{html}");
        assert!(html.contains("<ins>slow</ins>"), "{html}");
        assert!(
            html.contains("<ins> jumps</ins>") || html.contains("<ins>jumps</ins>"),
            "{html}"
        );
        assert_eq!(counts(&changes), (2, 1));
    }

    #[test]
    fn escapes_text() {
        let html = to_html(&words("<b>", "<script>"));
        assert!(!html.contains("<script>"), "{html}");
        assert!(!html.contains("<b>"), "{html}");
    }

    #[test]
    fn rows_pair_each_line_with_its_new_version() {
        let changes = words(
            "# Title\n\nCustomers reorder in one tap.\n\nEnd.\n",
            "# Title\n\nCustomers reorder in two taps.\n\nEnd.\n",
        );
        let rows = rows(&changes);
        let changed: Vec<&Row> = rows.iter().filter(|r| r.changed).collect();
        assert_eq!(changed.len(), 1, "{rows:?}");
        assert!(changed[0].old.contains("<del>one tap.</del>"), "{rows:?}");
        assert!(changed[0].new.contains("<ins>two taps.</ins>"), "{rows:?}");
        assert!(!changed[0].old.contains("<ins>"), "{rows:?}");
        assert!(rows.iter().any(|r| r.old == "# Title\n"), "{rows:?}");
    }

    #[test]
    fn unchanged_rows_far_from_changes_are_folded() {
        let row = |changed: bool| Row {
            old: "line\n".into(),
            new: "line\n".into(),
            changed,
        };
        let rows: Vec<Row> = (0..20).map(|i| row(i == 10)).collect();
        let shown = fold(rows, 2);
        let kinds: Vec<String> = shown
            .iter()
            .map(|s| match s {
                Shown::Row(r) if r.changed => "C".to_owned(),
                Shown::Row(_) => "r".to_owned(),
                Shown::Skip(n) => format!("…{n}"),
            })
            .collect();
        assert_eq!(kinds, ["…8", "r", "r", "C", "r", "r", "…7"]);
        assert!(fold(vec![row(false), row(false)], 2).len() == 1);
    }

    fn finding(code: &str, message: &str, line: usize) -> Finding {
        Finding {
            code: code.into(),
            name: "rule".into(),
            severity: prfaq_lint::Severity::Warning,
            message: message.into(),
            help: None,
            line,
            column: 1,
            end_line: line,
            end_column: 2,
            missing: false,
        }
    }

    #[test]
    fn findings_are_matched_by_rule_and_message_not_line() {
        let old = [
            finding("PL201", "passive `is made`", 3),
            finding("PL202", "jargon `synergy`", 5),
            finding("PL202", "jargon `synergy`", 9),
        ];
        let new = [
            finding("PL201", "passive `is made`", 7),
            finding("PL202", "jargon `synergy`", 12),
            finding("FQ310", "no risk question", 1),
        ];
        let (appeared, disappeared) = findings_delta(&old, &new);
        assert_eq!(appeared.len(), 1);
        assert_eq!(appeared[0].code, "FQ310");
        assert_eq!(disappeared.len(), 1);
        assert_eq!(
            (disappeared[0].code.as_str(), disappeared[0].line),
            ("PL202", 9)
        );
    }

    #[test]
    fn collapses_long_unchanged_runs() {
        let old = format!("{} end", "word ".repeat(100));
        let new = format!("{} finish", "word ".repeat(100));
        let changes = collapse(words(&old, &new), 3);
        let total: usize = changes.iter().map(|c| c.text.len()).sum();
        assert!(total < 60, "{changes:?}");
    }
}
