//! Importing a document's events: the file (the API's body or the page's form) streamed
//! to a temporary file within the size limit, read by `prfaq_outcomes` as the newest
//! revision's report needs, and kept in the compact form.

use std::io::Write as _;

use axum::Json;
use axum::body::{Body, Bytes};
use axum::extract::multipart::Field;
use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use http_body_util::BodyExt;
use prfaq_outcomes::read::Format;
use prfaq_outcomes::{Columns, Options, svg};
use prfaq_store::{
    DocumentId, DocumentPage, MAX_OUTCOME_BYTES, MAX_OUTCOME_CHUNK, NewOutcomeUpload,
    OutcomeUpload, UserId,
};
use serde::{Deserialize, Serialize};

use crate::auth::ApiUser;
use crate::error::{AppError, AppResult};
use crate::routes::api::{ApiJson, ApiQuery};

use prfaq_outcomes::read::postgres::Source;

use super::*;

/// Bytes a multipart upload may hold beyond the file: its framing and other fields.
pub(super) const FORM_HEADROOM: usize = 64 * 1024;

/// A multipart error as the answer: 413 when the body went over the limit, else 400
/// saying what `doing` could not do.
pub(super) fn multipart_error(
    e: &axum::extract::multipart::MultipartError,
    doing: &str,
) -> AppError {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        AppError::PayloadTooLarge {
            limit: MAX_EVENTS_FILE as usize,
        }
    } else {
        AppError::bad_request(format!("{doing}: {e}."))
    }
}

/// The format a file name or a `format` value names.
pub(super) fn format_of(format: Option<&str>, name: &str) -> AppResult<Format> {
    if let Some(f) = format.filter(|f| !f.trim().is_empty()) {
        return Format::parse(f.trim()).ok_or_else(|| {
            AppError::bad_request(format!(
                "`format` is one of csv, jsonl or parquet, not {f:?}."
            ))
        });
    }
    Format::from_path(std::path::Path::new(name)).ok_or_else(|| {
        AppError::bad_request(format!(
            "The file {name:?} is not .csv, .jsonl or .parquet; name its `format`."
        ))
    })
}

/// A file name as shown back: its last part, without control characters, bounded.
pub(super) fn clean_name(name: Option<&str>) -> String {
    let name = name.unwrap_or("").rsplit(['/', '\\']).next().unwrap_or("");
    let name: String = name.chars().filter(|c| !c.is_control()).take(200).collect();
    if name.trim().is_empty() {
        "events".to_owned()
    } else {
        name.trim().to_owned()
    }
}

/// A temporary file the upload is written to, never more than [`MAX_EVENTS_FILE`].
pub(super) struct Spool {
    file: tempfile::NamedTempFile,
    bytes: u64,
}

impl Spool {
    fn new() -> AppResult<Spool> {
        let file = tempfile::NamedTempFile::new()
            .map_err(|e| AppError::Internal(anyhow::anyhow!("no temporary file: {e}")))?;
        Ok(Spool { file, bytes: 0 })
    }

    fn write(&mut self, chunk: &[u8]) -> AppResult<()> {
        self.bytes += chunk.len() as u64;
        if self.bytes > MAX_EVENTS_FILE {
            return Err(AppError::PayloadTooLarge {
                limit: MAX_EVENTS_FILE as usize,
            });
        }
        self.file
            .write_all(chunk)
            .map_err(|e| AppError::Internal(anyhow::anyhow!("temporary file: {e}")))
    }

    fn finish(mut self) -> AppResult<tempfile::NamedTempFile> {
        self.file
            .flush()
            .map_err(|e| AppError::Internal(anyhow::anyhow!("temporary file: {e}")))?;
        if self.bytes == 0 {
            return Err(AppError::bad_request(
                "The file is empty: it holds no events.",
            ));
        }
        Ok(self.file)
    }
}

pub(super) async fn spool_body(body: Body) -> AppResult<tempfile::NamedTempFile> {
    let mut spool = Spool::new()?;
    let mut body = body;
    while let Some(frame) = body.frame().await {
        let frame =
            frame.map_err(|e| AppError::bad_request(format!("The upload broke off: {e}.")))?;
        if let Ok(data) = frame.into_data() {
            spool.write(&data)?;
        }
    }
    spool.finish()
}

pub(super) async fn spool_field(mut field: Field<'_>) -> AppResult<tempfile::NamedTempFile> {
    let mut spool = Spool::new()?;
    loop {
        let chunk: Option<Bytes> = field
            .chunk()
            .await
            .map_err(|e| multipart_error(&e, "The upload broke off"))?;
        match chunk {
            Some(data) => spool.write(&data)?,
            None => break,
        }
    }
    spool.finish()
}

/// An uploaded file, spooled, with how to read it.
pub(super) struct Spooled {
    file: tempfile::NamedTempFile,
    /// The name the uploader gave it, shown in the report and its errors.
    name: String,
    format: Format,
    columns: Columns,
}

/// What an import kept, as the API and `prfaq outcomes import` print it.
#[derive(Debug, Serialize)]
pub(super) struct Imported {
    pub(super) upload: OutcomeUpload,
    /// Rows read from the file, kept or not.
    pub(super) rows: u64,
    /// Events kept: those the document's report reads.
    pub(super) events: u64,
    /// Distinct users in the file.
    pub(super) users: u64,
    /// Bytes kept.
    pub(super) bytes: usize,
}

/// Where imported events come from: an uploaded file, spooled, or a PostgreSQL table.
pub(super) enum Incoming {
    File(Spooled),
    Table(Source),
}

/// Reads the spooled file (or the table) as the newest revision's report needs and
/// replaces the document's events with what it keeps. Events that cannot be read keep
/// nothing and leave the previous events as they were.
pub(super) async fn import(
    state: &AppState,
    user: UserId,
    view: &DocumentPage,
    incoming: Incoming,
) -> AppResult<Imported> {
    let name = match &incoming {
        Incoming::File(spooled) => spooled.name.clone(),
        Incoming::Table(source) => source.name(),
    };
    let name = name.as_str();
    let id = view.document.id;
    let text = view.latest.body.clone();
    let shown = name.to_owned();
    let compacted = state
        .cpu(user, "outcomes import", move |_stop| {
            let doc = prfaq_doc::parse(&text);
            let plan = prfaq_outcomes::plan::read(&doc);
            match incoming {
                Incoming::File(Spooled {
                    file,
                    format,
                    columns,
                    ..
                }) => {
                    let options = Options {
                        columns,
                        format: Some(format),
                        ..Options::default()
                    };
                    let temp = file.path().display().to_string();
                    prfaq_outcomes::compact::compact(
                        &plan,
                        file.path(),
                        &options,
                        MAX_OUTCOME_CHUNK,
                        MAX_OUTCOME_BYTES as usize,
                    )
                    .map_err(|e| e.to_string().replace(&temp, &shown))
                }
                Incoming::Table(source) => prfaq_outcomes::compact::compact_postgres(
                    &plan,
                    &source,
                    &Options::default(),
                    MAX_OUTCOME_CHUNK,
                    MAX_OUTCOME_BYTES as usize,
                )
                .map_err(|e| e.to_string()),
            }
        })
        .await?
        .map_err(|message| AppError::bad_request(format!("{message}.")))?;
    let upload = state
        .store()
        .save_outcome_events(
            user,
            id,
            NewOutcomeUpload {
                file_name: name,
                event_count: i64::try_from(compacted.events).unwrap_or(i64::MAX),
                chunks: &compacted.chunks,
            },
        )
        .await?;
    Ok(Imported {
        upload,
        rows: compacted.rows,
        events: compacted.events,
        users: compacted.users,
        bytes: compacted.bytes,
    })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct UploadQuery {
    /// The file's name; its extension gives the format.
    name: Option<String>,
    /// csv, jsonl or parquet, when the name does not say.
    format: Option<String>,
    /// Which columns hold the user, event and time: `user_id=uid,event=name,timestamp=ts`.
    map: Option<String>,
}

pub(super) fn columns_of(map: Option<&str>) -> AppResult<Columns> {
    match map.filter(|m| !m.trim().is_empty()) {
        Some(map) => {
            Columns::parse_map(map).map_err(|e| AppError::bad_request(format!("`map`: {e}.")))
        }
        None => Ok(Columns::default()),
    }
}

/// `POST /api/documents/{id}/outcomes/events`: the file is the body.
pub(super) async fn upload_api(
    State(state): State<AppState>,
    caller: ApiUser,
    Path(id): Path<String>,
    ApiQuery(query): ApiQuery<UploadQuery>,
    body: Body,
) -> AppResult<Response> {
    let id: DocumentId = parse_id(&id)?;
    let view = state.store().document_page(caller.user.id, id).await?;
    if !view.role.can_edit() {
        return Err(AppError::forbidden(
            "Only owners and editors import events.",
        ));
    }
    let name = clean_name(query.name.as_deref());
    let format = format_of(query.format.as_deref(), &name)?;
    let columns = columns_of(query.map.as_deref())?;
    let file = spool_body(body).await?;
    let upload = Spooled {
        file,
        name,
        format,
        columns,
    };
    let imported = import(&state, caller.user.id, &view, Incoming::File(upload)).await?;
    Ok(Json(imported).into_response())
}

/// A PostgreSQL table to import events from.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct TableBody {
    /// `postgres://user:password@host:5432/database`; used for this import only, never
    /// stored nor shown.
    pub(super) url: String,
    /// The table or view, with its schema when it is not on the search path.
    pub(super) table: String,
    /// Which columns hold the user, event and time: `user_id=uid,event=name,timestamp=ts`.
    #[serde(default)]
    pub(super) map: Option<String>,
}

impl TableBody {
    /// The table to read, every field checked and named: `url` a PostgreSQL address
    /// on a server the operator listed (403 naming it otherwise, before any
    /// connection), `table` a name, `map` a column map.
    pub(super) fn source(&self, state: &AppState) -> AppResult<Source> {
        let url = self.url.trim();
        if !(url.starts_with("postgres://") || url.starts_with("postgresql://")) {
            return Err(AppError::bad_request(
                "`url` is a PostgreSQL address: postgres://user:password@host:5432/database.",
            ));
        }
        permitted_host(url, &state.config().events_hosts)?;
        let table = self.table.trim();
        if table.is_empty() || table.len() > 200 {
            return Err(AppError::bad_request(
                "`table` names the table or view that holds the events (at most 200 characters).",
            ));
        }
        let columns = columns_of(self.map.as_deref())?;
        Ok(Source::new(url, table, columns))
    }
}

/// `POST /api/documents/{id}/outcomes/events/postgres`: the events of a PostgreSQL table
/// (streamed with `COPY`, bounded as a file is), imported as a file's are. The address
/// with its password serves this import and is then dropped: it is not stored, and the
/// import is named by its table alone.
pub(super) async fn import_table(
    State(state): State<AppState>,
    caller: ApiUser,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<TableBody>,
) -> AppResult<Response> {
    let id: DocumentId = parse_id(&id)?;
    let view = state.store().document_page(caller.user.id, id).await?;
    if !view.role.can_edit() {
        return Err(AppError::forbidden(
            "Only owners and editors import events.",
        ));
    }
    let source = body.source(&state)?;
    let imported = import(&state, caller.user.id, &view, Incoming::Table(source)).await?;
    Ok(Json(imported).into_response())
}

/// Refuses a PostgreSQL address whose server is not one the operator listed
/// (`prfaq serve --events-hosts`): the server connects only where it was told it may.
pub(super) fn permitted_host(url: &str, hosts: &[String]) -> AppResult<()> {
    let (host, port) = prfaq_outcomes::read::postgres::host_and_port(url).ok_or_else(|| {
        AppError::bad_request(
            "`url` is a PostgreSQL address: postgres://user:password@host:5432/database.",
        )
    })?;
    let at = format!("{host}:{port}");
    if hosts
        .iter()
        .any(|h| h.eq_ignore_ascii_case(&host) || h.eq_ignore_ascii_case(&at))
    {
        return Ok(());
    }
    Err(AppError::forbidden(format!(
        "This server reads events only from the PostgreSQL servers its operator lists \
         (`prfaq serve --events-hosts`); {at} is not one of them."
    )))
}

/// `POST /d/{id}/outcomes/events`: the upload form (multipart, the CSRF token in the
/// action's query).
pub(super) async fn upload_form(
    State(state): State<AppState>,
    access: DocumentAccess,
    mut multipart: Multipart,
) -> AppResult<Response> {
    require_edit(access.access.role)?;
    let result = async {
        let mut format = None;
        let mut map = None;
        let mut spooled = None;
        while let Some(field) = multipart
            .next_field()
            .await
            .map_err(|e| multipart_error(&e, "The form cannot be read"))?
        {
            match field.name() {
                Some("format") => format = Some(field.text().await.unwrap_or_default()),
                Some("map") => map = Some(field.text().await.unwrap_or_default()),
                Some("file") => {
                    let name = clean_name(field.file_name());
                    if field.file_name().is_none_or(str::is_empty) {
                        return Err(AppError::bad_request("Choose an events file to import."));
                    }
                    let fmt = format_of(format.as_deref(), &name)?;
                    let columns = columns_of(map.as_deref())?;
                    let file = spool_field(field).await?;
                    spooled = Some(Spooled {
                        file,
                        name,
                        format: fmt,
                        columns,
                    });
                }
                _ => {}
            }
        }
        let Some(upload) = spooled else {
            return Err(AppError::bad_request("Choose an events file to import."));
        };
        let name = upload.name.clone();
        let view = state
            .store()
            .document_page(access.signed.user.id, access.id)
            .await?;
        let imported = import(&state, access.signed.user.id, &view, Incoming::File(upload)).await?;
        Ok(format!(
            "Imported {} events of {} users from {name} ({} rows read).",
            svg::thousands(imported.events),
            svg::thousands(imported.users),
            svg::thousands(imported.rows)
        ))
    }
    .await;
    shown(&state, &access, result).await
}
