//! The rules' own phrase lists, compiled in from `data/en/<name>.txt` in the crate: one
//! entry a line, `#` starting a comment, read as the parser's cue files are
//! (`prfaq_doc::cues::phrases`). Tuning a cue is a data diff; another language is another
//! folder of the same files.

/// A phrase list of the rules, read from its file the first time it is used.
macro_rules! cue_list {
    ($name:literal) => {
        std::sync::LazyLock::new(|| {
            prfaq_doc::cues::phrases::entries(include_str!(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/data/en/",
                $name,
                ".txt"
            )))
        })
    };
}

pub(crate) use cue_list;

/// A phrase list compiled in.
pub(crate) type CueList = std::sync::LazyLock<Vec<&'static str>>;

/// A word list of the rules, compiled in from `data/en/<name>.txt` like [`cue_list!`],
/// for asking whether one word is in it.
macro_rules! cue_set {
    ($name:literal) => {
        std::sync::LazyLock::new(|| {
            let entries = prfaq_doc::cues::phrases::entries(include_str!(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/data/en/",
                $name,
                ".txt"
            )));
            let mut set = std::collections::HashSet::with_capacity_and_hasher(
                entries.len(),
                crate::words::FastHash::default(),
            );
            set.extend(entries);
            set
        })
    };
}

pub(crate) use cue_set;

/// A word list compiled in, for membership (short words of fixed data: a fast hash).
pub(crate) type CueSet =
    std::sync::LazyLock<std::collections::HashSet<&'static str, crate::words::FastHash>>;
