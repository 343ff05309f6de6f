//! `prfaq evidence …`: customer feedback in a workspace, with a personal access token,
//! as `push` and `pull` work.
//!
//! `import` streams the file to the workspace (never reading it whole), with a progress
//! bar on a terminal, and exits 0 when every row was imported or already there, 1 when
//! bad rows were skipped, 2 on a usage, file or connection error. `search` prints the
//! best-matching feedback; `coverage` lists a document's claims and how many distinct
//! customers support each.

use std::fs::File;
use std::io::{IsTerminal as _, Read};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context as _, Result, bail};
use serde_json::{Value, json};
use ureq::http::Method;

use crate::commands::remote::{Sent, Server, Wait, query_value, success};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Sentences for a person.
    Text,
    /// One JSON object.
    Json,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, clap::Subcommand)]
enum Command {
    /// Import feedback: CSV, TSV, JSON (an array), JSON Lines or Excel (.xlsx).
    Import {
        /// The export to import; its extension names the format.
        file: PathBuf,
        /// The workspace's id (from `/w/ID`); needed when the token's owner has several.
        #[arg(long)]
        workspace: Option<String>,
        /// Where the feedback comes from (zendesk, app store, …); the file's name
        /// without its extension by default.
        #[arg(long)]
        source: Option<String>,
        /// Which column holds what, e.g. `text=Body,customer=Email,date=Created`;
        /// saved with the source. Guessed from common exports' column names otherwise.
        #[arg(long)]
        map: Option<String>,
        /// For Excel: the sheet to read (the first by default).
        #[arg(long)]
        sheet: Option<String>,
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
        #[command(flatten)]
        server: Server,
    },
    /// Search the workspace's feedback; the query is literal words.
    Search {
        query: String,
        #[arg(long)]
        workspace: Option<String>,
        /// The most results (1 to 200).
        #[arg(long, default_value_t = 20)]
        limit: u32,
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
        #[command(flatten)]
        server: Server,
    },
    /// Link a passage of feedback to a claim of a document (its customer quote by
    /// default), with an importance.
    Link {
        /// The document's id (from `/d/ID`).
        document: String,
        /// The feedback's id (as `search` prints it).
        feedback: i64,
        /// The kind of claim: problem, solution, customer-quote, faq-answer.
        #[arg(long, default_value = "customer-quote")]
        kind: String,
        /// The claim's text as `coverage` prints it; needed when the document has
        /// several claims of the kind.
        #[arg(long)]
        claim: Option<String>,
        /// nice-to-have, important or deal-breaker.
        #[arg(long, default_value = "important")]
        importance: String,
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
        #[command(flatten)]
        server: Server,
    },
    /// Use a real quote: a passage linked to the document's customer quote replaces
    /// it, with its attribution, in a new revision (the quote's links follow it).
    UseQuote {
        /// The document's id (from `/d/ID`).
        document: String,
        /// The link whose passage becomes the quote (as `coverage --format json` gives
        /// it); the only passage linked to the customer quote by default.
        #[arg(long)]
        link: Option<i64>,
        /// Anonymise the customer as "a customer in SEGMENT" (or, with --name, say
        /// where the named customer is from).
        #[arg(long)]
        segment: Option<String>,
        /// Name the customer as they agreed to be quoted; their permission is noted.
        #[arg(long)]
        name: Option<String>,
        /// The revision the text was read from; refused when the document has a newer
        /// one. The newest revision by default.
        #[arg(long)]
        base: Option<i64>,
        /// The new revision's note.
        #[arg(long)]
        note: Option<String>,
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
        #[command(flatten)]
        server: Server,
    },
    /// Remove a link from a document.
    Unlink {
        document: String,
        /// The link's id (as `link` and `coverage --format json` give it).
        link: i64,
        #[command(flatten)]
        server: Server,
    },
    /// The themes of the workspace's feedback, each with its distinct customers.
    Themes {
        #[arg(long)]
        workspace: Option<String>,
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
        #[command(flatten)]
        server: Server,
    },
    /// Delete everything a customer said, and every link to it (owners), on request.
    DeleteCustomer {
        /// The customer's email address.
        email: String,
        #[arg(long)]
        workspace: Option<String>,
        #[command(flatten)]
        server: Server,
    },
    /// A document's claims and the distinct customers behind each.
    Coverage {
        /// The document's id (the number in its address, `/d/ID`).
        document: String,
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
        #[command(flatten)]
        server: Server,
    },
}

pub fn run(args: Args) -> Result<ExitCode> {
    match args.command {
        Command::Import {
            file,
            workspace,
            source,
            map,
            sheet,
            format,
            server,
        } => import(&file, workspace, source, map, sheet, format, &server),
        Command::Search {
            query,
            workspace,
            limit,
            format,
            server,
        } => search(&query, workspace, limit, format, &server),
        Command::Coverage {
            document,
            format,
            server,
        } => coverage(&document, format, &server),
        Command::Link {
            document,
            feedback,
            kind,
            claim,
            importance,
            format,
            server,
        } => link(
            &document,
            feedback,
            &kind,
            claim,
            &importance,
            format,
            &server,
        ),
        Command::UseQuote {
            document,
            link,
            segment,
            name,
            base,
            note,
            format,
            server,
        } => use_quote(
            &document,
            RealQuote {
                link,
                segment,
                name,
                base,
                note,
            },
            format,
            &server,
        ),
        Command::Unlink {
            document,
            link,
            server,
        } => {
            let path = format!(
                "/api/documents/{}/evidence/links/{link}",
                query_value(&document)
            );
            success(server.call(Method::DELETE, &path, Sent::Nothing, Wait::Quick, "unlink")?)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Themes {
            workspace,
            format,
            server,
        } => themes(workspace, format, &server),
        Command::DeleteCustomer {
            email,
            workspace,
            server,
        } => {
            let ws = workspace_of(&server, workspace)?;
            let body = success(server.json(
                Method::POST,
                &format!("/api/workspaces/{ws}/evidence/customers/delete"),
                &json!({ "email": email }),
                "delete the customer's feedback",
            )?)?;
            outln!(
                "deleted {} item(s) and {} link(s)",
                body["items"],
                body["links"]
            )?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// The workspace named, or the only one the token's owner belongs to.
fn workspace_of(server: &Server, named: Option<String>) -> Result<String> {
    if let Some(ws) = named {
        if ws.is_empty() || !ws.bytes().all(|b| b.is_ascii_digit()) {
            bail!("--workspace takes a workspace's id (the number in `/w/ID`), not {ws:?}");
        }
        return Ok(ws);
    }
    let body = server.get_ok("/api/workspaces", "list the workspaces")?;
    let all = body["workspaces"].as_array().cloned().unwrap_or_default();
    match all.as_slice() {
        [one] => Ok(one["id"].to_string()),
        [] => bail!("the token's owner belongs to no workspace"),
        many => {
            let names: Vec<String> = many
                .iter()
                .map(|w| format!("{} ({})", w["id"], w["name"].as_str().unwrap_or("")))
                .collect();
            bail!(
                "the token's owner belongs to several workspaces; name one with --workspace: {}",
                names.join(", ")
            )
        }
    }
}

/// A file read as it is sent, moving a progress bar (also for `prfaq outcomes import`).
pub(crate) struct Progress<R> {
    pub(crate) inner: R,
    pub(crate) bar: Option<indicatif::ProgressBar>,
}

impl<R: Read> Read for Progress<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        if let Some(bar) = &self.bar {
            bar.inc(n as u64);
        }
        Ok(n)
    }
}

/// A bar over `len` bytes on standard error, or none when it is not a terminal.
pub(crate) fn progress_bar(len: u64) -> Option<indicatif::ProgressBar> {
    if !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = indicatif::ProgressBar::new(len);
    let style = indicatif::ProgressStyle::with_template(
        "{bar:40} {bytes}/{total_bytes} {bytes_per_sec}, {eta} left",
    )
    .ok()?;
    bar.set_style(style);
    Some(bar)
}

fn import(
    file: &PathBuf,
    workspace: Option<String>,
    source: Option<String>,
    map: Option<String>,
    sheet: Option<String>,
    format: Format,
    server: &Server,
) -> Result<ExitCode> {
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if prfaq_evidence::Format::from_file_name(&name).is_none() {
        bail!(
            "{}: the file's extension names its format: .csv, .tsv, .json, .jsonl or .xlsx",
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
    let ws = workspace_of(server, workspace)?;
    let mut query = format!("name={}", query_value(&name));
    for (key, value) in [("source", &source), ("map", &map), ("sheet", &sheet)] {
        if let Some(value) = value {
            query.push_str(&format!("&{key}={}", query_value(value)));
        }
    }
    let bar = progress_bar(meta.len());
    let reader = Progress {
        inner: std::io::BufReader::with_capacity(256 * 1024, opened),
        bar: bar.clone(),
    };
    let sent = server.call(
        Method::POST,
        &format!("/api/workspaces/{ws}/evidence/import?{query}"),
        Sent::File(Box::new(reader)),
        Wait::Long,
        "import",
    );
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    let body = success(sent?)?;
    let bad = body["bad_rows"].as_array().cloned().unwrap_or_default();
    let bad_count = body["bad_row_count"].as_u64().unwrap_or(bad.len() as u64);
    match format {
        Format::Json => outln!(
            "{}",
            json!({
                "imported": body["imported"],
                "duplicates": body["duplicates"],
                "bad_rows": bad,
            })
        )?,
        Format::Text => {
            outln!(
                "{}: {} imported, {} already there, {} bad row{} skipped (source {})",
                file.display(),
                body["imported"],
                body["duplicates"],
                bad_count,
                if bad_count == 1 { "" } else { "s" },
                body["source"].as_str().unwrap_or("")
            )?;
            for row in &bad {
                outln!(
                    "{}:{}: {}",
                    file.display(),
                    row["line"],
                    row["reason"].as_str().unwrap_or("")
                )?;
            }
            if bad_count > bad.len() as u64 {
                outln!("… and {} more", bad_count - bad.len() as u64)?;
            }
        }
    }
    Ok(if bad_count > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn search(
    query: &str,
    workspace: Option<String>,
    limit: u32,
    format: Format,
    server: &Server,
) -> Result<ExitCode> {
    let ws = workspace_of(server, workspace)?;
    let path = format!(
        "/api/workspaces/{ws}/evidence/search?q={}&limit={limit}",
        query_value(query)
    );
    let body = server.get_ok(&path, "search")?;
    let results = body["results"].as_array().cloned().unwrap_or_default();
    match format {
        Format::Json => {
            let results: Vec<Value> = results
                .iter()
                .map(|r| {
                    json!({
                        "id": r["id"], "text": r["text"], "customer": r["customer"],
                        "source": r["source"], "date": r["date"], "score": r["score"],
                    })
                })
                .collect();
            outln!("{}", json!({ "results": results }))?;
        }
        Format::Text => {
            if results.is_empty() {
                outln!("no feedback matches")?;
            }
            for r in &results {
                outln!(
                    "{}  [{}] {} — {}{}",
                    r["id"],
                    r["source"].as_str().unwrap_or(""),
                    r["text"].as_str().unwrap_or(""),
                    r["customer"].as_str().unwrap_or("unknown customer"),
                    r["date"]
                        .as_str()
                        .map(|d| format!(", {d}"))
                        .unwrap_or_default()
                )?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn coverage(document: &str, format: Format, server: &Server) -> Result<ExitCode> {
    let path = format!("/api/documents/{}/evidence/coverage", query_value(document));
    let body = server.get_ok(&path, "read the coverage")?;
    match format {
        Format::Json => outln!("{body}")?,
        Format::Text => {
            for claim in body["claims"].as_array().into_iter().flatten() {
                let customers = claim["customers"].as_u64().unwrap_or(0);
                let mark = if customers == 0 { "NONE" } else { "" };
                outln!(
                    "{:>4} {:<5} {:<15} {}",
                    customers,
                    mark,
                    claim["kind"].as_str().unwrap_or(""),
                    claim["text"].as_str().unwrap_or("")
                )?;
            }
            outln!(
                "{} claim(s) no customer supports",
                body["unsupported"].as_u64().unwrap_or(0)
            )?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// What the workspace links to the claims of document `doc`, as the checker reads it:
/// the customer quotes that have at least one linked passage.
pub(crate) fn linked_evidence(
    server: &str,
    token: &str,
    doc: &str,
) -> Result<prfaq_lint::Evidence> {
    let server = Server {
        server: server.to_owned(),
        token: token.to_owned(),
    };
    let path = format!("/api/documents/{}/evidence/coverage", query_value(doc));
    let body = server.get_ok(&path, "read the document's evidence")?;
    let linked_quotes = body["claims"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|c| c["kind"] == "customer-quote" && c["supported"] == true)
        .filter_map(|c| c["text"].as_str().map(str::to_owned))
        .collect();
    Ok(prfaq_lint::Evidence { linked_quotes })
}

fn link(
    document: &str,
    feedback: i64,
    kind: &str,
    claim: Option<String>,
    importance: &str,
    format: Format,
    server: &Server,
) -> Result<ExitCode> {
    let doc = query_value(document);
    let claim = match claim {
        Some(claim) => claim,
        None => {
            let coverage = server.get_ok(
                &format!("/api/documents/{doc}/evidence/coverage"),
                "read the claims",
            )?;
            let of_kind: Vec<&str> = coverage["claims"]
                .as_array()
                .into_iter()
                .flatten()
                .filter(|c| c["kind"] == kind)
                .filter_map(|c| c["text"].as_str())
                .collect();
            match of_kind.as_slice() {
                [one] => (*one).to_owned(),
                [] => bail!("the document has no {kind} claim"),
                _ => bail!(
                    "the document has {} {kind} claims; name one with --claim",
                    of_kind.len()
                ),
            }
        }
    };
    let body = success(server.json(
        Method::POST,
        &format!("/api/documents/{doc}/evidence/links"),
        &json!({
            "claim_kind": kind,
            "claim_text": claim,
            "feedback": feedback,
            "importance": importance,
        }),
        "link",
    )?)?;
    match format {
        Format::Json => outln!("{body}")?,
        Format::Text => outln!("{}", body["id"])?,
    }
    Ok(ExitCode::SUCCESS)
}

fn themes(workspace: Option<String>, format: Format, server: &Server) -> Result<ExitCode> {
    let ws = workspace_of(server, workspace)?;
    let body = server.get_ok(
        &format!("/api/workspaces/{ws}/evidence/themes"),
        "read the themes",
    )?;
    match format {
        Format::Json => outln!("{body}")?,
        Format::Text => {
            for theme in body["themes"].as_array().into_iter().flatten() {
                outln!(
                    "{:>5} customers  {:>6} comments  {}",
                    theme["customers"],
                    theme["comments"],
                    theme["label"].as_str().unwrap_or("")
                )?;
            }
            outln!(
                "{} comment(s), {} in no theme",
                body["comments"],
                body["unassigned"]
            )?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// What `use-quote` was asked for.
struct RealQuote {
    link: Option<i64>,
    segment: Option<String>,
    name: Option<String>,
    base: Option<i64>,
    note: Option<String>,
}

fn use_quote(
    document: &str,
    asked: RealQuote,
    format: Format,
    server: &Server,
) -> Result<ExitCode> {
    let doc = query_value(document);
    let coverage = server.get_ok(
        &format!("/api/documents/{doc}/evidence/coverage"),
        "read the document's quote",
    )?;
    let link = match asked.link {
        Some(link) => link,
        None => {
            let linked: Vec<i64> = coverage["claims"]
                .as_array()
                .into_iter()
                .flatten()
                .filter(|c| c["kind"] == "customer-quote")
                .flat_map(|c| c["links"].as_array().into_iter().flatten())
                .filter_map(|l| l["id"].as_i64())
                .collect();
            match linked.as_slice() {
                [one] => *one,
                [] => bail!(
                    "no passage is linked to the document's customer quote; link one first (`prfaq evidence link {document} FEEDBACK`)"
                ),
                many => bail!(
                    "{} passages are linked to the customer quote; name one with --link: {}",
                    many.len(),
                    many.iter()
                        .map(i64::to_string)
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            }
        }
    };
    let base = match asked.base {
        Some(base) => base,
        None => coverage["revision"]
            .as_i64()
            .context("the workspace gave no revision")?,
    };
    let mut body = json!({
        "link": link,
        "base_revision": base,
        "attribution": if asked.name.is_some() { "permission" } else { "anonymous" },
    });
    for (key, value) in [
        ("segment", asked.segment),
        ("name", asked.name),
        ("note", asked.note),
    ] {
        if let Some(value) = value {
            body[key] = json!(value);
        }
    }
    let answer = success(server.json(
        Method::POST,
        &format!("/api/documents/{doc}/evidence/real-quote"),
        &body,
        "use the real quote",
    )?)?;
    match format {
        Format::Json => outln!("{answer}")?,
        Format::Text => outln!(
            "revision {}: {}",
            answer["revision"]["number"],
            answer["quote"].as_str().unwrap_or("")
        )?,
    }
    Ok(ExitCode::SUCCESS)
}
