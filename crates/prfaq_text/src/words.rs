//! Splitting text into words.
//!
//! A word is a run of letters, digits and U+FFFC (the placeholder callers put where
//! inline code was), joined by inner apostrophes ("don't", "customer’s"), hyphens
//! ("follow-up"), `&` and `@` ("R&D", "dana@example.com"), periods between word
//! characters ("3.5", "v1.2.3", "example.com", the "U.S" of "U.S."), and commas
//! between digits ("1,000"). A `%` right after a digit belongs to the number ("40%").
//! A link written out in full (`https://…`, `www.…`) is one word up to the next
//! space, without the punctuation that ends the sentence around it.

use std::ops::Range;

/// The object replacement character, which callers use as a placeholder for inline
/// code so that code is neither judged as prose nor lost from the word count.
pub const PLACEHOLDER: char = '\u{FFFC}';

/// Byte ranges of the words in `text`, in order. See the module documentation for
/// what counts as a word.
pub fn words(text: &str) -> Vec<Range<usize>> {
    // About one word in six bytes of English prose, more in short texts such as
    // headings: one allocation for nearly every text.
    let mut out = Vec::with_capacity(text.len() / 4 + 2);
    let bytes = text.as_bytes();
    let n = bytes.len();
    let mut i = 0;
    while i < n {
        let b = bytes[i];
        let start = i;
        if b < 0x80 {
            // Spaces and punctuation between words, by byte.
            if !ASCII_WORD[usize::from(b)] {
                i += 1;
                continue;
            }
            // Every link starts with `http` or `www`: a letter and a `t` or a `w`.
            let link = matches!(b, b'h' | b'H' | b'w' | b'W')
                && matches!(bytes.get(i + 1), Some(b't' | b'T' | b'w' | b'W'));
            if !link {
                // Most words are ASCII letters and digits up to a byte that ends them
                // (a space), read here in one loop.
                i += 1;
                while i < n && ASCII_WORD[usize::from(bytes[i])] {
                    i += 1;
                }
                if i == n || !MAY_CONTINUE[usize::from(bytes[i])] {
                    out.push(start..i);
                    continue;
                }
            }
        } else {
            let Some((c, len)) = char_at(text, i) else {
                break;
            };
            if !is_word_char(c) {
                i += len;
                continue;
            }
        }
        let link = if matches!(b, b'h' | b'H' | b'w' | b'W')
            && matches!(bytes.get(start + 1), Some(b't' | b'T' | b'w' | b'W'))
        {
            link_end(text, start)
        } else {
            None
        };
        let end = link.unwrap_or_else(|| word_end(text, start));
        out.push(start..end);
        i = end;
    }
    out
}

/// The character at byte `i` of `text` and its length in bytes, if `i` is not the end.
/// Prose is mostly ASCII, which needs no decoding.
#[inline]
fn char_at(text: &str, i: usize) -> Option<(char, usize)> {
    let b = *text.as_bytes().get(i)?;
    if b.is_ascii() {
        return Some((char::from(b), 1));
    }
    let c = text[i..].chars().next()?;
    Some((c, c.len_utf8()))
}

/// Whether `c` can be part of a word on its own.
#[inline]
pub(crate) fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else {
        c.is_alphanumeric() || c == PLACEHOLDER
    }
}

/// ASCII letters and digits, by byte; false for every other byte.
static ASCII_WORD: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 128 {
        table[b] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    table
};

/// The bytes after a run of ASCII letters and digits that may go on with the word: the
/// ASCII marks that can join two words or end a number, and every byte beyond ASCII (a
/// letter, a curly apostrophe or a hyphen). Any other byte ends the word: most words end
/// at a space, read in one test.
static MAY_CONTINUE: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = b >= 0x80 || matches!(b as u8, b'\'' | b'-' | b'&' | b'@' | b'.' | b',' | b'%');
        b += 1;
    }
    table
};

/// The end of the word that starts at `start`.
fn word_end(text: &str, start: usize) -> usize {
    let bytes = text.as_bytes();
    let mut prev = ' ';
    let mut i = start;
    loop {
        // ASCII letters and digits, the bulk of every word, by table.
        let run = bytes[i..]
            .iter()
            .position(|&b| !ASCII_WORD[usize::from(b)])
            .unwrap_or(bytes.len() - i);
        i += run;
        let Some(&after) = bytes.get(i) else {
            break;
        };
        if !MAY_CONTINUE[usize::from(after)] {
            break;
        }
        if run > 0 {
            prev = char::from(bytes[i - 1]);
        }
        let Some((c, len)) = char_at(text, i) else {
            break;
        };
        if is_word_char(c) {
            prev = c;
            i += len;
            continue;
        }
        // The character after a mark, read only for the marks that can join two words.
        let next = || char_at(text, i + len).map_or(' ', |(c, _)| c);
        let joins = match c {
            '\'' | '’' | '-' | '‐' | '‑' | '&' | '@' | '.' => is_word_char(next()),
            ',' => prev.is_ascii_digit() && next().is_ascii_digit(),
            '%' if prev.is_ascii_digit() => return i + len,
            _ => false,
        };
        if !joins {
            break;
        }
        prev = c;
        i += len;
    }
    i
}

/// The end of a link written out in full that starts at `start`, if one does.
fn link_end(text: &str, start: usize) -> Option<usize> {
    let rest = &text[start..];
    let is_link = ["http://", "https://", "www."].iter().any(|p| {
        rest.len() > p.len() && rest.as_bytes()[..p.len()].eq_ignore_ascii_case(p.as_bytes())
    });
    if !is_link {
        return None;
    }
    let len = rest.find(char::is_whitespace).unwrap_or(rest.len());
    // Punctuation that closes the sentence or a bracket around the link is not part
    // of it; a closing bracket that the link itself opened is (Wikipedia's "(film)").
    let mut link = &rest[..len];
    loop {
        let trimmed =
            link.trim_end_matches(['.', ',', ';', ':', '!', '?', '"', '\'', '”', '’', '*', '_']);
        let trimmed = match trimmed.strip_suffix([')', ']', '>']) {
            Some(t) if !t.contains(['(', '[', '<']) => t,
            _ => trimmed,
        };
        if trimmed.len() == link.len() {
            break;
        }
        link = trimmed;
    }
    Some(start + link.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<&str> {
        words(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn words_table() {
        let cases: &[(&str, &[&str])] = &[
            ("", &[]),
            ("  \n ", &[]),
            ("Hello, world!", &["Hello", "world"]),
            ("don't stop", &["don't", "stop"]),
            ("the customer’s app", &["the", "customer’s", "app"]),
            ("customers' orders", &["customers", "orders"]),
            ("a follow-up call", &["a", "follow-up", "call"]),
            ("well - known", &["well", "known"]),
            ("pay—then leave", &["pay", "then", "leave"]),
            ("3.5 stars", &["3.5", "stars"]),
            ("1,000 users", &["1,000", "users"]),
            ("red, green", &["red", "green"]),
            ("1, 2", &["1", "2"]),
            ("up 40% today", &["up", "40%", "today"]),
            ("100%.", &["100%"]),
            ("v1.2.3 ships", &["v1.2.3", "ships"]),
            ("visit example.com.", &["visit", "example.com"]),
            ("the U.S. market", &["the", "U.S", "market"]),
            ("e.g., this", &["e.g", "this"]),
            ("R&D and/or QA", &["R&D", "and", "or", "QA"]),
            (
                "mail dana@example.com now",
                &["mail", "dana@example.com", "now"],
            ),
            ("run \u{FFFC} now", &["run", "\u{FFFC}", "now"]),
            ("the \u{FFFC}'s output", &["the", "\u{FFFC}'s", "output"]),
            ("café naïve", &["café", "naïve"]),
            ("$5 off", &["5", "off"]),
            (
                "(see https://example.com/a.b?x=1).",
                &["see", "https://example.com/a.b?x=1"],
            ),
            (
                "at www.example.com, today",
                &["at", "www.example.com", "today"],
            ),
            (
                "https://en.wikipedia.org/wiki/Foo_(bar).",
                &["https://en.wikipedia.org/wiki/Foo_(bar)"],
            ),
            ("end. Next", &["end", "Next"]),
            ("'quoted'", &["quoted"]),
        ];
        for (text, expected) in cases {
            assert_eq!(split(text), *expected, "words of {text:?}");
        }
    }
}
