//! The rule catalogue and each rule's explanation: the same text `prfaq explain` prints,
//! rendered. Public, like the documentation it is.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use minijinja::{Value, context};
use prfaq_lint::{RULES, registry};

use crate::auth::Visitor;
use crate::error::{AppError, AppResult};
use crate::routes::shared::{base, base_anonymous};
use crate::state::AppState;

/// `GET /rules`.
pub(crate) async fn index(State(state): State<AppState>, visitor: Visitor) -> AppResult<Response> {
    let rules: Vec<Value> = RULES
        .iter()
        .map(|r| {
            context! {
                code => r.code,
                name => r.name,
                family => r.family.name(),
                severity => r.severity.as_str(),
                summary => r.summary(),
            }
        })
        .collect();
    let ctx = context! {
        ..page_base(&visitor),
        ..context! { rules => rules }
    };
    Ok(state.templates().page("rules.html", ctx)?.into_response())
}

/// `GET /rules/{code}`: also accepts a rule's name, and sends it to the code's page.
pub(crate) async fn show(
    State(state): State<AppState>,
    visitor: Visitor,
    Path(code): Path<String>,
) -> AppResult<Response> {
    let rule = registry::find(&code).ok_or(AppError::NotFound)?;
    if rule.code != code {
        return Ok(Redirect::permanent(&format!("/rules/{}", rule.code)).into_response());
    }
    let ctx = context! {
        ..page_base(&visitor),
        ..context! {
            code => rule.code,
            name => rule.name,
            family => rule.family.name(),
            severity => rule.severity.as_str(),
            explanation_html => Value::from_safe_string(crate::markdown::render(&rule.explanation())),
        }
    };
    Ok(state.templates().page("rule.html", ctx)?.into_response())
}

fn page_base(visitor: &Visitor) -> Value {
    match &visitor.user {
        Some(user) => base(user, &visitor.csrf, visitor.unread),
        None => base_anonymous(&visitor.csrf),
    }
}
