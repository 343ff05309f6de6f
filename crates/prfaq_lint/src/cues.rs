//! The rules' own phrase lists, compiled in from `data/en/<name>.txt` in the crate: one
//! entry a line, `#` starting a comment, read as the parser's cue files are
//! (`prfaq_doc::cues::phrases::entries`). Tuning a cue is a data diff; another language is
//! another folder of the same files. `build.rs` reads the files into static tables, so
//! nothing is read when a process starts.

/// A cue file compiled in: its name, its entries in order, and the same entries in an
/// open-addressing table read by `crate::words::probe` (an empty string marks an empty
/// slot).
pub(crate) type CueFile = (
    &'static str,
    &'static [&'static str],
    &'static [(&'static str, ())],
);

// `CUE_FILES`: every cue file of `data/en/`, by name.
include!(concat!(env!("OUT_DIR"), "/cue_files.rs"));

/// The index in `CUE_FILES` of the file `name`; a name with no file fails the build.
pub(crate) const fn cue_file(name: &str) -> usize {
    let mut i = 0;
    while i < CUE_FILES.len() {
        if prfaq_doc::cues::phrases::same_text(CUE_FILES[i].0, name) {
            return i;
        }
        i += 1;
    }
    panic!("no such cue file under data/en/")
}

/// A phrase list of the rules, compiled in.
macro_rules! cue_list {
    ($name:literal) => {
        crate::cues::CUE_FILES[crate::cues::cue_file($name)].1
    };
}

pub(crate) use cue_list;

/// A phrase list compiled in.
pub(crate) type CueList = &'static [&'static str];

/// A word list of the rules, compiled in from `data/en/<name>.txt` like [`cue_list!`],
/// for asking whether one word is in it.
macro_rules! cue_set {
    ($name:literal) => {
        crate::cues::CueSet::of(crate::cues::cue_file($name))
    };
}

pub(crate) use cue_set;

/// A word list compiled in, for membership.
pub(crate) struct CueSet {
    /// The entries in file order, which the tests read.
    #[cfg_attr(not(test), allow(dead_code))]
    entries: &'static [&'static str],
    slots: &'static [(&'static str, ())],
}

impl CueSet {
    /// The set of the cue file at `file` in `CUE_FILES`.
    pub(crate) const fn of(file: usize) -> CueSet {
        CueSet {
            entries: CUE_FILES[file].1,
            slots: CUE_FILES[file].2,
        }
    }

    /// True when `word` is an entry.
    pub(crate) fn contains(&self, word: &str) -> bool {
        crate::words::probe(self.slots, word).is_some()
    }

    /// The entries, in file order.
    #[cfg(test)]
    pub(crate) fn iter(&self) -> impl Iterator<Item = &&'static str> {
        self.entries.iter()
    }

    #[cfg(test)]
    pub(crate) fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every cue file's static entries are what the parser's reader makes of the file,
    /// and its table finds each entry and nothing else.
    #[test]
    fn static_cue_files_are_the_files() {
        for (name, entries, _) in CUE_FILES {
            let path = format!("{}/data/en/{name}.txt", env!("CARGO_MANIFEST_DIR"));
            let data: &'static str =
                Box::leak(std::fs::read_to_string(&path).unwrap().into_boxed_str());
            assert_eq!(entries, prfaq_doc::cues::phrases::entries(data), "{name}");
            let set = CueSet::of(cue_file(name));
            for entry in entries {
                assert!(set.contains(entry), "{name}: {entry}");
                assert!(
                    !set.contains(&format!("{entry}x"))
                        || entries.contains(&format!("{entry}x").as_str())
                );
            }
            assert!(!set.contains(""));
        }
    }
}
