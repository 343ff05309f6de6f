//! The rules that read English words: word lists (jargon, weasel words, company-centric
//! words), grammar (passive voice, future tense), readability and sentence length
//! (measured in English words and syllables), and the FAQ topics and cues recognised by
//! English phrases. On a document in another language they would judge words they
//! cannot read, so they run only on English text, and the output says so once
//! ([`note`]). The structural rules (missing parts, dateline, FAQ and its sections,
//! journey, metrics, scope) and placeholders run in every language.

use prfaq_doc::Document;

use crate::registry::{Family, Rule};

/// The rules outside the plain-language family that read English phrases.
const ENGLISH_RULES: &[&str] = &[
    // Lengths counted in English words and sentences.
    "PR110", "PR111",
    // Future tense, speakers named by English verbs, company-centric words, figures of a
    // problem, call-to-action destinations.
    "PR113", "PR114", "PR115", "PR116", "PR117",
    // FAQ topics, asked in English words.
    "FQ310", "FQ311", "FQ312", "FQ313", "FQ314", "FQ315", "FQ320", "FQ321", "FQ322",
];

/// True for a rule that reads English words: every plain-language rule but
/// placeholders (brackets and template markers are the same in every language), and
/// the rules of [`ENGLISH_RULES`].
pub fn reads_english(rule: &Rule) -> bool {
    (rule.family == Family::PlainLanguage && rule.code != "PL210")
        || ENGLISH_RULES.contains(&rule.code)
}

/// What the output says once of a document not in English: its language, and that the
/// rules reading English words did not run on it. `None` for English.
pub fn note(doc: &Document) -> Option<String> {
    let language = doc.language();
    if language.is_english() {
        return None;
    }
    let how = match language.from {
        prfaq_doc::LanguageFrom::FrontMatter => "as its front matter says",
        _ => "as detected",
    };
    Some(format!(
        "written in {} ({}, {how}): the English word lists, grammar and readability rules \
         were not run; the structure was checked",
        language.name, language.code
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::RULES;

    #[test]
    fn every_listed_code_is_a_rule() {
        for code in ENGLISH_RULES {
            assert!(RULES.iter().any(|r| r.code == *code), "{code}");
        }
    }

    #[test]
    fn structural_rules_and_placeholders_run_in_every_language() {
        for rule in RULES.iter() {
            if rule.structural || rule.code == "PL210" {
                let topic = rule.code.starts_with("FQ3") && rule.code >= "FQ310";
                assert_eq!(reads_english(rule), topic, "{}", rule.code);
            }
        }
    }
}
