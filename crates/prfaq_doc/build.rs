//! Finds the cue files, `data/<language>/<list>.txt` (lists may sit in subfolders), so
//! that a language is added by adding its folder: no code names a language.
//!
//! Writes `cue_files.rs`: every file as (language, list name, text), English first and
//! then the languages in alphabetical order, and every list's entries in all its
//! languages, read here once instead of at the start of every process (see
//! `entries_of` and `phrases::named`). A list that has no English file is refused, naming
//! the file, as the parser would never read it. The built-in phrase matchers (the
//! headings' lists, the metrics table's columns) are written as static tables too, by
//! the index code the parser shares with this script (`src/cues/index.rs`).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

#[allow(dead_code)]
#[path = "src/cues/index.rs"]
mod index;

fn main() {
    let data = Path::new("data");
    println!("cargo::rerun-if-changed={}", data.display());
    println!("cargo::rerun-if-changed=src/cues/index.rs");
    let mut languages: Vec<String> = folders(data);
    languages.sort_by_key(|lang| (lang != "en", lang.clone()));
    assert!(
        languages.first().is_some_and(|l| l == "en"),
        "data/en: the English cue files are missing"
    );
    let mut files: Vec<(String, String, PathBuf)> = Vec::new();
    for lang in &languages {
        let root = data.join(lang);
        println!("cargo::rerun-if-changed={}", root.display());
        let mut found = Vec::new();
        walk(&root, &root, &mut found);
        found.sort();
        for (name, path) in found {
            files.push((lang.clone(), name, path));
        }
    }
    for (lang, name, _) in &files {
        assert!(
            files.iter().any(|(l, n, _)| l == "en" && n == name),
            "data/{lang}/{name}.txt: no list of that name in data/en/, so nothing reads it"
        );
        assert!(
            !lang.is_empty() && lang.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'),
            "data/{lang}: a language folder is named by its code, such as `ja` or `pt`"
        );
    }
    let mut out = String::from("/// Every cue file: (language, list name, text).\n");
    out.push_str("pub(crate) static FILES: &[(&str, &str, &str)] = &[\n");
    for (lang, name, _) in &files {
        writeln!(
            out,
            "    ({lang:?}, {name:?}, include_str!(concat!(env!(\"CARGO_MANIFEST_DIR\"), \"/data/{lang}/{name}.txt\"))),"
        )
        .expect("writing to a string");
    }
    out.push_str("];\n");
    // Each list's entries in every language that has it, English first, each once; by
    // list name, in byte order, for a binary search.
    let mut lists: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for (_, name, path) in &files {
        let text =
            std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let list = lists.entry(name.as_str()).or_default();
        for entry in entries_of(&text) {
            if !list.iter().any(|e| e == entry) {
                list.push(entry.to_owned());
            }
        }
    }
    out.push_str(
        "/// Every list's entries in every language, English first, each once, by list name.\n",
    );
    out.push_str("pub(crate) static LISTS: &[(&str, &[&str])] = &[\n");
    for (name, entries) in &lists {
        writeln!(out, "    ({name:?}, &{entries:?}),").expect("writing to a string");
    }
    out.push_str("];\n");
    write_matcher(&mut out, "HEADING_LISTS", &index::HEADING_LISTS, &lists);
    write_matcher(
        &mut out,
        "METRICS_COLUMNS",
        &index::METRICS_COLUMN_LISTS,
        &lists,
    );
    let dest =
        Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("cue_files.rs");
    std::fs::write(&dest, out).unwrap_or_else(|e| panic!("{}: {e}", dest.display()));
}

/// Writes the static tables of a phrase matcher of the lists `names`, list `i` being bit
/// `1 << i`, as `index::build` lays them out. A phrase that does not start and end with
/// a letter or digit is refused, naming its list: the matcher would never find it.
fn write_matcher(
    out: &mut String,
    static_name: &str,
    names: &[&str],
    lists: &BTreeMap<&str, Vec<String>>,
) {
    let entries: Vec<Vec<&str>> = names
        .iter()
        .map(|name| {
            let list = lists
                .get(name)
                .unwrap_or_else(|| panic!("data/en/{name}.txt: the list is missing"));
            for phrase in list {
                let alnum = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
                assert!(
                    alnum(phrase.chars().next()) && alnum(phrase.chars().next_back()),
                    "data/*/{name}.txt: `{phrase}`: a phrase starts and ends with a letter or digit"
                );
            }
            list.iter().map(String::as_str).collect()
        })
        .collect();
    let borrowed: Vec<&[&str]> = entries.iter().map(Vec::as_slice).collect();
    let (slots, groups) = index::build(&borrowed);
    writeln!(
        out,
        "/// The phrase matcher of the lists {names:?}, built by the build script.\n\
         pub(crate) static {static_name}: Matcher = Matcher::from_tables(&{slots:?}, &["
    )
    .expect("writing to a string");
    for (first, phrases) in &groups {
        writeln!(out, "    ({first:?}, Cow::Borrowed(&{phrases:?})),")
            .expect("writing to a string");
    }
    out.push_str("]);\n");
}

/// The entries of a list file, as `phrases::entries` reads them: each line up to any
/// `#`, trimmed, with empty lines left out.
fn entries_of(data: &str) -> impl Iterator<Item = &str> {
    data.lines()
        .map(|line| line.split('#').next().unwrap_or("").trim())
        .filter(|entry| !entry.is_empty())
}

/// The names of the folders in `dir`.
fn folders(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.expect("a folder entry"))
        .filter(|entry| entry.path().is_dir())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .collect()
}

/// Every `.txt` file under `dir`, as its list name (the path under `root` without the
/// extension, with `/` between folders) and its path.
fn walk(root: &Path, dir: &Path, out: &mut Vec<(String, PathBuf)>) {
    for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.expect("a folder entry").path();
        if path.is_dir() {
            println!("cargo::rerun-if-changed={}", path.display());
            walk(root, &path, out);
        } else if path.extension().is_some_and(|e| e == "txt") {
            let relative = path.strip_prefix(root).expect("under its root");
            let name = relative
                .with_extension("")
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            out.push((name, path));
        }
    }
}
