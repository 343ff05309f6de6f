//! CSV and TSV, read a record at a time.
//!
//! The dialect is RFC 4180's with the leniencies real exports need: a quote inside an
//! unquoted field is a plain character (`5" screen`), CRLF or LF line ends, blank lines
//! skipped, a byte-order mark dropped. What breaks a row is reported, never guessed
//! around: text after a closing quote, a quote never closed, a field or row over the
//! bound, bytes that are not UTF-8. After a quoting error the reader starts again at the
//! line after the one where the broken row began, so one stray quote costs one row, not
//! the rest of the file. In TSV, where most writers never quote, a line whose quotes do
//! not make a well-formed quoted field is read as written, split at its tabs (`"Great"
//! picture` is a sentence, not a broken row). Memory is one row (bounded by
//! [`Limits::max_row_bytes`]).
//!
//! Why not the `csv` crate: it reads a quote left open to the end of the file as one
//! field, joins text after a closing quote to the field, and grows a record without
//! bound; none of that can be reported as a bad row or recovered from, and an import must
//! report each broken row by its line and keep every good one.

use std::collections::VecDeque;
use std::io::{self, Read};

use super::Limits;
use super::bytes::{Bytes, Line};

/// A parsed row: its first line and its fields, or why it is broken.
pub(crate) enum RawRow {
    Fields { line: u64, fields: Vec<String> },
    Bad { line: u64, reason: String },
}

pub(crate) struct Delimited<R> {
    bytes: Bytes<R>,
    delimiter: u8,
    limits: Limits,
    /// Lines to read again after a quoting error.
    pending: VecDeque<Line>,
    first: bool,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    FieldStart,
    Unquoted,
    Quoted,
    /// Just after a quote inside a quoted field: the field's end or an escaped quote.
    QuoteInQuoted,
}

impl<R: Read> Delimited<R> {
    pub fn new(input: R, delimiter: u8, limits: Limits) -> Delimited<R> {
        Delimited {
            bytes: Bytes::new(input),
            delimiter,
            limits,
            pending: VecDeque::new(),
            first: true,
        }
    }

    fn take_line(&mut self) -> io::Result<Option<Line>> {
        if let Some(line) = self.pending.pop_front() {
            return Ok(Some(line));
        }
        let line = self.bytes.read_line(self.limits.max_row_bytes)?;
        if self.first {
            self.first = false;
            if let Some(mut line) = line {
                if line.bytes.starts_with(b"\xEF\xBB\xBF") {
                    line.bytes.drain(..3);
                }
                return Ok(Some(line));
            }
        }
        Ok(line)
    }

    /// The next row; `None` at the end of the input.
    pub fn next_row(&mut self) -> io::Result<Option<RawRow>> {
        let first = loop {
            let Some(line) = self.take_line()? else {
                return Ok(None);
            };
            if line.too_long {
                return Ok(Some(RawRow::Bad {
                    line: line.number,
                    reason: format!("the row is longer than {} bytes", self.limits.max_row_bytes),
                }));
            }
            if !line.bytes.iter().all(u8::is_ascii_whitespace) {
                break line;
            }
        };
        let start = first.number;
        // A TSV line with a quote in it, kept to be read as written if its quotes do not
        // make a quoted field.
        let literal =
            (self.delimiter == b'\t' && first.bytes.contains(&b'"')).then(|| first.bytes.clone());
        let max_field = self.limits.max_field_bytes;
        let delimiter = self.delimiter;
        let mut fields: Vec<Vec<u8>> = Vec::new();
        let mut field: Vec<u8> = Vec::new();
        let mut field_too_long: Option<usize> = None;
        let mut state = State::FieldStart;
        let mut quote_line = start;
        let mut row_bytes = 0usize;
        // Continuation lines of a quoted field, kept to read again if the row breaks.
        let mut used: Vec<Line> = Vec::new();
        let mut current = first;
        loop {
            row_bytes += current.bytes.len() + 1;
            for &b in &current.bytes {
                match state {
                    State::FieldStart => {
                        if b == b'"' {
                            state = State::Quoted;
                            quote_line = current.number;
                        } else if b == delimiter {
                            fields.push(std::mem::take(&mut field));
                        } else {
                            field.push(b);
                            state = State::Unquoted;
                        }
                    }
                    State::Unquoted => {
                        if b == delimiter {
                            fields.push(std::mem::take(&mut field));
                            state = State::FieldStart;
                        } else {
                            field.push(b);
                        }
                    }
                    State::Quoted => {
                        if b == b'"' {
                            state = State::QuoteInQuoted;
                        } else {
                            field.push(b);
                        }
                    }
                    State::QuoteInQuoted => {
                        if b == b'"' {
                            field.push(b'"');
                            state = State::Quoted;
                        } else if b == delimiter {
                            fields.push(std::mem::take(&mut field));
                            state = State::FieldStart;
                        } else {
                            let reason = format!(
                                "text after the closing quote of field {} on line {} (a quote inside a quoted field is written \"\")",
                                fields.len() + 1,
                                current.number
                            );
                            return Ok(Some(self.broken(start, used, literal, reason)));
                        }
                    }
                }
                if field.len() > max_field {
                    field_too_long.get_or_insert(fields.len() + 1);
                    field.clear();
                }
            }
            if state != State::Quoted {
                break;
            }
            // The line ended inside a quoted field: the field goes on on the next line.
            field.push(b'\n');
            let next = self.take_line()?;
            match next {
                None => {
                    let reason = format!("a quote opened on line {quote_line} is never closed");
                    return Ok(Some(self.broken(start, used, literal, reason)));
                }
                Some(line)
                    if line.too_long
                        || row_bytes + line.bytes.len() > self.limits.max_row_bytes =>
                {
                    let reason = format!(
                        "a quote opened on line {quote_line} is not closed within {} bytes",
                        self.limits.max_row_bytes
                    );
                    used.push(line);
                    return Ok(Some(self.broken(start, used, literal, reason)));
                }
                Some(line) => {
                    used.push(Line {
                        number: line.number,
                        bytes: line.bytes.clone(),
                        too_long: false,
                    });
                    current = line;
                }
            }
        }
        fields.push(field);
        Ok(Some(finish(start, fields, field_too_long, max_field)))
    }

    /// Reports a row broken by its quoting (or, for a TSV line kept as `literal`, reads
    /// that line as written) and queues the lines after its first to be read again.
    fn broken(
        &mut self,
        start: u64,
        used: Vec<Line>,
        literal: Option<Vec<u8>>,
        reason: String,
    ) -> RawRow {
        for line in used.into_iter().rev() {
            self.pending.push_front(line);
        }
        match literal {
            Some(bytes) => {
                let max_field = self.limits.max_field_bytes;
                let fields: Vec<Vec<u8>> = bytes
                    .split(|&b| b == self.delimiter)
                    .map(<[u8]>::to_vec)
                    .collect();
                let too_long = fields
                    .iter()
                    .position(|f| f.len() > max_field)
                    .map(|i| i + 1);
                finish(start, fields, too_long, max_field)
            }
            None => RawRow::Bad {
                line: start,
                reason,
            },
        }
    }
}

/// A row's fields as text, or why it is broken: a field over the bound (`too_long`, its
/// 1-based index) or not UTF-8.
fn finish(start: u64, fields: Vec<Vec<u8>>, too_long: Option<usize>, max_field: usize) -> RawRow {
    if let Some(index) = too_long {
        return RawRow::Bad {
            line: start,
            reason: format!("field {index} is longer than {max_field} bytes"),
        };
    }
    let mut out = Vec::with_capacity(fields.len());
    for (i, bytes) in fields.into_iter().enumerate() {
        match String::from_utf8(bytes) {
            Ok(s) => out.push(s),
            Err(_) => {
                return RawRow::Bad {
                    line: start,
                    reason: format!("field {} is not UTF-8 text (save the file as UTF-8)", i + 1),
                };
            }
        }
    }
    RawRow::Fields {
        line: start,
        fields: out,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(input: &str, limits: Limits) -> Vec<String> {
        let mut reader = Delimited::new(input.as_bytes(), b',', limits);
        let mut out = Vec::new();
        while let Some(row) = reader.next_row().unwrap() {
            out.push(match row {
                RawRow::Fields { line, fields } => format!("{line}: {}", fields.join("|")),
                RawRow::Bad { line, reason } => format!("{line}! {reason}"),
            });
        }
        out
    }

    #[test]
    fn quoted_fields_span_lines_and_escape_quotes() {
        let input = "\u{FEFF}a,b\r\n\"x, \"\"y\"\"\",2\r\n\r\n\"multi\nline\",3\n5\" screen,4\n";
        assert_eq!(
            rows(input, Limits::default()),
            [
                "1: a|b",
                "2: x, \"y\"|2",
                "4: multi\nline|3",
                "6: 5\" screen|4"
            ]
        );
    }

    #[test]
    fn a_broken_quote_costs_one_row() {
        let input = "a,b\n\"open,1\n2,two\n3,three\n";
        assert_eq!(
            rows(input, Limits::default()),
            [
                "1: a|b",
                "2! a quote opened on line 2 is never closed",
                "3: 2|two",
                "4: 3|three"
            ]
        );
        let input = "a,b\n\"x\"y,1\n2,two\n";
        assert_eq!(
            rows(input, Limits::default()),
            [
                "1: a|b",
                "2! text after the closing quote of field 1 on line 2 (a quote inside a quoted field is written \"\")",
                "3: 2|two"
            ]
        );
    }

    #[test]
    fn a_tsv_line_whose_quotes_make_no_quoted_field_is_read_as_written() {
        let input = "id\ttext\n1\t\"Great\" picture, poor sound\n2\t\"never closed\n3\t\"quoted\ttab\"\n4\t\"two\nlines\"\n";
        let mut reader = Delimited::new(input.as_bytes(), b'\t', Limits::default());
        let mut out = Vec::new();
        while let Some(row) = reader.next_row().unwrap() {
            out.push(match row {
                RawRow::Fields { line, fields } => format!("{line}: {}", fields.join("|")),
                RawRow::Bad { line, reason } => format!("{line}! {reason}"),
            });
        }
        assert_eq!(
            out,
            [
                "1: id|text",
                "2: 1|\"Great\" picture, poor sound",
                // A quote never closed takes no line after it: the line stands as written.
                "3: 2|\"never closed",
                // Well-formed quoted fields keep their tabs and line breaks.
                "4: 3|quoted\ttab",
                "5: 4|two\nlines",
            ]
        );
    }

    #[test]
    fn fields_and_rows_are_bounded() {
        let limits = Limits {
            max_field_bytes: 4,
            max_row_bytes: 12,
            ..Limits::default()
        };
        let input = "a,b\nshort,1\nok,2\nthis row is far too long\n\"a\nb\nc\nd\ne\nf\",1\nx,y\n";
        assert_eq!(
            rows(input, limits),
            [
                "1: a|b",
                "2! field 1 is longer than 4 bytes",
                "3: ok|2",
                "4! the row is longer than 12 bytes",
                "5! a quote opened on line 5 is not closed within 12 bytes",
                "6: b",
                "7: c",
                "8: d",
                "9: e",
                "10: f\"|1",
                "11: x|y",
            ]
        );
    }

    #[test]
    fn invalid_utf8_is_a_bad_row() {
        let mut reader = Delimited::new(&b"a,b\nx,\xff\xfe\ny,z\n"[..], b',', Limits::default());
        let mut out = Vec::new();
        while let Some(row) = reader.next_row().unwrap() {
            out.push(match row {
                RawRow::Fields { line, .. } => format!("{line} ok"),
                RawRow::Bad { line, reason } => format!("{line} {reason}"),
            });
        }
        assert_eq!(
            out,
            [
                "1 ok",
                "2 field 2 is not UTF-8 text (save the file as UTF-8)",
                "3 ok"
            ]
        );
    }
}
