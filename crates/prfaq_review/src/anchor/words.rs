//! Words of a text, hashed without case, and the small helpers on text the steps share.

use super::*;

/// A word of a text: a run of letters and digits, compared without case.
pub(super) struct Word {
    pub(super) hash: u64,
    pub(super) range: Range<usize>,
}

/// The words of `text`, in order.
pub(super) fn words(text: &str) -> Vec<Word> {
    let mut out = Vec::new();
    let mut current: Option<(usize, u64)> = None;
    for (i, c) in text.char_indices() {
        // Scripts written without spaces: each character is a word of its own, or a whole
        // sentence would be one word and one changed character would hide it all.
        let alone = unspaced(c);
        if (alone || !c.is_alphanumeric())
            && let Some((start, hash)) = current.take()
        {
            out.push(Word {
                hash,
                range: start..i,
            });
        }
        if alone {
            out.push(Word {
                hash: fnv(FNV_OFFSET, c),
                range: i..i + c.len_utf8(),
            });
        } else if c.is_alphanumeric() {
            let (start, mut hash) = current.unwrap_or((i, FNV_OFFSET));
            for lower in c.to_lowercase() {
                hash = fnv(hash, lower);
            }
            current = Some((start, hash));
        }
    }
    if let Some((start, hash)) = current {
        out.push(Word {
            hash,
            range: start..text.len(),
        });
    }
    out
}

/// Whether `c` belongs to a script written without spaces between words: Chinese
/// characters, Japanese kana, Thai, Lao, Khmer and Myanmar letters.
pub(super) fn unspaced(c: char) -> bool {
    matches!(
        c,
        '\u{0E00}'..='\u{0EFF}'
            | '\u{1000}'..='\u{109F}'
            | '\u{1780}'..='\u{17FF}'
            | '\u{3040}'..='\u{30FF}'
            | '\u{3400}'..='\u{4DBF}'
            | '\u{4E00}'..='\u{9FFF}'
            | '\u{F900}'..='\u{FAFF}'
            | '\u{20000}'..='\u{3FFFF}'
    )
}

pub(super) const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

/// One character into an FNV-1a hash: a word's identity, without allocating it.
pub(super) fn fnv(hash: u64, c: char) -> u64 {
    let mut buf = [0u8; 4];
    let mut hash = hash;
    for b in c.encode_utf8(&mut buf).bytes() {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

/// The key of two neighbouring words in the index.
pub(super) fn pair(first: u64, second: u64) -> u64 {
    first.rotate_left(21) ^ second.wrapping_mul(0x9e37_79b9_7f4a_7c15)
}

/// How many words the sorted bag `bag` shares with the words `there`.
pub(super) fn shared(bag: &[u64], there: &[u64]) -> usize {
    let mut there = there.to_vec();
    there.sort_unstable();
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < bag.len() && j < there.len() {
        match bag[i].cmp(&there[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// Up to [`CONTEXT_CHARS`] characters of `text` before `at`.
pub(super) fn before(text: &str, at: usize) -> &str {
    let head = &text[..at];
    match head.char_indices().rev().nth(CONTEXT_CHARS - 1) {
        Some((i, _)) => &head[i..],
        None => head,
    }
}

/// Up to [`CONTEXT_CHARS`] characters of `text` after `at`.
pub(super) fn after(text: &str, at: usize) -> &str {
    let tail = &text[at..];
    match tail.char_indices().nth(CONTEXT_CHARS) {
        Some((i, _)) => &tail[..i],
        None => tail,
    }
}

/// How many bytes `a` and `b` share at their ends.
pub(super) fn common_suffix(a: &str, b: &str) -> usize {
    a.bytes()
        .rev()
        .zip(b.bytes().rev())
        .take_while(|(x, y)| x == y)
        .count()
}

/// How many bytes `a` and `b` share at their starts.
pub(super) fn common_prefix(a: &str, b: &str) -> usize {
    a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count()
}
