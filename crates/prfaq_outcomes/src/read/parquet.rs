//! Parquet through the `parquet` crate's Arrow reader, only the columns the report reads.

use std::fs::File;

use parquet::arrow::ProjectionMask;
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

use super::{BATCH_ROWS, batch};
use crate::events::{Collector, Columns, InputError};

pub fn read(
    file: File,
    name: &str,
    columns: &Columns,
    collector: &mut Collector,
) -> Result<(), InputError> {
    let builder = super::guarded(|| ParquetRecordBatchReaderBuilder::try_new(file))
        .map_err(|why| super::damaged(name, &why))?
        .map_err(|e| InputError {
            place: name.into(),
            message: format!("not a readable Parquet file: {e}"),
        })?;
    let schema = builder.schema().clone();
    let names: Vec<String> = schema.fields().iter().map(|f| f.name().clone()).collect();
    let full = batch::layout(&names, columns, collector.wanted(), name)?;
    // Read only the columns needed, in file order.
    let mut needed: Vec<usize> = [full.user, full.event, full.timestamp]
        .into_iter()
        .chain(full.property.iter().flatten().copied())
        .collect();
    needed.sort_unstable();
    needed.dedup();
    let position = |c: usize| needed.iter().position(|&n| n == c).unwrap_or(0);
    let layout = batch::Layout {
        user: position(full.user),
        event: position(full.event),
        timestamp: position(full.timestamp),
        property: full.property.iter().map(|p| p.map(position)).collect(),
    };
    let projected: Vec<String> = needed.iter().map(|&c| names[c].clone()).collect();
    let groups: Vec<i64> = builder
        .metadata()
        .row_groups()
        .iter()
        .map(|g| g.num_rows())
        .collect();
    let mask = ProjectionMask::roots(builder.parquet_schema(), needed.iter().copied());
    let reader = super::guarded(|| {
        builder
            .with_projection(mask)
            .with_batch_size(BATCH_ROWS)
            .build()
    })
    .map_err(|why| super::damaged(name, &why))?
    .map_err(|e| InputError {
        place: name.into(),
        message: e.to_string(),
    })?;
    // The row group and row within it of the file's nth row.
    let locate = |row: i64| {
        let mut left = row;
        for (g, &n) in groups.iter().enumerate() {
            if left < n {
                return format!("{name} row group {g}, row {left}");
            }
            left -= n;
        }
        format!("{name} row {row}")
    };
    let mut seen: i64 = 0;
    let read = super::pipelined(reader, |result| {
        let batch = result.map_err(|e| InputError {
            place: locate(seen),
            message: e.to_string(),
        })?;
        let base = seen;
        batch::read(&batch, &layout, &projected, collector, &|row| {
            locate(base + row as i64)
        })?;
        seen += batch.num_rows() as i64;
        Ok(())
    });
    // A decoder that gave up: at the first row not yet read.
    read.map_err(|mut e| {
        if e.place.is_empty() {
            e.place = locate(seen);
        }
        e
    })
}
