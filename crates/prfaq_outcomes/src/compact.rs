//! Events in the compact form the workspace keeps: JSON Lines with the default columns
//! (`user_id`, `event`, `timestamp` in epoch seconds, and the summed property under its
//! own name), only the events the document's report reads, users renamed to their
//! interned numbers, cut into chunks that each end at a line's end.
//!
//! The workspace stores the chunks and recomputes the report from them with
//! [`crate::report_from_jsonl`] whenever the document changes. A step whose event the
//! document names only later has no events until the file is imported again.

use std::fmt::Write as _;
use std::path::Path;

use crate::InputError;
use crate::events::{OTHER, Wanted};
use crate::plan::Plan;
use crate::read;
use crate::report::{self, Error, Options};

/// The compact events of one file.
#[derive(Debug, Clone, PartialEq)]
pub struct Compact {
    /// JSON Lines, each chunk at most the chunk size given and ending with `\n`.
    pub chunks: Vec<String>,
    /// Events kept.
    pub events: u64,
    /// Rows read from the file, kept or not.
    pub rows: u64,
    /// Distinct users in the file.
    pub users: u64,
    /// Bytes of all chunks.
    pub bytes: usize,
}

/// Reads `path` as `options` says and keeps the events the report of `plan` reads, in
/// chunks of at most `chunk_bytes`, refusing once they would take more than `max_bytes`.
pub fn compact(
    plan: &Plan,
    path: &Path,
    options: &Options,
    chunk_bytes: usize,
    max_bytes: usize,
) -> Result<Compact, Error> {
    compact_read(
        plan,
        options,
        &path.display().to_string(),
        chunk_bytes,
        max_bytes,
        |wanted| read::read(path, options.format, &options.columns, wanted),
    )
}

/// As [`compact`], from the events of a PostgreSQL table
/// ([`crate::read::postgres`]; the source's columns, not the options', name them).
#[cfg(feature = "postgres")]
pub fn compact_postgres(
    plan: &Plan,
    source: &read::postgres::Source,
    options: &Options,
    chunk_bytes: usize,
    max_bytes: usize,
) -> Result<Compact, Error> {
    compact_read(
        plan,
        options,
        &source.name(),
        chunk_bytes,
        max_bytes,
        |wanted| read::postgres::read(source, wanted),
    )
}

/// Reads the events with `read` and keeps those the report of `plan` reads; `name`
/// stands for where they came from in messages.
fn compact_read(
    plan: &Plan,
    options: &Options,
    name: &str,
    chunk_bytes: usize,
    max_bytes: usize,
    read: impl FnOnce(&Wanted) -> Result<crate::events::Events, InputError>,
) -> Result<Compact, Error> {
    let wanted = Wanted {
        keep_others: false,
        ..report::wanted(plan, options)?
    };
    let data = read(&wanted).map_err(Error::Input)?;
    let name = name.to_owned();
    let mut out = Compact {
        chunks: Vec::new(),
        events: 0,
        rows: data.rows,
        users: data.users_seen,
        bytes: 0,
    };
    let mut chunk = String::new();
    let mut line = String::new();
    for i in 0..data.code.len() {
        let code = data.code[i];
        if code == OTHER {
            continue;
        }
        let index = usize::from(code);
        line.clear();
        let event = serde_json::to_string(&wanted.events[index]).unwrap_or_default();
        let _ = write!(
            line,
            "{{\"user_id\":\"u{}\",\"event\":{event},\"timestamp\":\"{}\"",
            data.user[i],
            epoch_seconds(data.ms[i])
        );
        if let (Some(property), Some(value)) = (&wanted.property[index], data.value.get(i)) {
            let key = serde_json::to_string(property).unwrap_or_default();
            let value = if value.is_finite() { *value } else { 0.0 };
            let _ = write!(line, ",{key}:{value}");
        }
        line.push_str("}\n");
        if out.bytes + line.len() > max_bytes {
            return Err(Error::Input(InputError {
                place: name,
                message: format!(
                    "the events the document reads take more than {} once compacted \
                     (reached at event {}); import a shorter period",
                    size(max_bytes),
                    out.events + 1
                ),
            }));
        }
        if !chunk.is_empty() && chunk.len() + line.len() > chunk_bytes {
            out.chunks.push(std::mem::take(&mut chunk));
        }
        chunk.push_str(&line);
        out.bytes += line.len();
        out.events += 1;
    }
    if !chunk.is_empty() {
        out.chunks.push(chunk);
    }
    if out.events == 0 {
        return Err(Error::Input(InputError {
            place: name,
            message: format!(
                "none of the {} rows is an event the document reads ({})",
                data.rows,
                wanted.events.join(", ")
            ),
        }));
    }
    Ok(out)
}

/// A size in MiB when it is a whole number of them, else in bytes.
fn size(bytes: usize) -> String {
    const MIB: usize = 1024 * 1024;
    if bytes >= MIB && bytes.is_multiple_of(MIB) {
        format!("{} MiB", bytes / MIB)
    } else {
        format!("{bytes} bytes")
    }
}

/// Milliseconds as epoch seconds with three decimals, as [`crate::time::parse`] reads them.
fn epoch_seconds(ms: i64) -> String {
    let sign = if ms < 0 { "-" } else { "" };
    let abs = ms.unsigned_abs();
    format!("{sign}{}.{:03}", abs / 1000, abs % 1000)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epoch_seconds_read_back_exactly() {
        for ms in [0, 1, 999, 1_700_000_000_123, -500, -1_001] {
            let text = epoch_seconds(ms);
            assert_eq!(crate::time::parse(&text).map(|(m, _)| m), Ok(ms), "{text}");
        }
    }
}
