//! The router: every page and API route, and the layers every request passes through.
//!
//! Handlers are thin and grouped by resource: accounts (sign-up, sign-in), workspaces
//! (document lists, new documents), members (invitations), documents (editor, history,
//! compare), tokens, rules, and the JSON API. Work shared by pages and the API lives in
//! [`shared`].

mod accounts;
mod api;
mod documents;
pub(crate) mod evidence;
mod evidence_import;
mod evidence_pages;
mod evidence_quote;
mod evidence_themes;
mod members;
mod notices;
mod outcomes;
mod review_pages;
mod reviews;
mod rules;
mod shared;
mod tokens;
mod workspaces;

use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::{DefaultBodyLimit, MatchedPath, Request, State};
use axum::http::StatusCode;
use axum::middleware::{Next, from_fn, from_fn_with_state};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use tower_http::csrf::CsrfLayer;

use crate::error::AppError;
use crate::state::AppState;

pub(crate) use evidence_import::Uploads;
pub(crate) use shared::{base, base_anonymous, url_encode};

/// The whole application: pages, API, assets, and the layers for security headers,
/// request tracing, error rendering, timeouts, body limits and CSRF protection.
pub fn router(state: AppState) -> Router {
    let limit = state.config().max_body_bytes;
    let timeout = Limits {
        request: state.config().request_timeout,
        import: state.config().import_timeout,
    };
    let pages = Router::new()
        .route("/", get(workspaces::home))
        .route("/signup", get(accounts::signup_page).post(accounts::signup))
        .route("/signin", get(accounts::signin_page).post(accounts::signin))
        .route("/signout", post(accounts::signout))
        .route("/w/{ws}", get(workspaces::documents))
        .route("/w/{ws}/new", get(workspaces::new_page))
        .route("/w/{ws}/documents", post(workspaces::create))
        .route("/w/{ws}/upload", post(workspaces::upload))
        .route("/w/{ws}/members", get(members::page))
        .route("/w/{ws}/invitations", post(members::invite))
        .route(
            "/w/{ws}/invitations/{id}/revoke",
            post(members::revoke_invitation),
        )
        .route("/w/{ws}/members/{user}/role", post(members::set_role))
        .route("/w/{ws}/members/{user}/remove", post(members::remove))
        .route(
            "/invite/{secret}",
            get(members::invitation_page).post(members::accept),
        )
        .route("/d/{id}", get(documents::editor))
        .route("/d/{id}/save", post(documents::save))
        .route("/d/{id}/rename", post(documents::rename))
        .route("/d/{id}/status", post(documents::set_status))
        .route("/d/{id}/archive", post(documents::archive))
        .route("/d/{id}/history", get(documents::history))
        .route("/d/{id}/r/{n}", get(documents::revision))
        .route("/d/{id}/r/{n}/restore", post(documents::restore))
        .route("/d/{id}/diff", get(documents::diff))
        .route("/d/{id}/download", get(documents::download))
        .route("/d/{id}/review", get(review_pages::page))
        .route("/d/{id}/review/request", post(review_pages::request))
        .route("/d/{id}/review/threads", post(review_pages::add_thread))
        .route("/d/{id}/review/verdict", post(review_pages::verdict))
        .route(
            "/d/{id}/review/assumptions",
            post(review_pages::add_assumption),
        )
        .route("/t/{id}/{action}", post(review_pages::thread_action))
        .route("/assumptions/{id}", post(review_pages::set_assumption))
        .route("/review", get(review_pages::waiting))
        .route("/w/{ws}/evidence", get(evidence_pages::workspace_page))
        .route("/d/{id}/evidence", get(evidence_pages::document_page))
        .route("/w/{ws}/evidence/themes", get(evidence_themes::page))
        .route(
            "/w/{ws}/evidence/themes/rename",
            post(evidence_themes::rename_form),
        )
        .route(
            "/w/{ws}/evidence/themes/merge",
            post(evidence_themes::merge_form),
        )
        .route("/settings/tokens", get(tokens::page).post(tokens::create))
        .route("/settings/tokens/{id}/revoke", post(tokens::revoke))
        .route("/rules", get(rules::index))
        .route("/rules/{code}", get(rules::show))
        .route("/assets/{name}", get(crate::assets::asset))
        .route("/healthz", get(|| async { "ok" }))
        // Browsers ask for it on every site; an empty answer keeps the console clean.
        .route("/favicon.ico", get(|| async { StatusCode::NO_CONTENT }));
    // Cross-origin requests are refused before they reach the token check; the
    // rejection is rendered like every other error.
    let origin_check = CsrfLayer::new().with_rejection_response(|_| {
        AppError::forbidden("Cross-site requests are not accepted.").into_response()
    });
    Router::new()
        .merge(pages)
        .merge(api::routes())
        .merge(reviews::routes())
        .merge(evidence::routes())
        .merge(notices::page_routes())
        .merge(notices::api_routes())
        .merge(outcomes::routes())
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(limit))
        .layer(from_fn_with_state(state.clone(), crate::csrf::csrf))
        .layer(origin_check)
        .layer(from_fn_with_state(
            state.clone(),
            crate::security::limit_body,
        ))
        .layer(from_fn_with_state(timeout, limit_time))
        .layer(from_fn_with_state(
            state.clone(),
            crate::error::render_errors,
        ))
        .layer(from_fn(trace))
        .layer(from_fn(crate::security::security_headers))
        .with_state(state)
}

/// How long a request may take: `request` in general, `import` for an import of
/// feedback or events, whose body may be a large file.
#[derive(Clone, Copy)]
struct Limits {
    request: Duration,
    import: Duration,
}

/// Answers 408 when a request takes longer than its limit. The handler is dropped then,
/// which stops its work (an import's batch being written is rolled back whole).
async fn limit_time(State(limits): State<Limits>, request: Request, next: Next) -> Response {
    let limit = if is_import(request.uri().path()) {
        limits.import
    } else {
        limits.request
    };
    match tokio::time::timeout(limit, next.run(request)).await {
        Ok(response) => response,
        Err(_) => StatusCode::REQUEST_TIMEOUT.into_response(),
    }
}

/// Whether a request path uploads a file (feedback or product events), which has its
/// own size limit and time.
pub(crate) fn is_import(path: &str) -> bool {
    evidence::is_import(path) || outcomes::is_import(path)
}
pub(crate) use outcomes::OutcomeReport;

async fn not_found() -> AppError {
    AppError::NotFound
}

/// Logs one line per request: method, route pattern, status and time. The route
/// *pattern* (`/invite/{secret}`) is logged, never the path or query, so invitation
/// secrets, CSRF tokens and document ids stay out of the log; headers (cookies,
/// `Authorization`) and bodies (passwords) are never logged.
async fn trace(request: Request, next: Next) -> Response {
    let start = Instant::now();
    let method = request.method().clone();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "(no route)".to_owned(), |p| p.as_str().to_owned());
    let response = next.run(request).await;
    let elapsed: Duration = start.elapsed();
    tracing::info!(
        target: "prfaq_web::request",
        %method,
        route = %route,
        status = response.status().as_u16(),
        ms = elapsed.as_secs_f64() * 1000.0,
        "request"
    );
    response
}
