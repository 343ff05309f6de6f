//! `prfaq check`: findings for every document given, printed like a compiler.
//!
//! A bad file (not UTF-8, binary, empty, too large, unreadable) is reported with its
//! path and the run goes on with the others. Exit codes: 0 when no finding is at error
//! level, 1 when one is, 2 on a usage or input error.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, SystemTime};

use anyhow::Result;
use prfaq_lint::render::{self, FileError, FileReport};
use prfaq_lint::{Config, Diagnostic, Severity};

use crate::config::ConfigCache;
use crate::files;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Compiler-style findings with source snippets.
    Human,
    /// One line per finding.
    Concise,
    /// `{"files":[{"path":…,"diagnostics":[…]}]}`.
    Json,
    /// SARIF 2.1.0 for code-scanning tools.
    Sarif,
    /// GitHub Actions workflow annotations.
    Github,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Files or folders to check (folders are searched for `.md` files).
    #[arg(default_value = ".")]
    paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Use this configuration file instead of the nearest `prfaq.toml`.
    #[arg(long)]
    config: Option<PathBuf>,
    /// Check again whenever a file changes.
    #[arg(long)]
    watch: bool,
    /// Never color the output.
    #[arg(long)]
    no_color: bool,
}

/// The outcome of checking one file.
pub struct Checked {
    pub path: String,
    pub outcome: Result<(prfaq_doc::Document, Vec<Diagnostic>), String>,
}

/// Reads, parses and checks one file with its configuration.
pub fn check_file(path: &Path, config: &Config) -> Checked {
    let shown = path.display().to_string();
    let outcome = files::read_document(path, config.thresholds.max_file_bytes).map(|text| {
        let doc = prfaq_doc::parse(&text);
        let diagnostics = prfaq_lint::check(&doc, config);
        (doc, diagnostics)
    });
    Checked {
        path: shown,
        outcome,
    }
}

/// Checks many files on every core, keeping their order.
fn check_all(files: &[PathBuf], configs: &mut ConfigCache) -> Result<Vec<Checked>> {
    // Configuration is found first, on one thread: it is cached per folder and a bad
    // `prfaq.toml` stops the run before any work.
    let jobs: Vec<(&PathBuf, Config)> = files
        .iter()
        .map(|f| Ok((f, configs.for_file(f)?)))
        .collect::<Result<_>>()?;
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(jobs.len().max(1));
    if threads <= 1 {
        return Ok(jobs.iter().map(|(f, c)| check_file(f, c)).collect());
    }
    let chunk = jobs.len().div_ceil(threads);
    let results = std::thread::scope(|scope| {
        let handles: Vec<_> = jobs
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    part.iter()
                        .map(|(f, c)| check_file(f, c))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join()).collect::<Vec<_>>()
    });
    let mut out = Vec::with_capacity(jobs.len());
    for result in results {
        match result {
            Ok(part) => out.extend(part),
            Err(_) => anyhow::bail!("internal error: a checking thread panicked"),
        }
    }
    Ok(out)
}

fn use_color(args: &Args) -> bool {
    !args.no_color && std::env::var_os("NO_COLOR").is_none() && std::io::stdout().is_terminal()
}

/// Checks every file once and prints the report; returns the exit code.
fn check_once(args: &Args) -> Result<u8> {
    let found = files::collect(&args.paths, true)?;
    let mut configs = ConfigCache::new(args.config.as_deref())?;
    let mut checked = check_all(&found.files, &mut configs)?;
    checked.extend(found.errors.into_iter().map(|(path, message)| Checked {
        path,
        outcome: Err(format!("cannot search the folder: {message}")),
    }));
    let reports: Vec<FileReport> = checked
        .iter()
        .filter_map(|c| match &c.outcome {
            Ok((doc, diagnostics)) => Some(FileReport {
                path: &c.path,
                doc,
                diagnostics,
            }),
            Err(_) => None,
        })
        .collect();
    let errors: Vec<FileError> = checked
        .iter()
        .filter_map(|c| match &c.outcome {
            Err(message) => Some(FileError {
                path: &c.path,
                message,
            }),
            Ok(_) => None,
        })
        .collect();
    let mut stdout = std::io::stdout().lock();
    match args.format {
        Format::Human | Format::Concise => {
            let color = use_color(args);
            for report in &reports {
                let text = if args.format == Format::Human {
                    render::human(report, color)
                } else {
                    render::concise(report)
                };
                write!(stdout, "{text}")?;
            }
            for e in &errors {
                eprintln!("error: {}: {}", e.path, e.message);
            }
            if args.format == Format::Human {
                let (errs, warns) = count(&reports);
                let files = reports.len() + errors.len();
                writeln!(
                    stdout,
                    "{} file{} checked: {errs} error{}, {warns} warning{}{}",
                    files,
                    plural(files),
                    plural(errs),
                    plural(warns),
                    if errors.is_empty() {
                        String::new()
                    } else {
                        format!(
                            ", {} file{} could not be read",
                            errors.len(),
                            plural(errors.len())
                        )
                    }
                )?;
            }
        }
        Format::Json => writeln!(stdout, "{}", render::json(&reports, &errors))?,
        Format::Sarif => writeln!(
            stdout,
            "{}",
            render::sarif(&reports, &errors, env!("CARGO_PKG_VERSION"))
        )?,
        Format::Github => write!(stdout, "{}", render::github(&reports, &errors))?,
    }
    stdout.flush()?;
    let (errs, _) = count(&reports);
    Ok(if !errors.is_empty() {
        2
    } else if errs > 0 {
        1
    } else {
        0
    })
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn count(reports: &[FileReport]) -> (usize, usize) {
    let all = reports.iter().flat_map(|r| r.diagnostics.iter());
    let errors = all
        .clone()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let warnings = all.filter(|d| d.severity == Severity::Warning).count();
    (errors, warnings)
}

/// The newest modification time among the files (and `prfaq.toml` files) watched.
fn newest(args: &Args) -> Option<SystemTime> {
    let mut files = files::collect(&args.paths, false).ok()?.files;
    if let Some(config) = &args.config {
        files.push(config.clone());
    }
    files
        .iter()
        .filter_map(|f| std::fs::metadata(f).and_then(|m| m.modified()).ok())
        .max()
}

pub fn run(args: Args) -> Result<ExitCode> {
    if !args.watch {
        return Ok(ExitCode::from(check_once(&args)?));
    }
    // Watching polls modification times: no platform-specific dependency, and a check
    // is fast enough to run on every change.
    let mut last = None;
    loop {
        let now = newest(&args);
        if now != last {
            last = now;
            if use_color(&args) {
                let mut stdout = std::io::stdout();
                write!(stdout, "\x1b[2J\x1b[H")?;
            }
            match check_once(&args) {
                Err(err) if crate::is_broken_pipe(&err) => return Err(err),
                Err(err) => eprintln!("error: {err:#}"),
                Ok(_) => {}
            }
        }
        std::thread::sleep(Duration::from_millis(250));
    }
}
