//! The language a document is written in: the front matter's `lang` (or `language`)
//! field when it has one, else the language its prose is detected to be in
//! (`whatlang`), else English.
//!
//! The parser reads headings and labels in every language it has cue files for, so it
//! does not need the language; the checker does, to run the rules that read English
//! words only on English text.

use std::sync::OnceLock;

use crate::{Document, FrontMatter, Problem};

/// The languages the cue files know, by their ISO 639-1 code, with their English name,
/// their ISO 639-3 codes and the names a writer may give them in the front matter.
const KNOWN: &[(&str, &str, &[&str])] = &[
    ("en", "English", &["eng", "english"]),
    ("ja", "Japanese", &["jpn", "japanese", "日本語"]),
    ("ko", "Korean", &["kor", "korean", "한국어"]),
    ("de", "German", &["deu", "ger", "german", "deutsch"]),
    (
        "fr",
        "French",
        &["fra", "fre", "french", "français", "francais"],
    ),
    ("es", "Spanish", &["spa", "spanish", "español", "espanol"]),
    (
        "pt",
        "Portuguese",
        &["por", "portuguese", "português", "portugues"],
    ),
    (
        "zh",
        "Chinese",
        &["zho", "chi", "cmn", "chinese", "中文", "汉语", "漢語"],
    ),
];

/// How the language of a document was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LanguageFrom {
    /// The front matter's `lang` or `language` field.
    FrontMatter,
    /// Detected from the prose.
    Detected,
    /// Neither said: English.
    Default,
}

/// The language a document is written in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Language {
    /// The ISO 639-1 code (`en`, `ja`, `pt`) of a language the cue files know; for
    /// another, its ISO 639-3 code as detected (`ita`), or the front matter's value as
    /// written.
    pub code: String,
    /// Its English name (`Japanese`), or the code when it has none.
    pub name: String,
    pub from: LanguageFrom,
}

impl Language {
    fn english(from: LanguageFrom) -> Language {
        Language {
            code: "en".into(),
            name: "English".into(),
            from,
        }
    }

    /// True for English, the language of the checker's word lists.
    pub fn is_english(&self) -> bool {
        self.code == "en"
    }

    /// The language a front matter value names (`ja`, `ja-JP`, `pt_BR`, `Japanese`,
    /// `日本語`), if it names one.
    pub fn named(value: &str) -> Option<Language> {
        let lower = value.trim().to_lowercase();
        let base = lower.split(['-', '_']).next().unwrap_or("").trim();
        if let Some(&(code, name, _)) = KNOWN
            .iter()
            .find(|(code, _, names)| *code == base || names.contains(&base))
        {
            return Some(Language {
                code: code.into(),
                name: name.into(),
                from: LanguageFrom::FrontMatter,
            });
        }
        // Another language by its code (`it`, `nl`, `ita`).
        let code_like =
            (2..=3).contains(&base.len()) && base.bytes().all(|b| b.is_ascii_lowercase());
        code_like.then(|| Language {
            code: base.to_owned(),
            name: whatlang::Lang::from_code(base).map_or(base.to_owned(), |l| l.eng_name().into()),
            from: LanguageFrom::FrontMatter,
        })
    }

    /// The language of `text`, when it can be told reliably.
    pub fn detect(text: &str) -> Option<Language> {
        let info = whatlang::detect(text)?;
        if !info.is_reliable() {
            return None;
        }
        let code3 = info.lang().code();
        let known = KNOWN.iter().find(|(_, _, names)| names.contains(&code3));
        Some(Language {
            code: known.map_or(code3, |k| k.0).to_owned(),
            name: known.map_or(info.lang().eng_name(), |k| k.1).to_owned(),
            from: LanguageFrom::Detected,
        })
    }
}

/// The front matter field that names the language, if any: `lang` or `language`.
pub(crate) fn front_matter_value(front_matter: Option<&FrontMatter>) -> Option<&str> {
    front_matter?
        .fields
        .iter()
        .find(|(key, _)| key.eq_ignore_ascii_case("lang") || key.eq_ignore_ascii_case("language"))
        .map(|(_, value)| value.as_str())
}

/// Reports a `lang` field of the front matter that names no language.
pub(crate) fn check_front_matter(front_matter: Option<&FrontMatter>, problems: &mut Vec<Problem>) {
    if let Some(fm) = front_matter
        && let Some(value) = front_matter_value(Some(fm))
        && Language::named(value).is_none()
    {
        problems.push(Problem {
            message: format!(
                "front matter: `{value}` names no language; write a code such as `en`, `ja` or \
                 `pt-BR` (the language is detected from the text instead)"
            ),
            span: fm.span.clone(),
        });
    }
}

/// Words common in English prose and rare in the other languages written in Latin
/// letters that the cue files know.
const ENGLISH_WORDS: &[&str] = &[
    "the", "and", "of", "to", "is", "are", "with", "for", "that", "this", "you", "your", "it",
    "they", "we", "our", "will", "can",
];

/// The bytes of a word of at most four, lowercased as ASCII, and its length, in one
/// number: [`ENGLISH_WORDS`] are compared with a word as numbers.
const fn pack(word: &[u8]) -> u64 {
    let mut packed = (word.len() as u64) << 32;
    let mut i = 0;
    while i < word.len() && i < 4 {
        packed |= (word[i].to_ascii_lowercase() as u64) << (8 * i);
        i += 1;
    }
    packed
}

/// [`ENGLISH_WORDS`] packed as [`pack`] packs a word (none is longer than four bytes).
const ENGLISH_PACKED: [u64; ENGLISH_WORDS.len()] = {
    let mut out = [0; ENGLISH_WORDS.len()];
    let mut i = 0;
    while i < out.len() {
        assert!(ENGLISH_WORDS[i].len() <= 4);
        out[i] = pack(ENGLISH_WORDS[i].as_bytes());
        i += 1;
    }
    out
};

/// True when English's commonest words make up at least a tenth of the first
/// [`SAMPLE_WORDS`] words of `texts`: English prose, without the cost of a detection
/// (prose in German, French, Spanish or Portuguese has a few of them at most, in quoted
/// names and terms).
fn plainly_english<'a>(texts: impl Iterator<Item = &'a str>) -> bool {
    let mut words = 0usize;
    let mut english = 0usize;
    // Counts a word; the answer once the sample is full.
    let mut count = |word: &[u8]| {
        words += 1;
        if word.len() <= 4 && ENGLISH_PACKED.contains(&pack(word)) {
            english += 1;
        }
        // A tenth of the full sample found already: the rest cannot change the answer
        // (a shorter text needs 20 words, and has its tenth then too).
        if english * 10 >= SAMPLE_WORDS && words >= 20 {
            return Some(true);
        }
        (words == SAMPLE_WORDS).then(|| english * 10 >= words)
    };
    for text in texts {
        // In an ASCII text a word is a run of ASCII letters and digits, read as bytes.
        let answer = if text.is_ascii() {
            text.as_bytes()
                .split(|b| !b.is_ascii_alphanumeric())
                .filter(|w| !w.is_empty())
                .find_map(&mut count)
        } else {
            text.split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .find_map(|w| count(w.as_bytes()))
        };
        if let Some(answer) = answer {
            return answer;
        }
    }
    words >= 20 && english * 10 >= words
}

/// How many words are read to tell English prose by its commonest words.
const SAMPLE_WORDS: usize = 150;

/// How much prose is read to detect the language: enough for a reliable answer,
/// little enough to cost the same on a long document.
const SAMPLE_BYTES: usize = 2_000;

impl Document {
    /// The language the document is written in, found the first time it is asked.
    pub fn language(&self) -> &Language {
        self.language.get_or_init(|| {
            if let Some(language) =
                front_matter_value(self.front_matter.as_ref()).and_then(Language::named)
            {
                return language;
            }
            let prose = || {
                self.blocks
                    .iter()
                    .filter(|b| b.is_prose())
                    .map(|b| b.text())
            };
            if plainly_english(prose()) {
                return Language::english(LanguageFrom::Detected);
            }
            let mut sample = String::new();
            for text in prose() {
                if sample.len() >= SAMPLE_BYTES {
                    break;
                }
                sample.push_str(text);
                sample.push('\n');
            }
            Language::detect(&sample).unwrap_or_else(|| Language::english(LanguageFrom::Default))
        })
    }
}

/// The slot a document keeps its language in.
pub(crate) type Slot = OnceLock<Language>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_values_name_languages() {
        for (value, code) in [
            ("ja", "ja"),
            ("ja-JP", "ja"),
            ("pt_BR", "pt"),
            ("Japanese", "ja"),
            ("日本語", "ja"),
            ("Deutsch", "de"),
            ("zh-Hans", "zh"),
            ("EN", "en"),
            ("it", "it"),
        ] {
            assert_eq!(
                Language::named(value).map(|l| l.code),
                Some(code.to_owned()),
                "{value}"
            );
        }
        assert_eq!(Language::named("Klingon please"), None);
        assert_eq!(
            Language::named("ita").map(|l| l.name),
            Some("Italian".to_owned())
        );
    }

    #[test]
    fn only_english_prose_is_plainly_english() {
        let fixture = |name: &str| {
            let path = format!(
                "{}/tests/fixtures/languages/{name}",
                env!("CARGO_MANIFEST_DIR")
            );
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
        };
        assert!(plainly_english(std::iter::once(
            fixture("en-classic.md").as_str()
        )));
        for lang in ["de", "fr", "es", "pt", "ja", "ko", "zh"] {
            for layout in ["classic", "labels"] {
                let name = format!("{lang}-{layout}.md");
                assert!(
                    !plainly_english(std::iter::once(fixture(&name).as_str())),
                    "{name}"
                );
            }
        }
    }

    #[test]
    fn prose_is_detected_in_each_language() {
        for (text, code) in [
            (
                "The new app lets parents book a sitter in two minutes, without calling anyone.",
                "en",
            ),
            (
                "新しいアプリでは、親は誰にも電話せずに二分でベビーシッターを予約できます。",
                "ja",
            ),
            (
                "새로운 앱을 사용하면 부모는 누구에게도 전화하지 않고 2분 만에 베이비시터를 예약할 수 있습니다.",
                "ko",
            ),
            (
                "Mit der neuen App buchen Eltern in zwei Minuten einen Babysitter, ohne jemanden anzurufen.",
                "de",
            ),
            (
                "Avec la nouvelle application, les parents réservent une baby-sitter en deux minutes, sans appeler personne.",
                "fr",
            ),
            (
                "Con la nueva aplicación, los padres reservan una niñera en dos minutos, sin llamar a nadie.",
                "es",
            ),
            (
                "Com o novo aplicativo, os pais reservam uma babá em dois minutos, sem ligar para ninguém.",
                "pt",
            ),
            (
                "有了这个新应用，父母无需给任何人打电话，两分钟就能预订保姆。",
                "zh",
            ),
        ] {
            assert_eq!(
                Language::detect(text).map(|l| l.code),
                Some(code.to_owned()),
                "{text}"
            );
        }
    }
}
