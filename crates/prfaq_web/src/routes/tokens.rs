//! Personal access tokens for `prfaq push` and `prfaq pull`: created (the secret shown
//! once), listed, revoked. The store keeps only each token's hash.

use axum::Form;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use minijinja::context;
use prfaq_store::{TokenId, TokenScope, UserId};
use serde::Deserialize;

use crate::auth::SignedIn;
use crate::error::{AppError, AppResult};
use crate::routes::shared::{base, choice, parse_id, ser};
use crate::state::AppState;

/// `GET /settings/tokens`.
pub(crate) async fn page(State(state): State<AppState>, signed: SignedIn) -> AppResult<Response> {
    Ok(tokens_page(&state, &signed, None).await?.into_response())
}

async fn tokens_page(
    state: &AppState,
    signed: &SignedIn,
    new_token: Option<(String, String)>,
) -> AppResult<axum::response::Html<String>> {
    let tokens = state.store().tokens(signed.user.id).await?;
    let may_write = write_is_usable(state, signed.user.id).await?;
    let ctx = context! {
        ..base(&signed.user, &signed.csrf, signed.unread),
        ..context! {
            tokens => ser(&tokens),
            may_write => may_write,
            new_token => new_token.map(|(name, secret)| context! { name => name, secret => secret }),
            write_unusable => WRITE_UNUSABLE,
        }
    };
    state.templates().page("tokens.html", ctx)
}

#[derive(Deserialize)]
pub(crate) struct CreateForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    scope: String,
}

/// Checks a token's name and scope.
pub(crate) fn token_input(name: &str, scope: &str) -> AppResult<(String, TokenScope)> {
    // Length and characters as sent, as the OpenAPI document's `maxLength` and `pattern`
    // read them.
    let sent = name.chars().count();
    let control = name.chars().any(char::is_control);
    let name = name.trim();
    if name.is_empty() || sent > 100 || control {
        return Err(AppError::bad_request(
            "Name the token after where it is used, such as `laptop` or `CI` (up to 100 characters).",
        ));
    }
    let scope: TokenScope = choice("scope", scope, TokenScope::ALL)?;
    Ok((name.to_owned(), scope))
}

/// Whether a write token could do anything for `user`: only when some workspace of
/// theirs lets their role change documents or their review status. A viewer everywhere
/// would get a token whose every write is refused.
async fn write_is_usable(state: &AppState, user: UserId) -> AppResult<bool> {
    let memberships = state.store().workspaces_of(user).await?;
    Ok(memberships.iter().any(|m| m.role.can_review()))
}

/// Refuses a write token to a user whose role cannot write in any workspace, saying why
/// and what to do instead.
pub(crate) async fn require_usable_scope(
    state: &AppState,
    user: UserId,
    scope: TokenScope,
) -> AppResult<()> {
    if scope == TokenScope::Write && !write_is_usable(state, user).await? {
        return Err(AppError::forbidden(WRITE_UNUSABLE));
    }
    Ok(())
}

/// Why a write token is not offered (the tokens page) or refused (creating one).
pub(crate) const WRITE_UNUSABLE: &str = "You are a viewer in every workspace you belong to, so a write token could not change anything. Create a read token; once an owner makes you a reviewer, an editor or an owner, you can create a write token.";

/// `POST /settings/tokens`: shows the new secret once.
pub(crate) async fn create(
    State(state): State<AppState>,
    signed: SignedIn,
    Form(form): Form<CreateForm>,
) -> AppResult<Response> {
    let (name, scope) = token_input(&form.name, &form.scope)?;
    require_usable_scope(&state, signed.user.id, scope).await?;
    let (_, secret) = state
        .store()
        .create_token(signed.user.id, &name, scope)
        .await?;
    Ok(
        tokens_page(&state, &signed, Some((name, secret.expose().to_owned())))
            .await?
            .into_response(),
    )
}

/// `POST /settings/tokens/{id}/revoke`.
pub(crate) async fn revoke(
    State(state): State<AppState>,
    signed: SignedIn,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let id: TokenId = parse_id(&id)?;
    state.store().revoke_token(signed.user.id, id).await?;
    Ok(Redirect::to("/settings/tokens").into_response())
}
