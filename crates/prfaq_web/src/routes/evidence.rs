//! Customer evidence's JSON routes, for the workspace's pages and for `prfaq evidence`:
//! import (streamed, with a preview that writes nothing), search, a document's claims
//! with the best-matching feedback, links from claims to passages, coverage claim by
//! claim, and deleting a customer's feedback on request. The store checks membership
//! and roles: viewers read, editors write, owners delete a customer's feedback.

use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post, put};
use axum::{Json, Router};
use prfaq_evidence::{Claim, Customer, Format, Mapping, Options};
use prfaq_store::{
    ClaimKind, DocumentId, EvidenceLink, EvidenceLinkId, FeedbackHit, FeedbackId, FeedbackQuery,
    Importance, NewEvidenceLink, UserId, WorkspaceId,
};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::auth::ApiUser;
use crate::error::{AppError, AppResult};
use crate::routes::api::{ApiJson, ApiQuery};
use crate::routes::evidence_import::{self as importer, Job};
use crate::routes::shared::parse_id;
use crate::state::AppState;

/// The evidence API routes.
pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/workspaces/{ws}/evidence/import", post(import))
        .route(
            "/api/workspaces/{ws}/evidence/import/progress",
            get(import_progress),
        )
        .route("/api/workspaces/{ws}/evidence/search", get(search))
        .route("/api/workspaces/{ws}/evidence/sources", get(sources))
        .route(
            "/api/workspaces/{ws}/evidence/themes",
            get(crate::routes::evidence_themes::themes),
        )
        .route(
            "/api/workspaces/{ws}/evidence/themes/choices",
            put(crate::routes::evidence_themes::set_choices),
        )
        .route(
            "/api/workspaces/{ws}/evidence/customers/delete",
            post(delete_customer),
        )
        .route("/api/documents/{id}/evidence/suggestions", get(suggestions))
        .route("/api/documents/{id}/evidence/coverage", get(coverage))
        .route("/api/documents/{id}/evidence/links", post(link))
        .route("/api/documents/{id}/evidence/links/{link}", delete(unlink))
        .route(
            "/api/documents/{id}/evidence/real-quote",
            post(crate::routes::evidence_quote::use_real_quote),
        )
}

/// Whether a request path is the import's, which has its own size limit and time.
pub(crate) fn is_import(path: &str) -> bool {
    path.starts_with("/api/workspaces/") && path.ends_with("/evidence/import")
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ImportQuery {
    /// The source's name; the file's name without its extension when absent.
    source: Option<String>,
    /// csv, tsv, json, jsonl or xlsx; read from `name` when absent.
    format: Option<String>,
    /// The file's name.
    name: Option<String>,
    /// A column mapping such as `text=Body,customer=Email`, saved with the source.
    map: Option<String>,
    /// For Excel: the sheet.
    sheet: Option<String>,
    /// Read the first rows and write nothing.
    #[serde(default)]
    preview: bool,
    /// An id of the client's choosing, to follow the import's progress by.
    upload: Option<String>,
}

fn format_of(query: &ImportQuery) -> AppResult<Format> {
    let named = |text: &str| {
        Format::from_file_name(&format!("file.{text}")).ok_or_else(|| {
            AppError::bad_request(format!(
                "`format` is one of csv, tsv, json, jsonl, xlsx, not {text:?}."
            ))
        })
    };
    match (&query.format, &query.name) {
        (Some(format), _) => named(format),
        (None, Some(name)) => Format::from_file_name(name).ok_or_else(|| {
            AppError::bad_request(format!(
                "The file {name:?} is not .csv, .tsv, .json, .jsonl or .xlsx; name its `format`."
            ))
        }),
        (None, None) => Err(AppError::bad_request(
            "Name the file's `format` (csv, tsv, json, jsonl, xlsx) or its `name`.",
        )),
    }
}

/// `POST /api/workspaces/{ws}/evidence/import`: the file is the body.
async fn import(
    State(state): State<AppState>,
    caller: ApiUser,
    Path(ws): Path<String>,
    ApiQuery(query): ApiQuery<ImportQuery>,
    body: Body,
) -> AppResult<Response> {
    let ws: WorkspaceId = parse_id(&ws)?;
    let role = state.store().role_of(caller.user.id, ws).await?;
    match role {
        None => return Err(AppError::NotFound),
        Some(role) if !role.can_edit() => {
            return Err(AppError::forbidden(
                "Only owners and editors import feedback.",
            ));
        }
        Some(_) => {}
    }
    let format = format_of(&query)?;
    if let Some(id) = &query.upload
        && !importer::valid_upload_id(id)
    {
        return Err(AppError::bad_request(
            "`upload` is 1 to 64 letters, digits, `-` or `_`.",
        ));
    }
    let source = query
        .source
        .clone()
        .or_else(|| {
            query.name.as_deref().map(|n| {
                let n = n.rsplit(['/', '\\']).next().unwrap_or(n);
                n.rsplit_once('.').map_or(n, |(stem, _)| stem).to_string()
            })
        })
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "import".to_string());
    let mapping = match &query.map {
        Some(map) => {
            Mapping::parse(map).map_err(|e| AppError::bad_request(format!("`map`: {e}.")))?
        }
        None => saved_mapping(&state, caller.user.id, ws, &source).await?,
    };
    let job = Job {
        actor: caller.user.id,
        workspace: ws,
        format,
        options: Options {
            mapping,
            source: Some(source.clone()),
            sheet: query.sheet.clone(),
            ..Options::default()
        },
        source: source.clone(),
        save_mapping: query.map.clone(),
        upload: query.upload.clone(),
    };
    if query.preview {
        let preview = importer::preview(job, body, state.config().max_import_bytes).await?;
        return Ok(Json(json!({
            "source": source,
            "format": format.name(),
            "columns": preview.columns,
            "mapping": pairs_json(&preview.mapping),
            "rows": preview.rows,
            "bad_rows": preview.bad_rows,
        }))
        .into_response());
    }
    let report = importer::import(&state, job, body).await?;
    Ok(Json(json!({
        "source": source,
        "format": format.name(),
        "imported": report.imported,
        "duplicates": report.duplicates,
        "bad_rows": report.bad_rows,
        "bad_row_count": report.bad_row_count,
        "columns": report.columns,
        "mapping": pairs_json(&report.mapping),
    }))
    .into_response())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ProgressQuery {
    upload: String,
}

/// `GET /api/workspaces/{ws}/evidence/import/progress?upload=ID`: what the caller's
/// import `ID` has read and written so far (members; each sees only their own).
async fn import_progress(
    State(state): State<AppState>,
    caller: ApiUser,
    Path(ws): Path<String>,
    ApiQuery(query): ApiQuery<ProgressQuery>,
) -> AppResult<Response> {
    let ws: WorkspaceId = parse_id(&ws)?;
    if state.store().role_of(caller.user.id, ws).await?.is_none() {
        return Err(AppError::NotFound);
    }
    if !importer::valid_upload_id(&query.upload) {
        return Err(AppError::bad_request(
            "`upload` is 1 to 64 letters, digits, `-` or `_`.",
        ));
    }
    let Some(progress) = state.uploads().get(caller.user.id, ws, &query.upload) else {
        return Err(AppError::NotFound);
    };
    let mut value = progress.json();
    value["upload"] = json!(query.upload);
    Ok(Json(value).into_response())
}

fn pairs_json(pairs: &[(String, String)]) -> Value {
    pairs
        .iter()
        .map(|(field, column)| json!({ "field": field, "column": column }))
        .collect()
}

/// The source's saved mapping, else the guess from common exports' column names.
async fn saved_mapping(
    state: &AppState,
    actor: UserId,
    ws: WorkspaceId,
    source: &str,
) -> AppResult<Mapping> {
    let sources = state.store().evidence_sources(actor, ws).await?;
    let saved = sources
        .iter()
        .find(|s| s.name == source && !s.mapping.is_empty());
    match saved {
        Some(s) => Mapping::parse(&s.mapping).map_err(|e| {
            AppError::bad_request(format!(
                "The mapping saved with source {source:?} no longer reads: {e}."
            ))
        }),
        None => Ok(Mapping::guess()),
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SearchQuery {
    q: String,
    source: Option<String>,
    from: Option<String>,
    to: Option<String>,
    min_rating: Option<f64>,
    max_rating: Option<f64>,
    customer: Option<String>,
    limit: Option<u32>,
}

pub(crate) fn hit_json(hit: &FeedbackHit) -> Value {
    json!({
        "id": hit.id,
        "text": hit.text,
        "title": hit.title,
        "customer": hit.customer,
        "customer_id": hit.customer_id,
        "source": hit.source,
        "date": hit.date,
        "rating": hit.rating,
        "link": hit.link,
        "score": hit.score,
    })
}

/// `GET /api/workspaces/{ws}/evidence/search?q=…`: literal words, ranked.
async fn search(
    State(state): State<AppState>,
    caller: ApiUser,
    Path(ws): Path<String>,
    ApiQuery(query): ApiQuery<SearchQuery>,
) -> AppResult<Response> {
    let ws: WorkspaceId = parse_id(&ws)?;
    let customer = match &query.customer {
        Some(text) => Some(
            Customer::any(text)
                .ok_or_else(|| AppError::bad_request("`customer` is empty."))?
                .key(),
        ),
        None => None,
    };
    let found = state
        .store()
        .search_feedback(
            caller.user.id,
            ws,
            &FeedbackQuery {
                text: query.q,
                source: query.source,
                from: query.from,
                to: query.to,
                min_rating: query.min_rating,
                max_rating: query.max_rating,
                customer,
                limit: query.limit.unwrap_or(20),
                any_word: false,
            },
        )
        .await?;
    let results: Vec<Value> = found.iter().map(hit_json).collect();
    Ok(Json(json!({ "results": results })).into_response())
}

/// `GET /api/workspaces/{ws}/evidence/sources`.
async fn sources(
    State(state): State<AppState>,
    caller: ApiUser,
    Path(ws): Path<String>,
) -> AppResult<Response> {
    let ws: WorkspaceId = parse_id(&ws)?;
    let sources = state.store().evidence_sources(caller.user.id, ws).await?;
    Ok(Json(json!({ "sources": sources })).into_response())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DeleteCustomerBody {
    email: String,
}

/// `POST /api/workspaces/{ws}/evidence/customers/delete`: a customer's feedback and
/// every link to it, on their request (owners).
async fn delete_customer(
    State(state): State<AppState>,
    caller: ApiUser,
    Path(ws): Path<String>,
    ApiJson(body): ApiJson<DeleteCustomerBody>,
) -> AppResult<Response> {
    let ws: WorkspaceId = parse_id(&ws)?;
    let Some(customer) = Customer::email(&body.email) else {
        return Err(AppError::bad_request(format!(
            "`email`: {:?} is not an email address.",
            body.email
        )));
    };
    let deleted = state
        .store()
        .delete_customer_feedback(caller.user.id, ws, &customer.key())
        .await?;
    Ok(Json(json!({ "items": deleted.items, "links": deleted.links })).into_response())
}

/// The claims of a document's newest revision, and its workspace.
pub(crate) async fn document_claims(
    state: &AppState,
    actor: UserId,
    doc: DocumentId,
) -> AppResult<(WorkspaceId, i64, Vec<Claim>)> {
    let document = state.store().document(actor, doc).await?;
    let revision = state.store().latest_revision(actor, doc).await?;
    let claims = state
        .quick("claims", move || {
            prfaq_evidence::claims(&prfaq_doc::parse(&revision.body))
        })
        .await?;
    Ok((document.workspace, document.current_revision, claims))
}

fn claim_json(claim: &Claim) -> Value {
    json!({
        "kind": claim.kind.name(),
        "text": claim.text.trim(),
        "question": claim.question,
        "speaker": claim.speaker,
        "start": claim.span.start,
        "end": claim.span.end,
    })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SuggestQuery {
    limit: Option<u32>,
}

/// The most items one feedback search answers (the store refuses a larger `limit`).
const MOST_SUGGESTIONS: u32 = prfaq_store::MOST_FEEDBACK_RESULTS;

/// `GET /api/documents/{id}/evidence/suggestions`: each claim and the feedback that
/// matches it best, less the items already linked to that claim (the page lists those
/// with the claim, so suggesting them again would only offer a second link to the same
/// passage).
async fn suggestions(
    State(state): State<AppState>,
    caller: ApiUser,
    Path(id): Path<String>,
    ApiQuery(query): ApiQuery<SuggestQuery>,
) -> AppResult<Response> {
    let id: DocumentId = parse_id(&id)?;
    let (ws, revision, claims) = document_claims(&state, caller.user.id, id).await?;
    let links = state.store().evidence_links(caller.user.id, id).await?;
    let linked: Vec<Vec<FeedbackId>> = claims
        .iter()
        .map(|claim| {
            links
                .iter()
                .filter(|l| links_to(l, claim))
                .map(|l| l.feedback)
                .collect()
        })
        .collect();
    let queries: Vec<String> = claims.iter().map(Claim::query).collect();
    let limit = query.limit.unwrap_or(5);
    // Asks for as many more as the most items linked to one claim, so that leaving the
    // linked ones out still leaves `limit` where the workspace has them; a `limit` out of
    // range goes as given, for the store to refuse by name.
    let most_linked = linked.iter().map(Vec::len).max().unwrap_or(0);
    let asked = if (1..=MOST_SUGGESTIONS).contains(&limit) {
        let more = u32::try_from(most_linked).unwrap_or(MOST_SUGGESTIONS);
        limit.saturating_add(more).min(MOST_SUGGESTIONS)
    } else {
        limit
    };
    let found = state
        .store()
        .suggest_feedback(caller.user.id, ws, &queries, asked)
        .await?;
    let claims: Vec<Value> = claims
        .iter()
        .zip(&found)
        .zip(&linked)
        .map(|((claim, hits), linked)| {
            let mut value = claim_json(claim);
            value["suggestions"] = hits
                .iter()
                .filter(|hit| !linked.contains(&hit.id))
                .take(limit as usize)
                .map(hit_json)
                .collect();
            value
        })
        .collect();
    Ok(Json(json!({ "document": id, "revision": revision, "claims": claims })).into_response())
}

/// Whether a link belongs to a claim: the same kind and the same text.
pub(crate) fn links_to(link: &EvidenceLink, claim: &Claim) -> bool {
    link.claim_kind.as_str() == claim.kind.name() && link.claim_text == claim.text.trim()
}

/// Coverage claim by claim: distinct customers, links by importance, and the links
/// whose claim the newest revision no longer has.
pub(crate) fn coverage_json(claims: &[Claim], links: &[EvidenceLink]) -> Value {
    let mut unsupported = 0;
    let rows: Vec<Value> = claims
        .iter()
        .map(|claim| {
            let linked: Vec<&EvidenceLink> = links.iter().filter(|l| links_to(l, claim)).collect();
            let mut customers: Vec<String> = linked
                .iter()
                .map(|l| match l.customer_id {
                    Some(c) => c.to_string(),
                    None => format!("item {}", l.feedback),
                })
                .collect();
            customers.sort();
            customers.dedup();
            if linked.is_empty() {
                unsupported += 1;
            }
            let count = |i: Importance| linked.iter().filter(|l| l.importance == i).count();
            let mut value = claim_json(claim);
            value["customers"] = json!(customers.len());
            value["supported"] = json!(!linked.is_empty());
            value["importance"] = json!({
                "nice-to-have": count(Importance::NiceToHave),
                "important": count(Importance::Important),
                "deal-breaker": count(Importance::DealBreaker),
            });
            value["links"] = json!(linked);
            value
        })
        .collect();
    let orphaned: Vec<&EvidenceLink> = links
        .iter()
        .filter(|l| !claims.iter().any(|c| links_to(l, c)))
        .collect();
    json!({
        "claims": rows,
        "unsupported": unsupported,
        "orphaned_links": orphaned,
    })
}

/// Rule EV701 on `body` with the document's links, as findings in `prfaq check`'s
/// shape; none while the workspace holds no customer feedback at all, so that a team
/// that never imported any is not asked for it.
pub(crate) async fn evidence_findings(
    state: &AppState,
    actor: UserId,
    doc: DocumentId,
    workspace: WorkspaceId,
    body: String,
) -> AppResult<Vec<prfaq_lint::render::Finding>> {
    let sources = state.store().evidence_sources(actor, workspace).await?;
    if sources.iter().all(|s| s.items == 0) {
        return Ok(Vec::new());
    }
    let links = state.store().evidence_links(actor, doc).await?;
    let linked_quotes = links
        .iter()
        .filter(|l| l.claim_kind == ClaimKind::CustomerQuote)
        .map(|l| l.claim_text.clone())
        .collect();
    state
        .quick("evidence findings", move || {
            let parsed = prfaq_doc::parse(&body);
            let mut config = prfaq_lint::Config::only(&["EV701"]);
            config.evidence = Some(prfaq_lint::Evidence { linked_quotes });
            prfaq_lint::check(&parsed, &config)
                .iter()
                .map(|d| prfaq_lint::render::Finding::new(&parsed, d))
                .collect()
        })
        .await
}

/// `GET /api/documents/{id}/evidence/coverage`.
async fn coverage(
    State(state): State<AppState>,
    caller: ApiUser,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let id: DocumentId = parse_id(&id)?;
    let (ws, revision, claims) = document_claims(&state, caller.user.id, id).await?;
    let links = state.store().evidence_links(caller.user.id, id).await?;
    let body = state
        .store()
        .latest_revision(caller.user.id, id)
        .await?
        .body;
    let findings = evidence_findings(&state, caller.user.id, id, ws, body).await?;
    let mut value = coverage_json(&claims, &links);
    value["findings"] = json!(findings);
    value["document"] = json!(id);
    value["revision"] = json!(revision);
    Ok(Json(value).into_response())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LinkBody {
    claim_kind: String,
    claim_text: String,
    feedback: i64,
    #[serde(default = "important")]
    importance: String,
}

fn important() -> String {
    Importance::Important.as_str().to_string()
}

/// `POST /api/documents/{id}/evidence/links`: links a passage to a claim (editors).
async fn link(
    State(state): State<AppState>,
    caller: ApiUser,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<LinkBody>,
) -> AppResult<Response> {
    let id: DocumentId = parse_id(&id)?;
    let claim_kind: ClaimKind = body.claim_kind.parse().map_err(|_| {
        AppError::bad_request(
            "`claim_kind` is one of problem, solution, customer-quote, faq-answer.",
        )
    })?;
    let importance: Importance = body.importance.parse().map_err(|_| {
        AppError::bad_request("`importance` is one of nice-to-have, important, deal-breaker.")
    })?;
    let link = state
        .store()
        .link_evidence(
            caller.user.id,
            id,
            NewEvidenceLink {
                claim_kind,
                claim_text: &body.claim_text,
                feedback: FeedbackId(body.feedback),
                importance,
            },
        )
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(json!({ "id": link.id, "link": link })),
    )
        .into_response())
}

/// `DELETE /api/documents/{id}/evidence/links/{link}` (editors).
async fn unlink(
    State(state): State<AppState>,
    caller: ApiUser,
    Path((id, link)): Path<(String, String)>,
) -> AppResult<Response> {
    let id: DocumentId = parse_id(&id)?;
    let link: EvidenceLinkId = parse_id(&link)?;
    state
        .store()
        .unlink_evidence(caller.user.id, id, link)
        .await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}
