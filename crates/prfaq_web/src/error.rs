//! One error type for every handler and layer, and the one place that turns it into a
//! response.
//!
//! A handler returns [`AppError`]; its response carries an [`ErrorInfo`] and no body.
//! The [`render_errors`] layer, which every response passes through, then writes the
//! body the route calls for: JSON under `/api/`, an HTML page elsewhere. Errors made by
//! layers (413, 403 for CSRF, 408) and by axum itself (405) get the same treatment, so a
//! client never sees two error formats.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use prfaq_store::StoreError;
use serde_json::{Value, json};

use crate::state::AppState;

/// Everything that can stop a request.
#[derive(Debug)]
pub(crate) enum AppError {
    /// The thing does not exist, or the user may not know that it exists.
    NotFound,
    /// The request needs a signed-in user (pages redirect to the sign-in page).
    SignInRequired,
    /// Signed in, but not allowed.
    Forbidden(String),
    /// The request is malformed or its input is unacceptable.
    BadRequest(String),
    /// The request contradicts the current state.
    Conflict(String),
    /// A link that has expired.
    Gone(String),
    /// The body is larger than the configured limit.
    PayloadTooLarge { limit: usize },
    /// A state-changing request without a valid CSRF token.
    Csrf,
    /// The database's disk is full: nothing was written. Logged for the operator.
    StorageFull(StoreError),
    /// A failure of ours; logged, never shown in detail.
    Internal(anyhow::Error),
    /// An error with machine-readable details for the API (a stale save).
    Detailed {
        status: StatusCode,
        code: &'static str,
        message: String,
        details: Value,
    },
}

/// What went wrong, attached to an error response for [`render_errors`] to render.
#[derive(Clone, Debug)]
pub(crate) struct ErrorInfo {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
    pub details: Option<Value>,
}

pub(crate) type AppResult<T> = Result<T, AppError>;

impl AppError {
    pub fn forbidden(message: impl Into<String>) -> Self {
        AppError::Forbidden(message.into())
    }

    pub fn bad_request(message: impl Into<String>) -> Self {
        AppError::BadRequest(message.into())
    }

    fn info(self) -> ErrorInfo {
        let (status, code, message, details) = match self {
            AppError::NotFound => (
                StatusCode::NOT_FOUND,
                "not_found",
                "There is nothing here, or you do not have access to it.".to_owned(),
                None,
            ),
            AppError::SignInRequired => (
                StatusCode::UNAUTHORIZED,
                "unauthorized",
                "Sign in first, or send `Authorization: Bearer <token>`.".to_owned(),
                None,
            ),
            AppError::Forbidden(message) => (StatusCode::FORBIDDEN, "forbidden", message, None),
            AppError::BadRequest(message) => {
                (StatusCode::BAD_REQUEST, "bad_request", message, None)
            }
            AppError::Conflict(message) => (StatusCode::CONFLICT, "conflict", message, None),
            AppError::Gone(message) => (StatusCode::GONE, "gone", message, None),
            AppError::PayloadTooLarge { limit } => (
                StatusCode::PAYLOAD_TOO_LARGE,
                "payload_too_large",
                format!(
                    "The request is larger than this server accepts ({}). Split the document or ask the administrator to raise the limit.",
                    human_bytes(limit)
                ),
                Some(json!({ "limit_bytes": limit })),
            ),
            AppError::Csrf => (
                StatusCode::FORBIDDEN,
                "csrf",
                "This form has expired or came from another site. Reload the page and try again."
                    .to_owned(),
                None,
            ),
            AppError::StorageFull(error) => {
                tracing::error!(%error, "a write was refused: free disk space for the database");
                (
                    StatusCode::INSUFFICIENT_STORAGE,
                    "storage_full",
                    "The server's disk is full, so this change was not saved. Anything you typed is still here; keep a copy and try again once space has been freed on the server."
                        .to_owned(),
                    None,
                )
            }
            AppError::Internal(error) => {
                // The chain of causes is logged for the operator; the user sees only
                // that something failed, never database details.
                tracing::error!(error = %format!("{error:#}"), "request failed");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "internal",
                    "Something went wrong on the server. Your text is still in the editor; try again in a moment."
                        .to_owned(),
                    None,
                )
            }
            AppError::Detailed {
                status,
                code,
                message,
                details,
            } => (status, code, message, Some(details)),
        };
        ErrorInfo {
            status,
            code,
            message,
            details,
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let info = self.info();
        let mut response = info.status.into_response();
        response.extensions_mut().insert(info);
        response
    }
}

impl From<StoreError> for AppError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::NotFound => AppError::NotFound,
            StoreError::Forbidden => {
                AppError::forbidden("Your role in this workspace does not allow this.")
            }
            StoreError::Stale { current } => AppError::Conflict(format!(
                "The document has changed since you opened it: the newest revision is {current}."
            )),
            StoreError::Duplicate(what) => AppError::Conflict(format!("{what} already exists.")),
            StoreError::Conflict(message) => AppError::Conflict(message),
            StoreError::Expired => AppError::Gone("This link has expired.".into()),
            StoreError::Invalid(message) => AppError::BadRequest(message),
            full @ StoreError::StorageFull(_) => AppError::StorageFull(full),
            other => AppError::Internal(other.into()),
        }
    }
}

impl From<anyhow::Error> for AppError {
    fn from(error: anyhow::Error) -> Self {
        AppError::Internal(error)
    }
}

/// Writes the body of every error response: JSON under `/api/`, HTML elsewhere.
pub(crate) async fn render_errors(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path().to_owned();
    let is_get = request.method() == axum::http::Method::GET;
    let query = request.uri().query().map(str::to_owned);
    let api = path.starts_with("/api/") || path == "/api";
    // An error page shows the same header as every other page, so a signed-in visitor
    // sees their name and "Sign out", not "Sign in". The session is looked up only when
    // an error page is rendered; a bearer request never signs a page in.
    let session = (!api && !request.headers().contains_key(header::AUTHORIZATION))
        .then(|| {
            crate::auth::read_cookie(
                request.headers(),
                crate::auth::session_cookie(state.config().secure_cookies),
            )
            .map(str::to_owned)
        })
        .flatten();
    let mut response = next.run(request).await;
    let info = match response.extensions_mut().remove::<ErrorInfo>() {
        Some(info) => info,
        None if response.status().is_client_error() || response.status().is_server_error() => {
            // An error made outside our handlers (axum's 405, a layer's timeout).
            if has_body_type(&response) {
                return response;
            }
            if response.status() == StatusCode::PAYLOAD_TOO_LARGE {
                // axum's own body limit: say what the limit is, like our check does.
                AppError::PayloadTooLarge {
                    limit: state.config().max_body_bytes,
                }
                .info()
            } else {
                from_status(response.status())
            }
        }
        None => return response,
    };
    let (mut parts, _) = response.into_parts();
    parts.headers.remove(header::CONTENT_LENGTH);
    if api {
        if info.status == StatusCode::UNAUTHORIZED {
            parts.headers.insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"prfaq\""),
            );
        }
        let mut body = json!({
            "error": { "status": info.status.as_u16(), "code": info.code, "message": info.message }
        });
        if let (Some(Value::Object(details)), Some(object)) = (info.details, body.as_object_mut()) {
            for (key, value) in details {
                object.insert(key, value);
            }
        }
        parts.headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        return Response::from_parts(parts, Body::from(body.to_string()));
    }
    if info.status == StatusCode::UNAUTHORIZED {
        // Pages send the visitor to the sign-in form and back here afterwards.
        let next = if is_get {
            let mut target = path;
            if let Some(query) = query {
                target.push('?');
                target.push_str(&query);
            }
            format!("/signin?next={}", crate::routes::url_encode(&target))
        } else {
            "/signin".to_owned()
        };
        parts.status = StatusCode::SEE_OTHER;
        if let Ok(location) = HeaderValue::from_str(&next) {
            parts.headers.insert(header::LOCATION, location);
        }
        return Response::from_parts(parts, Body::empty());
    }
    let signed_in = match &session {
        // A failed look-up only costs the header its name; the error is still shown.
        Some(secret) => state
            .session_user(secret)
            .await
            .ok()
            .flatten()
            .map(|user| (user, crate::csrf::session_token(secret))),
        None => None,
    };
    let html = state
        .templates()
        .render_error(info.status, &info.message, signed_in.as_ref());
    parts.headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    Response::from_parts(parts, Body::from(html))
}

/// An [`ErrorInfo`] for a bare status code.
fn from_status(status: StatusCode) -> ErrorInfo {
    let message = match status {
        StatusCode::METHOD_NOT_ALLOWED => "This address does not accept that method.".to_owned(),
        StatusCode::REQUEST_TIMEOUT => "The request took too long to arrive. Try again.".to_owned(),
        StatusCode::NOT_FOUND => {
            "There is nothing here, or you do not have access to it.".to_owned()
        }
        other => other
            .canonical_reason()
            .unwrap_or("The request failed.")
            .to_owned(),
    };
    let code = match status {
        StatusCode::NOT_FOUND => "not_found",
        StatusCode::METHOD_NOT_ALLOWED => "method_not_allowed",
        StatusCode::REQUEST_TIMEOUT => "timeout",
        StatusCode::PAYLOAD_TOO_LARGE => "payload_too_large",
        StatusCode::UNSUPPORTED_MEDIA_TYPE => "unsupported_media_type",
        StatusCode::FORBIDDEN => "forbidden",
        _ if status.is_server_error() => "internal",
        _ => "bad_request",
    };
    ErrorInfo {
        status,
        code,
        message,
        details: None,
    }
}

fn has_body_type(response: &Response) -> bool {
    response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html") || v.starts_with("application/json"))
}

/// `2 MiB`, `512 KiB`, `100 bytes`.
pub(crate) fn human_bytes(bytes: usize) -> String {
    if bytes >= 1024 * 1024 && bytes.is_multiple_of(1024 * 1024) {
        format!("{} MiB", bytes / (1024 * 1024))
    } else if bytes >= 1024 && bytes.is_multiple_of(1024) {
        format!("{} KiB", bytes / 1024)
    } else {
        format!("{bytes} bytes")
    }
}
