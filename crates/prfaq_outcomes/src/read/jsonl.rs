//! JSON Lines: one object a line, read by serde_json, so every error names its line.

use std::io::{BufRead, BufReader, Read};

use serde_json::Value;

use crate::events::{Collector, Columns, InputError, check_row};
use crate::time;

fn field_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Looks a property up at the top level, then inside a `properties` object.
fn property<'v>(object: &'v serde_json::Map<String, Value>, name: &str) -> Option<&'v Value> {
    object
        .get(name)
        .or_else(|| object.get("properties")?.as_object()?.get(name))
}

pub fn read(
    file: impl Read,
    name: &str,
    columns: &Columns,
    collector: &mut Collector,
) -> Result<(), InputError> {
    let reader = BufReader::with_capacity(1 << 20, file);
    let mut line_text = String::new();
    let mut reader = reader;
    let mut line = 0usize;
    loop {
        line_text.clear();
        let n = reader.read_line(&mut line_text).map_err(|e| InputError {
            place: format!("{name} line {}", line + 1),
            message: format!("cannot read: {e}"),
        })?;
        if n == 0 {
            break;
        }
        line += 1;
        let at = || format!("{name} line {line}");
        if line_text.trim().is_empty() {
            continue;
        }
        let value: Value = serde_json::from_str(&line_text).map_err(|e| InputError {
            place: at(),
            message: format!("not a JSON object: {e}"),
        })?;
        let Some(object) = value.as_object() else {
            return Err(InputError {
                place: at(),
                message: "each line must be one JSON object".into(),
            });
        };
        let get = |key: &str, flag: &str| {
            object.get(key).and_then(field_text).ok_or_else(|| InputError {
                place: at(),
                message: format!(
                    "no `{key}` field (text or number); map another name with --map {flag}=FIELD"
                ),
            })
        };
        let user = get(&columns.user, "user_id")?;
        let event = get(&columns.event, "event")?;
        check_row(&user, &event, &at)?;
        let raw = get(&columns.timestamp, "timestamp")?;
        let (ms, zone) = time::parse(&raw).map_err(|why| InputError {
            place: at(),
            message: format!("timestamp `{raw}`: {why}"),
        })?;
        collector.check_zone(zone, &at)?;
        let code = collector.code(&event);
        let mut amount = 0.0;
        if let Some(p) = code.and_then(|c| collector.property(c)) {
            match property(object, p) {
                None | Some(Value::Null) => {}
                Some(Value::Number(n)) => amount = n.as_f64().unwrap_or(0.0),
                Some(Value::String(s)) if s.trim().is_empty() => {}
                Some(Value::String(s)) => {
                    amount = s.trim().parse().map_err(|_| InputError {
                        place: at(),
                        message: format!("the `{p}` value `{s}` is not a number"),
                    })?
                }
                Some(other) => {
                    return Err(InputError {
                        place: at(),
                        message: format!("the `{p}` value {other} is not a number"),
                    });
                }
            }
        }
        collector.push(&user, code, ms, amount);
    }
    Ok(())
}
