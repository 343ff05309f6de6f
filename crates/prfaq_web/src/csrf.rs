//! CSRF tokens on every state-changing request.
//!
//! The token is bound to the session: the SHA-256 of the session cookie's secret under a
//! fixed label, so the server keeps no token state and another site, which cannot read
//! the cookie, cannot compute it. Before sign-in (the sign-in and sign-up forms) a
//! random token in its own cookie is used instead (double submit). Forms carry the token
//! in a hidden `csrf` field; the editor's JavaScript sends it in `X-CSRF-Token`.
//!
//! The check runs here, as a layer in front of every route, so no handler can forget
//! it. Requests with `Authorization: Bearer` skip it: a browser never attaches that
//! header to a cross-site request, and such requests are never authenticated by cookie
//! (see [`crate::auth`]). The `Sec-Fetch-Site`/`Origin` check of tower-http's CSRF layer
//! runs in front of this one as a second line.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::auth::{cookie_header, csrf_cookie, read_cookie, session_cookie};
use crate::error::AppError;
use crate::security::{constant_time_eq, random_token, sha256_hex};
use crate::state::AppState;

/// The CSRF token for this request's forms and scripts.
#[derive(Clone, Debug)]
pub(crate) struct CsrfToken(pub String);

/// Marks a request that carries `Authorization: Bearer`; such a request is never
/// authenticated by its cookies.
#[derive(Clone, Copy, Debug)]
pub(crate) struct BearerRequest;

/// The header the editor's JavaScript sends the token in.
pub(crate) const CSRF_HEADER: &str = "x-csrf-token";

/// Establishes the request's token and refuses unsafe requests that do not present it.
pub(crate) async fn csrf(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let secure = state.config().secure_cookies;
    let headers = request.headers();
    let session = read_cookie(headers, session_cookie(secure));
    let pre = read_cookie(headers, csrf_cookie(secure))
        .filter(|v| v.len() == 64 && v.bytes().all(|b| b.is_ascii_hexdigit()));
    let mut minted = None;
    let token = match (session, pre) {
        (Some(secret), _) => session_token(secret),
        (None, Some(pre)) => pre.to_owned(),
        (None, None) => match random_token() {
            Ok(token) => {
                minted = Some(token.clone());
                token
            }
            Err(error) => return error.into_response(),
        },
    };
    let bearer = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("Bearer "));
    let (mut parts, body) = request.into_parts();
    let mut body = body;
    let unsafe_method = !matches!(parts.method, Method::GET | Method::HEAD | Method::OPTIONS);
    if unsafe_method && !bearer {
        let content_type = parts
            .headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_ascii_lowercase();
        let mut presented = parts
            .headers
            .get(CSRF_HEADER)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        if presented.is_none() && content_type.starts_with("application/x-www-form-urlencoded") {
            // A plain HTML form: the token is a field of the body. Read the body (within
            // the size limit), take the field, and hand the same bytes on.
            let limit = state.config().max_body_bytes;
            let bytes = match axum::body::to_bytes(body, limit).await {
                Ok(bytes) => bytes,
                Err(error) => return body_error(&error, limit),
            };
            presented = form_urlencoded::parse(&bytes)
                .find(|(key, _)| key == "csrf")
                .map(|(_, value)| value.into_owned());
            body = Body::from(bytes);
        } else if presented.is_none() && content_type.starts_with("multipart/form-data") {
            // An upload form cannot put the field before the file, so it carries the
            // token in its action URL.
            presented = parts.uri.query().and_then(|q| {
                form_urlencoded::parse(q.as_bytes())
                    .find(|(key, _)| key == "csrf")
                    .map(|(_, value)| value.into_owned())
            });
        }
        if !presented.is_some_and(|p| constant_time_eq(&p, &token)) {
            return AppError::Csrf.into_response();
        }
    }
    if bearer {
        parts.extensions.insert(BearerRequest);
    }
    parts.extensions.insert(CsrfToken(token));
    let mut response = next.run(Request::from_parts(parts, body)).await;
    if let Some(token) = minted {
        response.headers_mut().append(
            header::SET_COOKIE,
            cookie_header(csrf_cookie(secure), &token, None, secure),
        );
    }
    response
}

/// The token for forms of a signed-in session.
pub(crate) fn session_token(session_secret: &str) -> String {
    sha256_hex(&["prfaq csrf v1", session_secret])
}

/// A body that could not be read: too large (413) or too slow (408).
fn body_error(error: &axum::Error, limit: usize) -> Response {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(e) = source {
        if e.is::<http_body_util::LengthLimitError>() {
            return AppError::PayloadTooLarge { limit }.into_response();
        }
        source = e.source();
    }
    let mut response = axum::http::StatusCode::REQUEST_TIMEOUT.into_response();
    response
        .headers_mut()
        .insert(header::CONNECTION, HeaderValue::from_static("close"));
    response
}
