//! Labels and headings read as a label: lowercased, numbering and markers at their ends
//! stripped.

/// Lowercases a label and strips numbering, markers and punctuation at its ends.
pub fn normalize(text: &str) -> String {
    if lowercase_is_ascii_lowercase(text) {
        // Only the kept slice is copied, once.
        normalized(text).to_ascii_lowercase()
    } else {
        normalized(&text.to_lowercase()).to_owned()
    }
}

/// [`normalize`] for a label or heading, with each run of white space inside it read as
/// one space: a label typed with two spaces or broken over two lines reads as written on
/// one. Labels are short; the bytes are read once more only for that.
pub fn normalize_label(text: &str) -> String {
    let n = normalize(text);
    let mut space = false;
    let irregular = n.bytes().any(|b| {
        let odd = b.is_ascii_whitespace() && (space || b != b' ');
        space = b == b' ';
        odd
    }) || !n.is_ascii() && n.chars().any(|c| c.is_whitespace() && c != ' ');
    if irregular {
        n.split_whitespace().collect::<Vec<_>>().join(" ")
    } else {
        n
    }
}

/// True when `text.to_lowercase()` is `text.to_ascii_lowercase()`, byte for byte: every
/// character beyond ASCII (a dash, a curly quote, the code placeholder) is its own
/// lowercase. Only the bytes beyond ASCII are decoded.
pub(super) fn lowercase_is_ascii_lowercase(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut at = 0;
    while let Some(found) = first_beyond_ascii(&bytes[at..]) {
        let start = at + found;
        let Some(c) = text[start..].chars().next() else {
            break;
        };
        let mut lower = c.to_lowercase();
        if lower.next() != Some(c) || lower.next().is_some() {
            return false;
        }
        at = start + c.len_utf8();
    }
    true
}

/// Where the first byte beyond ASCII is, reading eight bytes at a time.
fn first_beyond_ascii(bytes: &[u8]) -> Option<usize> {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut chunks = bytes.chunks_exact(8);
    let mut base = 0;
    for chunk in &mut chunks {
        let word = u64::from_ne_bytes(chunk.try_into().expect("eight bytes"));
        if word & HIGH != 0 {
            break;
        }
        base += 8;
    }
    bytes[base..]
        .iter()
        .position(|b| !b.is_ascii())
        .map(|i| base + i)
}

/// What [`normalize`] keeps of `text`, as a slice of it, with case left alone: `text`
/// is already lowercase, or its lowercase is its ASCII lowercase
/// ([`lowercase_is_ascii_lowercase`]) and the slice is lowercased as ASCII. No step here
/// depends on case but the `part ` prefix, which is compared without it.
pub(super) fn normalized(text: &str) -> &str {
    let trimmed = text.trim_matches(|c: char| !c.is_alphanumeric());
    // Drop leading numbering such as `1.`, `2)`, `iv.`, `part 1 —`.
    let mut s = trimmed;
    if let Some(rest) = s
        .get(..5)
        .filter(|p| p.eq_ignore_ascii_case("part "))
        .map(|_| &s[5..])
    {
        let rest = rest.trim_start_matches(|c: char| c.is_ascii_alphanumeric());
        s = rest.trim_start_matches(|c: char| !c.is_alphanumeric());
    }
    let digits = s.trim_start_matches(|c: char| c.is_ascii_digit());
    if digits.len() < s.len() && digits.starts_with(['.', ')', ' ', ':']) {
        s = digits.trim_start_matches(|c: char| !c.is_alphanumeric());
    }
    s.trim_matches(|c: char| !c.is_alphanumeric())
}

/// True when `text` read as [`normalize`] reads it is `marker`, or starts with it for a
/// marker that ends in `*`. A text whose lowercase is its ASCII lowercase is compared
/// in place, without a lowercase copy: most texts asked are whole paragraphs.
pub(super) fn is_normalized_marker(text: &str, markers: &[&str]) -> bool {
    let matches = |n: &str, eq: fn(&str, &str) -> bool| {
        markers.iter().any(|marker| match marker.strip_suffix('*') {
            Some(start) => n.get(..start.len()).is_some_and(|head| eq(head, start)),
            None => eq(n, marker),
        })
    };
    if lowercase_is_ascii_lowercase(text) {
        // Each byte of the kept slice, lowercased as ASCII, is the byte of the copy.
        matches(normalized(text), |n, marker| {
            n.len() == marker.len()
                && n.bytes()
                    .zip(marker.bytes())
                    .all(|(a, b)| a.to_ascii_lowercase() == b)
        })
    } else {
        matches(&normalize(text), |a, b| a == b)
    }
}
