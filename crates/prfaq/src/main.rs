//! The `prfaq` command line: glue between the library crates, one file per subcommand.

/// `println!` that returns an error instead of panicking when standard output is
/// closed, so a reader that stops early (`prfaq rules | head`) ends the program quietly.
macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        writeln!(std::io::stdout(), $($arg)*)
    }};
}

mod allocator;
mod commands;
mod config;
mod files;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// mimalloc, asked plainly (see [`allocator`]).
#[global_allocator]
static GLOBAL: allocator::Mimalloc = allocator::Mimalloc;

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
    /// Review a workspace document: request, comment, answer, verdict, status.
    Review(commands::review::Args),
    /// Customer feedback in a workspace: import, search, coverage of a document's claims.
    Evidence(commands::evidence::Args),
    /// Write a consistent copy of the workspace database, even while it serves.
    Backup(commands::backup::Args),
    /// Load a backup into an empty database of either kind.
    Restore(commands::backup::Args),
    /// Measure the journey and metrics on an events file: report or SQL.
    Outcomes(commands::outcomes::Args),
    /// Draw the user journey as SVG, with each step's reach once events are given.
    Journey(commands::outcomes::JourneyArgs),
}

/// mimalloc's `destroy_on_exit` option: its place in `mi_option_t` (`mimalloc.h`).
const MI_OPTION_DESTROY_ON_EXIT: libmimalloc_sys::mi_option_t = 22;

fn main() -> ExitCode {
    // When a process ends, mimalloc walks its whole heap to give every page back, which
    // the system does anyway as the process goes: 42,000 instructions after a check of
    // one document. A value above 1 of this option skips that walk.
    // SAFETY: setting an option takes no pointer and may be done at any time.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_DESTROY_ON_EXIT, 2) };
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
        Command::Review(args) => commands::review::run(args),
        Command::Evidence(args) => commands::evidence::run(args),
        Command::Backup(args) => commands::backup::backup(args),
        Command::Restore(args) => commands::backup::restore(args),
        Command::Outcomes(args) => commands::outcomes::run(args),
        Command::Journey(args) => commands::outcomes::journey(args),
    };
    match result {
        Ok(code) => code,
        // The reader of standard output went away (`prfaq check | head -1`): what it
        // wanted was printed, so the program ends quietly, as ripgrep does.
        Err(err) if is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::from(2)
        }
    }
}

/// True when an error comes from writing to a closed pipe.
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

#[cfg(test)]
mod tests {
    use super::MI_OPTION_DESTROY_ON_EXIT;

    /// The option's number is mimalloc's place in its enumeration, which a new mimalloc
    /// could shift: its neighbours must still be the options with their known defaults
    /// (`deprecated_max_segment_reclaim` 10 before it, `arena_reserve` 1 GiB in KiB after).
    #[test]
    fn the_exit_option_is_the_one_between_its_neighbours() {
        // SAFETY: reading an option takes no pointer.
        let (before, after) = unsafe {
            (
                libmimalloc_sys::mi_option_get(MI_OPTION_DESTROY_ON_EXIT - 1),
                libmimalloc_sys::mi_option_get(MI_OPTION_DESTROY_ON_EXIT + 1),
            )
        };
        assert_eq!((before, after), (10, 1024 * 1024));
    }
}
