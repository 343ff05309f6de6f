//! Damaged event files — cut short anywhere, bytes overwritten — end in a report or a
//! clear error, never a panic, in CSV, JSON Lines and Parquet.

use std::path::Path;

use prfaq_outcomes::generate::{self, Plant};
use prfaq_outcomes::{Options, Report};

/// A small seeded generator (xorshift), so a failure can be run again.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn plant() -> Plant {
    Plant {
        seed: 31,
        users: 300,
        ..Plant::default()
    }
}

/// The report on `bytes` written as `name`, or its error; a panic fails the test with
/// what was read.
fn run(dir: &Path, name: &str, bytes: &[u8], what: &str) -> Result<Report, String> {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    let plan = prfaq_outcomes::plan::read(&prfaq_doc::parse(generate::document(&plant())));
    let result = std::panic::catch_unwind(|| {
        prfaq_outcomes::report(&plan, None, &path, &Options::default())
    });
    match result {
        Ok(r) => r.map_err(|e| e.to_string()),
        Err(_) => panic!("{name}, {what}: the report panicked"),
    }
}

fn damage(ext: &str) {
    let dir = tempfile::tempdir().unwrap();
    let plant = plant();
    let events = generate::generate(&plant);
    let good = dir.path().join(format!("good.{ext}"));
    match ext {
        "csv" => generate::write_csv(&good, &plant, &events).unwrap(),
        "parquet" => generate::write_parquet(&good, &plant, &events).unwrap(),
        _ => generate::write_jsonl(&good, &plant, &events).unwrap(),
    }
    let bytes = std::fs::read(&good).unwrap();
    let name = format!("events.{ext}");
    assert!(run(dir.path(), &name, &bytes, "whole").is_ok());
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut errors = 0;
    // Cut short at 60 places, the first and last bytes among them.
    let mut cuts: Vec<usize> = (0..58).map(|_| rng.below(bytes.len())).collect();
    cuts.extend([1, bytes.len() - 1]);
    for cut in cuts {
        let what = format!("cut at byte {cut}");
        if let Err(e) = run(dir.path(), &name, &bytes[..cut], &what) {
            assert!(e.contains(&name), "{what}: {e}");
            errors += 1;
        }
    }
    // Overwrite 1 to 8 bytes at random, 200 times.
    for round in 0..200 {
        let mut damaged = bytes.clone();
        for _ in 0..=rng.below(8) {
            let at = rng.below(damaged.len());
            damaged[at] = rng.next() as u8;
        }
        let what = format!("round {round} of overwritten bytes");
        if let Err(e) = run(dir.path(), &name, &damaged, &what) {
            assert!(e.contains(&name), "{what}: {e}");
            errors += 1;
        }
    }
    assert!(errors > 0, "some damage is found");
}

#[test]
fn damaged_csv_is_an_error_never_a_panic() {
    damage("csv");
}

#[test]
fn damaged_json_lines_are_an_error_never_a_panic() {
    damage("jsonl");
}

#[test]
fn damaged_parquet_is_an_error_never_a_panic() {
    damage("parquet");
}
