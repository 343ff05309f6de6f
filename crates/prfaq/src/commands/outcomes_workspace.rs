//! `prfaq outcomes import|experiment|source|refresh` and `prfaq outcomes report
//! --document ID`: a workspace document's events, its stored PostgreSQL source and its
//! experiments, with a personal access token, as `push`, `pull` and `evidence` work.
//!
//! `import` streams the file to the workspace (never reading it whole; a progress bar on
//! a terminal), which keeps the
//! events the document's journey and metrics read and refuses a file it cannot read with
//! its line or row group, keeping the previous events. `report` prints the report the
//! workspace computes from them, in the same formats as the report from a file.

use std::fs::File;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context as _, Result, bail};
use serde_json::{Value, json};
use ureq::http::Method;

use super::outcomes::Format;
use crate::commands::remote::{Sent, Server, Wait, explain, query_value, success};

/// The workspace to talk to; the token is needed only for a workspace's document.
#[derive(Debug, clap::Args)]
pub struct Connection {
    /// The workspace's address.
    #[arg(long, env = "PRFAQ_SERVER", default_value = "http://127.0.0.1:7878")]
    server: String,
    /// A personal access token (create one under Settings → Tokens).
    #[arg(long, env = "PRFAQ_TOKEN", hide_env_values = true)]
    token: Option<String>,
}

impl Connection {
    fn server(&self) -> Result<Server> {
        let Some(token) = self.token.clone().filter(|t| !t.is_empty()) else {
            bail!("--document needs a personal access token: --token or PRFAQ_TOKEN");
        };
        Ok(Server {
            server: self.server.clone(),
            token,
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Output {
    /// Sentences for a person.
    Text,
    /// One JSON object.
    Json,
}

#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// The events: CSV, JSON Lines or Parquet; its extension names the format.
    #[arg(required_unless_present = "events_url", conflicts_with = "events_url")]
    file: Option<PathBuf>,
    /// Import from a PostgreSQL table instead of a file: the workspace connects to this
    /// server (`postgres://user:password@host:5432/database`, or `PRFAQ_EVENTS_URL`)
    /// for this import only, and keeps no address.
    #[arg(
        long,
        env = "PRFAQ_EVENTS_URL",
        hide_env_values = true,
        requires = "events_table"
    )]
    events_url: Option<String>,
    /// The table or view holding the events (with `--events-url`).
    #[arg(long, requires = "events_url")]
    events_table: Option<String>,
    /// The document's id (from `/d/ID`).
    #[arg(long)]
    document: String,
    /// The file's format, when its name does not say (`csv`, `jsonl`, `parquet`).
    #[arg(long)]
    input_format: Option<String>,
    /// Which columns hold the user, event and time: `user_id=uid,event=name,timestamp=ts`.
    #[arg(long)]
    map: Option<String>,
    #[arg(long, value_enum, default_value = "text")]
    format: Output,
    #[command(flatten)]
    server: Server,
}

#[derive(Debug, clap::Subcommand)]
pub enum ExperimentCommand {
    /// Record an experiment against a journey step.
    Add(AddArgs),
    /// The document's experiments, highest RICE score first.
    List {
        /// The document's id (from `/d/ID`).
        #[arg(long)]
        document: String,
        #[arg(long, value_enum, default_value = "text")]
        format: Output,
        #[command(flatten)]
        server: Server,
    },
    /// Change an experiment's status or result (or any other field given).
    Update(UpdateArgs),
}

#[derive(Debug, clap::Args)]
pub struct AddArgs {
    /// The document's id (from `/d/ID`).
    #[arg(long)]
    document: String,
    /// The journey step it means to move: its number, its event or its text.
    #[arg(long)]
    step: String,
    #[arg(long)]
    title: String,
    #[arg(long, default_value = "")]
    hypothesis: String,
    /// Customers reached per quarter (default: the funnel's count at the step).
    #[arg(long)]
    reach: Option<i64>,
    /// Impact: 0.25 minimal, 0.5 low, 1 medium, 2 high, 3 massive.
    #[arg(long, default_value_t = 1.0)]
    impact: f64,
    /// Confidence in percent (default: from the customer evidence about the step, 50
    /// with none, 80 with some, 100 from ten customers on).
    #[arg(long)]
    confidence: Option<i64>,
    /// Effort in person-months.
    #[arg(long, default_value_t = 1.0)]
    effort: f64,
    #[arg(long, value_enum, default_value = "text")]
    format: Output,
    #[command(flatten)]
    server: Server,
}

#[derive(Debug, clap::Args)]
pub struct UpdateArgs {
    /// The experiment's id (as `list` prints it).
    id: String,
    /// The document's id (from `/d/ID`).
    #[arg(long)]
    document: String,
    /// proposed, running, done or dropped.
    #[arg(long)]
    status: Option<String>,
    /// What the experiment showed.
    #[arg(long)]
    result: Option<String>,
    #[arg(long, value_enum, default_value = "text")]
    format: Output,
    #[command(flatten)]
    server: Server,
}

/// A document id as the workspace's addresses have it.
fn document_id(id: &str) -> Result<&str> {
    if id.is_empty() || !id.bytes().all(|b| b.is_ascii_digit()) {
        bail!("--document takes a document's id (the number in `/d/ID`), not {id:?}");
    }
    Ok(id)
}

pub fn import(args: ImportArgs) -> Result<ExitCode> {
    let id = document_id(&args.document)?;
    let (Some(file), None) = (&args.file, &args.events_url) else {
        return import_table(&args, id);
    };
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let known =
        args.input_format.is_some() || prfaq_outcomes::read::Format::from_path(file).is_some();
    if !known {
        bail!(
            "{}: the file's extension names its format (.csv, .jsonl or .parquet); or give --input-format",
            file.display()
        );
    }
    let opened = File::open(file).with_context(|| format!("cannot open {}", file.display()))?;
    let meta = opened
        .metadata()
        .with_context(|| format!("cannot read {}", file.display()))?;
    if !meta.is_file() {
        bail!("{} is not a file", file.display());
    }
    let mut query = format!("name={}", query_value(&name));
    for (key, value) in [("format", &args.input_format), ("map", &args.map)] {
        if let Some(value) = value {
            query.push_str(&format!("&{key}={}", query_value(value)));
        }
    }
    // A bar of the bytes sent, on a terminal only; the server reads the file as it
    // arrives, so the bar's end is close to the reply.
    let bar = super::evidence::progress_bar(meta.len());
    let reader = super::evidence::Progress {
        inner: std::io::BufReader::with_capacity(256 * 1024, opened),
        bar: bar.clone(),
    };
    let sent = args.server.call(
        Method::POST,
        &format!("/api/documents/{id}/outcomes/events?{query}"),
        Sent::File(Box::new(reader)),
        Wait::Long,
        "import the events",
    );
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    let body = success(sent?)?;
    match args.format {
        Output::Json => outln!("{}", serde_json::to_string_pretty(&body)?)?,
        Output::Text => outln!(
            "{}: {} events of {} users kept from {} rows ({} bytes)",
            file.display(),
            body["events"],
            body["users"],
            body["rows"],
            body["bytes"]
        )?,
    }
    Ok(ExitCode::SUCCESS)
}

/// `import --events-url --events-table`: the workspace reads the table itself.
fn import_table(args: &ImportArgs, id: &str) -> Result<ExitCode> {
    let (Some(events_url), Some(table)) = (&args.events_url, &args.events_table) else {
        bail!("give an events file, or --events-url and --events-table");
    };
    let mut body = serde_json::json!({ "url": events_url, "table": table });
    if let Some(map) = &args.map {
        body["map"] = Value::String(map.clone());
    }
    let reply = success(args.server.call(
        Method::POST,
        &format!("/api/documents/{id}/outcomes/events/postgres"),
        Sent::Json(&body),
        Wait::Long,
        "import the events",
    )?)?;
    match args.format {
        Output::Json => outln!("{}", serde_json::to_string_pretty(&reply)?)?,
        Output::Text => outln!(
            "table {table}: {} events of {} users kept from {} rows ({} bytes)",
            reply["events"],
            reply["users"],
            reply["rows"],
            reply["bytes"]
        )?,
    }
    Ok(ExitCode::SUCCESS)
}

/// The workspace's report of a document's imported events, in `format`.
pub fn report(connection: &Connection, document: &str, format: Format) -> Result<String> {
    let id = document_id(document)?;
    let server = connection.server()?;
    let asked = match format {
        Format::Human => "text",
        Format::Json => "json",
        Format::Html => "html",
    };
    let (status, text) = server.get_text(
        &format!("/api/documents/{id}/outcomes?format={asked}"),
        "read the report",
    )?;
    if status != 200 {
        let body = serde_json::from_str(&text).unwrap_or(Value::String(text));
        bail!("{}", explain_report(status, &body));
    }
    Ok(match format {
        // The same pretty JSON as the report from a file.
        Format::Json => {
            let value: Value = serde_json::from_str(&text).context("the report is not JSON")?;
            format!("{}\n", serde_json::to_string_pretty(&value)?)
        }
        _ => text,
    })
}

/// A 404 may say that nothing was imported yet, which is worth more than "no such document".
fn explain_report(status: u16, body: &Value) -> String {
    if status == 404 && body.pointer("/error/code").and_then(Value::as_str) == Some("no_events") {
        let message = body
            .pointer("/error/message")
            .and_then(Value::as_str)
            .unwrap_or("no events imported yet");
        return message.to_owned();
    }
    explain(status, body)
}

pub fn experiment(command: ExperimentCommand) -> Result<ExitCode> {
    match command {
        ExperimentCommand::Add(a) => add(a),
        ExperimentCommand::List {
            document,
            format,
            server,
        } => list(&document, format, &server),
        ExperimentCommand::Update(a) => update(a),
    }
}

fn print_one(format: Output, e: &Value) -> Result<()> {
    match format {
        Output::Json => outln!("{}", serde_json::to_string_pretty(e)?)?,
        Output::Text => outln!(
            "#{} {} (step {}): {}{}",
            e["id"],
            e["title"].as_str().unwrap_or(""),
            e["step"].as_str().unwrap_or(""),
            e["status"].as_str().unwrap_or(""),
            match e["result"].as_str() {
                Some(r) if !r.is_empty() => format!(" — {r}"),
                _ => String::new(),
            }
        )?,
    }
    Ok(())
}

fn add(a: AddArgs) -> Result<ExitCode> {
    let id = document_id(&a.document)?;
    if !(a.impact.is_finite() && a.effort.is_finite()) {
        bail!("--impact and --effort are numbers");
    }
    let body = json!({
        "step": a.step,
        "title": a.title,
        "hypothesis": a.hypothesis,
        "reach": a.reach,
        "impact": (a.impact * 100.0).round() as i64,
        "confidence": a.confidence,
        "effort": (a.effort * 10.0).round() as i64,
    });
    let answer = success(a.server.json(
        Method::POST,
        &format!("/api/documents/{id}/experiments"),
        &body,
        "record the experiment",
    )?)?;
    print_one(a.format, &answer)?;
    Ok(ExitCode::SUCCESS)
}

fn update(a: UpdateArgs) -> Result<ExitCode> {
    let id = document_id(&a.document)?;
    if a.id.is_empty() || !a.id.bytes().all(|b| b.is_ascii_digit()) {
        bail!(
            "the experiment's id is a number (as `list` prints it), not {:?}",
            a.id
        );
    }
    let mut body = serde_json::Map::new();
    if let Some(s) = &a.status {
        body.insert("status".into(), json!(s));
    }
    if let Some(r) = &a.result {
        body.insert("result".into(), json!(r));
    }
    if body.is_empty() {
        bail!("nothing to change: give --status or --result");
    }
    let answer = success(a.server.json(
        Method::PATCH,
        &format!("/api/documents/{id}/experiments/{}", a.id),
        &Value::Object(body),
        "change the experiment",
    )?)?;
    print_one(a.format, &answer)?;
    Ok(ExitCode::SUCCESS)
}

fn list(document: &str, format: Output, server: &Server) -> Result<ExitCode> {
    let id = document_id(document)?;
    let answer = server.get_ok(
        &format!("/api/documents/{id}/experiments"),
        "list the experiments",
    )?;
    let experiments = answer["experiments"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    match format {
        Output::Json => outln!("{}", serde_json::to_string_pretty(&answer)?)?,
        Output::Text => {
            if experiments.is_empty() {
                outln!("no experiments recorded yet")?;
            }
            for e in &experiments {
                let rice = e["rice"]
                    .as_f64()
                    .map_or_else(|| "–".to_owned(), |r| format!("{r:.0}"));
                outln!(
                    "RICE {rice:>8}  #{} {} (step {}, reach {}): {}",
                    e["id"],
                    e["title"].as_str().unwrap_or(""),
                    e["step"].as_str().unwrap_or(""),
                    e["reach_used"],
                    e["status"].as_str().unwrap_or("")
                )?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(Debug, clap::Subcommand)]
pub enum SourceCommand {
    /// Set (or replace) the document's PostgreSQL source: the workspace keeps the
    /// address sealed and never shows its password again.
    Set(SourceSetArgs),
    /// The document's source (its address without the password) and its last refresh.
    Show {
        /// The document's id (from `/d/ID`).
        document: String,
        #[arg(long, value_enum, default_value = "text")]
        format: Output,
        #[command(flatten)]
        server: Server,
    },
    /// Remove the document's source; the events it imported stay.
    Remove {
        /// The document's id (from `/d/ID`).
        document: String,
        #[command(flatten)]
        server: Server,
    },
}

#[derive(Debug, clap::Args)]
pub struct SourceSetArgs {
    /// The document's id (from `/d/ID`).
    document: String,
    /// The server: `postgres://user:password@host:5432/database` (or `PRFAQ_EVENTS_URL`,
    /// which keeps the password out of the command line).
    #[arg(long, env = "PRFAQ_EVENTS_URL", hide_env_values = true)]
    events_url: String,
    /// The table or view holding the events, with its schema when it is not on the
    /// search path.
    #[arg(long)]
    events_table: String,
    /// Which columns hold the user, event and time: `user_id=uid,event=name,timestamp=ts`.
    #[arg(long)]
    map: Option<String>,
    #[arg(long, value_enum, default_value = "text")]
    format: Output,
    #[command(flatten)]
    server: Server,
}

#[derive(Debug, clap::Args)]
pub struct RefreshArgs {
    /// The document's id (from `/d/ID`).
    document: String,
    #[arg(long, value_enum, default_value = "text")]
    format: Output,
    #[command(flatten)]
    server: Server,
}

/// A time in milliseconds since 1970 as `2026-03-02 09:30 UTC`.
fn when(ms: i64) -> String {
    const DAY_MS: i64 = 86_400_000;
    let (y, m, d) = prfaq_outcomes::time::civil_from_days(ms.div_euclid(DAY_MS));
    let minutes = ms.rem_euclid(DAY_MS) / 60_000;
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02} UTC",
        minutes / 60,
        minutes % 60
    )
}

/// A source as sentences: where it reads, who set it, and its last refresh.
fn print_source(s: &Value) -> Result<()> {
    let map = match s["map"].as_str() {
        Some(m) if !m.is_empty() => format!(" (columns {m})"),
        _ => String::new(),
    };
    outln!(
        "table {} in {}{map}",
        s["table"].as_str().unwrap_or("?"),
        s["url"].as_str().unwrap_or("?")
    )?;
    outln!(
        "set by {} on {}",
        s["set_by_name"].as_str().unwrap_or("someone"),
        when(s["set_at"].as_i64().unwrap_or(0))
    )?;
    let last = &s["last_refresh"];
    if last.is_null() {
        outln!(
            "not refreshed yet: prfaq outcomes refresh {}",
            s["document"]
        )?;
    } else {
        outln!(
            "last refresh on {}: {} — {}",
            when(last["at"].as_i64().unwrap_or(0)),
            if last["ok"] == json!(true) {
                "ok"
            } else {
                "failed"
            },
            last["result"].as_str().unwrap_or("")
        )?;
    }
    Ok(())
}

pub fn source(command: SourceCommand) -> Result<ExitCode> {
    match command {
        SourceCommand::Set(a) => set_source(a),
        SourceCommand::Show {
            document,
            format,
            server,
        } => show_source(&document, format, &server),
        SourceCommand::Remove { document, server } => remove_source(&document, &server),
    }
}

fn set_source(a: SourceSetArgs) -> Result<ExitCode> {
    let id = document_id(&a.document)?;
    let mut body = json!({ "url": a.events_url, "table": a.events_table });
    if let Some(map) = &a.map {
        body["map"] = Value::String(map.clone());
    }
    let answer = success(a.server.json(
        Method::PUT,
        &format!("/api/documents/{id}/outcomes/source"),
        &body,
        "set the event source",
    )?)?;
    match a.format {
        Output::Json => outln!("{}", serde_json::to_string_pretty(&answer)?)?,
        Output::Text => print_source(&answer)?,
    }
    Ok(ExitCode::SUCCESS)
}

fn show_source(document: &str, format: Output, server: &Server) -> Result<ExitCode> {
    let id = document_id(document)?;
    let (status, answer) = server.get(
        &format!("/api/documents/{id}/outcomes/source"),
        "read the event source",
    )?;
    if status != 200 {
        bail!("{}", explain_source(status, &answer));
    }
    match format {
        Output::Json => outln!("{}", serde_json::to_string_pretty(&answer)?)?,
        Output::Text => print_source(&answer)?,
    }
    Ok(ExitCode::SUCCESS)
}

fn remove_source(document: &str, server: &Server) -> Result<ExitCode> {
    let id = document_id(document)?;
    let (status, answer) = server.call(
        Method::DELETE,
        &format!("/api/documents/{id}/outcomes/source"),
        Sent::Nothing,
        Wait::Quick,
        "remove the event source",
    )?;
    if status != 204 {
        bail!("{}", explain_source(status, &answer));
    }
    outln!("the event source of document {id} was removed; the events it imported stay")?;
    Ok(ExitCode::SUCCESS)
}

pub fn refresh(a: RefreshArgs) -> Result<ExitCode> {
    let id = document_id(&a.document)?;
    let (status, answer) = a.server.call(
        Method::POST,
        &format!("/api/documents/{id}/outcomes/source/refresh"),
        Sent::Nothing,
        Wait::Long,
        "refresh the events",
    )?;
    if status != 200 {
        bail!("{}", explain_source(status, &answer));
    }
    match a.format {
        Output::Json => outln!("{}", serde_json::to_string_pretty(&answer)?)?,
        Output::Text => {
            let imported = &answer["imported"];
            outln!(
                "{}: {} events of {} users kept from {} rows ({} bytes)",
                imported["upload"]["file_name"]
                    .as_str()
                    .unwrap_or("the table"),
                imported["events"],
                imported["users"],
                imported["rows"],
                imported["bytes"]
            )?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// A 404 may say that no source is set, which is worth more than "no such document".
fn explain_source(status: u16, body: &Value) -> String {
    if status == 404 && body.pointer("/error/code").and_then(Value::as_str) == Some("no_source") {
        return format!(
            "{} (prfaq outcomes source set DOC --events-url … --events-table …)",
            body.pointer("/error/message")
                .and_then(Value::as_str)
                .unwrap_or("no event source is set for this document")
        );
    }
    explain(status, body)
}
