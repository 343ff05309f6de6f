//! Which of a journey's events occur in a file: what `prfaq check --events` and the
//! workspace hand the checker, so that rule JR503 can name a step whose event never
//! occurs.

use std::path::Path;

use crate::events::{Columns, Events, InputError, Wanted};
use crate::plan::Plan;
use crate::read::{self, Format};

/// The names of the journey's step events that occur in `path` at least once, with up
/// to 20 other names the file holds (for a near name to suggest), sorted.
pub fn step_events_seen(
    plan: &Plan,
    path: &Path,
    format: Option<Format>,
    columns: &Columns,
) -> Result<Vec<String>, InputError> {
    let wanted = step_events(plan);
    let data = read::read(path, format, columns, &wanted)?;
    Ok(names_seen(&wanted, &data))
}

/// As [`step_events_seen`], from JSON Lines events in any reader (the workspace's
/// stored events); `name` stands for the file in errors.
pub fn step_events_seen_jsonl(
    plan: &Plan,
    name: &str,
    reader: impl std::io::Read,
    columns: &Columns,
) -> Result<Vec<String>, InputError> {
    let wanted = step_events(plan);
    let data = read::read_jsonl(reader, name, columns, &wanted)?;
    Ok(names_seen(&wanted, &data))
}

/// The distinct events the journey's steps name, each once (at most 255: event codes
/// are bytes, and a journey is never that long).
fn step_events(plan: &Plan) -> Wanted {
    let mut events: Vec<String> = Vec::new();
    for step in &plan.steps {
        if let Some(e) = &step.event
            && !events.contains(e)
            && events.len() < usize::from(u8::MAX)
        {
            events.push(e.clone());
        }
    }
    Wanted {
        property: vec![None; events.len()],
        events,
        keep_others: false,
    }
}

pub(crate) fn names_seen(wanted: &Wanted, data: &Events) -> Vec<String> {
    let mut seen = vec![false; wanted.events.len()];
    for &c in &data.code {
        if let Some(slot) = seen.get_mut(usize::from(c)) {
            *slot = true;
        }
    }
    let mut names: Vec<String> = wanted
        .events
        .iter()
        .zip(&seen)
        .filter(|(_, s)| **s)
        .map(|(e, _)| e.clone())
        .chain(data.other_names.iter().cloned())
        .collect();
    names.sort();
    names.dedup();
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_steps_events_that_occur_and_other_names() {
        let doc = prfaq_doc::parse(
            "# T\n\n# User journey\n\n1. Opens — event: app_opened\n\
             2. Aha: fills — event: basket_filed\n3. Pays\n",
        );
        let plan = crate::plan::read(&doc);
        let jsonl = "{\"user_id\":\"a\",\"event\":\"app_opened\",\"timestamp\":\"2026-03-02T09:00:00Z\"}\n\
                     {\"user_id\":\"a\",\"event\":\"basket_filled\",\"timestamp\":\"2026-03-02T09:01:00Z\"}\n";
        let seen =
            step_events_seen_jsonl(&plan, "events.jsonl", jsonl.as_bytes(), &Columns::default())
                .unwrap();
        assert_eq!(seen, vec!["app_opened", "basket_filled"]);
    }
}
