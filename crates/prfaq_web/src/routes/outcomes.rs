//! Outcomes in the workspace: a document's product events imported (streamed to a
//! temporary file within a size limit, read by `prfaq_outcomes` and kept in the compact
//! form), the outcome report recomputed from them against the newest revision's journey
//! and metrics, and the experiments its team records, ranked by RICE.
//!
//! The page (`/d/{id}/outcomes`) is rendered on the server, charts included; the JSON
//! routes serve `prfaq outcomes`. The store checks membership and roles: every member
//! reads, editors and owners import and record experiments.

use std::io::{Read, Write as _};
use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::extract::multipart::Field;
use axum::extract::{DefaultBodyLimit, Multipart, Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Json, Router};
use http_body_util::BodyExt;
use minijinja::{Value, context};
use prfaq_outcomes::plan::Plan;
use prfaq_outcomes::read::Format;
use prfaq_outcomes::{Columns, Options, Report, render, svg};
use prfaq_store::{
    DocumentId, DocumentPage, Experiment, ExperimentId, ExperimentStatus, MAX_OUTCOME_BYTES,
    MAX_OUTCOME_CHUNK, NewExperiment, NewOutcomeUpload, OutcomeUpload, UserId,
};
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::auth::ApiUser;
use crate::error::{AppError, AppResult};
use crate::routes::api::{ApiJson, ApiQuery};
use crate::routes::shared::{DocumentAccess, base, parse_id, require_edit, ser};
use crate::state::AppState;

/// The largest events file accepted, in bytes. What is kept of it (the events the
/// document's report reads, compacted) is bounded by the store's 64 MiB a document.
pub(crate) const MAX_EVENTS_FILE: u64 = 512 * 1024 * 1024;

/// Bytes a multipart upload may hold beyond the file: its framing and other fields.
const FORM_HEADROOM: usize = 64 * 1024;

/// A multipart error as the answer: 413 when the body went over the limit, else 400
/// saying what `doing` could not do.
fn multipart_error(e: &axum::extract::multipart::MultipartError, doing: &str) -> AppError {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        AppError::PayloadTooLarge {
            limit: MAX_EVENTS_FILE as usize,
        }
    } else {
        AppError::bad_request(format!("{doing}: {e}."))
    }
}

/// The outcome routes: the page and its forms, and the JSON API.
pub(crate) fn routes() -> Router<AppState> {
    // The form's other fields and the multipart framing ride on top of the file: a file
    // of the limit's size still fits, and one just over it is refused by the spool.
    let upload_limit = DefaultBodyLimit::max(MAX_EVENTS_FILE as usize + FORM_HEADROOM);
    Router::new()
        .route("/d/{id}/outcomes", get(page))
        .route(
            "/d/{id}/outcomes/events",
            post(upload_form).layer(upload_limit),
        )
        .route("/d/{id}/outcomes/experiments", post(add_form))
        .route("/d/{id}/outcomes/experiments/{eid}", post(update_form))
        .route("/api/documents/{id}/outcomes", get(report_json))
        .route("/api/documents/{id}/outcomes/events", post(upload_api))
        .route(
            "/api/documents/{id}/experiments",
            get(list_experiments).post(add_experiment),
        )
        .route(
            "/api/documents/{id}/experiments/{eid}",
            post(update_experiment).patch(update_experiment),
        )
}

/// Whether a request path uploads events, which has its own size limit and time.
pub(crate) fn is_import(path: &str) -> bool {
    (path.starts_with("/api/documents/") || path.starts_with("/d/"))
        && path.ends_with("/outcomes/events")
}

// ---- reading the events ----

/// The format a file name or a `format` value names.
fn format_of(format: Option<&str>, name: &str) -> AppResult<Format> {
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
fn clean_name(name: Option<&str>) -> String {
    let name = name.unwrap_or("").rsplit(['/', '\\']).next().unwrap_or("");
    let name: String = name.chars().filter(|c| !c.is_control()).take(200).collect();
    if name.trim().is_empty() {
        "events".to_owned()
    } else {
        name.trim().to_owned()
    }
}

/// A temporary file the upload is written to, never more than [`MAX_EVENTS_FILE`].
struct Spool {
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

async fn spool_body(body: Body) -> AppResult<tempfile::NamedTempFile> {
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

async fn spool_field(mut field: Field<'_>) -> AppResult<tempfile::NamedTempFile> {
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
struct Spooled {
    file: tempfile::NamedTempFile,
    /// The name the uploader gave it, shown in the report and its errors.
    name: String,
    format: Format,
    columns: Columns,
}

/// What an import kept, as the API and `prfaq outcomes import` print it.
#[derive(Debug, Serialize)]
struct Imported {
    upload: OutcomeUpload,
    /// Rows read from the file, kept or not.
    rows: u64,
    /// Events kept: those the document's report reads.
    events: u64,
    /// Distinct users in the file.
    users: u64,
    /// Bytes kept.
    bytes: usize,
}

/// Reads the spooled file as the newest revision's report needs and replaces the
/// document's events with what it keeps. A file that cannot be read keeps nothing and
/// leaves the previous events as they were.
async fn import(
    state: &AppState,
    user: UserId,
    view: &DocumentPage,
    upload: Spooled,
) -> AppResult<Imported> {
    let Spooled {
        file,
        name,
        format,
        columns,
    } = upload;
    let name = name.as_str();
    let id = view.document.id;
    let text = view.latest.body.clone();
    let shown = name.to_owned();
    let compacted = state
        .cpu(user, "outcomes import", move |_stop| {
            let doc = prfaq_doc::parse(&text);
            let plan = prfaq_outcomes::plan::read(&doc);
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
struct UploadQuery {
    /// The file's name; its extension gives the format.
    name: Option<String>,
    /// csv, jsonl or parquet, when the name does not say.
    format: Option<String>,
    /// Which columns hold the user, event and time: `user_id=uid,event=name,timestamp=ts`.
    map: Option<String>,
}

fn columns_of(map: Option<&str>) -> AppResult<Columns> {
    match map.filter(|m| !m.trim().is_empty()) {
        Some(map) => {
            Columns::parse_map(map).map_err(|e| AppError::bad_request(format!("`map`: {e}.")))
        }
        None => Ok(Columns::default()),
    }
}

/// `POST /api/documents/{id}/outcomes/events`: the file is the body.
async fn upload_api(
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
    let imported = import(&state, caller.user.id, &view, upload).await?;
    Ok(Json(imported).into_response())
}

// ---- the report ----

/// The stored chunks read one after another.
struct Chunks {
    chunks: Vec<String>,
    index: usize,
    at: usize,
}

impl Read for Chunks {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        while let Some(chunk) = self.chunks.get(self.index) {
            let rest = &chunk.as_bytes()[self.at..];
            if rest.is_empty() {
                self.index += 1;
                self.at = 0;
                continue;
            }
            let n = rest.len().min(buf.len());
            buf[..n].copy_from_slice(&rest[..n]);
            self.at += n;
            return Ok(n);
        }
        Ok(0)
    }
}

/// The report of one revision on one upload of events (or why there is none), with the
/// plan it measured: what the cache keeps.
pub(crate) struct OutcomeReport {
    plan: Plan,
    report: Result<Report, String>,
}

/// A document's outcomes as its pages and API show them.
struct Outcomes {
    view: DocumentPage,
    plan: Plan,
    upload: Option<OutcomeUpload>,
    /// The report from the stored events, or why there is none.
    report: Option<Arc<OutcomeReport>>,
    experiments: Vec<Experiment>,
}

impl Outcomes {
    fn report(&self) -> Option<&Report> {
        self.report.as_ref().and_then(|r| r.report.as_ref().ok())
    }
}

/// The report of the newest revision on the stored events: from the cache when this
/// revision was measured on this upload before, else read from the store and computed.
async fn outcomes(state: &AppState, user: UserId, id: DocumentId) -> AppResult<Outcomes> {
    let view = state.store().document_page(user, id).await?;
    let upload = state.store().outcome_upload(user, id).await?;
    let experiments = state.store().experiments(user, id).await?;
    let number = view.latest.meta.number;
    let text = view.latest.body.clone();
    let Some(upload) = upload else {
        let plan = state
            .quick("outcomes plan", move || {
                prfaq_outcomes::plan::read(&prfaq_doc::parse(&text))
            })
            .await?;
        return Ok(Outcomes {
            view,
            plan,
            upload: None,
            report: None,
            experiments,
        });
    };
    let kept = state.caches().outcome_report(id, number, upload.id);
    let (computed, upload) = match kept {
        Some(kept) => (kept, upload),
        None => {
            // The events as stored now: a newer import since `upload` was read is
            // measured as itself, and kept under its own id.
            let Some((upload, chunks)) = state.store().outcome_events(user, id).await? else {
                return Err(AppError::NotFound);
            };
            let name = upload.file_name.clone();
            let computed = state
                .cpu(user, "outcomes report", move |_stop| {
                    let doc = prfaq_doc::parse(&text);
                    let title = doc.front_matter.as_ref().and_then(|f| f.title.clone());
                    let plan = prfaq_outcomes::plan::read(&doc);
                    let reader = Chunks {
                        chunks,
                        index: 0,
                        at: 0,
                    };
                    let report = prfaq_outcomes::report_from_jsonl(
                        &plan,
                        title,
                        &name,
                        reader,
                        &Options::default(),
                    )
                    .map_err(|e| e.to_string());
                    OutcomeReport { plan, report }
                })
                .await?;
            let computed = Arc::new(computed);
            let bytes =
                serde_json::to_vec(&computed.report.as_ref().ok()).map_or(4096, |v| v.len()) + 4096;
            state
                .caches()
                .keep_outcome_report(id, number, upload.id, bytes, Arc::clone(&computed));
            (computed, upload)
        }
    };
    Ok(Outcomes {
        plan: computed.plan.clone(),
        view,
        upload: Some(upload),
        report: Some(computed),
        experiments,
    })
}

/// Rule JR503 on the newest revision against the document's imported events, as
/// findings in `prfaq check`'s shape; none while no events were imported, so that a
/// team that never imported any is not asked for them.
pub(crate) async fn events_findings(
    state: &AppState,
    user: UserId,
    id: DocumentId,
    body: String,
) -> AppResult<Vec<prfaq_lint::render::Finding>> {
    if state.store().outcome_upload(user, id).await?.is_none() {
        return Ok(Vec::new());
    }
    let found = outcomes(state, user, id).await?;
    let names = found
        .report()
        .map(|r| r.events_seen.clone())
        .unwrap_or_default();
    state
        .quick("events findings", move || {
            let parsed = prfaq_doc::parse(&body);
            let mut config = prfaq_lint::Config::only(&["JR503"]);
            config.events = Some(prfaq_lint::Events { names });
            prfaq_lint::check(&parsed, &config)
                .iter()
                .map(|d| prfaq_lint::render::Finding::new(&parsed, d))
                .collect()
        })
        .await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ReportQuery {
    /// json (the default), text or html.
    format: Option<String>,
}

/// `GET /api/documents/{id}/outcomes`: the report, as `prfaq outcomes report --format
/// json` prints it; with `format=text` or `format=html`, as the other formats print it.
async fn report_json(
    State(state): State<AppState>,
    caller: ApiUser,
    Path(id): Path<String>,
    ApiQuery(query): ApiQuery<ReportQuery>,
) -> AppResult<Response> {
    let id: DocumentId = parse_id(&id)?;
    let format = query.format.as_deref().unwrap_or("json");
    if !matches!(format, "json" | "text" | "html") {
        return Err(AppError::bad_request(format!(
            "`format` is json, text or html, not {format:?}."
        )));
    }
    let found = outcomes(&state, caller.user.id, id).await?;
    match found.report.as_ref().map(|r| &r.report) {
        None => Err(AppError::Detailed {
            status: StatusCode::NOT_FOUND,
            code: "no_events",
            message: "No events have been imported for this document yet: import a file \
                      (CSV, JSON Lines or Parquet) first."
                .to_owned(),
            details: json!({}),
        }),
        Some(Err(message)) => Err(AppError::Conflict(format!(
            "The outcome report cannot be made from the newest revision: {message}"
        ))),
        Some(Ok(report)) => Ok(match format {
            "text" => (
                [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
                render::human(report),
            )
                .into_response(),
            "html" => (
                [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
                render::html(report, &found.plan),
            )
                .into_response(),
            _ => Json(report).into_response(),
        }),
    }
}

// ---- experiments ----

/// An experiment with its RICE score and the reach it used.
#[derive(Serialize)]
struct Ranked {
    #[serde(flatten)]
    experiment: Experiment,
    /// The reach the score used: the experiment's own, else the funnel's count at its step.
    reach_used: Option<i64>,
    rice: Option<f64>,
}

/// The funnel's count at the step an experiment names (by number, event or text).
fn funnel_reach(plan: &Plan, report: Option<&Report>, step: &str) -> Option<i64> {
    let report = report?;
    let index = plan.step_named(step).or_else(|| {
        let wanted = step.trim().to_lowercase();
        plan.steps
            .iter()
            .position(|s| s.label.to_lowercase() == wanted)
    })?;
    let users = report.funnel.get(index)?.users?;
    i64::try_from(users).ok()
}

/// The experiments, highest RICE first (those without a reach last, oldest first).
fn ranked(plan: &Plan, report: Option<&Report>, experiments: Vec<Experiment>) -> Vec<Ranked> {
    let mut out: Vec<Ranked> = experiments
        .into_iter()
        .map(|e| {
            let reach = e.reach.or_else(|| funnel_reach(plan, report, &e.step));
            let rice = reach.map(|r| e.rice(r));
            Ranked {
                experiment: e,
                reach_used: reach,
                rice,
            }
        })
        .collect();
    out.sort_by(|a, b| {
        let score = |r: &Ranked| r.rice.unwrap_or(f64::NEG_INFINITY);
        score(b).total_cmp(&score(a))
    });
    out
}

/// An experiment as sent: every field optional, so a change names only what changes.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct ExperimentBody {
    step: Option<String>,
    title: Option<String>,
    hypothesis: Option<String>,
    /// Customers reached per quarter; `null` or absent takes the funnel's count.
    reach: Option<i64>,
    impact: Option<i64>,
    confidence: Option<i64>,
    effort: Option<i64>,
    status: Option<String>,
    result: Option<String>,
}

/// The fields of a new experiment, or of `old` changed by `body`; every bad value names
/// its field.
struct Fields {
    step: String,
    title: String,
    hypothesis: String,
    reach: Option<i64>,
    impact: i64,
    confidence: i64,
    effort: i64,
    status: ExperimentStatus,
    result: String,
}

impl Fields {
    fn of(body: ExperimentBody, old: Option<&Experiment>) -> AppResult<Fields> {
        let text = |new: Option<String>, old: Option<&String>| {
            new.or_else(|| old.cloned()).unwrap_or_default()
        };
        let status = match body.status.as_deref() {
            Some(s) => s.trim().parse::<ExperimentStatus>().map_err(|_| {
                AppError::bad_request(format!(
                    "`status` is one of proposed, running, done or dropped, not {s:?}."
                ))
            })?,
            None => old.map_or(ExperimentStatus::Proposed, |o| o.status),
        };
        let fields = Fields {
            step: text(body.step, old.map(|o| &o.step)),
            title: text(body.title, old.map(|o| &o.title)),
            hypothesis: text(body.hypothesis, old.map(|o| &o.hypothesis)),
            reach: body.reach.or(old.and_then(|o| o.reach)),
            impact: body.impact.or(old.map(|o| o.impact)).unwrap_or(100),
            confidence: body.confidence.or(old.map(|o| o.confidence)).unwrap_or(50),
            effort: body.effort.or(old.map(|o| o.effort)).unwrap_or(10),
            status,
            result: text(body.result, old.map(|o| &o.result)),
        };
        if fields
            .reach
            .is_some_and(|r| !(0..=1_000_000_000_000).contains(&r))
        {
            return Err(AppError::bad_request(
                "`reach` is a number of customers from 0 to 10^12.",
            ));
        }
        if !(1..=1_000).contains(&fields.impact) {
            return Err(AppError::bad_request(
                "`impact` is in hundredths, from 1 to 1000 (25 minimal, 100 medium, 300 massive).",
            ));
        }
        if !(0..=100).contains(&fields.confidence) {
            return Err(AppError::bad_request(
                "`confidence` is a percentage from 0 to 100.",
            ));
        }
        if !(1..=10_000).contains(&fields.effort) {
            return Err(AppError::bad_request(
                "`effort` is in tenths of a person-month, from 1 to 10000.",
            ));
        }
        Ok(fields)
    }

    fn new_experiment(&self) -> NewExperiment<'_> {
        NewExperiment {
            step: &self.step,
            title: &self.title,
            hypothesis: &self.hypothesis,
            reach: self.reach,
            impact: self.impact,
            confidence: self.confidence,
            effort: self.effort,
            status: self.status,
            result: &self.result,
        }
    }
}

/// The document's experiment `eid`, or 404 when it is another document's.
async fn experiment_of(
    state: &AppState,
    user: UserId,
    id: DocumentId,
    eid: &str,
) -> AppResult<Experiment> {
    let eid: ExperimentId = parse_id(eid)?;
    state
        .store()
        .experiments(user, id)
        .await?
        .into_iter()
        .find(|e| e.id == eid)
        .ok_or(AppError::NotFound)
}

/// `GET /api/documents/{id}/experiments`: ranked by RICE.
async fn list_experiments(
    State(state): State<AppState>,
    caller: ApiUser,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let id: DocumentId = parse_id(&id)?;
    let mut found = outcomes(&state, caller.user.id, id).await?;
    let experiments = std::mem::take(&mut found.experiments);
    let list = ranked(&found.plan, found.report(), experiments);
    Ok(Json(json!({ "experiments": list })).into_response())
}

/// `POST /api/documents/{id}/experiments`.
async fn add_experiment(
    State(state): State<AppState>,
    caller: ApiUser,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<ExperimentBody>,
) -> AppResult<Response> {
    let id: DocumentId = parse_id(&id)?;
    let fields = Fields::of(body, None)?;
    let made = state
        .store()
        .add_experiment(caller.user.id, id, fields.new_experiment())
        .await?;
    Ok((StatusCode::CREATED, Json(made)).into_response())
}

/// `PATCH` (or `POST`) `/api/documents/{id}/experiments/{eid}`: changes the fields sent.
async fn update_experiment(
    State(state): State<AppState>,
    caller: ApiUser,
    Path((id, eid)): Path<(String, String)>,
    ApiJson(body): ApiJson<ExperimentBody>,
) -> AppResult<Response> {
    let id: DocumentId = parse_id(&id)?;
    let old = experiment_of(&state, caller.user.id, id, &eid).await?;
    let fields = Fields::of(body, Some(&old))?;
    let changed = state
        .store()
        .update_experiment(caller.user.id, old.id, fields.new_experiment())
        .await?;
    Ok(Json(changed).into_response())
}

// ---- the page ----

fn percent(rate: Option<f64>) -> String {
    rate.map_or_else(|| "–".to_owned(), svg::percent)
}

fn duration(seconds: Option<f64>) -> String {
    seconds.map_or_else(|| "–".to_owned(), render::duration)
}

/// The page's context: the report's numbers as text, and its charts as SVG.
fn report_context(plan: &Plan, report: &Report) -> Value {
    let funnel: Vec<Value> = report
        .funnel
        .iter()
        .map(|s| {
            context! {
                number => s.number,
                step => s.step.as_str(),
                event => s.event.as_deref(),
                aha => s.aha,
                users => s.users.map(svg::thousands),
                conversion => percent(s.conversion),
                overall => percent(s.overall),
                drop_off => s.drop_off.map(svg::thousands),
            }
        })
        .collect();
    let metrics: Vec<Value> = report
        .metrics
        .iter()
        .map(|m| {
            let show =
                |v: Option<f64>| v.map_or_else(|| "–".to_owned(), |v| render::value(m.r#type, v));
            let format = |v: f64| render::value(m.r#type, v);
            context! {
                metric => m.metric.as_str(),
                line => m.line,
                baseline => show(m.baseline),
                target => show(m.target),
                current => show(m.current),
                expected => show(m.expected),
                by => m.by.as_deref(),
                state => m.state,
                state_class => m.state.replace(' ', "-"),
                chart => Value::from_safe_string(svg::metric(m, &format)),
            }
        })
        .collect();
    let t = &report.time_to_aha;
    context! {
        input => ser(&report.input),
        funnel => funnel,
        journey_svg => Value::from_safe_string(svg::journey(&plan.steps, Some(&report.funnel))),
        funnel_svg => Value::from_safe_string(svg::funnel(&report.funnel)),
        median => duration(t.median_seconds),
        p90 => duration(t.p90_seconds),
        never => percent(t.never_share),
        activation => percent(report.activation_rate),
        activation_days => report.settings.activation_days,
        retention => report.retention.by_week.iter().map(|w| context! {
            week => w.week, users => svg::thousands(w.users), rate => percent(w.rate),
        }).collect::<Vec<_>>(),
        metrics => metrics,
        gap => report.biggest_gap.as_ref().map(|g| context! {
            number => g.number,
            step => g.step.as_str(),
            from_step => g.from_step.as_str(),
            lost => svg::thousands(g.lost_users),
            share => svg::percent(g.lost_share),
            faq => ser(&g.faq),
        }),
        problems => ser(&report.problems),
        business => report.business_case.as_ref().map(|b| Value::from_safe_string(render::business_html(b))),
    }
}

async fn render_page(
    state: &AppState,
    access: &DocumentAccess,
    message: Option<(&str, String)>,
    status: StatusCode,
) -> AppResult<Response> {
    let mut found = outcomes(state, access.signed.user.id, access.id).await?;
    let experiments = std::mem::take(&mut found.experiments);
    let report = found.report();
    let report_error = found
        .report
        .as_ref()
        .and_then(|r| r.report.as_ref().err())
        .cloned();
    let steps: Vec<Value> = found
        .plan
        .steps
        .iter()
        .map(|s| {
            context! {
                number => s.number,
                label => s.label.as_str(),
                value => s.event.clone().unwrap_or_else(|| s.number.to_string()),
            }
        })
        .collect();
    let experiments: Vec<Value> = ranked(&found.plan, report, experiments)
        .into_iter()
        .map(|r| {
            context! {
                rice => r.rice.map(|v| format!("{v:.0}")),
                reach_used => r.reach_used.map(|v| svg::thousands(v.max(0) as u64)),
                reach_from_funnel => r.experiment.reach.is_none() && r.reach_used.is_some(),
                ..ser(&r.experiment)
            }
        })
        .collect();
    let journey_svg = if report.is_none() && !found.plan.steps.is_empty() {
        Some(Value::from_safe_string(svg::journey(
            &found.plan.steps,
            None,
        )))
    } else {
        None
    };
    let (error, notice) = match message {
        Some(("error", m)) => (Some(m), None),
        Some((_, m)) => (None, Some(m)),
        None => (None, None),
    };
    let ctx = context! {
        ..base(&access.signed.user, &access.signed.csrf, access.signed.unread),
        ..context! {
            doc => ser(&found.view.document),
            workspace => ser(&found.view.workspace),
            can_edit => access.access.role.can_edit(),
            upload => found.upload.as_ref().map(ser),
            report => report.map(|r| report_context(&found.plan, r)),
            report_error => report_error,
            journey_svg => journey_svg,
            has_steps => !found.plan.steps.is_empty(),
            steps => steps,
            experiments => experiments,
            statuses => ["proposed", "running", "done", "dropped"],
            error => error,
            notice => notice,
            max_mib => MAX_EVENTS_FILE / 1024 / 1024,
        }
    };
    let html = state.templates().page("outcomes.html", ctx)?;
    Ok((status, html).into_response())
}

/// `GET /d/{id}/outcomes`.
async fn page(State(state): State<AppState>, access: DocumentAccess) -> AppResult<Response> {
    render_page(&state, &access, None, StatusCode::OK).await
}

/// A refusal the page shows in place (bad input), or an error page for the rest.
async fn shown(
    state: &AppState,
    access: &DocumentAccess,
    result: AppResult<String>,
) -> AppResult<Response> {
    match result {
        Ok(notice) => render_page(state, access, Some(("notice", notice)), StatusCode::OK).await,
        Err(AppError::BadRequest(message)) => {
            render_page(
                state,
                access,
                Some(("error", message)),
                StatusCode::BAD_REQUEST,
            )
            .await
        }
        Err(AppError::PayloadTooLarge { limit }) => {
            let message = format!(
                "The file is larger than {} MiB; import a shorter period.",
                limit / 1024 / 1024
            );
            render_page(
                state,
                access,
                Some(("error", message)),
                StatusCode::PAYLOAD_TOO_LARGE,
            )
            .await
        }
        Err(other) => Err(other),
    }
}

/// `POST /d/{id}/outcomes/events`: the upload form (multipart, the CSRF token in the
/// action's query).
async fn upload_form(
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
        let imported = import(&state, access.signed.user.id, &view, upload).await?;
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

/// The experiment form's fields, as text.
#[derive(Deserialize)]
struct ExperimentForm {
    #[serde(default)]
    step: Option<String>,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    hypothesis: Option<String>,
    #[serde(default)]
    reach: Option<String>,
    #[serde(default)]
    impact: Option<String>,
    #[serde(default)]
    confidence: Option<String>,
    #[serde(default)]
    effort: Option<String>,
    #[serde(default)]
    status: Option<String>,
    #[serde(default)]
    result: Option<String>,
}

impl ExperimentForm {
    /// The form as the API's body: numbers read, an empty reach left to the funnel.
    /// Effort is entered in person-months (`1.5`), stored in tenths.
    fn body(self) -> AppResult<ExperimentBody> {
        let number = |text: Option<String>, field: &str| -> AppResult<Option<f64>> {
            match text.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
                None => Ok(None),
                Some(t) => t
                    .replace(',', "")
                    .parse::<f64>()
                    .ok()
                    .filter(|v| v.is_finite())
                    .map(Some)
                    .ok_or_else(|| {
                        AppError::bad_request(format!("`{field}` is not a number: {t:?}."))
                    }),
            }
        };
        Ok(ExperimentBody {
            step: self.step,
            title: self.title,
            hypothesis: self.hypothesis,
            reach: number(self.reach, "reach")?.map(|v| v.round() as i64),
            impact: number(self.impact, "impact")?.map(|v| (v * 100.0).round() as i64),
            confidence: number(self.confidence, "confidence")?.map(|v| v.round() as i64),
            effort: number(self.effort, "effort")?.map(|v| (v * 10.0).round() as i64),
            status: self.status,
            result: self.result,
        })
    }
}

/// `POST /d/{id}/outcomes/experiments`.
async fn add_form(
    State(state): State<AppState>,
    access: DocumentAccess,
    Form(form): Form<ExperimentForm>,
) -> AppResult<Response> {
    require_edit(access.access.role)?;
    let result = async {
        let fields = Fields::of(form.body()?, None)?;
        state
            .store()
            .add_experiment(access.signed.user.id, access.id, fields.new_experiment())
            .await?;
        Ok(())
    }
    .await;
    after_form(&state, &access, result).await
}

/// `POST /d/{id}/outcomes/experiments/{eid}`: the status and result as it runs.
async fn update_form(
    State(state): State<AppState>,
    access: DocumentAccess,
    Path((_, eid)): Path<(String, String)>,
    Form(form): Form<ExperimentForm>,
) -> AppResult<Response> {
    require_edit(access.access.role)?;
    let result = async {
        let old = experiment_of(&state, access.signed.user.id, access.id, &eid).await?;
        let fields = Fields::of(form.body()?, Some(&old))?;
        state
            .store()
            .update_experiment(access.signed.user.id, old.id, fields.new_experiment())
            .await?;
        Ok(())
    }
    .await;
    after_form(&state, &access, result).await
}

/// Back to the page after a form that worked; the page with the form's error otherwise.
async fn after_form(
    state: &AppState,
    access: &DocumentAccess,
    result: AppResult<()>,
) -> AppResult<Response> {
    match result {
        Ok(()) => {
            Ok(Redirect::to(&format!("/d/{}/outcomes#experiments", access.id.0)).into_response())
        }
        Err(error) => shown(state, access, Err(error)).await,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_read_back_in_order() {
        let mut reader = Chunks {
            chunks: vec!["ab".into(), String::new(), "cde\n".into()],
            index: 0,
            at: 0,
        };
        let mut out = String::new();
        reader.read_to_string(&mut out).unwrap();
        assert_eq!(out, "abcde\n");
    }

    #[test]
    fn only_event_uploads_are_imports() {
        assert!(is_import("/api/documents/7/outcomes/events"));
        assert!(is_import("/d/7/outcomes/events"));
        assert!(!is_import("/api/documents/7/outcomes"));
        assert!(!is_import("/d/7/outcomes/experiments"));
    }
}
