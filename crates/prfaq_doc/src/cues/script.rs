//! Scripts written without spaces between words (Chinese, Japanese) or with particles
//! attached to them (Korean): where a cue may start and end in them, and how their
//! words are counted.

pub use super::index::{is_cjk, is_unspaced};

/// The number of words in `text`: runs between white space, as `split_whitespace`
/// counts them, except that a run in a script without spaces counts a word for every
/// two of its characters (about the length of a Chinese or Japanese word).
pub fn word_count(text: &str) -> usize {
    count_words(text, usize::MAX)
}

/// True when `text` has more than `n` words as [`word_count`] counts them, reading no
/// further than the word that passes `n`.
pub fn more_words_than(text: &str, n: usize) -> bool {
    count_words(text, n) > n
}

/// The words of `text` as [`word_count`] counts them, up to the first count above
/// `limit`. Bytes are read as bytes while they are ASCII; only a character beyond ASCII
/// is decoded, to tell white space (`char::is_whitespace`, as `split_whitespace` reads
/// it) from a character of a run.
fn count_words(text: &str, limit: usize) -> usize {
    let bytes = text.as_bytes();
    let mut words = 0;
    // Where the current run started, and whether it is all ASCII so far. A run counts
    // one word when it starts; one beyond ASCII adds the rest of its words at its end
    // (a count above `limit` stays above it).
    let mut run: Option<usize> = None;
    let mut run_ascii = true;
    let mut at = 0;
    // Eight bytes at a time while they are printable ASCII (most texts are, at least
    // at their start), where white space is the space alone.
    let mut space_before = true;
    let mut run_start = 0;
    while let Some(chunk) = bytes.get(at..at + 8) {
        let x = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
        if x & HIGH != 0 || (x + LOW * 0x60) & HIGH != HIGH {
            break;
        }
        // 0x80 in each byte that is a space, exactly (no carry between bytes).
        let y = x ^ (LOW * 0x20);
        let spaces = !(((y & !HIGH) + !HIGH) | y | !HIGH);
        let starts = !spaces & HIGH & (spaces << 8 | u64::from(space_before) << 7);
        words += starts.count_ones() as usize;
        if words > limit {
            return words;
        }
        if spaces != 0 {
            run_start = at + (63 - spaces.leading_zeros() as usize) / 8 + 1;
        }
        space_before = spaces >> 63 != 0;
        at += 8;
    }
    if !space_before {
        run = Some(run_start);
    }
    while at < bytes.len() {
        let b = bytes[at];
        let (space, len) = if b.is_ascii() {
            (is_ascii_space(b), 1)
        } else {
            let c = text[at..].chars().next().expect("a character starts here");
            (c.is_whitespace(), c.len_utf8())
        };
        if space {
            if let Some(start) = run.take()
                && !run_ascii
            {
                words += run_words(&text[start..at]) - 1;
            }
        } else {
            if run.is_none() {
                run = Some(at);
                run_ascii = true;
                words += 1;
                if words > limit {
                    return words;
                }
            }
            if len == 1 {
                // The rest of the run's ASCII bytes, which change nothing counted.
                at += 1;
                while at < bytes.len() && !ENDS_ASCII_RUN[usize::from(bytes[at])] {
                    at += 1;
                }
                continue;
            }
            run_ascii = false;
        }
        at += len;
    }
    if let Some(start) = run
        && !run_ascii
    {
        words += run_words(&text[start..]) - 1;
    }
    words
}

/// The lowest bit of each of eight bytes, and the highest.
const LOW: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;

/// The bytes that end a run of ASCII bytes between white space: ASCII white space and
/// every byte beyond ASCII, by byte.
static ENDS_ASCII_RUN: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = b >= 0x80 || is_ascii_space(b as u8);
        b += 1;
    }
    table
};

/// White space in ASCII, as `char::is_whitespace` says it: space, tab, line feed,
/// vertical tab, form feed, carriage return.
#[inline]
const fn is_ascii_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t'..=b'\r')
}

/// The words in a run of text without white space: one, or for a run in a script
/// without spaces one for every two of its characters (and one for the rest).
fn run_words(run: &str) -> usize {
    let unspaced = run.chars().filter(|&c| is_unspaced(c)).count();
    if unspaced == 0 {
        1
    } else {
        let rest = run.chars().any(|c| c.is_alphanumeric() && !is_unspaced(c));
        unspaced.div_ceil(2) + usize::from(rest)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_without_spaces_count_two_characters_a_word() {
        for (text, words) in [
            ("Quick Reorder lets parents restock", 5),
            ("よくある質問", 3),
            ("顧客FAQ", 2),
            ("고객 FAQ", 2),
            ("東京、2026年6月26日", 4),
            ("", 0),
            ("  two\u{3000}words\u{a0} ", 2),
            ("a\x0bb\x0cc\u{2003}d\u{85}e", 5),
            ("café — au lait", 4),
            ("\u{fffc} and “quotes”", 3),
            ("ＦＡＱ　よくある質問", 4),
            (
                "Quick Reorder lets parents restock the pantry in one tap, 24/7.",
                11,
            ),
            ("abcdefgh ijklmnop qrstuvwx", 3),
            ("abcdefghijklmnop質問です and more", 5),
            ("  lead  and  trail  spaces  over  eight  bytes  ", 7),
            ("eight by\ttab then\nline feed and more words here", 10),
            ("ASCII first, eight at a time — then a dash", 10),
            ("0123456789abcdef よくある質問 end", 5),
        ] {
            let by_split: usize = text
                .split_whitespace()
                .map(|run| if run.is_ascii() { 1 } else { run_words(run) })
                .sum();
            assert_eq!(by_split, words, "{text}: as split_whitespace counts");
            assert_eq!(word_count(text), words, "{text}");
            for n in 0..8 {
                assert_eq!(more_words_than(text, n), words > n, "{text} > {n}");
            }
        }
        assert!(is_cjk('질') && !is_unspaced('질'));
        assert!(is_unspaced('質') && is_unspaced('カ') && !is_cjk('é'));
    }

    /// The count eight bytes at a time is the count character by character, on texts
    /// that mix spaces, tabs, letters, a control byte and characters beyond ASCII at
    /// every offset.
    #[test]
    fn counting_eight_bytes_at_a_time_is_counting_by_character() {
        let pieces = [
            " ", "a", "bc", "\t", "\u{1}", "é", "質", "\u{3000}", "x y", "  ",
        ];
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..5000 {
            let mut text = String::new();
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let len = (seed % 40) as usize;
            let mut r = seed;
            for _ in 0..len {
                r = r
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                let piece = pieces[(r >> 33) as usize % pieces.len()];
                // Mostly ASCII, as prose is.
                let piece = if (r >> 40).is_multiple_of(4) {
                    piece
                } else {
                    ["ab", " ", "cd"][(r >> 50) as usize % 3]
                };
                text.push_str(piece);
            }
            let words: usize = text
                .split_whitespace()
                .map(|run| if run.is_ascii() { 1 } else { run_words(run) })
                .sum();
            assert_eq!(word_count(&text), words, "{text:?}");
            for n in 0..12 {
                assert_eq!(more_words_than(&text, n), words > n, "{text:?} > {n}");
            }
        }
    }
}
