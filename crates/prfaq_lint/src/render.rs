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

/// Compiler-style text, every finding in file order: the finding, the source lines with
/// the words underlined, and help (`prfaq check --verbose`).
pub fn human(report: &FileReport, color: bool) -> String {
    let renderer = renderer(color);
    let mut out = language_note(&renderer, report);
    for d in report.diagnostics {
        let _ = writeln!(out, "{}\n", render_one(&renderer, report, d, None));
    }
    out
}

/// For a document not in English, the note (said once) that the rules reading English
/// words did not run; nothing otherwise.
fn language_note(renderer: &Renderer, report: &FileReport) -> String {
    match note(report.doc) {
        Some(note) => format!(
            "{}\n --> {}\n\n",
            renderer.render(Level::Note.title(&note)),
            report.path
        ),
        None => String::new(),
    }
}

fn renderer(color: bool) -> Renderer {
    if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    }
}

fn level(severity: Severity) -> Level {
    match severity {
        Severity::Error => Level::Error,
        Severity::Warning => Level::Warning,
    }
}

/// True when the rule with this code reports something the document lacks.
fn reports_absence(code: &str) -> bool {
    crate::registry::find(code).is_some_and(|r| r.absent)
}

/// What the grouped views need of a finding: a [`Diagnostic`] or a [`Finding`].
pub trait Grouping {
    fn code(&self) -> &str;
    fn severity(&self) -> Severity;
    /// True when it reports something the document lacks.
    fn missing(&self) -> bool;
}

impl Grouping for Diagnostic {
    fn code(&self) -> &str {
        self.code
    }
    fn severity(&self) -> Severity {
        self.severity
    }
    fn missing(&self) -> bool {
        reports_absence(self.code)
    }
}

impl Grouping for Finding {
    fn code(&self) -> &str {
        &self.code
    }
    fn severity(&self) -> Severity {
        self.severity
    }
    fn missing(&self) -> bool {
        self.missing
    }
}

/// Findings in the order a reader takes them: the errors in the text (file order), what
/// the document lacks (errors first, then in the order of the rules), and the warnings in
/// the text grouped by rule, each group in the order its rule first appears. The CLI's
/// human output and the workspace's list both show this.
#[derive(Debug, serde::Serialize)]
pub struct Grouped<'a, T> {
    pub errors: Vec<&'a T>,
    pub missing: Vec<&'a T>,
    pub warnings: Vec<Vec<&'a T>>,
}

/// Groups `findings` (in file order) for reading; see [`Grouped`].
pub fn grouped<T: Grouping>(findings: &[T]) -> Grouped<'_, T> {
    let mut errors = Vec::new();
    let mut missing = Vec::new();
    let mut warnings: Vec<Vec<&T>> = Vec::new();
    for f in findings {
        if f.missing() {
            missing.push(f);
        } else if f.severity() == Severity::Error {
            errors.push(f);
        } else {
            match warnings.iter_mut().find(|g| g[0].code() == f.code()) {
                Some(group) => group.push(f),
                None => warnings.push(vec![f]),
            }
        }
    }
    let rank = |code: &str| crate::registry::RULES.iter().position(|r| r.code == code);
    missing.sort_by_key(|f| (std::cmp::Reverse(f.severity()), rank(f.code())));
    Grouped {
        errors,
        missing,
        warnings,
    }
}

/// Compiler-style text that starts with what matters: the errors in the text, each with
/// its snippet; then what the document lacks (missing parts and FAQ topics, the journey,
/// the metrics) in one block with no snippet; then the warnings grouped by rule, the first
/// with its snippet and the others by line, with what each quotes.
pub fn human_grouped(report: &FileReport, color: bool) -> String {
    let renderer = renderer(color);
    let groups = grouped(report.diagnostics);
    let mut out = language_note(&renderer, report);
    for d in groups.errors {
        let _ = writeln!(out, "{}\n", render_one(&renderer, report, d, None));
    }
    if !groups.missing.is_empty() {
        let _ = writeln!(out, "what is missing from {}:", report.path);
        for d in groups.missing {
            let mut message = level(d.severity).title(&d.message).id(d.code);
            if let Some(help) = &d.help {
                message = message.footer(Level::Help.title(help));
            }
            let _ = writeln!(out, "{}", renderer.render(message));
        }
        out.push('\n');
    }
    for found in groups.warnings {
        let others = others_note(report.doc, &found[1..]);
        let _ = writeln!(
            out,
            "{}\n",
            render_one(&renderer, report, found[0], others.as_deref())
        );
    }
    out
}

/// How many more findings a group holds, and where: `also on line 18 (`was made`), …`.
fn others_note(doc: &Document, others: &[&Diagnostic]) -> Option<String> {
    if others.is_empty() {
        return None;
    }
    let places: Vec<String> = others
        .iter()
        .map(|d| {
            let line = doc.position(d.span.start).line;
            match quoted(&d.message) {
                Some(words) => format!("{line} (`{words}`)"),
                None => line.to_string(),
            }
        })
        .collect();
    let lines = if places.len() == 1 { "line" } else { "lines" };
    Some(format!(
        "{} more: also on {lines} {}; `--verbose` shows each",
        others.len(),
        places.join(", ")
    ))
}

/// The first words a message quotes between backticks.
fn quoted(message: &str) -> Option<&str> {
    let (_, rest) = message.split_once('`')?;
    let (words, _) = rest.split_once('`')?;
    (!words.is_empty()).then_some(words)
}

/// One finding with the source lines it covers, the words underlined, its help and, for a
/// group, a note on the others.
fn render_one(
    renderer: &Renderer,
    report: &FileReport,
    d: &Diagnostic,
    note: Option<&str>,
) -> String {
    let doc = report.doc;
    let level = level(d.severity);
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
    if let Some(note) = note {
        message = message.footer(Level::Note.title(note));
    }
    renderer.render(message).to_string()
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
    /// True when the finding is about something the document lacks (a part, a FAQ topic,
    /// the journey, the metrics) rather than words in it; its position is where the part
    /// was looked for.
    #[serde(default)]
    pub missing: bool,
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
            missing: reports_absence(d.code),
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
