//! Importing feedback over HTTP: the request body is streamed to `prfaq_evidence`'s
//! readers on a blocking thread, never held whole, and written in batches, each one
//! transaction. Bad rows are reported with their lines and skipped; every good row is
//! kept. An `.xlsx` workbook needs seeking, so it is spooled to a temporary file first
//! (within the same size limit). An import the client names (`upload=ID`) reports what
//! it has read and written so far in [`Uploads`], which the browser polls while the
//! file is sent and the last batch written.

use std::collections::HashMap;
use std::io::{self, Read, Seek};
use std::ops::ControlFlow;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::{Body, Bytes};
use http_body_util::BodyExt;
use prfaq_evidence::{
    BadRow, Customer, Format, ImportError, Options, Rating, Record, Row, TextReader, read_xlsx,
};
use prfaq_store::{ImportBatch, NewFeedback, UserId, WorkspaceId};
use serde::Serialize;

use crate::error::{AppError, AppResult};
use crate::state::AppState;

/// Records written in one transaction. A large import writes into the content-key and
/// customer indexes at random, and every page a transaction changes is written whole
/// to the log at its commit: five times fewer commits than at 10,000 records write
/// those pages five times less often (see docs/benchmarks.md). At most three batches
/// are held at once (one being read, one waiting, one being written): about 100 MiB
/// more than at 10,000 for generated support tickets.
const BATCH: usize = 50_000;
/// Bad rows listed in the answer; the rest are only counted.
const MAX_BAD_ROWS: usize = 1_000;
/// Rows a preview shows.
pub(crate) const PREVIEW_ROWS: usize = 20;

/// What an import did, as the API and `prfaq evidence import --format json` print it.
#[derive(Debug, Default, Serialize)]
pub(crate) struct Report {
    pub imported: u64,
    pub duplicates: u64,
    pub bad_rows: Vec<BadRow>,
    /// Every bad row, listed or not.
    pub bad_row_count: u64,
    /// The columns of the file and the column each field was read from.
    pub columns: Vec<String>,
    pub mapping: Vec<(String, String)>,
}

/// A preview: the mapping and the first rows as they would be imported.
#[derive(Debug, Default, Serialize)]
pub(crate) struct Preview {
    pub columns: Vec<String>,
    pub mapping: Vec<(String, String)>,
    pub rows: Vec<Record>,
    pub bad_rows: Vec<BadRow>,
}

/// What one import has done so far, counted as it goes.
#[derive(Debug, Default)]
pub(crate) struct Progress {
    /// Bytes of the file received.
    bytes: AtomicU64,
    /// Rows read, good and bad.
    rows: AtomicU64,
    /// Rows skipped as bad.
    bad_rows: AtomicU64,
    /// Rows written (imported, or found already there), batch by batch.
    written: AtomicU64,
    /// Whether the import ended (done, failed or stopped).
    done: AtomicBool,
}

impl Progress {
    /// The counts as the API answers them.
    pub(crate) fn json(&self) -> serde_json::Value {
        serde_json::json!({
            "bytes": self.bytes.load(Ordering::Relaxed),
            "rows": self.rows.load(Ordering::Relaxed),
            "bad_rows": self.bad_rows.load(Ordering::Relaxed),
            "written": self.written.load(Ordering::Relaxed),
            "done": self.done.load(Ordering::Relaxed),
        })
    }
}

/// How long an import's progress is kept after it started.
const KEEP_PROGRESS: Duration = Duration::from_secs(60 * 60);
/// The most imports whose progress is kept; the oldest go first.
const MAX_UPLOADS: usize = 4096;

/// Who started an import, where, and the id they named it by.
type UploadKey = (UserId, WorkspaceId, String);

/// The progress of the imports their clients named, each seen only by its importer.
#[derive(Default)]
pub(crate) struct Uploads {
    running: Mutex<HashMap<UploadKey, (Instant, Arc<Progress>)>>,
}

impl Uploads {
    /// Starts counting the import `id` of `user` in `workspace` (again, when the same
    /// id is used twice), forgetting imports started too long ago.
    fn start(&self, user: UserId, workspace: WorkspaceId, id: &str) -> Arc<Progress> {
        let progress = Arc::new(Progress::default());
        let now = Instant::now();
        let mut running = self.running.lock().unwrap_or_else(|e| e.into_inner());
        running.retain(|_, (started, _)| now.duration_since(*started) < KEEP_PROGRESS);
        while running.len() >= MAX_UPLOADS {
            let Some(oldest) = running
                .iter()
                .min_by_key(|(_, (started, _))| *started)
                .map(|(key, _)| key.clone())
            else {
                break;
            };
            running.remove(&oldest);
        }
        running.insert((user, workspace, id.to_string()), (now, progress.clone()));
        progress
    }

    /// The progress of `user`'s import `id` in `workspace`, if it is known.
    pub(crate) fn get(
        &self,
        user: UserId,
        workspace: WorkspaceId,
        id: &str,
    ) -> Option<Arc<Progress>> {
        let running = self.running.lock().unwrap_or_else(|e| e.into_inner());
        running
            .get(&(user, workspace, id.to_string()))
            .map(|(_, progress)| progress.clone())
    }
}

/// Whether `id` can name an import: 1 to 64 letters, digits, `-` or `_`.
pub(crate) fn valid_upload_id(id: &str) -> bool {
    (1..=64).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// Marks the import's progress done when the import ends, however it ends.
struct Ends(Arc<Progress>);

impl Drop for Ends {
    fn drop(&mut self) {
        self.0.done.store(true, Ordering::Relaxed);
    }
}

/// How one import runs.
pub(crate) struct Job {
    pub actor: UserId,
    pub workspace: WorkspaceId,
    pub format: Format,
    pub options: Options,
    pub source: String,
    /// The mapping to save with the source, when the caller gave one.
    pub save_mapping: Option<String>,
    /// The id the client named the import by, to follow its progress.
    pub upload: Option<String>,
}

/// Reads the chunks the request handler forwards, as a blocking `Read`. The body's end
/// is an empty chunk; a channel closed without it means the request was dropped (the
/// client went away, or its time ran out), which is an error, never the file's end, so
/// a row cut off half way is never taken for a whole one.
struct ChannelReader {
    rx: tokio::sync::mpsc::Receiver<io::Result<Bytes>>,
    current: Bytes,
    ended: bool,
}

impl Read for ChannelReader {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        while self.current.is_empty() {
            if self.ended {
                return Ok(0);
            }
            match self.rx.blocking_recv() {
                Some(Ok(bytes)) if bytes.is_empty() => self.ended = true,
                Some(Ok(bytes)) => self.current = bytes,
                Some(Err(error)) => return Err(error),
                None => return Err(io::Error::other("the upload broke off")),
            }
        }
        let n = buf.len().min(self.current.len());
        buf[..n].copy_from_slice(&self.current[..n]);
        self.current = self.current.slice(n..);
        Ok(n)
    }
}

/// How the body's forwarding ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Pumped {
    /// The whole body, or the reader stopped listening.
    Done,
    /// The body grew past the limit.
    TooLarge,
}

/// Forwards the body's chunks until it ends (then an empty chunk) or grows past `limit`
/// bytes (then the reader gets an error naming the limit). Once the reader stops
/// listening (a preview has its rows, or the import failed), the rest of the body is
/// still read, up to the limit, and dropped: a server that answers before the upload
/// is over and closes the connection makes the browser see a reset instead of the
/// answer.
async fn pump(
    body: Body,
    tx: tokio::sync::mpsc::Sender<io::Result<Bytes>>,
    limit: u64,
    progress: Option<Arc<Progress>>,
) -> Pumped {
    let mut body = body;
    let mut seen: u64 = 0;
    let mut listening = true;
    while let Some(frame) = body.frame().await {
        let chunk = match frame {
            Ok(frame) => match frame.into_data() {
                Ok(data) if !data.is_empty() => data,
                _ => continue,
            },
            Err(error) => {
                let _ = tx
                    .send(Err(io::Error::other(format!(
                        "the upload broke off: {error}"
                    ))))
                    .await;
                return Pumped::Done;
            }
        };
        seen += chunk.len() as u64;
        if seen > limit {
            let _ = tx
                .send(Err(io::Error::other(format!(
                    "the file is larger than {}",
                    crate::error::human_bytes(usize::try_from(limit).unwrap_or(usize::MAX))
                ))))
                .await;
            return Pumped::TooLarge;
        }
        if !listening {
            continue;
        }
        let size = chunk.len() as u64;
        if tx.send(Ok(chunk)).await.is_err() {
            listening = false;
            continue;
        }
        // Counted once the reader has room for it: the bytes the reader has taken.
        if let Some(progress) = &progress {
            progress.bytes.fetch_add(size, Ordering::Relaxed);
        }
    }
    let _ = tx.send(Ok(Bytes::new())).await;
    Pumped::Done
}

/// Runs `work` on a blocking thread over the streamed `body`, at most `limit` bytes.
async fn streamed<T: Send + 'static>(
    body: Body,
    limit: u64,
    progress: Option<Arc<Progress>>,
    work: impl FnOnce(ChannelReader) -> AppResult<T> + Send + 'static,
) -> AppResult<T> {
    let (tx, rx) = tokio::sync::mpsc::channel(16);
    let reader = ChannelReader {
        rx,
        current: Bytes::new(),
        ended: false,
    };
    let task = tokio::task::spawn_blocking(move || work(reader));
    let (pumped, done) = tokio::join!(pump(body, tx, limit, progress), task);
    let done = done.map_err(|e| AppError::Internal(anyhow::anyhow!("the import stopped: {e}")))?;
    if pumped == Pumped::TooLarge {
        return Err(AppError::PayloadTooLarge {
            limit: usize::try_from(limit).unwrap_or(usize::MAX),
        });
    }
    done
}

fn import_error(error: ImportError) -> AppError {
    AppError::bad_request(format!("The file cannot be imported: {error}."))
}

/// Every row of the file, in order, to `on_row` (which may break), after `on_columns`.
fn each_row(
    input: ChannelReader,
    format: Format,
    options: &Options,
    mut on_columns: impl FnMut(Vec<String>, Vec<(String, String)>),
    mut on_row: impl FnMut(Row) -> AppResult<ControlFlow<()>>,
) -> AppResult<()> {
    let mapping_of = |r: &prfaq_evidence::Resolved| {
        r.pairs()
            .into_iter()
            .map(|(f, c)| (f.name().to_string(), c.to_string()))
            .collect::<Vec<_>>()
    };
    if format == Format::Xlsx {
        let mut file = tempfile::tempfile()
            .map_err(|e| AppError::Internal(anyhow::anyhow!("no temporary file: {e}")))?;
        let mut input = input;
        io::copy(&mut input, &mut file).map_err(|e| import_error(ImportError::Io(e)))?;
        file.rewind()
            .map_err(|e| AppError::Internal(anyhow::anyhow!("temporary file: {e}")))?;
        let mut failed = None;
        read_xlsx(
            io::BufReader::new(file),
            options,
            |r| {
                on_columns(r.columns().to_vec(), mapping_of(r));
                ControlFlow::Continue(())
            },
            |row| match on_row(row) {
                Ok(flow) => flow,
                Err(error) => {
                    failed = Some(error);
                    ControlFlow::Break(())
                }
            },
        )
        .map_err(import_error)?;
        return failed.map_or(Ok(()), Err);
    }
    let mut reader = TextReader::new(input, format, options.clone()).map_err(import_error)?;
    let mut announced = false;
    if let Some(r) = reader.resolved() {
        on_columns(r.columns().to_vec(), mapping_of(r));
        announced = true;
    }
    while let Some(row) = reader.next() {
        let row = row.map_err(import_error)?;
        if !announced && let Some(r) = reader.resolved() {
            on_columns(r.columns().to_vec(), mapping_of(r));
            announced = true;
        }
        if on_row(row)?.is_break() {
            break;
        }
    }
    Ok(())
}

/// The store's form of a record read from `source`.
pub(crate) fn new_feedback(record: Record, source: &str) -> NewFeedback {
    let clean = |text: String| text.replace('\0', "\u{fffd}");
    let key = record.content_key().to_string();
    let row_source = record.source.clone().map(clean);
    let name_scope = row_source.as_deref().unwrap_or(source).to_lowercase();
    let identity = |customer: &Customer| match customer {
        Customer::Name(name) => format!("name:{name_scope}:{name}"),
        other => other.key(),
    };
    let mut identities: Vec<String> = record.customer.iter().map(identity).collect();
    for alias in &record.aliases {
        let key = identity(alias);
        if !identities.contains(&key) {
            identities.push(key);
        }
    }
    let label = record.customer.as_ref().map(|c| match c {
        Customer::Email(v) | Customer::Account(v) | Customer::Name(v) => v.clone(),
    });
    let (rating, score) = match record.rating {
        Some(Rating::Score(v)) => (Some(format!("{v}")), Some(v)),
        Some(Rating::Label(l)) => (Some(l), None),
        None => (None, None),
    };
    NewFeedback {
        content_key: key,
        text: clean(record.text),
        title: record.title.map(clean),
        day: record.date.map(|d| d.to_string()),
        rating: rating.map(clean),
        score,
        link: record.link.map(clean),
        external_id: record.id.map(clean),
        line: i64::try_from(record.line).unwrap_or(i64::MAX),
        source: row_source,
        identities: identities.into_iter().map(clean).collect(),
        customer: label.map(clean),
    }
}

/// Groups the records of the reading thread into batches for the writer task, and keeps
/// the bad rows.
struct Batcher {
    source: String,
    batch: Vec<NewFeedback>,
    batches: tokio::sync::mpsc::Sender<Vec<NewFeedback>>,
    bad_rows: Vec<BadRow>,
    bad_row_count: u64,
    /// Whether a batch went to the writer.
    sent: bool,
    progress: Option<Arc<Progress>>,
}

impl Batcher {
    /// Hands the batch to the writer; an error once the writer has stopped (it failed:
    /// its error is the one reported).
    fn send(&mut self) -> AppResult<()> {
        let batch = std::mem::replace(&mut self.batch, Vec::with_capacity(BATCH));
        self.sent = true;
        self.batches
            .blocking_send(batch)
            .map_err(|_| AppError::Internal(anyhow::anyhow!("the import's writer stopped")))
    }

    fn row(&mut self, row: Row) -> AppResult<()> {
        if let Some(progress) = &self.progress {
            progress.rows.fetch_add(1, Ordering::Relaxed);
            if matches!(row, Row::Bad(_)) {
                progress.bad_rows.fetch_add(1, Ordering::Relaxed);
            }
        }
        match row {
            Row::Record(record) => {
                self.batch.push(new_feedback(record, &self.source));
                if self.batch.len() == BATCH {
                    self.send()?;
                }
            }
            Row::Bad(row) => {
                self.bad_row_count += 1;
                if self.bad_rows.len() < MAX_BAD_ROWS {
                    self.bad_rows.push(row);
                }
            }
        }
        Ok(())
    }
}

/// Writes the batches it receives, one transaction each, in order; the source (and the
/// mapping to save with it) is written with the first, which is empty when the file
/// has no rows.
async fn write_batches(
    state: AppState,
    actor: UserId,
    workspace: WorkspaceId,
    source: String,
    save_mapping: Option<String>,
    mut batches: tokio::sync::mpsc::Receiver<Vec<NewFeedback>>,
    progress: Option<Arc<Progress>>,
) -> AppResult<(u64, u64)> {
    let (mut imported, mut duplicates) = (0, 0);
    let mut first = true;
    while let Some(items) = batches.recv().await {
        let done = state
            .store()
            .import_feedback(
                actor,
                workspace,
                ImportBatch {
                    source: &source,
                    mapping: if first { save_mapping.as_deref() } else { None },
                    items: &items,
                },
            )
            .await?;
        imported += done.imported;
        duplicates += done.duplicates;
        first = false;
        if let Some(progress) = &progress {
            progress
                .written
                .fetch_add(done.imported + done.duplicates, Ordering::Relaxed);
        }
    }
    // After a large import, the planner's statistics of the evidence tables. Every
    // batch is written by now: a failure here costs searches their best plans, not the
    // import its rows, so it is logged and the import reported as done.
    if let Err(error) = state
        .store()
        .finish_feedback_import(actor, workspace, imported)
        .await
    {
        tracing::warn!(%error, workspace = workspace.0, "could not refresh the evidence statistics");
    }
    Ok((imported, duplicates))
}

/// Imports the streamed `body` in batches: the file is read and parsed on a blocking
/// thread while the batch before is written, so reading and writing overlap; at most
/// two batches wait between them.
pub(crate) async fn import(state: &AppState, job: Job, body: Body) -> AppResult<Report> {
    let progress = job
        .upload
        .as_deref()
        .map(|id| state.uploads().start(job.actor, job.workspace, id));
    let _ends = progress.clone().map(Ends);
    let (batches_tx, batches_rx) = tokio::sync::mpsc::channel(1);
    let writer = tokio::spawn(write_batches(
        state.clone(),
        job.actor,
        job.workspace,
        job.source.clone(),
        job.save_mapping.clone(),
        batches_rx,
        progress.clone(),
    ));
    // Dropped with the request (its client went away or its time ran out): the writer
    // stops, and the batch it was writing is rolled back whole.
    let writer = AbortOnDrop(writer);
    let counted = progress.clone();
    let read = streamed(
        body,
        state.config().max_import_bytes,
        progress,
        move |input| {
            let mut batcher = Batcher {
                source: job.source.clone(),
                batch: Vec::with_capacity(BATCH),
                batches: batches_tx,
                bad_rows: Vec::new(),
                bad_row_count: 0,
                sent: false,
                progress: counted,
            };
            let mut columns = None;
            each_row(
                input,
                job.format,
                &job.options,
                |c, m| columns = Some((c, m)),
                |row| batcher.row(row).map(|()| ControlFlow::Continue(())),
            )?;
            if !batcher.batch.is_empty() || !batcher.sent {
                batcher.send()?;
            }
            let mut report = Report {
                bad_rows: batcher.bad_rows,
                bad_row_count: batcher.bad_row_count,
                ..Report::default()
            };
            if let Some((c, m)) = columns {
                report.columns = c;
                report.mapping = m;
            }
            Ok(report)
        },
    )
    .await;
    // The writer's own error first: the reader only saw that it stopped.
    let written = writer.finish().await;
    let (imported, duplicates) = written?;
    let mut report = read?;
    report.imported = imported;
    report.duplicates = duplicates;
    Ok(report)
}

/// The writer task, aborted when this is dropped (the request was): a batch being
/// written is then rolled back whole.
struct AbortOnDrop(tokio::task::JoinHandle<AppResult<(u64, u64)>>);

impl AbortOnDrop {
    async fn finish(mut self) -> AppResult<(u64, u64)> {
        match (&mut self.0).await {
            Ok(written) => written,
            Err(error) if error.is_panic() => std::panic::resume_unwind(error.into_panic()),
            Err(error) => Err(AppError::Internal(anyhow::anyhow!(
                "the import's writer stopped: {error}"
            ))),
        }
    }
}

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// Reads the first rows of the streamed `body` and writes nothing.
pub(crate) async fn preview(job: Job, body: Body, limit: u64) -> AppResult<Preview> {
    streamed(body, limit, None, move |input| {
        let mut preview = Preview::default();
        let mut columns = None;
        each_row(
            input,
            job.format,
            &job.options,
            |c, m| columns = Some((c, m)),
            |row| {
                match row {
                    Row::Record(record) => preview.rows.push(record),
                    Row::Bad(row) => preview.bad_rows.push(row),
                }
                let seen = preview.rows.len() + preview.bad_rows.len();
                Ok(if seen >= PREVIEW_ROWS {
                    ControlFlow::Break(())
                } else {
                    ControlFlow::Continue(())
                })
            },
        )?;
        if let Some((c, m)) = columns {
            preview.columns = c;
            preview.mapping = m;
        }
        Ok(preview)
    })
    .await
}
