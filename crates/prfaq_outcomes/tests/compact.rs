//! The workspace's compact events give the same report as the file they came from.

use prfaq_outcomes::compact::compact;
use prfaq_outcomes::generate::{self, Plant};
use prfaq_outcomes::{Error, Options, Report};

fn measured(report: &Report) -> serde_json::Value {
    serde_json::json!({
        "funnel": report.funnel,
        "time_to_aha": report.time_to_aha,
        "activation_rate": report.activation_rate,
        "retention": report.retention,
        "metrics": report.metrics,
        "biggest_gap": report.biggest_gap,
    })
}

#[test]
fn compact_events_report_as_the_file_does() {
    let plant = Plant {
        seed: 5,
        users: 3_000,
        ..Plant::default()
    };
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("events.parquet");
    generate::write_parquet(&path, &plant, &generate::generate(&plant)).unwrap();
    let doc = prfaq_doc::parse(generate::document(&plant));
    let plan = prfaq_outcomes::plan::read(&doc);
    let options = Options::default();
    let from_file = prfaq_outcomes::report(&plan, None, &path, &options).unwrap();

    let chunk = 64 * 1024;
    let compacted = compact(&plan, &path, &options, chunk, 64 << 20).unwrap();
    assert!(compacted.chunks.len() > 1, "small chunks make several");
    assert!(compacted.events > 0 && compacted.events <= compacted.rows);
    assert_eq!(
        compacted.bytes,
        compacted.chunks.iter().map(String::len).sum::<usize>()
    );
    for c in &compacted.chunks {
        assert!(c.len() <= chunk && c.ends_with('\n'), "{}", c.len());
    }
    let text = compacted.chunks.concat();
    let stored =
        prfaq_outcomes::report_from_jsonl(&plan, None, "stored events", text.as_bytes(), &options)
            .unwrap();
    assert_eq!(measured(&stored), measured(&from_file));
    assert_eq!(stored.input.rows, compacted.events);

    // Over the size limit: refused, naming the file and the limit.
    let limit = compacted.bytes / 2;
    let Err(Error::Input(error)) = compact(&plan, &path, &options, chunk, limit) else {
        panic!("a small limit refuses the events");
    };
    assert!(error.place.contains("events.parquet"), "{error}");
    assert!(
        error.message.contains(&format!("more than {limit} bytes")),
        "{error}"
    );
}

#[test]
fn a_file_without_the_documents_events_is_refused() {
    let plant = Plant::default();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("other.jsonl");
    std::fs::write(
        &path,
        "{\"user_id\":\"a\",\"event\":\"page_viewed\",\"timestamp\":1700000000}\n",
    )
    .unwrap();
    let plan = prfaq_outcomes::plan::read(&prfaq_doc::parse(generate::document(&plant)));
    let Err(Error::Input(error)) = compact(&plan, &path, &Options::default(), 1 << 20, 1 << 30)
    else {
        panic!("nothing to keep is an error");
    };
    assert!(error.message.contains("none of the 1 rows"), "{error}");
}

#[test]
fn stored_events_name_the_line_of_a_damaged_row() {
    let plant = Plant::default();
    let plan = prfaq_outcomes::plan::read(&prfaq_doc::parse(generate::document(&plant)));
    let text = "{\"user_id\":\"a\",\"event\":\"x\",\"timestamp\":1}\nnot json\n";
    let Err(Error::Input(error)) = prfaq_outcomes::report_from_jsonl(
        &plan,
        None,
        "stored events",
        text.as_bytes(),
        &Options::default(),
    ) else {
        panic!("a damaged line is an error");
    };
    assert_eq!(error.place, "stored events line 2");
}
