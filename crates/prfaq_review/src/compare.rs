//! A readable comparison of two revisions.
//!
//! A plain word diff of a rewrite is a soup: every "the" and "to" the two texts share is
//! kept as common, and between them single words come and go. Three passes make it read
//! as edits a person would make:
//!
//! 1. A line diff, then a word diff inside each run of changed lines (the `similar`
//!    crate's Myers diff over words and the spaces between them), all within one
//!    deadline: past it the diff is coarser, never wrong.
//! 2. Semantic cleanup, as diff-match-patch does it: a run of common text between two
//!    changes that is no longer than the change on either side is folded into them, so
//!    a rewritten phrase shows as one deletion and one insertion. Common text that ends
//!    a line is never folded, so lines and paragraphs keep their shape.
//! 3. Whole units: in a sentence where most words changed, the whole old sentence is
//!    shown deleted and the whole new one inserted; then the same for each line, and
//!    for each paragraph (a text wrapped by hand has several lines to a paragraph), so
//!    a rewritten paragraph reads as two paragraphs rather than a mix of both.
//!
//! Every pass keeps the two texts exact: the common and deleted runs spell the old text,
//! the common and inserted runs the new one.

use std::time::{Duration, Instant};

use serde::Serialize;
use similar::{ChangeTag, TextDiff};

/// One run of text that is the same in both, only in the new one, or only in the old.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Change {
    pub op: Op,
    pub text: String,
}

/// What happened to a run of text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Op {
    Equal,
    Insert,
    Delete,
}

/// How a comparison is made.
#[derive(Clone, Debug)]
pub struct Config {
    /// How long the word diff may refine before it settles for a coarser answer.
    pub timeout: Duration,
    /// Above this share of changed words, a sentence or a line is shown replaced whole.
    pub rewritten: f64,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            timeout: Duration::from_millis(500),
            rewritten: 0.5,
        }
    }
}

/// The readable changes from `old` to `new`, with the default [`Config`].
pub fn compare(old: &str, new: &str) -> Vec<Change> {
    compare_with(old, new, &Config::default())
}

/// The readable changes from `old` to `new`: common, deleted and inserted runs, never two
/// runs of the same kind in a row, a deletion always before the insertion beside it.
pub fn compare_with(old: &str, new: &str, config: &Config) -> Vec<Change> {
    // Lines first, then words inside each run of changed lines: a long document with a
    // few edits costs little more than reading it, and the deadline is shared by all.
    let deadline = Instant::now() + config.timeout;
    let lines = TextDiff::configure()
        .deadline(deadline)
        .diff_lines(old, new);
    let mut runs: Vec<Run> = Vec::new();
    let (mut old_lines, mut new_lines) = (String::new(), String::new());
    for change in lines.iter_all_changes() {
        match change.tag() {
            // A blank line between changed lines does not end their run: blank lines
            // are all alike, and pairing them says nothing about which paragraph became
            // which; the word diff of the whole run finds that out.
            ChangeTag::Equal
                if change.value().trim().is_empty()
                    && !(old_lines.is_empty() && new_lines.is_empty()) =>
            {
                old_lines.push_str(change.value());
                new_lines.push_str(change.value());
            }
            ChangeTag::Equal => {
                words_into(&mut runs, &old_lines, &new_lines, deadline);
                old_lines.clear();
                new_lines.clear();
                push_same(&mut runs, change.value());
            }
            ChangeTag::Delete => old_lines.push_str(change.value()),
            ChangeTag::Insert => new_lines.push_str(change.value()),
        }
    }
    words_into(&mut runs, &old_lines, &new_lines, deadline);
    let runs = semantic_cleanup(runs);
    let runs = whole_units(runs, sentence_ends, ends_sentence, config.rewritten);
    let runs = whole_units(runs, line_ends, ends_line, config.rewritten);
    let runs = whole_units(runs, paragraph_ends, ends_paragraph, config.rewritten);
    let mut out = Vec::new();
    for run in runs {
        match run {
            Run::Same(text) => out.push(Change {
                op: Op::Equal,
                text,
            }),
            Run::Edit(del, ins) => {
                if !del.is_empty() {
                    out.push(Change {
                        op: Op::Delete,
                        text: del,
                    });
                }
                if !ins.is_empty() {
                    out.push(Change {
                        op: Op::Insert,
                        text: ins,
                    });
                }
            }
        }
    }
    out
}

/// The word diff of one run of changed lines, appended to `runs`.
fn words_into(runs: &mut Vec<Run>, old: &str, new: &str, deadline: Instant) {
    if old.is_empty() && new.is_empty() {
        return;
    }
    let diff = TextDiff::configure()
        .deadline(deadline)
        .diff_words(old, new);
    for change in diff.iter_all_changes() {
        let text = change.value();
        match change.tag() {
            ChangeTag::Equal => push_same(runs, text),
            ChangeTag::Delete => edit(runs).0.push_str(text),
            ChangeTag::Insert => edit(runs).1.push_str(text),
        }
    }
}

/// The two texts the changes spell: the old (common and deleted runs) and the new
/// (common and inserted runs).
pub fn sides(changes: &[Change]) -> (String, String) {
    let mut old = String::new();
    let mut new = String::new();
    for c in changes {
        if c.op != Op::Insert {
            old.push_str(&c.text);
        }
        if c.op != Op::Delete {
            new.push_str(&c.text);
        }
    }
    (old, new)
}

/// How many words were inserted and how many deleted.
pub fn counts(changes: &[Change]) -> (usize, usize) {
    let count = |op: Op| {
        changes
            .iter()
            .filter(|c| c.op == op)
            .map(|c| c.text.split_whitespace().count())
            .sum::<usize>()
    };
    (count(Op::Insert), count(Op::Delete))
}

/// Common text, or a change: what was deleted and what was inserted in its place.
#[derive(Debug)]
enum Run {
    Same(String),
    Edit(String, String),
}

fn push_same(runs: &mut Vec<Run>, text: &str) {
    match runs.last_mut() {
        Some(Run::Same(same)) => same.push_str(text),
        _ => runs.push(Run::Same(text.to_owned())),
    }
}

/// The change at the end of `runs`, begun if the last run is common text.
fn edit(runs: &mut Vec<Run>) -> (&mut String, &mut String) {
    if !matches!(runs.last(), Some(Run::Edit(..))) {
        runs.push(Run::Edit(String::new(), String::new()));
    }
    match runs.last_mut() {
        Some(Run::Edit(del, ins)) => (del, ins),
        _ => unreachable!("an edit was just pushed"),
    }
}

/// Folds each common run that is no longer than the changes on both sides of it into
/// them (diff-match-patch's semantic cleanup, on words). One pass with a stack: a
/// change that absorbed its neighbours is compared again with the run before it.
fn semantic_cleanup(runs: Vec<Run>) -> Vec<Run> {
    let mut out: Vec<Run> = Vec::with_capacity(runs.len());
    for run in runs {
        let (mut del, mut ins) = match run {
            Run::Same(text) => {
                push_same(&mut out, &text);
                continue;
            }
            Run::Edit(del, ins) => (del, ins),
        };
        loop {
            let n = out.len();
            let foldable = match &out[n.saturating_sub(2)..] {
                [Run::Edit(d, i), Run::Same(same)] => {
                    let len = same.len();
                    !same.contains('\n') && len <= edit_len(d, i) && len <= edit_len(&del, &ins)
                }
                _ => false,
            };
            if !foldable {
                break;
            }
            let (Some(Run::Same(same)), Some(Run::Edit(d, i))) = (out.pop(), out.pop()) else {
                unreachable!("matched just above");
            };
            del = d + &same + &del;
            ins = i + &same + &ins;
        }
        match out.last_mut() {
            Some(Run::Edit(d, i)) => {
                d.push_str(&del);
                i.push_str(&ins);
            }
            _ => out.push(Run::Edit(del, ins)),
        }
    }
    out
}

/// The larger side of a change, in bytes (a length the string keeps: counting
/// characters would read a change that grew by folding again and again).
fn edit_len(del: &str, ins: &str) -> usize {
    del.len().max(ins.len())
}

/// Replaces each unit (between two ends that `ends` finds in common text) where more
/// than `share` of the words changed by one change of the whole unit.
/// `ended` says whether a change's text ends a unit (checked on both its sides), so that
/// the common text after it starts a new one.
fn whole_units(
    runs: Vec<Run>,
    ends: fn(&str, bool) -> Vec<usize>,
    ended: fn(&str) -> bool,
    share: f64,
) -> Vec<Run> {
    // Common text is cut at the ends of units; `None` marks an end.
    let mut pieces: Vec<Option<Run>> = Vec::with_capacity(runs.len());
    // Whether the change before ended a unit on both sides (its old and new text both
    // end with a full stop, say), so that the common text after it starts a new one.
    let mut after_stop = false;
    for run in runs {
        match run {
            Run::Same(text) => {
                let mut from = 0;
                for at in ends(&text, after_stop) {
                    if at > from {
                        pieces.push(Some(Run::Same(text[from..at].to_owned())));
                    }
                    pieces.push(None);
                    from = at;
                }
                if from < text.len() {
                    pieces.push(Some(Run::Same(text[from..].to_owned())));
                }
            }
            Run::Edit(del, ins) => {
                after_stop = (del.is_empty() || ended(&del)) && (ins.is_empty() || ended(&ins));
                // A change that runs over unit ends on both sides (the end of one sentence
                // and the start of the next) is cut there, the k-th end of the old text
                // with the k-th of the new, so each unit is judged on its own words.
                let inside = |t: &str| -> Vec<usize> {
                    ends(t, false)
                        .into_iter()
                        .filter(|&at| at > 0 && at < t.len())
                        .collect()
                };
                let (old_ends, new_ends) = (inside(&del), inside(&ins));
                let (mut d, mut i) = (0, 0);
                for (&de, &ie) in old_ends.iter().zip(&new_ends) {
                    pieces.push(Some(Run::Edit(
                        del[d..de].to_owned(),
                        ins[i..ie].to_owned(),
                    )));
                    pieces.push(None);
                    (d, i) = (de, ie);
                }
                pieces.push(Some(Run::Edit(del[d..].to_owned(), ins[i..].to_owned())));
            }
        }
    }
    let mut out: Vec<Run> = Vec::new();
    let mut unit: Vec<Run> = Vec::new();
    for piece in pieces.into_iter().chain(std::iter::once(None)) {
        match piece {
            Some(run) => unit.push(run),
            None => flush_unit(&mut out, std::mem::take(&mut unit), share),
        }
    }
    out
}

/// Appends one unit's runs to `out`, as one change when most of its words changed.
fn flush_unit(out: &mut Vec<Run>, unit: Vec<Run>, share: f64) {
    let (mut changed, mut same) = (0usize, 0usize);
    for run in &unit {
        match run {
            Run::Same(text) => same += 2 * words(text),
            Run::Edit(del, ins) => changed += words(del) + words(ins),
        }
    }
    let rewritten = changed > 0 && changed as f64 > share * (changed + same) as f64;
    if !rewritten {
        for run in unit {
            append(out, run);
        }
        return;
    }
    let (mut del, mut ins) = (String::new(), String::new());
    for run in &unit {
        match run {
            Run::Same(text) => {
                del.push_str(text);
                ins.push_str(text);
            }
            Run::Edit(d, i) => {
                del.push_str(d);
                ins.push_str(i);
            }
        }
    }
    // White space both sides end with stays common, so the unit's line break or the
    // space before the next sentence is not shown as changed.
    let keep = common_trailing_space(&del, &ins);
    let tail = del.split_off(del.len() - keep);
    ins.truncate(ins.len() - keep);
    append(out, Run::Edit(del, ins));
    if !tail.is_empty() {
        append(out, Run::Same(tail));
    }
}

/// Appends `run`, merging it with the last run when they are of the same kind.
fn append(out: &mut Vec<Run>, run: Run) {
    match (out.last_mut(), run) {
        (Some(Run::Same(a)), Run::Same(b)) => a.push_str(&b),
        (Some(Run::Edit(d, i)), Run::Edit(d2, i2)) => {
            d.push_str(&d2);
            i.push_str(&i2);
        }
        (_, run) => out.push(run),
    }
}

fn words(text: &str) -> usize {
    text.split_whitespace().count()
}

/// How many bytes of white space `a` and `b` both end with.
fn common_trailing_space(a: &str, b: &str) -> usize {
    a.chars()
        .rev()
        .zip(b.chars().rev())
        .take_while(|(x, y)| x == y && x.is_whitespace())
        .map(|(x, _)| x.len_utf8())
        .sum()
}

/// The byte offsets just past each sentence end in `text`: after the white space that
/// follows `.`, `!`, `?` or `…` (and any closing quote or bracket), or after a line break.
fn sentence_ends(text: &str, after_stop: bool) -> Vec<usize> {
    let mut out = Vec::new();
    // Right after a change that ended a sentence, a word starts the next one.
    if after_stop && text.starts_with(|c: char| !c.is_whitespace()) {
        out.push(0);
    }
    let mut after_stop = after_stop;
    let mut chars = text.char_indices().peekable();
    while let Some((_, c)) = chars.next() {
        if c.is_whitespace() && (after_stop || c == '\n') {
            let mut end = text.len();
            while let Some(&(i, next)) = chars.peek() {
                if !next.is_whitespace() {
                    end = i;
                    break;
                }
                chars.next();
            }
            out.push(end);
            after_stop = false;
            continue;
        }
        after_stop = match c {
            '.' | '!' | '?' | '…' => true,
            '"' | '\'' | '”' | '’' | ')' | ']' | '*' | '_' => after_stop,
            _ => false,
        };
    }
    out
}

/// Whether a change's text ends a sentence: a full stop (or `!`, `?`, `…`) at its end,
/// or a line break.
fn ends_sentence(text: &str) -> bool {
    text.ends_with('\n') || text.trim_end().ends_with(['.', '!', '?', '…'])
}

/// Whether a change's text ends a paragraph: a blank line at its end.
fn ends_paragraph(text: &str) -> bool {
    let tail = &text[text.trim_end().len()..];
    tail.matches('\n').count() >= 2
}

/// The byte offsets just past each blank line (a run of white space with two line
/// breaks or more) in `text`, and its start when `after` says the text before ended a
/// paragraph.
fn paragraph_ends(text: &str, after: bool) -> Vec<usize> {
    let mut out = Vec::new();
    if after {
        out.push(0);
    }
    let mut run: Option<(usize, usize)> = None;
    for (i, c) in text.char_indices() {
        if c.is_whitespace() {
            let (start, breaks) = run.unwrap_or((i, 0));
            run = Some((start, breaks + usize::from(c == '\n')));
        } else if let Some((_, breaks)) = run.take()
            && breaks >= 2
        {
            out.push(i);
        }
    }
    if let Some((_, breaks)) = run
        && breaks >= 2
    {
        out.push(text.len());
    }
    out
}

/// Whether a change's text ends a line.
fn ends_line(text: &str) -> bool {
    text.ends_with('\n')
}

/// The byte offsets just past each run of line breaks in `text` (and its start, when
/// `after_line` says the text before ended a line).
fn line_ends(text: &str, after_line: bool) -> Vec<usize> {
    let mut out = Vec::new();
    if after_line {
        out.push(0);
    }
    let mut chars = text.char_indices().peekable();
    while let Some((_, c)) = chars.next() {
        if c != '\n' {
            continue;
        }
        let mut end = text.len();
        while let Some(&(i, next)) = chars.peek() {
            if !next.is_whitespace() {
                end = i;
                break;
            }
            chars.next();
        }
        out.push(end);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(changes: &[Change]) -> String {
        changes
            .iter()
            .map(|c| match c.op {
                Op::Equal => c.text.clone(),
                Op::Delete => format!("[-{}-]", c.text),
                Op::Insert => format!("{{+{}+}}", c.text),
            })
            .collect()
    }

    #[test]
    fn a_changed_word_is_one_deletion_and_one_insertion() {
        let changes = compare(
            "Customers reorder in one tap and pay later.",
            "Customers reorder in two taps and pay later.",
        );
        assert_eq!(
            shown(&changes),
            "Customers reorder in [-one tap-]{+two taps+} and pay later."
        );
        assert_eq!(counts(&changes), (2, 2));
    }

    #[test]
    fn a_rewritten_phrase_is_not_a_soup_of_small_words() {
        // A plain word diff keeps "the" and "of" as common between every change.
        let old = "We ship the first version of the app to the pilot stores in the spring.";
        let new = "We ship a trimmed version of the checkout to the stores in the north in May.";
        let changes = compare(old, new);
        assert_eq!(sides(&changes), (old.to_owned(), new.to_owned()));
        let runs = changes.iter().filter(|c| c.op != Op::Equal).count();
        assert!(runs <= 8, "{}", shown(&changes));
        // No common run of a single short word between two changes.
        for w in changes.windows(3) {
            if w[0].op != Op::Equal && w[1].op == Op::Equal && w[2].op != Op::Equal {
                assert!(w[1].text.trim().len() > 3, "{}", shown(&changes));
            }
        }
    }

    #[test]
    fn a_sentence_with_most_words_changed_is_replaced_whole() {
        let old =
            "The team ships on Monday. Support is ready for the launch. Prices stay the same.";
        let new =
            "The team ships on Monday. Our help desk has trained for a week. Prices stay the same.";
        let changes = compare(old, new);
        assert_eq!(
            shown(&changes),
            "The team ships on Monday. [-Support is ready for the launch.-]{+Our help desk has trained for a week.+} Prices stay the same."
        );
    }

    #[test]
    fn a_rewritten_paragraph_reads_as_two_paragraphs() {
        let old = "# Title\n\nThe app saves the basket. It also saves the slot.\n\nEnd.\n";
        let new = "# Title\n\nA basket is kept for each customer. The slot they chose is kept too.\n\nEnd.\n";
        let changes = compare(old, new);
        assert_eq!(sides(&changes), (old.to_owned(), new.to_owned()));
        assert_eq!(
            shown(&changes),
            "# Title\n\n[-The app saves the basket. It also saves the slot.-]{+A basket is kept for each customer. The slot they chose is kept too.+}\n\nEnd.\n"
        );
    }

    #[test]
    fn a_few_changed_words_in_a_long_sentence_stay_word_level() {
        let old = "Customers who order every week can reorder their usual basket in one tap from the home screen.";
        let new = "Customers who order every week can reorder their usual basket in two taps from the home screen.";
        assert_eq!(
            shown(&compare(old, new)),
            "Customers who order every week can reorder their usual basket in [-one tap-]{+two taps+} from the home screen."
        );
    }

    #[test]
    fn a_rewritten_sentence_does_not_take_its_lightly_edited_neighbour() {
        let old = "We ship the first version of the app to the pilot stores in the spring. It has three screens and one button. Support answers within a day.";
        let new = "We ship a trimmed version of the checkout to the stores in the north in May. The whole flow fits on a single screen. Support answers within a day.";
        let changes = compare(old, new);
        let shown = shown(&changes);
        assert!(
            shown.starts_with("We ship [-the first-]{+a trimmed+} version of the "),
            "{shown}"
        );
        assert!(
            shown.contains("[-spring. It has three screens and one button.-]{+north in May. The whole flow fits on a single screen.+}"),
            "{shown}"
        );
        assert!(shown.ends_with(" Support answers within a day."), "{shown}");
    }

    #[test]
    fn a_rewritten_paragraph_wrapped_by_hand_is_replaced_whole() {
        let old = "Intro.\n\nThe app saves the basket\nand it also saves the slot\nfor the next order.\n\nEnd.\n";
        let new = "Intro.\n\nA basket is kept for each\ncustomer, with the slot\nthey chose last time.\n\nEnd.\n";
        assert_eq!(
            shown(&compare(old, new)),
            "Intro.\n\n[-The app saves the basket\nand it also saves the slot\nfor the next order.-]{+A basket is kept for each\ncustomer, with the slot\nthey chose last time.+}\n\nEnd.\n"
        );
        assert_eq!(paragraph_ends("a\n\nb\n \n\nc\nd", false), vec![3, 8]);
    }

    #[test]
    fn a_deleted_line_does_not_take_the_next_line_with_it() {
        let old = "---\ntitle: Q\n# a note for the author to remove\n---\n\n# Title\n";
        let new = "---\ntitle: Q\n---\n\n# Title\n";
        assert_eq!(
            shown(&compare(old, new)),
            "---\ntitle: Q\n[-# a note for the author to remove\n-]---\n\n# Title\n"
        );
    }

    #[test]
    fn both_texts_are_kept_exactly_whatever_the_input() {
        let cases = [
            ("", ""),
            ("", "new text"),
            ("old text", ""),
            ("a b c", "a b c"),
            ("one.\n\ntwo.\n", "one.\ntwo.\n\nthree."),
            ("éà ü. ñ", "éà ü! ñ ß"),
            ("  spaced   out  ", " spaced out "),
        ];
        for (old, new) in cases {
            let changes = compare(old, new);
            assert_eq!(
                sides(&changes),
                (old.to_owned(), new.to_owned()),
                "{changes:?}"
            );
            for w in changes.windows(2) {
                assert_ne!(w[0].op, w[1].op, "{changes:?}");
                assert!(
                    !(w[0].op == Op::Insert && w[1].op == Op::Delete),
                    "{changes:?}"
                );
            }
            assert!(changes.iter().all(|c| !c.text.is_empty()), "{changes:?}");
        }
    }

    #[test]
    fn sentence_and_line_ends_are_found() {
        assert_eq!(sentence_ends("One. Two! Three", false), vec![5, 10]);
        assert_eq!(sentence_ends("Say \"yes.\" Then", false), vec![11]);
        assert_eq!(sentence_ends("a\nb", false), vec![2]);
        assert_eq!(sentence_ends(" Then", true), vec![1]);
        assert_eq!(sentence_ends("Then", true), vec![0]);
        assert_eq!(line_ends("a\n\n  b\nc", false), vec![5, 7]);
        assert_eq!(line_ends("a\nb", true), vec![0, 2]);
    }
}
