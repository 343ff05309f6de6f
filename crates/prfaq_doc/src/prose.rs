//! Prose: the readable text of one block with markup removed, mapped back to the file.
//!
//! Rules judge prose, never raw Markdown. Inline code and autolinks stand in the text as
//! one placeholder character ([`CODE`]) so that they count as a word in a sentence but
//! are never read as words themselves; link targets, images, HTML and emphasis markers
//! are left out. Every range of the text maps back to its exact bytes in the file.

use std::ops::Range;

/// Stands in the text for inline code, autolinks and other non-prose inline content.
pub const CODE: char = '\u{FFFC}';

/// True when `text` holds [`CODE`]. Its first byte is rare in prose: one SIMD search for
/// that byte, then the two after it compared. `str::contains` with a character beyond
/// ASCII runs a substring search instead, which costs ten times more on a short text.
pub fn has_code(text: &str) -> bool {
    const BYTES: [u8; 3] = [0xEF, 0xBF, 0xBC];
    let bytes = text.as_bytes();
    memchr::memchr_iter(BYTES[0], bytes).any(|at| bytes[at..].starts_with(&BYTES))
}

/// How an inline range of the text was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MarkKind {
    Strong,
    Emphasis,
    Link,
    Code,
}

/// A styled range of a prose text (byte range in [`Prose::text`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mark {
    pub kind: MarkKind,
    pub range: Range<usize>,
    /// The link target, for links.
    pub url: Option<String>,
}

/// One piece of text and where it came from.
#[derive(Debug, Clone)]
struct Segment {
    text: Range<usize>,
    source: Range<usize>,
    /// True when the text is a verbatim copy of the source bytes, so offsets map one to one.
    exact: bool,
}

/// The readable text of one block, with its mapping back to the file.
#[derive(Debug, Clone, Default)]
pub struct Prose {
    pub text: String,
    pub marks: Vec<Mark>,
    segments: Vec<Segment>,
}

impl Prose {
    /// Appends text that came from `source` in the file.
    pub(crate) fn push(&mut self, text: &str, source: Range<usize>, exact: bool) {
        if text.is_empty() {
            return;
        }
        let start = self.text.len();
        self.text.push_str(text);
        self.segments.push(Segment {
            text: start..self.text.len(),
            source,
            exact,
        });
    }

    /// True when the text is white space alone (read from its start only: the first
    /// character that is not white space answers).
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.text.trim_start().is_empty()
    }

    /// The file byte range of a byte range of [`Prose::text`].
    pub fn source_range(&self, range: Range<usize>) -> Range<usize> {
        if self.segments.is_empty() {
            return 0..0;
        }
        let start = self.source_offset(range.start, false);
        let end = if range.end > range.start {
            self.source_offset(range.end, true)
        } else {
            start
        };
        start..end.max(start)
    }

    /// Feeds `state` everything this prose is made of (text, marks and where each piece
    /// came from), with file offsets taken from `base`: two proses that hash alike read
    /// alike and map to the file alike, wherever each begins.
    pub fn hash_relative<H: std::hash::Hasher>(&self, base: usize, state: &mut H) {
        use std::hash::Hash;
        self.text.hash(state);
        for mark in &self.marks {
            (mark.kind, &mark.range, &mark.url).hash(state);
        }
        for seg in &self.segments {
            let source = seg.source.start.wrapping_sub(base)..seg.source.end.wrapping_sub(base);
            (&seg.text, source, seg.exact).hash(state);
        }
    }

    /// The file byte range this whole prose covers.
    pub fn source_span(&self) -> Range<usize> {
        match (self.segments.first(), self.segments.last()) {
            (Some(first), Some(last)) => first.source.start..last.source.end,
            _ => 0..0,
        }
    }

    fn source_offset(&self, offset: usize, is_end: bool) -> usize {
        // The segment that holds the offset: for an end, the one whose last byte is before it.
        let index = self
            .segments
            .partition_point(|seg| {
                if is_end {
                    seg.text.end < offset
                } else {
                    seg.text.end <= offset
                }
            })
            .min(self.segments.len() - 1);
        let seg = &self.segments[index];
        if seg.exact {
            let delta = offset.saturating_sub(seg.text.start).min(seg.source.len());
            seg.source.start + delta
        } else if is_end {
            seg.source.end
        } else {
            seg.source.start
        }
    }

    /// The ranges of text marked with `kind`.
    pub fn marks_of(&self, kind: MarkKind) -> impl Iterator<Item = &Mark> {
        self.marks.iter().filter(move |m| m.kind == kind)
    }

    /// True when a byte range of the text lies inside inline code or another placeholder.
    pub fn is_code(&self, range: &Range<usize>) -> bool {
        has_code(&self.text[range.clone()])
    }

    /// True when the whole non-space text is wrapped in one mark of `kind`.
    pub fn is_all(&self, kind: MarkKind) -> bool {
        let trimmed_start = self.text.len() - self.text.trim_start().len();
        let trimmed_end = self.text.trim_end().len();
        if trimmed_end <= trimmed_start {
            return false;
        }
        self.marks_of(kind)
            .any(|m| m.range.start <= trimmed_start && m.range.end >= trimmed_end)
    }

    /// The mark of `kind` that starts the text (after white space), if any.
    pub fn leading(&self, kind: MarkKind) -> Option<&Mark> {
        let first = self.text.len() - self.text.trim_start().len();
        self.marks_of(kind)
            .find(|m| m.range.start <= first && m.range.end > first)
    }

    /// A prose that holds only `range` of this one, mapped to the same file bytes.
    pub fn slice(&self, range: Range<usize>) -> Prose {
        // The segments are in text order: those that overlap `range` are one run, and
        // the new prose is sized for them at once.
        let first = self.segments.partition_point(|s| s.text.end <= range.start);
        let end = self
            .segments
            .partition_point(|s| s.text.start < range.end)
            .max(first);
        let mut out = Prose {
            text: String::with_capacity(range.end.min(self.text.len()).saturating_sub(range.start)),
            marks: Vec::new(),
            segments: Vec::with_capacity(end - first),
        };
        for seg in &self.segments[first..end] {
            let start = seg.text.start.max(range.start);
            let end = seg.text.end.min(range.end);
            if start >= end {
                continue;
            }
            let source = if seg.exact {
                let s = seg.source.start + (start - seg.text.start);
                s..s + (end - start)
            } else {
                seg.source.clone()
            };
            out.push(&self.text[start..end], source, seg.exact);
        }
        for mark in &self.marks {
            let start = mark.range.start.max(range.start);
            let end = mark.range.end.min(range.end);
            if start < end {
                out.marks.push(Mark {
                    kind: mark.kind,
                    range: start - range.start..end - range.start,
                    url: mark.url.clone(),
                });
            }
        }
        out
    }

    /// Joins several prose texts into one, separated by a blank line so that no
    /// sentence runs from one into the next.
    pub fn join<'a>(parts: impl IntoIterator<Item = &'a Prose>) -> Prose {
        let mut out = Prose::default();
        for part in parts {
            out.append(part);
        }
        out
    }

    /// Adds `part` at the end, after a blank line, as [`Prose::join`] would: in time
    /// proportional to `part` alone, so a prose built block by block stays linear.
    pub fn append(&mut self, part: &Prose) {
        if part.text.is_empty() {
            return;
        }
        if !self.text.is_empty() {
            let at = self.segments.last().map_or(0, |s| s.source.end);
            self.push("\n\n", at..at, false);
        }
        let base = self.text.len();
        for seg in &part.segments {
            self.push(&part.text[seg.text.clone()], seg.source.clone(), seg.exact);
        }
        self.marks.extend(part.marks.iter().map(|m| Mark {
            kind: m.kind,
            range: m.range.start + base..m.range.end + base,
            url: m.url.clone(),
        }));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn has_code_finds_the_placeholder_as_contains_does() {
        let texts = [
            "",
            "plain words",
            "\u{FFFC}",
            "run \u{FFFC} now",
            "ends with \u{FFFC}",
            // The same first byte, other characters: U+FFFD, U+FEFF, U+FF01.
            "\u{FFFD} \u{FEFF} \u{FF01}",
            "caf\u{E9} \u{FF01}\u{FFFC}",
        ];
        for text in texts {
            assert_eq!(has_code(text), text.contains(CODE), "{text:?}");
        }
    }

    #[test]
    fn maps_exact_and_coarse_segments() {
        let source = "Hello *big* `x` world";
        let mut p = Prose::default();
        p.push("Hello ", 0..6, true);
        p.push("big", 7..10, true);
        p.push(" ", 11..12, true);
        p.push(&CODE.to_string(), 12..15, false);
        p.push(" world", 15..21, true);
        let big = p.text.find("big").unwrap();
        assert_eq!(&source[p.source_range(big..big + 3)], "big");
        let code = p.text.find(CODE).unwrap();
        assert_eq!(&source[p.source_range(code..code + CODE.len_utf8())], "`x`");
        let world = p.text.find("world").unwrap();
        assert_eq!(&source[p.source_range(world..world + 5)], "world");
        let sliced = p.slice(world..p.text.len());
        assert_eq!(sliced.text, "world");
        assert_eq!(&source[sliced.source_span()], "world");
    }
}
