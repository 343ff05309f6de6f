//! CSRF tokens on every state-changing request.
//!
//! The token is bound to the session: the SHA-256 of the session cookie's secret under a
//! fixed label, so the server keeps no token state and another site, which cannot read
//! the cookie, cannot compute it. Before sign-in (the sign-in and sign-up forms) a
//! random token in its own cookie is used instead (double submit). Forms carry the token
//! in a hidden `csrf` field; the editor's JavaScript sends it in `X-CSRF-Token`.
//!
//! The check runs here, as a layer in front of every route, so no handler can forget
//! it. A request with an `Authorization` header skips it, and loses its cookies here:
//! nothing behind this layer can be authenticated by a cookie without the CSRF check.
//! Such a request is authenticated only when its `Bearer` token is a live personal
//! access token, looked up here ([`BearerRequest`]); with any other value it is nobody,
//! and routes that need a user refuse it with 401. The `Sec-Fetch-Site`/`Origin` check
//! of tower-http's CSRF layer runs in front of this one as a second line.
//!
//! Form bodies are read here too (within the size limit), and one that does not decode
//! to UTF-8 is refused with 400 naming the field, rather than reaching a handler with
//! its bytes turned into replacement characters.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use prfaq_store::{ApiToken, StoreError};

use crate::auth::{cookie_header, csrf_cookie, read_cookie, session_cookie};
use crate::error::AppError;
use crate::security::{constant_time_eq, random_token, sha256_hex};
use crate::state::AppState;

/// The CSRF token for this request's forms and scripts.
#[derive(Clone, Debug)]
pub(crate) struct CsrfToken(pub String);

/// Marks a request authenticated by a live personal access token (`Authorization:
/// Bearer`); its cookies have been removed.
#[derive(Clone, Debug)]
pub(crate) struct BearerRequest(pub ApiToken);

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
    let authorization = headers.contains_key(header::AUTHORIZATION);
    let bearer = match bearer_secret(headers) {
        None => None,
        Some(secret) => match state.store().token(secret).await {
            Ok(token) => Some(token),
            Err(StoreError::NotFound) => None,
            Err(other) => return AppError::from(other).into_response(),
        },
    };
    let (mut parts, body) = request.into_parts();
    let mut body = body;
    let content_type = parts
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    let mut form_token = None;
    if content_type.starts_with("application/x-www-form-urlencoded") {
        // A plain HTML form. Read the body (within the size limit), make sure it is
        // UTF-8, take the token field, and hand the same bytes on.
        let limit = state.config().max_body_bytes;
        let bytes = match axum::body::to_bytes(body, limit).await {
            Ok(bytes) => bytes,
            Err(error) => return body_error(&error, limit),
        };
        if let Err(field) = form_is_utf8(&bytes) {
            return AppError::bad_request(format!(
                "The form field `{field}` is not UTF-8 text. Send the form from this site's pages, which encode it as UTF-8."
            ))
            .into_response();
        }
        form_token = form_urlencoded::parse(&bytes)
            .find(|(key, _)| key == "csrf")
            .map(|(_, value)| value.into_owned());
        body = Body::from(bytes);
    }
    let unsafe_method = !matches!(parts.method, Method::GET | Method::HEAD | Method::OPTIONS);
    if unsafe_method && !authorization {
        let mut presented = parts
            .headers
            .get(CSRF_HEADER)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
            .or(form_token);
        if presented.is_none() && content_type.starts_with("multipart/form-data") {
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
    if authorization {
        // A request that skipped the check is never a cookie request, whatever handler
        // it reaches; only a live token makes it anybody's.
        parts.headers.remove(header::COOKIE);
        if let Some(token) = bearer {
            parts.extensions.insert(BearerRequest(token));
        }
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

/// The secret of an `Authorization: Bearer` header, if the request has one.
fn bearer_secret(headers: &axum::http::HeaderMap) -> Option<&str> {
    headers
        .get(header::AUTHORIZATION)?
        .to_str()
        .ok()?
        .strip_prefix("Bearer ")
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

/// Whether every name and value of a URL-encoded form decodes to UTF-8; otherwise the
/// name of the first field that does not (as far as it can be read).
fn form_is_utf8(body: &[u8]) -> Result<(), String> {
    for pair in body.split(|&b| b == b'&') {
        let mut halves = pair.splitn(2, |&b| b == b'=');
        let name = percent_decode(halves.next().unwrap_or_default());
        let value = percent_decode(halves.next().unwrap_or_default());
        if std::str::from_utf8(&name).is_err() || std::str::from_utf8(&value).is_err() {
            let shown: String = String::from_utf8_lossy(&name).chars().take(40).collect();
            return Err(shown);
        }
    }
    Ok(())
}

/// `application/x-www-form-urlencoded` decoding to bytes: `+` is a space, `%XX` a byte.
fn percent_decode(input: &[u8]) -> Vec<u8> {
    let hex = |b: u8| (b as char).to_digit(16);
    let mut out = Vec::with_capacity(input.len());
    let mut i = 0;
    while i < input.len() {
        match input[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < input.len() => match (hex(input[i + 1]), hex(input[i + 2])) {
                (Some(high), Some(low)) => {
                    out.push((high * 16 + low) as u8);
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            other => out.push(other),
        }
        i += 1;
    }
    out
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
