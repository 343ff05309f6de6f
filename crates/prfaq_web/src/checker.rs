//! The checker as the workspace runs it: the same load, parse and check as `prfaq check`
//! with the default configuration, and the same JSON.
//!
//! The findings are produced by [`prfaq_lint::render::json`] and read back from that
//! JSON for the pages, so the editor, the API and the command line cannot disagree.

use prfaq_lint::Memo;
use prfaq_lint::render::{self, FileError, FileReport};
use serde::{Deserialize, Serialize};

/// One finding as `prfaq check --format json` prints it.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct Finding {
    pub code: String,
    pub name: String,
    pub severity: String,
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
}

/// A checked text.
#[derive(Clone, Debug)]
pub(crate) struct Checked {
    /// Exactly what `prfaq check --format json` prints for this text.
    pub json: String,
    pub findings: Vec<Finding>,
    /// Why the text could not be checked at all (empty, binary), if it could not.
    pub error: Option<String>,
}

impl Checked {
    /// How many findings are at error level.
    pub fn errors(&self) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == "error")
            .count()
    }
}

/// Checks `text` as `prfaq check` checks a file at `path`, and gives the front matter's
/// fields from the same parse (the page shows them above the preview). `memo` holds
/// what earlier checks of the same writer or document learnt; the findings are the same
/// with any memo. `None` when `stop` said to stop before the end.
pub(crate) fn check_with_fields(
    path: &str,
    text: &str,
    memo: &Memo,
    stop: &dyn Fn() -> bool,
) -> Option<(Checked, Vec<(String, String)>)> {
    let (json, fields) = json_and_fields(path, text, memo, stop)?;
    let (findings, error) = read_back(&json);
    let checked = Checked {
        json,
        findings,
        error,
    };
    Some((checked, fields))
}

/// Only what `prfaq check --format json` prints for `text` at `path` (`/api/check`
/// sends it on as it is, so nothing is read back). `None` when `stop` said to stop.
pub(crate) fn check_json(
    path: &str,
    text: &str,
    memo: &Memo,
    stop: &dyn Fn() -> bool,
) -> Option<String> {
    Some(json_and_fields(path, text, memo, stop)?.0)
}

fn json_and_fields(
    path: &str,
    text: &str,
    memo: &Memo,
    stop: &dyn Fn() -> bool,
) -> Option<(String, Vec<(String, String)>)> {
    let config = prfaq_lint::Config::default();
    let mut fields = Vec::new();
    let json = match prfaq_doc::load(text.as_bytes(), config.thresholds.max_file_bytes) {
        Ok(text) => {
            let doc = memo.parse(&text);
            let diagnostics = prfaq_lint::check_until(&doc, &config, memo, stop).ok()?;
            if let Some(front) = &doc.front_matter {
                fields.clone_from(&front.fields);
            }
            let json = render::json(
                &[FileReport {
                    path,
                    doc: &doc,
                    diagnostics: &diagnostics,
                }],
                &[],
            );
            memo.keep(doc);
            json
        }
        Err(error) => {
            let message = error.to_string();
            render::json(
                &[],
                &[FileError {
                    path,
                    message: &message,
                }],
            )
        }
    };
    Some((json, fields))
}

#[derive(Deserialize)]
struct Root {
    files: Vec<File>,
}

#[derive(Deserialize)]
struct File {
    #[serde(default)]
    diagnostics: Vec<Finding>,
    #[serde(default)]
    error: Option<String>,
}

fn read_back(json: &str) -> (Vec<Finding>, Option<String>) {
    match serde_json::from_str::<Root>(json) {
        Ok(root) => {
            let mut findings = Vec::new();
            let mut error = None;
            for file in root.files {
                findings.extend(file.diagnostics);
                error = error.or(file.error);
            }
            (findings, error)
        }
        Err(e) => (
            Vec::new(),
            Some(format!("the checker's output was unreadable: {e}")),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_example_has_findings_in_the_cli_shape() {
        let (checked, _) = check_with_fields(
            "quick-reorder.md",
            crate::EXAMPLE_DOCUMENT,
            &Memo::new(),
            &|| false,
        )
        .expect("never stopped");
        assert!(checked.error.is_none());
        let value: serde_json::Value = serde_json::from_str(&checked.json).expect("json");
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
        let answer = check_json("x.md", crate::EXAMPLE_DOCUMENT, &Memo::new(), &stop);
        assert!(answer.is_none());
        assert_eq!(asked.get(), 1, "stopped at the first step");
    }

    #[test]
    fn empty_text_is_an_error_not_a_panic() {
        let (checked, _) =
            check_with_fields("x.md", "  \n", &Memo::new(), &|| false).expect("never stopped");
        assert!(checked.error.is_some());
        assert!(checked.findings.is_empty());
    }
}
