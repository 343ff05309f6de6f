//! `prfaq pull DOC` and `prfaq push FILE`: keep documents in git and in the workspace.
//!
//! Both talk to a running workspace with a personal access token. What was pulled is
//! remembered beside the file in `.prfaq-sync.json` (server, document and revision), so
//! a push says which revision it was based on: a push over someone else's newer save
//! is refused, and the local file is never touched by a refused push.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context as _, Result, bail};
use serde::{Deserialize, Serialize};
use serde_json::json;
use ureq::http::Method;

use crate::commands::remote::{Server, explain};

/// The sidecar file that remembers what each local file was last synced with.
const SYNC_FILE: &str = ".prfaq-sync.json";

#[derive(Debug, clap::Args)]
pub struct PullArgs {
    /// The document's id (the number in its address, `/d/ID`).
    document: String,
    /// Where to write; defaults to the document's title in kebab case with `.md`.
    #[arg(long, short)]
    output: Option<PathBuf>,
    /// Overwrite local changes that were never pushed.
    #[arg(long)]
    force: bool,
    #[command(flatten)]
    server: Server,
}

#[derive(Debug, clap::Args)]
pub struct PushArgs {
    /// The Markdown file to upload as a new revision.
    file: PathBuf,
    /// Create a new document in this workspace (id from `/w/ID`) when the file was never
    /// pulled or pushed.
    #[arg(long)]
    workspace: Option<String>,
    /// A short note for the revision history.
    #[arg(long, short, default_value = "pushed from the command line")]
    message: String,
    #[command(flatten)]
    server: Server,
}

/// What a file was last synced with.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
struct Synced {
    server: String,
    document: String,
    revision: i64,
    /// The text at that revision, to tell local edits from a clean checkout.
    #[serde(default)]
    digest: String,
}

/// A small, stable fingerprint of a text (FNV-1a), enough to notice local edits.
fn digest(text: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in text.as_bytes() {
        hash ^= u64::from(*byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{hash:016x}")
}

fn sync_path(file: &Path) -> PathBuf {
    file.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .join(SYNC_FILE)
}

fn file_key(file: &Path) -> String {
    file.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn read_sync(file: &Path) -> Result<BTreeMap<String, Synced>> {
    let path = sync_path(file);
    match std::fs::read_to_string(&path) {
        Ok(text) => serde_json::from_str(&text)
            .with_context(|| format!("{} is not valid; delete it to start over", path.display())),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(BTreeMap::new()),
        Err(err) => Err(err).with_context(|| format!("cannot read {}", path.display())),
    }
}

fn write_sync(file: &Path, synced: Synced) -> Result<()> {
    let path = sync_path(file);
    let mut all = read_sync(file)?;
    all.insert(file_key(file), synced);
    write_atomically(&path, &serde_json::to_string_pretty(&all)?)
}

/// Writes through a temporary file and a rename, so a crash never leaves half a file.
fn write_atomically(path: &Path, text: &str) -> Result<()> {
    let tmp = path.with_extension("prfaq-tmp");
    std::fs::write(&tmp, text).with_context(|| format!("cannot write {}", tmp.display()))?;
    std::fs::rename(&tmp, path).with_context(|| format!("cannot write {}", path.display()))
}

pub fn pull(args: PullArgs) -> Result<ExitCode> {
    let server = &args.server;
    let (status, body) = server.get(&format!("/api/documents/{}", args.document), "pull")?;
    if status != 200 {
        bail!("{}", explain(status, &body));
    }
    let text = body["text"].as_str().context("the answer has no text")?;
    let revision = body["revision"]["number"]
        .as_i64()
        .context("the answer has no revision number")?;
    let title = body["document"]["title"].as_str().unwrap_or("document");
    let path = args
        .output
        .clone()
        .unwrap_or_else(|| PathBuf::from(format!("{}.md", prfaq_doc::template::slug(title))));
    // Never overwrite local edits that were not pushed.
    if path.exists() && !args.force {
        // Read as a document is read: a named pipe or a device is never waited on, and
        // nothing past the size limit is read.
        let local = crate::files::read_bytes(&path, prfaq_doc::DEFAULT_MAX_BYTES)
            .map_err(|err| anyhow::anyhow!("{}: {err}", path.display()))?;
        let local = String::from_utf8_lossy(&local);
        let known = read_sync(&path)?.remove(&file_key(&path));
        let clean = known.is_some_and(|k| k.digest == digest(&local)) || local == *text;
        if !clean {
            bail!(
                "{} has changes that were never pushed; push them, or pass --force to overwrite",
                path.display()
            );
        }
    }
    write_atomically(&path, text)?;
    write_sync(
        &path,
        Synced {
            server: server.server.clone(),
            document: args.document.clone(),
            revision,
            digest: digest(text),
        },
    )?;
    outln!(
        "pulled revision {revision} of `{title}` into {}",
        path.display()
    )?;
    Ok(ExitCode::SUCCESS)
}

/// Says that a file has nothing to push, and whether the workspace has moved on since.
fn unchanged(file: &Path, synced: &Synced, server: &Server) -> Result<ExitCode> {
    let latest = server.get(
        &format!("/api/documents/{}", synced.document),
        "look up the newest revision",
    );
    let newest = match &latest {
        Ok((200, body)) => body["revision"]["number"].as_i64(),
        _ => None,
    };
    match newest {
        Some(newest) if newest > synced.revision => {
            outln!(
                "{} is unchanged since revision {}, but the workspace has newer revisions (the newest is {newest}); nothing was pushed",
                file.display(),
                synced.revision
            )?;
            outln!(
                "To bring the file up to date, pull it:\n  prfaq pull {} --output {}",
                synced.document,
                file.display()
            )?;
        }
        Some(_) => outln!(
            "{} is unchanged since revision {}, the newest in the workspace; nothing to push",
            file.display(),
            synced.revision
        )?,
        None => {
            outln!(
                "{} is unchanged since revision {}; nothing to push",
                file.display(),
                synced.revision
            )?;
            let why = match latest {
                Ok((status, body)) => explain(status, &body),
                Err(err) => format!("{err:#}"),
            };
            eprintln!("note: could not check the workspace for newer revisions: {why}");
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn push(args: PushArgs) -> Result<ExitCode> {
    let server = &args.server;
    let text = crate::files::read_one(&args.file, prfaq_doc::DEFAULT_MAX_BYTES)?;
    let known = read_sync(&args.file)?.remove(&file_key(&args.file));
    let (status, body, document) = match (&known, &args.workspace) {
        (Some(synced), _) => {
            if synced.digest == digest(&text) {
                return unchanged(&args.file, synced, server);
            }
            let (status, body) = server.json(
                Method::PUT,
                &format!("/api/documents/{}", synced.document),
                &json!({
                    "base_revision": synced.revision,
                    "text": text,
                    "note": args.message,
                }),
                "push",
            )?;
            (status, body, synced.document.clone())
        }
        (None, Some(workspace)) => {
            let (status, body) = server.json(
                Method::POST,
                &format!("/api/workspaces/{workspace}/documents"),
                &json!({ "text": text }),
                "push",
            )?;
            let id = body["document"]["id"]
                .as_i64()
                .map(|i| i.to_string())
                .or_else(|| body["document"]["id"].as_str().map(str::to_owned))
                .unwrap_or_default();
            (status, body, id)
        }
        (None, None) => bail!(
            "{} was never pulled: pass --workspace ID to create it as a new document, or pull the document first",
            args.file.display()
        ),
    };
    if status == 409 {
        let stale = &body["stale"];
        let current = stale["current_revision"].as_i64().map_or_else(
            || "a newer revision".to_owned(),
            |n| format!("revision {n}"),
        );
        let by = stale["changed_by"].as_str().unwrap_or("someone");
        eprintln!(
            "error: not pushed: {by} saved {current} since you pulled revision {}.",
            known.as_ref().map_or(0, |k| k.revision)
        );
        eprintln!(
            "Your file is unchanged. Pull into another file, merge the changes, and push again:"
        );
        eprintln!(
            "  prfaq pull {document} --output {}.theirs.md",
            args.file.with_extension("").display()
        );
        return Ok(ExitCode::from(1));
    }
    if !(200..300).contains(&status) {
        bail!("{}", explain(status, &body));
    }
    let revision = body["revision"]["number"]
        .as_i64()
        .or_else(|| body["document"]["current_revision"].as_i64())
        .unwrap_or(1);
    write_sync(
        &args.file,
        Synced {
            server: server.server.clone(),
            document: document.clone(),
            revision,
            digest: digest(&text),
        },
    )?;
    outln!(
        "pushed {} as revision {revision} of document {document}",
        args.file.display()
    )?;
    Ok(ExitCode::SUCCESS)
}
