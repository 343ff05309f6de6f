//! The phrase lists the cues read, compiled in from `data/<language>/<list>.txt` in the
//! crate: one entry a line, `#` starting a comment, as in the checker's word lists.
//! Every language's file of a list is read, English first: a heading in German or
//! Japanese names its part in a document of any language (teams mix them), and a
//! language is added by adding its folder, which the build script finds.

use std::borrow::Cow;

use super::index::first_word;

mod files {
    use super::Matcher;
    use std::borrow::Cow;

    include!(concat!(env!("OUT_DIR"), "/cue_files.rs"));
}

/// A phrase list in every language, found among the compiled-in lists when the program
/// is compiled, wherever the macro stands: a name with no list fails the build.
macro_rules! list {
    ($name:literal) => {
        const { $crate::cues::phrases::named($name) }
    };
}

pub(crate) use list;

/// The entries of the list `name` in every language that has it, English first, each
/// once: read from the files by the build script. Evaluated where the program is
/// compiled for [`list!`], so a process copies and builds nothing; a name known only at
/// run time (the tests') is looked up the same way.
pub const fn named(name: &str) -> &'static [&'static str] {
    let mut i = 0;
    while i < files::LISTS.len() {
        if same_text(files::LISTS[i].0, name) {
            return files::LISTS[i].1;
        }
        i += 1;
    }
    panic!("no cue list of that name under data/")
}

/// True when `a` and `b` are the same text, in a form the compiler can evaluate (a
/// constant's `==` on `str` cannot be).
pub const fn same_text(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut k = 0;
    while k < a.len() {
        if a[k] != b[k] {
            return false;
        }
        k += 1;
    }
    true
}

/// The languages that have cue files, by their folder's name, English first.
pub fn languages() -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    for (lang, _, _) in files::FILES {
        if !out.contains(lang) {
            out.push(lang);
        }
    }
    out
}

/// A phrase list compiled in.
pub type List = &'static [&'static str];

/// The entries of a list file, in order: each line up to any `#`, trimmed, with empty
/// lines left out.
pub fn entries(data: &'static str) -> Vec<&'static str> {
    data.lines()
        .map(|line| line.split('#').next().unwrap_or("").trim())
        .filter(|entry| !entry.is_empty())
        .collect()
}

/// Several phrase lists looked for at once: every phrase of every list indexed by its
/// first word, so that one pass over a text's words says which lists have a phrase in
/// it on word boundaries, as [`super::has_any`] says for each list alone. The built-in
/// matchers ([`HEADING_LISTS`], [`METRICS_COLUMNS`]) are static tables written by the
/// build script (`super::index::build`): a process builds none.
///
/// A phrase starts and ends with a letter or digit (the build script refuses others,
/// naming the list), so it is on word boundaries only where it starts at the start of a
/// run of letters and digits and ends at the end of one: the run it starts with is the
/// first word of the phrase, looked up in the index.
pub struct Matcher {
    /// The open-addressing table: a group's place plus one, or 0 for a free slot.
    slots: Cow<'static, [u16]>,
    /// Each first word with its phrases and the lists each is in (one bit per list).
    groups: Cow<'static, [Group]>,
}

/// A first word and the phrases that start with it, each with its lists' bits.
type Group = (&'static str, Cow<'static, [(&'static str, u32)]>);

/// The built-in matchers, written by the build script.
pub(crate) use files::{HEADING_LISTS, METRICS_COLUMNS};

impl Matcher {
    /// A matcher of `lists` (at most 32), built at run time: list `i` is bit `1 << i` of
    /// what [`Matcher::lists_in`] answers.
    pub fn new(lists: &[&[&'static str]]) -> Matcher {
        for &phrase in lists.iter().flat_map(|list| list.iter()) {
            let alnum = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
            assert!(
                alnum(phrase.chars().next()) && alnum(phrase.chars().next_back()),
                "`{phrase}`: a phrase starts and ends with a letter or digit"
            );
        }
        let (slots, groups) = super::index::build(lists);
        Matcher {
            slots: slots.into(),
            groups: groups
                .into_iter()
                .map(|(first, entries)| (first, entries.into()))
                .collect(),
        }
    }

    /// A matcher from the tables the build script writes.
    const fn from_tables(slots: &'static [u16], groups: &'static [Group]) -> Matcher {
        Matcher {
            slots: Cow::Borrowed(slots),
            groups: Cow::Borrowed(groups),
        }
    }

    /// The phrases whose first word is `word`, with their lists' bits.
    #[inline]
    fn phrases_of(&self, word: &str) -> &[(&'static str, u32)] {
        let mask = self.slots.len() - 1;
        let mut at = super::index::hash(word) as usize & mask;
        loop {
            let slot = self.slots[at];
            if slot == 0 {
                return &[];
            }
            let (first, entries) = &self.groups[usize::from(slot) - 1];
            if *first == word {
                return entries;
            }
            at = (at + 1) & mask;
        }
    }

    /// The lists with a phrase in `hay` (already lowercase) on word boundaries, one bit
    /// per list.
    pub fn lists_in(&self, hay: &str) -> u32 {
        if hay.is_ascii() {
            return self.lists_in_ascii(hay);
        }
        let mut found = 0;
        let mut prev_alnum = false;
        let mut prev_cjk = false;
        for (at, c) in hay.char_indices() {
            let alnum = c.is_alphanumeric();
            let cjk = !c.is_ascii() && super::is_cjk(c);
            if alnum && (!prev_alnum || cjk || prev_cjk) {
                let rest = &hay[at..];
                for (phrase, owners) in self.phrases_of(first_word(rest)) {
                    let last_cjk =
                        !phrase.is_ascii() && phrase.chars().next_back().is_some_and(super::is_cjk);
                    let ends_word = last_cjk
                        || rest
                            .get(phrase.len()..)
                            .and_then(|after| after.chars().next())
                            .is_none_or(|c| !c.is_alphanumeric() || super::is_cjk(c));
                    if rest.starts_with(phrase) && ends_word {
                        found |= owners;
                    }
                }
            }
            prev_alnum = alnum;
            prev_cjk = cjk;
        }
        found
    }

    /// [`Matcher::lists_in`] for an ASCII `hay`, read as bytes: no character of it is
    /// of a script without spaces, and only an ASCII phrase can match in it.
    fn lists_in_ascii(&self, hay: &str) -> u32 {
        let bytes = hay.as_bytes();
        let mut found = 0;
        let mut prev_alnum = false;
        for (at, b) in bytes.iter().enumerate() {
            let alnum = b.is_ascii_alphanumeric();
            if alnum && !prev_alnum {
                let rest = &hay[at..];
                for (phrase, owners) in self.phrases_of(first_word(rest)) {
                    let ends_word = bytes
                        .get(at + phrase.len())
                        .is_none_or(|b| !b.is_ascii_alphanumeric());
                    if rest.starts_with(phrase) && ends_word {
                        found |= owners;
                    }
                }
            }
            prev_alnum = alnum;
        }
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_matcher_says_what_has_any_says_of_each_list() {
        let lists: [&[&str]; 6] = [
            &["faq", "questions"],
            &["customer", "customers"],
            &["scope", "out of scope"],
            &["customer faq"],
            &["顧客", "質問", "顧客faq"],
            &["고객", "질문"],
        ];
        let matcher = Matcher::new(&lists);
        for hay in [
            "",
            "faq",
            "faqs",
            "customer faq",
            "customers' faq",
            "the customers' questions",
            "out of scope",
            "scoped questions",
            "in scope: questions?",
            "café faq",
            "顧客faq",
            "社内向けfaq",
            "faq顧客",
            "よくある質問（faq）",
            "고객 faq",
            "고객의 질문",
        ] {
            let expected = lists
                .iter()
                .enumerate()
                .filter(|(_, list)| super::super::has_any(hay, list))
                .fold(0, |bits, (i, _)| bits | 1 << i);
            assert_eq!(matcher.lists_in(hay), expected, "{hay:?}");
        }
        // Inside Chinese, Japanese and Korean text every character is a boundary.
        assert_eq!(matcher.lists_in("社内向けfaq"), 1);
        assert_eq!(matcher.lists_in("顧客faq"), 1 | 1 << 4);
        assert_eq!(matcher.lists_in("고객의 질문"), 1 << 5);
        assert_eq!(matcher.lists_in("faqs"), 0);
    }

    /// The build script reads the lists as `entries` does and keeps each entry once,
    /// English first.
    #[test]
    fn every_list_is_its_files_entries_in_order_each_once() {
        let mut names: Vec<&str> = files::FILES.iter().map(|(_, name, _)| *name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), files::LISTS.len());
        for name in names {
            let mut expected: Vec<&'static str> = Vec::new();
            for (_, list, text) in files::FILES {
                if *list == name {
                    for entry in entries(text) {
                        if !expected.contains(&entry) {
                            expected.push(entry);
                        }
                    }
                }
            }
            assert_eq!(named(name), expected, "{name}");
        }
    }

    #[test]
    fn entries_skip_comments_and_blank_lines() {
        let data = "# A heading comment\n\nfirst\n  second phrase  # why\n#\nthird*\n";
        assert_eq!(entries(data), ["first", "second phrase", "third*"]);
    }
}
