//! Excel workbooks (`.xlsx`), through calamine's cell reader.
//!
//! The sheet is read cell by cell and handed on a row at a time, so the rows themselves
//! are never all in memory. Two things are, by the nature of the format: the zip's
//! directory, and the workbook's shared string table (every distinct text of the
//! workbook, which for a feedback export is about the size of its text). Memory is
//! therefore bounded by the size of the file, not by one row; callers bound the file.

use std::io::{Read, Seek, SeekFrom};
use std::ops::ControlFlow;

use calamine::{DataRef, Reader, Xlsx};

use super::Limits;

pub(crate) enum XlsxRow {
    Cells { line: u64, cells: Vec<String> },
    Bad { line: u64, reason: String },
}

/// Reads the first sheet (or the one named), calling `on_row` with each row in order,
/// lines as Excel numbers its rows. Stops early when `on_row` breaks.
pub(crate) fn read_rows<R: Read + Seek>(
    mut input: R,
    sheet: Option<&str>,
    limits: Limits,
    mut on_row: impl FnMut(XlsxRow) -> ControlFlow<()>,
) -> Result<(), String> {
    check_text_size(&mut input, limits.max_workbook_text_bytes)?;
    let mut workbook: Xlsx<R> =
        Xlsx::new(input).map_err(|e| format!("not a readable .xlsx workbook: {e}"))?;
    let names = workbook.sheet_names();
    let name = match sheet {
        Some(wanted) => names
            .iter()
            .find(|n| n.as_str() == wanted)
            .cloned()
            .ok_or_else(|| {
                format!(
                    "the workbook has no sheet named {wanted:?} (sheets: {})",
                    names
                        .iter()
                        .map(|n| format!("{n:?}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            })?,
        None => names
            .first()
            .cloned()
            .ok_or_else(|| "the workbook has no sheet".to_string())?,
    };
    let mut cells = workbook
        .worksheet_cells_reader(&name)
        .map_err(|e| format!("cannot read sheet {name:?}: {e}"))?;
    let mut row: Vec<String> = Vec::new();
    let mut row_index: Option<u32> = None;
    let mut row_bytes = 0usize;
    let mut bad: Option<String> = None;
    let mut emit = |index: u32, row: &mut Vec<String>, bad: &mut Option<String>| {
        let line = u64::from(index) + 1;
        let item = match bad.take() {
            Some(reason) => XlsxRow::Bad { line, reason },
            None => XlsxRow::Cells {
                line,
                cells: std::mem::take(row),
            },
        };
        row.clear();
        on_row(item)
    };
    loop {
        let cell = cells
            .next_cell()
            .map_err(|e| format!("sheet {name:?} is damaged: {e}"))?;
        let Some(cell) = cell else {
            break;
        };
        let (r, c) = cell.get_position();
        if row_index != Some(r) {
            if let Some(previous) = row_index
                && emit(previous, &mut row, &mut bad).is_break()
            {
                return Ok(());
            }
            row_index = Some(r);
            row_bytes = 0;
        }
        let text = cell_text(cell.get_value());
        if text.len() > limits.max_field_bytes {
            bad.get_or_insert_with(|| {
                format!(
                    "the cell in column {} is longer than {} bytes",
                    column_letters(c),
                    limits.max_field_bytes
                )
            });
            continue;
        }
        row_bytes += text.len();
        if row_bytes > limits.max_row_bytes {
            bad.get_or_insert_with(|| {
                format!("the row is longer than {} bytes", limits.max_row_bytes)
            });
            continue;
        }
        let c = c as usize;
        if c > 16_384 {
            continue;
        }
        if row.len() <= c {
            row.resize(c + 1, String::new());
        }
        row[c] = text;
    }
    if let Some(previous) = row_index {
        let _ = emit(previous, &mut row, &mut bad);
    }
    Ok(())
}

/// Refuses a workbook whose shared string table (held in memory whole) is declared
/// larger than `max`, before decompressing anything; leaves `input` where it was.
fn check_text_size<R: Read + Seek>(input: &mut R, max: u64) -> Result<(), String> {
    let start = input
        .stream_position()
        .map_err(|e| format!("cannot read the workbook: {e}"))?;
    let mut total = 0u64;
    {
        let mut zip = zip::ZipArchive::new(&mut *input)
            .map_err(|e| format!("not a readable .xlsx workbook: {e}"))?;
        for i in 0..zip.len() {
            let file = zip
                .by_index_raw(i)
                .map_err(|e| format!("not a readable .xlsx workbook: {e}"))?;
            let name = file
                .name()
                .map(|n| n.to_ascii_lowercase())
                .unwrap_or_default();
            if name.ends_with("sharedstrings.xml") {
                total = total.saturating_add(file.size());
            }
        }
    }
    if total > max {
        return Err(format!(
            "the workbook's shared text is {total} bytes, more than the {max} allowed"
        ));
    }
    input
        .seek(SeekFrom::Start(start))
        .map_err(|e| format!("cannot read the workbook: {e}"))?;
    Ok(())
}

fn cell_text(value: &DataRef<'_>) -> String {
    match value {
        DataRef::Empty | DataRef::Error(_) => String::new(),
        DataRef::String(s) => s.clone(),
        DataRef::SharedString(s) => (*s).to_string(),
        DataRef::Int(i) => i.to_string(),
        DataRef::Float(f) => {
            if f.fract() == 0.0 && f.abs() < 1e15 {
                format!("{}", *f as i64)
            } else {
                f.to_string()
            }
        }
        DataRef::Bool(b) => b.to_string(),
        DataRef::DateTime(dt) => {
            if dt.is_datetime() {
                let (y, mo, d, h, mi, s, _) = dt.to_ymd_hms_milli();
                format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}")
            } else {
                dt.as_f64().to_string()
            }
        }
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s.clone(),
    }
}

/// `A`, `B`, … `Z`, `AA`: the column as Excel names it.
fn column_letters(index: u32) -> String {
    let mut n = index + 1;
    let mut out = Vec::new();
    while n > 0 {
        let rem = ((n - 1) % 26) as u8;
        out.push(b'A' + rem);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::column_letters;

    #[test]
    fn columns_are_named_as_excel_names_them() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(701), "ZZ");
    }
}
