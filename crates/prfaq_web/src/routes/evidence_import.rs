//! Importing feedback over HTTP: the request body is streamed to `prfaq_evidence`'s
//! readers on a blocking thread, never held whole, and written in batches, each one
//! transaction. Bad rows are reported with their lines and skipped; every good row is
//! kept. An `.xlsx` workbook needs seeking, so it is spooled to a temporary file first
//! (within the same size limit).

use std::io::{self, Read, Seek};
use std::ops::ControlFlow;

use axum::body::{Body, Bytes};
use http_body_util::BodyExt;
use prfaq_evidence::{
    BadRow, Customer, Format, ImportError, Options, Rating, Record, Row, TextReader, read_xlsx,
};
use prfaq_store::{ImportBatch, NewFeedback, UserId, WorkspaceId};
use serde::Serialize;

use crate::error::{AppError, AppResult};
use crate::state::AppState;

/// The largest import, in bytes: a million comments as CSV are about 150 MB.
pub(crate) const MAX_IMPORT_BYTES: u64 = 1024 * 1024 * 1024;
/// Records written in one transaction.
const BATCH: usize = 2_000;
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

/// How one import runs.
pub(crate) struct Job {
    pub actor: UserId,
    pub workspace: WorkspaceId,
    pub format: Format,
    pub options: Options,
    pub source: String,
    /// The mapping to save with the source, when the caller gave one.
    pub save_mapping: Option<String>,
}

/// Reads the chunks the request handler forwards, as a blocking `Read`.
struct ChannelReader {
    rx: tokio::sync::mpsc::Receiver<io::Result<Bytes>>,
    current: Bytes,
}

impl Read for ChannelReader {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        while self.current.is_empty() {
            match self.rx.blocking_recv() {
                Some(Ok(bytes)) => self.current = bytes,
                Some(Err(error)) => return Err(error),
                None => return Ok(0),
            }
        }
        let n = buf.len().min(self.current.len());
        buf[..n].copy_from_slice(&self.current[..n]);
        self.current = self.current.slice(n..);
        Ok(n)
    }
}

/// Forwards the body's chunks until it ends, the reader stops listening, or it grows
/// past [`MAX_IMPORT_BYTES`] (then the reader gets an error naming the limit).
async fn pump(body: Body, tx: tokio::sync::mpsc::Sender<io::Result<Bytes>>) {
    let mut body = body;
    let mut seen: u64 = 0;
    while let Some(frame) = body.frame().await {
        let chunk = match frame {
            Ok(frame) => match frame.into_data() {
                Ok(data) => data,
                Err(_) => continue,
            },
            Err(error) => {
                let _ = tx
                    .send(Err(io::Error::other(format!(
                        "the upload broke off: {error}"
                    ))))
                    .await;
                return;
            }
        };
        seen += chunk.len() as u64;
        if seen > MAX_IMPORT_BYTES {
            let _ = tx
                .send(Err(io::Error::other(format!(
                    "the file is larger than {} MiB",
                    MAX_IMPORT_BYTES / 1024 / 1024
                ))))
                .await;
            return;
        }
        if tx.send(Ok(chunk)).await.is_err() {
            return;
        }
    }
}

/// Runs `work` on a blocking thread over the streamed `body`.
async fn streamed<T: Send + 'static>(
    body: Body,
    work: impl FnOnce(ChannelReader) -> AppResult<T> + Send + 'static,
) -> AppResult<T> {
    let (tx, rx) = tokio::sync::mpsc::channel(16);
    let reader = ChannelReader {
        rx,
        current: Bytes::new(),
    };
    let task = tokio::task::spawn_blocking(move || work(reader));
    let ((), done) = tokio::join!(pump(body, tx), task);
    done.map_err(|e| AppError::Internal(anyhow::anyhow!("the import stopped: {e}")))?
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

/// Writes records in batches, one transaction each.
struct Writer<'a> {
    handle: tokio::runtime::Handle,
    state: &'a AppState,
    job: &'a Job,
    batch: Vec<NewFeedback>,
    mapping_saved: bool,
    report: Report,
}

impl Writer<'_> {
    fn flush(&mut self) -> AppResult<()> {
        let save = if self.mapping_saved {
            None
        } else {
            self.job.save_mapping.as_deref()
        };
        let done = self.handle.block_on(self.state.store().import_feedback(
            self.job.actor,
            self.job.workspace,
            ImportBatch {
                source: &self.job.source,
                mapping: save,
                items: &self.batch,
            },
        ))?;
        self.mapping_saved = true;
        self.report.imported += done.imported;
        self.report.duplicates += done.duplicates;
        self.batch.clear();
        Ok(())
    }

    fn row(&mut self, row: Row) -> AppResult<()> {
        match row {
            Row::Record(record) => {
                self.batch.push(new_feedback(record, &self.job.source));
                if self.batch.len() == BATCH {
                    self.flush()?;
                }
            }
            Row::Bad(row) => {
                self.report.bad_row_count += 1;
                if self.report.bad_rows.len() < MAX_BAD_ROWS {
                    self.report.bad_rows.push(row);
                }
            }
        }
        Ok(())
    }
}

/// Imports the streamed `body` in batches.
pub(crate) async fn import(state: &AppState, job: Job, body: Body) -> AppResult<Report> {
    let state = state.clone();
    let handle = tokio::runtime::Handle::current();
    streamed(body, move |input| {
        let mut writer = Writer {
            handle,
            state: &state,
            job: &job,
            batch: Vec::with_capacity(BATCH),
            mapping_saved: false,
            report: Report::default(),
        };
        let mut columns = None;
        each_row(
            input,
            job.format,
            &job.options,
            |c, m| columns = Some((c, m)),
            |row| writer.row(row).map(|()| ControlFlow::Continue(())),
        )?;
        if !writer.batch.is_empty() || !writer.mapping_saved {
            writer.flush()?;
        }
        let mut report = writer.report;
        if let Some((c, m)) = columns {
            report.columns = c;
            report.mapping = m;
        }
        Ok(report)
    })
    .await
}

/// Reads the first rows of the streamed `body` and writes nothing.
pub(crate) async fn preview(job: Job, body: Body) -> AppResult<Preview> {
    streamed(body, move |input| {
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
