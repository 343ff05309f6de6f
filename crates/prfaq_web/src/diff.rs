//! Word-level comparison of two revisions, for the compare page, the API and the
//! message that explains a refused stale save.

use std::time::Duration;

use serde::Serialize;
use similar::{ChangeTag, TextDiff};

/// One run of text that is the same in both, only in the new one, or only in the old.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub(crate) struct Change {
    pub op: Op,
    pub text: String,
}

/// What happened to a run of text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Op {
    Equal,
    Insert,
    Delete,
}

/// The word-level changes from `old` to `new`, adjacent runs of the same kind merged.
pub(crate) fn words(old: &str, new: &str) -> Vec<Change> {
    // A deadline keeps a pathological pair of large texts from holding a worker; past
    // it the diff is coarser, never wrong.
    let diff = TextDiff::configure()
        .timeout(Duration::from_millis(500))
        .diff_words(old, new);
    let mut out: Vec<Change> = Vec::new();
    for change in diff.iter_all_changes() {
        let op = match change.tag() {
            ChangeTag::Equal => Op::Equal,
            ChangeTag::Insert => Op::Insert,
            ChangeTag::Delete => Op::Delete,
        };
        let text = change.value();
        match out.last_mut() {
            Some(last) if last.op == op => last.text.push_str(text),
            _ => out.push(Change {
                op,
                text: text.to_owned(),
            }),
        }
    }
    out
}

/// How many words were inserted and deleted.
pub(crate) fn counts(changes: &[Change]) -> (usize, usize) {
    let count = |op: Op| {
        changes
            .iter()
            .filter(|c| c.op == op)
            .map(|c| c.text.split_whitespace().count())
            .sum::<usize>()
    };
    (count(Op::Insert), count(Op::Delete))
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
    fn collapses_long_unchanged_runs() {
        let old = format!("{} end", "word ".repeat(100));
        let new = format!("{} finish", "word ".repeat(100));
        let changes = collapse(words(&old, &new), 3);
        let total: usize = changes.iter().map(|c| c.text.len()).sum();
        assert!(total < 60, "{changes:?}");
    }
}
