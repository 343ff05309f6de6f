//! A workspace's themes: its feedback grouped by `prfaq_evidence::themes` (TF-IDF,
//! k-means, c-TF-IDF labels) each time they are asked for, so they follow every import,
//! with the team's renames, merges and splits kept in the store and applied again.

use axum::Json;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use prfaq_evidence::{Choice, Comment, ContentKey, Date, ThemeOptions};
use prfaq_store::WorkspaceId;
use serde::Deserialize;
use serde_json::{Value, json};

use crate::auth::ApiUser;
use crate::error::{AppError, AppResult};
use crate::routes::api::ApiJson;
use crate::routes::shared::parse_id;
use crate::state::AppState;

/// The most comments themes are computed over: the newest.
const MAX_COMMENTS: u32 = 100_000;
/// The most comment keys each theme lists, for the choices that name it.
const KEYS_PER_THEME: usize = 200;

/// `GET /api/workspaces/{ws}/evidence/themes`.
pub(crate) async fn themes(
    State(state): State<AppState>,
    caller: ApiUser,
    Path(ws): Path<String>,
) -> AppResult<Response> {
    let ws: WorkspaceId = parse_id(&ws)?;
    let items = state
        .store()
        .theme_items(caller.user.id, ws, MAX_COMMENTS)
        .await?;
    let choices: Vec<Choice> = match state.store().theme_choices(caller.user.id, ws).await? {
        Some(saved) => serde_json::from_str(&saved.choices).map_err(|e| {
            AppError::Internal(anyhow::anyhow!("stored theme choices do not read: {e}"))
        })?,
        None => Vec::new(),
    };
    let value = state
        .quick("themes", move || {
            let keys: Vec<ContentKey> = items
                .iter()
                .map(|i| ContentKey::parse(&i.content_key).unwrap_or(ContentKey([0; 16])))
                .collect();
            let customers: Vec<String> = items
                .iter()
                .map(|i| i.customer_id.map(|c| c.to_string()).unwrap_or_default())
                .collect();
            let comments: Vec<Comment<'_>> = items
                .iter()
                .enumerate()
                .map(|(n, item)| Comment {
                    key: keys[n],
                    text: &item.text,
                    customer: item.customer_id.map(|_| customers[n].as_str()),
                    date: item.day.as_deref().and_then(Date::parse_iso),
                })
                .collect();
            if comments.is_empty() {
                return json!({ "comments": 0, "themes": [], "unassigned": 0 });
            }
            let found =
                prfaq_evidence::themes::themes(&comments, &ThemeOptions::default(), &choices);
            let themes: Vec<Value> = found
                .themes
                .iter()
                .map(|theme| {
                    json!({
                        "label": theme.label,
                        "named": theme.named,
                        "keywords": theme.keywords,
                        "comments": theme.members.len(),
                        "customers": theme.customers,
                        "trend": theme.trend,
                        "typical": theme.typical.iter().map(|&i| json!({
                            "id": items[i].id,
                            "text": items[i].text,
                        })).collect::<Vec<_>>(),
                        "keys": theme.members.iter().take(KEYS_PER_THEME)
                            .map(|&i| keys[i].to_string()).collect::<Vec<_>>(),
                    })
                })
                .collect();
            json!({
                "comments": comments.len(),
                "themes": themes,
                "unassigned": found.unassigned.len(),
            })
        })
        .await?;
    Ok(Json(value).into_response())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ChoicesBody {
    choices: Vec<Choice>,
}

/// `PUT /api/workspaces/{ws}/evidence/themes/choices`: the team's renames, merges and
/// splits, each naming themes by comment keys (a theme's `keys`); replaces the saved ones.
pub(crate) async fn set_choices(
    State(state): State<AppState>,
    caller: ApiUser,
    Path(ws): Path<String>,
    ApiJson(body): ApiJson<ChoicesBody>,
) -> AppResult<Response> {
    let ws: WorkspaceId = parse_id(&ws)?;
    let text = serde_json::to_string(&body.choices)
        .map_err(|e| AppError::Internal(anyhow::anyhow!("theme choices: {e}")))?;
    let saved = state
        .store()
        .set_theme_choices(caller.user.id, ws, &text)
        .await?;
    Ok(Json(json!({ "choices": body.choices, "updated_at": saved.updated_at })).into_response())
}
