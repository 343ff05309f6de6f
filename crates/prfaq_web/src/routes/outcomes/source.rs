//! A document's stored PostgreSQL event source: set once by an editor (the address,
//! the table and the column map), then refreshed with one request, which reads the
//! table exactly as `POST /api/documents/{id}/outcomes/events/postgres` does.
//!
//! The address may hold a password. It is sealed with the server's secrets key
//! (`prfaq serve --secrets-key-file`, outside the database) and opened only to refresh;
//! what anyone is shown is the address with its password replaced by `***`. The
//! operator's list of PostgreSQL servers (`--events-hosts`) is checked when the source
//! is set and again at every refresh.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Form, Json};
use prfaq_outcomes::read::postgres::{server, shown_url};
use prfaq_outcomes::svg;
use prfaq_store::{DocumentId, DocumentPage, NewOutcomeSource, OutcomeSource, UserId};
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::auth::ApiUser;
use crate::error::{AppError, AppResult};
use crate::routes::api::ApiJson;

use super::*;

/// A source as the API and the page show it: the stored fields (the address without
/// its password) and the server it names.
#[derive(Serialize)]
pub(super) struct SourceView {
    #[serde(flatten)]
    source: OutcomeSource,
    user: Option<String>,
    host: Option<String>,
    port: Option<u16>,
    database: Option<String>,
}

impl From<OutcomeSource> for SourceView {
    fn from(source: OutcomeSource) -> SourceView {
        let found = server(&source.url);
        SourceView {
            user: found.as_ref().map(|s| s.user.clone()),
            host: found.as_ref().map(|s| s.host.clone()),
            port: found.as_ref().map(|s| s.port),
            database: found.map(|s| s.database),
            source,
        }
    }
}

/// What a refresh answers: what it kept, and the source with its last refresh.
#[derive(Serialize)]
struct Refreshed {
    imported: Imported,
    source: Option<SourceView>,
}

fn no_source() -> AppError {
    AppError::Detailed {
        status: StatusCode::NOT_FOUND,
        code: "no_source",
        message: "No event source is set for this document: set one (its PostgreSQL \
                  address and table) first."
            .to_owned(),
        details: json!({}),
    }
}

fn editors_only(view: &DocumentPage) -> AppResult<()> {
    if view.role.can_edit() {
        Ok(())
    } else {
        Err(AppError::forbidden(
            "Only owners and editors set, refresh or remove the event source.",
        ))
    }
}

/// The key that seals sources, or why this server cannot keep one.
fn secrets_key(state: &AppState) -> AppResult<&prfaq_store::SecretsKey> {
    state.config().secrets_key.as_ref().ok_or_else(|| {
        AppError::Conflict(
            "This server has no secrets key, so a document cannot keep an event source: \
             its operator starts it with `prfaq serve --secrets-key-file FILE`. Import \
             from the table once instead."
                .to_owned(),
        )
    })
}

/// Checks `body` as an import from the table would, and stores it as the document's
/// source, its address sealed.
async fn set(
    state: &AppState,
    user: UserId,
    id: DocumentId,
    body: &TableBody,
) -> AppResult<OutcomeSource> {
    let source = body.source(state)?;
    let shown = shown_url(&source.url).ok_or_else(|| {
        AppError::bad_request(
            "`url` is not a PostgreSQL address: postgres://user:password@host:5432/database.",
        )
    })?;
    let key = secrets_key(state)?;
    let sealed = key.seal(&source.url, &OutcomeSource::sealing_context(id))?;
    let map = body.map.as_deref().unwrap_or("").trim();
    let new = NewOutcomeSource {
        shown_url: &shown,
        sealed_url: &sealed,
        table: &source.table,
        map,
    };
    Ok(state.store().set_outcome_source(user, id, new).await?)
}

/// What an error says, to keep as a refresh's result.
fn said(error: &AppError) -> String {
    match error {
        AppError::BadRequest(m) | AppError::Forbidden(m) | AppError::Conflict(m) => m.clone(),
        AppError::PayloadTooLarge { limit } => {
            format!("The events are larger than {} MiB.", limit / 1024 / 1024)
        }
        AppError::Detailed { message, .. } => message.clone(),
        _ => "The events could not be read: an error on the server.".to_owned(),
    }
}

/// A refresh's result as a sentence.
fn summary(imported: &Imported) -> String {
    format!(
        "Imported {} events of {} users from {} ({} rows read).",
        svg::thousands(imported.events),
        svg::thousands(imported.users),
        imported.upload.file_name,
        svg::thousands(imported.rows)
    )
}

/// Reads the events from the document's source into the workspace, as an import from
/// its table does, and records the time and the result on the source.
async fn refresh(
    state: &AppState,
    user: UserId,
    view: &DocumentPage,
) -> AppResult<(Imported, Option<OutcomeSource>)> {
    let id = view.document.id;
    let (stored, sealed) = state
        .store()
        .outcome_source_sealed(user, id)
        .await?
        .ok_or_else(no_source)?;
    let outcome = async {
        let url = secrets_key(state)?
            .open(&sealed, &OutcomeSource::sealing_context(id))
            .map_err(|e| AppError::Conflict(format!("{}.", e.to_string().trim_end_matches('.'))))?;
        let body = TableBody {
            url,
            table: stored.table.clone(),
            map: Some(stored.map.clone()),
        };
        let source = body.source(state)?;
        import(state, user, view, Incoming::Table(source)).await
    }
    .await;
    let (ok, result) = match &outcome {
        Ok(imported) => (true, summary(imported)),
        Err(error) => (false, said(error)),
    };
    let now = state
        .store()
        .record_outcome_refresh(user, id, &sealed, ok, &result)
        .await?;
    outcome.map(|imported| (imported, now))
}

/// `GET /api/documents/{id}/outcomes/source`: every member.
pub(super) async fn get_source(
    State(state): State<AppState>,
    caller: ApiUser,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let id: DocumentId = parse_id(&id)?;
    let source = state
        .store()
        .outcome_source(caller.user.id, id)
        .await?
        .ok_or_else(no_source)?;
    Ok(Json(SourceView::from(source)).into_response())
}

/// `PUT /api/documents/{id}/outcomes/source`: owners and editors.
pub(super) async fn put_source(
    State(state): State<AppState>,
    caller: ApiUser,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<TableBody>,
) -> AppResult<Response> {
    let id: DocumentId = parse_id(&id)?;
    let view = state.store().document_page(caller.user.id, id).await?;
    editors_only(&view)?;
    let source = set(&state, caller.user.id, id, &body).await?;
    Ok(Json(SourceView::from(source)).into_response())
}

/// `DELETE /api/documents/{id}/outcomes/source`: owners and editors; the events it
/// imported stay.
pub(super) async fn delete_source(
    State(state): State<AppState>,
    caller: ApiUser,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let id: DocumentId = parse_id(&id)?;
    let view = state.store().document_page(caller.user.id, id).await?;
    editors_only(&view)?;
    if state
        .store()
        .delete_outcome_source(caller.user.id, id)
        .await?
    {
        Ok(StatusCode::NO_CONTENT.into_response())
    } else {
        Err(no_source())
    }
}

/// `POST /api/documents/{id}/outcomes/source/refresh`: owners and editors.
pub(super) async fn refresh_source(
    State(state): State<AppState>,
    caller: ApiUser,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let id: DocumentId = parse_id(&id)?;
    let view = state.store().document_page(caller.user.id, id).await?;
    editors_only(&view)?;
    let (imported, source) = refresh(&state, caller.user.id, &view).await?;
    Ok(Json(Refreshed {
        imported,
        source: source.map(SourceView::from),
    })
    .into_response())
}

/// The source form's fields.
#[derive(Deserialize)]
pub(super) struct SourceForm {
    #[serde(default)]
    url: String,
    #[serde(default)]
    table: String,
    #[serde(default)]
    map: String,
}

/// The page again with a form's result: refusals the member can act on (a bad field,
/// a server not listed, no secrets key) are shown in place with their status.
async fn answered(
    state: &AppState,
    access: &DocumentAccess,
    result: AppResult<String>,
) -> AppResult<Response> {
    match result {
        Err(AppError::Forbidden(m)) => {
            render_page(state, access, Some(("error", m)), StatusCode::FORBIDDEN).await
        }
        Err(AppError::Conflict(m)) => {
            render_page(state, access, Some(("error", m)), StatusCode::CONFLICT).await
        }
        Err(AppError::Detailed {
            status, message, ..
        }) if status == StatusCode::NOT_FOUND => {
            render_page(state, access, Some(("error", message)), status).await
        }
        other => shown(state, access, other).await,
    }
}

/// `POST /d/{id}/outcomes/source`: sets or replaces the source.
pub(super) async fn set_form(
    State(state): State<AppState>,
    access: DocumentAccess,
    Form(form): Form<SourceForm>,
) -> AppResult<Response> {
    require_edit(access.access.role)?;
    let body = TableBody {
        url: form.url,
        table: form.table,
        map: Some(form.map),
    };
    match set(&state, access.signed.user.id, access.id, &body).await {
        Ok(_) => {
            Ok(Redirect::to(&format!("/d/{}/outcomes#events-source", access.id.0)).into_response())
        }
        Err(error) => answered(&state, &access, Err(error)).await,
    }
}

/// `POST /d/{id}/outcomes/source/remove`.
pub(super) async fn remove_form(
    State(state): State<AppState>,
    access: DocumentAccess,
) -> AppResult<Response> {
    require_edit(access.access.role)?;
    let removed = state
        .store()
        .delete_outcome_source(access.signed.user.id, access.id)
        .await?;
    let result = if removed {
        Ok("The event source was removed; the events it imported stay.".to_owned())
    } else {
        Err(no_source())
    };
    answered(&state, &access, result).await
}

/// `POST /d/{id}/outcomes/source/refresh`: "Refresh from PostgreSQL".
pub(super) async fn refresh_form(
    State(state): State<AppState>,
    access: DocumentAccess,
) -> AppResult<Response> {
    require_edit(access.access.role)?;
    let result = async {
        let view = state
            .store()
            .document_page(access.signed.user.id, access.id)
            .await?;
        let (imported, _) = refresh(&state, access.signed.user.id, &view).await?;
        Ok(summary(&imported))
    }
    .await;
    answered(&state, &access, result).await
}

/// The source as the page shows it, for any member.
pub(super) async fn page_source(
    state: &AppState,
    user: UserId,
    id: DocumentId,
) -> AppResult<Option<SourceView>> {
    Ok(state
        .store()
        .outcome_source(user, id)
        .await?
        .map(SourceView::from))
}
