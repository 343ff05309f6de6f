//! Sign-up, sign-in and sign-out.
//!
//! The first account on an empty database owns the first workspace, which is seeded with
//! the example PR/FAQ. Later sign-ups answer the same way whether or not the email
//! address has an account (the account is made, or not, and the visitor is sent to sign
//! in), so the form does not tell strangers who has one; sign-ups are limited per client
//! address. On an invite-only server only a valid invitation for the address signs up.
//! Failed sign-ins slow down only the account-and-address pair, and the address, that
//! keeps failing (see [`crate::throttle`]).

use axum::extract::{Query, State};
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Form, extract::FromRequestParts};
use minijinja::context;
use prfaq_store::{Invitation, Millis, NewDocument, StoreError, User, now_millis};
use serde::Deserialize;

use crate::auth::{
    Visitor, cookie_header, hash_password, read_cookie, session_cookie, validate_password,
    verify_dummy, verify_password,
};
use crate::error::{AppError, AppResult};
use crate::routes::shared::{base_anonymous, safe_next};
use crate::state::AppState;
use crate::throttle::{client_address, human_wait, retry_after, wait};

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

/// `POST /signup`: creates the account and its workspace (seeded when it is the first).
/// The first account, and an account joining by invitation, is signed in at once; any
/// other sign-up is sent to the sign-in page, whether or not the address had an account.
pub(crate) async fn signup(
    State(state): State<AppState>,
    visitor: Visitor,
    ClientAddress(address): ClientAddress,
    Form(form): Form<SignupForm>,
) -> AppResult<Response> {
    // One sign-up at a time, so "is this the first account?" cannot be answered twice.
    let _turn = state.signup_lock().lock().await;
    let first = state.store().user_count().await? == 0;
    let fail = |message: &str, status| {
        signup_form(&state, &visitor.csrf, first, &form, Some(message), status)
    };
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
    if let Err(AppError::BadRequest(message)) = validate_password(&form.password, email) {
        return fail(&message, StatusCode::BAD_REQUEST);
    }
    let invitation = match invitation_for(&state, form.invite.trim(), email).await? {
        Ok(invitation) => invitation,
        Err(message) => return fail(message, StatusCode::FORBIDDEN),
    };
    if invitation.is_none() && !first && !state.config().open_signup {
        return fail(
            "This workspace is by invitation only. Ask an owner for an invitation link.",
            StatusCode::FORBIDDEN,
        );
    }
    let config = state.config();
    if let Err(wait) =
        state
            .signups()
            .take(&address, config.signup_address_limit, config.signup_window)
    {
        let message = format!(
            "Too many accounts were created from your address lately. Try again in {}.",
            human_wait(wait)
        );
        let mut response = fail(&message, StatusCode::TOO_MANY_REQUESTS)?;
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(retry_after(wait)));
        return Ok(response);
    }
    let hash = hash_password(form.password.clone(), config.password_cost).await?;
    let created = state
        .store()
        .create_user(prfaq_store::NewUser {
            email,
            display_name: name,
            password_hash: &hash,
        })
        .await;
    let user = match (created, &invitation) {
        (Ok(user), _) => user,
        // Only someone holding an invitation for this very address learns that it has
        // an account; they can sign in and accept it.
        (Err(StoreError::Duplicate(_)), Some(_)) => {
            return fail(
                "This email address already has an account. Sign in, then open the invitation link again to join.",
                StatusCode::CONFLICT,
            );
        }
        (Err(StoreError::Duplicate(_)), None) => return Ok(signed_up()),
        (Err(other), _) => return Err(other.into()),
    };
    if let Some(invitation) = invitation {
        // Joining by invitation: the invited workspace is the new user's home.
        let secret = form.invite.trim();
        let target = match state.store().accept_invitation(secret, user.id).await {
            Ok(membership) => format!("/w/{}", membership.workspace.id),
            // Withdrawn or spent a moment ago: the account stays, with no workspace yet.
            Err(StoreError::Forbidden) | Err(StoreError::NotFound) | Err(StoreError::Expired) => {
                tracing::info!(
                    invitation = invitation.id.0,
                    "invitation gone during sign-up"
                );
                "/".to_owned()
            }
            Err(other) => return Err(other.into()),
        };
        return start_session(&state, &user, &target).await;
    }
    let ws = own_workspace(&state, &user, first).await?;
    if first {
        tracing::info!("first account created");
        return start_session(&state, &user, &format!("/w/{ws}")).await;
    }
    Ok(signed_up())
}

/// The answer to every sign-up that is not the first and not by invitation, whether an
/// account was made or the address had one: on to the sign-in page.
fn signed_up() -> Response {
    Redirect::to("/signin?signed_up=1").into_response()
}

/// The open invitation behind `secret` when it was sent to `email`; `Ok(None)` without a
/// secret; `Err(message)` for a link that cannot be used.
async fn invitation_for(
    state: &AppState,
    secret: &str,
    email: &str,
) -> AppResult<Result<Option<Invitation>, &'static str>> {
    if secret.is_empty() {
        return Ok(Ok(None));
    }
    match state.store().invitation(secret).await {
        Ok(invitation) if invitation.email.trim().to_lowercase() == email.to_lowercase() => {
            Ok(Ok(Some(invitation)))
        }
        Ok(_) => Ok(Err(
            "This invitation was sent to another email address. Sign up with the address it was sent to.",
        )),
        Err(StoreError::NotFound) | Err(StoreError::Expired) => Ok(Err(
            "This invitation link cannot be used: it was already used or withdrawn, or it has expired. Ask an owner for a new one.",
        )),
        Err(other) => Err(other.into()),
    }
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
    signed_up: Option<String>,
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
    // After a sign-up, said the same way whether or not the address had an account.
    let note = query
        .signed_up
        .is_some()
        .then_some("Sign in with your email address and password to continue.");
    let ctx = context! {
        ..base_anonymous(&visitor.csrf),
        ..context! {
            email => "",
            next => query.next.as_deref().unwrap_or(""),
            error => (),
            note => note,
        }
    };
    Ok(state.templates().page("signin.html", ctx)?.into_response())
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

impl FromRequestParts<AppState> for ClientAddress {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> AppResult<Self> {
        Ok(ClientAddress(client_address(parts, state.config())))
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
    let now = now_millis();
    let since: Millis = now - config.sign_in_window.as_millis() as i64;
    let failures = state
        .store()
        .sign_in_failures(email, &address, since)
        .await?;
    // Only the pair and the address that keep failing wait; nobody else does.
    let pair = wait(
        failures.pair,
        failures.pair_last,
        config.sign_in_pair_limit,
        config,
        now,
    );
    let from_address = wait(
        failures.address,
        failures.address_last,
        config.sign_in_address_limit,
        config,
        now,
    );
    if let Some(wait) = pair.max(from_address) {
        let message = format!(
            "Too many failed sign-ins from your address. Wait {} and try again.",
            human_wait(wait)
        );
        let mut response = signin_form(
            &state,
            &visitor.csrf,
            email,
            &form.next,
            Some(&message),
            StatusCode::TOO_MANY_REQUESTS,
        )?;
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(retry_after(wait)));
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
    state
        .store()
        .clear_sign_in_failures(email, &address)
        .await?;
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
        ..context! { email => email, next => next, error => error, note => () }
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
