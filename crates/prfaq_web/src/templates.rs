//! The HTML templates, compiled into the binary, and the helpers that render them.
//!
//! minijinja escapes every value in `.html` templates; only HTML this crate made safe
//! itself (rendered Markdown, diffs) is passed as a safe string.

use axum::http::StatusCode;
use axum::response::Html;
use minijinja::{Environment, Value, context};
use prfaq_store::User;

use crate::error::{AppError, AppResult};

/// Every template, by name.
const TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../templates/base.html")),
    ("error.html", include_str!("../templates/error.html")),
    ("signin.html", include_str!("../templates/signin.html")),
    ("signup.html", include_str!("../templates/signup.html")),
    (
        "workspaces.html",
        include_str!("../templates/workspaces.html"),
    ),
    (
        "documents.html",
        include_str!("../templates/documents.html"),
    ),
    ("new.html", include_str!("../templates/new.html")),
    ("editor.html", include_str!("../templates/editor.html")),
    ("history.html", include_str!("../templates/history.html")),
    ("revision.html", include_str!("../templates/revision.html")),
    ("diff.html", include_str!("../templates/diff.html")),
    ("members.html", include_str!("../templates/members.html")),
    ("invite.html", include_str!("../templates/invite.html")),
    ("tokens.html", include_str!("../templates/tokens.html")),
    ("rules.html", include_str!("../templates/rules.html")),
    ("rule.html", include_str!("../templates/rule.html")),
    ("review.html", include_str!("../templates/review.html")),
    (
        "review_threads.html",
        include_str!("../templates/review_threads.html"),
    ),
    ("waiting.html", include_str!("../templates/waiting.html")),
    ("evidence.html", include_str!("../templates/evidence.html")),
    (
        "evidence_themes.html",
        include_str!("../templates/evidence_themes.html"),
    ),
    (
        "evidence_doc.html",
        include_str!("../templates/evidence_doc.html"),
    ),
    (
        "notifications.html",
        include_str!("../templates/notifications.html"),
    ),
    ("outcomes.html", include_str!("../templates/outcomes.html")),
];

/// A role (or any noun) with its indefinite article: `a viewer`, `an editor`, `an owner`.
/// Every sentence that names a role says it this way (`{{ role|article }}` in templates).
pub(crate) fn with_article(noun: &str) -> String {
    let vowel = noun
        .chars()
        .next()
        .is_some_and(|c| matches!(c.to_ascii_lowercase(), 'a' | 'e' | 'i' | 'o' | 'u'));
    format!("{} {noun}", if vowel { "an" } else { "a" })
}

/// The compiled templates.
pub(crate) struct Templates {
    env: Environment<'static>,
}

impl Templates {
    pub fn new(asset_version: &str) -> anyhow::Result<Self> {
        let mut env = Environment::new();
        for (name, source) in TEMPLATES {
            env.add_template(name, source)?;
        }
        env.add_filter("datetime", |millis: i64| crate::timefmt::display(millis));
        env.add_filter("iso", |millis: i64| crate::timefmt::iso(millis));
        env.add_filter("article", |noun: String| with_article(&noun));
        env.add_global("asset_version", asset_version.to_owned());
        // A missing variable is a bug in a handler; fail loudly in tests.
        env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
        Ok(Templates { env })
    }

    /// Renders a page.
    pub fn page(&self, name: &str, ctx: Value) -> AppResult<Html<String>> {
        self.render(name, ctx).map(Html)
    }

    /// Renders a template to a string.
    pub fn render(&self, name: &str, ctx: Value) -> AppResult<String> {
        self.env
            .get_template(name)
            .and_then(|t| t.render(ctx))
            .map_err(|e| AppError::Internal(anyhow::anyhow!("template {name}: {e:#}")))
    }

    /// The body of an error page, with the header of the signed-in user (and the CSRF
    /// token of their session, for "Sign out") when there is one. Never fails: an error
    /// while showing an error falls back to plain escaped text.
    pub fn render_error(
        &self,
        status: StatusCode,
        message: &str,
        signed_in: Option<&(User, String)>,
    ) -> String {
        let page = match signed_in {
            Some((user, csrf)) => crate::routes::base(user, csrf, 0),
            None => crate::routes::base_anonymous(""),
        };
        let ctx = context! {
            ..page,
            ..context! {
                title => status.canonical_reason().unwrap_or("Error"),
                status => status.as_u16(),
                message => message,
            }
        };
        self.render("error.html", ctx).unwrap_or_else(|_| {
            let mut out = String::from("<!doctype html><title>Error</title><p>");
            crate::diff::escape_into(&mut out, message);
            out
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_take_their_article() {
        assert_eq!(with_article("owner"), "an owner");
        assert_eq!(with_article("editor"), "an editor");
        assert_eq!(with_article("reviewer"), "a reviewer");
        assert_eq!(with_article("viewer"), "a viewer");
    }
}
