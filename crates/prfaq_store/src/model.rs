//! The records the store hands out and takes in: ids, roles, statuses, users,
//! workspaces, documents and their revisions. They carry no SQL and no database types,
//! so the web layer can serialize them straight into its JSON API.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::StoreError;

/// A point in time as milliseconds since the Unix epoch (UTC). Plain integers keep the
/// two databases and the backup format identical; the web layer formats them.
pub type Millis = i64;

/// The current time in [`Millis`].
pub fn now_millis() -> Millis {
    let since_epoch = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    i64::try_from(since_epoch.as_millis()).unwrap_or(i64::MAX)
}

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        ///
        /// Ids are random integers below 2^53, so they say nothing about how many rows
        /// exist and survive a round trip through a JavaScript number.
        #[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}", self.0)
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({})", stringify!($name), self.0)
            }
        }

        impl FromStr for $name {
            type Err = StoreError;

            /// Parses an id from a URL segment; anything that is not a positive
            /// integer is an id that does not exist.
            fn from_str(text: &str) -> Result<Self, StoreError> {
                match text.parse::<i64>() {
                    Ok(id) if id > 0 => Ok(Self(id)),
                    _ => Err(StoreError::NotFound),
                }
            }
        }
    };
}

id_type!(
    /// Identifies a user account.
    UserId
);
id_type!(
    /// Identifies a workspace.
    WorkspaceId
);
id_type!(
    /// Identifies a document.
    DocumentId
);
id_type!(
    /// Identifies an invitation into a workspace.
    InvitationId
);
id_type!(
    /// Identifies a personal access token (not the token's secret).
    TokenId
);

/// A value stored as one of a few fixed words (roles, statuses, verdicts, …): what a
/// request reads one with needs to know of it.
pub trait TextEnum: Copy + PartialEq + 'static {
    /// Every value, in order.
    const ALL: &'static [Self];
    /// The value as stored and as shown in URLs and JSON.
    fn as_str(self) -> &'static str;
}

macro_rules! text_enum {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum $name {
            $($(#[$vdoc])* #[serde(rename = $text)] $variant),+
        }

        impl $name {
            /// Every value, in order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The value as stored and as shown in URLs and JSON.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text),+
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl $crate::model::TextEnum for $name {
            const ALL: &'static [$name] = $name::ALL;

            fn as_str(self) -> &'static str {
                $name::as_str(self)
            }
        }

        impl FromStr for $name {
            type Err = StoreError;

            fn from_str(text: &str) -> Result<Self, StoreError> {
                match text {
                    $($text => Ok($name::$variant),)+
                    other => Err(StoreError::Invalid(format!(
                        "`{other}` is not a {}", stringify!($name).to_lowercase()
                    ))),
                }
            }
        }
    };
}

text_enum!(
    /// What a member may do in a workspace. Each role can do everything the roles
    /// below it can.
    Role {
        /// Manages members and invitations, and edits.
        Owner = "owner",
        /// Creates, edits, renames and archives documents.
        Editor = "editor",
        /// Reads and moves documents through review (status changes).
        Reviewer = "reviewer",
        /// Reads.
        Viewer = "viewer",
    }
);

impl Role {
    /// Create, save, restore, rename and archive documents.
    pub fn can_edit(self) -> bool {
        matches!(self, Role::Owner | Role::Editor)
    }

    /// Change a document's status (draft, in review, approved, declined).
    pub fn can_review(self) -> bool {
        matches!(self, Role::Owner | Role::Editor | Role::Reviewer)
    }

    /// Invite, remove and change the role of members.
    pub fn can_manage(self) -> bool {
        self == Role::Owner
    }
}

text_enum!(
    /// Where a document stands in its review.
    Status {
        /// Being written.
        Draft = "draft",
        /// Sent to reviewers.
        InReview = "in-review",
        /// Every concern answered in the FAQ, every thread resolved, every required
        /// reviewer approved the newest revision and the checker finds no error.
        Aligned = "aligned",
        /// Accepted after the review aligned.
        Approved = "approved",
        /// Turned down by the review.
        Declined = "declined",
    }
);

text_enum!(
    /// What a personal access token may do.
    TokenScope {
        /// Read documents and revisions (`prfaq pull`).
        Read = "read",
        /// Read and save revisions (`prfaq push`).
        Write = "write",
    }
);

/// The backing database of a store.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Backend {
    /// An embedded SQLite file.
    Sqlite,
    /// A PostgreSQL server.
    Postgres,
}

/// A new account. The password arrives already hashed (argon2 PHC string).
#[derive(Clone, Copy)]
pub struct NewUser<'a> {
    /// The sign-in address; unique regardless of letter case.
    pub email: &'a str,
    /// The name shown to other members.
    pub display_name: &'a str,
    /// The PHC string of the password; never the password itself.
    pub password_hash: &'a str,
}

impl fmt::Debug for NewUser<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("NewUser")
            .field("email", &self.email)
            .field("display_name", &self.display_name)
            .field("password_hash", &"<redacted>")
            .finish()
    }
}

/// An account, without its password hash (see [`crate::Store::credentials`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    /// The account's id.
    pub id: UserId,
    /// The sign-in address as the user typed it.
    pub email: String,
    /// The name shown to other members.
    pub display_name: String,
    /// When the account was created.
    pub created_at: Millis,
}

/// A stored password hash (PHC string). Its `Debug` output is redacted so that it never
/// reaches a log by accident.
#[derive(Clone, PartialEq, Eq)]
pub struct PasswordHash(pub String);

impl PasswordHash {
    /// The PHC string, for the password verifier.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for PasswordHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PasswordHash(<redacted>)")
    }
}

/// A signed-in browser session.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    /// Whose session it is.
    pub user: UserId,
    /// When the user signed in.
    pub created_at: Millis,
    /// After this instant the session no longer exists.
    pub expires_at: Millis,
    /// The last request seen, to within a minute (updated at most once a minute so that
    /// reading pages does not turn into a write per request).
    pub last_seen_at: Millis,
}

/// Counts of recent failed sign-ins, for rate limiting.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignInFailures {
    /// Failures for this account (email address) from this client address.
    pub pair: i64,
    /// When the newest of them was.
    pub pair_last: Option<Millis>,
    /// Failures from this client address, for any account.
    pub address: i64,
    /// When the newest of them was.
    pub address_last: Option<Millis>,
}

/// A workspace: the unit of sharing. Every document belongs to exactly one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Workspace {
    /// The workspace's id.
    pub id: WorkspaceId,
    /// Its name.
    pub name: String,
    /// When it was created.
    pub created_at: Millis,
}

/// A workspace together with the role the user has in it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Membership {
    /// The workspace.
    pub workspace: Workspace,
    /// The user's role in it.
    pub role: Role,
}

/// A member of a workspace.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    /// The member's account.
    pub user: User,
    /// The member's role.
    pub role: Role,
    /// When they joined.
    pub joined_at: Millis,
}

/// An invitation into a workspace, sent to an email address as a link.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Invitation {
    /// The invitation's id (not its secret).
    pub id: InvitationId,
    /// The workspace it admits to.
    pub workspace: WorkspaceId,
    /// The name of that workspace, for the accept page.
    pub workspace_name: String,
    /// The address it was sent to; only an account with this address can accept it.
    pub email: String,
    /// The role the invitee gets.
    pub role: Role,
    /// Who sent it.
    pub invited_by: UserId,
    /// When it was sent.
    pub created_at: Millis,
    /// After this instant it can no longer be accepted.
    pub expires_at: Millis,
    /// When it was accepted, if it was.
    pub accepted_at: Option<Millis>,
}

/// A personal access token, as listed to its owner. The secret is shown only once, when
/// the token is created; the store keeps its SHA-256 hash.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiToken {
    /// The token's id, for listing and revoking.
    pub id: TokenId,
    /// Whose token it is; requests made with it act as this user.
    pub user: UserId,
    /// The name the user gave it ("laptop", "CI").
    pub name: String,
    /// What it may do.
    pub scope: TokenScope,
    /// When it was created.
    pub created_at: Millis,
    /// When it was last used, to within a minute.
    pub last_used_at: Option<Millis>,
    /// When it was revoked; a revoked token authenticates nothing.
    pub revoked_at: Option<Millis>,
}

/// A document's metadata. Its text lives in its revisions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Document {
    /// The document's id.
    pub id: DocumentId,
    /// The workspace it belongs to.
    pub workspace: WorkspaceId,
    /// Its title, stored exactly as given.
    pub title: String,
    /// Where it stands in review.
    pub status: Status,
    /// When it was archived; archived documents are left out of lists by default.
    pub archived_at: Option<Millis>,
    /// Who created it (its owner in lists).
    pub created_by: UserId,
    /// That user's display name.
    pub created_by_name: String,
    /// When it was created.
    pub created_at: Millis,
    /// The last change to its text or metadata.
    pub updated_at: Millis,
    /// The number of its newest revision; the base a save must name.
    pub current_revision: i64,
}

/// A new document: its title and the text of its first revision.
#[derive(Clone, Copy, Debug)]
pub struct NewDocument<'a> {
    /// The title.
    pub title: &'a str,
    /// The text of revision 1.
    pub body: &'a str,
    /// A note for revision 1 ("created from the template").
    pub note: &'a str,
}

/// Which documents [`crate::Store::documents`] lists.
#[derive(Clone, Debug, Default)]
pub struct DocumentQuery {
    /// Only titles that contain this text, ignoring case. It is matched as literal text:
    /// `%`, `_` and quotes have no special meaning.
    pub title_contains: Option<String>,
    /// Include archived documents too.
    pub include_archived: bool,
}

/// A save: new text and the revision it was edited from.
#[derive(Clone, Copy, Debug)]
pub struct SaveRevision<'a> {
    /// The revision the author started from. If it is no longer the document's current
    /// revision the save is refused with [`StoreError::Stale`]. `None` appends without
    /// the check (history is append-only, so nothing is overwritten either way).
    pub base: Option<i64>,
    /// The whole new text.
    pub body: &'a str,
    /// A short note ("tightened the problem paragraph").
    pub note: &'a str,
}

/// A revision without its text, for history lists.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RevisionMeta {
    /// The document it belongs to.
    pub document: DocumentId,
    /// Its number: 1 for the first, counting up by one with each save.
    pub number: i64,
    /// Who saved it.
    pub author: UserId,
    /// That user's display name.
    pub author_name: String,
    /// The author's note.
    pub note: String,
    /// When it was saved.
    pub created_at: Millis,
    /// The length of its text in bytes.
    pub size: i64,
}

/// A revision with its text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Revision {
    /// Who, when, which number.
    pub meta: RevisionMeta,
    /// The whole document text as saved.
    pub body: String,
}

/// How a save went, with what the editor shows next: what
/// [`Store::submit_revision`](crate::Store::submit_revision) answers.
#[derive(Clone, Debug)]
pub enum Submitted {
    /// Written as the next revision.
    Saved {
        revision: RevisionMeta,
        /// The document as the save left it.
        document: Document,
        /// The author's role in its workspace.
        role: Role,
    },
    /// Refused because the text was edited from an older revision: nothing was written.
    Stale {
        /// The newest revision, with its text.
        latest: Revision,
        /// The text of the revision the save was edited from; `None` when the document
        /// has no such revision.
        base_text: Option<String>,
    },
}

/// Everything the document page shows, read with one query: the document, the actor's
/// role, its workspace and its newest revision with the text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentPage {
    /// The document.
    pub document: Document,
    /// The actor's role in the document's workspace.
    pub role: Role,
    /// The workspace the document belongs to.
    pub workspace: Workspace,
    /// The newest revision, with its text.
    pub latest: Revision,
}

/// What a backup wrote or a restore loaded.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BackupSummary {
    /// The schema version of the data.
    pub schema_version: i64,
    /// Rows per table, in the order they were written.
    pub tables: Vec<(String, u64)>,
}

mod reviews;
pub use reviews::*;
mod evidence;
pub use evidence::*;
mod outcomes;
pub use outcomes::*;

text_enum!(
    /// Why a member is told about a review.
    NoticeKind {
        /// They were asked to review the document.
        ReviewRequested = "review-requested",
        /// Someone replied in a thread they started.
        CommentOnThread = "comment-on-thread",
        /// Someone commented on a document they created.
        CommentOnDocument = "comment-on-document",
        /// A concern they raised was linked to the FAQ question that answers it.
        ConcernAnswered = "concern-answered",
        /// A reviewer gave a verdict on a document they created.
        VerdictGiven = "verdict-given",
        /// A document they created or review reached aligned.
        DocumentAligned = "document-aligned",
    }
);

/// A notice in a member's inbox: what happened, on which document, by whom.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notice {
    pub id: NoticeId,
    pub kind: NoticeKind,
    pub workspace: WorkspaceId,
    pub document: DocumentId,
    /// The document's title as it is now.
    pub title: String,
    pub actor: UserId,
    pub actor_name: String,
    /// The thread the notice is about, when there is one.
    pub thread: Option<ThreadId>,
    pub created_at: Millis,
    /// When the recipient read it; `None` while unread.
    pub read_at: Option<Millis>,
}

/// Which notices [`Store::mark_notices_read`](crate::Store::mark_notices_read) marks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoticeSelection {
    /// One notice of the actor's.
    One(NoticeId),
    /// Every unread notice of the actor's.
    All,
}

/// What a write that tells members of a change answers: the change itself, and the
/// notices it wrote in the same transaction (none for the actor, none for someone
/// outside the workspace). Once the write has committed, the caller may tell each
/// notice's recipient outside the workspace too ([`Store::notice_mail`]).
///
/// It reads as the change itself: `created.id` is the change's id.
///
/// [`Store::notice_mail`]: crate::Store::notice_mail
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notified<T> {
    /// The change.
    pub value: T,
    /// The notices the change wrote, one per member told.
    pub notices: Vec<NoticeId>,
}

impl<T> Notified<T> {
    /// The change, without its notices.
    pub fn into_inner(self) -> T {
        self.value
    }
}

impl<T> std::ops::Deref for Notified<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.value
    }
}

/// A notice as an email tells it: to whom, what happened, on which document, by whom.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NoticeMail {
    pub notice: NoticeId,
    pub kind: NoticeKind,
    /// The recipient's sign-in address.
    pub to_email: String,
    pub to_name: String,
    pub document: DocumentId,
    /// The document's title as it is now.
    pub title: String,
    pub actor_name: String,
    /// The thread the notice is about, when there is one.
    pub thread: Option<ThreadId>,
}
