//! The review's pages: the review of a document (the rendered newest revision, where a
//! selected passage becomes a comment, beside the threads, verdicts, status history and
//! assumptions) and what waits on the signed-in member. Every action is a plain form
//! post that answers with a redirect back to the review, so the pages work without
//! JavaScript; the script only fills in the quoted passage from a selection.

use std::collections::HashMap;
use std::sync::Arc;

use axum::Form;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use minijinja::{Value, context};
use prfaq_store::{
    AssumptionId, DocumentId, NewReviewer, NewThread, Passage, Review, ThreadId, UserId,
};
use serde::Deserialize;

use crate::alignment::Report;
use crate::auth::SignedIn;
use crate::error::{AppError, AppResult};
use crate::routes::reviews::{
    answer_concern, ask_review, assumption_state, decide_suggestion, decision, give_verdict,
    log_assumption, open_thread, reply_in, resolve_thread,
};
use crate::routes::shared::{base, parse_id, ser};
use crate::state::AppState;

/// `GET /d/{id}/review`.
pub(crate) async fn page(
    State(state): State<AppState>,
    signed: SignedIn,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let id: DocumentId = parse_id(&id)?;
    let review = state.review(signed.user.id, id).await?;
    let number = review.document.current_revision;
    // The newest revision's rendering, findings and FAQ, cached by (document, revision).
    let rendered = match state.cached(id, number) {
        Some(hit) => hit,
        None => {
            let latest = state.store().revision(signed.user.id, id, number).await?;
            state
                .rendered(signed.user.id, id, number, &latest.body)
                .await?
        }
    };
    let report = crate::alignment::judge(&review, &rendered.faq, rendered.checked.errors());
    // The members only for the form that asks one of them to review.
    let workspace = review.document.workspace;
    let (workspace, members) =
        tokio::try_join!(state.store().workspace(signed.user.id, workspace), async {
            if review.role.can_edit() {
                state.store().members(signed.user.id, workspace).await
            } else {
                Ok(Vec::new())
            }
        })?;
    let role = review.role;
    let me = signed.user.id;
    let asked = review
        .round
        .as_ref()
        .is_some_and(|r| r.reviewers.iter().any(|rv| rv.user == me));
    let threads_html = thread_list(&state, &review, &report, me, &signed.csrf).await?;
    let decides = role == prfaq_store::Role::Owner || review.document.created_by == me;
    let ctx = context! {
        ..base(&signed.user, &signed.csrf, signed.unread),
        ..context! {
            doc => context! {
                id => id.0.to_string(),
                title => review.document.title.as_str(),
                status => review.document.status.as_str(),
                current_revision => number,
            },
            workspace => ser(&workspace),
            role => role.as_str(),
            can_edit => role.can_edit(),
            can_review => role.can_review(),
            decides => decides,
            asked => asked,
            round => ser(&review.round),
            threads => review.threads.len(),
            threads_html => Value::from_safe_string(threads_html.to_string()),
            verdicts => ser(&review.verdicts),
            history => ser(&review.status_history),
            assumptions => ser(&review.assumptions),
            credits => ser(&review.credits),
            report => ser(&report),
            reason => report.reason(),
            functions => ser(&review.functions),
            members => members.iter().map(|m| context! {
                email => m.user.email.as_str(),
                name => m.user.display_name.as_str(),
                role => m.role.as_str(),
            }).collect::<Vec<_>>(),
            preview_html => Value::from_safe_string(rendered.html.clone()),
            errors => rendered.checked.errors(),
        }
    };
    Ok(state.templates().page("review.html", ctx)?.into_response())
}

/// The threads of the review page as HTML: kept for the member while the review's
/// stamp and the session's CSRF token are the same, as everything they show is read at
/// that stamp (the threads, the role, and the alignment report of the newest revision).
async fn thread_list(
    state: &AppState,
    review: &Review,
    report: &Report,
    me: UserId,
    csrf: &str,
) -> AppResult<Arc<str>> {
    let doc = review.document.id;
    if let Some(hit) = state.caches().thread_list(doc, me, review.stamp, csrf) {
        return Ok(hit);
    }
    let open: HashMap<ThreadId, &str> = report
        .open_concerns
        .iter()
        .map(|c| (c.thread, c.why))
        .collect();
    let answered_in = answered_in(state, review, &open, me).await?;
    let threads: Vec<Value> = review
        .threads
        .iter()
        .map(|t| {
            context! {
                t => ser(t),
                id => t.id.0.to_string(),
                resolved => t.resolved(),
                pending => t.pending(),
                open_suggestion => t.open_suggestion(),
                state => ser(&t.placement.state),
                why_open => open.get(&t.id).copied(),
                answer => t.answer().map(|l| l.question.clone()),
                answered_in => answered_in.get(&t.id).copied(),
                mine => t.author == me,
            }
        })
        .collect();
    let ctx = context! {
        threads => threads,
        doc => context! { id => doc.0.to_string() },
        can_edit => review.role.can_edit(),
        can_review => review.role.can_review(),
        csrf => csrf,
    };
    let html: Arc<str> = state.templates().render("review_threads.html", ctx)?.into();
    state
        .caches()
        .keep_thread_list(doc, me, review.stamp, csrf, html.clone());
    Ok(html)
}

/// The revision each resolved concern was answered in: the oldest revision, from the one
/// that was newest when the concern was linked, whose FAQ answers the linked question
/// without a break up to the newest. Older revisions' FAQs come from their cached
/// renderings; the walk back stops as soon as no concern is still answered.
pub(crate) async fn answered_in(
    state: &AppState,
    review: &Review,
    open: &HashMap<ThreadId, &str>,
    me: UserId,
) -> AppResult<HashMap<ThreadId, i64>> {
    let doc = review.document.id;
    let current = review.document.current_revision;
    let resolved: Vec<_> = review
        .threads
        .iter()
        .filter(|t| t.concern && !t.pending() && !open.contains_key(&t.id))
        .filter_map(|t| t.answer().map(|link| (t.id, link)))
        .collect();
    let mut found: HashMap<ThreadId, i64> = resolved.iter().map(|(id, _)| (*id, current)).collect();
    if resolved.is_empty() || current <= 1 {
        return Ok(found);
    }
    let revisions = state.store().revisions(me, doc).await?;
    // The revision newest when each was linked: none can be answered before it.
    let mut walking: Vec<(ThreadId, String, i64)> = resolved
        .iter()
        .map(|(id, link)| {
            let linked_on = revisions
                .iter()
                .filter(|r| r.created_at <= link.created_at)
                .map(|r| r.number)
                .max()
                .unwrap_or(1);
            (
                *id,
                crate::alignment::question_key(&link.question),
                linked_on,
            )
        })
        .collect();
    let mut number = current - 1;
    while number >= 1 && !walking.is_empty() {
        walking.retain(|(_, _, linked_on)| number >= *linked_on);
        if walking.is_empty() {
            break;
        }
        let rendered = match state.cached(doc, number) {
            Some(hit) => hit,
            None => {
                let revision = state.store().revision(me, doc, number).await?;
                state.rendered(me, doc, number, &revision.body).await?
            }
        };
        walking.retain(|(id, key, _)| {
            let answered = rendered
                .faq
                .iter()
                .any(|entry| entry.key == *key && entry.answered);
            if answered {
                found.insert(*id, number);
            }
            answered
        });
        number -= 1;
    }
    Ok(found)
}

/// `GET /review`: what waits on the signed-in member.
pub(crate) async fn waiting(
    State(state): State<AppState>,
    signed: SignedIn,
) -> AppResult<Response> {
    let waiting = state.store().waiting_on(signed.user.id).await?;
    let items: Vec<Value> = waiting
        .iter()
        .map(|w| {
            context! {
                w => ser(w),
                document => w.document.0.to_string(),
            }
        })
        .collect();
    let ctx = context! {
        ..base(&signed.user, &signed.csrf, signed.unread),
        ..context! { items => items }
    };
    Ok(state.templates().page("waiting.html", ctx)?.into_response())
}

fn back(doc: DocumentId) -> Response {
    Redirect::to(&format!("/d/{doc}/review")).into_response()
}

#[derive(Deserialize)]
pub(crate) struct RequestForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    function: String,
    #[serde(default)]
    required: Option<String>,
}

/// `POST /d/{id}/review/request`.
pub(crate) async fn request(
    State(state): State<AppState>,
    signed: SignedIn,
    Path(id): Path<String>,
    Form(form): Form<RequestForm>,
) -> AppResult<Response> {
    let id: DocumentId = parse_id(&id)?;
    let asked = [NewReviewer {
        email: &form.email,
        function: &form.function,
        required: form.required.is_some(),
    }];
    ask_review(&state, &signed.user, id, &asked).await?;
    Ok(back(id))
}

#[derive(Deserialize)]
pub(crate) struct ThreadForm {
    #[serde(default)]
    quote: String,
    #[serde(default)]
    prefix: String,
    #[serde(default)]
    suffix: String,
    #[serde(default)]
    body: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    suggestion: String,
    #[serde(default)]
    pending: Option<String>,
}

/// `POST /d/{id}/review/threads`: a comment, concern or suggestion on the quoted passage.
pub(crate) async fn add_thread(
    State(state): State<AppState>,
    signed: SignedIn,
    Path(id): Path<String>,
    Form(form): Form<ThreadForm>,
) -> AppResult<Response> {
    let id: DocumentId = parse_id(&id)?;
    let (concern, replacement) = match form.kind.as_str() {
        "" | "comment" => (false, None),
        "concern" => (true, None),
        "suggestion" => (false, Some(form.suggestion.as_str())),
        _ => {
            return Err(AppError::bad_request(
                "Choose a comment, a concern or a suggestion.",
            ));
        }
    };
    let new = NewThread {
        revision: None,
        passage: Passage::Quote {
            quote: &form.quote,
            prefix: &form.prefix,
            suffix: &form.suffix,
        },
        body: &form.body,
        concern,
        replacement,
        pending: form.pending.is_some(),
    };
    open_thread(&state, &signed.user, id, new).await?;
    Ok(back(id))
}

#[derive(Deserialize)]
pub(crate) struct ThreadActionForm {
    #[serde(default)]
    body: String,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    question: String,
    #[serde(default)]
    new_question: Option<String>,
    #[serde(default)]
    pending: Option<String>,
    /// The document, to come back to after a reply.
    #[serde(default)]
    doc: String,
}

/// `POST /t/{id}/{action}`: reply, resolve, reopen, answer, accept or reject.
pub(crate) async fn thread_action(
    State(state): State<AppState>,
    signed: SignedIn,
    Path((id, action)): Path<(String, String)>,
    Form(form): Form<ThreadActionForm>,
) -> AppResult<Response> {
    let id: ThreadId = parse_id(&id)?;
    let user = &signed.user;
    let doc = match action.as_str() {
        "reply" => {
            let doc = parse_id::<DocumentId>(&form.doc)?;
            reply_in(&state, user, id, &form.body, form.pending.is_some()).await?;
            doc
        }
        "resolve" | "reopen" => {
            let resolved = action == "resolve";
            let (event, _) = resolve_thread(&state, user, id, resolved, &form.reason).await?;
            event.document
        }
        "answer" => {
            let new_question = form.new_question.is_some();
            let (link, _, _) =
                answer_concern(&state, user, id, &form.question, new_question).await?;
            link.document
        }
        "accept" | "reject" => {
            let decision = decision(&action, &form.reason, None)?;
            decide_suggestion(&state, user, id, decision)
                .await?
                .document
        }
        _ => return Err(AppError::NotFound),
    };
    Ok(back(doc))
}

#[derive(Deserialize)]
pub(crate) struct VerdictForm {
    #[serde(default)]
    verdict: String,
    #[serde(default)]
    body: String,
}

/// `POST /d/{id}/review/verdict`.
pub(crate) async fn verdict(
    State(state): State<AppState>,
    signed: SignedIn,
    Path(id): Path<String>,
    Form(form): Form<VerdictForm>,
) -> AppResult<Response> {
    let id: DocumentId = parse_id(&id)?;
    give_verdict(&state, &signed.user, id, &form.verdict, &form.body).await?;
    Ok(back(id))
}

#[derive(Deserialize)]
pub(crate) struct AssumptionForm {
    #[serde(default)]
    text: String,
    #[serde(default)]
    test: String,
}

/// `POST /d/{id}/review/assumptions`.
pub(crate) async fn add_assumption(
    State(state): State<AppState>,
    signed: SignedIn,
    Path(id): Path<String>,
    Form(form): Form<AssumptionForm>,
) -> AppResult<Response> {
    let id: DocumentId = parse_id(&id)?;
    log_assumption(&state, &signed.user, id, &form.text, &form.test).await?;
    Ok(back(id))
}

#[derive(Deserialize)]
pub(crate) struct AssumptionStateForm {
    #[serde(default)]
    state: String,
    #[serde(default)]
    note: String,
}

/// `POST /assumptions/{id}`.
pub(crate) async fn set_assumption(
    State(state): State<AppState>,
    signed: SignedIn,
    Path(id): Path<String>,
    Form(form): Form<AssumptionStateForm>,
) -> AppResult<Response> {
    let id: AssumptionId = parse_id(&id)?;
    let assumption = assumption_state(&state, &signed.user, id, &form.state, &form.note).await?;
    Ok(back(assumption.document))
}
