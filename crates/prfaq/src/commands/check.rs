//! `prfaq check`: findings for every document given, printed like a compiler.
//!
//! A bad file (not UTF-8, binary, empty, too large, unreadable) is reported with its
//! path and the run goes on with the others. Exit codes: 0 when no finding is at error
//! level, 1 when one is, 2 on a usage or input error.

use std::collections::BTreeMap;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::{Duration, SystemTime};

use anyhow::Result;
use prfaq_lint::render::{self, FileError, FileFindings, FileReport};
use prfaq_lint::{Config, Severity};

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
    /// Show every finding with its snippet, in file order, instead of warnings grouped by
    /// rule and what is missing in one block (the human format).
    #[arg(long, short)]
    verbose: bool,
    /// Check against the customer evidence linked to this workspace document (its id,
    /// from `/d/ID`): rule EV701 asks for a linked passage behind each customer quote.
    /// Needs `--token` (or `PRFAQ_TOKEN`).
    #[arg(long, value_name = "DOC")]
    evidence: Option<String>,
    /// The workspace's address, for `--evidence`.
    #[arg(long, env = "PRFAQ_SERVER", default_value = "http://127.0.0.1:7878")]
    server: String,
    /// A personal access token, for `--evidence`.
    #[arg(long, env = "PRFAQ_TOKEN", hide_env_values = true)]
    token: Option<String>,
    /// Check the journey against this file of product events (CSV, JSON Lines or
    /// Parquet): rule JR503 names each step with no event, or whose event never occurs.
    #[arg(long, value_name = "FILE")]
    events: Option<PathBuf>,
    /// Which columns of `--events` hold the user, event and time:
    /// `user_id=uid,event=name,timestamp=ts`.
    #[arg(long, value_name = "MAP", requires = "events")]
    events_map: Option<String>,
}

/// What the output needs of one checked file, kept once its document is dropped.
enum Kept {
    /// The findings already printed as text (the human and concise formats).
    Text(String),
    /// The findings' positions and messages (the JSON, SARIF and GitHub formats).
    Findings(FileFindings),
}

/// How the findings are shown: the format, in color or not, every snippet or grouped.
#[derive(Debug, Clone, Copy)]
struct Shown {
    format: Format,
    color: bool,
    verbose: bool,
}

/// One checked file: what the output needs and how many errors and warnings it has.
struct Checked {
    kept: Kept,
    errors: usize,
    warnings: usize,
}

/// The outcome of checking one file: what is kept of it, or why it could not be read.
struct Outcome {
    path: String,
    result: Result<Checked, String>,
}

/// Reads, parses and checks one file with its configuration, and keeps only what the
/// output in `format` needs: the parsed document is dropped before this returns.
fn check_file(path: &Path, config: &Config, shown_as: Shown) -> Outcome {
    let shown = path.display().to_string();
    let result = files::read_document(path, config.thresholds.max_file_bytes).map(|text| {
        let doc = prfaq_doc::parse(text);
        let diagnostics = prfaq_lint::check(&doc, config);
        let report = FileReport {
            path: &shown,
            doc: &doc,
            diagnostics: &diagnostics,
        };
        let color = shown_as.color;
        let kept = match shown_as.format {
            Format::Human if shown_as.verbose => Kept::Text(render::human(&report, color)),
            Format::Human => Kept::Text(render::human_grouped(&report, color)),
            Format::Concise => Kept::Text(render::concise(&report)),
            Format::Json | Format::Sarif | Format::Github => {
                Kept::Findings(FileFindings::checked(&report))
            }
        };
        let count = |level| diagnostics.iter().filter(|d| d.severity == level).count();
        Checked {
            kept,
            errors: count(Severity::Error),
            warnings: count(Severity::Warning),
        }
    });
    Outcome {
        path: shown,
        result,
    }
}

/// Checks the files on every core and hands each outcome to `emit` in the files' order.
/// Workers take the next file as they finish one; an outcome that arrives before an
/// earlier file's waits, small, until that one is emitted. No document outlives its check.
fn check_all(
    jobs: &[(&PathBuf, Config)],
    shown_as: Shown,
    emit: impl FnMut(Outcome) -> Result<()>,
) -> Result<()> {
    // One file needs no count of the cores (which reads the process's control groups).
    let threads = match jobs.len() {
        0 | 1 => 1,
        n => std::thread::available_parallelism().map_or(1, |cores| cores.get().min(n)),
    };
    if threads == 1 {
        // One core or one file: checked here, in order, without a thread to start.
        let mut emit = emit;
        for (file, config) in jobs {
            let checked = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                check_file(file, config, shown_as)
            }));
            let Ok(outcome) = checked else {
                anyhow::bail!("internal error: a check panicked");
            };
            emit(outcome)?;
        }
        return Ok(());
    }
    let next = AtomicUsize::new(0);
    std::thread::scope(|scope| {
        let (sender, receiver) = mpsc::sync_channel::<(usize, Outcome)>(threads * 4);
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                let sender = sender.clone();
                let next = &next;
                scope.spawn(move || {
                    loop {
                        let index = next.fetch_add(1, Ordering::Relaxed);
                        let Some((file, config)) = jobs.get(index) else {
                            break;
                        };
                        let outcome = check_file(file, config, shown_as);
                        // The receiver is gone when printing failed: stop quietly.
                        if sender.send((index, outcome)).is_err() {
                            break;
                        }
                    }
                })
            })
            .collect();
        drop(sender);
        let emitted = emit_in_order(receiver, emit);
        if workers.into_iter().any(|w| w.join().is_err()) {
            anyhow::bail!("internal error: a checking thread panicked");
        }
        emitted
    })
}

/// Emits the numbered outcomes in order, holding back those that arrive early.
fn emit_in_order(
    receiver: mpsc::Receiver<(usize, Outcome)>,
    mut emit: impl FnMut(Outcome) -> Result<()>,
) -> Result<()> {
    let mut waiting = BTreeMap::new();
    let mut next = 0;
    for (index, outcome) in receiver {
        waiting.insert(index, outcome);
        while let Some(outcome) = waiting.remove(&next) {
            emit(outcome)?;
            next += 1;
        }
    }
    Ok(())
}

fn use_color(args: &Args) -> bool {
    !args.no_color && std::env::var_os("NO_COLOR").is_none() && std::io::stdout().is_terminal()
}

/// Checks every file once and prints the report; returns the exit code.
fn check_once(args: &Args) -> Result<u8> {
    let found = files::collect(&args.paths, true)?;
    // Configuration is found first, on one thread: it is cached per folder and a bad
    // `prfaq.toml` stops the run before any work.
    let mut configs = ConfigCache::new(args.config.as_deref())?;
    let mut jobs: Vec<(&PathBuf, Config)> = found
        .files
        .iter()
        .map(|f| Ok((f, configs.for_file(f)?)))
        .collect::<Result<_>>()?;
    if let Some(doc) = &args.evidence {
        let Some(token) = &args.token else {
            anyhow::bail!("--evidence needs a personal access token: --token or PRFAQ_TOKEN");
        };
        let evidence = crate::commands::evidence::linked_evidence(&args.server, token, doc)?;
        for (_, config) in &mut jobs {
            config.evidence = Some(evidence.clone());
        }
    }
    if let Some(events) = &args.events {
        let docs: Vec<&std::path::Path> = jobs.iter().map(|(path, _)| path.as_path()).collect();
        let seen =
            crate::commands::outcomes::events_for_check(&docs, events, args.events_map.as_deref())?;
        for (_, config) in &mut jobs {
            config.events = Some(seen.clone());
        }
    }
    let color = use_color(args);
    let mut stdout = std::io::stdout().lock();
    // Text is printed as soon as its turn comes; the other formats need every file
    // before printing, so their findings (never the documents) are gathered.
    let (mut read, mut errs, mut warns) = (0, 0, 0);
    let mut findings = Vec::new();
    let mut failed = Vec::new();
    let shown_as = Shown {
        format: args.format,
        color,
        verbose: args.verbose,
    };
    check_all(&jobs, shown_as, |outcome| {
        match outcome.result {
            Ok(checked) => {
                read += 1;
                errs += checked.errors;
                warns += checked.warnings;
                match checked.kept {
                    Kept::Text(text) => write!(stdout, "{text}")?,
                    Kept::Findings(file) => findings.push(file),
                }
            }
            Err(message) => failed.push((outcome.path, message)),
        }
        Ok(())
    })?;
    failed.extend(
        found
            .errors
            .into_iter()
            .map(|(path, message)| (path, format!("cannot search the folder: {message}"))),
    );
    match args.format {
        Format::Human | Format::Concise => {
            for (path, message) in &failed {
                eprintln!("error: {path}: {message}");
            }
            if args.format == Format::Human {
                let summary = summary(read + failed.len(), errs, warns, failed.len());
                writeln!(stdout, "{summary}")?;
            }
        }
        Format::Json | Format::Sarif | Format::Github => {
            findings.extend(
                failed
                    .iter()
                    .map(|(path, message)| FileFindings::failed(&FileError { path, message })),
            );
            match args.format {
                Format::Json => {
                    // Written as it is made: the whole text would double the peak.
                    let mut out = std::io::BufWriter::new(&mut stdout);
                    render::write_json(&findings, &mut out)?;
                    writeln!(out)?;
                    out.flush()?;
                }
                Format::Sarif => {
                    let mut out = std::io::BufWriter::new(&mut stdout);
                    render::write_sarif(&findings, env!("CARGO_PKG_VERSION"), &mut out)?;
                    writeln!(out)?;
                    out.flush()?;
                }
                _ => write!(stdout, "{}", render::github_of(&findings))?,
            }
        }
    }
    stdout.flush()?;
    Ok(if !failed.is_empty() {
        2
    } else if errs > 0 {
        1
    } else {
        0
    })
}

/// The human format's last line: `3 files checked: 1 error, 2 warnings`.
fn summary(files: usize, errs: usize, warns: usize, unread: usize) -> String {
    format!(
        "{} file{} checked: {errs} error{}, {warns} warning{}{}",
        files,
        plural(files),
        plural(errs),
        plural(warns),
        if unread == 0 {
            String::new()
        } else {
            format!(", {unread} file{} could not be read", plural(unread))
        }
    )
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
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
