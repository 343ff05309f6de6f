//! `prfaq.toml`: which rules run, at what severity, with which thresholds and words.
//!
//! The linter does no I/O: the command line finds the file (walking up from the
//! document) and hands its text to [`Config::from_toml`]. Unknown keys are errors that
//! name the key, so a typo never silently turns a setting off.

use std::collections::BTreeMap;
use std::fmt;

use serde::Deserialize;

use crate::diagnostic::Severity;
use crate::registry::{RULES, Rule};
use crate::words::ListKind;

/// Numbers that rules compare against.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct Thresholds {
    /// PR110: the most words a press release may have (one page).
    pub press_release_words: usize,
    /// PR111: the most words a headline may have.
    pub headline_words: usize,
    /// PL206: a sentence with more words than this is long.
    pub sentence_words: usize,
    /// PL207: the highest Flesch-Kincaid grade the press release may have.
    pub reading_grade: f64,
    /// The largest file `prfaq check` reads, in bytes.
    pub max_file_bytes: usize,
}

impl Default for Thresholds {
    fn default() -> Thresholds {
        Thresholds {
            press_release_words: 600,
            headline_words: 20,
            sentence_words: 30,
            reading_grade: 10.0,
            max_file_bytes: prfaq_doc::DEFAULT_MAX_BYTES,
        }
    }
}

/// Words a project adds to or removes from one word list.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Vocabulary {
    /// Words that are right in this project: never flagged by this list.
    pub accept: Vec<String>,
    /// Words to flag in addition to the built-in list.
    pub reject: Vec<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct RulesSection {
    select: Option<Vec<String>>,
    ignore: Vec<String>,
    severity: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct RawConfig {
    rules: RulesSection,
    thresholds: Thresholds,
    vocabulary: BTreeMap<String, Vocabulary>,
}

/// The checker's settings.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Config {
    /// Codes or prefixes to run (`PR`, `PL2`, `FQ305`); `None` runs every rule.
    pub select: Option<Vec<String>>,
    /// Codes or prefixes never to run.
    pub ignore: Vec<String>,
    /// Severity overrides by code.
    pub severity: BTreeMap<&'static str, Severity>,
    pub thresholds: Thresholds,
    /// Project vocabulary, by word list.
    pub vocabulary: BTreeMap<ListKind, Vocabulary>,
    /// What the workspace knows of the customer evidence behind this document; `None`
    /// outside a workspace, where the evidence rules stay silent.
    pub evidence: Option<Evidence>,
    /// The product events known for this document (imported into the workspace, or
    /// read by `prfaq check --events`); `None` when there are none, where the rules on
    /// events stay silent.
    pub events: Option<Events>,
}

/// The product events behind a document, as the checker needs them: facts, never the
/// events themselves.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Events {
    /// The name of every event that occurs at least once, sorted.
    pub names: Vec<String>,
}

impl Events {
    /// True when `name` occurs in the events.
    pub fn has(&self, name: &str) -> bool {
        self.names
            .binary_search_by(|n| n.as_str().cmp(name))
            .is_ok()
    }
}

/// The customer evidence linked to a document's claims, as the workspace hands it to
/// the checker: facts, never a database.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Evidence {
    /// The readable text (trimmed) of every customer quote that has at least one linked
    /// passage of real customer feedback.
    pub linked_quotes: Vec<String>,
}

/// Why a configuration could not be read. Names the key or line at fault.
#[derive(Debug, Clone, PartialEq)]
pub struct ConfigError {
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ConfigError {}

fn matches_selector(rule: &Rule, selector: &str) -> bool {
    let s = selector.trim();
    s.eq_ignore_ascii_case("all")
        || rule.code.len() >= s.len() && rule.code[..s.len()].eq_ignore_ascii_case(s)
        || rule.name == s
}

fn check_selector(selector: &str, key: &str) -> Result<(), ConfigError> {
    if RULES.iter().any(|r| matches_selector(r, selector)) {
        Ok(())
    } else {
        Err(ConfigError {
            message: format!("`{key}`: `{selector}` matches no rule (see `prfaq rules`)"),
        })
    }
}

impl Config {
    /// Reads `prfaq.toml` text. Errors name the line and key at fault.
    pub fn from_toml(text: &str) -> Result<Config, ConfigError> {
        let raw: RawConfig = toml::from_str(text).map_err(|err| {
            let at = err
                .span()
                .map(|span| {
                    let line = text[..span.start.min(text.len())].matches('\n').count() + 1;
                    format!("line {line}: ")
                })
                .unwrap_or_default();
            ConfigError {
                message: format!("{at}{}", err.message()),
            }
        })?;
        let mut config = Config {
            thresholds: raw.thresholds,
            ..Config::default()
        };
        if let Some(select) = raw.rules.select {
            for s in &select {
                check_selector(s, "rules.select")?;
            }
            config.select = Some(select);
        }
        for s in &raw.rules.ignore {
            check_selector(s, "rules.ignore")?;
        }
        config.ignore = raw.rules.ignore;
        for (code, severity) in raw.rules.severity {
            let rule = crate::registry::find(&code).ok_or_else(|| ConfigError {
                message: format!("`rules.severity.{code}`: no rule has that code or name"),
            })?;
            let severity = Severity::parse(&severity).ok_or_else(|| ConfigError {
                message: format!(
                    "`rules.severity.{code}`: `{severity}` is not `error` or `warning`"
                ),
            })?;
            config.severity.insert(rule.code, severity);
        }
        for (list, vocabulary) in raw.vocabulary {
            let kind = ListKind::from_name(&list).ok_or_else(|| ConfigError {
                message: format!(
                    "`vocabulary.{list}`: no such word list; use one of {}",
                    ListKind::ALL
                        .iter()
                        .map(|k| k.name())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            })?;
            config.vocabulary.insert(kind, vocabulary);
        }
        if config.thresholds.reading_grade <= 0.0 {
            return Err(ConfigError {
                message: "`thresholds.reading-grade` must be above 0".into(),
            });
        }
        Ok(config)
    }

    /// True when `rule` runs under this configuration.
    pub fn enabled(&self, rule: &Rule) -> bool {
        let selected = self
            .select
            .as_ref()
            .is_none_or(|sel| sel.iter().any(|s| matches_selector(rule, s)));
        selected && !self.ignore.iter().any(|s| matches_selector(rule, s))
    }

    /// The severity `rule` reports at.
    pub fn severity(&self, rule: &Rule) -> Severity {
        self.severity
            .get(rule.code)
            .copied()
            .unwrap_or(rule.severity)
    }

    /// A configuration that runs only the rules matching `selectors`.
    pub fn only(selectors: &[&str]) -> Config {
        Config {
            select: Some(selectors.iter().map(|s| (*s).to_owned()).collect()),
            ..Config::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_full_config() {
        let config = Config::from_toml(
            r#"
[rules]
select = ["PR", "PL2"]
ignore = ["PL204", "passive-voice"]
severity = { PL206 = "error" }

[thresholds]
press-release-words = 450
reading-grade = 8.5

[vocabulary.jargon]
accept = ["seamless"]
reject = ["synergize"]
"#,
        )
        .unwrap();
        let rule = |code| crate::registry::find(code).unwrap();
        assert!(config.enabled(rule("PR103")));
        assert!(!config.enabled(rule("FQ301")));
        assert!(!config.enabled(rule("PL204")));
        assert!(!config.enabled(rule("PL205")));
        assert_eq!(config.severity(rule("PL206")), Severity::Error);
        assert_eq!(config.thresholds.press_release_words, 450);
        assert_eq!(config.thresholds.headline_words, 20);
        assert_eq!(
            config.vocabulary[&ListKind::Jargon].accept,
            vec!["seamless"]
        );
    }

    #[test]
    fn errors_name_what_is_wrong() {
        let err = Config::from_toml("[thresholds]\nsentence-wrods = 3\n").unwrap_err();
        assert!(err.message.contains("line 2"), "{}", err.message);
        assert!(err.message.contains("sentence-wrods"), "{}", err.message);
        let err = Config::from_toml("[rules]\nselect = [\"XX9\"]\n").unwrap_err();
        assert!(err.message.contains("XX9"));
        let err = Config::from_toml("[rules.severity]\nPL201 = \"fatal\"\n").unwrap_err();
        assert!(err.message.contains("fatal"));
        let err = Config::from_toml("[vocabulary.slang]\naccept = []\n").unwrap_err();
        assert!(err.message.contains("slang"));
    }
}
