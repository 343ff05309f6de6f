//! The document pages: the editor (Markdown beside the rendered document and the
//! checker's findings), saving, renaming, review status, archiving, history, one
//! revision, restoring, comparing two revisions, and downloading the Markdown.
//!
//! Every page first loads the document through the store as the signed-in user, so a
//! stranger gets the same 404 as for a document that does not exist. The editor works
//! without JavaScript (a plain form post); with it, saving and checking happen in place.

use std::sync::Arc;

use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use minijinja::{Value, context};
use prfaq_lint::render::grouped;
use prfaq_store::{DocumentId, Revision, Status, StoreError, Workspace};
use serde::Deserialize;

use crate::auth::SignedIn;
use crate::diff;
use crate::error::{AppError, AppResult};
use crate::routes::shared::{
    Access, DocumentAccess, SET_STATUSES, Saved, Stale, base, choice, clean_title, parse_id,
    parse_number, require_edit, save as save_text, ser,
};
use crate::state::{AppState, Rendered};

#[derive(Deserialize)]
pub(crate) struct EditorQuery {
    saved: Option<i64>,
}

/// `GET /d/{id}`: the editor for editors and owners, a read-only view for the others.
pub(crate) async fn editor(
    State(state): State<AppState>,
    signed: SignedIn,
    Path(id): Path<String>,
    Query(query): Query<EditorQuery>,
) -> AppResult<Response> {
    let id: DocumentId = parse_id(&id)?;
    // Document, role, workspace and newest revision in one query; the store checks the
    // membership, so a stranger gets the 404 of a missing document before any cache is
    // consulted.
    let view = state.store().document_page(signed.user.id, id).await?;
    let access = Access {
        doc: view.document,
        role: view.role,
    };
    let latest = view.latest;
    let rendered = state
        .rendered(signed.user.id, id, latest.meta.number, &latest.body)
        .await?;
    let page = EditorPage {
        access: &access,
        workspace: &view.workspace,
        latest: &latest,
        text: &latest.body,
        note: "",
        rendered: &rendered,
        stale: None,
        saved: query.saved,
    };
    Ok(page.render(&state, &signed).await?.into_response())
}

/// Everything the editor template shows.
struct EditorPage<'a> {
    access: &'a Access,
    workspace: &'a Workspace,
    latest: &'a Revision,
    /// The text in the editor: the newest revision, or the author's own text after a
    /// refused save.
    text: &'a str,
    note: &'a str,
    rendered: &'a Rendered,
    stale: Option<&'a Stale>,
    saved: Option<i64>,
}

impl EditorPage<'_> {
    async fn render(
        &self,
        state: &AppState,
        signed: &SignedIn,
    ) -> AppResult<axum::response::Html<String>> {
        let doc = &self.access.doc;
        let role = self.access.role;
        let workspace = self.workspace;
        let stale = self.stale.map(|s| {
            context! {
                message => s.message(),
                changes_html => Value::from_safe_string(diff::to_html(&s.changes)),
                current_revision => s.current_revision,
                inserted_words => s.inserted_words,
                deleted_words => s.deleted_words,
            }
        });
        // After a refused save the next save is based on what the author has now seen.
        let base_revision = self
            .stale
            .map_or(self.latest.meta.number, |s| s.current_revision);
        // The fields of the text in the editor: the revision's (parsed once, with its
        // findings) or, after a refused save, the author's own.
        let fields = &self.rendered.fields;
        let ctx = context! {
            ..base(&signed.user, &signed.csrf, signed.unread),
            ..context! {
                doc => doc_context(doc),
                workspace => ser(workspace),
                role => role.as_str(),
                can_edit => role.can_edit(),
                can_review => role.can_review(),
                revision => ser(&self.latest.meta),
                base_revision => base_revision,
                text => self.text,
                note => self.note,
                preview_html => Value::from_safe_string(self.rendered.html.clone()),
                findings => ser(&grouped(self.rendered.checked.findings())),
                check_error => self.rendered.checked.error(),
                check_note => self.rendered.checked.note(),
                rule_order => rule_order(),
                errors => self.rendered.checked.errors(),
                warnings => self.rendered.checked.findings().len() - self.rendered.checked.errors(),
                fields => fields,
                stale => stale,
                saved => self.saved,
            }
        };
        state.templates().page("editor.html", ctx)
    }
}

/// The rules' codes in their order, for the editor's script to order what is missing
/// as the page does after each check.
fn rule_order() -> &'static str {
    static ORDER: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    ORDER.get_or_init(|| {
        let codes: Vec<&str> = prfaq_lint::registry::RULES.iter().map(|r| r.code).collect();
        codes.join(" ")
    })
}

fn doc_context(doc: &prfaq_store::Document) -> Value {
    context! {
        id => doc.id.0.to_string(),
        title => doc.title.as_str(),
        status => doc.status.as_str(),
        archived => doc.archived_at.is_some(),
        owner => doc.created_by_name.as_str(),
        updated_at => doc.updated_at,
        current_revision => doc.current_revision,
        workspace_id => doc.workspace.0.to_string(),
    }
}

#[derive(Deserialize)]
pub(crate) struct SaveForm {
    #[serde(default)]
    text: String,
    #[serde(default)]
    base_revision: String,
    #[serde(default)]
    note: String,
}

/// `POST /d/{id}/save`: the editor's form without JavaScript. A stale save shows the
/// editor again with the author's text, the refusal and what changed.
pub(crate) async fn save(
    State(state): State<AppState>,
    DocumentAccess { signed, id, access }: DocumentAccess,
    Form(form): Form<SaveForm>,
) -> AppResult<Response> {
    require_edit(access.role)?;
    let base =
        form.base_revision.trim().parse::<i64>().map_err(|_| {
            AppError::bad_request("The form lacks the revision it was edited from.")
        })?;
    match save_text(&state, &signed.user, id, base, &form.text, &form.note).await? {
        Saved::Ok { revision, .. } => {
            Ok(Redirect::to(&format!("/d/{id}?saved={}", revision.number)).into_response())
        }
        Saved::Stale(stale) => {
            let latest = state.store().latest_revision(signed.user.id, id).await?;
            let access = Access {
                doc: state.store().document(signed.user.id, id).await?,
                role: access.role,
            };
            let workspace = state
                .store()
                .workspace(signed.user.id, access.doc.workspace)
                .await?;
            let text = form.text.clone();
            let rendered = state
                .cpu(signed.user.id, "rendering", move |stop| {
                    Rendered::of(&text, stop)
                })
                .await?
                .ok_or_else(crate::state::stopped)?;
            let page = EditorPage {
                access: &access,
                workspace: &workspace,
                latest: &latest,
                text: &form.text,
                note: &form.note,
                rendered: &rendered,
                stale: Some(&stale),
                saved: None,
            };
            Ok((StatusCode::CONFLICT, page.render(&state, &signed).await?).into_response())
        }
    }
}

#[derive(Deserialize)]
pub(crate) struct RenameForm {
    #[serde(default)]
    title: String,
}

/// `POST /d/{id}/rename`.
pub(crate) async fn rename(
    State(state): State<AppState>,
    signed: SignedIn,
    Path(id): Path<String>,
    Form(form): Form<RenameForm>,
) -> AppResult<Response> {
    let id: DocumentId = parse_id(&id)?;
    let title = clean_title(&form.title)?;
    state
        .store()
        .rename_document(signed.user.id, id, &title)
        .await?;
    Ok(Redirect::to(&format!("/d/{id}")).into_response())
}

#[derive(Deserialize)]
pub(crate) struct StatusForm {
    #[serde(default)]
    status: String,
    #[serde(default)]
    reason: String,
}

/// `POST /d/{id}/status`: the workspace's owner or the document's creator decides its
/// status, with a reason (approval only once the review is aligned).
pub(crate) async fn set_status(
    State(state): State<AppState>,
    signed: SignedIn,
    Path(id): Path<String>,
    Form(form): Form<StatusForm>,
) -> AppResult<Response> {
    let id: DocumentId = parse_id(&id)?;
    let status: Status = choice("status", &form.status, SET_STATUSES)?;
    state
        .store()
        .change_status(signed.user.id, id, status, &form.reason)
        .await?;
    Ok(Redirect::to(&format!("/d/{id}/review")).into_response())
}

#[derive(Deserialize)]
pub(crate) struct ArchiveForm {
    #[serde(default)]
    archived: String,
}

/// `POST /d/{id}/archive`: `archived=1` archives, `archived=0` brings the document back.
pub(crate) async fn archive(
    State(state): State<AppState>,
    signed: SignedIn,
    Path(id): Path<String>,
    Form(form): Form<ArchiveForm>,
) -> AppResult<Response> {
    let id: DocumentId = parse_id(&id)?;
    let archived = form.archived != "0";
    let doc = state
        .store()
        .set_archived(signed.user.id, id, archived)
        .await?;
    let target = if archived {
        format!("/w/{}", doc.workspace)
    } else {
        format!("/d/{id}")
    };
    Ok(Redirect::to(&target).into_response())
}

/// `GET /d/{id}/history`: every revision, newest first, with a form to compare two.
pub(crate) async fn history(
    State(state): State<AppState>,
    DocumentAccess { signed, id, access }: DocumentAccess,
) -> AppResult<Response> {
    let revisions = state.store().revisions(signed.user.id, id).await?;
    let newest = revisions.first().map_or(1, |r| r.number);
    let ctx = context! {
        ..base(&signed.user, &signed.csrf, signed.unread),
        ..context! {
            doc => doc_context(&access.doc),
            can_edit => access.role.can_edit(),
            revisions => ser(&revisions),
            compare_from => (newest - 1).max(1),
            compare_to => newest,
        }
    };
    Ok(state.templates().page("history.html", ctx)?.into_response())
}

/// `GET /d/{id}/r/{n}`: one revision, rendered, with its findings.
pub(crate) async fn revision(
    State(state): State<AppState>,
    DocumentAccess { signed, id, access }: DocumentAccess,
    Path((_, n)): Path<(String, String)>,
) -> AppResult<Response> {
    let n = parse_number(&n)?;
    let revision = state.store().revision(signed.user.id, id, n).await?;
    let rendered: Arc<Rendered> = state
        .rendered(signed.user.id, id, n, &revision.body)
        .await?;
    let ctx = context! {
        ..base(&signed.user, &signed.csrf, signed.unread),
        ..context! {
            doc => doc_context(&access.doc),
            can_edit => access.role.can_edit(),
            revision => ser(&revision.meta),
            text => revision.body,
            preview_html => Value::from_safe_string(rendered.html.clone()),
            findings => ser(&grouped(rendered.checked.findings())),
            errors => rendered.checked.errors(),
        }
    };
    Ok(state
        .templates()
        .page("revision.html", ctx)?
        .into_response())
}

#[derive(Deserialize)]
pub(crate) struct RestoreForm {
    #[serde(default)]
    base_revision: String,
}

/// `POST /d/{id}/r/{n}/restore`: the old text becomes a new revision; nothing is
/// rewritten. Refused like a save if someone saved since the history page was opened.
pub(crate) async fn restore(
    State(state): State<AppState>,
    signed: SignedIn,
    Path((id, n)): Path<(String, String)>,
    Form(form): Form<RestoreForm>,
) -> AppResult<Response> {
    let id: DocumentId = parse_id(&id)?;
    let n = parse_number(&n)?;
    let base = form.base_revision.trim().parse::<i64>().ok();
    match state
        .store()
        .restore_revision(signed.user.id, id, n, base)
        .await
    {
        Ok(meta) => Ok(Redirect::to(&format!("/d/{id}?saved={}", meta.number)).into_response()),
        Err(StoreError::Stale { current }) => Err(AppError::Conflict(format!(
            "Not restored: someone saved revision {current} after you opened the history. Open the history again to see it, then restore."
        ))),
        Err(other) => Err(other.into()),
    }
}

#[derive(Deserialize)]
pub(crate) struct DiffQuery {
    from: Option<String>,
    to: Option<String>,
    view: Option<String>,
}

/// `GET /d/{id}/diff?from=A&to=B`: a readable comparison of two revisions, inline and
/// side by side, with the findings that appeared and disappeared between them.
pub(crate) async fn diff(
    State(state): State<AppState>,
    DocumentAccess { signed, id, access }: DocumentAccess,
    Query(query): Query<DiffQuery>,
) -> AppResult<Response> {
    let current = access.doc.current_revision;
    let to = match query.to.as_deref() {
        Some(n) => parse_number(n)?,
        None => current,
    };
    let from = match query.from.as_deref() {
        Some(n) => parse_number(n)?,
        None => (to - 1).max(1),
    };
    let view = match query.view.as_deref().map(str::trim) {
        None | Some("") | Some("sides") => "sides",
        Some("inline") => "inline",
        Some(other) => {
            return Err(AppError::BadRequest(format!(
                "view must be `sides` or `inline`, not `{other}`"
            )));
        }
    };
    let old = state.store().revision(signed.user.id, id, from).await?;
    let new = state.store().revision(signed.user.id, id, to).await?;
    let old_checked = state.rendered(signed.user.id, id, from, &old.body).await?;
    let new_checked = state.rendered(signed.user.id, id, to, &new.body).await?;
    let (appeared, disappeared) = diff::findings_delta(
        old_checked.checked.findings(),
        new_checked.checked.findings(),
    );
    let (before, after) = (old.body, new.body);
    let changes = state
        .cpu(signed.user.id, "diff", move |_| {
            diff::words(&before, &after)
        })
        .await?;
    let (inserted, deleted) = diff::counts(&changes);
    let ctx = context! {
        ..base(&signed.user, &signed.csrf, signed.unread),
        ..context! {
            doc => doc_context(&access.doc),
            from => ser(&old.meta),
            to => ser(&new.meta),
            numbers => (1..=current).rev().collect::<Vec<i64>>(),
            diff_html => Value::from_safe_string(diff::to_html(&changes)),
            rows => diff::fold(diff::rows(&changes), 3)
                .into_iter()
                .map(|shown| match shown {
                    diff::Shown::Row(r) => context! {
                        old => Value::from_safe_string(r.old),
                        new => Value::from_safe_string(r.new),
                        changed => r.changed,
                        skipped => 0,
                    },
                    diff::Shown::Skip(n) => context! { skipped => n, changed => false },
                })
                .collect::<Vec<_>>(),
            view => view,
            inserted => inserted,
            deleted => deleted,
            appeared => ser(&appeared),
            disappeared => ser(&disappeared),
        }
    };
    Ok(state.templates().page("diff.html", ctx)?.into_response())
}

/// `GET /d/{id}/download`: the newest revision as a Markdown file.
pub(crate) async fn download(
    State(state): State<AppState>,
    DocumentAccess { signed, id, access }: DocumentAccess,
) -> AppResult<Response> {
    let latest = state.store().latest_revision(signed.user.id, id).await?;
    let mut response = latest.body.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/markdown; charset=utf-8"),
    );
    let disposition = format!("attachment; filename=\"{}.md\"", slug(&access.doc.title));
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    Ok(response)
}

/// `Quick Reorder!` → `quick-reorder`, in ASCII only: unlike
/// `prfaq_doc::template::slug`, this one goes into a `Content-Disposition` header.
pub(crate) fn slug(title: &str) -> String {
    let mut out = String::new();
    for c in title.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').to_owned();
    if out.is_empty() {
        "document".into()
    } else {
        out
    }
}
