//! Reading events from CSV, Parquet and JSON Lines into [`Events`].
//!
//! CSV and Parquet are decoded by the Arrow readers (`arrow-csv`, `parquet`) into record
//! batches of about 64,000 rows; each batch's columns are then read in one pass. JSON
//! Lines are read line by line by serde_json, so an error names its line.

mod batch;
mod csv;
mod jsonl;
mod parquet;
#[cfg(feature = "postgres")]
pub mod postgres;

use std::path::Path;

use crate::events::{Collector, Columns, Events, InputError, Wanted};

/// The formats events can be read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    JsonLines,
    Parquet,
}

impl Format {
    /// The format a file's name says, if it says one.
    pub fn from_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "csv" => Some(Format::Csv),
            "jsonl" | "ndjson" | "json" => Some(Format::JsonLines),
            "parquet" | "pq" => Some(Format::Parquet),
            _ => None,
        }
    }

    pub fn parse(name: &str) -> Option<Format> {
        match name {
            "csv" => Some(Format::Csv),
            "jsonl" | "ndjson" | "json" => Some(Format::JsonLines),
            "parquet" => Some(Format::Parquet),
            _ => None,
        }
    }
}

/// Rows decoded at a time.
pub const BATCH_ROWS: usize = 65_536;

/// Reads the events of `path` that `wanted` names.
pub fn read(
    path: &Path,
    format: Option<Format>,
    columns: &Columns,
    wanted: &Wanted,
) -> Result<Events, InputError> {
    let name = path.display().to_string();
    let format = format
        .or_else(|| Format::from_path(path))
        .ok_or_else(|| InputError {
            place: name.clone(),
            message:
                "the file's name does not say its format; give --input-format csv, jsonl or parquet"
                    .into(),
        })?;
    let file = std::fs::File::open(path).map_err(|e| InputError {
        place: name.clone(),
        message: format!("cannot open the file: {e}"),
    })?;
    let mut collector = Collector::new(wanted);
    match format {
        Format::Csv => csv::read(file, &name, columns, &mut collector, csv::Places::Lines)?,
        Format::JsonLines => jsonl::read(file, &name, columns, &mut collector)?,
        Format::Parquet => parquet::read(file, &name, columns, &mut collector)?,
    }
    collector.finish(&name)
}

/// Reads JSON Lines events from any reader (the workspace's stored events); `name`
/// stands for the file in errors.
pub fn read_jsonl(
    reader: impl std::io::Read,
    name: &str,
    columns: &Columns,
    wanted: &Wanted,
) -> Result<Events, InputError> {
    let mut collector = Collector::new(wanted);
    jsonl::read(reader, name, columns, &mut collector)?;
    collector.finish(name)
}

/// Runs a decoder on a thread of its own while `each` reads what it decoded, so that
/// decoding the next batch overlaps reading this one. At most four batches wait.
pub(crate) fn pipelined<I>(
    decoder: I,
    mut each: impl FnMut(I::Item) -> Result<(), InputError>,
) -> Result<(), InputError>
where
    I: Iterator + Send,
    I::Item: Send,
{
    std::thread::scope(|scope| {
        let (send, receive) = std::sync::mpsc::sync_channel(4);
        scope.spawn(move || {
            for item in decoder {
                // The reader stopped (an error in a batch): stop decoding.
                if send.send(item).is_err() {
                    break;
                }
            }
        });
        for item in receive {
            each(item)?;
        }
        Ok(())
    })
}

/// The error for a column the file does not have.
pub(crate) fn missing_column(
    file: &str,
    role: &str,
    wanted: &str,
    flag: &str,
    have: &[String],
) -> InputError {
    InputError {
        place: file.into(),
        message: format!(
            "no `{wanted}` column for the {role}; the columns are {}. Name the column with --map {flag}=COLUMN",
            have.iter()
                .map(|h| format!("`{h}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}
