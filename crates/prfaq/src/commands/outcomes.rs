//! `prfaq outcomes report|sql` and `prfaq journey`: the document's journey and metrics
//! measured on an events file, offline. `prfaq outcomes import|experiment|source|refresh`
//! and `report --document ID` work with a workspace (`outcomes_workspace.rs`).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, anyhow};
use prfaq_outcomes::measures::{Cohorts, Weeks};
use prfaq_outcomes::plan::Plan;
use prfaq_outcomes::read::Format as InputFormat;
use prfaq_outcomes::read::postgres::Source;
use prfaq_outcomes::sql::Dialect;
use prfaq_outcomes::{Columns, Options, render, svg, time};

use crate::files;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, clap::Subcommand)]
enum Command {
    /// The funnel, time to aha, activation, retention and each metric against its target.
    Report(ReportArgs),
    /// The same measures as SQL for a warehouse.
    Sql(SqlArgs),
    /// Import an events file (CSV, JSON Lines or Parquet) into a workspace document.
    Import(super::outcomes_workspace::ImportArgs),
    /// Experiments recorded against a workspace document's journey steps.
    #[command(subcommand)]
    Experiment(super::outcomes_workspace::ExperimentCommand),
    /// A workspace document's stored PostgreSQL event source: set it once, then
    /// `prfaq outcomes refresh DOC`.
    #[command(subcommand)]
    Source(super::outcomes_workspace::SourceCommand),
    /// Read a workspace document's events again from its stored PostgreSQL source.
    Refresh(super::outcomes_workspace::RefreshArgs),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Format {
    /// Text for a person.
    Human,
    /// One JSON object (rates as fractions, times in seconds).
    Json,
    /// A self-contained page with the journey, the funnel and each metric drawn.
    Html,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum CohortArg {
    FirstTime,
    Recurring,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum WeeksArg {
    Calendar,
    Rolling,
}

/// How the measures are computed (shared by `report`, `sql` and `journey`).
#[derive(Debug, clap::Args)]
struct Measures {
    /// Which columns hold the user, event and time: `user_id=uid,event=name,timestamp=ts`.
    #[arg(long = "map")]
    map: Option<String>,
    /// The funnel's conversion window from each attempt's first step (`14d`, `36h`).
    #[arg(long, default_value = "14d")]
    window: String,
    /// Strict order: any other event between two steps ends the attempt.
    #[arg(long)]
    strict: bool,
    /// An event that drops a user from the funnel when done during an attempt.
    #[arg(long = "exclude")]
    exclude: Vec<String>,
    /// Retention cohorts: by the first week of the first step, or every week with one.
    #[arg(long, value_enum, default_value_t = CohortArg::FirstTime)]
    cohorts: CohortArg,
    /// Retention weeks: calendar weeks (Monday, UTC) or rolling 7-day windows.
    #[arg(long, value_enum, default_value_t = WeeksArg::Calendar)]
    weeks: WeeksArg,
    /// The event that counts as coming back (default: the aha step's event).
    #[arg(long)]
    return_event: Option<String>,
    /// The activation window (default: the activation metric's, else 7d).
    #[arg(long)]
    activation: Option<String>,
    /// Weeks of retention to measure (at most 64).
    #[arg(long, default_value_t = 8)]
    retention_weeks: usize,
}

#[derive(Debug, clap::Args)]
struct ReportArgs {
    /// The PR/FAQ document (with `--events`).
    #[arg(required_unless_present = "document", conflicts_with = "document")]
    doc: Option<PathBuf>,
    /// The events: CSV, JSON Lines or Parquet.
    #[arg(
        long,
        required_unless_present_any = ["document", "events_url"],
        conflicts_with_all = ["document", "events_url"]
    )]
    events: Option<PathBuf>,
    /// Read the events from a PostgreSQL table instead of a file, on this server
    /// (`postgres://user:password@host:5432/database`; `PRFAQ_EVENTS_URL` keeps the
    /// password out of the command line).
    #[arg(
        long,
        env = "PRFAQ_EVENTS_URL",
        hide_env_values = true,
        requires = "events_table",
        conflicts_with = "document"
    )]
    events_url: Option<String>,
    /// The table or view holding the events (with `--events-url`), columns as for a
    /// file (`--map` names others).
    #[arg(long, requires = "events_url")]
    events_table: Option<String>,
    /// How long the server may take to read the table (`--events-url`).
    #[arg(long, default_value = "5 min", requires = "events_url")]
    events_timeout: String,
    /// The events file's format, when its name does not say (`csv`, `jsonl`, `parquet`).
    #[arg(long)]
    input_format: Option<String>,
    /// A workspace document's id (from `/d/ID`): the report of its imported events,
    /// computed by the workspace (with `--server` and `--token`).
    #[arg(long)]
    document: Option<String>,
    #[command(flatten)]
    workspace: super::outcomes_workspace::Connection,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Write the report to this file instead of standard output.
    #[arg(long, short)]
    output: Option<PathBuf>,
    #[command(flatten)]
    measures: Measures,
}

#[derive(Debug, clap::Args)]
struct SqlArgs {
    /// The PR/FAQ document.
    doc: PathBuf,
    /// postgres, duckdb or clickhouse.
    #[arg(long)]
    dialect: String,
    /// The table or view holding the events.
    #[arg(long, default_value = "events")]
    table: String,
    #[command(flatten)]
    measures: Measures,
}

#[derive(Debug, clap::Args)]
pub struct JourneyArgs {
    /// The PR/FAQ document.
    doc: PathBuf,
    /// Write the journey diagram as SVG to this file.
    #[arg(long)]
    svg: PathBuf,
    /// Events to show the reach and drop-off of each step.
    #[arg(long)]
    events: Option<PathBuf>,
    /// The events file's format, when its name does not say.
    #[arg(long)]
    input_format: Option<String>,
    #[command(flatten)]
    measures: Measures,
}

fn duration(text: &str, flag: &str) -> Result<i64> {
    time::parse_duration(text).ok_or_else(|| {
        anyhow!("--{flag} `{text}` is not a length of time such as 14d, 36h or 2 weeks")
    })
}

fn options(m: &Measures, input_format: Option<&str>) -> Result<Options> {
    let columns = match &m.map {
        Some(map) => Columns::parse_map(map).map_err(|e| anyhow!("--map: {e}"))?,
        None => Columns::default(),
    };
    let format = input_format
        .map(|f| {
            InputFormat::parse(f)
                .ok_or_else(|| anyhow!("--input-format `{f}` is not csv, jsonl or parquet"))
        })
        .transpose()?;
    if m.retention_weeks == 0 || m.retention_weeks > 64 {
        return Err(anyhow!("--retention-weeks must be between 1 and 64"));
    }
    Ok(Options {
        columns,
        format,
        window_ms: duration(&m.window, "window")?,
        strict: m.strict,
        exclude: m.exclude.clone(),
        cohorts: match m.cohorts {
            CohortArg::FirstTime => Cohorts::FirstTime,
            CohortArg::Recurring => Cohorts::Recurring,
        },
        weeks: match m.weeks {
            WeeksArg::Calendar => Weeks::Calendar,
            WeeksArg::Rolling => Weeks::Rolling,
        },
        return_event: m.return_event.clone(),
        activation_ms: m
            .activation
            .as_deref()
            .map(|a| duration(a, "activation"))
            .transpose()?,
        max_weeks: m.retention_weeks,
    })
}

/// The document's plan and title.
fn plan(path: &Path) -> Result<(Plan, Option<String>)> {
    let text = files::read_one(path, prfaq_doc::DEFAULT_MAX_BYTES)?;
    let doc = prfaq_doc::parse(&text);
    let title = doc.front_matter.as_ref().and_then(|f| f.title.clone());
    Ok((prfaq_outcomes::plan::read(&doc), title))
}

/// What rule JR503 needs of `events` for the document at `doc`: the names of its
/// journey's events that occur there. `None` when the document cannot be read (the
/// check reports that itself).
pub(crate) fn events_for_check(
    docs: &[&Path],
    events: &Path,
    map: Option<&str>,
) -> Result<prfaq_lint::Events> {
    let columns = match map {
        Some(map) => Columns::parse_map(map).map_err(|e| anyhow!("--events-map: {e}"))?,
        None => Columns::default(),
    };
    // A document that cannot be read names no step here; its check reports why.
    let plans: Vec<_> = docs
        .iter()
        .filter_map(|doc| files::read_one(doc, prfaq_doc::DEFAULT_MAX_BYTES).ok())
        .map(|text| prfaq_doc::plan::read_promises(&prfaq_doc::parse(&text)))
        .collect();
    // The events file is read once for every document of the check.
    let names = prfaq_outcomes::seen::step_events_seen_by_all(&plans, events, None, &columns)
        .map_err(|e| anyhow!("--events: {e}"))?;
    Ok(prfaq_lint::Events { names })
}

fn write_out(output: Option<&Path>, text: &str) -> Result<()> {
    match output {
        Some(path) => {
            std::fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))
        }
        None => {
            use std::io::Write as _;
            let mut out = std::io::stdout().lock();
            out.write_all(text.as_bytes())?;
            out.flush()?;
            Ok(())
        }
    }
}

pub fn run(args: Args) -> Result<ExitCode> {
    match args.command {
        Command::Report(a) => report(a),
        Command::Sql(a) => sql(a),
        Command::Import(a) => super::outcomes_workspace::import(a),
        Command::Experiment(c) => super::outcomes_workspace::experiment(c),
        Command::Source(c) => super::outcomes_workspace::source(c),
        Command::Refresh(a) => super::outcomes_workspace::refresh(a),
    }
}

fn report(args: ReportArgs) -> Result<ExitCode> {
    if let Some(document) = &args.document {
        let text = super::outcomes_workspace::report(&args.workspace, document, args.format)?;
        write_out(args.output.as_deref(), &text)?;
        return Ok(ExitCode::SUCCESS);
    }
    let Some(doc) = &args.doc else {
        return Err(anyhow!(
            "give a document and --events FILE (or --events-url and --events-table), or --document ID"
        ));
    };
    let options = options(&args.measures, args.input_format.as_deref())?;
    let (plan, title) = plan(doc)?;
    let report = match (&args.events, &args.events_url, &args.events_table) {
        (Some(events), _, _) => prfaq_outcomes::report(&plan, title, events, &options),
        (None, Some(url), Some(table)) => {
            let mut source = Source::new(url, table, options.columns.clone());
            source.statement_timeout = std::time::Duration::from_millis(duration(
                &args.events_timeout,
                "events-timeout",
            )? as u64);
            prfaq_outcomes::report::report_from_postgres(&plan, title, &source, &options)
        }
        _ => {
            return Err(anyhow!(
                "give --events FILE, or --events-url and --events-table"
            ));
        }
    }
    .map_err(|e| anyhow!("{e}"))?;
    let text = match args.format {
        Format::Human => render::human(&report),
        Format::Json => format!("{}\n", serde_json::to_string_pretty(&report)?),
        Format::Html => render::html(&report, &plan),
    };
    write_out(args.output.as_deref(), &text)?;
    Ok(ExitCode::SUCCESS)
}

fn sql(args: SqlArgs) -> Result<ExitCode> {
    let dialect = Dialect::parse(&args.dialect).ok_or_else(|| {
        anyhow!(
            "--dialect `{}` is not postgres, duckdb or clickhouse",
            args.dialect
        )
    })?;
    let options = options(&args.measures, None)?;
    let (plan, _) = plan(&args.doc)?;
    let text = prfaq_outcomes::sql::sql(&plan, &options, dialect, &args.table)
        .map_err(|e| anyhow!("{e}"))?;
    write_out(None, &text)?;
    Ok(ExitCode::SUCCESS)
}

pub fn journey(args: JourneyArgs) -> Result<ExitCode> {
    let (plan, title) = plan(&args.doc)?;
    if plan.steps.is_empty() {
        return Err(anyhow!(
            "{} has no user journey steps; list them under `# User journey`",
            args.doc.display()
        ));
    }
    let funnel = match &args.events {
        Some(events) => {
            let options = options(&args.measures, args.input_format.as_deref())?;
            let report = prfaq_outcomes::report(&plan, title, events, &options)
                .map_err(|e| anyhow!("{e}"))?;
            Some(report.funnel)
        }
        None => None,
    };
    let drawing = svg::journey(&plan.steps, funnel.as_deref());
    std::fs::write(&args.svg, drawing)
        .with_context(|| format!("cannot write {}", args.svg.display()))?;
    Ok(ExitCode::SUCCESS)
}
