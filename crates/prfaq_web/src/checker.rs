//! The checker as the workspace runs it: the same load, parse and check as `prfaq check`
//! with the default configuration, and the same JSON.
//!
//! The findings are [`prfaq_lint::render::FileFindings`], the type `prfaq check
//! --format json` prints, so the editor, the API and the command line cannot disagree.

use prfaq_lint::Severity;
use prfaq_lint::render::{self, FileError, FileFindings, FileReport, Finding};

use crate::alignment::FaqEntry;

/// A front matter's fields, in order.
pub(crate) type Fields = Vec<(String, String)>;

/// A checked text.
#[derive(Clone, Debug)]
pub(crate) struct Checked {
    file: FileFindings,
}

impl Checked {
    /// The findings, in the order `prfaq check` prints them.
    pub fn findings(&self) -> &[Finding] {
        &self.file.diagnostics
    }

    /// Why the text could not be checked at all (empty, binary), if it could not.
    pub fn error(&self) -> Option<&str> {
        self.file.error.as_deref()
    }

    /// What the checker says once of the whole text (that the rules reading English
    /// words did not run on a document in another language), if anything.
    pub fn note(&self) -> Option<&str> {
        self.file.note.as_deref()
    }

    /// How many findings are at error level.
    pub fn errors(&self) -> usize {
        self.findings()
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .count()
    }

    /// Exactly what `prfaq check --format json` prints for this text.
    pub fn json(&self) -> String {
        render::json_of(std::slice::from_ref(&self.file))
    }
}

/// Checks `text` as `prfaq check` checks a file at `path`, and gives the front matter's
/// fields (the page shows them above the preview) and the FAQ as the rule of alignment
/// reads it (`crate::alignment`), from the same parse. `None` when `stop` said to stop
/// before the end.
pub(crate) fn check_with_faq(
    path: &str,
    text: &str,
    stop: &dyn Fn() -> bool,
) -> Option<(Checked, Fields, Vec<FaqEntry>)> {
    let (checked, extra) = check_text(path, text, stop, |doc, file| {
        let fields = doc
            .front_matter
            .as_ref()
            .map(|front| front.fields.clone())
            .unwrap_or_default();
        let unanswered: Vec<usize> = file
            .diagnostics
            .iter()
            .filter(|f| f.code == crate::alignment::UNANSWERED)
            .map(|f| f.line)
            .collect();
        (fields, crate::alignment::faq_entries_of(doc, &unanswered))
    })?;
    let (fields, faq) = extra.unwrap_or_default();
    Some((checked, fields, faq))
}

/// Loads, parses and checks `text` as `prfaq check` does a file at `path`, and reads
/// what else the caller needs (`extra`) from the same parse when the text could be
/// loaded. `None` when `stop` said to stop.
fn check_text<T>(
    path: &str,
    text: &str,
    stop: &dyn Fn() -> bool,
    extra: impl FnOnce(&prfaq_doc::Document, &FileFindings) -> T,
) -> Option<(Checked, Option<T>)> {
    let config = prfaq_lint::Config::default();
    let (file, extra) = match prfaq_doc::load(text.as_bytes(), config.thresholds.max_file_bytes) {
        Ok(text) => {
            let doc = prfaq_doc::parse(text);
            let diagnostics = prfaq_lint::check_until(&doc, &config, stop).ok()?;
            let file = FileFindings::checked(&FileReport {
                path,
                doc: &doc,
                diagnostics: &diagnostics,
            });
            let extra = extra(&doc, &file);
            (file, Some(extra))
        }
        Err(error) => (
            FileFindings::failed(&FileError {
                path,
                message: &error.to_string(),
            }),
            None,
        ),
    };
    Some((Checked { file }, extra))
}

/// Only what `prfaq check --format json` prints for `text` at `path` (`/api/check`
/// sends it on as it is), without the front matter's fields or the FAQ that the pages
/// read from the same parse. `None` when `stop` said to stop.
pub(crate) fn check_json(path: &str, text: &str, stop: &dyn Fn() -> bool) -> Option<String> {
    Some(check_text(path, text, stop, |_, _| ())?.0.json())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_example_has_findings_in_the_cli_shape() {
        let (checked, _, _) =
            check_with_faq("quick-reorder.md", crate::EXAMPLE_DOCUMENT, &|| false)
                .expect("never stopped");
        assert!(checked.error().is_none());
        let value: serde_json::Value = serde_json::from_str(&checked.json()).expect("json");
        assert_eq!(value["files"][0]["path"], "quick-reorder.md");
        let findings = value["files"][0]["diagnostics"]
            .as_array()
            .expect("an array");
        // The seeded draft exists to show a new user real findings.
        assert!(findings.len() >= 5, "{findings:?}");
    }

    #[test]
    fn a_stopped_check_ends_without_findings() {
        let asked = std::cell::Cell::new(0);
        let stop = || {
            asked.set(asked.get() + 1);
            true
        };
        let answer = check_json("x.md", crate::EXAMPLE_DOCUMENT, &stop);
        assert!(answer.is_none());
        assert_eq!(asked.get(), 1, "stopped at the first step");
    }

    #[test]
    fn the_api_answer_is_what_the_pages_read() {
        let json = check_json("a.md", crate::EXAMPLE_DOCUMENT, &|| false).expect("never stopped");
        let (checked, _, faq) =
            check_with_faq("a.md", crate::EXAMPLE_DOCUMENT, &|| false).expect("never stopped");
        assert_eq!(json, checked.json());
        assert!(!faq.is_empty(), "the example has an FAQ");
    }

    #[test]
    fn empty_text_is_an_error_not_a_panic() {
        let (checked, _, _) = check_with_faq("x.md", "  \n", &|| false).expect("never stopped");
        assert!(checked.error().is_some());
        assert!(checked.findings().is_empty());
    }
}
