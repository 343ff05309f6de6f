//! The review: rounds, threads on passages, concerns answered in the FAQ, suggestions,
//! verdicts, status changes and assumptions, as JSON routes for the pages' script and
//! for `prfaq review`. The store checks who may do what; after every change that can
//! move the review, [`settle`] applies the rule of alignment (`crate::alignment`) and
//! records the status it leads to.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use prfaq_store::{
    Alignment, Assumption, AssumptionId, AssumptionState, Comment, ConcernLink, Decision,
    DocumentId, NewReviewer, NewThread, Passage, Review, Round, Status, StatusEvent, Thread,
    ThreadEvent, ThreadId, User, UserId, Verdict, VerdictRecord, WorkspaceId,
};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::alignment::{self, Report};
use crate::auth::ApiUser;
use crate::error::{AppError, AppResult};
use crate::routes::api::{ApiJson, present};
use crate::routes::shared::{SET_STATUSES, choice, document_json, parse_id};
use crate::state::AppState;

/// The review's API routes.
pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/documents/{id}/review", get(get_review))
        .route(
            "/api/documents/{id}/review/status",
            get(get_status).post(post_status),
        )
        .route("/api/documents/{id}/review/requests", post(request))
        .route("/api/documents/{id}/review/threads", post(add_thread))
        .route("/api/documents/{id}/review/verdicts", post(verdict))
        .route("/api/documents/{id}/assumptions", post(add_assumption))
        .route("/api/assumptions/{id}", post(set_assumption))
        .route("/api/threads/{id}/replies", post(reply))
        .route("/api/threads/{id}/resolve", post(resolve))
        .route("/api/threads/{id}/reopen", post(reopen))
        .route("/api/threads/{id}/answer", post(answer))
        .route("/api/threads/{id}/decision", post(decide))
        .route("/api/review/waiting", get(waiting))
        .route(
            "/api/workspaces/{ws}/review-functions",
            get(functions).put(set_function),
        )
}

/// The rule of alignment on a review's newest revision: the checker's errors and the
/// FAQ come from the revision's rendering, cached by (document, revision), so after the
/// first request the rule reads no text at all.
pub(crate) async fn judge(state: &AppState, who: UserId, review: &Review) -> AppResult<Report> {
    let doc = review.document.id;
    let number = review.document.current_revision;
    let rendered = match state.cached(doc, number) {
        Some(hit) => hit,
        None => {
            let revision = state.store().revision(who, doc, number).await?;
            state.rendered(who, doc, number, &revision.body).await?
        }
    };
    Ok(alignment::judge(
        review,
        &rendered.faq,
        rendered.checked.errors(),
    ))
}

/// Applies the rule after a change: a document in review that became aligned is
/// marked so, an aligned one that no longer is goes back into review. Answers the
/// review as it now is, the rule's report and the status change, if any.
pub(crate) async fn settle(
    state: &AppState,
    user: &User,
    doc: DocumentId,
) -> AppResult<(Review, Report, Option<StatusEvent>)> {
    let mut review = state.store().review(user.id, doc).await?;
    let report = judge(state, user.id, &review).await?;
    let mut changed = None;
    if matches!(review.document.status, Status::InReview | Status::Aligned) {
        let reason = report.reason();
        let alignment = Alignment {
            aligned: report.aligned,
            revision: report.revision,
            reason: &reason,
        };
        let recorded = state
            .store()
            .record_alignment(user.id, doc, alignment)
            .await?;
        state.mail(&recorded.notices);
        changed = recorded.value;
        if let Some(event) = &changed {
            review = state.store().review(user.id, doc).await?;
            // Rewriting the front matter's status makes a revision: judge that one.
            if event.revision != report.revision {
                let report = judge(state, user.id, &review).await?;
                return Ok((review, report, changed));
            }
        }
    }
    Ok((review, report, changed))
}

/// The short form of the rule's report, as `prfaq review status --format json` prints.
pub(crate) fn status_json(
    review: &Review,
    report: &Report,
    answered_in: &std::collections::HashMap<ThreadId, i64>,
) -> Value {
    let mut answered: Vec<Value> = review
        .threads
        .iter()
        .filter_map(|t| {
            let revision = answered_in.get(&t.id)?;
            let link = t.answer()?;
            Some(json!({ "thread": t.id, "question": link.question, "revision": revision }))
        })
        .collect();
    answered.sort_by_key(|a| a["thread"].as_i64());
    let mut by_function: std::collections::BTreeMap<&str, usize> = Default::default();
    for concern in &report.open_concerns {
        *by_function.entry(concern.function.as_str()).or_default() += 1;
    }
    json!({
        "document": review.document.id,
        "title": review.document.title,
        "status": review.document.status,
        "revision": report.revision,
        "round": review.round.as_ref().map(|r| json!({
            "id": r.id,
            "revision": r.revision,
            "requested_by": r.requested_by_name,
            "reviewers": r.reviewers.iter().map(|rv| json!({
                "user": rv.user,
                "name": rv.name,
                "email": rv.email,
                "function": rv.function,
                "required": rv.required,
            })).collect::<Vec<_>>(),
        })),
        "aligned": report.aligned,
        "reason": report.reason(),
        "open_concerns": report.open_concerns.len(),
        "open_concerns_by_function": by_function,
        "concerns": report.open_concerns,
        "open_threads": report.open_threads.len(),
        "threads": report.open_threads,
        "missing_approvals": report.missing_approvals,
        "stale_approvals": report.missing_approvals.iter().filter(|m| m.stale_since.is_some()).count(),
        "errors": report.errors,
        "answered_concerns": answered,
    })
}

/// The revision each resolved concern was answered in, as the review page shows it.
async fn answered_concerns(
    state: &AppState,
    review: &Review,
    report: &Report,
    who: UserId,
) -> AppResult<std::collections::HashMap<ThreadId, i64>> {
    let open: std::collections::HashMap<ThreadId, &str> = report
        .open_concerns
        .iter()
        .map(|c| (c.thread, c.why))
        .collect();
    crate::routes::review_pages::answered_in(state, review, &open, who).await
}

fn created(value: Value) -> Response {
    (StatusCode::CREATED, Json(value)).into_response()
}

/// `GET /api/documents/{id}/review`: the whole review and the rule's report.
async fn get_review(
    State(state): State<AppState>,
    caller: ApiUser,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let id: DocumentId = parse_id(&id)?;
    let review = state.review(caller.user.id, id).await?;
    let report = judge(&state, caller.user.id, &review).await?;
    let answered = answered_concerns(&state, &review, &report, caller.user.id).await?;
    Ok(Json(json!({
        "review": review_json(&review),
        "alignment": status_json(&review, &report, &answered),
    }))
    .into_response())
}

/// A review as the API shows it: the document as every other route shows one.
pub(crate) fn review_json(review: &Review) -> Value {
    let mut value = serde_json::to_value(review).unwrap_or_default();
    value["document"] = document_json(&review.document, review.role);
    value
}

/// `GET /api/documents/{id}/review/status`: where the review stands.
async fn get_status(
    State(state): State<AppState>,
    caller: ApiUser,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let id: DocumentId = parse_id(&id)?;
    let review = state.review(caller.user.id, id).await?;
    let report = judge(&state, caller.user.id, &review).await?;
    let answered = answered_concerns(&state, &review, &report, caller.user.id).await?;
    Ok(Json(status_json(&review, &report, &answered)).into_response())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StatusBody {
    status: String,
    #[serde(default)]
    reason: String,
}

/// `POST /api/documents/{id}/review/status`: the owner's decision, with a reason.
async fn post_status(
    State(state): State<AppState>,
    caller: ApiUser,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<StatusBody>,
) -> AppResult<Response> {
    let id: DocumentId = parse_id(&id)?;
    let status: Status = choice("status", &body.status, SET_STATUSES)?;
    let event = state
        .store()
        .change_status(caller.user.id, id, status, &body.reason)
        .await?;
    Ok(Json(json!({ "event": event })).into_response())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ReviewerBody {
    email: String,
    function: String,
    #[serde(default)]
    required: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RequestBody {
    reviewers: Vec<ReviewerBody>,
}

/// `POST /api/documents/{id}/review/requests`: asks members to review the newest revision.
async fn request(
    State(state): State<AppState>,
    caller: ApiUser,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<RequestBody>,
) -> AppResult<Response> {
    let id: DocumentId = parse_id(&id)?;
    let reviewers: Vec<NewReviewer<'_>> = body
        .reviewers
        .iter()
        .map(|r| NewReviewer {
            email: &r.email,
            function: &r.function,
            required: r.required,
        })
        .collect();
    let round = ask_review(&state, &caller.user, id, &reviewers).await?;
    Ok(created(json!({ "id": round.id, "round": round })))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ThreadBody {
    /// The selected text; or `start` and `end`, byte offsets into the revision.
    #[serde(default, deserialize_with = "present")]
    quote: Option<String>,
    #[serde(default)]
    prefix: String,
    #[serde(default)]
    suffix: String,
    #[serde(default, deserialize_with = "present")]
    start: Option<usize>,
    #[serde(default, deserialize_with = "present")]
    end: Option<usize>,
    #[serde(default, deserialize_with = "present")]
    revision: Option<i64>,
    body: String,
    #[serde(default)]
    concern: bool,
    #[serde(default, deserialize_with = "present")]
    suggestion: Option<String>,
    #[serde(default)]
    pending: bool,
}

/// `POST /api/documents/{id}/review/threads`: a comment, concern or suggestion on a passage.
async fn add_thread(
    State(state): State<AppState>,
    caller: ApiUser,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<ThreadBody>,
) -> AppResult<Response> {
    let id: DocumentId = parse_id(&id)?;
    let passage = match (&body.quote, body.start, body.end) {
        (Some(quote), None, None) => Passage::Quote {
            quote,
            prefix: &body.prefix,
            suffix: &body.suffix,
        },
        (None, Some(start), Some(end)) => Passage::Range { start, end },
        _ => {
            return Err(AppError::bad_request(
                "Name the passage by `quote` (with optional `prefix` and `suffix`) or by \
                 `start` and `end`, not both.",
            ));
        }
    };
    let new = NewThread {
        revision: body.revision,
        passage,
        body: &body.body,
        concern: body.concern,
        replacement: body.suggestion.as_deref(),
        pending: body.pending,
    };
    let thread = open_thread(&state, &caller.user, id, new).await?;
    Ok(created(json!({ "id": thread.id, "thread": thread })))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ReplyBody {
    body: String,
    #[serde(default)]
    pending: bool,
}

/// `POST /api/threads/{id}/replies`.
async fn reply(
    State(state): State<AppState>,
    caller: ApiUser,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<ReplyBody>,
) -> AppResult<Response> {
    let id: ThreadId = parse_id(&id)?;
    let comment = reply_in(&state, &caller.user, id, &body.body, body.pending).await?;
    Ok(created(json!({ "id": comment.id, "comment": comment })))
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct ReasonBody {
    #[serde(default)]
    reason: String,
}

async fn set_resolved(
    state: AppState,
    caller: ApiUser,
    id: String,
    resolved: bool,
    reason: &str,
) -> AppResult<Response> {
    let id: ThreadId = parse_id(&id)?;
    let (event, report) = resolve_thread(&state, &caller.user, id, resolved, reason).await?;
    Ok(Json(json!({ "event": event, "aligned": report.aligned })).into_response())
}

/// `POST /api/threads/{id}/resolve`: resolving someone else's thread needs a reason.
async fn resolve(
    State(state): State<AppState>,
    caller: ApiUser,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<ReasonBody>,
) -> AppResult<Response> {
    set_resolved(state, caller, id, true, &body.reason).await
}

/// `POST /api/threads/{id}/reopen`.
async fn reopen(
    State(state): State<AppState>,
    caller: ApiUser,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<ReasonBody>,
) -> AppResult<Response> {
    set_resolved(state, caller, id, false, &body.reason).await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AnswerBody {
    question: String,
    #[serde(default)]
    new_question: bool,
}

/// `POST /api/threads/{id}/answer`: links a concern to the FAQ question that answers it.
async fn answer(
    State(state): State<AppState>,
    caller: ApiUser,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<AnswerBody>,
) -> AppResult<Response> {
    let id: ThreadId = parse_id(&id)?;
    let (link, review, report) =
        answer_concern(&state, &caller.user, id, &body.question, body.new_question).await?;
    let open = report.open_concerns.iter().find(|c| c.thread == id);
    Ok(Json(json!({
        "link": link,
        "resolved": open.is_none(),
        "why_open": open.map(|c| c.why),
        "status": review.document.status,
    }))
    .into_response())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DecisionBody {
    decision: String,
    #[serde(default)]
    reason: String,
    #[serde(default, deserialize_with = "present")]
    base_revision: Option<i64>,
}

/// `POST /api/threads/{id}/decision`: accepts a suggestion as a new revision, or rejects it.
async fn decide(
    State(state): State<AppState>,
    caller: ApiUser,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<DecisionBody>,
) -> AppResult<Response> {
    let id: ThreadId = parse_id(&id)?;
    let decision = decision(&body.decision, &body.reason, body.base_revision)?;
    let event = decide_suggestion(&state, &caller.user, id, decision).await?;
    Ok(Json(json!({ "event": event })).into_response())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct VerdictBody {
    verdict: String,
    #[serde(default)]
    body: String,
}

/// `POST /api/documents/{id}/review/verdicts`: approve, request changes or comment on
/// the newest revision, publishing the caller's pending comments.
async fn verdict(
    State(state): State<AppState>,
    caller: ApiUser,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<VerdictBody>,
) -> AppResult<Response> {
    let id: DocumentId = parse_id(&id)?;
    let (record, review, report) =
        give_verdict(&state, &caller.user, id, &body.verdict, &body.body).await?;
    Ok(created(json!({
        "id": record.id,
        "verdict": record,
        "aligned": report.aligned,
        "status": review.document.status,
    })))
}

/// A verdict named by its word (`approve`, `request-changes`, `comment`), as the form
/// and the API give it, then the rule applied: the record, the review and the report.
pub(crate) async fn give_verdict(
    state: &AppState,
    user: &User,
    doc: DocumentId,
    verdict: &str,
    body: &str,
) -> AppResult<(VerdictRecord, Review, Report)> {
    let verdict: Verdict = choice("verdict", verdict, Verdict::ALL)?;
    let record = state
        .store()
        .submit_verdict(user.id, doc, verdict, body)
        .await
        .map_err(|error| match error {
            prfaq_store::StoreError::Forbidden => AppError::forbidden(
                "Only members asked to review in the newest round give verdicts.",
            ),
            other => other.into(),
        })?;
    state.mail(&record.notices);
    let record = record.into_inner();
    let (review, report, _) = settle(state, user, doc).await?;
    Ok((record, review, report))
}

// The actions below are each what both the review page's forms and the JSON API do:
// the store's change, email about the notices it wrote once it has committed, and the
// rule applied where the change can move the review.

/// Asks members to review the newest revision: the round.
pub(crate) async fn ask_review(
    state: &AppState,
    user: &User,
    doc: DocumentId,
    reviewers: &[NewReviewer<'_>],
) -> AppResult<Round> {
    let round = state
        .store()
        .request_review(user.id, doc, reviewers)
        .await?;
    state.mail(&round.notices);
    settle(state, user, doc).await?;
    Ok(round.into_inner())
}

/// Opens a thread on a passage; a pending one waits for the verdict, so it moves
/// nothing yet.
pub(crate) async fn open_thread(
    state: &AppState,
    user: &User,
    doc: DocumentId,
    new: NewThread<'_>,
) -> AppResult<Thread> {
    let pending = new.pending;
    let thread = state.store().add_thread(user.id, doc, new).await?;
    state.mail(&thread.notices);
    if !pending {
        settle(state, user, doc).await?;
    }
    Ok(thread.into_inner())
}

/// Replies in a thread (which resolves nothing, so the rule is not applied).
pub(crate) async fn reply_in(
    state: &AppState,
    user: &User,
    thread: ThreadId,
    body: &str,
    pending: bool,
) -> AppResult<Comment> {
    let comment = state.store().reply(user.id, thread, body, pending).await?;
    state.mail(&comment.notices);
    Ok(comment.into_inner())
}

/// Resolves or reopens a thread: the event and the rule's report after it.
pub(crate) async fn resolve_thread(
    state: &AppState,
    user: &User,
    thread: ThreadId,
    resolved: bool,
    reason: &str,
) -> AppResult<(ThreadEvent, Report)> {
    let event = state
        .store()
        .set_thread_resolved(user.id, thread, resolved, reason)
        .await?;
    let (_, report, _) = settle(state, user, event.document).await?;
    Ok((event, report))
}

/// Links a concern to the FAQ question that answers it: the link, the review and the
/// rule's report after it.
pub(crate) async fn answer_concern(
    state: &AppState,
    user: &User,
    thread: ThreadId,
    question: &str,
    new_question: bool,
) -> AppResult<(ConcernLink, Review, Report)> {
    let link = state
        .store()
        .link_concern(user.id, thread, question, new_question)
        .await?;
    state.mail(&link.notices);
    let link = link.into_inner();
    let (review, report, _) = settle(state, user, link.document).await?;
    Ok((link, review, report))
}

/// Accepts or rejects a suggestion.
pub(crate) async fn decide_suggestion(
    state: &AppState,
    user: &User,
    thread: ThreadId,
    decision: Decision<'_>,
) -> AppResult<ThreadEvent> {
    let event = state
        .store()
        .decide_suggestion(user.id, thread, decision)
        .await?;
    settle(state, user, event.document).await?;
    Ok(event)
}

/// Logs an assumption the document rests on.
pub(crate) async fn log_assumption(
    state: &AppState,
    user: &User,
    doc: DocumentId,
    text: &str,
    test: &str,
) -> AppResult<Assumption> {
    Ok(state
        .store()
        .add_assumption(user.id, doc, text, test)
        .await?)
}

/// Records an assumption's state named by its word (`untested`, `holds`, `broken`).
pub(crate) async fn assumption_state(
    state: &AppState,
    user: &User,
    assumption: AssumptionId,
    word: &str,
    note: &str,
) -> AppResult<Assumption> {
    let new_state: AssumptionState = choice("state", word, AssumptionState::ALL)?;
    Ok(state
        .store()
        .set_assumption_state(user.id, assumption, new_state, note)
        .await?)
}

/// A decision on a suggestion named by its word (`accept`, `reject`), as the form's path
/// and the API's body give it.
pub(crate) fn decision<'a>(
    word: &str,
    reason: &'a str,
    base: Option<i64>,
) -> AppResult<Decision<'a>> {
    match word {
        "accept" => Ok(Decision::Accept { base }),
        "reject" => Ok(Decision::Reject { reason }),
        _ => Err(AppError::bad_request(
            "`decision` is one of accept, reject.",
        )),
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AssumptionBody {
    text: String,
    test: String,
}

/// `POST /api/documents/{id}/assumptions`.
async fn add_assumption(
    State(state): State<AppState>,
    caller: ApiUser,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<AssumptionBody>,
) -> AppResult<Response> {
    let id: DocumentId = parse_id(&id)?;
    let assumption = log_assumption(&state, &caller.user, id, &body.text, &body.test).await?;
    Ok(created(
        json!({ "id": assumption.id, "assumption": assumption }),
    ))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AssumptionStateBody {
    state: String,
    #[serde(default)]
    note: String,
}

/// `POST /api/assumptions/{id}`: untested, holds or broken (which reopens the review).
async fn set_assumption(
    State(state): State<AppState>,
    caller: ApiUser,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<AssumptionStateBody>,
) -> AppResult<Response> {
    let id: AssumptionId = parse_id(&id)?;
    let assumption = assumption_state(&state, &caller.user, id, &body.state, &body.note).await?;
    Ok(Json(json!({ "assumption": assumption })).into_response())
}

/// `GET /api/review/waiting`: what waits on the caller.
async fn waiting(State(state): State<AppState>, caller: ApiUser) -> AppResult<Response> {
    let waiting = state.store().waiting_on(caller.user.id).await?;
    Ok(Json(json!({ "waiting": waiting })).into_response())
}

/// `GET /api/workspaces/{ws}/review-functions`.
async fn functions(
    State(state): State<AppState>,
    caller: ApiUser,
    Path(ws): Path<String>,
) -> AppResult<Response> {
    let ws: WorkspaceId = parse_id(&ws)?;
    let functions = state.store().review_functions(caller.user.id, ws).await?;
    Ok(Json(json!({ "functions": functions })).into_response())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FunctionBody {
    name: String,
    #[serde(default)]
    required: bool,
}

/// `PUT /api/workspaces/{ws}/review-functions`: adds a function or sets whether every
/// review needs its approval (owners).
async fn set_function(
    State(state): State<AppState>,
    caller: ApiUser,
    Path(ws): Path<String>,
    ApiJson(body): ApiJson<FunctionBody>,
) -> AppResult<Response> {
    let ws: WorkspaceId = parse_id(&ws)?;
    let functions = state
        .store()
        .set_review_function(caller.user.id, ws, &body.name, body.required)
        .await?;
    Ok(Json(json!({ "functions": functions })).into_response())
}
