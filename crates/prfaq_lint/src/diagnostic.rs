//! Findings: what a rule reports, where, and how severe it is.

use std::ops::Range;

use serde::{Deserialize, Serialize};

/// How much a finding matters. Errors fail `prfaq check`; warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }

    pub fn parse(text: &str) -> Option<Severity> {
        match text {
            "error" => Some(Severity::Error),
            "warning" | "warn" => Some(Severity::Warning),
            _ => None,
        }
    }
}

/// One finding, pointing at a byte range of the document's source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub code: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    /// Short, lowercase, no trailing period; quotes the offending text in backticks.
    pub message: String,
    /// What to write instead.
    pub help: Option<String>,
    pub span: Range<usize>,
}

/// What a rule reports; the registry adds code, name and severity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    pub span: Range<usize>,
    pub message: String,
    pub help: Option<String>,
    /// The words this finding speaks for, when wider than its span (a question with its
    /// answer): a finding of a rule this one outranks within them is the same problem.
    pub covers: Option<Range<usize>>,
}

impl Violation {
    pub fn new(span: Range<usize>, message: impl Into<String>) -> Violation {
        Violation {
            span,
            message: message.into(),
            help: None,
            covers: None,
        }
    }

    /// Widens the words this finding speaks for beyond its span.
    pub fn covering(mut self, covers: Range<usize>) -> Violation {
        self.covers = Some(covers);
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Violation {
        self.help = Some(help.into());
        self
    }
}
