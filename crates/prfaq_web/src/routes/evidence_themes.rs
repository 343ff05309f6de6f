//! A workspace's themes: its feedback grouped by `prfaq_evidence::themes` (TF-IDF,
//! k-means, c-TF-IDF labels), with the team's renames, merges and splits kept in the
//! store and applied again. The JSON API, the workspace's themes page
//! (`/w/{ws}/evidence/themes`, drawn by the server, with forms to rename and merge) and
//! the evidence beside the outcomes (`outcomes/evidence.rs`) read the same computation.
//!
//! The computation takes seconds of CPU at 100,000 comments, so it runs once for each
//! state of what it reads: the store's `ThemeStamp` moves with every write of the
//! workspace's feedback (an import, a customer's feedback deleted, customers merged) and
//! of the team's choices, and the themes computed at a stamp are kept (`cache.rs`) and
//! answered while the store answers the same stamp. A request reads the stamp (one
//! indexed row, after the membership check) before anything the themes are computed
//! from, so what is kept under a stamp is never older than the state the stamp names;
//! the themes follow every import and every choice at the next request.

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{Path, RawForm, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Form, Json};
use minijinja::context;
use prfaq_evidence::{Choice, Comment, ContentKey, Date, ThemeOptions};
use prfaq_store::{ThemeItem, UserId, WorkspaceId};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::auth::{ApiUser, SignedIn};
use crate::error::{AppError, AppResult};
use crate::routes::api::ApiJson;
use crate::routes::shared::{base, parse_id, role_in, ser};
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
    Ok(Json(computed(&state, caller.user.id, ws).await?.as_ref()).into_response())
}

/// The team's saved choices.
async fn saved_choices(state: &AppState, user: UserId, ws: WorkspaceId) -> AppResult<Vec<Choice>> {
    Ok(match state.store().theme_choices(user, ws).await? {
        Some(saved) => serde_json::from_str(&saved.choices).map_err(|e| {
            AppError::Internal(anyhow::anyhow!("stored theme choices do not read: {e}"))
        })?,
        None => Vec::new(),
    })
}

/// The workspace's themes now, as the API answers them: `comments`, `themes` (each with
/// its label, keywords, sizes, trend, typical comments and up to 200 comment keys) and
/// `unassigned`. Kept from the last computation while the store's stamp is unchanged.
pub(crate) async fn computed(
    state: &AppState,
    user: UserId,
    ws: WorkspaceId,
) -> AppResult<Arc<Value>> {
    // The stamp before the items and the choices: themes kept under a stamp may have
    // read a write committed after it (which moved the store's stamp past it for good,
    // so they are not asked for again), never miss one committed before it.
    let stamp = state.store().theme_stamp(user, ws).await?;
    state
        .caches()
        .themes(ws, stamp, || fresh(state, user, ws))
        .await
}

/// The workspace's themes computed from the store as it is now, with the size of their
/// JSON in bytes. On one of the CPU slots: seconds of work at 100,000 comments.
async fn fresh(state: &AppState, user: UserId, ws: WorkspaceId) -> AppResult<(Arc<Value>, usize)> {
    let items = state.store().theme_items(user, ws, MAX_COMMENTS).await?;
    let choices = saved_choices(state, user, ws).await?;
    state
        .cpu(user, "themes", move |_stop| {
            let value = themes_of(&items, &choices);
            let bytes = serde_json::to_vec(&value).map_or(0, |json| json.len());
            (Arc::new(value), bytes)
        })
        .await
}

/// The themes of `items` with the team's `choices` applied, as the API answers them.
fn themes_of(items: &[ThemeItem], choices: &[Choice]) -> Value {
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
    let found = prfaq_evidence::themes::themes(&comments, &ThemeOptions::default(), choices);
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
}

/// How many of a theme's comment keys the page's forms carry to name it: a choice names
/// the theme that holds at least half of the keys given, so a sample is enough.
const KEYS_IN_FORMS: usize = 40;

/// `GET /w/{ws}/evidence/themes`: the themes, largest first, with their trend by month
/// and typical comments; editors rename and merge them here.
pub(crate) async fn page(
    State(state): State<AppState>,
    signed: SignedIn,
    Path(ws): Path<String>,
) -> AppResult<Response> {
    let ws: WorkspaceId = parse_id(&ws)?;
    let role = role_in(&state, &signed.user, ws).await?;
    let workspace = state.store().workspace(signed.user.id, ws).await?;
    let mut value = Value::clone(&*computed(&state, signed.user.id, ws).await?);
    if let Some(themes) = value["themes"].as_array_mut() {
        for theme in themes {
            let keys: Vec<&str> = theme["keys"]
                .as_array()
                .map(|k| {
                    k.iter()
                        .filter_map(Value::as_str)
                        .take(KEYS_IN_FORMS)
                        .collect()
                })
                .unwrap_or_default();
            let field = keys.join(",");
            let peak = theme["trend"]
                .as_array()
                .and_then(|t| t.iter().filter_map(|m| m["comments"].as_u64()).max())
                .unwrap_or(0);
            theme["form_keys"] = Value::from(field);
            theme["trend_peak"] = Value::from(peak.max(1));
        }
    }
    let ctx = context! {
        ..base(&signed.user, &signed.csrf, signed.unread),
        ..context! {
            workspace => ser(&workspace),
            can_edit => role.can_edit(),
            found => ser(&value),
        }
    };
    Ok(state
        .templates()
        .page("evidence_themes.html", ctx)?
        .into_response())
}

/// Comment keys from a form field (`key,key,…`), naming the field when one is not a key.
fn form_keys(field: &str, text: &str) -> AppResult<Vec<ContentKey>> {
    let keys: Vec<ContentKey> = text
        .split(',')
        .map(str::trim)
        .filter(|k| !k.is_empty())
        .map(|k| {
            ContentKey::parse(k).ok_or_else(|| {
                AppError::bad_request(format!("{field}: `{k}` is not a comment key"))
            })
        })
        .collect::<AppResult<_>>()?;
    if keys.is_empty() {
        return Err(AppError::bad_request(format!("{field}: no theme is named")));
    }
    Ok(keys)
}

/// A theme label from a form: trimmed, one line, at most 80 characters.
fn form_label(text: &str) -> AppResult<Option<String>> {
    let label = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if label.chars().count() > 80 {
        return Err(AppError::bad_request("label: at most 80 characters"));
    }
    Ok((!label.is_empty()).then_some(label))
}

/// Adds one choice to the team's saved ones (editors; the store checks the role). The
/// store adds it in one transaction, so two renames or merges at once are both kept.
async fn add_choice(
    state: &AppState,
    user: UserId,
    ws: WorkspaceId,
    choice: Choice,
) -> AppResult<()> {
    let text = serde_json::to_string(&choice)
        .map_err(|e| AppError::Internal(anyhow::anyhow!("theme choice: {e}")))?;
    state.store().add_theme_choice(user, ws, &text).await?;
    Ok(())
}

#[derive(Deserialize)]
pub(crate) struct RenameForm {
    #[serde(default)]
    keys: String,
    #[serde(default)]
    label: String,
}

/// `POST /w/{ws}/evidence/themes/rename`: names the theme that holds the comments `keys`.
pub(crate) async fn rename_form(
    State(state): State<AppState>,
    signed: SignedIn,
    Path(ws): Path<String>,
    Form(form): Form<RenameForm>,
) -> AppResult<Response> {
    let ws: WorkspaceId = parse_id(&ws)?;
    let theme = form_keys("keys", &form.keys)?;
    let label = form_label(&form.label)?
        .ok_or_else(|| AppError::bad_request("label: give the theme a name"))?;
    add_choice(&state, signed.user.id, ws, Choice::Rename { theme, label }).await?;
    Ok(Redirect::to(&format!("/w/{ws}/evidence/themes")).into_response())
}

/// `POST /w/{ws}/evidence/themes/merge`: makes one theme of the themes ticked
/// (`merge=N`, each named by its `keys-N` field), with an optional new label.
pub(crate) async fn merge_form(
    State(state): State<AppState>,
    signed: SignedIn,
    Path(ws): Path<String>,
    RawForm(body): RawForm,
) -> AppResult<Response> {
    let ws: WorkspaceId = parse_id(&ws)?;
    let mut ticked: Vec<String> = Vec::new();
    let mut keys: HashMap<String, String> = HashMap::new();
    let mut label = String::new();
    for (name, value) in form_urlencoded::parse(&body) {
        match name.as_ref() {
            "merge" => ticked.push(value.into_owned()),
            "label" => label = value.into_owned(),
            other => {
                if let Some(n) = other.strip_prefix("keys-") {
                    keys.insert(n.to_owned(), value.into_owned());
                }
            }
        }
    }
    ticked.sort_unstable();
    ticked.dedup();
    if ticked.len() < 2 {
        return Err(AppError::bad_request(
            "merge: tick at least two themes to merge",
        ));
    }
    let themes = ticked
        .iter()
        .map(|n| {
            let field = format!("keys-{n}");
            let text = keys
                .get(n)
                .ok_or_else(|| AppError::bad_request(format!("{field}: missing")))?;
            form_keys(&field, text)
        })
        .collect::<AppResult<Vec<_>>>()?;
    let label = form_label(&label)?;
    add_choice(&state, signed.user.id, ws, Choice::Merge { themes, label }).await?;
    Ok(Redirect::to(&format!("/w/{ws}/evidence/themes")).into_response())
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
