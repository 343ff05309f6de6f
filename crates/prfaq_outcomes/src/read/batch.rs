//! One record batch's columns, read in one pass into the collector.

use arrow_array::cast::AsArray;
use arrow_array::types::{Float64Type, TimestampMillisecondType};
use arrow_array::{Array, ArrayRef, RecordBatch, StringArray};
use arrow_schema::{DataType, TimeUnit};

use crate::events::{Collector, InputError, check_row};
use crate::time;

/// Where each column of the batch is: user, event, timestamp, and the property column
/// for each event code (by column index).
pub struct Layout {
    pub user: usize,
    pub event: usize,
    pub timestamp: usize,
    /// For each event code, the column of its summed property.
    pub property: Vec<Option<usize>>,
}

fn bad(place: String, message: String) -> InputError {
    InputError { place, message }
}

/// A column as text, whatever its type (dictionary, view, large, numbers).
fn text(array: &ArrayRef, name: &str, place: &str) -> Result<StringArray, InputError> {
    if let Some(s) = array.as_string_opt::<i32>() {
        return Ok(s.clone());
    }
    let cast = arrow_cast::cast(array, &DataType::Utf8).map_err(|e| {
        bad(
            place.into(),
            format!(
                "the `{name}` column ({}) cannot be read as text: {e}",
                array.data_type()
            ),
        )
    })?;
    Ok(cast.as_string::<i32>().clone())
}

/// The timestamp column: text to parse, or instants already.
enum Times {
    Text(StringArray),
    /// Milliseconds, and whether the type carried a zone.
    Millis(arrow_array::PrimitiveArray<TimestampMillisecondType>, bool),
    Seconds(arrow_array::PrimitiveArray<Float64Type>),
}

fn times(array: &ArrayRef, name: &str, place: &str) -> Result<Times, InputError> {
    let cannot = |e: arrow_schema::ArrowError| {
        bad(
            place.into(),
            format!(
                "the `{name}` column ({}) cannot be read as a time: {e}",
                array.data_type()
            ),
        )
    };
    match array.data_type() {
        DataType::Timestamp(_, tz) => {
            let zoned = tz.is_some();
            let ms = arrow_cast::cast(
                array,
                &DataType::Timestamp(TimeUnit::Millisecond, tz.clone()),
            )
            .map_err(cannot)?;
            Ok(Times::Millis(
                ms.as_primitive::<TimestampMillisecondType>().clone(),
                zoned,
            ))
        }
        DataType::Int8
        | DataType::Int16
        | DataType::Int32
        | DataType::Int64
        | DataType::UInt32
        | DataType::UInt64
        | DataType::Float32
        | DataType::Float64 => {
            let s = arrow_cast::cast(array, &DataType::Float64).map_err(cannot)?;
            Ok(Times::Seconds(s.as_primitive::<Float64Type>().clone()))
        }
        _ => Ok(Times::Text(text(array, name, place)?)),
    }
}

/// Reads a batch; `place(row)` names a row of it in messages.
pub fn read(
    batch: &RecordBatch,
    layout: &Layout,
    names: &[String],
    collector: &mut Collector,
    place: &dyn Fn(usize) -> String,
) -> Result<(), InputError> {
    let first = place(0);
    let users = text(batch.column(layout.user), &names[layout.user], &first)?;
    let events = text(batch.column(layout.event), &names[layout.event], &first)?;
    let times = times(
        batch.column(layout.timestamp),
        &names[layout.timestamp],
        &first,
    )?;
    let mut values: Vec<Option<arrow_array::PrimitiveArray<Float64Type>>> = Vec::new();
    let mut originals: Vec<Option<&ArrayRef>> = Vec::new();
    if collector.sums() {
        for column in &layout.property {
            let Some(c) = *column else {
                values.push(None);
                originals.push(None);
                continue;
            };
            let array = batch.column(c);
            let v = arrow_cast::cast(array, &DataType::Float64).map_err(|e| {
                bad(
                    first.clone(),
                    format!("the `{}` column cannot be read as numbers: {e}", names[c]),
                )
            })?;
            values.push(Some(v.as_primitive::<Float64Type>().clone()));
            originals.push(Some(array));
        }
    }
    for row in 0..batch.num_rows() {
        let at = || place(row);
        if users.is_null(row) || events.is_null(row) {
            let field = if users.is_null(row) {
                &names[layout.user]
            } else {
                &names[layout.event]
            };
            return Err(bad(
                at(),
                format!("the `{field}` field is empty or missing"),
            ));
        }
        let user = users.value(row);
        let event = events.value(row);
        check_row(user, event, &at)?;
        let (ms, zone) = match &times {
            Times::Text(t) => {
                if t.is_null(row) {
                    return Err(bad(
                        at(),
                        format!(
                            "the `{}` field is empty or missing",
                            names[layout.timestamp]
                        ),
                    ));
                }
                let raw = t.value(row);
                time::parse(raw).map_err(|why| bad(at(), format!("timestamp `{raw}`: {why}")))?
            }
            Times::Millis(m, zoned) => {
                if m.is_null(row) {
                    return Err(bad(
                        at(),
                        format!(
                            "the `{}` field is empty or missing",
                            names[layout.timestamp]
                        ),
                    ));
                }
                (m.value(row), zoned.then_some(0))
            }
            Times::Seconds(s) => {
                if s.is_null(row) {
                    return Err(bad(
                        at(),
                        format!(
                            "the `{}` field is empty or missing",
                            names[layout.timestamp]
                        ),
                    ));
                }
                let v = s.value(row);
                if !v.is_finite() || v.abs() > 253_402_300_799.0 {
                    return Err(bad(at(), format!("timestamp {v} is not epoch seconds")));
                }
                ((v * 1000.0).round() as i64, Some(0))
            }
        };
        collector.check_zone(zone, &at)?;
        let code = collector.code(event);
        let mut value = 0.0;
        if let Some(c) = code.filter(|_| collector.sums()) {
            let i = usize::from(c);
            if let (Some(Some(v)), Some(Some(original))) = (values.get(i), originals.get(i)) {
                if v.is_valid(row) {
                    value = v.value(row);
                } else if original.is_valid(row) && !is_blank(original, row) {
                    let col = layout.property[i].map_or("", |c| names[c].as_str());
                    return Err(bad(at(), format!("the `{col}` value is not a number")));
                }
            }
        }
        collector.push(user, code, ms, value);
    }
    Ok(())
}

/// True for an empty text cell (a property left blank).
fn is_blank(array: &ArrayRef, row: usize) -> bool {
    array
        .as_string_opt::<i32>()
        .is_some_and(|s| s.value(row).trim().is_empty())
}

/// The column layout for a file's column names.
pub fn layout(
    names: &[String],
    columns: &crate::events::Columns,
    wanted: &crate::events::Wanted,
    file: &str,
) -> Result<Layout, InputError> {
    let find = |want: &str, role: &str, flag: &str| {
        names
            .iter()
            .position(|n| n == want)
            .ok_or_else(|| super::missing_column(file, role, want, flag, names))
    };
    let user = find(&columns.user, "user id", "user_id")?;
    let event = find(&columns.event, "event name", "event")?;
    let timestamp = find(&columns.timestamp, "time", "timestamp")?;
    let mut property = Vec::new();
    for p in &wanted.property {
        property.push(match p {
            None => None,
            Some(p) => Some(
                names
                    .iter()
                    .position(|n| n == p)
                    .ok_or_else(|| InputError {
                        place: file.into(),
                        message: format!(
                            "the metrics sum the property `{p}`, but the file has no such column"
                        ),
                    })?,
            ),
        });
    }
    Ok(Layout {
        user,
        event,
        timestamp,
        property,
    })
}
