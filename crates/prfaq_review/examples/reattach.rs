//! Re-attaching many comments to a new revision, timed: the review's speed target is 500
//! comments on a 3,000-word document in under 50 ms.
//!
//! ```sh
//! cargo run --release -p prfaq_review --example reattach [COMMENTS] [WORDS] [RUNS] [CASE]
//! ```
//!
//! CASE (`same`, `edited`, `worst` or `compare`) runs only that case, for counting its
//! instructions apart from the others (`perf stat -e instructions:u`).
//!
//! A document of WORDS words of prose (sentences, paragraphs, headings; a skewed
//! vocabulary, so common words recur as in English) is generated from a fixed seed, with
//! COMMENTS passages of 1 to 12 words anchored on it. Two new revisions are timed:
//!
//! - **edited**: a sentence inserted in every fifth paragraph, one word in twenty
//!   replaced, one paragraph in ten deleted and one moved to the end, as a rewrite round
//!   does; comments end in every state.
//! - **worst**: another document of the same vocabulary, so no passage is there and
//!   every comment goes through the fuzzy step (its common words do vote).
//!
//! Each prints the median and slowest of RUNS runs of `reattach_all` and how many
//! comments ended in each state; then the same for the readable compare of the old text
//! with each revision (`prfaq_review::compare::compare`).

use std::time::{Duration, Instant};

use prfaq_review::{Anchor, State, reattach_all};

const VOCABULARY: &str = "the a to of and in for is that on with customers it our be \
    this are by as at you your can from will their we an or they have one order app \
    team week data time every when more than each new tap reorder basket delivery slot \
    price store shop grocery list checkout payment card address account driver route \
    warehouse stock shelf item items product products launch pilot metric target goal \
    share retention survey support ticket question answer problem solution benefit \
    experience journey step screen button message reminder usual weekly monthly fast \
    simple clear first second last next free paid plan trial city region market risk \
    cost budget finance legal design engineering marketing leadership review draft \
    release press quote said leader founder manager partner supplier farm fresh frozen \
    milk bread eggs fruit vegetables coffee tea rice pasta soap paper family home work \
    morning evening weekend minutes hours days months year twenty thirty hundred \
    percent half most many few some none all again before after while because since \
    until although however instead still already only also even just almost never \
    always often usually rarely today tomorrow yesterday soon later early late";

/// A small deterministic generator (64-bit LCG), so every run sees the same text.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// A skewed pick: low indices (the common words) far more often.
    fn skewed(&mut self, n: usize) -> usize {
        let r = (self.next() % 1_000_000) as f64 / 1_000_000.0;
        ((r * r * r) * n as f64) as usize
    }
}

/// Paragraphs of sentences, about `words` words in all, under a heading now and then.
fn document(seed: u64, words: usize) -> Vec<String> {
    let vocabulary: Vec<&str> = VOCABULARY.split_whitespace().collect();
    let mut rng = Rng(seed);
    let mut paragraphs = Vec::new();
    let mut count = 0;
    while count < words {
        let mut paragraph = String::new();
        if paragraphs.len() % 6 == 0 {
            paragraph.push_str("## ");
            for k in 0..3 {
                if k > 0 {
                    paragraph.push(' ');
                }
                paragraph.push_str(vocabulary[rng.below(vocabulary.len())]);
            }
            paragraphs.push(paragraph);
            count += 3;
            continue;
        }
        for s in 0..3 + rng.below(4) {
            if s > 0 {
                paragraph.push(' ');
            }
            let n = 8 + rng.below(13);
            for w in 0..n {
                let word = vocabulary[rng.skewed(vocabulary.len())];
                if w == 0 {
                    let mut c = word.chars();
                    if let Some(first) = c.next() {
                        paragraph.extend(first.to_uppercase());
                        paragraph.push_str(c.as_str());
                    }
                } else {
                    paragraph.push(' ');
                    paragraph.push_str(word);
                }
            }
            paragraph.push('.');
            count += n;
        }
        paragraphs.push(paragraph);
    }
    paragraphs
}

/// `comments` anchors on passages of 1 to 12 whole words.
fn anchors(text: &str, comments: usize, seed: u64) -> Vec<Anchor> {
    let starts: Vec<usize> = text
        .char_indices()
        .filter(|&(i, c)| {
            c.is_alphanumeric() && (i == 0 || !text[..i].ends_with(char::is_alphanumeric))
        })
        .map(|(i, _)| i)
        .collect();
    let mut rng = Rng(seed);
    (0..comments)
        .map(|_| {
            let first = rng.below(starts.len() - 12);
            let last = first + rng.below(12);
            let end = text[starts[last]..]
                .find(|c: char| !c.is_alphanumeric())
                .map_or(text.len(), |n| starts[last] + n);
            Anchor::new(text, starts[first], end).expect("a passage of words")
        })
        .collect()
}

/// A rewrite round: sentences inserted, words replaced, paragraphs deleted and moved.
fn edited(paragraphs: &[String], seed: u64) -> String {
    let mut rng = Rng(seed);
    let mut out: Vec<String> = Vec::new();
    let mut moved = Vec::new();
    for (i, p) in paragraphs.iter().enumerate() {
        if i % 10 == 3 {
            continue;
        }
        let mut words: Vec<String> = p.split(' ').map(str::to_owned).collect();
        for w in words.iter_mut() {
            if rng.below(20) == 0 && !w.starts_with('#') {
                *w = if w.ends_with('.') {
                    "changed.".into()
                } else {
                    "changed".into()
                };
            }
        }
        let mut p = words.join(" ");
        if i % 5 == 1 {
            p.push_str(" A sentence added in this round says what the team learnt.");
        }
        if i % 10 == 7 {
            moved.push(p);
        } else {
            out.push(p);
        }
    }
    out.extend(moved);
    out.join("\n\n")
}

fn time(label: &str, anchors: &[Anchor], text: &str, runs: usize) {
    let mut times: Vec<Duration> = Vec::new();
    let mut placements = Vec::new();
    for _ in 0..runs {
        let started = Instant::now();
        placements = reattach_all(anchors, text);
        times.push(started.elapsed());
    }
    times.sort();
    let count = |s: State| placements.iter().filter(|p| p.state == s).count();
    println!(
        "{label:>6}: median {:>7.2} ms, slowest {:>7.2} ms | attached {}, moved {}, changed {}, orphaned {}",
        times[times.len() / 2].as_secs_f64() * 1e3,
        times[times.len() - 1].as_secs_f64() * 1e3,
        count(State::Attached),
        count(State::Moved),
        count(State::Changed),
        count(State::Orphaned),
    );
}

fn main() {
    let only = std::env::args().nth(4);
    let args: Vec<usize> = std::env::args()
        .skip(1)
        .take(3)
        .map(|a| a.parse().expect("COMMENTS WORDS RUNS are numbers"))
        .collect();
    let wanted = |case: &str| only.as_deref().is_none_or(|o| o == case);
    let comments = args.first().copied().unwrap_or(500);
    let words = args.get(1).copied().unwrap_or(3_000);
    let runs = args.get(2).copied().unwrap_or(21);
    let paragraphs = document(1, words);
    let old = paragraphs.join("\n\n");
    let anchors = anchors(&old, comments, 2);
    println!(
        "{comments} comments on a {}-word document ({} bytes), {runs} runs",
        old.split_whitespace().count(),
        old.len()
    );
    let edited = edited(&paragraphs, 3);
    let other = document(4, words).join("\n\n");
    if wanted("same") {
        time("same", &anchors, &old, runs);
    }
    if wanted("edited") {
        time("edited", &anchors, &edited, runs);
    }
    if wanted("worst") {
        time("worst", &anchors, &other, runs);
    }
    if wanted("compare") {
        println!("the readable compare of the old text with each revision:");
        compare("edited", &old, &edited, runs);
        compare("worst", &old, &other, runs);
    }
}

fn compare(label: &str, old: &str, new: &str, runs: usize) {
    let mut times: Vec<Duration> = Vec::new();
    let mut changes = Vec::new();
    for _ in 0..runs {
        let started = Instant::now();
        changes = prfaq_review::compare::compare(old, new);
        times.push(started.elapsed());
    }
    times.sort();
    let (inserted, deleted) = prfaq_review::compare::counts(&changes);
    println!(
        "{label:>6}: median {:>7.2} ms, slowest {:>7.2} ms | {} runs, {inserted} words inserted, {deleted} deleted",
        times[times.len() / 2].as_secs_f64() * 1e3,
        times[times.len() - 1].as_secs_f64() * 1e3,
        changes.len(),
    );
}
