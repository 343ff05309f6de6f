//! A byte source over any `Read` with its own buffer, counting lines, reading bounded
//! lines: the base of the streaming readers.

use std::io::{self, Read};

const BUFFER: usize = 64 * 1024;

pub(crate) struct Bytes<R> {
    input: R,
    buf: Box<[u8]>,
    pos: usize,
    len: usize,
    eof: bool,
    /// The line of the next byte (1-based).
    pub line: u64,
}

/// One line read with [`Bytes::read_line`].
pub(crate) struct Line {
    pub number: u64,
    pub bytes: Vec<u8>,
    /// The line was longer than the bound; `bytes` holds its start only.
    pub too_long: bool,
}

impl<R: Read> Bytes<R> {
    pub fn new(input: R) -> Bytes<R> {
        Bytes {
            input,
            buf: vec![0; BUFFER].into_boxed_slice(),
            pos: 0,
            len: 0,
            eof: false,
            line: 1,
        }
    }

    fn fill(&mut self) -> io::Result<bool> {
        if self.pos < self.len {
            return Ok(true);
        }
        if self.eof {
            return Ok(false);
        }
        loop {
            match self.input.read(&mut self.buf) {
                Ok(0) => {
                    self.eof = true;
                    return Ok(false);
                }
                Ok(n) => {
                    self.pos = 0;
                    self.len = n;
                    return Ok(true);
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
    }

    pub fn peek(&mut self) -> io::Result<Option<u8>> {
        Ok(if self.fill()? {
            Some(self.buf[self.pos])
        } else {
            None
        })
    }

    pub fn next(&mut self) -> io::Result<Option<u8>> {
        if !self.fill()? {
            return Ok(None);
        }
        let b = self.buf[self.pos];
        self.pos += 1;
        if b == b'\n' {
            self.line += 1;
        }
        Ok(Some(b))
    }

    /// Reads up to the next `\n` (not included, a trailing `\r` dropped), keeping at most
    /// `max` bytes; `None` at the end of the input.
    pub fn read_line(&mut self, max: usize) -> io::Result<Option<Line>> {
        if !self.fill()? {
            return Ok(None);
        }
        let number = self.line;
        let mut bytes = Vec::new();
        let mut too_long = false;
        loop {
            if !self.fill()? {
                break;
            }
            let chunk = &self.buf[self.pos..self.len];
            let (end, found) = match chunk.iter().position(|&b| b == b'\n') {
                Some(i) => (i, true),
                None => (chunk.len(), false),
            };
            let room = max.saturating_sub(bytes.len());
            if end > room {
                too_long = true;
            }
            bytes.extend_from_slice(&chunk[..end.min(room)]);
            self.pos += end;
            if found {
                self.pos += 1;
                self.line += 1;
                break;
            }
        }
        if bytes.last() == Some(&b'\r') {
            bytes.pop();
        }
        Ok(Some(Line {
            number,
            bytes,
            too_long,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_numbered_bounded_and_stripped_of_carriage_returns() {
        let mut b = Bytes::new(&b"one\r\ntwo is long\n\nlast"[..]);
        let l = b.read_line(10).unwrap().unwrap();
        assert_eq!(
            (l.number, l.bytes.as_slice(), l.too_long),
            (1, &b"one"[..], false)
        );
        let l = b.read_line(3).unwrap().unwrap();
        assert_eq!(
            (l.number, l.bytes.as_slice(), l.too_long),
            (2, &b"two"[..], true)
        );
        let l = b.read_line(3).unwrap().unwrap();
        assert_eq!((l.number, l.bytes.len()), (3, 0));
        let l = b.read_line(10).unwrap().unwrap();
        assert_eq!((l.number, l.bytes.as_slice()), (4, &b"last"[..]));
        assert!(b.read_line(10).unwrap().is_none());
    }
}
