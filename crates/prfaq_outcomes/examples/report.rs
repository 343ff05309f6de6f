//! The outcome report of a document on an events file, as `prfaq outcomes report --format
//! json` computes it, for the benchmark: `report DOC EVENTS [rolling]` prints the JSON.

use std::path::Path;

use prfaq_outcomes::Options;
use prfaq_outcomes::measures::Weeks;

fn main() -> Result<(), String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [doc, events, rest @ ..] = args.as_slice() else {
        return Err("usage: report DOC EVENTS [rolling]".into());
    };
    let text = std::fs::read_to_string(doc).map_err(|e| e.to_string())?;
    let plan = prfaq_outcomes::plan::read(&prfaq_doc::parse(&text));
    let options = Options {
        weeks: if rest.first().is_some_and(|w| w == "rolling") {
            Weeks::Rolling
        } else {
            Weeks::Calendar
        },
        ..Options::default()
    };
    let started = std::time::Instant::now();
    let report = prfaq_outcomes::report(&plan, None, Path::new(events), &options)
        .map_err(|e| e.to_string())?;
    let json = serde_json::to_string_pretty(&report).map_err(|e| e.to_string())?;
    eprintln!("report_s={:.3}", started.elapsed().as_secs_f64());
    println!("{json}");
    Ok(())
}
