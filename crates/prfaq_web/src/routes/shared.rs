//! Work that pages and the API share: parsing ids, input rules, the base page context,
//! loading a document with the caller's role, saving with the stale check, and creating
//! documents from the template, the vision form or an upload.

use std::str::FromStr;

use axum::extract::{FromRequestParts, RawPathParams};
use axum::http::request::Parts;
use minijinja::{Value, context};
use prfaq_doc::template::{self, Answers};
use prfaq_store::{
    Document, DocumentId, NewDocument, Revision, RevisionMeta, Role, SaveRevision, Status,
    StoreError, Submitted, TextEnum, User, WorkspaceId,
};
use serde::Serialize;
use serde_json::json;

use crate::auth::SignedIn;
use crate::diff::{self, Change};
use crate::error::{AppError, AppResult};
use crate::state::AppState;

/// The longest title accepted, in characters.
pub(crate) const MAX_TITLE_CHARS: usize = 200;
/// The longest revision note accepted, in characters.
pub(crate) const MAX_NOTE_CHARS: usize = 500;

/// Parses an id from a URL. Anything that is not an id is an id that does not exist.
pub(crate) fn parse_id<T: FromStr<Err = StoreError>>(text: &str) -> AppResult<T> {
    text.parse::<T>().map_err(|_| AppError::NotFound)
}

/// A revision number from a URL or query.
pub(crate) fn parse_number(text: &str) -> AppResult<i64> {
    match text.trim().parse::<i64>() {
        Ok(n) if n >= 1 => Ok(n),
        _ => Err(AppError::NotFound),
    }
}

/// A trimmed, non-empty title of reasonable length. The length and the characters are
/// those sent, white space included, as the OpenAPI document's `maxLength` and `pattern`
/// read them.
pub(crate) fn clean_title(title: &str) -> AppResult<String> {
    let sent = title.chars().count();
    let control = title.chars().any(char::is_control);
    let title = title.trim();
    if title.is_empty() {
        return Err(AppError::bad_request("Give the document a title."));
    }
    if sent > MAX_TITLE_CHARS {
        return Err(AppError::bad_request(format!(
            "Keep the title under {MAX_TITLE_CHARS} characters."
        )));
    }
    if control {
        return Err(AppError::bad_request(
            "A title cannot contain line breaks or control characters.",
        ));
    }
    Ok(title.to_owned())
}

/// A trimmed revision note of reasonable length.
pub(crate) fn clean_note(note: &str) -> AppResult<String> {
    if note.chars().count() > MAX_NOTE_CHARS {
        return Err(AppError::bad_request(format!(
            "Keep the note under {MAX_NOTE_CHARS} characters."
        )));
    }
    Ok(note.trim().to_owned())
}

/// Text for a revision: anything but nothing.
pub(crate) fn check_text(text: &str) -> AppResult<()> {
    if text.trim().is_empty() {
        return Err(AppError::bad_request(
            "The document is empty. Write something before saving.",
        ));
    }
    Ok(())
}

/// Percent-encodes a string for a query value.
pub(crate) fn url_encode(text: &str) -> String {
    form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

/// Where to go after sign-in: a path on this site, anything else `/`.
///
/// Browsers read a `Location` generously: they drop tabs and line breaks, take `\\` for
/// `/`, and go to another site for `//host`, `/\\host` or `/<tab>/host`. So only a path
/// of printable ASCII without backslash is followed, starting with one `/` and then a
/// letter, digit, `-`, `_`, `~`, `?` or `#` (or nothing), with no `.` or `..` segment
/// and no encoded `/`, `\\` or `.` in its path part. The answer is always a valid header.
pub(crate) fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n) if is_local_path(n) => n.to_owned(),
        _ => "/".to_owned(),
    }
}

fn is_local_path(next: &str) -> bool {
    let bytes = next.as_bytes();
    if bytes.first() != Some(&b'/') || next.len() > 2048 {
        return false;
    }
    if !bytes
        .iter()
        .all(|&b| (0x21..=0x7e).contains(&b) && b != b'\\')
    {
        return false;
    }
    if let Some(&second) = bytes.get(1)
        && !(second.is_ascii_alphanumeric() || matches!(second, b'-' | b'_' | b'~' | b'?' | b'#'))
    {
        return false;
    }
    let path = next
        .split(['?', '#'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    if path.contains("%2f") || path.contains("%5c") || path.contains("%2e") {
        return false;
    }
    !path
        .split('/')
        .any(|segment| segment == "." || segment == "..")
}

/// The context every signed-in page starts from.
pub(crate) fn base(user: &User, csrf: &str, unread: i64) -> Value {
    context! {
        user => context! { id => user.id.0, name => user.display_name.as_str(), email => user.email.as_str() },
        csrf => csrf,
        unread => unread,
    }
}

/// The context of a page for a visitor who may not be signed in.
pub(crate) fn base_anonymous(csrf: &str) -> Value {
    context! { user => Value::from(()), csrf => csrf }
}

/// A document together with the caller's role in its workspace.
pub(crate) struct Access {
    pub doc: Document,
    pub role: Role,
}

/// Loads a document the user may see, and their role. A stranger gets
/// [`AppError::NotFound`], exactly as for a document that does not exist.
pub(crate) async fn access(state: &AppState, user: &User, id: DocumentId) -> AppResult<Access> {
    let (doc, role) = state.store().document_access(user.id, id).await?;
    Ok(Access { doc, role })
}

/// What a document page starts with: the signed-in user, the document of the `{id}` in
/// the path and their role in its workspace. An id that is not one, a document that does
/// not exist and a document the user may not see (a stranger, another workspace) are the
/// same [`AppError::NotFound`], before the handler runs or anything else is looked up.
pub(crate) struct DocumentAccess {
    pub signed: SignedIn,
    pub id: DocumentId,
    pub access: Access,
}

impl FromRequestParts<AppState> for DocumentAccess {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> AppResult<Self> {
        let signed = SignedIn::from_request_parts(parts, state).await?;
        let params = RawPathParams::from_request_parts(parts, state)
            .await
            .map_err(|_| AppError::NotFound)?;
        let id = params
            .iter()
            .find(|(name, _)| *name == "id")
            .ok_or(AppError::NotFound)?
            .1;
        let id: DocumentId = parse_id(id)?;
        let access = access(state, &signed.user, id).await?;
        Ok(DocumentAccess { signed, id, access })
    }
}

/// The user's role in a workspace; a stranger gets [`AppError::NotFound`].
pub(crate) async fn role_in(state: &AppState, user: &User, ws: WorkspaceId) -> AppResult<Role> {
    state
        .store()
        .role_of(user.id, ws)
        .await?
        .ok_or(AppError::NotFound)
}

/// Refuses members whose role cannot edit.
pub(crate) fn require_edit(role: Role) -> AppResult<()> {
    if role.can_edit() {
        Ok(())
    } else {
        Err(AppError::forbidden(format!(
            "You are {} in this workspace: only editors and owners can change documents.",
            crate::templates::with_article(role.as_str())
        )))
    }
}

/// Why a save was refused as stale: what the author started from, what is there now and
/// what changed in between. The author's own text travels with it so nothing is lost.
#[derive(Serialize)]
pub(crate) struct Stale {
    pub base_revision: i64,
    pub current_revision: i64,
    pub changed_by: String,
    pub changed_at: i64,
    pub current_text: String,
    pub your_text: String,
    pub changes: Vec<Change>,
    pub inserted_words: usize,
    pub deleted_words: usize,
}

impl Stale {
    /// The message shown above the editor and in the API error.
    pub fn message(&self) -> String {
        format!(
            "Not saved: {} saved revision {} after you opened revision {}. Your text is kept in the editor. Review what changed below, then save again to make your text revision {}.",
            self.changed_by,
            self.current_revision,
            self.base_revision,
            self.current_revision + 1
        )
    }

    /// The 409 error of the JSON API.
    pub fn into_error(self) -> AppError {
        let message = self.message();
        AppError::Detailed {
            status: axum::http::StatusCode::CONFLICT,
            code: "stale",
            message,
            details: json!({ "stale": self }),
        }
    }
}

/// The outcome of a save.
pub(crate) enum Saved {
    /// Written: the new revision and the document as it now is, with the author's role.
    Ok {
        revision: RevisionMeta,
        access: Access,
    },
    Stale(Stale),
}

/// Saves `text` as a new revision edited from `base`; a save from an older revision
/// writes nothing and returns what changed since. The store answers either way with
/// what is shown next, so a save costs one query, and a stale one two.
pub(crate) async fn save(
    state: &AppState,
    user: &User,
    id: DocumentId,
    base: i64,
    text: &str,
    note: &str,
) -> AppResult<Saved> {
    check_text(text)?;
    let note = clean_note(note)?;
    let save = SaveRevision {
        base: Some(base),
        body: text,
        note: &note,
    };
    match state.store().submit_revision(user.id, id, save).await? {
        Submitted::Saved {
            revision,
            mut document,
            role,
        } => {
            // A new revision can end an alignment (approvals go stale) or, rarely,
            // reach one (the last concern answered in the FAQ).
            if matches!(document.status, Status::InReview | Status::Aligned) {
                let (review, _, _) = crate::routes::reviews::settle(state, user, id).await?;
                document = review.document;
            }
            Ok(Saved::Ok {
                revision,
                access: Access {
                    doc: document,
                    role,
                },
            })
        }
        Submitted::Stale { latest, base_text } => Ok(Saved::Stale(
            stale(state, base, latest, base_text, text).await?,
        )),
    }
}

/// Explains a stale save: what changed from its `base` (whose text a made-up number
/// does not have, so it compares against nothing) to the `latest` revision.
async fn stale(
    state: &AppState,
    base: i64,
    latest: Revision,
    base_text: Option<String>,
    your_text: &str,
) -> AppResult<Stale> {
    let base_text = base_text.unwrap_or_default();
    let latest_text = latest.body.clone();
    let changes = state
        .quick("diff", move || diff::words(&base_text, &latest_text))
        .await?;
    let (inserted_words, deleted_words) = diff::counts(&changes);
    Ok(Stale {
        base_revision: base,
        current_revision: latest.meta.number,
        changed_by: latest.meta.author_name,
        changed_at: latest.meta.created_at,
        current_text: latest.body,
        your_text: your_text.to_owned(),
        changes: diff::collapse(changes, 8),
        inserted_words,
        deleted_words,
    })
}

/// How a new document starts.
pub(crate) enum Start<'a> {
    /// The recommended layout, with guidance in brackets.
    Template,
    /// Drafted from the answers to the five customer questions, as the full layout or
    /// the one-paragraph vision.
    Answers { answers: Answers, vision: bool },
    /// Text the user brought (an upload or the API).
    Text(&'a str),
}

/// Creates a document in a workspace.
pub(crate) async fn create_document(
    state: &AppState,
    user: &User,
    ws: WorkspaceId,
    title: &str,
    start: Start<'_>,
) -> AppResult<Document> {
    let title = clean_title(title)?;
    let (body, note) = match start {
        Start::Template => (
            template::full(&title, &Answers::default()),
            "created from the template",
        ),
        Start::Answers {
            answers,
            vision: false,
        } => (
            template::full(&title, &answers),
            "drafted from the five customer questions",
        ),
        Start::Answers {
            answers,
            vision: true,
        } => (
            template::vision(&title, &answers),
            "drafted as a one-paragraph vision",
        ),
        Start::Text(text) => {
            check_text(text)?;
            (text.to_owned(), "uploaded")
        }
    };
    let new = NewDocument {
        title: &title,
        body: &body,
        note,
    };
    Ok(state.store().create_document(user.id, ws, new).await?)
}

/// A document's title as the document itself gives it: the front matter's `title`, else
/// the first heading, made acceptable as a title (control characters dropped, at most
/// [`MAX_TITLE_CHARS`]) so that a long heading never refuses the document.
pub(crate) fn title_of(text: &str) -> Option<String> {
    let doc = prfaq_doc::parse(text);
    let from_front_matter = doc
        .front_matter
        .as_ref()
        .and_then(|f| f.title.as_deref())
        .map(acceptable_title)
        .filter(|t| !t.is_empty());
    if from_front_matter.is_some() {
        return from_front_matter;
    }
    doc.part(prfaq_doc::PartKind::Headline)
        .map(|p| acceptable_title(&p.prose.text))
        .filter(|t| !t.is_empty())
}

fn acceptable_title(text: &str) -> String {
    let kept: String = text
        .trim()
        .chars()
        .filter(|c| !c.is_control())
        .take(MAX_TITLE_CHARS)
        .collect();
    kept.trim().to_owned()
}

/// A document as the JSON API shows it.
pub(crate) fn document_json(doc: &Document, role: Role) -> serde_json::Value {
    json!({
        "id": doc.id,
        "workspace": doc.workspace,
        "title": doc.title,
        "status": doc.status,
        "archived": doc.archived_at.is_some(),
        "archived_at": doc.archived_at,
        "owner": doc.created_by_name,
        "created_by": doc.created_by,
        "created_at": doc.created_at,
        "updated_at": doc.updated_at,
        "current_revision": doc.current_revision,
        "your_role": role,
        "url": format!("/d/{}", doc.id),
    })
}

/// Any serializable value as a template value.
/// Reads `text` as one of `allowed`, values of one of the store's text enums (most often
/// its `ALL`); anything else is a 400 that names `field` and every value it takes, the
/// same for a form and for the JSON API.
pub(crate) fn choice<T: TextEnum>(field: &str, text: &str, allowed: &[T]) -> AppResult<T> {
    allowed
        .iter()
        .copied()
        .find(|value| value.as_str() == text)
        .ok_or_else(|| {
            let words: Vec<&str> = allowed.iter().map(|value| value.as_str()).collect();
            AppError::bad_request(format!("`{field}` is one of {}.", words.join(", ")))
        })
}

/// The statuses a person sets (`aligned` only follows from the review).
pub(crate) const SET_STATUSES: &[Status] = &[
    Status::Draft,
    Status::InReview,
    Status::Approved,
    Status::Declined,
];

pub(crate) fn ser<T: Serialize>(value: &T) -> Value {
    Value::from(minijinja::value::Serde(value))
}

#[cfg(test)]
mod tests {
    use prfaq_store::{AssumptionState, Verdict};

    use super::*;

    fn message<T: std::fmt::Debug>(result: AppResult<T>) -> String {
        match result {
            Err(AppError::BadRequest(message)) => message,
            other => panic!("expected a 400, got {other:?}"),
        }
    }

    #[test]
    fn a_choice_reads_the_stored_words_and_names_them_all_otherwise() {
        assert_eq!(
            choice("verdict", "request-changes", Verdict::ALL).ok(),
            Some(Verdict::RequestChanges)
        );
        assert_eq!(
            message(choice("verdict", "Approve", Verdict::ALL)),
            "`verdict` is one of approve, request-changes, comment."
        );
        assert_eq!(
            message(choice("state", "", AssumptionState::ALL)),
            "`state` is one of untested, holds, broken."
        );
        // A person never sets `aligned`: the review does.
        assert_eq!(
            message(choice("status", "aligned", SET_STATUSES)),
            "`status` is one of draft, in-review, approved, declined."
        );
        assert_eq!(choice("role", "viewer", Role::ALL).ok(), Some(Role::Viewer));
    }
}
