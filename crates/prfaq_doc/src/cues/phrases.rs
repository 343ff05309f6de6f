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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_skip_comments_and_blank_lines() {
        let data = "# A heading comment\n\nfirst\n  second phrase  # why\n#\nthird*\n";
        assert_eq!(entries(data), ["first", "second phrase", "third*"]);
    }
}
