//! Scores the syllable counter against a word list made by `scripts/cmudict_words.py`.
//!
//! Usage: `cargo run --release -p prfaq_text --example syllable_score -- WORDS.tsv
//! [--misses]`. Prints the percentage of words whose count matches one of the
//! dictionary's pronunciations, by the rules alone and with the exception table; with
//! `--misses`, prints each word the rules miss as `word<TAB>expected<TAB>got` instead.

use std::process::ExitCode;

fn main() -> ExitCode {
    let mut path = None;
    let mut misses = false;
    for arg in std::env::args().skip(1) {
        match arg.as_str() {
            "--misses" => misses = true,
            _ => path = Some(arg),
        }
    }
    let Some(path) = path.or_else(|| std::env::var("PRFAQ_CMUDICT_WORDS").ok()) else {
        eprintln!("usage: syllable_score WORDS.tsv [--misses]");
        return ExitCode::from(2);
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("error: {path}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let (mut total, mut by_rule, mut with_exceptions) = (0usize, 0usize, 0usize);
    for line in text.lines() {
        let Some((word, counts)) = line.split_once('\t') else {
            continue;
        };
        let counts: Vec<u32> = counts.split(',').filter_map(|c| c.parse().ok()).collect();
        total += 1;
        let got = prfaq_text::syllables_by_rule(word);
        if counts.contains(&got) {
            by_rule += 1;
        } else if misses {
            println!(
                "{word}\t{}\t{got}",
                counts
                    .iter()
                    .map(u32::to_string)
                    .collect::<Vec<_>>()
                    .join(",")
            );
        }
        if counts.contains(&prfaq_text::syllables(word)) {
            with_exceptions += 1;
        }
    }
    if total == 0 {
        eprintln!("error: {path}: no words");
        return ExitCode::FAILURE;
    }
    let pct = |n: usize| 100.0 * n as f64 / total as f64;
    let summary = format!(
        "words {total}\nrules only {:.2}%\nwith exceptions {:.2}%",
        pct(by_rule),
        pct(with_exceptions)
    );
    if misses {
        eprintln!("{summary}");
    } else {
        println!("{summary}");
    }
    ExitCode::SUCCESS
}
