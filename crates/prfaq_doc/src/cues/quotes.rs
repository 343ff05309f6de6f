//! Quoted speech and who says it.

use std::ops::Range;

use super::phrases::{List, list};
use super::{find_short, has_any, has_phrase, is_cjk, more_words_than};

/// The quote characters that open speech, and the characters that may close each.
/// German and Polish writers open with `„` and close with `“` or a straight `"`.
pub(super) const QUOTE_PAIRS: &[(char, &[char])] = &[
    ('"', &['"']),
    ('“', &['”', '"']),
    ('„', &['“', '"', '”']),
    ('«', &['»']),
    ('»', &['«']),
    ('‘', &['’']),
    ('「', &['」']),
    ('『', &['』']),
    ('‹', &['›']),
];

/// The byte ranges of quoted speech in `text` (inside the quote marks).
pub fn quoted_ranges(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some((at, c)) = next_quote_mark(text, from) {
        from = at + c.len_utf8();
        let Some(&(_, closers)) = QUOTE_PAIRS.iter().find(|(open, _)| *open == c) else {
            continue;
        };
        // A single quote only opens speech at a word start (not an apostrophe).
        if c == '‘' {
            let prev = text[..at].chars().next_back();
            if prev.is_some_and(|p| p.is_alphanumeric()) {
                continue;
            }
        }
        let start = from;
        let mut end = None;
        while let Some((at, d)) = next_quote_mark(text, from) {
            from = at + d.len_utf8();
            if closers.contains(&d) {
                end = Some(at);
                break;
            }
        }
        match end {
            Some(end) => out.push(start..end),
            // An unclosed quote runs to the end (quotes spanning paragraphs are common).
            None => out.push(start..text.len()),
        }
    }
    out
}

/// Where from byte `from` of `text` (a character boundary) the next character that
/// may be a quote mark starts, and that character: a straight double quote or a
/// character whose first byte is that of a mark of [`QUOTE_PAIRS`] (`«` and `»` start
/// with 0xC2, the curly and angle quotes with 0xE2, the corner brackets with 0xE3),
/// found with `memchr`.
pub(super) fn next_quote_mark(text: &str, from: usize) -> Option<(usize, char)> {
    let hay = &text.as_bytes()[from..];
    let most = memchr::memchr3(b'"', 0xE2, 0xC2, hay);
    let corner = memchr::memchr(0xE3, &hay[..most.unwrap_or(hay.len())]);
    let at = from + corner.or(most)?;
    Some((at, text[at..].chars().next()?))
}

/// Verbs that attribute speech.
static SAID: List = list!("said");

/// The speaker of the quote in `text`, as written, when it names one.
///
/// Looks for `said NAME, ROLE`, `NAME, ROLE, said`, and attribution lines such as
/// `— Dana Lee, head of product` or `--Dana Lee`.
pub fn speaker(text: &str) -> Option<String> {
    let quoted = quoted_ranges(text);
    // Text outside the quotes, where the attribution lives.
    let mut outside = String::new();
    let mut last = 0;
    for r in &quoted {
        let open = text[..r.start]
            .char_indices()
            .next_back()
            .map_or(0, |(i, _)| i);
        outside.push_str(&text[last..open]);
        outside.push_str(" ¶ ");
        last = (r.end + text[r.end..].chars().next().map_or(0, char::len_utf8)).min(text.len());
    }
    outside.push_str(&text[last..]);
    let lower = outside.to_lowercase();
    // A verb written with letters beyond ASCII is not in a text without them.
    let ascii = lower.is_ascii();
    for verb in SAID.iter().filter(|v| !ascii || v.is_ascii()) {
        let mut from = 0;
        while let Some(found) = find_short(&lower[from..], verb) {
            let at = from + found;
            from = at + verb.len();
            let next = lower[from..].chars().next().map_or(0, char::len_utf8);
            if !has_phrase(&lower[at..from + next], verb) {
                continue;
            }
            // In Chinese, Japanese and Korean the speaker comes before the verb:
            // `」と、代表の山田花子は述べています`.
            let before_only = verb.starts_with(is_cjk);
            // After the verb: `said Dana Lee, head of product.`
            let after = outside[at + verb.len()..]
                .trim_start_matches([' ', ',', ':'])
                .split(['¶', '\n'])
                .next()
                .unwrap_or("");
            let after = cut_sentence(after);
            if !before_only && !after.is_empty() && after.split_whitespace().count() <= 25 {
                return Some(after.to_owned());
            }
            // Before the verb: `Dana Lee, head of product, said`.
            let before = outside[..at]
                .rsplit(['¶', '\n', '.', '。'])
                .next()
                .unwrap_or("")
                .trim()
                .trim_matches([',', ' ', '、', '，', '：', ':']);
            // `」と、山田花子は述べ`: the particle that closes the quote is no name.
            let before = before
                .strip_prefix("라고")
                .unwrap_or(before)
                .trim_start_matches(['と', '、', '，', ' ']);
            if !before.is_empty() && !more_words_than(before, 25) {
                return Some(before.to_owned());
            }
        }
    }
    // Attribution after a dash at the end: `— Dana Lee, head of product`.
    for dash in ["—", "–", "--", "―", "- ", "~"] {
        if let Some(at) = outside.rfind(dash) {
            let after = outside[at + dash.len()..].trim();
            let after = after.trim_matches(|c: char| c == '*' || c == '_' || c == ' ');
            if !after.is_empty()
                && after.split_whitespace().count() <= 20
                && !after.contains('¶')
                && after
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_uppercase() || c == '[' || c == '<')
            {
                return Some(after.trim_end_matches('.').to_owned());
            }
        }
    }
    None
}

/// The speaker when a whole short line is an attribution (`Albert from San Francisco`,
/// `Dana Lee, head of product`): a few words starting with a capital and not ending a
/// sentence.
pub fn attribution_line(text: &str) -> Option<String> {
    let line = text
        .trim()
        .trim_matches(|c: char| c == '*' || c == '_' || c == ' ');
    let words = line.split_whitespace().count();
    let starts = line
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c == '[' || c == '<');
    (starts && (1..=12).contains(&words) && !line.ends_with(['.', '!', '?', ':']))
        .then(|| line.to_owned())
}

fn cut_sentence(text: &str) -> &str {
    let mut end = text.len();
    let bytes = text.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'.' || b == b'!' || b == b'?' {
            // Keep abbreviations such as `Inc.` or initials inside the speaker.
            let next = bytes.get(i + 1).copied();
            let after = bytes.get(i + 2).copied();
            let word_start = text[..i].rfind(' ').map_or(0, |s| s + 1);
            let word = &text[word_start..i];
            let abbreviation = matches!(
                word,
                "Inc"
                    | "Corp"
                    | "Ltd"
                    | "Co"
                    | "Jr"
                    | "Sr"
                    | "Dr"
                    | "Mr"
                    | "Ms"
                    | "Mrs"
                    | "St"
                    | "Calif"
                    | "Wash"
            ) || word.len() == 1;
            if abbreviation && next == Some(b' ') && after.is_some_and(|c| c.is_ascii_uppercase()) {
                continue;
            }
            if abbreviation && next.is_none() {
                continue;
            }
            end = i;
            break;
        }
    }
    text[..end].trim()
}

/// True when `text` has quoted speech long enough to be a quote rather than a term in
/// quotation marks.
pub fn has_speech(text: &str) -> bool {
    quoted_ranges(text)
        .iter()
        .any(|r| more_words_than(&text[r.clone()], 5))
}

/// Words that make a speaker someone from the launching company.
static LEADER_WORDS: List = list!("leader-speaker");
/// Words that make a speaker a customer, when no leader word says otherwise.
static CUSTOMER_SPEAKER_WORDS: List = list!("customer-speaker");

/// Whether a speaker reads as someone from the launching company (leader) or as a
/// customer. `None` when the words do not say.
pub fn speaker_is_leader(speaker: &str) -> Option<bool> {
    let lower = speaker.to_lowercase();
    // "a nurse in Beaverton", "a product lead at a grocery start-up": anonymous members
    // of the public are customers, unless they are a spokesperson.
    let anonymous =
        lower.starts_with("a ") || lower.starts_with("an ") || lower.starts_with("one ");
    if anonymous && !has_any(&lower, &["spokesperson", "founder", "ceo"]) {
        return Some(false);
    }
    if has_any(
        &lower,
        &["customer", "user", "beta tester", "early adopter"],
    ) {
        return Some(false);
    }
    if has_any(&lower, LEADER_WORDS) {
        return Some(true);
    }
    if has_any(&lower, CUSTOMER_SPEAKER_WORDS) {
        return Some(false);
    }
    None
}
