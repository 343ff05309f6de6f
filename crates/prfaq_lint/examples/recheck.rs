//! What a check costs when the text is new each time, as the editor sends it while the
//! user types: the whole parse and check (`parse`, `check`), each round on the file with
//! a different sentence typed at its end.
//!
//!   cargo run --release -p prfaq_lint --example recheck -- FILE [ROUNDS]
//!
//! Prints the mean time of parse plus check per round. Under `valgrind --tool=callgrind`
//! the difference between two round counts is the cost of the rounds alone.

use std::fmt::Write as _;
use std::time::Instant;

/// The allocator `prfaq check` and `prfaq serve` run on: a round costs what it costs there.
#[path = "../../prfaq/src/allocator.rs"]
mod allocator;
#[global_allocator]
static GLOBAL: allocator::Mimalloc = allocator::Mimalloc;

use prfaq_lint::{Config, check};

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().expect("usage: recheck FILE [ROUNDS]");
    let rounds: usize = args
        .next()
        .map_or(200, |r| r.parse().expect("ROUNDS is a number"));
    let text = std::fs::read_to_string(&path).expect("a readable UTF-8 file");
    let config = Config::default();
    // The text of a round made in one allocation: `format!` grows its string from a
    // guess and copies the 11 KB document twice, which is the harness's work, not the
    // checker's.
    let version = |round: usize| {
        let mut version = String::with_capacity(text.len() + 32);
        version.push_str(&text);
        write!(version, "\nUnique sentence {round}.").expect("a string takes any text");
        version
    };
    // The word lists are built on the first check, as in any long-running process.
    let mut findings = check(&prfaq_doc::parse(&text), &config).len();
    let start = Instant::now();
    for round in 0..rounds {
        findings += check(&prfaq_doc::parse(version(round)), &config).len();
    }
    let each = start.elapsed().as_secs_f64() / rounds as f64;
    println!(
        "check {:8.1} µs per round ({findings} findings in all)",
        each * 1e6
    );
}
