//! PL210 placeholder.

use std::ops::Range;
use std::sync::LazyLock;

use crate::context::{Context, Text};
use crate::cues::{CueList, cue_list};
use crate::declare_rule;
use crate::diagnostic::Violation;

declare_rule! {
    /// ## What it does
    /// Finds template text left in the document — anywhere but code, the front
    /// matter's values included (`owner: [Your name]`): bracketed placeholders (`[Company]`, `[Customer name]`, `[insert quote]`,
    /// `{Product}`, `<CITY>`), `TBD`, `TBC`, `TBA`, `TODO`, `FIXME`, `XX%`, `$XX`,
    /// `X,XXX`, `lorem ipsum`, "insert … here", "(insert chart)" and stand-in names
    /// such as `Customer Name` or `Jane Doe`.
    ///
    /// A bracket is a placeholder when it holds a few words with no digits that start
    /// with a capital (`[Company]`) or name what is missing (`[insert date]`); citations
    /// (`[12]`, `[Smith 2020]`) and editorial marks (`[sic]`) are not. Markdown
    /// swallows `<Customer Name>` as an unknown HTML tag and shows nothing, so the rule
    /// also looks for such tags in the file; real HTML tags are left alone.
    ///
    /// ## Why is this bad?
    /// A placeholder in a document under review says the thinking is not done: the
    /// number, the name or the date that the review needs is missing. Left in, it ends
    /// up in front of executives or customers.
    ///
    /// ## Example
    /// ```markdown
    /// "Quick Reorder saves me XX minutes a week," said [Customer name], [title].
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// "Quick Reorder saves me 20 minutes a week," said Ann Ito, a parent of three in Tacoma.
    /// ```
    pub struct Placeholder;
    "PL210", "placeholder", PlainLanguage, Error; reads each All text
}

/// Words that make a lowercase bracket a placeholder (`[insert date]`).
const KEYWORDS: &[&str] = &[
    "name",
    "date",
    "city",
    "company",
    "product",
    "customer",
    "insert",
    "link",
    "url",
    "quote",
    "number",
    "title",
    "placeholder",
    "tbd",
    "todo",
    "here",
    "citation",
    "price",
    "amount",
    "metric",
    "feature",
    "location",
    "role",
    "add",
    "fill",
    "source",
];

/// Stand-ins for a real name, matched with this exact case.
const STAND_INS: &[&str] = &[
    "Customer Name",
    "Company Name",
    "Product Name",
    "Firstname Lastname",
    "First Last",
    "John Doe",
    "Jane Doe",
    "Lorem ipsum dolor sit amet",
    "Lorem",
    "lorem ipsum",
    "Lorem ipsum",
    "dolor sit amet",
];

/// True when `word` is the first word of one of [`STAND_INS`]: the few words worth
/// comparing with every stand-in.
fn starts_stand_in(word: &str) -> bool {
    matches!(
        word,
        "Customer"
            | "Company"
            | "Product"
            | "Firstname"
            | "First"
            | "John"
            | "Jane"
            | "Lorem"
            | "lorem"
            | "dolor"
    )
}

/// Every marker and the first word of every stand-in, as written: a text that holds
/// none of them has no word that [`marker_words`] could report, and its words need not
/// be read for them. The SIMD (Teddy) searcher alone, without the automaton around it:
/// a process that checks one file builds it for that check, and it costs a fifth of the
/// automaton to build. Where the CPU has no such searcher, every text may hold one.
static MARKER_STARTS: LazyLock<Option<aho_corasick::packed::Searcher>> = LazyLock::new(|| {
    let firsts = STAND_INS.iter().map(|p| p.split(' ').next().unwrap_or(p));
    aho_corasick::packed::Config::new()
        .match_kind(aho_corasick::packed::MatchKind::LeftmostFirst)
        .builder()
        .extend(MARKERS.iter().copied().chain(firsts))
        .build()
});

/// True when `prose` may hold a marker or the first word of a stand-in.
fn may_hold_marker(prose: &str) -> bool {
    MARKER_STARTS
        .as_ref()
        .is_none_or(|searcher| searcher.find(prose).is_some())
}

/// True when `prose` holds "insert" in any case: a text without it has no instruction
/// that [`instructions`] could find by its words. Its ASCII letters lowered in a copy,
/// then one search: cheaper than a search that ignores case at every "i".
fn has_insert(prose: &str) -> bool {
    static FINDER: LazyLock<memchr::memmem::Finder<'static>> =
        LazyLock::new(|| memchr::memmem::Finder::new("insert"));
    FINDER
        .find(&prose.as_bytes().to_ascii_lowercase())
        .is_some()
}

/// Markers that a part is unfinished, matched as whole words. Lowercase forms of
/// `TODO` and `FIXME` are ordinary words ("a todo list").
const MARKERS: &[&str] = &["TBD", "tbd", "TBC", "tbc", "TBA", "TODO", "FIXME", "TKTK"];

/// True when `word` is one of [`MARKERS`]. A `match`, which compiles to a switch on the
/// length: "the" is not compared with five markers of three letters in turn.
fn is_marker(word: &str) -> bool {
    matches!(
        word,
        "TBD" | "tbd" | "TBC" | "tbc" | "TBA" | "TODO" | "FIXME" | "TKTK"
    )
}

/// HTML tags that Markdown passes through: never placeholders.
const HTML_TAGS: &[&str] = &[
    "a",
    "abbr",
    "article",
    "aside",
    "audio",
    "b",
    "bdi",
    "bdo",
    "blockquote",
    "body",
    "br",
    "button",
    "caption",
    "center",
    "cite",
    "code",
    "col",
    "colgroup",
    "dd",
    "del",
    "details",
    "dfn",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "font",
    "footer",
    "form",
    "g",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hr",
    "html",
    "i",
    "iframe",
    "img",
    "input",
    "ins",
    "kbd",
    "label",
    "li",
    "link",
    "main",
    "mark",
    "meta",
    "nav",
    "ol",
    "option",
    "p",
    "path",
    "picture",
    "pre",
    "q",
    "s",
    "samp",
    "script",
    "section",
    "select",
    "small",
    "source",
    "span",
    "strike",
    "strong",
    "style",
    "sub",
    "summary",
    "sup",
    "svg",
    "table",
    "tbody",
    "td",
    "textarea",
    "tfoot",
    "th",
    "thead",
    "time",
    "title",
    "tr",
    "u",
    "ul",
    "var",
    "video",
    "wbr",
    "comment",
    "object",
    "embed",
    "param",
    "track",
    "map",
    "area",
    "canvas",
    "noscript",
    "template",
    "slot",
    "dialog",
    "menu",
    "meter",
    "progress",
    "output",
    "ruby",
    "rt",
    "rp",
    "data",
    "address",
    "hgroup",
    "legend",
    "fieldset",
    "optgroup",
    "datalist",
];

/// True when the text inside brackets reads as a placeholder.
pub(crate) fn is_placeholder_inside(inside: &str) -> bool {
    let t = inside.trim();
    let words: Vec<&str> = t.split_whitespace().collect();
    if words.is_empty()
        || words.len() > 6
        || t.chars()
            .any(|c| c.is_ascii_digit() || matches!(c, '.' | '!' | '?' | ';' | '^' | '=' | '"'))
        || !t.chars().next().is_some_and(char::is_alphabetic)
    {
        return false;
    }
    if t.chars().next().is_some_and(char::is_uppercase) {
        return true;
    }
    let lower = t.to_lowercase();
    lower
        .split(|c: char| !c.is_alphanumeric())
        .any(|w| KEYWORDS.contains(&w))
}

/// Words of a note to self in brackets ("[check the figure with finance]").
static NOTE_WORDS: CueList = cue_list!("note-to-self-words");

/// True when square brackets hold guidance on what to write or a note to self: a
/// sentence or a phrase of several words that says what goes there ("[One sentence: who
/// the customer is and the benefit.]", "[does what, for whom, in one sentence]", "[check
/// the figure with finance]"). A citation has digits (`[Smith 2020]`); a word put into a
/// quote to make it clear (`[the app]`) is short and says nothing of what to write.
pub(crate) fn is_guidance_inside(inside: &str) -> bool {
    let t = inside.trim();
    let words: Vec<&str> = t.split_whitespace().collect();
    if words.len() < 3
        || words.len() > 40
        || t.chars()
            .any(|c| c.is_ascii_digit() || matches!(c, '^' | '=' | '/' | '\\'))
        || !t.chars().next().is_some_and(char::is_alphabetic)
    {
        return false;
    }
    let punctuated = t.ends_with('.') || t.contains(':') || t.contains(',');
    let lower = t.to_lowercase();
    let cued = lower
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .any(|w| KEYWORDS.contains(&w) || NOTE_WORDS.contains(&w));
    if t.chars().next().is_some_and(char::is_uppercase) {
        punctuated || cued || words.len() >= 4
    } else {
        words.len() >= 4 && (punctuated || cued)
    }
}

/// Bracketed placeholders in prose: `[Company]`, `{Product}`, `<CITY>` written literally.
fn brackets(prose: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    // Most texts open no bracket of any kind: one search for all three.
    if memchr::memchr3(b'[', b'{', b'<', prose.as_bytes()).is_none() {
        return out;
    }
    for (open, close) in [('[', ']'), ('{', '}'), ('<', '>')] {
        let mut from = 0;
        // The brackets are ASCII: their byte is never part of another character.
        while let Some(at) = memchr::memchr(open as u8, &prose.as_bytes()[from..]) {
            let start = from + at;
            let inner_start = start + open.len_utf8();
            // `{{name}}`: a doubled brace belongs to the same placeholder.
            let inner_start = if open == '{' && prose[inner_start..].starts_with('{') {
                inner_start + 1
            } else {
                inner_start
            };
            let Some(len) = prose[inner_start..].find([close, '\n', open]) else {
                break;
            };
            let end = inner_start + len;
            from = end.max(start + 1);
            // Guidance in square brackets may run to a sentence or two.
            let longest = if open == '[' { 300 } else { 60 };
            if !prose[end..].starts_with(close) || len > longest {
                continue;
            }
            let mut stop = end + close.len_utf8();
            if open == '{' && prose[stop..].starts_with('}') {
                stop += 1;
            }
            // `[text](url)` written literally is a link, not a placeholder.
            let link = open == '[' && prose[stop..].starts_with('(');
            let inside = &prose[inner_start..end];
            if is_placeholder_inside(inside) || (open == '[' && !link && is_guidance_inside(inside))
            {
                out.push(start..stop);
            }
            from = stop;
        }
    }
    out
}

/// Version placeholders: `vX.Y`, `X.Y.Z`, `x.y.z`: letters that stand for the
/// parts of a version number, two parts or more.
fn versions(prose: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let bytes = prose.as_bytes();
    // Two parts or more means a letter of a part, a period and another: most texts have
    // none, and need no walk over every byte.
    let part =
        |b: Option<&u8>| b.is_some_and(|b| matches!(b, b'X' | b'Y' | b'Z' | b'x' | b'y' | b'z'));
    let joined = memchr::memchr_iter(b'.', bytes)
        .any(|at| at > 0 && part(bytes.get(at - 1)) && part(bytes.get(at + 1)));
    if !joined {
        return out;
    }
    let mut i = 0;
    while i < bytes.len() {
        let starts_word = i == 0 || !(bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'.');
        if !starts_word {
            i += 1;
            continue;
        }
        let start = i;
        let mut j = i;
        if matches!(bytes[j], b'v' | b'V') {
            j += 1;
        }
        let mut parts = 0;
        loop {
            if j < bytes.len() && matches!(bytes[j], b'X' | b'Y' | b'Z' | b'x' | b'y' | b'z') {
                parts += 1;
                j += 1;
            } else {
                break;
            }
            if j + 1 < bytes.len() && bytes[j] == b'.' && bytes[j + 1].is_ascii_alphabetic() {
                j += 1;
            } else {
                break;
            }
        }
        if parts < 2 {
            i += 1;
            continue;
        }
        // Every byte from `start` to `j` is an ASCII letter or a period.
        let ends_word = j >= bytes.len() || !bytes[j].is_ascii_alphanumeric();
        // "x.y" alone is too common a shape in prose ("e.g." is not one): ask for the
        // capitals, three parts, or a leading `v`.
        let shaped = prose[start..j]
            .bytes()
            .any(|b| b.is_ascii_uppercase() && b != b'V')
            || parts >= 3
            || matches!(bytes[start], b'v' | b'V');
        if ends_word && shaped {
            out.push(start..j);
            i = j;
        } else {
            i += 1;
        }
    }
    out
}

/// Runs of `X` that stand for a number: `XX`, `XXX`, `XX%`, `$X`, `X,XXX`, `$X.XX`.
fn x_numbers(prose: &str) -> Vec<Range<usize>> {
    let bytes = prose.as_bytes();
    let letter = |i: usize| bytes.get(i).is_some_and(|b| b.is_ascii_alphabetic());
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        // Jump to the next `X` or `x`: most texts have few.
        let Some(at) = memchr::memchr2(b'X', b'x', &bytes[i..]) else {
            break;
        };
        i += at;
        if i > 0 && letter(i - 1) {
            i += 1;
            continue;
        }
        // Extend over X's joined by `,` or `.` ("X,XXX", "X.XX").
        let start = i;
        let mut end = i;
        let mut xs = 0;
        while end < bytes.len() {
            match bytes[end] {
                b'X' | b'x' => {
                    xs += 1;
                    end += 1;
                }
                b',' | b'.' if matches!(bytes.get(end + 1), Some(b'X' | b'x')) => end += 1,
                _ => break,
            }
        }
        if letter(end) {
            i = end;
            continue;
        }
        let mut s = start;
        let mut e = end;
        let dollar = s > 0 && matches!(bytes[s - 1], b'$');
        let percent = matches!(bytes.get(e), Some(b'%'));
        if dollar {
            s -= 1;
        }
        if percent {
            e += 1;
        }
        // A single `X` or `x` alone is a multiplication sign or a product name; with
        // `$` or `%` it stands for a number. Lowercase `xx` is rare enough in prose to be
        // a placeholder too.
        let lone = xs == 1 && !dollar && !percent;
        if !lone {
            out.push(s..e);
        }
        i = end;
    }
    out
}

/// Unfinished-work markers and stand-in names, matched on the text's words (one pass,
/// whatever the size of the document).
fn marker_words(text: &Text, candidate: bool) -> Vec<Range<usize>> {
    let prose = &text.prose.text;
    let mut out = Vec::new();
    if !candidate {
        return out;
    }
    let words = text.words();
    let bytes = prose.as_bytes();
    for (i, w) in words.iter().enumerate() {
        // Every marker and stand-in starts with a capital or one of a few letters.
        let first = bytes[w.start];
        if !(first.is_ascii_uppercase() || matches!(first, b'l' | b'd' | b't')) {
            continue;
        }
        let word = &prose[w.clone()];
        if is_marker(word) {
            out.push(w.clone());
            continue;
        }
        if !starts_stand_in(word) {
            continue;
        }
        for phrase in STAND_INS {
            // Cheap test first: most words start no stand-in.
            if !phrase.starts_with(word) {
                continue;
            }
            let parts: Vec<&str> = phrase.split(' ').collect();
            if parts[0] != word || i + parts.len() > words.len() {
                continue;
            }
            let rest = parts[1..]
                .iter()
                .zip(&words[i + 1..])
                .all(|(p, r)| prose[r.clone()] == **p);
            let end = words[i + parts.len() - 1].end;
            // The words must be one run, not split across a sentence or a list.
            if rest && prose[w.start..end].split_whitespace().count() == parts.len() {
                out.push(w.start..end);
            }
        }
    }
    out
}

/// "insert … here" and "(insert chart)".
fn instructions(text: &Text, candidate: bool) -> Vec<Range<usize>> {
    let prose = &text.prose.text;
    let mut out = Vec::new();
    let bytes = prose.as_bytes();
    let words: &[Range<usize>] = if candidate { text.words() } else { &[] };
    for (k, w) in words.iter().enumerate() {
        // A word of inline code is never "insert": no need to ask for every word.
        if w.len() != 6 || !bytes[w.clone()].eq_ignore_ascii_case(b"insert") {
            continue;
        }
        if let Some(here) = words[k + 1..]
            .iter()
            .take(6)
            .take_while(|x| !prose[w.end..x.start].contains(['.', '!', '?', '\n']))
            .find(|x| text.word(x).is_some_and(|s| s.eq_ignore_ascii_case("here")))
        {
            out.push(w.start..here.end);
            continue;
        }
        // "(insert chart)": an instruction in parentheses.
        let before = prose[..w.start].trim_end();
        if before.ends_with('(')
            && let Some(close) = prose[w.end..].find(')')
        {
            let inner = &prose[w.end..w.end + close];
            if !inner.contains(['\n', '(']) && inner.split_whitespace().count() <= 6 {
                out.push(before.len() - 1..w.end + close + 1);
            }
        }
    }
    // "(placeholder)", "(fill in)", "(to come)". Most texts have no parenthesis at all.
    if memchr::memchr(b'(', bytes).is_none() {
        return out;
    }
    let patterns = [
        "(placeholder)",
        "(placeholder:",
        "(placeholder ",
        "(fill in",
        "(to come)",
        "(tk)",
    ];
    if prose.is_ascii() {
        // ASCII lowercases byte for byte: each pattern is compared where a parenthesis
        // opens, with no lowercase copy of the text.
        for pattern in patterns {
            let mut from = 0;
            for start in memchr::memchr_iter(b'(', bytes) {
                let here = bytes[start..]
                    .get(..pattern.len())
                    .is_some_and(|b| b.eq_ignore_ascii_case(pattern.as_bytes()));
                if start < from || !here {
                    continue;
                }
                let end = prose[start..]
                    .find(')')
                    .map_or(start + pattern.len(), |e| start + e + 1);
                out.push(start..end);
                from = end;
            }
        }
        return out;
    }
    let lower = prose.to_lowercase();
    // Lowercasing must keep byte offsets to map matches back.
    for pattern in patterns.iter().filter(|_| lower.len() == prose.len()) {
        let mut from = 0;
        while let Some(at) = prfaq_doc::cues::find_short(&lower[from..], pattern) {
            let start = from + at;
            let end = lower[start..]
                .find(')')
                .map_or(start + pattern.len(), |e| start + e + 1);
            out.push(start..end);
            from = end;
        }
    }
    out
}

/// Placeholders that Markdown read as HTML tags (`<Customer Name>`, `<city>`), found in
/// the file bytes of a prose block, outside inline code.
fn swallowed_tags(ctx: &Context, text: &Text) -> Vec<Range<usize>> {
    let source = &ctx.doc.source;
    let block = &ctx.doc.blocks[text.block];
    let span = block.span.clone();
    let Some(raw) = source.get(span.clone()) else {
        return Vec::new();
    };
    // Most blocks have no `<` at all.
    if memchr::memchr(b'<', raw.as_bytes()).is_none() {
        return Vec::new();
    }
    // File bytes of inline code and autolinks, which are not prose.
    let code: Vec<Range<usize>> = text
        .prose
        .text
        .match_indices(prfaq_doc::CODE)
        .map(|(i, c)| text.span(i..i + c.len()))
        .collect();
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(at) = memchr::memchr(b'<', &raw.as_bytes()[from..]) {
        let start = from + at;
        from = start + 1;
        let Some(len) = raw[start + 1..].find(['>', '<', '\n']) else {
            break;
        };
        let end = start + 1 + len;
        if !raw[end..].starts_with('>') {
            continue;
        }
        let inner = &raw[start + 1..end];
        let Some(first) = inner.split_whitespace().next() else {
            continue;
        };
        let shaped = inner
            .chars()
            .all(|c| c.is_alphabetic() || matches!(c, ' ' | '_' | '-'))
            && inner.split_whitespace().count() <= 5
            && first.chars().next().is_some_and(char::is_alphabetic);
        if !shaped || HTML_TAGS.contains(&first.to_lowercase().as_str()) {
            continue;
        }
        let file = span.start + start..span.start + end + 1;
        if code
            .iter()
            .any(|c| c.start < file.end && file.start < c.end)
        {
            continue;
        }
        // Written literally (escaped), it is in the prose and found there.
        if text.prose.text.contains(&raw[start..=end]) {
            continue;
        }
        out.push(file);
        from = end + 1;
    }
    out
}

/// Placeholders in the front matter's values (`owner: [Your name]`, `launch: TBD`), each
/// as a range of the file with the key it is the value of. YAML reads a bracketed value
/// as a list, so the lines are read as written.
fn front_matter(ctx: &Context) -> Vec<(Range<usize>, String)> {
    let Some(fm) = &ctx.doc.front_matter else {
        return Vec::new();
    };
    let block = &ctx.doc.source[fm.span.clone()];
    let mut out = Vec::new();
    let mut offset = fm.span.start;
    for line in block.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let Some((key, value)) = line.split_once(':') else {
            continue;
        };
        let key = key.trim();
        if key.is_empty() || key.starts_with(['#', '-']) {
            continue;
        }
        let bare = value.trim().trim_matches(['"', '\'']);
        if bare.is_empty() || !(MARKERS.contains(&bare) || is_bracketed_guidance(bare)) {
            continue;
        }
        let at = start + line.len() - value.len() + value.find(bare).unwrap_or(0);
        {
            out.push((at..at + bare.len(), key.to_owned()));
        }
    }
    out
}

/// True when a front matter value is one bracketed placeholder (`[Your name]`,
/// `[YYYY-MM-DD]`). A value with commas is a YAML list (`[Dana Lee, Sam Ortiz]`) unless
/// it says what is missing (`[the customer, in a few words]`).
fn is_bracketed_guidance(value: &str) -> bool {
    let Some(inside) = value.strip_prefix('[').and_then(|v| v.strip_suffix(']')) else {
        return false;
    };
    if inside.contains(['[', ']']) {
        return false;
    }
    if !inside.contains(',') {
        return is_placeholder_inside(inside) || is_guidance_inside(inside);
    }
    let lower = inside.to_lowercase();
    is_guidance_inside(inside)
        && lower
            .split(|c: char| !c.is_alphanumeric() && c != '\'')
            .any(|w| KEYWORDS.contains(&w) || NOTE_WORDS.contains(&w))
}

pub fn check(ctx: &Context, text: &Text, out: &mut Vec<Violation>) {
    let help = "replace it with the real text before the review";
    // The front matter is no text of its own: it is read with the document's first.
    if ctx
        .all_texts()
        .first()
        .is_some_and(|first| std::ptr::addr_eq(first, text))
    {
        for (range, key) in front_matter(ctx) {
            let shown = &ctx.doc.source[range.clone()];
            out.push(
                Violation::new(
                    range,
                    format!("placeholder `{shown}` left in the front matter's `{key}`"),
                )
                .help(help),
            );
        }
    }
    let prose = &text.prose.text;
    let mut found: Vec<Range<usize>> = brackets(prose);
    found.extend(x_numbers(prose));
    found.extend(versions(prose));
    // The words are read only where one may be reported, unless they are split already
    // (the customer-facing texts are, by the rules before this one).
    let split = text.words_split();
    found.extend(marker_words(text, split || may_hold_marker(prose)));
    found.extend(instructions(text, split || has_insert(prose)));
    // "??" standing for a value: "$??", "?? minutes".
    let mut from = 0;
    while let Some(at) = prfaq_doc::cues::find_short(&prose[from..], "??") {
        let start = from + at;
        let end = start + prose[start..].chars().take_while(|&c| c == '?').count();
        let before = prose[..start].chars().next_back();
        if !before.is_some_and(char::is_alphanumeric)
            && !before.is_some_and(|c| matches!(c, ')' | '"' | '”'))
        {
            found.push(start..end);
        }
        from = end;
    }
    // One finding per place: the widest match wins.
    found.sort_by_key(|r| (r.start, std::cmp::Reverse(r.end)));
    let mut last_end = 0;
    for range in found {
        if range.start < last_end || text.prose.is_code(&range) {
            continue;
        }
        last_end = range.end;
        let shown = &prose[range.clone()];
        out.push(
            Violation::new(
                text.span(range.clone()),
                format!("placeholder `{shown}` left in"),
            )
            .help(help),
        );
    }
    for file in swallowed_tags(ctx, text) {
        let shown = &ctx.doc.source[file.clone()];
        out.push(
            Violation::new(file.clone(), format!("placeholder `{shown}` left in"))
                .help("replace it with the real text; Markdown hides text in angle brackets as an HTML tag"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_placeholders_and_lists() {
        for placeholder in [
            "[Your name]",
            "[YYYY-MM-DD]",
            "[the customer, in a few words]",
        ] {
            assert!(is_bracketed_guidance(placeholder), "{placeholder}");
        }
        for value in [
            "[Dana Lee, Sam Ortiz]",
            "[growth, retention]",
            "Dana Lee",
            "[12]",
        ] {
            assert!(!is_bracketed_guidance(value), "{value}");
        }
    }

    #[test]
    fn version_placeholders() {
        let found = |t: &str| -> Vec<String> {
            versions(t).into_iter().map(|r| t[r].to_string()).collect()
        };
        assert_eq!(found("Ships in vX.Y this spring."), ["vX.Y"]);
        assert_eq!(found("Version X.Y.Z adds it."), ["X.Y.Z"]);
        assert_eq!(found("from x.y.z on"), ["x.y.z"]);
        for prose in [
            "Offices in N.Y. and D.C.",
            "the x.y plane",
            "e.g. this",
            "v2.1",
            "Max.Y",
        ] {
            assert!(found(prose).is_empty(), "{prose}: {:?}", found(prose));
        }
    }

    #[test]
    fn guidance_in_brackets() {
        for inside in [
            "One sentence: who the customer is and the benefit.",
            "does what, for whom, in one sentence",
            "check the figure with finance",
            "The next step.",
            "What happens after the first order",
        ] {
            assert!(is_guidance_inside(inside), "{inside}");
        }
        for inside in [
            "the app",
            "sic",
            "Lee et al., 2024",
            "the new Acme app",
            "see below",
        ] {
            assert!(!is_guidance_inside(inside), "{inside}");
        }
    }

    #[test]
    fn the_marker_match_is_the_list() {
        for marker in MARKERS {
            assert!(is_marker(marker), "`{marker}` is not matched");
        }
        assert!(!is_marker("the") && !is_marker("Todo"));
    }

    #[test]
    fn markers_start_where_the_scan_looks() {
        for entry in MARKERS.iter().chain(STAND_INS) {
            let b = entry.as_bytes()[0];
            assert!(
                b.is_ascii_uppercase() || matches!(b, b'l' | b'd' | b't'),
                "`{entry}` would be skipped by marker_words' first-byte filter"
            );
        }
    }

    #[test]
    fn every_stand_in_starts_with_a_gated_word() {
        for phrase in STAND_INS {
            let first = phrase.split(' ').next().unwrap();
            assert!(
                starts_stand_in(first),
                "`{phrase}` would never be looked for"
            );
        }
    }

    fn found(prose: &str) -> Vec<&str> {
        let mut all = brackets(prose);
        all.extend(x_numbers(prose));
        all.iter().map(|r| &prose[r.clone()]).collect()
    }

    #[test]
    fn brackets_and_numbers() {
        assert_eq!(
            found("said [Customer name], [title]."),
            vec!["[Customer name]", "[title]"]
        );
        assert_eq!(
            found("saves XX% and costs $X.XX for X,XXX parents"),
            vec!["XX%", "$X.XX", "X,XXX"]
        );
        assert_eq!(
            found("{Product} ships {{launch date}}"),
            vec!["{Product}", "{{launch date}}"]
        );
        assert!(
            found("see [12] and [sic] and [Smith 2020]; 2x faster, XL size, Xbox, X the app")
                .is_empty()
        );
        assert!(found("use [ ] boxes and [a, b] lists").is_empty());
    }
}
