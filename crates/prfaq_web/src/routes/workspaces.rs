//! Workspaces and their document lists, and creating documents: from the template, from
//! the five customer questions, or from an uploaded Markdown file.

use axum::Form;
use axum::extract::{Multipart, Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use minijinja::{Value, context};
use prfaq_doc::template::Answers;
use prfaq_store::{Document, DocumentQuery, User, WorkspaceId};
use serde::Deserialize;

use crate::auth::{SignedIn, Visitor};
use crate::error::{AppError, AppResult};
use crate::routes::shared::{
    Start, base, create_document, parse_id, require_edit, role_in, ser, title_of,
};
use crate::state::AppState;

/// `GET /`: the user's workspace, or the choice of workspaces.
pub(crate) async fn home(State(state): State<AppState>, visitor: Visitor) -> AppResult<Response> {
    let Some(user) = visitor.user else {
        let target = if state.store().user_count().await? == 0 {
            "/signup"
        } else {
            "/signin"
        };
        return Ok(Redirect::to(target).into_response());
    };
    let memberships = state.store().workspaces_of(user.id).await?;
    if let [only] = memberships.as_slice() {
        return Ok(Redirect::to(&format!("/w/{}", only.workspace.id)).into_response());
    }
    let ctx = context! {
        ..base(&user, &visitor.csrf, visitor.unread),
        ..context! { memberships => ser(&memberships) }
    };
    Ok(state
        .templates()
        .page("workspaces.html", ctx)?
        .into_response())
}

#[derive(Deserialize)]
pub(crate) struct ListQuery {
    #[serde(default)]
    q: String,
    #[serde(default)]
    archived: Option<String>,
}

/// `GET /w/{ws}`: the documents, with each one's count of error findings.
pub(crate) async fn documents(
    State(state): State<AppState>,
    SignedIn { user, csrf, unread }: SignedIn,
    Path(ws): Path<String>,
    Query(query): Query<ListQuery>,
) -> AppResult<Response> {
    let ws: WorkspaceId = parse_id(&ws)?;
    let role = role_in(&state, &user, ws).await?;
    let workspace = state.store().workspace(user.id, ws).await?;
    let include_archived = query.archived.is_some();
    let filter = DocumentQuery {
        title_contains: Some(query.q.trim().to_owned()).filter(|q| !q.is_empty()),
        include_archived,
    };
    let docs = state.store().documents(user.id, ws, &filter).await?;
    let rows = rows(&state, &user, &docs).await?;
    let ctx = context! {
        ..base(&user, &csrf, unread),
        ..context! {
            workspace => ser(&workspace),
            role => role.as_str(),
            can_edit => role.can_edit(),
            can_manage => role.can_manage(),
            documents => rows,
            q => query.q,
            include_archived => include_archived,
        }
    };
    Ok(state
        .templates()
        .page("documents.html", ctx)?
        .into_response())
}

/// The list rows: each document with its error count, from the render cache when the
/// newest revision was seen before.
pub(crate) async fn rows(
    state: &AppState,
    user: &User,
    docs: &[Document],
) -> AppResult<Vec<Value>> {
    let mut rows = Vec::with_capacity(docs.len());
    for doc in docs {
        let rendered = match state.cached(doc.id, doc.current_revision) {
            Some(hit) => hit,
            None => {
                let latest = state.store().latest_revision(user.id, doc.id).await?;
                state
                    .rendered(user.id, doc.id, latest.meta.number, &latest.body)
                    .await?
            }
        };
        rows.push(context! {
            id => doc.id.0.to_string(),
            title => doc.title.as_str(),
            status => doc.status.as_str(),
            owner => doc.created_by_name.as_str(),
            updated_at => doc.updated_at,
            archived => doc.archived_at.is_some(),
            revision => doc.current_revision,
            errors => rendered.checked.errors(),
        });
    }
    Ok(rows)
}

/// `GET /w/{ws}/new`.
pub(crate) async fn new_page(
    State(state): State<AppState>,
    SignedIn { user, csrf, unread }: SignedIn,
    Path(ws): Path<String>,
) -> AppResult<Response> {
    let ws: WorkspaceId = parse_id(&ws)?;
    let role = role_in(&state, &user, ws).await?;
    require_edit(role)?;
    let workspace = state.store().workspace(user.id, ws).await?;
    let ctx = context! {
        ..base(&user, &csrf, unread),
        ..context! {
            workspace => ser(&workspace),
            questions => prfaq_doc::template::QUESTIONS,
            max_upload => crate::error::human_bytes(state.config().max_body_bytes),
        }
    };
    Ok(state.templates().page("new.html", ctx)?.into_response())
}

#[derive(Deserialize)]
pub(crate) struct CreateForm {
    #[serde(default)]
    title: String,
    /// `template`, `full` (from the answers) or `vision`.
    #[serde(default)]
    start: String,
    #[serde(default)]
    customer: String,
    #[serde(default)]
    problem: String,
    #[serde(default)]
    benefit: String,
    #[serde(default)]
    evidence: String,
    #[serde(default)]
    experience: String,
}

/// `POST /w/{ws}/documents`: from the template or the five customer questions.
pub(crate) async fn create(
    State(state): State<AppState>,
    SignedIn { user, .. }: SignedIn,
    Path(ws): Path<String>,
    Form(form): Form<CreateForm>,
) -> AppResult<Response> {
    let ws: WorkspaceId = parse_id(&ws)?;
    require_edit(role_in(&state, &user, ws).await?)?;
    let answers = Answers {
        customer: form.customer,
        problem: form.problem,
        benefit: form.benefit,
        evidence: form.evidence,
        experience: form.experience,
    };
    let start = match form.start.as_str() {
        "" | "template" => Start::Template,
        "full" => Start::Answers {
            answers,
            vision: false,
        },
        "vision" => Start::Answers {
            answers,
            vision: true,
        },
        other => {
            return Err(AppError::bad_request(format!(
                "`{other}` is not a way to start a document: use template, full or vision."
            )));
        }
    };
    let doc = create_document(&state, &user, ws, &form.title, start).await?;
    Ok(Redirect::to(&format!("/d/{}", doc.id)).into_response())
}

/// `POST /w/{ws}/upload`: a Markdown file becomes a document. The file must be text
/// that `prfaq check` would read (UTF-8, not binary, not empty).
pub(crate) async fn upload(
    State(state): State<AppState>,
    SignedIn { user, .. }: SignedIn,
    Path(ws): Path<String>,
    mut multipart: Multipart,
) -> AppResult<Response> {
    let ws: WorkspaceId = parse_id(&ws)?;
    require_edit(role_in(&state, &user, ws).await?)?;
    let limit = state.config().max_body_bytes;
    let mut title = String::new();
    let mut file: Option<(String, Vec<u8>)> = None;
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|e| multipart_error(&e, limit))?
    {
        match field.name() {
            Some("title") => {
                title = field.text().await.map_err(|e| multipart_error(&e, limit))?;
            }
            Some("file") => {
                let name = field.file_name().unwrap_or("document.md").to_owned();
                let bytes = field
                    .bytes()
                    .await
                    .map_err(|e| multipart_error(&e, limit))?;
                file = Some((name, bytes.to_vec()));
            }
            _ => {}
        }
    }
    let Some((name, bytes)) = file else {
        return Err(AppError::bad_request("Choose a Markdown file to upload."));
    };
    let text = prfaq_doc::load(&bytes, limit)
        .map_err(|e| AppError::bad_request(format!("{name}: {e}")))?;
    let title = if title.trim().is_empty() {
        title_of(&text).unwrap_or_else(|| file_stem(&name))
    } else {
        title
    };
    let doc = create_document(&state, &user, ws, &title, Start::Text(&text)).await?;
    Ok(Redirect::to(&format!("/d/{}", doc.id)).into_response())
}

fn multipart_error(error: &axum::extract::multipart::MultipartError, limit: usize) -> AppError {
    if error.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
        AppError::PayloadTooLarge { limit }
    } else {
        AppError::bad_request(format!(
            "The upload could not be read: {}",
            error.body_text()
        ))
    }
}

fn file_stem(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let stem = base
        .strip_suffix(".md")
        .or_else(|| base.strip_suffix(".markdown"))
        .unwrap_or(base);
    let stem = stem.replace(['-', '_'], " ");
    if stem.trim().is_empty() {
        "Uploaded document".to_owned()
    } else {
        stem.trim().to_owned()
    }
}
