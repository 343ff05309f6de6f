//! How long `parse` and `check` take on documents of shapes that make Markdown parsers
//! and checkers slow, at growing sizes: a linear checker's time grows like the size.
//!
//!   cargo run --release -p prfaq_lint --example shapes -- [SCALE...] [--only NAME]
//!
//! SCALE multiplies each shape's base size (about 100 KB); default: 1 8 64.

#[path = "../tests/shapes/mod.rs"]
mod shapes;

use std::time::Instant;

use prfaq_lint::{Config, check};

fn main() {
    let mut scales = Vec::new();
    let mut only = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        if arg == "--only" {
            only = args.next();
        } else {
            scales.push(arg.parse::<usize>().expect("SCALE is a number"));
        }
    }
    if scales.is_empty() {
        scales = vec![1, 8, 64];
    }
    let config = Config::default();
    println!(
        "{:<14} {:>6} {:>10} {:>10} {:>10}",
        "shape", "scale", "bytes", "parse s", "check s"
    );
    for ((name, make), base) in shapes::SHAPES {
        if only.as_deref().is_some_and(|o| o != *name) {
            continue;
        }
        for &scale in &scales {
            let text = make(base * scale);
            let start = Instant::now();
            let doc = prfaq_doc::parse(&text);
            let parsed = start.elapsed().as_secs_f64();
            let start = Instant::now();
            let findings = check(&doc, &config).len();
            let checked = start.elapsed().as_secs_f64();
            println!(
                "{name:<14} {scale:>6} {:>10} {parsed:>10.3} {checked:>10.3}  ({findings} findings)",
                text.len()
            );
        }
    }
}
