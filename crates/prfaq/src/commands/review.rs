//! `prfaq review …`: the review from scripts and CI, with a personal access token, as
//! `push` and `pull` work.
//!
//! `request`, `comment`, `answer` and `verdict` print the id of what they created (with
//! `--format json`, `{"id": …}` and the rest of the server's answer); `status` prints
//! where the review stands and exits 0 only when the document is aligned, 1 when it is
//! not, and 2 on a usage or connection error, so a team can gate a merge on it.
//! `inbox` lists the caller's notifications (`*` marks the unread ones) and
//! `inbox --mark-read ID|all` marks them read.

use std::process::ExitCode;

use anyhow::{Context as _, Result, bail};
use serde_json::{Value, json};
use ureq::http::Method;

use crate::commands::remote::{Server, explain};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Sentences for a person.
    Text,
    /// One JSON object.
    Json,
}

#[derive(Debug, clap::Args)]
struct Output {
    /// How to print the answer.
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum VerdictArg {
    Approve,
    RequestChanges,
    Comment,
}

impl VerdictArg {
    fn as_str(self) -> &'static str {
        match self {
            VerdictArg::Approve => "approve",
            VerdictArg::RequestChanges => "request-changes",
            VerdictArg::Comment => "comment",
        }
    }
}

#[derive(Debug, clap::Subcommand)]
enum Command {
    /// Ask members to review the newest revision, each for a function.
    Request {
        /// The document's id (the number in its address, `/d/ID`).
        document: String,
        /// A member's email address; repeat with one `--function` each.
        #[arg(long = "reviewer", required = true)]
        reviewers: Vec<String>,
        /// What they review for: engineering, design, marketing, finance, legal,
        /// leadership, customer support, or one the workspace added.
        #[arg(long = "function", required = true)]
        functions: Vec<String>,
        /// The document needs their approval to be aligned.
        #[arg(long)]
        required: bool,
        #[command(flatten)]
        output: Output,
        #[command(flatten)]
        server: Server,
    },
    /// Comment on a passage of the newest revision, quoted exactly.
    Comment {
        document: String,
        /// The passage, exactly as in the Markdown.
        #[arg(long)]
        quote: String,
        /// The comment.
        #[arg(long)]
        body: String,
        /// A question the FAQ must answer before the document is aligned.
        #[arg(long)]
        concern: bool,
        /// Text just before the passage, to tell apart a quote that occurs twice.
        #[arg(long, default_value = "")]
        prefix: String,
        /// Text just after the passage.
        #[arg(long, default_value = "")]
        suffix: String,
        #[command(flatten)]
        output: Output,
        #[command(flatten)]
        server: Server,
    },
    /// Link a concern to the FAQ question that answers it.
    Answer {
        /// The concern's id, as `comment --concern` printed it.
        concern: String,
        /// The FAQ question, as written in the document.
        #[arg(long)]
        question: String,
        /// A question the next revision adds, not yet in the FAQ.
        #[arg(long)]
        new: bool,
        #[command(flatten)]
        output: Output,
        #[command(flatten)]
        server: Server,
    },
    /// Approve, request changes or comment on the newest revision.
    Verdict {
        document: String,
        #[arg(value_enum)]
        verdict: VerdictArg,
        /// A comment to go with it.
        #[arg(long, default_value = "")]
        body: String,
        #[command(flatten)]
        output: Output,
        #[command(flatten)]
        server: Server,
    },
    /// Your notifications, newest first; or mark one (by id) or all of them read.
    Inbox {
        /// Only the notifications not yet read.
        #[arg(long, conflicts_with = "mark_read")]
        unread: bool,
        /// Mark a notification read instead of listing: its id, or `all`.
        #[arg(long, value_name = "ID|all", value_parser = mark_read_arg)]
        mark_read: Option<String>,
        #[command(flatten)]
        output: Output,
        #[command(flatten)]
        server: Server,
    },
    /// Where the review stands; exits 0 only when the document is aligned.
    Status {
        document: String,
        #[command(flatten)]
        output: Output,
        #[command(flatten)]
        server: Server,
    },
}

/// `--mark-read`: a notification's id (a positive whole number) or `all`.
fn mark_read_arg(value: &str) -> Result<String, String> {
    match value.parse::<u64>() {
        Ok(n) if n > 0 => Ok(value.to_owned()),
        _ if value == "all" => Ok(value.to_owned()),
        _ => Err(format!(
            "`{value}` is neither a notification's id nor `all`"
        )),
    }
}

/// A POST with the token; the JSON answer, or the server's explanation as the error.
fn post(server: &Server, path: &str, body: Value, what: &str) -> Result<Value> {
    let (status, answer) = server.json(Method::POST, path, &body, what)?;
    if !(200..300).contains(&status) {
        bail!("cannot {what}: {}", explain(status, &answer));
    }
    Ok(answer)
}

/// Prints what was created: its id, or with JSON `{"id": …}` and the server's answer.
fn created(answer: &Value, format: Format, say: impl FnOnce(&str) -> String) -> Result<ExitCode> {
    let id = answer["id"].to_string();
    match format {
        Format::Json => outln!("{answer}")?,
        Format::Text => outln!("{}", say(&id))?,
    }
    Ok(ExitCode::SUCCESS)
}

pub fn run(args: Args) -> Result<ExitCode> {
    match args.command {
        Command::Request {
            document,
            reviewers,
            functions,
            required,
            output,
            server,
        } => {
            if reviewers.len() != functions.len() {
                bail!(
                    "give one --function for each --reviewer ({} reviewers, {} functions)",
                    reviewers.len(),
                    functions.len()
                );
            }
            let asked: Vec<Value> = reviewers
                .iter()
                .zip(&functions)
                .map(|(email, function)| {
                    json!({ "email": email, "function": function, "required": required })
                })
                .collect();
            let path = format!("/api/documents/{document}/review/requests");
            let answer = post(
                &server,
                &path,
                json!({ "reviewers": asked }),
                "request a review",
            )?;
            created(&answer, output.format, |id| {
                format!(
                    "review round {id}: asked {} of revision {}",
                    reviewers.join(", "),
                    answer["round"]["revision"]
                )
            })
        }
        Command::Comment {
            document,
            quote,
            body,
            concern,
            prefix,
            suffix,
            output,
            server,
        } => {
            let path = format!("/api/documents/{document}/review/threads");
            let request = json!({
                "quote": quote,
                "prefix": prefix,
                "suffix": suffix,
                "body": body,
                "concern": concern,
            });
            let answer = post(&server, &path, request, "comment")?;
            let kind = if concern { "concern" } else { "comment" };
            created(&answer, output.format, |id| id.to_owned()).inspect(|_| {
                if output.format == Format::Text {
                    eprintln!(
                        "{kind} {} on revision {}",
                        answer["id"], answer["thread"]["revision"]
                    );
                }
            })
        }
        Command::Answer {
            concern,
            question,
            new,
            output,
            server,
        } => {
            let path = format!("/api/threads/{concern}/answer");
            let request = json!({ "question": question, "new_question": new });
            let mut answer = post(&server, &path, request, "answer the concern")?;
            answer["id"] = answer["link"]["thread"].clone();
            created(&answer, output.format, |id| {
                let state = match answer["why_open"].as_str() {
                    None => "resolved".to_owned(),
                    Some(why) => format!("still open: {why}"),
                };
                format!("concern {id} linked to `{question}`; {state}")
            })
        }
        Command::Verdict {
            document,
            verdict,
            body,
            output,
            server,
        } => {
            let path = format!("/api/documents/{document}/review/verdicts");
            let request = json!({ "verdict": verdict.as_str(), "body": body });
            let answer = post(&server, &path, request, "give a verdict")?;
            created(&answer, output.format, |id| {
                format!(
                    "verdict {id}: {} on revision {}; the document is {}",
                    verdict.as_str(),
                    answer["verdict"]["revision"],
                    answer["status"].as_str().unwrap_or("?")
                )
            })
        }
        Command::Inbox {
            unread,
            mark_read,
            output,
            server,
        } => match mark_read {
            Some(which) => {
                let path = match which.as_str() {
                    "all" => "/api/notifications/read-all".to_owned(),
                    id => format!("/api/notifications/{id}/read"),
                };
                let answer = post(&server, &path, json!({}), "mark the notification read")?;
                match output.format {
                    Format::Json => outln!("{answer}")?,
                    Format::Text => outln!("marked {} read", answer["marked"])?,
                }
                Ok(ExitCode::SUCCESS)
            }
            None => inbox(&server, unread, output.format),
        },
        Command::Status {
            document,
            output,
            server,
        } => status(&server, &document, output.format),
    }
}

/// What a notification says, after who did it.
fn says(kind: &str) -> &'static str {
    match kind {
        "review-requested" => "asked you to review",
        "comment-on-thread" => "replied in your thread on",
        "comment-on-document" => "commented on",
        "concern-answered" => "linked your concern to the FAQ of",
        "verdict-given" => "gave a verdict on",
        "document-aligned" => "brought into alignment",
        _ => "changed the review of",
    }
}

fn inbox(server: &Server, unread: bool, format: Format) -> Result<ExitCode> {
    let path = format!("/api/notifications?unread={unread}&limit=500");
    let answer = server.get_ok(&path, "read the notifications")?;
    let notices = answer["notices"]
        .as_array()
        .context("the workspace's answer has no `notices`")?;
    if format == Format::Json {
        outln!("{answer}")?;
        return Ok(ExitCode::SUCCESS);
    }
    if notices.is_empty() {
        outln!("no notifications{}", if unread { " unread" } else { "" })?;
    }
    for n in notices {
        let mark = if n["read_at"].is_null() { "*" } else { " " };
        let thread = match n["thread"].as_i64() {
            Some(t) => format!(", thread {t}"),
            None => String::new(),
        };
        outln!(
            "{mark} {}  {} {} “{}” (document {}{thread})",
            n["id"],
            n["actor_name"].as_str().unwrap_or("someone"),
            says(n["kind"].as_str().unwrap_or("")),
            n["title"].as_str().unwrap_or("?"),
            n["document"]
        )?;
    }
    outln!("unread: {}", answer["unread"])?;
    Ok(ExitCode::SUCCESS)
}

fn status(server: &Server, document: &str, format: Format) -> Result<ExitCode> {
    let answer = server.get_ok(
        &format!("/api/documents/{document}/review/status"),
        "read the review's status",
    )?;
    let aligned = answer["aligned"]
        .as_bool()
        .context("the workspace's answer has no `aligned`")?;
    match format {
        Format::Json => outln!("{answer}")?,
        Format::Text => print_status(&answer)?,
    }
    Ok(if aligned {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn print_status(s: &Value) -> Result<()> {
    let title = s["title"].as_str().unwrap_or("the document");
    let status = s["status"].as_str().unwrap_or("?");
    outln!("{title}: {status}, revision {}", s["revision"])?;
    match s["round"].as_object() {
        None => outln!("no review was asked for")?,
        Some(round) => {
            let reviewers: Vec<String> = round["reviewers"]
                .as_array()
                .map(Vec::as_slice)
                .unwrap_or_default()
                .iter()
                .map(|r| {
                    let required = if r["required"] == true {
                        ", required"
                    } else {
                        ""
                    };
                    format!(
                        "{} ({}{required})",
                        r["name"].as_str().unwrap_or("?"),
                        r["function"].as_str().unwrap_or("?")
                    )
                })
                .collect();
            outln!(
                "round {} on revision {}: {}",
                round["id"],
                round["revision"],
                reviewers.join(", ")
            )?;
        }
    }
    let concerns = s["open_concerns"].as_u64().unwrap_or(0);
    outln!("open concerns: {concerns}")?;
    if let Some(by) = s["open_concerns_by_function"].as_object() {
        for (function, n) in by {
            outln!("  {function}: {n}")?;
        }
    }
    outln!("open threads: {}", s["open_threads"])?;
    let missing = s["missing_approvals"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default();
    if missing.is_empty() {
        outln!("approvals: every required reviewer approved")?;
    }
    for m in missing {
        let who = m["name"].as_str().unwrap_or("nobody asked");
        let function = m["function"].as_str().unwrap_or("?");
        match m["stale_since"].as_i64() {
            Some(since) => outln!("stale approval: {who} ({function}) approved revision {since}")?,
            None => outln!("missing approval: {who} ({function})")?,
        }
    }
    outln!("checker errors: {}", s["errors"])?;
    outln!(
        "{}",
        if s["aligned"] == true {
            "aligned"
        } else {
            "not aligned"
        }
    )?;
    Ok(())
}
