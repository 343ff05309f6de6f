//! Personal access tokens for `prfaq push` and `prfaq pull`: created (the secret shown
//! once), listed, revoked. The store keeps only each token's hash.

use axum::Form;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use minijinja::context;
use prfaq_store::{TokenId, TokenScope};
use serde::Deserialize;

use crate::auth::SignedIn;
use crate::error::{AppError, AppResult};
use crate::routes::shared::{base, parse_id, ser};
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
    let ctx = context! {
        ..base(&signed.user, &signed.csrf),
        ..context! {
            tokens => ser(&tokens),
            new_token => new_token.map(|(name, secret)| context! { name => name, secret => secret }),
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
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 100 || name.chars().any(char::is_control) {
        return Err(AppError::bad_request(
            "Name the token after where it is used, such as `laptop` or `CI` (up to 100 characters).",
        ));
    }
    let scope: TokenScope = scope
        .parse()
        .map_err(|_| AppError::bad_request("Choose the scope: read or write."))?;
    Ok((name.to_owned(), scope))
}

/// `POST /settings/tokens`: shows the new secret once.
pub(crate) async fn create(
    State(state): State<AppState>,
    signed: SignedIn,
    Form(form): Form<CreateForm>,
) -> AppResult<Response> {
    let (name, scope) = token_input(&form.name, &form.scope)?;
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
