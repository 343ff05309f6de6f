//! Members of a workspace and invitations into it.
//!
//! There is no mail server: the owner invites an email address and gets a link to send
//! themselves. The link's secret is shown once; the store keeps its hash. Only an
//! account with the invited address can accept it.

use axum::Form;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Redirect, Response};
use minijinja::context;
use prfaq_store::{InvitationId, Role, StoreError, UserId, WorkspaceId, now_millis};
use serde::Deserialize;

use crate::auth::{SignedIn, Visitor};
use crate::error::{AppError, AppResult};
use crate::routes::shared::{base, base_anonymous, choice, parse_id, role_in, ser, url_encode};
use crate::state::AppState;

/// `GET /w/{ws}/members`.
pub(crate) async fn page(
    State(state): State<AppState>,
    signed: SignedIn,
    Path(ws): Path<String>,
) -> AppResult<Response> {
    let ws: WorkspaceId = parse_id(&ws)?;
    Ok(members_page(&state, &signed, ws, None)
        .await?
        .into_response())
}

async fn members_page(
    state: &AppState,
    signed: &SignedIn,
    ws: WorkspaceId,
    new_link: Option<(String, String)>,
) -> AppResult<axum::response::Html<String>> {
    let role = role_in(state, &signed.user, ws).await?;
    let workspace = state.store().workspace(signed.user.id, ws).await?;
    let members = state.store().members(signed.user.id, ws).await?;
    let invitations = if role.can_manage() {
        state.store().invitations(signed.user.id, ws).await?
    } else {
        Vec::new()
    };
    let ctx = context! {
        ..base(&signed.user, &signed.csrf, signed.unread),
        ..context! {
            workspace => ser(&workspace),
            role => role.as_str(),
            can_manage => role.can_manage(),
            members => ser(&members),
            invitations => ser(&invitations),
            roles => Role::ALL.iter().map(|r| r.as_str()).collect::<Vec<_>>(),
            new_link => new_link.map(|(email, link)| context! { email => email, link => link }),
        }
    };
    state.templates().page("members.html", ctx)
}

#[derive(Deserialize)]
pub(crate) struct InviteForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    role: String,
}

/// `POST /w/{ws}/invitations`: shows the new link once, on the members page.
pub(crate) async fn invite(
    State(state): State<AppState>,
    signed: SignedIn,
    headers: HeaderMap,
    Path(ws): Path<String>,
    Form(form): Form<InviteForm>,
) -> AppResult<Response> {
    let ws: WorkspaceId = parse_id(&ws)?;
    let email = form.email.trim();
    if !email.contains('@') || email.len() > 254 || email.chars().any(char::is_whitespace) {
        return Err(AppError::bad_request("Enter the email address to invite."));
    }
    let role: Role = choice("role", &form.role, Role::ALL)?;
    let expires_at = now_millis() + state.config().invitation_ttl.as_millis() as i64;
    let (_, secret) = state
        .store()
        .create_invitation(signed.user.id, ws, email, role, expires_at)
        .await?;
    let link = format!("{}/invite/{}", origin(&state, &headers), secret.expose());
    Ok(
        members_page(&state, &signed, ws, Some((email.to_owned(), link)))
            .await?
            .into_response(),
    )
}

/// `POST /w/{ws}/invitations/{id}/revoke`.
pub(crate) async fn revoke_invitation(
    State(state): State<AppState>,
    signed: SignedIn,
    Path((ws, id)): Path<(String, String)>,
) -> AppResult<Response> {
    let ws: WorkspaceId = parse_id(&ws)?;
    let id: InvitationId = parse_id(&id)?;
    state.store().revoke_invitation(signed.user.id, id).await?;
    Ok(Redirect::to(&format!("/w/{ws}/members")).into_response())
}

#[derive(Deserialize)]
pub(crate) struct RoleForm {
    #[serde(default)]
    role: String,
}

/// `POST /w/{ws}/members/{user}/role`.
pub(crate) async fn set_role(
    State(state): State<AppState>,
    signed: SignedIn,
    Path((ws, member)): Path<(String, String)>,
    Form(form): Form<RoleForm>,
) -> AppResult<Response> {
    let ws: WorkspaceId = parse_id(&ws)?;
    let member: UserId = parse_id(&member)?;
    let role: Role = choice("role", &form.role, Role::ALL)?;
    state
        .store()
        .set_role(signed.user.id, ws, member, role)
        .await?;
    Ok(Redirect::to(&format!("/w/{ws}/members")).into_response())
}

/// `POST /w/{ws}/members/{user}/remove`: owners remove members; members may leave.
pub(crate) async fn remove(
    State(state): State<AppState>,
    signed: SignedIn,
    Path((ws, member)): Path<(String, String)>,
) -> AppResult<Response> {
    let ws: WorkspaceId = parse_id(&ws)?;
    let member: UserId = parse_id(&member)?;
    state
        .store()
        .remove_member(signed.user.id, ws, member)
        .await?;
    let target = if member == signed.user.id {
        "/".to_owned()
    } else {
        format!("/w/{ws}/members")
    };
    Ok(Redirect::to(&target).into_response())
}

/// `GET /invite/{secret}`: what the invitation is, and how to accept it.
pub(crate) async fn invitation_page(
    State(state): State<AppState>,
    visitor: Visitor,
    Path(secret): Path<String>,
) -> AppResult<Response> {
    let invitation = state.store().invitation(&secret).await?;
    let base = match &visitor.user {
        Some(user) => base(user, &visitor.csrf, visitor.unread),
        None => base_anonymous(&visitor.csrf),
    };
    let path = format!("/invite/{secret}");
    let ctx = context! {
        ..base,
        ..context! {
            invitation => ser(&invitation),
            secret => secret.as_str(),
            signin_url => format!("/signin?next={}", url_encode(&path)),
            signup_url => format!(
                "/signup?invite={}&email={}",
                url_encode(&secret),
                url_encode(&invitation.email)
            ),
            email_matches => visitor.user.as_ref().map(|u| u.email.eq_ignore_ascii_case(&invitation.email)),
        }
    };
    Ok(state.templates().page("invite.html", ctx)?.into_response())
}

/// `POST /invite/{secret}`: joins the workspace.
pub(crate) async fn accept(
    State(state): State<AppState>,
    signed: SignedIn,
    Path(secret): Path<String>,
) -> AppResult<Response> {
    match state
        .store()
        .accept_invitation(&secret, signed.user.id)
        .await
    {
        Ok(membership) => {
            Ok(Redirect::to(&format!("/w/{}", membership.workspace.id)).into_response())
        }
        Err(StoreError::Forbidden) => Err(AppError::forbidden(
            "This invitation was sent to another email address. Sign in with that address to accept it.",
        )),
        Err(other) => Err(other.into()),
    }
}

/// The start of a link to copy: the public URL the server was given, like the links in
/// email, or without one the site's origin as the browser reached it.
fn origin(state: &AppState, headers: &HeaderMap) -> String {
    if state.config().public_url_given {
        return state.config().public_url.clone();
    }
    let scheme = if state.config().secure_cookies {
        "https"
    } else {
        "http"
    };
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| {
            h.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'))
        })
        .unwrap_or("localhost");
    format!("{scheme}://{host}")
}
