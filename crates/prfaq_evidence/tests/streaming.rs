//! The readers stream: they hand out rows from an input that never ends, and no input,
//! however broken, makes them panic or lose track of lines.

use std::io::Read;

use prfaq_evidence::{DateOrder, Format, Limits, Options, Row, TextReader, parse_date};
use proptest::prelude::*;

/// A header, then the same row forever.
struct Endless {
    head: Vec<u8>,
    row: Vec<u8>,
    pos: usize,
}

impl Read for Endless {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let mut n = 0;
        while n < buf.len() {
            let source = if self.pos < self.head.len() {
                &self.head[self.pos..]
            } else {
                let at = (self.pos - self.head.len()) % self.row.len();
                &self.row[at..]
            };
            let take = source.len().min(buf.len() - n);
            buf[n..n + take].copy_from_slice(&source[..take]);
            n += take;
            self.pos += take;
        }
        Ok(n)
    }
}

fn endless(head: &str, row: &str) -> Endless {
    Endless {
        head: head.as_bytes().to_vec(),
        row: row.as_bytes().to_vec(),
        pos: 0,
    }
}

#[test]
fn rows_come_out_of_an_input_that_never_ends() {
    let cases = [
        (
            Format::Csv,
            endless("Body,Email\n", "\"Slow, \"\"really\"\"\",a@b.test\n"),
        ),
        (Format::Tsv, endless("Body\tEmail\n", "Slow\ta@b.test\n")),
        (Format::Json, endless("[", "{\"body\": \"Slow\"},\n")),
        (Format::JsonLines, endless("", "{\"body\": \"Slow\"}\n")),
    ];
    for (format, input) in cases {
        let reader = TextReader::new(input, format, Options::default()).unwrap();
        let rows: Vec<Row> = reader.take(10_000).map(Result::unwrap).collect();
        assert_eq!(rows.len(), 10_000, "{format:?}");
        let last = match &rows[9_999] {
            Row::Record(r) => r.line,
            Row::Bad(b) => panic!("{format:?}: {}", b.reason),
        };
        let want = match format {
            Format::Csv | Format::Tsv => 10_001,
            _ => 10_000,
        };
        assert_eq!(last, want, "{format:?}");
    }
}

#[test]
fn a_quote_never_closed_in_an_endless_input_is_bounded() {
    let limits = Limits {
        max_field_bytes: 1024,
        max_row_bytes: 4096,
        ..Limits::default()
    };
    let options = Options {
        limits,
        ..Options::default()
    };
    let input = endless(
        "Body,Email\n\"open,a@b.test\n",
        "more text without a quote\n",
    );
    let mut reader = TextReader::new(input, Format::Csv, options).unwrap();
    match reader.next().unwrap().unwrap() {
        Row::Bad(bad) => {
            assert_eq!(bad.line, 2);
            assert_eq!(
                bad.reason,
                "a quote opened on line 2 is not closed within 4096 bytes"
            );
        }
        Row::Record(r) => panic!("{r:?}"),
    }
    // The lines after the broken one are read again as rows of one field.
    match reader.next().unwrap().unwrap() {
        Row::Bad(bad) => assert_eq!(bad.line, 3),
        Row::Record(r) => panic!("{r:?}"),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn no_input_makes_a_reader_panic_and_lines_only_grow(
        bytes in proptest::collection::vec(0usize..32, 0..400),
        format in prop_oneof![Just(Format::Csv), Just(Format::Tsv), Just(Format::Json), Just(Format::JsonLines)],
    ) {
        let mut input = match format {
            Format::Csv => b"Body,Email,Date\n".to_vec(),
            Format::Tsv => b"Body\tEmail\tDate\n".to_vec(),
            Format::Json => b"[".to_vec(),
            _ => Vec::new(),
        };
        // Mostly the bytes that matter to the formats, some of any kind.
        const SPECIAL: &[u8] = b"\",\t\n\r{}[]:\\a@ x1-/";
        input.extend(bytes.iter().map(|&i| if i < SPECIAL.len() { SPECIAL[i] } else { (i * 37 + 128) as u8 }));
        let lines = input.iter().filter(|&&b| b == b'\n').count() as u64 + 1;
        let options = Options {
            limits: Limits { max_field_bytes: 64, max_row_bytes: 128, ..Limits::default() },
            ..Options::default()
        };
        let Ok(reader) = TextReader::new(input.as_slice(), format, options) else {
            return Ok(());
        };
        let mut last = 0u64;
        for row in reader {
            let Ok(row) = row else { break };
            let line = match &row {
                Row::Record(r) => r.line,
                Row::Bad(b) => b.line,
            };
            prop_assert!(line >= last && line >= 1 && line <= lines, "line {line} after {last} of {lines}");
            last = line;
        }
    }

    #[test]
    fn no_text_makes_the_date_parser_panic(text in "\\PC{0,40}") {
        let _ = parse_date(&text, DateOrder::MonthFirst);
        let _ = parse_date(&text, DateOrder::DayFirst);
    }
}
