//! Loading a file's bytes into text, and mapping byte offsets to lines and columns.
//!
//! Loading is the one place a document can be refused outright: bytes that are not
//! UTF-8, that look binary, that are empty or that exceed the size limit. Everything
//! after loading is tolerant and never fails.

use std::fmt;

/// The default largest file the loader accepts, in bytes (10 MB).
pub const DEFAULT_MAX_BYTES: usize = 10 * 1024 * 1024;

/// Why a file's bytes cannot be read as a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoadError {
    /// The file has no text at all (or only white space).
    Empty,
    /// The file is larger than the configured limit.
    TooLarge { bytes: usize, limit: usize },
    /// The bytes are not valid UTF-8; the position is of the first bad byte.
    NotUtf8 { line: usize, column: usize },
    /// The file contains NUL bytes, so it is almost certainly not text.
    Binary { line: usize, column: usize },
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoadError::Empty => write!(f, "the file is empty"),
            LoadError::TooLarge { bytes, limit } => write!(
                f,
                "the file is {bytes} bytes, over the limit of {limit} bytes (set `max-file-bytes` in prfaq.toml to raise it)"
            ),
            LoadError::NotUtf8 { line, column } => write!(
                f,
                "the file is not UTF-8 text: invalid byte at line {line}, column {column}"
            ),
            LoadError::Binary { line, column } => write!(
                f,
                "the file looks binary: NUL byte at line {line}, column {column}"
            ),
        }
    }
}

impl std::error::Error for LoadError {}

/// Turns raw bytes into document text: refuses what is not text and strips a byte-order mark.
pub fn load(bytes: &[u8], max_bytes: usize) -> Result<String, LoadError> {
    if bytes.len() > max_bytes {
        return Err(LoadError::TooLarge {
            bytes: bytes.len(),
            limit: max_bytes,
        });
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Some(at) = memchr::memchr(0, bytes) {
        let (line, column) = position_in_bytes(bytes, at);
        return Err(LoadError::Binary { line, column });
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(err) => {
            let (line, column) = position_in_bytes(bytes, err.valid_up_to());
            return Err(LoadError::NotUtf8 { line, column });
        }
    };
    if text.trim().is_empty() {
        return Err(LoadError::Empty);
    }
    Ok(text.to_owned())
}

/// Line and column (both 1-based, column in characters) of a byte offset in bytes that
/// are valid UTF-8 up to that offset.
fn position_in_bytes(bytes: &[u8], at: usize) -> (usize, usize) {
    let valid = String::from_utf8_lossy(&bytes[..at]);
    let index = LineIndex::new(&valid);
    let pos = index.position(&valid, valid.len());
    (pos.line, pos.column)
}

/// A 1-based line and column; the column counts Unicode scalar values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

/// The byte offsets at which each line starts, for turning offsets into positions.
///
/// `\n`, `\r\n` and a lone `\r` all end a line, as in CommonMark, so positions agree
/// with what the Markdown parser saw whatever line endings the file mixes.
#[derive(Debug, Clone, Default)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        // Most files end lines with `\n` alone: then a fast search for it serves.
        if memchr::memchr(b'\r', bytes).is_none() {
            starts.extend(memchr::memchr_iter(b'\n', bytes).map(|i| i + 1));
            return LineIndex { starts };
        }
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'\n' => starts.push(i + 1),
                b'\r' if bytes.get(i + 1) != Some(&b'\n') => starts.push(i + 1),
                _ => {}
            }
            i += 1;
        }
        LineIndex { starts }
    }

    /// The number of lines.
    pub fn len(&self) -> usize {
        self.starts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.starts.is_empty()
    }

    /// The 0-based line that contains `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(line) => line,
            Err(next) => next - 1,
        }
    }

    /// The byte offset where a 0-based line starts.
    pub fn line_start(&self, line: usize) -> usize {
        self.starts.get(line).copied().unwrap_or(usize::MAX)
    }

    /// The text of a 0-based line without its line ending.
    pub fn line_text<'a>(&self, text: &'a str, line: usize) -> &'a str {
        let start = self
            .starts
            .get(line)
            .copied()
            .unwrap_or(text.len())
            .min(text.len());
        let end = self
            .starts
            .get(line + 1)
            .copied()
            .unwrap_or(text.len())
            .min(text.len());
        text[start..end].trim_end_matches(['\n', '\r'])
    }

    /// The 1-based position of a byte offset (clamped into the text and onto a char boundary).
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_of(offset);
        let start = self.starts[line];
        let column = text[start..offset].chars().count() + 1;
        Position {
            line: line + 1,
            column,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_with_mixed_line_endings() {
        let text = "ab\r\ncd\ref\ngé h";
        let index = LineIndex::new(text);
        assert_eq!(index.len(), 4);
        assert_eq!(index.position(text, 0), Position { line: 1, column: 1 });
        assert_eq!(index.position(text, 4), Position { line: 2, column: 1 });
        assert_eq!(index.position(text, 7), Position { line: 3, column: 1 });
        let h = text.find('h').unwrap();
        assert_eq!(index.position(text, h), Position { line: 4, column: 4 });
        assert_eq!(index.line_text(text, 0), "ab");
        assert_eq!(index.line_text(text, 1), "cd");
    }

    #[test]
    fn load_refuses_what_is_not_text() {
        assert_eq!(load(b"", 100), Err(LoadError::Empty));
        assert_eq!(load(b"  \n\t", 100), Err(LoadError::Empty));
        assert_eq!(
            load(b"ab\ncd\0", 100),
            Err(LoadError::Binary { line: 2, column: 3 })
        );
        assert_eq!(
            load(b"ok\n\xff", 100),
            Err(LoadError::NotUtf8 { line: 2, column: 1 })
        );
        assert!(matches!(load(b"hello", 3), Err(LoadError::TooLarge { .. })));
        assert_eq!(load(b"\xEF\xBB\xBF# Hi", 100).unwrap(), "# Hi");
    }
}
