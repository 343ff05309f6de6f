//! JSON arrays, read an element at a time, and JSON Lines, a line at a time.
//!
//! The array reader finds each element's bytes by its brackets and strings (never
//! holding more than one element, bounded by [`Limits::max_row_bytes`]), notes the line
//! where it starts, and parses it alone: a malformed element is one bad row and the next
//! element is read as usual. Only damage to the array itself (no `[`, a missing comma,
//! the file ending inside an element) stops the reading.

use std::io::{self, Read};

use serde_json::{Map, Value};

use super::Limits;
use super::bytes::Bytes;

/// An element as flat `key → text` pairs, nested objects as `outer.inner` keys.
pub(crate) enum RawObject {
    Object {
        line: u64,
        pairs: Vec<(String, String)>,
    },
    Bad {
        line: u64,
        reason: String,
    },
}

/// Damage to the array itself.
#[derive(Debug)]
pub(crate) enum Structure {
    Io(io::Error),
    Broken { line: u64, message: String },
}

impl From<io::Error> for Structure {
    fn from(e: io::Error) -> Structure {
        Structure::Io(e)
    }
}

pub(crate) struct JsonArray<R> {
    bytes: Bytes<R>,
    limits: Limits,
    started: bool,
    done: bool,
    buf: Vec<u8>,
}

impl<R: Read> JsonArray<R> {
    pub fn new(input: R, limits: Limits) -> JsonArray<R> {
        JsonArray {
            bytes: Bytes::new(input),
            limits,
            started: false,
            done: false,
            buf: Vec::new(),
        }
    }

    fn skip_space(&mut self) -> io::Result<Option<u8>> {
        while let Some(b) = self.bytes.peek()? {
            if matches!(b, b' ' | b'\t' | b'\r' | b'\n') {
                self.bytes.next()?;
            } else if b == 0xEF && !self.started {
                // A byte-order mark.
                for _ in 0..3 {
                    self.bytes.next()?;
                }
            } else {
                return Ok(Some(b));
            }
        }
        Ok(None)
    }

    fn broken(&mut self, message: String) -> Structure {
        self.done = true;
        Structure::Broken {
            line: self.bytes.line,
            message,
        }
    }

    pub fn next_object(&mut self) -> Result<Option<RawObject>, Structure> {
        if self.done {
            return Ok(None);
        }
        if !self.started {
            match self.skip_space()? {
                Some(b'[') => {
                    self.bytes.next()?;
                    self.started = true;
                }
                Some(other) => {
                    return Err(self.broken(format!(
                        "a JSON file must hold an array of objects, found {:?} (for one object a line, use JSON Lines)",
                        other as char
                    )));
                }
                None => return Err(self.broken("the file is empty".to_string())),
            }
            if self.skip_space()? == Some(b']') {
                self.bytes.next()?;
                self.done = true;
                return Ok(None);
            }
        } else {
            match self.skip_space()? {
                Some(b',') => {
                    self.bytes.next()?;
                    // A trailing comma before the end (`[{…},]`) is forgiven.
                    if self.skip_space()? == Some(b']') {
                        self.bytes.next()?;
                        self.done = true;
                        return Ok(None);
                    }
                }
                Some(b']') => {
                    self.bytes.next()?;
                    self.done = true;
                    return match self.skip_space()? {
                        None => Ok(None),
                        Some(b) => Err(self
                            .broken(format!("text after the end of the array: {:?}", b as char))),
                    };
                }
                Some(b) => {
                    return Err(self.broken(format!(
                        "expected a comma or the end of the array, found {:?}",
                        b as char
                    )));
                }
                None => return Err(self.broken("the file ends inside the array".to_string())),
            }
        }
        if self.skip_space()?.is_none() {
            return Err(self.broken("the file ends inside the array".to_string()));
        }
        let line = self.bytes.line;
        let too_long = self.scan_element(line)?;
        if too_long {
            return Ok(Some(RawObject::Bad {
                line,
                reason: format!(
                    "the element is longer than {} bytes",
                    self.limits.max_row_bytes
                ),
            }));
        }
        Ok(Some(object_of(line, &self.buf)))
    }

    /// Copies one element into `buf` (at most the row bound); true when it was longer.
    fn scan_element(&mut self, line: u64) -> Result<bool, Structure> {
        self.buf.clear();
        let max = self.limits.max_row_bytes;
        let mut too_long = false;
        let mut depth = 0usize;
        let mut in_string = false;
        let mut escaped = false;
        loop {
            let Some(b) = self.bytes.peek()? else {
                return Err(self.broken(format!(
                    "the file ends inside the element that starts on line {line}"
                )));
            };
            if !in_string && depth == 0 && (!self.buf.is_empty() || too_long) {
                // A scalar ends at a delimiter.
                if matches!(b, b',' | b']' | b' ' | b'\t' | b'\r' | b'\n') {
                    return Ok(too_long);
                }
            }
            self.bytes.next()?;
            if self.buf.len() < max {
                self.buf.push(b);
            } else {
                too_long = true;
            }
            if in_string {
                if escaped {
                    escaped = false;
                } else if b == b'\\' {
                    escaped = true;
                } else if b == b'"' {
                    in_string = false;
                    if depth == 0 {
                        return Ok(too_long);
                    }
                }
            } else {
                match b {
                    b'"' => in_string = true,
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth = depth.saturating_sub(1);
                        if depth == 0 {
                            return Ok(too_long);
                        }
                    }
                    _ => {}
                }
            }
        }
    }
}

pub(crate) struct JsonLines<R> {
    bytes: Bytes<R>,
    limits: Limits,
}

impl<R: Read> JsonLines<R> {
    pub fn new(input: R, limits: Limits) -> JsonLines<R> {
        JsonLines {
            bytes: Bytes::new(input),
            limits,
        }
    }

    pub fn next_object(&mut self) -> io::Result<Option<RawObject>> {
        loop {
            let Some(mut line) = self.bytes.read_line(self.limits.max_row_bytes)? else {
                return Ok(None);
            };
            if line.number == 1 && line.bytes.starts_with(b"\xEF\xBB\xBF") {
                line.bytes.drain(..3);
            }
            if line.too_long {
                return Ok(Some(RawObject::Bad {
                    line: line.number,
                    reason: format!(
                        "the line is longer than {} bytes",
                        self.limits.max_row_bytes
                    ),
                }));
            }
            if line.bytes.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            return Ok(Some(object_of(line.number, &line.bytes)));
        }
    }
}

fn object_of(line: u64, bytes: &[u8]) -> RawObject {
    match serde_json::from_slice::<Value>(bytes) {
        Ok(Value::Object(map)) => {
            let mut pairs = Vec::with_capacity(map.len());
            flatten("", map, 0, &mut pairs);
            RawObject::Object { line, pairs }
        }
        Ok(other) => RawObject::Bad {
            line,
            reason: format!("the element is {}, not an object", kind_of(&other)),
        },
        Err(e) => RawObject::Bad {
            line: line + e.line().saturating_sub(1) as u64,
            reason: format!("not valid JSON: {}", message_of(&e)),
        },
    }
}

fn message_of(e: &serde_json::Error) -> String {
    // serde_json appends " at line L column C"; the line is reported separately.
    let text = e.to_string();
    match text.rfind(" at line ") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}

fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn flatten(prefix: &str, map: Map<String, Value>, depth: usize, out: &mut Vec<(String, String)>) {
    for (key, value) in map {
        let key = if prefix.is_empty() {
            key
        } else {
            format!("{prefix}.{key}")
        };
        match value {
            Value::String(s) => out.push((key, s)),
            Value::Number(n) => out.push((key, n.to_string())),
            Value::Bool(b) => out.push((key, b.to_string())),
            Value::Object(inner) if depth < 3 => flatten(&key, inner, depth + 1, out),
            Value::Object(_) | Value::Array(_) | Value::Null => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(o: RawObject) -> String {
        match o {
            RawObject::Object { line, pairs } => {
                let pairs: Vec<String> = pairs.iter().map(|(k, v)| format!("{k}={v}")).collect();
                format!("{line}: {}", pairs.join(" "))
            }
            RawObject::Bad { line, reason } => format!("{line}! {reason}"),
        }
    }

    fn array(input: &str, limits: Limits) -> Vec<String> {
        let mut reader = JsonArray::new(input.as_bytes(), limits);
        let mut out = Vec::new();
        loop {
            match reader.next_object() {
                Ok(Some(o)) => out.push(show(o)),
                Ok(None) => break,
                Err(Structure::Broken { line, message }) => {
                    out.push(format!("{line}!! {message}"));
                    break;
                }
                Err(Structure::Io(e)) => panic!("{e}"),
            }
        }
        out
    }

    #[test]
    fn elements_keep_the_line_they_start_on_and_nested_keys_flatten() {
        let input = "[\n  {\"body\": \"a, [b] \\\"c\\\"\", \"user\": {\"email\": \"x@y.io\"}},\n  {\"body\":\n \"two\", \"n\": 5, \"ok\": true, \"tags\": [1]}\n]\n";
        assert_eq!(
            array(input, Limits::default()),
            [
                "2: body=a, [b] \"c\" user.email=x@y.io",
                "3: body=two n=5 ok=true"
            ]
        );
    }

    #[test]
    fn a_bad_element_is_one_bad_row_and_the_next_is_read() {
        let input = "[{\"body\": \"a\"},\n{\"body\": tru},\n\"text\",\n{\"body\": \"b\"}]";
        assert_eq!(
            array(input, Limits::default()),
            [
                "1: body=a",
                "2! not valid JSON: expected ident",
                "3! the element is a string, not an object",
                "4: body=b"
            ]
        );
    }

    #[test]
    fn damage_to_the_array_stops_with_its_line() {
        assert_eq!(
            array("[{\"body\": \"a\"},\n]", Limits::default()),
            ["1: body=a"]
        );
        assert_eq!(array(" [ ] ", Limits::default()), Vec::<String>::new());
        assert_eq!(
            array("{\"body\": 1}", Limits::default()),
            [
                "1!! a JSON file must hold an array of objects, found '{' (for one object a line, use JSON Lines)"
            ]
        );
        assert_eq!(
            array("[{\"body\": \"a\"}\n{\"body\": \"b\"}]", Limits::default()),
            [
                "1: body=a",
                "2!! expected a comma or the end of the array, found '{'"
            ]
        );
        assert_eq!(
            array("[{\"body\": \"a\"},\n{\"body\": \"b", Limits::default()),
            [
                "1: body=a",
                "2!! the file ends inside the element that starts on line 2"
            ]
        );
        let limits = Limits {
            max_field_bytes: 8,
            max_row_bytes: 16,
            ..Limits::default()
        };
        assert_eq!(
            array(
                "[{\"body\": \"long enough to overflow\"}, {\"b\": \"c\"}]",
                limits
            ),
            ["1! the element is longer than 16 bytes", "1: b=c"]
        );
    }

    #[test]
    fn json_lines_skip_blanks_and_report_bad_lines() {
        let input = "{\"body\": \"a\"}\n\n{\"body\": \n[1]\n{\"body\": \"b\"}\n";
        let mut reader = JsonLines::new(input.as_bytes(), Limits::default());
        let mut out = Vec::new();
        while let Some(o) = reader.next_object().unwrap() {
            out.push(show(o));
        }
        assert_eq!(
            out,
            [
                "1: body=a",
                "3! not valid JSON: EOF while parsing a value",
                "4! the element is an array, not an object",
                "5: body=b"
            ]
        );
    }
}
