//! Customer evidence's pages: the workspace's feedback (upload with a preview of the
//! first rows and the guessed mapping before anything is written, then the import with
//! its progress; search), and the evidence beside a document (each claim, its best
//! matches, links with their importance, coverage and rule EV701). The pages are shells
//! that `app.js` fills from the JSON API, which checks every access again.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use minijinja::context;
use prfaq_store::{DocumentId, WorkspaceId};

use crate::auth::SignedIn;
use crate::error::AppResult;
use crate::routes::shared::{base, parse_id, role_in, ser};
use crate::state::AppState;

/// `GET /w/{ws}/evidence`.
pub(crate) async fn workspace_page(
    State(state): State<AppState>,
    signed: SignedIn,
    Path(ws): Path<String>,
) -> AppResult<Response> {
    let ws: WorkspaceId = parse_id(&ws)?;
    let role = role_in(&state, &signed.user, ws).await?;
    let workspace = state.store().workspace(signed.user.id, ws).await?;
    let sources = state.store().evidence_sources(signed.user.id, ws).await?;
    let ctx = context! {
        ..base(&signed.user, &signed.csrf, signed.unread),
        ..context! {
            workspace => ser(&workspace),
            can_edit => role.can_edit(),
            sources => ser(&sources),
        }
    };
    Ok(state
        .templates()
        .page("evidence.html", ctx)?
        .into_response())
}

/// `GET /d/{id}/evidence`.
pub(crate) async fn document_page(
    State(state): State<AppState>,
    signed: SignedIn,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let id: DocumentId = parse_id(&id)?;
    let (doc, role) = state.store().document_access(signed.user.id, id).await?;
    let workspace = state
        .store()
        .workspace(signed.user.id, doc.workspace)
        .await?;
    let ctx = context! {
        ..base(&signed.user, &signed.csrf, signed.unread),
        ..context! {
            doc => ser(&doc),
            workspace => ser(&workspace),
            can_edit => role.can_edit(),
        }
    };
    Ok(state
        .templates()
        .page("evidence_doc.html", ctx)?
        .into_response())
}
