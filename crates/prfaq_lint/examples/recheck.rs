//! What a check costs when the text is new each time, as the editor sends it while the
//! user types: the whole parse and check (`parse`, `check`) against a parse and check
//! with a memo (`Memo::parse`, `check_with`), each round on the file with a different
//! sentence typed at its end.
//!
//!   cargo run --release -p prfaq_lint --example recheck -- FILE [ROUNDS] [full|memo|both]
//!
//! Prints the mean time of parse plus check per round for each way. Under
//! `valgrind --tool=callgrind` pass `full` or `memo` to count one way alone.

use std::time::Instant;

use prfaq_lint::{Config, Memo, check, check_with};

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args
        .next()
        .expect("usage: recheck FILE [ROUNDS] [full|memo|both]");
    let rounds: usize = args
        .next()
        .map_or(200, |r| r.parse().expect("ROUNDS is a number"));
    let which = args.next().unwrap_or_else(|| "both".to_owned());
    let text = std::fs::read_to_string(&path).expect("a readable UTF-8 file");
    let config = Config::default();
    let version = |round: usize| format!("{text}\nUnique sentence {round}.");
    let memo = Memo::new();
    // The memo first sees the file as it is, as the editor's first check would.
    let first = memo.parse(&text);
    check_with(&first, &config, &memo);
    memo.keep(first);
    let mut findings = 0;
    if which == "full" || which == "both" {
        let start = Instant::now();
        for round in 0..rounds {
            findings += check(&prfaq_doc::parse(&version(round)), &config).len();
        }
        let each = start.elapsed().as_secs_f64() / rounds as f64;
        println!("check       {:8.1} µs per round", each * 1e6);
    }
    if which == "memo" || which == "both" {
        let start = Instant::now();
        for round in 0..rounds {
            let doc = memo.parse(&version(round));
            findings += check_with(&doc, &config, &memo).len();
            memo.keep(doc);
        }
        let each = start.elapsed().as_secs_f64() / rounds as f64;
        println!("check_with  {:8.1} µs per round", each * 1e6);
    }
    println!(
        "({findings} findings in all, {} texts remembered)",
        memo.len()
    );
}
