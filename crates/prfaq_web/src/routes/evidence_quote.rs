//! "Use a real quote": an invented customer quote of a PR/FAQ replaced by a passage of
//! real feedback linked to it, with its attribution: the customer named with their
//! permission noted, or anonymised as "a customer in <segment>". The passage's exact
//! text becomes the quote in a new revision, written only on the revision the caller
//! read (a changed document is refused and nothing is written), and the quote's links
//! follow it to its new text in the same transaction, so rule EV701 stays answered and
//! a failure half way leaves neither a quote without its links nor links without it.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use prfaq_evidence::{Claim, ClaimKind};
use prfaq_store::{DocumentId, EvidenceLinkId, MovedLink, SaveRevision, StoreError};
use serde::Deserialize;
use serde_json::json;

use crate::auth::ApiUser;
use crate::error::{AppError, AppResult};
use crate::routes::api::ApiJson;
use crate::routes::evidence::{evidence_findings, links_to};
use crate::routes::shared::parse_id;
use crate::state::AppState;

/// The longest name or segment an attribution takes, in characters.
const MAX_ATTRIBUTION: usize = 120;

/// Who the real quote is attributed to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Attribution {
    /// Named, as the customer agreed: `said Ann Ito, a customer in Tacoma, quoted with
    /// permission`.
    Permission {
        name: String,
        segment: Option<String>,
    },
    /// `said a customer in family grocery`.
    Anonymous { segment: String },
}

impl Attribution {
    /// The words after `said`.
    fn words(&self) -> String {
        match self {
            Attribution::Permission {
                name,
                segment: Some(segment),
            } => format!("{name}, a customer in {segment}, quoted with permission"),
            Attribution::Permission {
                name,
                segment: None,
            } => format!("{name}, a customer quoted with permission"),
            Attribution::Anonymous { segment } => format!("a customer in {segment}"),
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RealQuoteBody {
    /// The link whose passage becomes the quote.
    link: i64,
    /// The revision the caller read.
    base_revision: i64,
    /// `permission` or `anonymous`.
    attribution: String,
    /// The customer's name as they agreed to be quoted (permission).
    name: Option<String>,
    /// The customer's segment (anonymous; optional with permission).
    segment: Option<String>,
    /// The revision's note.
    note: Option<String>,
}

/// A one-line name or segment, trimmed; `None` when absent or blank.
fn one_line(field: &str, value: Option<&str>) -> AppResult<Option<String>> {
    let Some(value) = value.map(str::trim).filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    if value.chars().any(char::is_control) {
        return Err(AppError::bad_request(format!(
            "`{field}` is one line without control characters."
        )));
    }
    if value.chars().count() > MAX_ATTRIBUTION {
        return Err(AppError::bad_request(format!(
            "`{field}` is longer than {MAX_ATTRIBUTION} characters."
        )));
    }
    Ok(Some(value.split_whitespace().collect::<Vec<_>>().join(" ")))
}

impl RealQuoteBody {
    fn attribution(&self) -> AppResult<Attribution> {
        let name = one_line("name", self.name.as_deref())?;
        let segment = one_line("segment", self.segment.as_deref())?;
        match self.attribution.as_str() {
            "permission" => Ok(Attribution::Permission {
                name: name.ok_or_else(|| {
                    AppError::bad_request(
                        "`name`: with the customer's permission, name them as they agreed to be quoted.",
                    )
                })?,
                segment,
            }),
            "anonymous" => {
                if name.is_some() {
                    return Err(AppError::bad_request(
                        "`name`: an anonymised quote names no one; leave `name` out or use `attribution` permission.",
                    ));
                }
                Ok(Attribution::Anonymous {
                    segment: segment.ok_or_else(|| {
                        AppError::bad_request(
                            "`segment`: an anonymised quote says which customers it comes from, as in \"a customer in family grocery\".",
                        )
                    })?,
                })
            }
            other => Err(AppError::bad_request(format!(
                "`attribution` is permission or anonymous, not {other:?}."
            ))),
        }
    }
}

/// `text` with Markdown's punctuation escaped, so that it reads back as written.
fn escaped(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '&' | '|' | '~' | '$'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The quote's paragraph: the passage in the quotation marks the old quote used, its
/// last full stop turned into the comma before `said`, then the attribution.
pub(crate) fn quote_paragraph(old: &str, passage: &str, attribution: &Attribution) -> String {
    let passage = passage.split_whitespace().collect::<Vec<_>>().join(" ");
    let (open, close) = if old.trim_start().starts_with('“') {
        ('“', '”')
    } else {
        ('"', '"')
    };
    let spoken = match passage.strip_suffix('.') {
        Some(stem) if !stem.ends_with('.') => format!("{stem},"),
        _ if passage.ends_with(['!', '?', ',']) => passage.clone(),
        _ => format!("{passage},"),
    };
    format!(
        "{open}{}{close} said {}.",
        escaped(&spoken),
        escaped(&attribution.words())
    )
}

/// The document with the quote `claim` replaced, and the quote's claim text as the new
/// document reads it; `None` when the new text would no longer read as that customer
/// quote.
pub(crate) fn replace_quote(
    body: &str,
    claim: &Claim,
    passage: &str,
    attribution: &Attribution,
) -> Option<(String, String)> {
    let paragraph = quote_paragraph(&claim.text, passage, attribution);
    let mut new = String::with_capacity(body.len() + paragraph.len());
    new.push_str(body.get(..claim.span.start)?);
    new.push_str(&paragraph);
    new.push_str(body.get(claim.span.end..)?);
    let wanted = passage.split_whitespace().collect::<Vec<_>>().join(" ");
    let wanted = wanted.trim_end_matches('.');
    let claims = prfaq_evidence::claims(&prfaq_doc::parse(&new));
    let found = claims.into_iter().find(|c| {
        c.kind == ClaimKind::CustomerQuote
            && c.span.start == claim.span.start
            && c.text
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .contains(wanted)
    })?;
    Some((new, found.text.trim().to_string()))
}

/// `POST /api/documents/{id}/evidence/real-quote` (owners and editors).
pub(crate) async fn use_real_quote(
    State(state): State<AppState>,
    caller: ApiUser,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<RealQuoteBody>,
) -> AppResult<Response> {
    let id: DocumentId = parse_id(&id)?;
    let actor = caller.user.id;
    let (doc, role) = state.store().document_access(actor, id).await?;
    if !role.can_edit() {
        return Err(AppError::forbidden(
            "Only owners and editors replace a quote.",
        ));
    }
    let attribution = body.attribution()?;
    let stale = |current: i64| AppError::Detailed {
        status: StatusCode::CONFLICT,
        code: "stale",
        message: format!(
            "Not replaced: the document changed since you read revision {}; the newest is {current}. Nothing was written; look at it again, then use the quote with base_revision {current}.",
            body.base_revision
        ),
        details: json!({ "current_revision": current }),
    };
    if body.base_revision != doc.current_revision {
        return Err(stale(doc.current_revision));
    }
    let revision = state.store().latest_revision(actor, id).await?;
    let links = state.store().evidence_links(actor, id).await?;
    let link_id = EvidenceLinkId(body.link);
    let Some(link) = links.iter().find(|l| l.id == link_id).cloned() else {
        return Err(AppError::bad_request(format!(
            "`link`: {} is not a passage linked to this document.",
            body.link
        )));
    };
    if link.claim_kind.as_str() != ClaimKind::CustomerQuote.name() {
        return Err(AppError::bad_request(format!(
            "`link`: passage {} is linked to a {} claim, not to a customer quote.",
            body.link,
            link.claim_kind.as_str()
        )));
    }
    let text = revision.body.clone();
    let passage = link.quote.clone();
    let chosen = link.clone();
    let said = attribution.clone();
    let replaced = state
        .quick("real quote", move || {
            let claims = prfaq_evidence::claims(&prfaq_doc::parse(&text));
            let claim = claims
                .into_iter()
                .find(|c| c.kind == ClaimKind::CustomerQuote && links_to(&chosen, c))?;
            let (new, quote) = replace_quote(&text, &claim, &passage, &said)?;
            Some((claim, new, quote))
        })
        .await?;
    let Some((claim, new_body, new_quote)) = replaced else {
        return Err(AppError::bad_request(format!(
            "`link`: passage {} is linked to a quote the document no longer has, or its text cannot stand as the customer quote; link it to the quote as it now reads first.",
            body.link
        )));
    };
    let how = match &attribution {
        Attribution::Permission { .. } => "named with the customer's permission",
        Attribution::Anonymous { .. } => "anonymised",
    };
    let note = body
        .note
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map_or_else(
            || format!("Used a real quote from {} feedback, {how}", link.source),
            str::to_string,
        );
    // The revision and the quote's links moving to its new text, each with its
    // importance, are one write: all of it or nothing.
    let moves: Vec<MovedLink<'_>> = links
        .iter()
        .filter(|l| links_to(l, &claim))
        .map(|l| MovedLink {
            link: l.id,
            claim_text: &new_quote,
        })
        .collect();
    let (saved, moved) = match state
        .store()
        .save_revision_moving_links(
            actor,
            id,
            SaveRevision {
                base: Some(body.base_revision),
                body: &new_body,
                note: &note,
            },
            &moves,
        )
        .await
    {
        Ok(done) => done,
        Err(StoreError::Stale { current }) => return Err(stale(current)),
        // The document was read a moment ago: if the caller still sees it, a link of
        // the quote was unlinked meanwhile.
        Err(StoreError::NotFound) => {
            let (now, _) = state.store().document_access(actor, id).await?;
            return Err(AppError::Detailed {
                status: StatusCode::CONFLICT,
                code: "links_changed",
                message: "Not replaced: a passage linked to the quote was unlinked while it was being used. Nothing was written; look at the quote's links again, then use the quote.".to_string(),
                details: json!({ "current_revision": now.current_revision, "link": body.link }),
            });
        }
        Err(other) => return Err(other.into()),
    };
    let findings = evidence_findings(&state, actor, id, doc.workspace, new_body).await?;
    Ok(axum::Json(json!({
        "revision": saved,
        "quote": new_quote,
        "links": moved,
        "findings": findings,
    }))
    .into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn anonymous(segment: &str) -> Attribution {
        Attribution::Anonymous {
            segment: segment.to_string(),
        }
    }

    #[test]
    fn the_passage_is_spoken_with_its_attribution() {
        let said = anonymous("family grocery");
        assert_eq!(
            quote_paragraph("\"Old.\" said Ann.", "It takes half an hour.", &said),
            "\"It takes half an hour,\" said a customer in family grocery."
        );
        assert_eq!(
            quote_paragraph("“Old,” said Ann.", "Why is  it\nso slow?", &said),
            "“Why is it so slow?” said a customer in family grocery."
        );
        assert_eq!(
            quote_paragraph("\"Old.\"", "Wait...", &said),
            "\"Wait...,\" said a customer in family grocery."
        );
        let named = Attribution::Permission {
            name: "Ann Ito".to_string(),
            segment: None,
        };
        assert_eq!(
            quote_paragraph("\"Old.\"", "Great", &named),
            "\"Great,\" said Ann Ito, a customer quoted with permission."
        );
    }

    #[test]
    fn markup_in_the_passage_reads_back_as_written() {
        let doc = "# Title\n\n## Customer quote\n\n\"Invented,\" said a customer.\n";
        let claims = prfaq_evidence::claims(&prfaq_doc::parse(doc));
        let claim = claims
            .iter()
            .find(|c| c.kind == ClaimKind::CustomerQuote)
            .expect("a quote");
        let passage = "The *new* cart <b>costs</b> [more] & `hides` fees_now";
        let (new, quote) =
            replace_quote(doc, claim, passage, &anonymous("cafés & bars")).expect("replaced");
        assert!(
            new.starts_with("# Title\n\n## Customer quote\n\n\"The \\*new\\*"),
            "{new}"
        );
        assert!(
            new.ends_with(" said a customer in cafés \\& bars.\n"),
            "{new}"
        );
        assert_eq!(
            quote,
            format!("\"{passage},\" said a customer in cafés & bars."),
            "{new}"
        );
    }
}
