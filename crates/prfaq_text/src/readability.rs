//! Readability formulas from word, sentence and syllable counts.

use crate::{sentences, syllables, words};

/// Counts and readability scores of a text.
///
/// Scores are computed from the counts, so parts can be summed with [`add`] and the
/// scores of the whole are those of the summed counts, not an average of the parts'
/// scores.
///
/// [`add`]: Readability::add
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Readability {
    /// Words, not counting words made only of code placeholders.
    pub words: usize,
    /// Sentences that contain at least one counted word.
    pub sentences: usize,
    /// Syllables of the counted words, by [`syllables`].
    pub syllables: usize,
    /// Flesch–Kincaid grade level: 0.39 × words per sentence + 11.8 × syllables per
    /// word − 15.59. Zero when there are no words.
    pub flesch_kincaid_grade: f64,
    /// Flesch reading ease: 206.835 − 1.015 × words per sentence − 84.6 × syllables per
    /// word. Zero when there are no words. Not clamped to 0–100.
    pub flesch_reading_ease: f64,
}

impl Readability {
    /// Counts the words, sentences and syllables of `text` and scores them.
    pub fn of(text: &str) -> Readability {
        Readability::of_split(text, &words(text), &sentences(text))
    }

    /// The same as [`Readability::of`], for a text already split into words and
    /// sentences (byte ranges of `text`, in order), so callers that hold the split do
    /// not make it again.
    pub fn of_split(
        text: &str,
        words: &[std::ops::Range<usize>],
        sentences: &[std::ops::Range<usize>],
    ) -> Readability {
        let mut words_total = 0;
        let mut syllables_total = 0;
        let mut sentences_total = 0;
        let mut w = 0;
        for sentence in sentences {
            let before = words_total;
            // Words and sentences are both in text order; a word belongs to the
            // sentence it starts in.
            while w < words.len() && words[w].start < sentence.end {
                let word = &text[words[w].clone()];
                if words[w].start >= sentence.start && counts_as_word(word) {
                    words_total += 1;
                    syllables_total += syllables(word) as usize;
                }
                w += 1;
            }
            if words_total > before {
                sentences_total += 1;
            }
        }
        Readability::from_counts(words_total, sentences_total, syllables_total)
    }

    /// Scores given counts.
    pub fn from_counts(words: usize, sentences: usize, syllables: usize) -> Readability {
        let mut r = Readability {
            words,
            sentences,
            syllables,
            ..Readability::default()
        };
        r.recompute();
        r
    }

    /// Adds the counts of `other` and rescores.
    pub fn add(&mut self, other: &Readability) {
        self.words += other.words;
        self.sentences += other.sentences;
        self.syllables += other.syllables;
        self.recompute();
    }

    /// Average words per sentence, or 0 without sentences.
    pub fn words_per_sentence(&self) -> f64 {
        if self.sentences == 0 {
            0.0
        } else {
            self.words as f64 / self.sentences as f64
        }
    }

    /// Average syllables per word, or 0 without words.
    pub fn syllables_per_word(&self) -> f64 {
        if self.words == 0 {
            0.0
        } else {
            self.syllables as f64 / self.words as f64
        }
    }

    fn recompute(&mut self) {
        if self.words == 0 {
            self.flesch_kincaid_grade = 0.0;
            self.flesch_reading_ease = 0.0;
            return;
        }
        // Words always come in sentences, but counts given by hand may not say so;
        // a text with words is at least one sentence.
        let wps = self.words as f64 / self.sentences.max(1) as f64;
        let spw = self.syllables_per_word();
        self.flesch_kincaid_grade = 0.39 * wps + 11.8 * spw - 15.59;
        self.flesch_reading_ease = 206.835 - 1.015 * wps - 84.6 * spw;
    }
}

/// Whether a word is prose: it has a letter or digit, not only code placeholders.
fn counts_as_word(word: &str) -> bool {
    word.chars().any(char::is_alphanumeric)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn empty_text_scores_zero() {
        for text in ["", "   ", "...", "\u{FFFC}"] {
            assert_eq!(Readability::of(text), Readability::default(), "{text:?}");
        }
    }

    #[test]
    fn counts_and_formulas() {
        // 7 words, 2 sentences, 10 syllables ("customers" 3, "order" 2).
        let r = Readability::of("The cat sat. Customers order the food.");
        assert_eq!((r.words, r.sentences, r.syllables), (7, 2, 10));
        let (wps, spw) = (7.0 / 2.0, 10.0 / 7.0);
        assert!(close(
            r.flesch_kincaid_grade,
            0.39 * wps + 11.8 * spw - 15.59
        ));
        assert!(close(
            r.flesch_reading_ease,
            206.835 - 1.015 * wps - 84.6 * spw
        ));
    }

    #[test]
    fn code_placeholders_are_not_words() {
        let r = Readability::of("Run \u{FFFC} now.");
        assert_eq!((r.words, r.sentences, r.syllables), (2, 1, 2));
    }

    #[test]
    fn adding_parts_equals_the_whole() {
        let a = "We built a faster way to reorder groceries.";
        let b = "Parents tap once. The order arrives tomorrow.";
        let mut sum = Readability::of(a);
        sum.add(&Readability::of(b));
        let whole = Readability::of(&format!("{a}\n\n{b}"));
        assert_eq!(sum, whole);
        assert_eq!(
            sum,
            Readability::from_counts(whole.words, whole.sentences, whole.syllables)
        );
    }

    #[test]
    fn adding_to_empty_keeps_the_part() {
        let part = Readability::of("Short words help.");
        let mut total = Readability::of("");
        total.add(&part);
        assert_eq!(total, part);
    }

    #[test]
    fn hand_made_counts_without_sentences_still_score() {
        let r = Readability::from_counts(10, 0, 15);
        assert!(close(
            r.flesch_kincaid_grade,
            0.39 * 10.0 + 11.8 * 1.5 - 15.59
        ));
        assert!(close(r.words_per_sentence(), 0.0));
        assert!(close(r.syllables_per_word(), 1.5));
    }
}
