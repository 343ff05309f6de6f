//! Which words are past participles, from the word lists in `data/en/`.

use crate::cues::{CueSet, cue_set};

/// Irregular past participles of verbs that take an object.
static IRREGULAR: CueSet = cue_set!("passive-irregular-participles");

/// Words ending in -ed that are not participles ("the goal is speed").
static NOT_PARTICIPLE: CueSet = cue_set!("passive-not-participles");

/// -ed words ending in -eed that are participles (the rest are "need", "speed", "feed").
static EED_PARTICIPLES: CueSet = cue_set!("passive-eed-participles");

/// Prefixes that keep a hyphenated verb a verb ("re-sent", "pre-installed").
const VERB_PREFIXES: &[&str] = &[
    "re", "pre", "co", "de", "un", "over", "under", "mis", "auto", "double", "cross", "sub",
];

/// True when `word` (lowercase) is a past participle.
pub(crate) fn is_participle(word: &str) -> bool {
    // "pre-installed" is a participle; "built-in" is not; "data-driven", "well-known"
    // and "hand-written" are adjectives made of a word and a participle.
    let word = match word.rsplit_once('-') {
        Some((head, last)) if VERB_PREFIXES.contains(&head) => last,
        Some(_) => return false,
        None => word,
    };
    if IRREGULAR.contains(word) {
        return true;
    }
    if !word.ends_with("ed") || word.len() < 4 || !word.chars().all(|c| c.is_ascii_lowercase()) {
        return false;
    }
    if word.ends_with("eed") {
        return EED_PARTICIPLES.contains(word);
    }
    !NOT_PARTICIPLE.contains(word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lists_hold_lowercase_single_words() {
        // Every list is compared with one lowercased word: an entry with a capital or a
        // space could never match.
        for list in [&IRREGULAR, &NOT_PARTICIPLE, &EED_PARTICIPLES] {
            assert!(!list.is_empty());
            for entry in list.iter() {
                assert!(
                    entry
                        .chars()
                        .all(|c| c.is_lowercase() || c == '-' || c == '\''),
                    "`{entry}`"
                );
            }
        }
        assert!(EED_PARTICIPLES.iter().all(|w| w.ends_with("eed")));
        assert!(NOT_PARTICIPLE.iter().all(|w| w.ends_with("ed")));
    }
}
