//! Notifications: the inbox page (`/notifications`), marking one or all read, and the
//! same through the JSON API with a personal access token. A member sees only their own
//! notices; another member's notice is the 404 of a missing one. Each member also turns
//! email about their notices on or off for themselves (`mail.rs` sends it when the
//! server has an SMTP server).

use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use minijinja::context;
use prfaq_store::{NoticeId, NoticeKind, NoticeSelection, UserId};
use serde::Deserialize;
use serde_json::json;

use crate::auth::{ApiUser, SignedIn};
use crate::error::{AppError, AppResult};
use crate::routes::api::ApiJson;
use crate::routes::shared::{base, parse_id, ser};
use crate::state::AppState;

/// How many notices the inbox page shows, newest first.
const PAGE_NOTICES: u32 = 200;

pub(crate) fn page_routes() -> Router<AppState> {
    Router::new()
        .route("/notifications", get(page))
        .route("/notifications/read-all", post(read_all_form))
        .route("/notifications/{id}/read", post(read_one_form))
        .route("/notifications/email", post(email_form))
}

pub(crate) fn api_routes() -> Router<AppState> {
    Router::new()
        .route("/api/notifications", get(list))
        .route("/api/notifications/read-all", post(read_all))
        .route("/api/notifications/{id}/read", post(read_one))
        .route("/api/notifications/email", get(email).post(set_email))
}

/// What a notice says, after the actor's name.
fn says(kind: NoticeKind) -> &'static str {
    match kind {
        NoticeKind::ReviewRequested => "asked you to review",
        NoticeKind::CommentOnThread => "replied in your thread on",
        NoticeKind::CommentOnDocument => "commented on",
        NoticeKind::ConcernAnswered => "linked your concern to the FAQ of",
        NoticeKind::VerdictGiven => "gave a verdict on",
        NoticeKind::DocumentAligned => "brought into alignment",
    }
}

/// `GET /notifications`: the signed-in member's notices, newest first.
async fn page(State(state): State<AppState>, signed: SignedIn) -> AppResult<Response> {
    let notices = state
        .store()
        .notices(signed.user.id, false, PAGE_NOTICES)
        .await?;
    let items: Vec<minijinja::Value> = notices
        .iter()
        .map(|n| {
            context! {
                n => ser(n),
                id => n.id.0.to_string(),
                says => says(n.kind),
                unread => n.read_at.is_none(),
            }
        })
        .collect();
    let email = state.store().mail_notices(signed.user.id).await?;
    let ctx = context! {
        ..base(&signed.user, &signed.csrf, signed.unread),
        ..context! {
            items => items,
            email => email,
            mail_configured => state.config().mail.is_some(),
        }
    };
    Ok(state
        .templates()
        .page("notifications.html", ctx)?
        .into_response())
}

async fn mark(state: &AppState, who: UserId, which: NoticeSelection) -> AppResult<u64> {
    Ok(state.store().mark_notices_read(who, which).await?)
}

/// `POST /notifications/{id}/read`.
async fn read_one_form(
    State(state): State<AppState>,
    signed: SignedIn,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let id: NoticeId = parse_id(&id)?;
    mark(&state, signed.user.id, NoticeSelection::One(id)).await?;
    Ok(Redirect::to("/notifications").into_response())
}

/// `POST /notifications/read-all`.
async fn read_all_form(State(state): State<AppState>, signed: SignedIn) -> AppResult<Response> {
    mark(&state, signed.user.id, NoticeSelection::All).await?;
    Ok(Redirect::to("/notifications").into_response())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ListQuery {
    #[serde(default)]
    unread: Option<String>,
    #[serde(default)]
    limit: Option<String>,
}

/// `unread=true|false` (or 1, 0); anything else names the parameter.
fn flag(value: Option<&str>) -> AppResult<bool> {
    match value {
        None | Some("false") | Some("0") => Ok(false),
        Some("true") | Some("1") => Ok(true),
        Some(other) => Err(AppError::bad_request(format!(
            "`unread` is `{other}`: use true or false"
        ))),
    }
}

/// `limit=N` with N from 1 to 500; 100 when absent.
fn limit(value: Option<&str>) -> AppResult<u32> {
    let Some(text) = value else {
        return Ok(100);
    };
    match text.parse::<u32>() {
        Ok(n) if (1..=500).contains(&n) => Ok(n),
        _ => Err(AppError::bad_request(format!(
            "`limit` is `{text}`: use a whole number from 1 to 500"
        ))),
    }
}

/// `GET /api/notifications?unread=true&limit=N`.
async fn list(
    State(state): State<AppState>,
    caller: ApiUser,
    query: Result<Query<ListQuery>, axum::extract::rejection::QueryRejection>,
) -> AppResult<Response> {
    let Query(query) = query.map_err(|e| AppError::bad_request(e.body_text()))?;
    let unread_only = flag(query.unread.as_deref())?;
    let limit = limit(query.limit.as_deref())?;
    let store = state.store();
    let notices = store.notices(caller.user.id, unread_only, limit).await?;
    let unread = store.unread_notices(caller.user.id).await?;
    Ok(Json(json!({ "notices": notices, "unread": unread })).into_response())
}

/// `POST /api/notifications/{id}/read`.
async fn read_one(
    State(state): State<AppState>,
    caller: ApiUser,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let id: NoticeId = parse_id(&id)?;
    let marked = mark(&state, caller.user.id, NoticeSelection::One(id)).await?;
    Ok(Json(json!({ "marked": marked })).into_response())
}

/// `POST /api/notifications/read-all`.
async fn read_all(State(state): State<AppState>, caller: ApiUser) -> AppResult<Response> {
    let marked = mark(&state, caller.user.id, NoticeSelection::All).await?;
    Ok(Json(json!({ "marked": marked })).into_response())
}

#[derive(Deserialize)]
pub(crate) struct EmailForm {
    #[serde(default)]
    email: String,
}

/// `POST /notifications/email` with `email=on` or `email=off`.
async fn email_form(
    State(state): State<AppState>,
    signed: SignedIn,
    axum::Form(form): axum::Form<EmailForm>,
) -> AppResult<Response> {
    let on = match form.email.as_str() {
        "on" => true,
        "off" => false,
        other => {
            return Err(AppError::bad_request(format!(
                "`email` is `{other}`: choose on or off"
            )));
        }
    };
    state.store().set_mail_notices(signed.user.id, on).await?;
    Ok(Redirect::to("/notifications").into_response())
}

/// Whether the caller takes email about notices, and whether this server sends any.
async fn email_json(state: &AppState, user: UserId) -> AppResult<Response> {
    let email = state.store().mail_notices(user).await?;
    let sent = state.config().mail.is_some();
    Ok(Json(json!({ "email": email, "server_sends_mail": sent })).into_response())
}

/// `GET /api/notifications/email`.
async fn email(State(state): State<AppState>, caller: ApiUser) -> AppResult<Response> {
    email_json(&state, caller.user.id).await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EmailBody {
    email: bool,
}

/// `POST /api/notifications/email` with `{"email": false}` turns the caller's email
/// about notices off, `true` on again.
async fn set_email(
    State(state): State<AppState>,
    caller: ApiUser,
    ApiJson(body): ApiJson<EmailBody>,
) -> AppResult<Response> {
    state
        .store()
        .set_mail_notices(caller.user.id, body.email)
        .await?;
    email_json(&state, caller.user.id).await
}
