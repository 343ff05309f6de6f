//! Plain-language measures: words, sentences, syllables and readability formulas.
//!
//! These feed the long-sentence (PL206) and reading-level (PL207) rules and `prfaq
//! stats`. They run on every keystroke, so they use no regular expressions and
//! allocate only the vectors they return. Grade levels differ between tools mostly
//! in how they count, so the counting is spelled out here.
//!
//! # Words
//!
//! A word is a run of letters, digits and U+FFFC (the placeholder that callers put
//! where inline code was), joined by inner apostrophes (`'`, `’`), hyphens, `&`, `@`,
//! periods between word characters and commas between digits. So "don't",
//! "follow-up", "R&D", "3.5", "1,000", "40%", "v1.2.3", "example.com" and "U.S" (the
//! final period is punctuation) are one word each, and a link written out in full
//! (`https://…`, `www.…`) is one word. "and/or" is two words; dashes separate words.
//!
//! # Sentences
//!
//! A sentence ends at `.`, `?`, `!`, `…` or `...` (with any closing quotes or brackets
//! after it) followed by whitespace and a word that looks like the start of a sentence,
//! and always at a blank line. Colons, semicolons and single line breaks do not end
//! sentences. A period followed by a lowercase word is not a boundary, and
//! abbreviations (Mr., e.g., No. 5, Inc., U.S., initials) are recognised; the exact
//! choices are documented on [`sentences`].
//!
//! # Syllables
//!
//! [`syllables`] counts vowel groups (a, e, i, o, u and a vowel-like y) and corrects
//! the count by spelling rules: silent final e ("make"), the e of "-ed" and "-es"
//! when it is not sounded ("jumped", "makes", but "wanted", "boxes"), syllabic "-le"
//! and "-re" ("table", "acre"), vowel pairs said as two syllables ("di-al", "vi-de-o",
//! "cru-el", "be-ing") and those said as one ("nation", "special", "piece"), prefixes
//! kept apart from the next vowel ("re-act", "co-op-er-ate", "bi-o-"), silent e
//! before suffixes and in compounds ("lone-ly", "home-work"), "-ism" and "-thm",
//! "-ically", and "Mc". Numbers count as read aloud ("2027" is "two thousand
//! twenty-seven"), short acronyms as spelled ("API" is three). A short table of very
//! common irregular words ("people", "business", "every") is applied on top;
//! [`syllables_by_rule`] leaves it out. Measured on the 117,493 plain lowercase words of
//! the CMU Pronouncing Dictionary, the rules alone match a pronunciation of 95.1% of
//! them (see `tests/cmudict.rs` and `bench/syllables/`).
//!
//! # Readability
//!
//! [`Readability::of`] counts the words (words made only of code placeholders are not
//! counted), the sentences that contain at least one counted word, and the syllables
//! of the counted words, then applies the Flesch–Kincaid grade level
//! (0.39 × words/sentences + 11.8 × syllables/words − 15.59) and the Flesch reading
//! ease (206.835 − 1.015 × words/sentences − 84.6 × syllables/words). With no words
//! both scores are 0. Parts are combined by adding counts ([`Readability::add`]), never
//! by averaging scores.

mod readability;
mod sentences;
mod syllables;
mod words;

pub use readability::Readability;
pub use sentences::sentences;
pub use syllables::{syllables, syllables_by_rule};
pub use words::{PLACEHOLDER, words};
