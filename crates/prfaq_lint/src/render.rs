//! Renderers: findings as a compiler would print them, and as JSON, SARIF 2.1.0 and
//! GitHub workflow annotations. Pure functions from findings to text.

use std::fmt::Write;

use annotate_snippets::{Level, Renderer, Snippet};
use prfaq_doc::Document;
use serde::{Deserialize, Serialize};

use crate::diagnostic::{Diagnostic, Severity};
use crate::english::note;

mod sarif;

/// One checked file: its path as given, the parsed document and its findings.
pub struct FileReport<'a> {
    pub path: &'a str,
    pub doc: &'a Document,
    pub diagnostics: &'a [Diagnostic],
}

/// A finding's start and end as 1-based lines and columns.
fn positions(doc: &Document, d: &Diagnostic) -> (prfaq_doc::Position, prfaq_doc::Position) {
    let start = doc.position(d.span.start);
    let end = doc.position(d.span.end.max(d.span.start));
    (start, end)
}

/// Compiler-style text: the finding, the source lines with the words underlined, and help.
pub fn human(report: &FileReport, color: bool) -> String {
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let doc = report.doc;
    let mut out = String::new();
    if let Some(note) = note(doc) {
        let message = Level::Note.title(&note);
        let _ = writeln!(out, "{}\n --> {}\n", renderer.render(message), report.path);
    }
    for d in report.diagnostics {
        let level = match d.severity {
            Severity::Error => Level::Error,
            Severity::Warning => Level::Warning,
        };
        // Show only the lines the finding covers, so a large file renders quickly.
        let first = doc.lines.line_of(d.span.start.min(doc.source.len()));
        let last = doc
            .lines
            .line_of(d.span.end.max(d.span.start).min(doc.source.len()));
        let last = last.max(first).min(first + 6);
        let start = doc.lines.line_start(first).min(doc.source.len());
        let end = if last + 1 < doc.lines.len() {
            doc.lines.line_start(last + 1)
        } else {
            doc.source.len()
        };
        let snippet_text = doc.source[start..end].trim_end_matches(['\n', '\r']);
        let mut s = d.span.start.saturating_sub(start).min(snippet_text.len());
        let mut e = d
            .span
            .end
            .saturating_sub(start)
            .min(snippet_text.len())
            .max(s);
        while !snippet_text.is_char_boundary(s) {
            s -= 1;
        }
        while !snippet_text.is_char_boundary(e) {
            e += 1;
        }
        let mut message = level.title(&d.message).id(d.code).snippet(
            Snippet::source(snippet_text)
                .line_start(first + 1)
                .origin(report.path)
                .fold(false)
                .annotation(level.span(s..e).label(d.name)),
        );
        if let Some(help) = &d.help {
            message = message.footer(Level::Help.title(help));
        }
        let _ = writeln!(out, "{}\n", renderer.render(message));
    }
    out
}

/// One line per finding: `path:line:col: CODE name: message`.
pub fn concise(report: &FileReport) -> String {
    let mut out = String::new();
    for d in report.diagnostics {
        let (start, _) = positions(report.doc, d);
        let _ = writeln!(
            out,
            "{}:{}:{}: {} {} [{}]: {}",
            report.path,
            start.line,
            start.column,
            d.severity.as_str(),
            d.code,
            d.name,
            d.message
        );
    }
    out
}

/// One finding as the JSON output shows it: where it starts and ends as 1-based lines
/// and columns instead of a byte range. `prfaq check --format json` prints these, and
/// the workspace shows and sends the same values.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    pub code: String,
    pub name: String,
    pub severity: Severity,
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
}

impl Finding {
    /// `d`, found in `doc`, with its positions.
    pub fn new(doc: &Document, d: &Diagnostic) -> Finding {
        let (start, end) = positions(doc, d);
        Finding {
            code: d.code.to_owned(),
            name: d.name.to_owned(),
            severity: d.severity,
            message: d.message.clone(),
            help: d.help.clone(),
            line: start.line,
            column: start.column,
            end_line: end.line,
            end_column: end.column,
        }
    }
}

/// One file in the JSON output: its path, its findings, and why it could not be checked
/// if it could not (then it has no findings).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileFindings {
    pub path: String,
    #[serde(default)]
    pub diagnostics: Vec<Finding>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// The language of a document not in English (`ja`), with [`FileFindings::note`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// What the checker says once of the whole file: for a document not in English,
    /// that the rules reading English words did not run.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl FileFindings {
    /// A checked file.
    pub fn checked(report: &FileReport) -> FileFindings {
        FileFindings {
            path: report.path.to_owned(),
            diagnostics: report
                .diagnostics
                .iter()
                .map(|d| Finding::new(report.doc, d))
                .collect(),
            error: None,
            language: note(report.doc).map(|_| report.doc.language().code.clone()),
            note: note(report.doc),
        }
    }

    /// A file that could not be checked.
    pub fn failed(error: &FileError) -> FileFindings {
        FileFindings {
            path: error.path.to_owned(),
            diagnostics: Vec::new(),
            error: Some(error.message.to_owned()),
            language: None,
            note: None,
        }
    }
}

/// A file that could not be checked, for the machine-readable formats.
pub struct FileError<'a> {
    pub path: &'a str,
    pub message: &'a str,
}

/// The reports and then the errors as [`FileFindings`], the order every format prints.
fn files_of(reports: &[FileReport], errors: &[FileError]) -> Vec<FileFindings> {
    reports
        .iter()
        .map(FileFindings::checked)
        .chain(errors.iter().map(FileFindings::failed))
        .collect()
}

/// The JSON shape: `{"files":[{"path":…,"diagnostics":[…]}]}`.
pub fn json(reports: &[FileReport], errors: &[FileError]) -> String {
    json_of(&files_of(reports, errors))
}

/// The JSON output's root: `{"files":[…]}`.
#[derive(Serialize)]
struct Root<'a> {
    files: &'a [FileFindings],
}

/// The JSON shape of files already turned into [`FileFindings`]: the same text
/// [`json`] prints for the reports and errors they were made of.
pub fn json_of(files: &[FileFindings]) -> String {
    let mut out = Vec::new();
    let _ = write_json(files, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// Writes [`json_of`]'s text to `out` as it is made, without holding all of it.
pub fn write_json(files: &[FileFindings], out: impl std::io::Write) -> std::io::Result<()> {
    serde_json::to_writer_pretty(out, &Root { files }).map_err(std::io::Error::from)
}

/// GitHub workflow commands: `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message`.
pub fn github(reports: &[FileReport], errors: &[FileError]) -> String {
    github_of(&files_of(reports, errors))
}

/// The GitHub workflow commands of files already turned into [`FileFindings`]: every
/// finding in the files' order, then every file that could not be checked.
pub fn github_of(files: &[FileFindings]) -> String {
    let mut out = String::new();
    for f in files {
        if let Some(note) = &f.note {
            let _ = writeln!(
                out,
                "::notice file={},title=prfaq::{}",
                escape_property(&f.path),
                escape_data(note)
            );
        }
        for d in &f.diagnostics {
            let kind = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            };
            let mut message = d.message.clone();
            if let Some(help) = &d.help {
                message.push_str("\nhelp: ");
                message.push_str(help);
            }
            let _ = writeln!(
                out,
                "::{kind} file={},line={},col={},endLine={},endColumn={},title={}::{}",
                escape_property(&f.path),
                d.line,
                d.column,
                d.end_line,
                d.end_column,
                escape_property(&format!("{} {}", d.code, d.name)),
                escape_data(&message)
            );
        }
    }
    for f in files {
        if let Some(error) = &f.error {
            let _ = writeln!(
                out,
                "::error file={},title=prfaq::{}",
                escape_property(&f.path),
                escape_data(error)
            );
        }
    }
    out
}

fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// SARIF 2.1.0, for code-scanning tools.
pub fn sarif(reports: &[FileReport], errors: &[FileError], version: &str) -> String {
    sarif_of(&files_of(reports, errors), version)
}

/// SARIF 2.1.0 of files already turned into [`FileFindings`]: the same text [`sarif`]
/// prints for the reports and errors they were made of.
pub fn sarif_of(files: &[FileFindings], version: &str) -> String {
    let mut out = Vec::new();
    let _ = write_sarif(files, version, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// Writes [`sarif_of`]'s text to `out` as it is made, without holding all of it.
pub fn write_sarif(
    files: &[FileFindings],
    version: &str,
    out: impl std::io::Write,
) -> std::io::Result<()> {
    sarif::write(files, version, out)
}
