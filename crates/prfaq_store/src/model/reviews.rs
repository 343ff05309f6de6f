//! Reviews as the store keeps them: rounds and the reviewers asked, threads on
//! passages with their comments and events, verdicts, status and assumption changes.
//! Where a passage moved between revisions is `prfaq_review`'s work; these types only
//! carry what it found.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::StoreError;
use crate::model::{Document, DocumentId, Millis, Role, Status, UserId, WorkspaceId};

pub use prfaq_review::{Anchor, State as AnchorState};

id_type!(
    /// Identifies a review round.
    RoundId
);
id_type!(
    /// Identifies a thread of comments on a passage.
    ThreadId
);
id_type!(
    /// Identifies one comment of a thread.
    CommentId
);
id_type!(
    /// Identifies a reviewer's verdict.
    VerdictId
);
id_type!(
    /// Identifies an assumption of a document.
    AssumptionId
);
id_type!(
    /// Identifies a notice in a member's inbox.
    NoticeId
);

text_enum!(
    /// A reviewer's verdict on a revision.
    Verdict {
        /// The revision may go ahead as far as this reviewer is concerned.
        Approve = "approve",
        /// The revision needs changes first.
        RequestChanges = "request-changes",
        /// Comments only, no decision.
        Comment = "comment",
    }
);

text_enum!(
    /// What happened to a thread.
    ThreadAction {
        /// Marked resolved.
        Resolved = "resolved",
        /// Opened again after it was resolved.
        Reopened = "reopened",
        /// Its suggestion was accepted as a new revision (resolves the thread).
        Accepted = "accepted",
        /// Its suggestion was rejected with a reason (resolves the thread).
        Rejected = "rejected",
    }
);

text_enum!(
    /// Where an assumption stands.
    AssumptionState {
        /// Not tested yet.
        Untested = "untested",
        /// Tested, and it holds.
        Holds = "holds",
        /// Tested, and it does not hold: the review opens again.
        Broken = "broken",
    }
);

/// The functions a reviewer can review for without the team adding one.
pub const BUILT_IN_FUNCTIONS: &[&str] = &[
    "engineering",
    "design",
    "marketing",
    "finance",
    "legal",
    "leadership",
    "customer support",
];

/// A function reviewers review for, as a workspace knows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewFunction {
    /// Its name, lower-case ("finance", "customer support").
    pub name: String,
    /// Whether every review in the workspace needs an approval from it.
    pub required: bool,
    /// One of [`BUILT_IN_FUNCTIONS`] rather than one the team added.
    pub built_in: bool,
}

/// A member asked to review, as a review request names them.
#[derive(Clone, Copy, Debug)]
pub struct NewReviewer<'a> {
    /// The member's email address (any letter case).
    pub email: &'a str,
    /// What they review for: a built-in function or one the workspace added.
    pub function: &'a str,
    /// Whether the document needs their approval. A function the workspace requires
    /// makes it required whatever this says.
    pub required: bool,
}

/// A member asked to review in a round.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reviewer {
    pub user: UserId,
    pub name: String,
    pub email: String,
    pub function: String,
    pub required: bool,
    /// Who asked them.
    pub added_by: UserId,
    pub created_at: Millis,
}

/// A review round: a revision put up for review, and who was asked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Round {
    pub id: RoundId,
    pub document: DocumentId,
    /// The revision the review was asked for.
    pub revision: i64,
    pub requested_by: UserId,
    pub requested_by_name: String,
    pub created_at: Millis,
    pub reviewers: Vec<Reviewer>,
}

/// Which passage a new thread is about.
#[derive(Clone, Copy, Debug)]
pub enum Passage<'a> {
    /// Byte offsets into the revision's Markdown.
    Range { start: usize, end: usize },
    /// The selected text with some context on each side (as selected in the rendered
    /// page); the occurrence whose context matches best is taken.
    Quote {
        quote: &'a str,
        prefix: &'a str,
        suffix: &'a str,
    },
}

/// A new thread: a comment, a concern or a suggestion on a passage.
#[derive(Clone, Copy, Debug)]
pub struct NewThread<'a> {
    /// The revision the passage was selected in; `None` for the newest.
    pub revision: Option<i64>,
    pub passage: Passage<'a>,
    /// The first comment.
    pub body: &'a str,
    /// A concern: a question the FAQ must answer before the document is aligned.
    pub concern: bool,
    /// A suggestion: the text to put in place of the passage.
    pub replacement: Option<&'a str>,
    /// Kept for the author's next verdict, which publishes it; until then only the
    /// author sees it.
    pub pending: bool,
}

/// One comment of a thread.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Comment {
    pub id: CommentId,
    pub thread: ThreadId,
    pub author: UserId,
    pub author_name: String,
    pub body: String,
    /// Written to go out with a verdict and not published yet: only its author sees it.
    pub pending: bool,
    pub created_at: Millis,
}

/// A thread being resolved, reopened, or its suggestion decided.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThreadEvent {
    pub thread: ThreadId,
    pub document: DocumentId,
    pub action: ThreadAction,
    pub reason: String,
    /// The revision an accepted suggestion made.
    pub revision: Option<i64>,
    pub actor: UserId,
    pub actor_name: String,
    pub created_at: Millis,
}

/// The FAQ question that answers a concern.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConcernLink {
    pub thread: ThreadId,
    pub document: DocumentId,
    /// The question's text.
    pub question: String,
    /// The concern was turned into this new question, which a revision must add.
    pub new_question: bool,
    pub actor: UserId,
    pub actor_name: String,
    pub created_at: Millis,
}

/// Where a thread's passage stands in one revision.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThreadPlacement {
    pub revision: i64,
    pub state: AnchorState,
    /// The passage in that revision; for an orphaned thread, the last place it had.
    pub anchor: Anchor,
}

/// A thread with everything that happened to it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Thread {
    pub id: ThreadId,
    pub document: DocumentId,
    /// The revision the passage was selected in, and the passage there.
    pub revision: i64,
    pub anchor: Anchor,
    pub concern: bool,
    /// A suggestion's replacement text.
    pub replacement: Option<String>,
    pub author: UserId,
    pub author_name: String,
    pub created_at: Millis,
    /// Oldest first; the first is the thread's opening comment.
    pub comments: Vec<Comment>,
    /// Oldest first.
    pub events: Vec<ThreadEvent>,
    /// Oldest first; the newest is the concern's answer.
    pub links: Vec<ConcernLink>,
    /// Where the passage stands in the document's newest revision.
    pub placement: ThreadPlacement,
}

impl Thread {
    /// Resolved by its newest event (resolved, or a suggestion decided).
    pub fn resolved(&self) -> bool {
        self.events
            .last()
            .is_some_and(|e| e.action != ThreadAction::Reopened)
    }

    /// Not published yet: its opening comment waits for its author's verdict.
    pub fn pending(&self) -> bool {
        self.comments.first().is_some_and(|c| c.pending)
    }

    /// The question a concern is linked to, if any.
    pub fn answer(&self) -> Option<&ConcernLink> {
        self.links.last()
    }

    /// A suggestion not yet accepted or rejected.
    pub fn open_suggestion(&self) -> bool {
        self.replacement.is_some()
            && !self
                .events
                .iter()
                .any(|e| matches!(e.action, ThreadAction::Accepted | ThreadAction::Rejected))
    }
}

/// A reviewer's verdict.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VerdictRecord {
    pub id: VerdictId,
    pub round: RoundId,
    /// The revision it is about.
    pub revision: i64,
    pub user: UserId,
    pub user_name: String,
    pub verdict: Verdict,
    pub body: String,
    pub created_at: Millis,
    /// How many pending comments it published.
    pub published: i64,
}

/// A change of a document's status, with who, when and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusEvent {
    pub status: Status,
    pub reason: String,
    /// The newest revision when it changed.
    pub revision: i64,
    pub actor: UserId,
    pub actor_name: String,
    pub created_at: Millis,
}

/// A change of an assumption's state.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssumptionEvent {
    pub state: AssumptionState,
    pub note: String,
    pub actor: UserId,
    pub actor_name: String,
    pub created_at: Millis,
}

/// An assumption the document's bet rests on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assumption {
    pub id: AssumptionId,
    pub document: DocumentId,
    pub text: String,
    /// How it will be tested.
    pub test: String,
    pub author: UserId,
    pub author_name: String,
    pub created_at: Millis,
    /// Its state: the newest event's, `untested` before any.
    pub state: AssumptionState,
    /// Oldest first.
    pub events: Vec<AssumptionEvent>,
}

/// Someone besides a revision's author whose work it holds (an accepted suggestion).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Credit {
    pub revision: i64,
    pub user: UserId,
    pub name: String,
}

/// What a document's review depends on, read in one indexed row: it changes whenever
/// anything the actor would see in [`Review`] changes (a row added to any review table,
/// a new revision, a status or title change, the actor's role, the workspace's review
/// functions). Equal stamps of the same document and actor mean an equal review, so a
/// reader may keep a review and ask only for its stamp again.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct ReviewStamp {
    /// Rows added to the document's review tables.
    pub review_version: i64,
    pub current_revision: i64,
    /// Moves with every change of the document's own row (title, status, archiving).
    pub updated_at: i64,
    pub role: Option<Role>,
    /// Rows of the workspace's review functions.
    pub functions: i64,
}

/// A document's whole review as the actor may see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Review {
    /// The stamp this review was read at, in the same snapshot.
    #[serde(skip)]
    pub stamp: ReviewStamp,
    pub document: Document,
    /// The newest revision whose text is more than a status change: revisions a status
    /// change appended to rewrite the front matter's `status:` line change nothing a
    /// reviewer approved, so a verdict on this revision or later is on the newest text.
    pub content_revision: i64,
    /// The actor's role in the document's workspace.
    pub role: Role,
    /// The newest round, if a review was ever asked for.
    pub round: Option<Round>,
    /// Every thread the actor may see (their own pending ones included), oldest first.
    pub threads: Vec<Thread>,
    /// The verdicts of the newest round, oldest first.
    pub verdicts: Vec<VerdictRecord>,
    /// Every status change, oldest first.
    pub status_history: Vec<StatusEvent>,
    pub assumptions: Vec<Assumption>,
    /// The workspace's functions whose approval every review needs.
    pub required_functions: Vec<String>,
    /// Every function of the workspace, as [`Store::review_functions`] lists them (for
    /// asking a reviewer); not in the review's JSON, which the functions route answers.
    #[serde(skip)]
    pub functions: Vec<ReviewFunction>,
    /// Co-authors of revisions, oldest revision first.
    pub credits: Vec<Credit>,
}

impl Review {
    /// The newest verdict of `user` in the newest round.
    pub fn verdict_of(&self, user: UserId) -> Option<&VerdictRecord> {
        self.verdicts.iter().rev().find(|v| v.user == user)
    }
}

/// What waits on a member: a review to give a verdict in (or an approval gone stale),
/// open threads and concerns on a document they may edit, or threads they take part in
/// that someone else has answered since.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Waiting {
    pub document: DocumentId,
    pub title: String,
    pub workspace: WorkspaceId,
    /// `verdict` (asked, no verdict on the newest revision yet), `stale-approval`
    /// (approved an older revision), `threads` (open threads on a document they edit),
    /// `concerns` (open concerns on a document they edit), `replies` (threads they
    /// take part in where the newest word is someone else's: the workspace's
    /// notification that a thread changed).
    pub kind: String,
    /// How many (threads or concerns); 1 for a verdict.
    pub count: i64,
    /// For a stale approval, the revision approved.
    pub since_revision: Option<i64>,
}

/// How the author decides a suggestion.
#[derive(Clone, Copy, Debug)]
pub enum Decision<'a> {
    /// Apply it as a new revision, credited to the suggester too. `base`, when given,
    /// must be the newest revision ([`StoreError::Stale`] otherwise).
    Accept { base: Option<i64> },
    /// Turn it down, saying why.
    Reject { reason: &'a str },
}

/// What the alignment rule found for a revision, for
/// [`Store::record_alignment`](crate::Store::record_alignment).
#[derive(Clone, Copy, Debug)]
pub struct Alignment<'a> {
    /// Whether the review is aligned on `revision`.
    pub aligned: bool,
    /// The revision the rule judged; a newer one makes the finding moot.
    pub revision: i64,
    /// Why, for the status history.
    pub reason: &'a str,
}
