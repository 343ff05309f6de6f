//! The workspace's side of the outcome report, for the benchmark: what an import costs
//! (`compact`: read the file, keep the events the document reads, as JSON Lines in 1 MiB
//! chunks) and what the report from the stored chunks costs (`report_from_jsonl`), on a
//! generated stream near the 64 MiB a document keeps.
//! `cargo run --release -p prfaq_outcomes --example stored -- USERS OUT_DIR`
//! prints one line of figures and checks the two reports agree.

use std::path::PathBuf;
use std::time::Instant;

use prfaq_outcomes::generate::{self, Plant};
use prfaq_outcomes::{Options, compact};

fn main() -> Result<(), String> {
    let mut args = std::env::args().skip(1);
    let users: u64 = args
        .next()
        .and_then(|u| u.parse().ok())
        .ok_or("usage: stored USERS OUT_DIR")?;
    let out = PathBuf::from(args.next().ok_or("usage: stored USERS OUT_DIR")?);
    std::fs::create_dir_all(&out).map_err(|e| e.to_string())?;
    let plant = Plant {
        users,
        seed: 42,
        signup_weeks: 12,
        ..Plant::default()
    };
    let events = generate::generate(&plant);
    let path = out.join("stored-events.parquet");
    generate::write_parquet(&path, &plant, &events)?;
    let plan = prfaq_outcomes::plan::read(&prfaq_doc::parse(generate::document(&plant)));
    let options = Options::default();

    let started = Instant::now();
    let kept = compact::compact(&plan, &path, &options, 1024 * 1024, 64 * 1024 * 1024)
        .map_err(|e| e.to_string())?;
    let compact_s = started.elapsed().as_secs_f64();

    let started = Instant::now();
    let text = kept.chunks.concat();
    let stored =
        prfaq_outcomes::report_from_jsonl(&plan, None, "stored", text.as_bytes(), &options)
            .map_err(|e| e.to_string())?;
    let stored_s = started.elapsed().as_secs_f64();

    let started = Instant::now();
    let from_file =
        prfaq_outcomes::report(&plan, None, &path, &options).map_err(|e| e.to_string())?;
    let file_s = started.elapsed().as_secs_f64();

    let same = serde_json::to_value(&stored.funnel).ok()
        == serde_json::to_value(&from_file.funnel).ok()
        && stored.activation_rate == from_file.activation_rate;
    println!(
        "users={users} rows={} kept_events={} kept_bytes={} chunks={} compact_s={compact_s:.3} \
         report_from_stored_s={stored_s:.3} report_from_parquet_s={file_s:.3} same_funnel={same}",
        kept.rows,
        kept.events,
        kept.bytes,
        kept.chunks.len()
    );
    if !same {
        return Err("the stored events give another funnel than the file".into());
    }
    Ok(())
}
