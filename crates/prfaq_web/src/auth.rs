//! Who is asking: session cookies, bearer tokens, password hashing and sign-in limits.
//!
//! Authentication is a pair of extractors. [`SignedIn`] serves pages and reads only the
//! session cookie; [`ApiUser`] serves the JSON API and takes either the session cookie
//! (the editor's own requests, CSRF-checked by [`crate::csrf`]) or an
//! `Authorization: Bearer` personal access token (the command line), which the CSRF
//! layer has already looked up. The cookie holds a random secret; the store keeps only
//! its SHA-256, so a copy of the database signs nobody in.

use std::collections::HashSet;
use std::sync::OnceLock;
use std::time::Duration;

use argon2::{Algorithm, Argon2, Params, PasswordHasher, PasswordVerifier, Version};
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method, header};
use prfaq_store::{TokenScope, User};

use crate::config::PasswordCost;
use crate::csrf::{BearerRequest, CsrfToken};
use crate::error::{AppError, AppResult};
use crate::state::AppState;

/// A signed-in user of the pages, with the CSRF token the page's forms must carry.
pub(crate) struct SignedIn {
    pub user: User,
    pub csrf: String,
    /// Unread notices, for the header of a page (read on `GET` only; 0 otherwise).
    pub unread: i64,
}

/// Whoever is visiting a page, signed in or not.
pub(crate) struct Visitor {
    pub user: Option<User>,
    pub csrf: String,
    /// Unread notices of a signed-in visitor on a `GET`; 0 otherwise.
    pub unread: i64,
}

/// The caller of a JSON API route.
pub(crate) struct ApiUser {
    pub user: User,
    pub via: Via,
}

/// How an API caller proved who it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Via {
    Session,
    Token(TokenScope),
}

/// API routes that use POST but change nothing, so a read-only token may call them.
const READ_ONLY_POSTS: &[&str] = &["/api/check", "/api/preview"];

impl FromRequestParts<AppState> for SignedIn {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> AppResult<Self> {
        // Pages are for browsers: a bearer token never signs a page request in.
        if parts.extensions.get::<BearerRequest>().is_some() {
            return Err(AppError::SignInRequired);
        }
        let user = session_user(&parts.headers, state)
            .await?
            .ok_or(AppError::SignInRequired)?;
        let unread = unread_for_page(parts, state, Some(&user)).await?;
        Ok(SignedIn {
            user,
            csrf: csrf_of(parts),
            unread,
        })
    }
}

impl FromRequestParts<AppState> for Visitor {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> AppResult<Self> {
        let user = if parts.extensions.get::<BearerRequest>().is_some() {
            None
        } else {
            session_user(&parts.headers, state).await?
        };
        let unread = unread_for_page(parts, state, user.as_ref()).await?;
        Ok(Visitor {
            user,
            csrf: csrf_of(parts),
            unread,
        })
    }
}

/// The header's count of unread notices: one indexed count, read for pages (`GET`)
/// only, since a form's `POST` answers with a redirect and shows no header.
async fn unread_for_page(parts: &Parts, state: &AppState, user: Option<&User>) -> AppResult<i64> {
    match user {
        Some(user) if parts.method == Method::GET => {
            Ok(state.store().unread_notices(user.id).await?)
        }
        _ => Ok(0),
    }
}

impl FromRequestParts<AppState> for ApiUser {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> AppResult<Self> {
        if let Some(BearerRequest(token)) = parts.extensions.get::<BearerRequest>() {
            let token = token.clone();
            let writes = !matches!(parts.method, Method::GET | Method::HEAD)
                && !READ_ONLY_POSTS.contains(&parts.uri.path());
            if writes && token.scope == TokenScope::Read {
                return Err(AppError::forbidden(
                    "This token can only read. Create a token with the write scope to save.",
                ));
            }
            let user = state.store().user(token.user).await?;
            return Ok(ApiUser {
                user,
                via: Via::Token(token.scope),
            });
        }
        // Any other `Authorization` header proves nothing, and is not a cookie either.
        if parts.headers.contains_key(header::AUTHORIZATION) {
            return Err(AppError::SignInRequired);
        }
        let user = session_user(&parts.headers, state)
            .await?
            .ok_or(AppError::SignInRequired)?;
        Ok(ApiUser {
            user,
            via: Via::Session,
        })
    }
}

impl ApiUser {
    /// Refuses token callers: managing tokens takes a signed-in browser, so a leaked
    /// token cannot mint more tokens.
    pub fn require_session(&self) -> AppResult<()> {
        match self.via {
            Via::Session => Ok(()),
            Via::Token(_) => Err(AppError::forbidden(
                "Personal access tokens cannot manage tokens; sign in with a browser.",
            )),
        }
    }
}

/// The user whose live session the cookie names, if any.
async fn session_user(headers: &HeaderMap, state: &AppState) -> AppResult<Option<User>> {
    let Some(secret) = read_cookie(headers, session_cookie(state.config().secure_cookies)) else {
        return Ok(None);
    };
    state.session_user(secret).await
}

fn csrf_of(parts: &Parts) -> String {
    parts
        .extensions
        .get::<CsrfToken>()
        .map(|t| t.0.clone())
        .unwrap_or_default()
}

// ---- cookies ----

/// The session cookie's name. With `Secure` cookies the `__Host-` prefix makes the
/// browser refuse the cookie from plain http and from any other host or path.
pub(crate) fn session_cookie(secure: bool) -> &'static str {
    if secure {
        "__Host-prfaq_session"
    } else {
        "prfaq_session"
    }
}

/// The name of the CSRF cookie visitors get before they sign in.
pub(crate) fn csrf_cookie(secure: bool) -> &'static str {
    if secure {
        "__Host-prfaq_csrf"
    } else {
        "prfaq_csrf"
    }
}

/// The value of the cookie `name`, from every `Cookie` header of the request.
pub(crate) fn read_cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.trim_matches('"'))
        .filter(|value| !value.is_empty())
}

/// A `Set-Cookie` value: HttpOnly, SameSite=Lax, path `/`, `Secure` when configured.
/// `max_age` of `None` makes a cookie that ends with the browser session; zero deletes.
pub(crate) fn cookie_header(
    name: &str,
    value: &str,
    max_age: Option<Duration>,
    secure: bool,
) -> HeaderValue {
    let mut cookie = format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax");
    if let Some(age) = max_age {
        cookie.push_str(&format!("; Max-Age={}", age.as_secs()));
    }
    if secure {
        cookie.push_str("; Secure");
    }
    // Values are hex secrets and fixed names, always valid header text.
    HeaderValue::from_str(&cookie).unwrap_or_else(|_| HeaderValue::from_static(""))
}

// ---- passwords ----

/// The shortest password accepted.
pub(crate) const MIN_PASSWORD_CHARS: usize = 10;
/// The longest password accepted, so nobody can make the server hash megabytes.
pub(crate) const MAX_PASSWORD_BYTES: usize = 1024;

/// Passwords that leaked most often, lower-cased, one per line (see the file's header).
const COMMON_PASSWORDS: &str = include_str!("../data/common-passwords.txt");

/// Checks a new password for `email`'s account as NIST SP 800-63B asks: long enough,
/// not too long to hash, and not one an attacker tries first (a common password, only
/// spaces, one character repeated, or the email address itself).
pub(crate) fn validate_password(password: &str, email: &str) -> AppResult<()> {
    if password.trim().is_empty() && !password.is_empty() {
        return Err(AppError::bad_request(
            "Choose a password that is more than spaces.",
        ));
    }
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(AppError::bad_request(format!(
            "Choose a password of at least {MIN_PASSWORD_CHARS} characters."
        )));
    }
    if password.len() > MAX_PASSWORD_BYTES {
        return Err(AppError::bad_request(format!(
            "Choose a password of at most {MAX_PASSWORD_BYTES} bytes."
        )));
    }
    let lower = password.trim().to_lowercase();
    if lower == email.trim().to_lowercase() {
        return Err(AppError::bad_request(
            "Choose a password other than your email address.",
        ));
    }
    let mut chars = lower.chars();
    let first = chars.next();
    if chars.all(|c| Some(c) == first) || common_passwords().contains(lower.as_str()) {
        return Err(AppError::bad_request(
            "This password is among the most common ones, which attackers try first. Choose another: a few unrelated words make a long password that is easy to remember.",
        ));
    }
    Ok(())
}

fn common_passwords() -> &'static HashSet<&'static str> {
    static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| {
        COMMON_PASSWORDS
            .lines()
            .filter(|line| !line.is_empty() && !line.starts_with('#'))
            .collect()
    })
}

/// Hashes a password with argon2id on a blocking thread (hashing takes tens of
/// milliseconds of CPU on purpose, which must not stall the async workers).
pub(crate) async fn hash_password(password: String, cost: PasswordCost) -> AppResult<String> {
    tokio::task::spawn_blocking(move || hash_now(&password, cost))
        .await
        .map_err(|e| AppError::Internal(anyhow::anyhow!("password hashing stopped: {e}")))?
}

/// Checks a password against a stored PHC string on a blocking thread.
pub(crate) async fn verify_password(password: String, phc: String) -> AppResult<bool> {
    tokio::task::spawn_blocking(move || {
        Argon2::default()
            .verify_password(password.as_bytes(), phc.as_str())
            .is_ok()
    })
    .await
    .map_err(|e| AppError::Internal(anyhow::anyhow!("password check stopped: {e}")))
}

/// Spends the same time as a real check when the account does not exist, so the
/// response time does not tell which email addresses have accounts.
pub(crate) async fn verify_dummy(password: String, cost: PasswordCost) -> AppResult<()> {
    static DUMMY: OnceLock<String> = OnceLock::new();
    let phc = match DUMMY.get() {
        Some(phc) => phc.clone(),
        None => {
            let phc = hash_password("not a real password".into(), cost).await?;
            DUMMY.get_or_init(|| phc).clone()
        }
    };
    verify_password(password, phc).await.map(|_| ())
}

fn hash_now(password: &str, cost: PasswordCost) -> AppResult<String> {
    let params = Params::new(cost.memory_kib, cost.iterations, 1, None)
        .map_err(|e| AppError::Internal(anyhow::anyhow!("bad argon2 parameters: {e}")))?;
    let hash = Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
        .hash_password(password.as_bytes())
        .map_err(|e| AppError::Internal(anyhow::anyhow!("password hashing failed: {e}")))?;
    Ok(hash.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_cookies() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::COOKIE,
            HeaderValue::from_static("a=1; prfaq_session=abc; b=2"),
        );
        assert_eq!(read_cookie(&headers, "prfaq_session"), Some("abc"));
        assert_eq!(read_cookie(&headers, "missing"), None);
    }

    #[test]
    fn refuses_common_and_guessable_passwords() {
        let email = "dana@example.com";
        assert!(validate_password("correct horse battery staple", email).is_ok());
        for bad in [
            "          ",
            "\t\t\t\t\t\t\t\t\t\t\t",
            "short",
            "1234567890",
            "QwertyUiop",
            " password123 ",
            "aaaaaaaaaaaa",
            "DANA@example.com",
        ] {
            assert!(validate_password(bad, email).is_err(), "{bad:?}");
        }
        assert!(common_passwords().len() > 10_000);
        assert!(common_passwords().contains("password"));
    }

    #[test]
    fn hashes_and_verifies_passwords() {
        let phc = hash_now("correct horse battery", PasswordCost::TESTING).expect("hash");
        assert!(phc.starts_with("$argon2id$"));
        assert!(
            Argon2::default()
                .verify_password(b"correct horse battery", phc.as_str())
                .is_ok()
        );
        assert!(
            Argon2::default()
                .verify_password(b"wrong horse", phc.as_str())
                .is_err()
        );
    }
}
