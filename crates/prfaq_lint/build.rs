//! Finds the rule fixtures (`tests/fixtures/<CODE>/`), so that `tests/rules.rs` makes
//! each rule's two tests from its folder alone: a new rule's fixture is all its tests
//! need. Also compiles the built-in word lists (`data/*.txt`, read as `src/words.rs`
//! reads a list) into static tables, so that a process reads no list before its first
//! check (`word_lists.rs`, included by `src/words.rs`), and the rules' cue files
//! (`data/en/*.txt`) into static lists and sets (`cue_files.rs`, included by
//! `src/cues.rs`), and the FAQ question cues of those files into one static index by
//! what a question must hold for each to match (`question_index.rs`, included by
//! `src/analysis/questions.rs`).

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    fixtures();
    word_lists();
    cue_files();
    question_index();
}

fn fixtures() {
    let fixtures = Path::new("tests/fixtures");
    println!("cargo::rerun-if-changed={}", fixtures.display());
    let mut codes: Vec<String> = std::fs::read_dir(fixtures)
        .unwrap_or_else(|e| panic!("{}: {e}", fixtures.display()))
        .map(|entry| entry.expect("a folder entry"))
        .filter(|entry| entry.path().is_dir())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .collect();
    codes.sort();
    for code in &codes {
        assert!(
            !code.is_empty() && code.bytes().all(|b| b.is_ascii_alphanumeric()),
            "tests/fixtures/{code}: a fixture folder is named by its rule's code"
        );
    }
    let mut out = String::from("rule_fixtures! {\n");
    for code in &codes {
        writeln!(out, "    {code}").expect("writing to a string");
    }
    out.push_str("}\n");
    let dest =
        Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("rule_fixtures.rs");
    std::fs::write(&dest, out).unwrap_or_else(|e| panic!("{}: {e}", dest.display()));
}

/// The built-in lists, in the order of `ListKind::ALL`.
const LISTS: [&str; 5] = [
    "jargon",
    "technical",
    "internal-metric",
    "weasel",
    "superlative",
];

/// One list entry as `src/words.rs` reads it (`Entry::parse`): its words (lowercase
/// unless the entry has a capital), whether the last matches as a prefix, whether case
/// matters, and the entry as written.
struct Entry {
    words: Vec<String>,
    prefix: bool,
    case_sensitive: bool,
    text: String,
}

fn parse(line: &str) -> Option<Entry> {
    let line = line.split('#').next().unwrap_or("").trim();
    if line.is_empty() {
        return None;
    }
    let prefix = line.ends_with('*');
    let body = line.trim_end_matches('*');
    let case_sensitive = body.chars().any(char::is_uppercase);
    let words = body
        .split_whitespace()
        .map(|w| {
            if case_sensitive || w.is_ascii() {
                w.to_owned()
            } else {
                w.to_lowercase()
            }
        })
        .collect();
    Some(Entry {
        words,
        prefix,
        case_sensitive,
        text: body.to_owned(),
    })
}

/// The hash of the static index, the same as `words::fnv` at run time.
fn fnv(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in bytes {
        hash ^= u64::from(*byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

fn entry_literal(e: &Entry) -> String {
    format!(
        "Entry {{ words: Cow::Borrowed({:?}), n: {}, prefix: {}, case_sensitive: {}, text: Cow::Borrowed({:?}) }}",
        e.words.join(" "),
        e.words.len(),
        e.prefix,
        e.case_sensitive,
        e.text
    )
}

/// For each list, the range of its entries that start with a word.
type Ranges = [(usize, usize); 5];

/// Writes, for each list, its entries grouped by first word (longest first, then in
/// file order) and its one-word prefix entries by first byte; and one open-addressing
/// table from a lowercase first word to each list's group of entries.
/// Writes `INDEX`, the open-addressing table of every list's groups by first word,
/// hashed with [`fnv`].
fn write_index(out: &mut String, groups: &std::collections::BTreeMap<String, Ranges>) {
    // At most half full: a missing word is found missing after a probe or two.
    let size = (groups.len() * 2).next_power_of_two();
    let mut table: Vec<Option<(&str, Ranges)>> = vec![None; size];
    for (first, ranges) in groups {
        let mut at = (fnv(first.as_bytes()) as usize) & (size - 1);
        while table[at].is_some() {
            at = (at + 1) & (size - 1);
        }
        table[at] = Some((first, *ranges));
    }
    writeln!(out, "static INDEX: [Slot; {size}] = [").unwrap();
    for slot in &table {
        match slot {
            None => out.push_str("    (\"\", [(0, 0); 5]),\n"),
            Some((first, ranges)) => {
                let ranges: Vec<String> =
                    ranges.iter().map(|(a, b)| format!("({a}, {b})")).collect();
                writeln!(out, "    ({first:?}, [{}]),", ranges.join(", ")).unwrap();
            }
        }
    }
    out.push_str("];\n");
}

fn word_lists() {
    let mut out = String::from("// Generated by build.rs from data/*.txt.\n\n");
    // Each first word's range of entries in each list.
    let mut groups: std::collections::BTreeMap<String, Ranges> = Default::default();
    let mut prefix_lists = vec![0u8; 256];
    let mut prefix_pairs = vec![0u64; 1024];
    for (k, name) in LISTS.iter().enumerate() {
        let path = format!("data/{name}.txt");
        println!("cargo::rerun-if-changed={path}");
        let data = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        let mut by_first: Vec<(String, Vec<Entry>)> = Vec::new();
        let mut prefixes: Vec<Entry> = Vec::new();
        for entry in data.lines().filter_map(parse) {
            if entry.prefix && entry.words.len() == 1 {
                prefixes.push(entry);
            } else {
                let first = if entry.case_sensitive {
                    entry.words[0].to_lowercase()
                } else {
                    entry.words[0].clone()
                };
                match by_first.iter_mut().find(|(f, _)| *f == first) {
                    Some((_, entries)) => entries.push(entry),
                    None => by_first.push((first, vec![entry])),
                }
            }
        }
        let mut entries = Vec::new();
        for (first, mut group) in by_first {
            // Longest entries first, so "best in class" wins over "best" (stable).
            group.sort_by_key(|e| std::cmp::Reverse(e.words.len()));
            let start = entries.len();
            entries.extend(group);
            groups.entry(first).or_default()[k] = (start, entries.len());
        }
        // Prefix entries by their first byte, in file order within a byte.
        prefixes.sort_by_key(|e| e.words[0].as_bytes().first().copied().unwrap_or(0));
        let mut starts = vec![0usize; 257];
        for e in &prefixes {
            let b = usize::from(e.words[0].as_bytes().first().copied().unwrap_or(0));
            starts[b + 1] += 1;
            prefix_lists[b] |= 1 << k;
            // The entry's first two bytes; every second byte after a one-byte entry.
            let bytes = e.words[0].as_bytes();
            let seconds = match bytes.get(1) {
                Some(&second) => usize::from(second)..usize::from(second) + 1,
                None => 0..256,
            };
            for second in seconds {
                let pair = b << 8 | second;
                prefix_pairs[pair / 64] |= 1 << (pair % 64);
            }
        }
        for b in 1..257 {
            starts[b] += starts[b - 1];
        }
        let upper = name.to_uppercase().replace('-', "_");
        writeln!(
            out,
            "static {upper}: [Entry<'static>; {}] = [",
            entries.len()
        )
        .unwrap();
        for e in &entries {
            writeln!(out, "    {},", entry_literal(e)).unwrap();
        }
        out.push_str("];\n");
        writeln!(
            out,
            "static {upper}_PREFIXES: [Entry<'static>; {}] = [",
            prefixes.len()
        )
        .unwrap();
        for e in &prefixes {
            writeln!(out, "    {},", entry_literal(e)).unwrap();
        }
        out.push_str("];\n");
        writeln!(
            out,
            "static {upper}_PREFIX_STARTS: [u16; 257] = {starts:?};\n"
        )
        .unwrap();
    }
    // Which lists have a one-word prefix entry starting with each byte, one bit a list.
    writeln!(out, "static PREFIX_LISTS: [u8; 256] = {prefix_lists:?};").unwrap();
    // Which pairs of first bytes start a one-word prefix entry of any list, one bit a pair.
    writeln!(out, "static PREFIX_PAIRS: [u64; 1024] = {prefix_pairs:?};").unwrap();
    let names: Vec<String> = LISTS
        .iter()
        .map(|n| n.to_uppercase().replace('-', "_"))
        .collect();
    writeln!(
        out,
        "static ENTRIES: [&[Entry<'static>]; 5] = [{}];",
        names
            .iter()
            .map(|n| format!("&{n}"))
            .collect::<Vec<_>>()
            .join(", ")
    )
    .unwrap();
    writeln!(
        out,
        "static PREFIXES: [(&[Entry<'static>], &[u16; 257]); 5] = [{}];",
        names
            .iter()
            .map(|n| format!("(&{n}_PREFIXES, &{n}_PREFIX_STARTS)"))
            .collect::<Vec<_>>()
            .join(", ")
    )
    .unwrap();
    write_index(&mut out, &groups);
    let dest =
        Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("word_lists.rs");
    std::fs::write(&dest, out).unwrap_or_else(|e| panic!("{}: {e}", dest.display()));
}

/// The entries of a cue file, as `prfaq_doc::cues::phrases::entries` reads them: one a
/// line, `#` starting a comment, trimmed, blank lines left out.
fn cue_entries(data: &str) -> Vec<&str> {
    data.lines()
        .map(|line| line.split('#').next().unwrap_or("").trim())
        .filter(|entry| !entry.is_empty())
        .collect()
}

/// Writes every cue file of `data/en/` as its entries (as `prfaq_doc::cues::phrases::
/// entries` reads them: one a line, `#` starting a comment, trimmed, blank lines left
/// out) and an open-addressing table of them by [`fnv`], for asking about one word.
fn cue_files() {
    let folder = Path::new("data/en");
    println!("cargo::rerun-if-changed={}", folder.display());
    let mut names: Vec<String> = std::fs::read_dir(folder)
        .unwrap_or_else(|e| panic!("{}: {e}", folder.display()))
        .map(|entry| {
            entry
                .expect("a folder entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter_map(|name| name.strip_suffix(".txt").map(str::to_owned))
        .collect();
    names.sort();
    let mut out = String::from("// Generated by build.rs from data/en/*.txt.\n\n");
    writeln!(
        out,
        "pub(crate) const CUE_FILES: [(&str, &[&str], &[&str]); {}] = [",
        names.len()
    )
    .unwrap();
    for name in &names {
        let path = folder.join(format!("{name}.txt"));
        println!("cargo::rerun-if-changed={}", path.display());
        let data =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let entries = cue_entries(&data);
        let size = (entries.len() * 2).next_power_of_two().max(2);
        let mut slots = vec![""; size];
        for entry in &entries {
            let mut at = (fnv(entry.as_bytes()) as usize) & (size - 1);
            while !slots[at].is_empty() && slots[at] != *entry {
                at = (at + 1) & (size - 1);
            }
            slots[at] = entry;
        }
        writeln!(out, "    ({name:?}, &{entries:?}, &{slots:?}),").unwrap();
    }
    out.push_str("];\n");
    let dest =
        Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("cue_files.rs");
    std::fs::write(&dest, out).unwrap_or_else(|e| panic!("{}: {e}", dest.display()));
}

/// The cue files of the question lists, in the order of `QuestionCues::ALL` (a bit each).
const QUESTION_LISTS: [&str; 11] = [
    "dependency-questions",
    "differentiation-questions",
    "feasibility-questions",
    "getting-started-questions",
    "how-it-works-questions",
    "metric-questions",
    "pricing-questions",
    "resource-questions",
    "risk-questions",
    "success-measure-questions",
    "task-questions",
];

/// How many bytes of a word the stems are looked up by (`STEM_KEY` at run time).
const STEM_KEY: usize = 3;

/// A cue with the lists it is in, one bit a list; a cue in two lists is one entry.
fn add_cue(list: &mut Vec<(String, u16)>, cue: &str, bit: u16) {
    match list.iter_mut().find(|(c, _)| c == cue) {
        Some((_, lists)) => *lists |= bit,
        None => list.push((cue.to_owned(), bit)),
    }
}

/// Writes `name`, an open-addressing table of `keys` by [`fnv`], at most half full, each
/// slot a key and its value (`value` written as Rust of the type `ty`); an empty key and
/// `empty` mark an empty slot.
fn write_table<T>(
    out: &mut String,
    name: &str,
    ty: &str,
    empty: &str,
    keys: Vec<(String, T)>,
    value: impl Fn(&T) -> String,
) {
    let size = (keys.len() * 2).next_power_of_two().max(2);
    let mut table: Vec<Option<(String, T)>> = (0..size).map(|_| None).collect();
    for (key, v) in keys {
        let mut at = (fnv(key.as_bytes()) as usize) & (size - 1);
        while table[at].is_some() {
            at = (at + 1) & (size - 1);
        }
        table[at] = Some((key, v));
    }
    writeln!(out, "static {name}: [(&str, {ty}); {size}] = [").unwrap();
    for slot in &table {
        match slot {
            None => writeln!(out, "    (\"\", {empty}),").unwrap(),
            Some((key, v)) => writeln!(out, "    ({key:?}, {}),", value(v)).unwrap(),
        }
    }
    out.push_str("];\n");
}

/// Writes `QUESTION_WORDS`, `QUESTION_STEMS`, `QUESTION_PHRASES` and `QUESTION_OTHERS`:
/// every cue of [`QUESTION_LISTS`] by what a question must hold for it to match, as
/// `src/analysis/questions.rs` reads them. A word cue by the word; a stem (`risk*`) by its
/// first [`STEM_KEY`] bytes; a phrase by the run of ASCII letters and digits it starts
/// with, where it must start in the question; and the rest (`how do ~i`, a short stem, a
/// phrase that starts with anything else, any cue beyond ASCII) in one list read whole
/// for every question. The run-time tests hold the index's answers to those of reading
/// every cue in turn.
fn question_index() {
    let mut words: Vec<(String, u16)> = Vec::new();
    let mut stems: Vec<(String, Vec<(String, u16)>)> = Vec::new();
    let mut phrases: Vec<(String, Vec<(String, u16)>)> = Vec::new();
    let mut others: Vec<(String, u16)> = Vec::new();
    let group =
        |groups: &mut Vec<(String, Vec<(String, u16)>)>, key: &str, cue: &str, bit| match groups
            .iter_mut()
            .find(|(k, _)| k == key)
        {
            Some((_, list)) => add_cue(list, cue, bit),
            None => groups.push((key.to_owned(), vec![(cue.to_owned(), bit)])),
        };
    for (k, name) in QUESTION_LISTS.iter().enumerate() {
        let bit = 1u16 << k;
        let path = format!("data/en/{name}.txt");
        let data = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        for cue in cue_entries(&data) {
            if !cue.is_ascii() {
                add_cue(&mut others, cue, bit);
            } else if cue.contains(' ') {
                let run = cue
                    .bytes()
                    .position(|b| !b.is_ascii_alphanumeric())
                    .unwrap_or(cue.len());
                if run > 0 && !cue.contains(" ~") {
                    group(&mut phrases, &cue[..run], cue, bit);
                } else {
                    add_cue(&mut others, cue, bit);
                }
            } else if let Some(stem) = cue.strip_suffix('*') {
                match stem.get(..STEM_KEY) {
                    Some(key) => group(&mut stems, key, stem, bit),
                    None => add_cue(&mut others, cue, bit),
                }
            } else {
                add_cue(&mut words, cue, bit);
            }
        }
    }
    let mut out = String::from("// Generated by build.rs from the question lists of data/en/.\n\n");
    out.push_str("#[cfg(test)]\n");
    writeln!(
        out,
        "pub(crate) const QUESTION_LISTS: [&str; 11] = {QUESTION_LISTS:?};"
    )
    .unwrap();
    write_table(&mut out, "QUESTION_WORDS", "u16", "0", words, |lists| {
        lists.to_string()
    });
    for (name, groups) in [("QUESTION_STEMS", stems), ("QUESTION_PHRASES", phrases)] {
        write_table(&mut out, name, "&[(&str, u16)]", "&[]", groups, |cues| {
            format!("&{cues:?}")
        });
    }
    writeln!(
        out,
        "static QUESTION_OTHERS: [(&str, u16); {}] = {others:?};",
        others.len()
    )
    .unwrap();
    let dest =
        Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("question_index.rs");
    std::fs::write(&dest, out).unwrap_or_else(|e| panic!("{}: {e}", dest.display()));
}
