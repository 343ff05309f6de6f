//! CSV through `arrow-csv`: every column read as text, batch by batch.

use std::fs::File;
use std::io::{BufRead, BufReader, Seek, SeekFrom};
use std::sync::Arc;

use arrow_schema::{DataType, Field, Schema};

use super::{BATCH_ROWS, batch};
use crate::events::{Collector, Columns, InputError};

/// The header's column names (the first line, split as CSV).
fn header(file: &mut File, name: &str) -> Result<Vec<String>, InputError> {
    let mut line = String::new();
    BufReader::new(&mut *file)
        .read_line(&mut line)
        .map_err(|e| InputError {
            place: format!("{name} line 1"),
            message: format!("cannot read the header: {e}"),
        })?;
    file.seek(SeekFrom::Start(0)).map_err(|e| InputError {
        place: name.into(),
        message: format!("cannot read the file: {e}"),
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

pub fn read(
    mut file: File,
    name: &str,
    columns: &Columns,
    collector: &mut Collector,
) -> Result<(), InputError> {
    let names = header(&mut file, name)?;
    let layout = batch::layout(&names, columns, collector.wanted(), name)?;
    let schema = Schema::new(
        names
            .iter()
            .map(|n| Field::new(n, DataType::Utf8, true))
            .collect::<Vec<_>>(),
    );
    let reader = arrow_csv::ReaderBuilder::new(Arc::new(schema))
        .with_header(true)
        .with_batch_size(BATCH_ROWS)
        .build(BufReader::with_capacity(1 << 20, file))
        .map_err(|e| InputError {
            place: name.into(),
            message: e.to_string(),
        })?;
    // Line 1 is the header; a record's line is its index plus 2 (records holding a
    // quoted line break shift the lines after them).
    let mut first_line = 2usize;
    super::pipelined(reader, |result| {
        let batch = result.map_err(|e| InputError {
            place: format!("{name} near line {first_line}"),
            message: e.to_string(),
        })?;
        let base = first_line;
        batch::read(&batch, &layout, &names, collector, &|row| {
            format!("{name} line {}", base + row)
        })?;
        first_line += batch.num_rows();
        Ok(())
    })
}
