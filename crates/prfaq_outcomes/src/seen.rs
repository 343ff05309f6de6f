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
    step_events_seen_by_all(std::slice::from_ref(plan), path, format, columns)
}

/// [`step_events_seen`] for several documents' journeys at once, reading the file once:
/// the step events of every plan that occur in it, with up to 20 other names, sorted.
/// Each name is one the file holds, so any plan may read the list; the file is read once
/// more for each further 255 distinct step events (event codes are bytes).
pub fn step_events_seen_by_all(
    plans: &[Plan],
    path: &Path,
    format: Option<Format>,
    columns: &Columns,
) -> Result<Vec<String>, InputError> {
    let mut all: Vec<&String> = plans
        .iter()
        .flat_map(|p| &p.steps)
        .filter_map(|s| s.event.as_ref())
        .collect();
    all.sort();
    all.dedup();
    let mut names = Vec::new();
    // One read when no journey names an event: the other names are still worth having.
    let mut chunks = all.chunks(usize::from(u8::MAX)).peekable();
    if chunks.peek().is_none() {
        let wanted = wanted(Vec::new());
        names = names_seen(&wanted, &read::read(path, format, columns, &wanted)?);
    }
    for chunk in chunks {
        let wanted = wanted(chunk.iter().map(|e| (*e).clone()).collect());
        names.extend(names_seen(
            &wanted,
            &read::read(path, format, columns, &wanted)?,
        ));
    }
    names.sort();
    names.dedup();
    Ok(names)
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
    wanted(events)
}

/// The events to read by name, no property, and no others kept.
fn wanted(events: Vec<String>) -> Wanted {
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

    /// Journeys that name more distinct events than one read can look for (255) are
    /// read in turns, and every step event the file holds is found.
    #[test]
    fn many_journeys_name_more_events_than_one_read_holds() {
        let plan = |from: usize| {
            let steps: String = (from..from + 150)
                .map(|i| format!("{}. Step {i} — event: e{i}\n", i - from + 1))
                .collect();
            crate::plan::read(&prfaq_doc::parse(format!(
                "# T\n\n# User journey\n\n{steps}"
            )))
        };
        let plans = [plan(0), plan(150)];
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("events.csv");
        // Two events in three occur: more of those past the 255th than the 20 other
        // names a read keeps besides the ones it looks for.
        let occurs = |i: &usize| !i.is_multiple_of(3);
        let mut csv = String::from("user_id,event,timestamp\n");
        for i in (0..300).filter(occurs) {
            csv.push_str(&format!("u1,e{i},{}\n", 1_772_445_600 + i));
        }
        std::fs::write(&path, csv).expect("write");
        let seen = step_events_seen_by_all(&plans, &path, None, &Columns::default()).unwrap();
        let mut expected: Vec<String> = (0..300).filter(occurs).map(|i| format!("e{i}")).collect();
        expected.sort();
        assert_eq!(seen, expected);
    }
}
