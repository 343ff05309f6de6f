//! Import readers: CSV, TSV, JSON (an array), JSON Lines and Excel, streamed.
//!
//! Every reader yields [`Row`]s in file order: a [`Record`] with the line it starts on
//! (the header is line 1; for JSON, the line where the element starts; for Excel, the
//! sheet's row number), or a [`BadRow`] with its line and a reason that names the field
//! or column. A bad row never stops the reading; only an unreadable file, a header that
//! the mapping cannot use, or damage to a JSON array's own structure does
//! ([`ImportError`]). Fields and rows are bounded ([`Limits`]), so memory is one row
//! whatever the file (Excel aside: see [`read_xlsx`]).

mod bytes;
mod delimited;
mod json;
mod xlsx;

use std::fmt;
use std::io::{self, Read, Seek};
use std::ops::ControlFlow;

use crate::date::{DateOrder, parse_date};
use crate::mapping::{Field, MapError, Mapping, Resolved};
use crate::record::{BadRow, Customer, Rating, Record};

use delimited::{Delimited, RawRow};
use json::{JsonArray, JsonLines, RawObject, Structure};

/// A file format the importer reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Tsv,
    /// A JSON array of objects.
    Json,
    /// One JSON object a line.
    JsonLines,
    Xlsx,
}

impl Format {
    /// The format a file name's extension says (`.csv`, `.tsv`/`.tab`, `.json`,
    /// `.jsonl`/`.ndjson`, `.xlsx`).
    pub fn from_file_name(name: &str) -> Option<Format> {
        let ext = name.rsplit_once('.')?.1.to_ascii_lowercase();
        Some(match ext.as_str() {
            "csv" => Format::Csv,
            "tsv" | "tab" => Format::Tsv,
            "json" => Format::Json,
            "jsonl" | "ndjson" => Format::JsonLines,
            "xlsx" => Format::Xlsx,
            _ => return None,
        })
    }

    /// The format's name as written on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Tsv => "tsv",
            Format::Json => "json",
            Format::JsonLines => "jsonl",
            Format::Xlsx => "xlsx",
        }
    }
}

/// Bounds on what one row may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The longest field (a CSV field, an Excel cell), in bytes.
    pub max_field_bytes: usize,
    /// The longest row (a CSV row, a JSON element or line, an Excel row), in bytes.
    pub max_row_bytes: usize,
    /// The most text an Excel workbook's shared string table may hold, in bytes, as its
    /// zip directory declares it: the table is held in memory whole.
    pub max_workbook_text_bytes: u64,
}

impl Default for Limits {
    /// 64 KiB a field, 256 KiB a row (far above any review or ticket, far below memory),
    /// 256 MiB of workbook text.
    fn default() -> Limits {
        Limits {
            max_field_bytes: 64 * 1024,
            max_row_bytes: 256 * 1024,
            max_workbook_text_bytes: 256 * 1024 * 1024,
        }
    }
}

/// How to read a file.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub mapping: Mapping,
    /// The source of records whose row names none (for example `zendesk`).
    pub source: Option<String>,
    pub date_order: DateOrder,
    pub limits: Limits,
    /// For Excel: the sheet to read; the first when `None`.
    pub sheet: Option<String>,
}

/// What stops an import.
#[derive(Debug)]
pub enum ImportError {
    Io(io::Error),
    /// The file has no header row, or no rows at all.
    NoHeader,
    /// The header row itself is broken.
    Header {
        line: u64,
        reason: String,
    },
    /// The mapping does not fit the file's columns.
    Map(MapError),
    /// The file is not of its format (a JSON file that is not an array, a damaged
    /// workbook).
    Malformed {
        line: Option<u64>,
        message: String,
    },
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImportError::Io(e) => write!(f, "cannot read the file: {e}"),
            ImportError::NoHeader => write!(f, "the file has no header row"),
            ImportError::Header { line, reason } => {
                write!(f, "line {line}: the header row is broken: {reason}")
            }
            ImportError::Map(e) => e.fmt(f),
            ImportError::Malformed {
                line: Some(line),
                message,
            } => write!(f, "line {line}: {message}"),
            ImportError::Malformed {
                line: None,
                message,
            } => f.write_str(message),
        }
    }
}

impl std::error::Error for ImportError {}

impl From<io::Error> for ImportError {
    fn from(e: io::Error) -> ImportError {
        ImportError::Io(e)
    }
}

impl From<MapError> for ImportError {
    fn from(e: MapError) -> ImportError {
        ImportError::Map(e)
    }
}

/// One row of the file: a record, or why it was skipped.
#[derive(Debug, Clone, PartialEq)]
pub enum Row {
    Record(Record),
    Bad(BadRow),
}

enum Inner<R> {
    Delimited(Delimited<R>),
    Array(JsonArray<R>),
    Lines(JsonLines<R>),
}

/// A streaming reader of a text format (CSV, TSV, JSON, JSON Lines): an iterator of
/// rows. Excel needs `Seek` and is read by [`read_xlsx`].
pub struct TextReader<R> {
    inner: Inner<R>,
    options: Options,
    /// For CSV and TSV, the header's mapping; for JSON, the last element's keys and
    /// their mapping (elements of one export nearly always share their keys).
    resolved: Option<Resolved>,
    last_keys: Vec<String>,
    failed: bool,
}

impl<R: Read> TextReader<R> {
    /// Opens `input` as `format`; for CSV and TSV reads the header and resolves the
    /// mapping, so that a map naming an unknown column fails here.
    pub fn new(input: R, format: Format, options: Options) -> Result<TextReader<R>, ImportError> {
        let limits = options.limits;
        let inner = match format {
            Format::Csv => Inner::Delimited(Delimited::new(input, b',', limits)),
            Format::Tsv => Inner::Delimited(Delimited::new(input, b'\t', limits)),
            Format::Json => Inner::Array(JsonArray::new(input, limits)),
            Format::JsonLines => Inner::Lines(JsonLines::new(input, limits)),
            Format::Xlsx => {
                return Err(ImportError::Malformed {
                    line: None,
                    message: "an .xlsx workbook is read with read_xlsx".to_string(),
                });
            }
        };
        let mut reader = TextReader {
            inner,
            options,
            resolved: None,
            last_keys: Vec::new(),
            failed: false,
        };
        if let Inner::Delimited(d) = &mut reader.inner {
            let columns = match d.next_row()? {
                None => return Err(ImportError::NoHeader),
                Some(RawRow::Bad { line, reason }) => {
                    return Err(ImportError::Header { line, reason });
                }
                Some(RawRow::Fields { fields, .. }) => fields,
            };
            let columns: Vec<String> = columns.iter().map(|c| c.trim().to_string()).collect();
            reader.resolved = Some(reader.options.mapping.resolve(&columns)?);
        }
        Ok(reader)
    }

    /// The columns and how they map: for CSV and TSV the header's (known from the
    /// start); for JSON the keys of the last element read and their mapping (`None`
    /// before the first, or when the last had no text key).
    pub fn resolved(&self) -> Option<&Resolved> {
        self.resolved.as_ref()
    }

    fn next_row(&mut self) -> Result<Option<Row>, ImportError> {
        match &mut self.inner {
            Inner::Delimited(d) => {
                let Some(raw) = d.next_row()? else {
                    return Ok(None);
                };
                let resolved = self.resolved.as_ref().expect("resolved with the header");
                Ok(Some(match raw {
                    RawRow::Bad { line, reason } => Row::Bad(BadRow { line, reason }),
                    RawRow::Fields { line, fields } => {
                        let columns = resolved.columns().len();
                        if fields.len() != columns {
                            Row::Bad(BadRow {
                                line,
                                reason: format!(
                                    "the row has {} where the header has {columns}",
                                    plural(fields.len(), "field")
                                ),
                            })
                        } else {
                            build(line, resolved, &fields, &self.options)
                        }
                    }
                }))
            }
            Inner::Array(a) => {
                let raw = match a.next_object() {
                    Ok(raw) => raw,
                    Err(Structure::Io(e)) => return Err(e.into()),
                    Err(Structure::Broken { line, message }) => {
                        return Err(ImportError::Malformed {
                            line: Some(line),
                            message,
                        });
                    }
                };
                Ok(raw.map(|raw| self.object_row(raw)))
            }
            Inner::Lines(l) => {
                let raw = l.next_object()?;
                Ok(raw.map(|raw| self.object_row(raw)))
            }
        }
    }

    fn object_row(&mut self, raw: RawObject) -> Row {
        let (line, pairs) = match raw {
            RawObject::Bad { line, reason } => return Row::Bad(BadRow { line, reason }),
            RawObject::Object { line, pairs } => (line, pairs),
        };
        let same_keys = self.resolved.is_some()
            && pairs.len() == self.last_keys.len()
            && pairs.iter().zip(&self.last_keys).all(|((k, _), l)| k == l);
        if !same_keys {
            let keys: Vec<String> = pairs.iter().map(|(k, _)| k.clone()).collect();
            match self.options.mapping.resolve_present(&keys) {
                Ok(resolved) => self.resolved = Some(resolved),
                Err(e) => {
                    self.resolved = None;
                    self.last_keys.clear();
                    let reason = match e {
                        MapError::NoText { .. } => {
                            let named = self.options.mapping.column_for(Field::Text);
                            match named {
                                Some(name) => format!("no text (the element has no key {name:?})"),
                                None => format!(
                                    "no text (no key looks like the text; keys: {})",
                                    keys.iter()
                                        .map(|k| format!("{k:?}"))
                                        .collect::<Vec<_>>()
                                        .join(", ")
                                ),
                            }
                        }
                        other => other.to_string(),
                    };
                    return Row::Bad(BadRow { line, reason });
                }
            }
            self.last_keys = keys;
        }
        let values: Vec<String> = pairs.into_iter().map(|(_, v)| v).collect();
        let resolved = self.resolved.as_ref().expect("resolved above");
        build(line, resolved, &values, &self.options)
    }
}

impl<R: Read> Iterator for TextReader<R> {
    type Item = Result<Row, ImportError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.failed {
            return None;
        }
        match self.next_row() {
            Ok(row) => row.map(Ok),
            Err(e) => {
                self.failed = true;
                Some(Err(e))
            }
        }
    }
}

/// Reads an Excel workbook's first sheet (or [`Options::sheet`]), calling `on_columns`
/// once with the header's mapping and `on_row` with each row; either may break to stop.
///
/// The rows are streamed, but an `.xlsx` file is a zip whose sheet refers to a shared
/// string table: that table is held in memory whole (about the size of the sheet's
/// distinct text), so memory grows with the file, not with one row. The table's size as
/// the zip's directory declares it is checked against
/// [`Limits::max_workbook_text_bytes`] before anything is decompressed; a forged
/// directory can understate it, so bound the file's size too.
pub fn read_xlsx<R: Read + Seek>(
    input: R,
    options: &Options,
    mut on_columns: impl FnMut(&Resolved) -> ControlFlow<()>,
    mut on_row: impl FnMut(Row) -> ControlFlow<()>,
) -> Result<(), ImportError> {
    let mut resolved: Option<Resolved> = None;
    let mut failure: Option<ImportError> = None;
    let result = xlsx::read_rows(input, options.sheet.as_deref(), options.limits, |row| {
        let (line, cells) = match row {
            xlsx::XlsxRow::Bad { line, reason } => {
                if resolved.is_none() {
                    failure = Some(ImportError::Header { line, reason });
                    return ControlFlow::Break(());
                }
                return on_row(Row::Bad(BadRow { line, reason }));
            }
            xlsx::XlsxRow::Cells { line, cells } => (line, cells),
        };
        match &resolved {
            None => {
                let columns: Vec<String> = cells.iter().map(|c| c.trim().to_string()).collect();
                match options.mapping.resolve(&columns) {
                    Ok(r) => {
                        let flow = on_columns(&r);
                        resolved = Some(r);
                        flow
                    }
                    Err(e) => {
                        failure = Some(e.into());
                        ControlFlow::Break(())
                    }
                }
            }
            Some(r) => {
                if cells.iter().all(|c| c.trim().is_empty()) {
                    return ControlFlow::Continue(());
                }
                let mut cells = cells;
                if cells.len() > r.columns().len() {
                    if cells[r.columns().len()..]
                        .iter()
                        .any(|c| !c.trim().is_empty())
                    {
                        return on_row(Row::Bad(BadRow {
                            line,
                            reason: format!(
                                "the row has values beyond the header's {} columns",
                                r.columns().len()
                            ),
                        }));
                    }
                    cells.truncate(r.columns().len());
                }
                cells.resize(r.columns().len(), String::new());
                on_row(build(line, r, &cells, options))
            }
        }
    });
    if let Some(e) = failure {
        return Err(e);
    }
    result.map_err(|message| ImportError::Malformed {
        line: None,
        message,
    })?;
    if resolved.is_none() {
        return Err(ImportError::NoHeader);
    }
    Ok(())
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// Makes a record of one row's values (one value a column of `resolved`).
fn build(line: u64, resolved: &Resolved, values: &[String], options: &Options) -> Row {
    let get = |field: Field| -> Option<&str> {
        let value = values.get(resolved.column(field)?)?.trim();
        (!value.is_empty()).then_some(value)
    };
    let column = |field: Field| resolved.column_name(field).unwrap_or("?");
    let mut text = get(Field::Text).map(str::to_string);
    let mut title = get(Field::Title).map(str::to_string);
    if text.is_none() {
        text = title.take();
    }
    let Some(text) = text else {
        return Row::Bad(BadRow {
            line,
            reason: format!("no text (column {:?} is empty)", column(Field::Text)),
        });
    };
    let date = match get(Field::Date) {
        None => None,
        Some(value) => match parse_date(value, options.date_order) {
            Some(d) => Some(d),
            None => {
                return Row::Bad(BadRow {
                    line,
                    reason: format!(
                        "the date {value:?} in column {:?} does not parse",
                        column(Field::Date)
                    ),
                });
            }
        },
    };
    // Emails and account ids identify; a name only stands in when nothing else does,
    // and never links rows (two customers may share a name).
    let mut identities: Vec<Customer> = Vec::new();
    if let Some(v) = get(Field::Email) {
        identities.extend(Customer::email(v));
    }
    if let Some(v) = get(Field::Account) {
        identities.extend(Customer::account(v));
    }
    if let Some(v) = get(Field::Customer) {
        match Customer::email(v) {
            Some(email) => identities.push(email),
            None if identities.is_empty() => identities.extend(Customer::name(v)),
            None => {}
        }
    }
    identities.dedup();
    let mut identities = identities.into_iter();
    let customer = identities.next();
    let aliases: Vec<Customer> = identities.collect();
    Row::Record(Record {
        line,
        text,
        title,
        date,
        source: get(Field::Source)
            .map(|s| s.to_string())
            .or_else(|| options.source.clone()),
        customer,
        aliases,
        rating: get(Field::Rating).and_then(Rating::parse),
        link: get(Field::Link).map(str::to_string),
        id: get(Field::Id).map(str::to_string),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_come_from_extensions() {
        let cases = [
            ("export.CSV", Some(Format::Csv)),
            ("reviews.tsv", Some(Format::Tsv)),
            ("a.b.json", Some(Format::Json)),
            ("events.ndjson", Some(Format::JsonLines)),
            ("survey.xlsx", Some(Format::Xlsx)),
            ("survey.xls", None),
            ("README", None),
        ];
        for (name, want) in cases {
            assert_eq!(Format::from_file_name(name), want, "{name}");
        }
    }

    #[test]
    fn a_row_of_the_wrong_width_is_bad_and_the_next_is_read() {
        let input = "Body,Email\nfine,a@b.test\nshort\nalso fine,c@d.test\n";
        let rows: Vec<Row> = TextReader::new(input.as_bytes(), Format::Csv, Options::default())
            .unwrap()
            .map(Result::unwrap)
            .collect();
        assert_eq!(rows.len(), 3);
        assert_eq!(
            rows[1],
            Row::Bad(BadRow {
                line: 3,
                reason: "the row has 1 field where the header has 2".into()
            })
        );
        assert!(matches!(&rows[2], Row::Record(r) if r.line == 4 && r.text == "also fine"));
    }
}
