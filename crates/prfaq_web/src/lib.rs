//! The prfaq browser workspace: an axum application that serves HTML pages rendered on
//! the server and a JSON API, over any [`prfaq_store::Store`].
//!
//! The command line calls [`serve`] for `prfaq serve`; tests build the same application
//! with [`router`] and drive it without a socket. Everything a browser needs (templates,
//! one JavaScript file, one stylesheet) is compiled into the binary: nothing is fetched
//! at run time and there is no front-end build step.
//!
//! Trust is built into the layers every request passes through, so that no handler can
//! forget it: security headers and a Content-Security-Policy on every response, CSRF
//! tokens on every state-changing request, a body-size limit and read timeouts, and
//! access checks in the store itself (a stranger gets the same 404 as for a document
//! that does not exist).

mod alignment;
mod assets;
mod auth;
mod cache;
mod checker;
mod config;
mod csrf;
mod diff;
mod error;
mod mail;
mod markdown;
mod routes;
mod security;
mod server;
mod slots;
mod state;
mod templates;
mod throttle;
mod timefmt;

pub use config::{MailConfig, PasswordCost, ServeConfig, WebConfig};
pub use routes::router;
pub use server::serve;
pub use state::AppState;

/// The example PR/FAQ seeded into the first workspace: an early draft of a complete
/// document, so a new user sees real findings (and how to fix them) in the first minute.
pub const EXAMPLE_DOCUMENT: &str = include_str!("../../../examples/quick-reorder-draft.md");

/// The OpenAPI 3 description of the JSON API, as served at `/api/openapi.json`.
pub const OPENAPI: &str = include_str!("openapi.json");
