//! Writes a generated event stream and its PR/FAQ, for the benchmark:
//! `cargo run --release -p prfaq_outcomes --example generate -- USERS OUT_DIR`
//! writes `events.csv`, `events.parquet` and `doc.md` in OUT_DIR.

use std::path::PathBuf;

use prfaq_outcomes::generate::{self, Plant};

fn main() -> Result<(), String> {
    let mut args = std::env::args().skip(1);
    let users: u64 = args
        .next()
        .and_then(|u| u.parse().ok())
        .ok_or("usage: generate USERS OUT_DIR")?;
    let out = PathBuf::from(args.next().ok_or("usage: generate USERS OUT_DIR")?);
    std::fs::create_dir_all(&out).map_err(|e| e.to_string())?;
    let plant = Plant {
        users,
        seed: 42,
        signup_weeks: 12,
        ..Plant::default()
    };
    let events = generate::generate(&plant);
    eprintln!("{} events for {users} users", events.len());
    std::fs::write(out.join("doc.md"), generate::document(&plant)).map_err(|e| e.to_string())?;
    generate::write_csv(&out.join("events.csv"), &plant, &events).map_err(|e| e.to_string())?;
    generate::write_parquet(&out.join("events.parquet"), &plant, &events)?;
    Ok(())
}
