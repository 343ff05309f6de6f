//! The JSON API: everything the pages do, for the editor's script and for `prfaq push` /
//! `prfaq pull`. Callers authenticate with the session cookie plus `X-CSRF-Token`, or
//! with `Authorization: Bearer <personal access token>`. Described in `openapi.json`,
//! served at `/api/openapi.json`.

use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, FromRequestParts, Path, Query, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use prfaq_store::{DocumentId, DocumentQuery, StoreError, TokenId, WorkspaceId};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

use crate::auth::ApiUser;
use crate::diff;
use crate::error::{AppError, AppResult};
use crate::routes::shared::{
    SET_STATUSES, Saved, Start, access, choice, clean_title, create_document, document_json,
    parse_id, parse_number, role_in, save, title_of,
};
use crate::routes::tokens::{require_usable_scope, token_input};
use crate::state::AppState;

/// The API's routes.
pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/openapi.json", get(openapi))
        .route("/api/check", post(check))
        .route("/api/preview", post(preview))
        .route("/api/me", get(me))
        .route("/api/workspaces", get(workspaces))
        .route(
            "/api/workspaces/{ws}/documents",
            get(list_documents).post(create),
        )
        .route(
            "/api/documents/{id}",
            get(get_document).put(save_document).patch(update_document),
        )
        .route("/api/documents/{id}/check", get(check_document))
        .route("/api/documents/{id}/revisions", get(revisions))
        .route("/api/documents/{id}/revisions/{n}", get(revision))
        .route("/api/documents/{id}/revisions/{n}/restore", post(restore))
        .route("/api/documents/{id}/diff", get(diff_revisions))
        .route("/api/tokens", get(list_tokens).post(create_token))
        .route("/api/tokens/{id}", axum::routing::delete(revoke_token))
}

/// A JSON object body whose errors are this API's errors (400 with the reason, 413 with
/// the limit, 415 for another content type) rather than axum's plain text. Every body
/// of the API is an object: serde would also read a struct from an array (`[]` for a
/// body whose fields are all optional), which the OpenAPI document does not allow.
pub(crate) struct ApiJson<T>(pub T);

impl<T: DeserializeOwned> FromRequest<AppState> for ApiJson<T> {
    type Rejection = AppError;

    async fn from_request(request: Request, state: &AppState) -> AppResult<Self> {
        let limit = state.config().max_body_bytes;
        if !json_content_type(request.headers()) {
            return Err(unsupported_media_type());
        }
        let bytes = match axum::body::Bytes::from_request(request, state).await {
            Ok(bytes) => bytes,
            Err(rejection) if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                return Err(AppError::PayloadTooLarge { limit });
            }
            Err(rejection) => return Err(AppError::bad_request(rejection.body_text())),
        };
        let first = bytes
            .iter()
            .find(|b| !matches!(b, b' ' | b'\t' | b'\n' | b'\r'));
        if first.is_some_and(|&b| b != b'{') {
            return Err(AppError::bad_request(
                "The JSON body must be an object, such as {\"text\": \"…\"}.",
            ));
        }
        match Json::<T>::from_bytes(&bytes) {
            Ok(Json(value)) => Ok(ApiJson(value)),
            Err(rejection) => Err(json_error(&rejection, limit)),
        }
    }
}

/// `application/json`, or another `application/…+json` type, as axum's `Json` accepts.
fn json_content_type(headers: &axum::http::HeaderMap) -> bool {
    let Some(value) = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    let essence = value
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    essence == "application/json"
        || (essence.starts_with("application/") && essence.ends_with("+json"))
}

fn unsupported_media_type() -> AppError {
    AppError::Detailed {
        status: StatusCode::UNSUPPORTED_MEDIA_TYPE,
        code: "unsupported_media_type",
        message: "Send the body as JSON with `Content-Type: application/json`.".to_owned(),
        details: json!({}),
    }
}

fn json_error(rejection: &JsonRejection, limit: usize) -> AppError {
    match rejection.status() {
        StatusCode::PAYLOAD_TOO_LARGE => AppError::PayloadTooLarge { limit },
        StatusCode::UNSUPPORTED_MEDIA_TYPE => unsupported_media_type(),
        _ => AppError::bad_request(format!(
            "The JSON body is not valid: {}",
            rejection.body_text()
        )),
    }
}

/// A query string whose errors are this API's 400 naming the parameter, rather than
/// axum's plain text.
pub(crate) struct ApiQuery<T>(pub T);

impl<T: DeserializeOwned> FromRequestParts<AppState> for ApiQuery<T> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> AppResult<Self> {
        match Query::<T>::from_request_parts(parts, state).await {
            Ok(Query(value)) => Ok(ApiQuery(value)),
            Err(rejection) => Err(AppError::bad_request(format!(
                "The query string is not valid: {}",
                rejection.body_text()
            ))),
        }
    }
}

/// `GET /api/openapi.json`.
async fn openapi() -> Response {
    let mut response = crate::OPENAPI.into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
}

fn json_text(body: String) -> Response {
    let mut response = body.into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
}

/// An optional field of a request body: it may be left out, but `null` is refused with a
/// 400 naming the field, as the OpenAPI document says (a field is never nullable there).
/// Taking `null` as "left out" would hide a client's mistake, and in `PATCH` it would read
/// as "clear the title", which the server does not do.
pub(crate) fn present<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    T::deserialize(deserializer).map(Some)
}

#[derive(Deserialize)]
struct CheckBody {
    text: String,
    #[serde(default, deserialize_with = "present")]
    path: Option<String>,
}

/// `POST /api/check`: findings for any text, exactly as `prfaq check --format json`.
async fn check(
    State(state): State<AppState>,
    caller: ApiUser,
    ApiJson(body): ApiJson<CheckBody>,
) -> AppResult<Response> {
    let path = body.path.unwrap_or_else(|| "document.md".to_owned());
    let json = state.check_json(caller.user.id, path, body.text).await?;
    Ok(json_text(json))
}

#[derive(Deserialize)]
struct PreviewBody {
    text: String,
}

/// `POST /api/preview`: the text rendered to safe HTML, for the editor's live preview.
async fn preview(
    State(state): State<AppState>,
    caller: ApiUser,
    ApiJson(body): ApiJson<PreviewBody>,
) -> AppResult<Response> {
    let html = state
        .cpu(caller.user.id, "preview", move |_| {
            crate::markdown::render(&body.text)
        })
        .await?;
    Ok(Json(json!({ "html": html })).into_response())
}

/// `GET /api/me`.
async fn me(caller: ApiUser) -> AppResult<Response> {
    Ok(Json(json!({ "user": caller.user })).into_response())
}

/// `GET /api/workspaces`.
async fn workspaces(State(state): State<AppState>, caller: ApiUser) -> AppResult<Response> {
    let memberships = state.store().workspaces_of(caller.user.id).await?;
    let list: Vec<Value> = memberships
        .iter()
        .map(|m| json!({ "id": m.workspace.id, "name": m.workspace.name, "role": m.role }))
        .collect();
    Ok(Json(json!({ "workspaces": list })).into_response())
}

#[derive(Deserialize)]
struct ListQuery {
    #[serde(default)]
    q: Option<String>,
    #[serde(default)]
    archived: Option<bool>,
}

/// `GET /api/workspaces/{ws}/documents`.
async fn list_documents(
    State(state): State<AppState>,
    caller: ApiUser,
    Path(ws): Path<String>,
    ApiQuery(query): ApiQuery<ListQuery>,
) -> AppResult<Response> {
    let ws: WorkspaceId = parse_id(&ws)?;
    let role = role_in(&state, &caller.user, ws).await?;
    let filter = DocumentQuery {
        title_contains: query.q.filter(|q| !q.trim().is_empty()),
        include_archived: query.archived.unwrap_or(false),
    };
    let docs = state.store().documents(caller.user.id, ws, &filter).await?;
    let mut list = Vec::with_capacity(docs.len());
    for doc in &docs {
        let rendered = match state.cached(doc.id, doc.current_revision) {
            Some(hit) => hit,
            None => {
                let latest = state
                    .store()
                    .latest_revision(caller.user.id, doc.id)
                    .await?;
                state
                    .rendered(caller.user.id, doc.id, latest.meta.number, &latest.body)
                    .await?
            }
        };
        let mut item = document_json(doc, role);
        item["errors"] = json!(rendered.checked.errors());
        item["findings"] = json!(rendered.checked.findings().len());
        list.push(item);
    }
    Ok(Json(json!({ "documents": list })).into_response())
}

/// The title of a document created without one, from a text that has none.
const UNTITLED: &str = "Untitled";

#[derive(Deserialize)]
struct CreateBody {
    #[serde(default, deserialize_with = "present")]
    title: Option<String>,
    /// The text of revision 1; without it the document starts from `template`.
    #[serde(default, deserialize_with = "present")]
    text: Option<String>,
    /// `full` (default) or `vision`, when no text is given.
    #[serde(default, deserialize_with = "present")]
    template: Option<String>,
}

/// `POST /api/workspaces/{ws}/documents`.
async fn create(
    State(state): State<AppState>,
    caller: ApiUser,
    Path(ws): Path<String>,
    ApiJson(body): ApiJson<CreateBody>,
) -> AppResult<Response> {
    let ws: WorkspaceId = parse_id(&ws)?;
    let role = role_in(&state, &caller.user, ws).await?;
    // A title given is checked as given; without one the text's own title is used, and a
    // text without one (or the template) is `Untitled` until renamed.
    let title = body
        .title
        .clone()
        .or_else(|| body.text.as_deref().and_then(title_of))
        .unwrap_or_else(|| UNTITLED.to_owned());
    let start = match (&body.text, body.template.as_deref()) {
        (Some(text), _) => Start::Text(text),
        (None, None | Some("full")) => Start::Template,
        (None, Some("vision")) => Start::Answers {
            answers: Default::default(),
            vision: true,
        },
        (None, Some(other)) => {
            return Err(AppError::bad_request(format!(
                "`{other}` is not a template: use full or vision."
            )));
        }
    };
    let doc = create_document(&state, &caller.user, ws, &title, start).await?;
    let mut response = (
        StatusCode::CREATED,
        Json(json!({ "document": document_json(&doc, role) })),
    )
        .into_response();
    if let Ok(location) = HeaderValue::from_str(&format!("/api/documents/{}", doc.id)) {
        response.headers_mut().insert(header::LOCATION, location);
    }
    Ok(response)
}

/// `GET /api/documents/{id}`: the document and its newest revision with its text.
async fn get_document(
    State(state): State<AppState>,
    caller: ApiUser,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let id: DocumentId = parse_id(&id)?;
    // Document, role and newest revision in one query.
    let view = state.store().document_page(caller.user.id, id).await?;
    Ok(Json(json!({
        "document": document_json(&view.document, view.role),
        "revision": view.latest.meta,
        "text": view.latest.body,
    }))
    .into_response())
}

#[derive(Deserialize)]
struct SaveBody {
    base_revision: i64,
    text: String,
    #[serde(default)]
    note: String,
}

/// `PUT /api/documents/{id}`: saves a new revision, or refuses a stale one with 409,
/// what changed and the caller's own text.
async fn save_document(
    State(state): State<AppState>,
    caller: ApiUser,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<SaveBody>,
) -> AppResult<Response> {
    let id: DocumentId = parse_id(&id)?;
    match save(
        &state,
        &caller.user,
        id,
        body.base_revision,
        &body.text,
        &body.note,
    )
    .await?
    {
        Saved::Ok { revision, access } => Ok(Json(json!({
            "document": document_json(&access.doc, access.role),
            "revision": revision,
        }))
        .into_response()),
        Saved::Stale(stale) => Err(stale.into_error()),
    }
}

#[derive(Deserialize)]
struct UpdateBody {
    #[serde(default, deserialize_with = "present")]
    title: Option<String>,
    #[serde(default, deserialize_with = "present")]
    status: Option<String>,
    /// Why the status changes; needed for every status but `approved`.
    #[serde(default, deserialize_with = "present")]
    reason: Option<String>,
    #[serde(default, deserialize_with = "present")]
    archived: Option<bool>,
}

/// `PATCH /api/documents/{id}`: rename, change review status, archive or unarchive.
async fn update_document(
    State(state): State<AppState>,
    caller: ApiUser,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<UpdateBody>,
) -> AppResult<Response> {
    let id: DocumentId = parse_id(&id)?;
    let actor = caller.user.id;
    // Validate everything before changing anything.
    let title = body.title.as_deref().map(clean_title).transpose()?;
    let status = body
        .status
        .as_deref()
        .map(|s| choice("status", s, SET_STATUSES))
        .transpose()?;
    if let Some(title) = title {
        state.store().rename_document(actor, id, &title).await?;
    }
    if let Some(status) = status {
        let reason = body.reason.as_deref().unwrap_or("");
        state
            .store()
            .change_status(actor, id, status, reason)
            .await?;
    }
    if let Some(archived) = body.archived {
        state.store().set_archived(actor, id, archived).await?;
    }
    let access = access(&state, &caller.user, id).await?;
    Ok(Json(json!({ "document": document_json(&access.doc, access.role) })).into_response())
}

/// `GET /api/documents/{id}/check`: the newest revision's findings, as `prfaq check`.
async fn check_document(
    State(state): State<AppState>,
    caller: ApiUser,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let id: DocumentId = parse_id(&id)?;
    let latest = state.store().latest_revision(caller.user.id, id).await?;
    let rendered = state
        .rendered(caller.user.id, id, latest.meta.number, &latest.body)
        .await?;
    let workspace = state.store().document(caller.user.id, id).await?.workspace;
    let mut evidence = crate::routes::evidence::evidence_findings(
        &state,
        caller.user.id,
        id,
        workspace,
        latest.body.clone(),
    )
    .await?;
    // The rule on events (JR503) joins them once events were imported.
    evidence.extend(
        crate::routes::outcomes::events_findings(&state, caller.user.id, id, latest.body.clone())
            .await?,
    );
    if evidence.is_empty() {
        return Ok(json_text(rendered.checked.json()));
    }
    // The workspace's evidence and events rules join the document's findings, in line
    // order.
    let mut value: Value = serde_json::from_str(&rendered.checked.json())
        .map_err(|e| AppError::Internal(anyhow::anyhow!("findings JSON: {e}")))?;
    if let Some(found) = value["files"][0]["diagnostics"].as_array_mut() {
        found.extend(evidence.iter().map(|f| json!(f)));
        found.sort_by_key(|f| (f["line"].as_u64(), f["column"].as_u64()));
    }
    Ok(Json(value).into_response())
}

/// `GET /api/documents/{id}/revisions`: newest first, without texts.
async fn revisions(
    State(state): State<AppState>,
    caller: ApiUser,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let id: DocumentId = parse_id(&id)?;
    let list = state.store().revisions(caller.user.id, id).await?;
    Ok(Json(json!({ "revisions": list })).into_response())
}

/// `GET /api/documents/{id}/revisions/{n}`.
async fn revision(
    State(state): State<AppState>,
    caller: ApiUser,
    Path((id, n)): Path<(String, String)>,
) -> AppResult<Response> {
    let id: DocumentId = parse_id(&id)?;
    let n = parse_number(&n)?;
    let revision = state.store().revision(caller.user.id, id, n).await?;
    Ok(Json(json!({ "revision": revision.meta, "text": revision.body })).into_response())
}

#[derive(Deserialize)]
struct RestoreBody {
    base_revision: i64,
}

/// `POST /api/documents/{id}/revisions/{n}/restore`: the old text as a new revision.
async fn restore(
    State(state): State<AppState>,
    caller: ApiUser,
    Path((id, n)): Path<(String, String)>,
    ApiJson(body): ApiJson<RestoreBody>,
) -> AppResult<Response> {
    let id: DocumentId = parse_id(&id)?;
    let n = parse_number(&n)?;
    match state
        .store()
        .restore_revision(caller.user.id, id, n, Some(body.base_revision))
        .await
    {
        Ok(meta) => Ok(Json(json!({ "revision": meta })).into_response()),
        Err(StoreError::Stale { current }) => Err(AppError::Detailed {
            status: StatusCode::CONFLICT,
            code: "stale",
            message: format!(
                "Not restored: the newest revision is {current}, not {}. Look at it first, then restore with base_revision {current}.",
                body.base_revision
            ),
            details: json!({ "current_revision": current }),
        }),
        Err(other) => Err(other.into()),
    }
}

#[derive(Deserialize)]
struct DiffQuery {
    from: i64,
    to: i64,
}

/// `GET /api/documents/{id}/diff?from=A&to=B`: the readable changes from A to B, and the
/// findings that appeared and disappeared between them.
async fn diff_revisions(
    State(state): State<AppState>,
    caller: ApiUser,
    Path(id): Path<String>,
    ApiQuery(query): ApiQuery<DiffQuery>,
) -> AppResult<Response> {
    let id: DocumentId = parse_id(&id)?;
    let old = state
        .store()
        .revision(caller.user.id, id, query.from)
        .await?;
    let new = state.store().revision(caller.user.id, id, query.to).await?;
    let old_checked = state
        .rendered(caller.user.id, id, query.from, &old.body)
        .await?;
    let new_checked = state
        .rendered(caller.user.id, id, query.to, &new.body)
        .await?;
    let (appeared, disappeared) = diff::findings_delta(
        old_checked.checked.findings(),
        new_checked.checked.findings(),
    );
    let (from, to) = (old.body, new.body);
    let changes = state
        .cpu(caller.user.id, "diff", move |_| diff::words(&from, &to))
        .await?;
    let (inserted, deleted) = diff::counts(&changes);
    Ok(Json(json!({
        "from": old.meta,
        "to": new.meta,
        "inserted_words": inserted,
        "deleted_words": deleted,
        "changes": changes,
        "findings_appeared": appeared,
        "findings_disappeared": disappeared,
    }))
    .into_response())
}

/// `GET /api/tokens`.
async fn list_tokens(State(state): State<AppState>, caller: ApiUser) -> AppResult<Response> {
    caller.require_session()?;
    let tokens = state.store().tokens(caller.user.id).await?;
    Ok(Json(json!({ "tokens": tokens })).into_response())
}

#[derive(Deserialize)]
struct TokenBody {
    name: String,
    scope: String,
}

/// `POST /api/tokens`: the secret is in this response and nowhere else, ever.
async fn create_token(
    State(state): State<AppState>,
    caller: ApiUser,
    ApiJson(body): ApiJson<TokenBody>,
) -> AppResult<Response> {
    caller.require_session()?;
    let (name, scope) = token_input(&body.name, &body.scope)?;
    require_usable_scope(&state, caller.user.id, scope).await?;
    let (token, secret) = state
        .store()
        .create_token(caller.user.id, &name, scope)
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(json!({ "token": token, "secret": secret.expose() })),
    )
        .into_response())
}

/// `DELETE /api/tokens/{id}`.
async fn revoke_token(
    State(state): State<AppState>,
    caller: ApiUser,
    Path(id): Path<String>,
) -> AppResult<Response> {
    caller.require_session()?;
    let id: TokenId = parse_id(&id)?;
    state.store().revoke_token(caller.user.id, id).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}
