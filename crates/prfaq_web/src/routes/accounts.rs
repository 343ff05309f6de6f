//! Sign-up, sign-in and sign-out.
//!
//! The first account on an empty database owns the first workspace, which is seeded with
//! the example PR/FAQ. Sign-in failures are counted per account and per client address
//! (in the store, so limits hold across restarts); past the limit, sign-in is refused
//! before the password is even checked.

use axum::extract::{Query, State};
use axum::http::request::Parts;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Form, extract::FromRequestParts};
use minijinja::context;
use prfaq_store::{Millis, NewDocument, StoreError, User, now_millis};
use serde::Deserialize;

use crate::auth::{
    Visitor, client_address, cookie_header, hash_password, read_cookie, session_cookie,
    validate_password, verify_dummy, verify_password,
};
use crate::error::{AppError, AppResult};
use crate::routes::shared::{base_anonymous, safe_next};
use crate::state::AppState;

#[derive(Deserialize)]
pub(crate) struct SignupQuery {
    invite: Option<String>,
    email: Option<String>,
}

/// `GET /signup`.
pub(crate) async fn signup_page(
    State(state): State<AppState>,
    visitor: Visitor,
    Query(query): Query<SignupQuery>,
) -> AppResult<Response> {
    if visitor.user.is_some() && query.invite.is_none() {
        return Ok(Redirect::to("/").into_response());
    }
    let first = state.store().user_count().await? == 0;
    let form = SignupForm {
        name: String::new(),
        email: query.email.unwrap_or_default(),
        password: String::new(),
        invite: query.invite.unwrap_or_default(),
        csrf: String::new(),
    };
    signup_form(&state, &visitor.csrf, first, &form, None, StatusCode::OK)
}

#[derive(Deserialize)]
pub(crate) struct SignupForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    invite: String,
    #[allow(dead_code)] // checked by the CSRF layer
    #[serde(default)]
    csrf: String,
}

/// `POST /signup`: creates the account, its workspace (seeded when it is the first),
/// signs the user in.
pub(crate) async fn signup(
    State(state): State<AppState>,
    visitor: Visitor,
    Form(form): Form<SignupForm>,
) -> AppResult<Response> {
    // One sign-up at a time, so "is this the first account?" cannot be answered twice.
    let _turn = state.signup_lock().lock().await;
    let first = state.store().user_count().await? == 0;
    let invite = form.invite.trim().to_owned();
    let fail = |message: &str, status| {
        signup_form(&state, &visitor.csrf, first, &form, Some(message), status)
    };
    if !first && !state.config().open_signup && invite.is_empty() {
        return fail(
            "This workspace is by invitation only. Ask an owner for an invitation link.",
            StatusCode::FORBIDDEN,
        );
    }
    let name = form.name.trim();
    let email = form.email.trim();
    if name.is_empty() || name.chars().count() > 100 || name.chars().any(char::is_control) {
        return fail(
            "Enter your name as your team knows it (up to 100 characters).",
            StatusCode::BAD_REQUEST,
        );
    }
    if !plausible_email(email) {
        return fail("Enter a valid email address.", StatusCode::BAD_REQUEST);
    }
    if let Err(AppError::BadRequest(message)) = validate_password(&form.password) {
        return fail(&message, StatusCode::BAD_REQUEST);
    }
    let hash = hash_password(form.password.clone(), state.config().password_cost).await?;
    let user = match state
        .store()
        .create_user(prfaq_store::NewUser {
            email,
            display_name: name,
            password_hash: &hash,
        })
        .await
    {
        Ok(user) => user,
        Err(StoreError::Duplicate(_)) => {
            return fail(
                "An account with this email address exists. Sign in instead.",
                StatusCode::CONFLICT,
            );
        }
        Err(other) => return Err(other.into()),
    };
    let target = if !invite.is_empty() {
        // Joining by invitation: the invited workspace is the new user's home.
        match state.store().accept_invitation(&invite, user.id).await {
            Ok(membership) => format!("/w/{}", membership.workspace.id),
            Err(StoreError::Forbidden) | Err(StoreError::NotFound) | Err(StoreError::Expired) => {
                let ws = own_workspace(&state, &user, false).await?;
                format!("/w/{ws}?invite=unusable")
            }
            Err(other) => return Err(other.into()),
        }
    } else {
        format!("/w/{}", own_workspace(&state, &user, first).await?)
    };
    if first {
        tracing::info!("first account created");
    }
    start_session(&state, &user, &target).await
}

/// Creates the user's own workspace; the first one gets the example document.
async fn own_workspace(
    state: &AppState,
    user: &User,
    first: bool,
) -> AppResult<prfaq_store::WorkspaceId> {
    let name = if first {
        "Workspace".to_owned()
    } else {
        format!("{}'s workspace", user.display_name)
    };
    let ws = state.store().create_workspace(user.id, &name).await?;
    if first && state.config().seed_example {
        let title = crate::routes::shared::title_of(crate::EXAMPLE_DOCUMENT)
            .unwrap_or_else(|| "Quick Reorder".to_owned());
        state
            .store()
            .create_document(
                user.id,
                ws.id,
                NewDocument {
                    title: &title,
                    body: crate::EXAMPLE_DOCUMENT,
                    note: "example PR/FAQ",
                },
            )
            .await?;
    }
    Ok(ws.id)
}

fn signup_form(
    state: &AppState,
    csrf: &str,
    first: bool,
    form: &SignupForm,
    error: Option<&str>,
    status: StatusCode,
) -> AppResult<Response> {
    let ctx = context! {
        ..base_anonymous(csrf),
        ..context! {
            first => first,
            open_signup => state.config().open_signup,
            name => form.name.as_str(),
            email => form.email.as_str(),
            invite => form.invite.as_str(),
            error => error,
        }
    };
    Ok((status, state.templates().page("signup.html", ctx)?).into_response())
}

#[derive(Deserialize)]
pub(crate) struct SigninQuery {
    next: Option<String>,
}

/// `GET /signin`.
pub(crate) async fn signin_page(
    State(state): State<AppState>,
    visitor: Visitor,
    Query(query): Query<SigninQuery>,
) -> AppResult<Response> {
    if visitor.user.is_some() {
        return Ok(Redirect::to(&safe_next(query.next.as_deref())).into_response());
    }
    if state.store().user_count().await? == 0 {
        return Ok(Redirect::to("/signup").into_response());
    }
    signin_form(
        &state,
        &visitor.csrf,
        "",
        query.next.as_deref().unwrap_or(""),
        None,
        StatusCode::OK,
    )
}

#[derive(Deserialize)]
pub(crate) struct SigninForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    next: String,
}

/// The client's address, taken from the request.
pub(crate) struct ClientAddress(String);

impl<S: Send + Sync> FromRequestParts<S> for ClientAddress {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> AppResult<Self> {
        Ok(ClientAddress(client_address(parts)))
    }
}

/// `POST /signin`.
pub(crate) async fn signin(
    State(state): State<AppState>,
    visitor: Visitor,
    ClientAddress(address): ClientAddress,
    headers: axum::http::HeaderMap,
    Form(form): Form<SigninForm>,
) -> AppResult<Response> {
    let email = form.email.trim();
    let config = state.config();
    let since: Millis = now_millis() - config.sign_in_window.as_millis() as i64;
    let failures = state
        .store()
        .sign_in_failures(email, &address, since)
        .await?;
    if failures.account >= config.sign_in_account_limit
        || failures.address >= config.sign_in_address_limit
    {
        let minutes = config.sign_in_window.as_secs().div_ceil(60);
        let message = format!(
            "Too many failed sign-ins. Wait {minutes} minutes and try again, or ask an owner to check your account."
        );
        let mut response = signin_form(
            &state,
            &visitor.csrf,
            email,
            &form.next,
            Some(&message),
            StatusCode::TOO_MANY_REQUESTS,
        )?;
        response.headers_mut().insert(
            header::RETRY_AFTER,
            axum::http::HeaderValue::from(config.sign_in_window.as_secs()),
        );
        return Ok(response);
    }
    let user = match state.store().credentials(email).await {
        Ok((user, hash)) => {
            if verify_password(form.password.clone(), hash.as_str().to_owned()).await? {
                Some(user)
            } else {
                None
            }
        }
        Err(StoreError::NotFound) => {
            verify_dummy(form.password.clone(), config.password_cost).await?;
            None
        }
        Err(other) => return Err(other.into()),
    };
    let Some(user) = user else {
        state
            .store()
            .record_sign_in_failure(email, &address)
            .await?;
        return signin_form(
            &state,
            &visitor.csrf,
            email,
            &form.next,
            Some("That email address and password do not match an account."),
            StatusCode::UNAUTHORIZED,
        );
    };
    state.store().clear_sign_in_failures(email).await?;
    // A new sign-in never reuses a session the browser already had (session fixation).
    if let Some(old) = read_cookie(&headers, session_cookie(config.secure_cookies)) {
        state.end_session(old).await?;
    }
    start_session(&state, &user, &safe_next(Some(&form.next))).await
}

fn signin_form(
    state: &AppState,
    csrf: &str,
    email: &str,
    next: &str,
    error: Option<&str>,
    status: StatusCode,
) -> AppResult<Response> {
    let ctx = context! {
        ..base_anonymous(csrf),
        ..context! { email => email, next => next, error => error }
    };
    Ok((status, state.templates().page("signin.html", ctx)?).into_response())
}

/// `POST /signout`: ends the session on the server and clears the cookie.
pub(crate) async fn signout(
    State(state): State<AppState>,
    headers: axum::http::HeaderMap,
) -> AppResult<Response> {
    let secure = state.config().secure_cookies;
    if let Some(secret) = read_cookie(&headers, session_cookie(secure)) {
        state.end_session(secret).await?;
    }
    let mut response = Redirect::to("/signin").into_response();
    response.headers_mut().append(
        header::SET_COOKIE,
        cookie_header(
            session_cookie(secure),
            "",
            Some(std::time::Duration::ZERO),
            secure,
        ),
    );
    Ok(response)
}

/// Starts a session, sets its cookie and sends the browser on to `target`.
async fn start_session(state: &AppState, user: &User, target: &str) -> AppResult<Response> {
    let config = state.config();
    let ttl = config.session_ttl;
    let expires_at = now_millis() + ttl.as_millis() as i64;
    let secret = state.store().create_session(user.id, expires_at).await?;
    let mut response = Redirect::to(target).into_response();
    response.headers_mut().append(
        header::SET_COOKIE,
        cookie_header(
            session_cookie(config.secure_cookies),
            secret.expose(),
            Some(ttl),
            config.secure_cookies,
        ),
    );
    Ok(response)
}

/// Enough to catch typing mistakes; the invitation flow proves the address is real.
fn plausible_email(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && email.len() <= 254
        && !email.chars().any(|c| c.is_whitespace() || c.is_control())
}
