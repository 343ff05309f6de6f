//! The phrase lists the cues read, compiled in from `data/<language>/<list>.txt` in the
//! crate: one entry a line, `#` starting a comment, as in the checker's word lists.
//! English is the only language so far; another is another folder of the same files.

/// The text of the English list file `data/en/<name>.txt`.
macro_rules! en {
    ($name:literal) => {
        include_str!(concat!("../../data/en/", $name, ".txt"))
    };
}

/// An English phrase list, read from its file the first time it is used.
macro_rules! list {
    ($name:literal) => {
        std::sync::LazyLock::new(|| $crate::cues::phrases::entries(en!($name)))
    };
}

pub(crate) use {en, list};

/// A phrase list compiled in.
pub type List = std::sync::LazyLock<Vec<&'static str>>;

/// The entries of a list file, in order: each line up to any `#`, trimmed, with empty
/// lines left out.
pub fn entries(data: &'static str) -> Vec<&'static str> {
    data.lines()
        .map(|line| line.split('#').next().unwrap_or("").trim())
        .filter(|entry| !entry.is_empty())
        .collect()
}

/// Several phrase lists looked for at once: one automaton over every phrase of every
/// list, built once, that says in one pass over a text which lists have a phrase in it on
/// word boundaries, as [`super::has_any`] says for each list alone.
pub struct Matcher {
    automaton: aho_corasick::AhoCorasick,
    /// For each pattern, the lists it is in, one bit per list.
    owners: Vec<u32>,
}

impl Matcher {
    /// A matcher of `lists` (at most 32): list `i` is bit `1 << i` of what
    /// [`Matcher::lists_in`] answers.
    pub fn new(lists: &[&[&str]]) -> Matcher {
        assert!(lists.len() <= 32, "one bit per list");
        let mut patterns: Vec<&str> = Vec::new();
        let mut owners: Vec<u32> = Vec::new();
        for (i, list) in lists.iter().enumerate() {
            for phrase in list.iter().filter(|p| !p.is_empty()) {
                match patterns.iter().position(|p| p == phrase) {
                    Some(at) => owners[at] |= 1 << i,
                    None => {
                        patterns.push(phrase);
                        owners.push(1 << i);
                    }
                }
            }
        }
        let automaton = aho_corasick::AhoCorasick::builder()
            .match_kind(aho_corasick::MatchKind::Standard)
            .build(&patterns)
            .expect("the phrase lists make an automaton");
        Matcher { automaton, owners }
    }

    /// The lists with a phrase in `hay` (already lowercase) on word boundaries, one bit
    /// per list. Each phrase is judged as [`super::has_phrase`] judges it: after an
    /// occurrence off word boundaries, the next one looked at starts after its end.
    pub fn lists_in(&self, hay: &str) -> u32 {
        let mut found = 0;
        // Phrases met off word boundaries, with where their next occurrence may start.
        let mut resume: Vec<(usize, usize)> = Vec::new();
        for m in self.automaton.find_overlapping_iter(hay) {
            let pattern = m.pattern().as_usize();
            let owners = self.owners[pattern];
            if owners & !found == 0 {
                continue;
            }
            let slot = resume.iter().position(|(p, _)| *p == pattern);
            if slot.is_some_and(|at| m.start() < resume[at].1) {
                continue;
            }
            let before = hay[..m.start()].chars().next_back();
            let after = hay[m.end()..].chars().next();
            let boundary = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
            if boundary(before) && boundary(after) {
                found |= owners;
                continue;
            }
            let next = m.start() + m.len().max(1);
            match slot {
                Some(at) => resume[at].1 = next,
                None => resume.push((pattern, next)),
            }
        }
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_matcher_says_what_has_any_says_of_each_list() {
        let lists: [&[&str]; 4] = [
            &["faq", "questions"],
            &["a a", "customer"],
            &["scope", "out of scope"],
            &["customer faq"],
        ];
        let matcher = Matcher::new(&lists);
        for hay in [
            "",
            "faq",
            "faqs",
            "customer faq",
            "customers' faq",
            "xa a a",
            "a a",
            "out of scope",
            "scoped questions",
            "in scope: questions?",
            "café faq",
        ] {
            let expected = lists
                .iter()
                .enumerate()
                .filter(|(_, list)| super::super::has_any(hay, list))
                .fold(0, |bits, (i, _)| bits | 1 << i);
            assert_eq!(matcher.lists_in(hay), expected, "{hay:?}");
        }
    }

    #[test]
    fn entries_skip_comments_and_blank_lines() {
        let data = "# A heading comment\n\nfirst\n  second phrase  # why\n#\nthird*\n";
        assert_eq!(entries(data), ["first", "second phrase", "third*"]);
    }
}
