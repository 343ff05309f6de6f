//! Outcomes in the workspace: a document's product events imported (streamed to a
//! temporary file within a size limit, read by `prfaq_outcomes` and kept in the compact
//! form), the outcome report recomputed from them against the newest revision's journey
//! and metrics, and the experiments its team records, ranked by RICE.
//!
//! The page (`/d/{id}/outcomes`) is rendered on the server, charts included; the JSON
//! routes serve `prfaq outcomes`. The store checks membership and roles: every member
//! reads, editors and owners import and record experiments.
//!
//! Importing (a file, or a PostgreSQL table) is in `import`, the document's stored
//! PostgreSQL source and its refresh in `source`, the experiments in `experiments`, the
//! page in `page`; the report and its cache are here.

use std::io::Read;
use std::sync::Arc;

use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use prfaq_outcomes::plan::Plan;
use prfaq_outcomes::{Options, Report, render};
use prfaq_store::{DocumentId, DocumentPage, Experiment, OutcomeUpload, UserId};
use serde::Deserialize;
use serde_json::json;

use crate::auth::ApiUser;
use crate::error::{AppError, AppResult};
use crate::routes::api::ApiQuery;
use crate::routes::shared::{DocumentAccess, base, parse_id, require_edit, ser};
use crate::state::AppState;

mod evidence;
mod experiments;
mod import;
mod page;
mod source;

use evidence::*;
use experiments::*;
use import::*;
use page::*;
use source::*;

/// The largest events file accepted, in bytes. What is kept of it (the events the
/// document's report reads, compacted) is bounded by the store's 64 MiB a document.
pub(crate) const MAX_EVENTS_FILE: u64 = 512 * 1024 * 1024;

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
        .route("/d/{id}/outcomes/source", post(set_form))
        .route("/d/{id}/outcomes/source/remove", post(remove_form))
        .route("/d/{id}/outcomes/source/refresh", post(refresh_form))
        .route("/d/{id}/outcomes/experiments/{eid}", post(update_form))
        .route("/api/documents/{id}/outcomes", get(report_json))
        .route("/api/documents/{id}/outcomes/events", post(upload_api))
        .route(
            "/api/documents/{id}/outcomes/events/postgres",
            post(import_table),
        )
        .route(
            "/api/documents/{id}/outcomes/source",
            get(get_source).put(put_source).delete(delete_source),
        )
        .route(
            "/api/documents/{id}/outcomes/source/refresh",
            post(refresh_source),
        )
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
        && (path.ends_with("/outcomes/events")
            || path.ends_with("/outcomes/events/postgres")
            || path.ends_with("/outcomes/source/refresh"))
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
        Some(Ok(report)) => {
            let report =
                with_gap_evidence(&state, caller.user.id, found.view.workspace.id, report).await?;
            Ok(report_in(format, &report, &found.plan))
        }
    }
}

/// The report in the format asked for: JSON, text or HTML.
fn report_in(format: &str, report: &Report, plan: &Plan) -> Response {
    match format {
        "text" => (
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            render::human(report),
        )
            .into_response(),
        "html" => (
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            render::html(report, plan),
        )
            .into_response(),
        _ => Json(report).into_response(),
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
        assert!(is_import("/api/documents/7/outcomes/events/postgres"));
        assert!(is_import("/api/documents/7/outcomes/source/refresh"));
        assert!(is_import("/d/7/outcomes/source/refresh"));
        assert!(!is_import("/api/documents/7/outcomes/source"));
        assert!(!is_import("/api/documents/7/outcomes"));
        assert!(!is_import("/d/7/outcomes/experiments"));
    }
}
