//! CSV through `arrow-csv`: every column read as text, batch by batch.

use std::io::{BufRead, BufReader, Read};
use std::sync::Arc;

use arrow_schema::{DataType, Field, Schema};

use super::{BATCH_ROWS, batch};
use crate::events::{Collector, Columns, InputError};

/// The header's column names (the first line, split as CSV), read from `input`, which
/// is left at the first record.
fn header(input: &mut impl BufRead, name: &str) -> Result<Vec<String>, InputError> {
    let mut line = String::new();
    input.read_line(&mut line).map_err(|e| InputError {
        place: format!("{name} line 1"),
        message: format!("cannot read the header: {e}"),
    })?;
    let line = line
        .trim_end_matches(['\n', '\r'])
        .trim_start_matches('\u{feff}');
    if line.trim().is_empty() {
        return Err(InputError {
            place: format!("{name} line 1"),
            message: "the file is empty; a CSV of events starts with a header such as \
                      `user_id,event,timestamp`"
                .into(),
        });
    }
    Ok(line
        .split(',')
        .map(|c| c.trim().trim_matches('"').to_owned())
        .collect())
}

/// How a record is named in messages: by its line in a file (`events.csv line 12`), or
/// by its row in a stream with no lines to open (`table events row 11`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Places {
    Lines,
    #[cfg_attr(not(feature = "postgres"), allow(dead_code))]
    Rows,
}

impl Places {
    /// The place of the record whose line (header on line 1) is `line`.
    fn of(self, name: &str, line: usize) -> String {
        match self {
            Places::Lines => format!("{name} line {line}"),
            Places::Rows => format!("{name} row {}", line - 1),
        }
    }

    /// Near the record whose line is `line`: where a batch that failed begins.
    fn near(self, name: &str, line: usize) -> String {
        match self {
            Places::Lines => format!("{name} near line {line}"),
            Places::Rows => format!("{name} near row {}", line - 1),
        }
    }
}

/// Reads CSV events from `input`, a file or a stream; `name` stands for it in messages.
pub fn read(
    input: impl Read + Send,
    name: &str,
    columns: &Columns,
    collector: &mut Collector,
    places: Places,
) -> Result<(), InputError> {
    let mut input = BufReader::with_capacity(1 << 20, input);
    let names = header(&mut input, name)?;
    let layout = batch::layout(&names, columns, collector.wanted(), name)?;
    let schema = Schema::new(
        names
            .iter()
            .map(|n| Field::new(n, DataType::Utf8, true))
            .collect::<Vec<_>>(),
    );
    let reader = arrow_csv::ReaderBuilder::new(Arc::new(schema))
        .with_header(false)
        .with_batch_size(BATCH_ROWS)
        .build(input)
        .map_err(|e| InputError {
            place: name.into(),
            message: e.to_string(),
        })?;
    // Line 1 is the header; a record's line is its index plus 2 (records holding a
    // quoted line break shift the lines after them).
    let mut first_line = 2usize;
    let read = super::pipelined(reader, |result| {
        let batch = result.map_err(|e| InputError {
            place: places.near(name, first_line),
            message: e.to_string(),
        })?;
        let base = first_line;
        batch::read(&batch, &layout, &names, collector, &|row| {
            places.of(name, base + row)
        })?;
        first_line += batch.num_rows();
        Ok(())
    });
    read.map_err(|mut e| {
        if e.place.is_empty() {
            e.place = places.near(name, first_line);
        }
        e
    })
}
