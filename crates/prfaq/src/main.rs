//! The `prfaq` command line: glue between the library crates, one file per subcommand.

mod commands;
mod config;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Checking allocates many short-lived strings (words, phrases, findings) on every core;
/// mimalloc's thread-local free lists serve them faster than the system allocator.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Write, check and align on Working Backwards PR/FAQ documents.
#[derive(Debug, Parser)]
#[command(name = "prfaq", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Write a new PR/FAQ document from the recommended layout.
    New(commands::new::Args),
    /// Check documents and print findings like a compiler.
    Check(commands::check::Args),
    /// List every rule with its code, name, severity and one line.
    Rules(commands::rules::Args),
    /// Explain a rule, with a bad and a good example.
    Explain(commands::explain::Args),
    /// Show what the parser found: the outline, word counts and reading grade.
    Stats(commands::stats::Args),
    /// Open the workspace in the browser (SQLite file by default, or PostgreSQL).
    Serve(commands::serve::Args),
    /// Write the latest revision of a workspace document to a file.
    Pull(commands::sync::PullArgs),
    /// Upload a Markdown file as a new revision (or a new document).
    Push(commands::sync::PushArgs),
    /// Write a consistent copy of the workspace database, even while it serves.
    Backup(commands::backup::Args),
    /// Load a backup into an empty database of either kind.
    Restore(commands::backup::Args),
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            let code = if err.use_stderr() { 2 } else { 0 };
            let _ = err.print();
            return ExitCode::from(code);
        }
    };
    let result = match cli.command {
        Command::New(args) => commands::new::run(args),
        Command::Check(args) => commands::check::run(args),
        Command::Rules(args) => commands::rules::run(args),
        Command::Explain(args) => commands::explain::run(args),
        Command::Stats(args) => commands::stats::run(args),
        Command::Serve(args) => commands::serve::run(args),
        Command::Pull(args) => commands::sync::pull(args),
        Command::Push(args) => commands::sync::push(args),
        Command::Backup(args) => commands::backup::backup(args),
        Command::Restore(args) => commands::backup::restore(args),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::from(2)
        }
    }
}
