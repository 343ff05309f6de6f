//! The [`Store`] trait: everything the workspace keeps, as one object-safe async
//! interface that the web layer holds as `Arc<dyn Store>`.

use std::fmt;
use std::path::Path;

use async_trait::async_trait;

use crate::Result;
use crate::model::*;
use crate::secret::Secret;

/// The workspace's storage. Implemented once per database ([`crate::SqliteStore`],
/// [`crate::PostgresStore`]); open one with [`crate::open`].
///
/// **Access is checked here.** Every method that reads or changes workspace content
/// takes the acting user (`actor`) and checks their membership and role in the same
/// query that finds the row. A document, revision, member list or workspace of a
/// workspace the actor does not belong to is [`StoreError::NotFound`], exactly as if it
/// did not exist; a member whose role is too low gets [`StoreError::Forbidden`]. What
/// each role may do is in [`Role::can_edit`], [`Role::can_review`] and
/// [`Role::can_manage`]. The web layer still decides who the actor is (session or token)
/// and must refuse writes made with a read-scoped token.
///
/// Methods without an `actor` serve sign-in and account pages, where the caller proves
/// who it is with a secret (session, invitation, token) or is the account itself.
///
/// [`StoreError::NotFound`]: crate::StoreError::NotFound
/// [`StoreError::Forbidden`]: crate::StoreError::Forbidden
#[async_trait]
pub trait Store: Send + Sync + fmt::Debug {
    /// Which database this is.
    fn backend(&self) -> Backend;

    /// The schema version (newest migration) this build applies.
    fn schema_version(&self) -> i64;

    /// Closes every connection; waits for the ones in use to come back.
    async fn close(&self);

    // ---- users ----

    /// How many accounts exist; `prfaq serve` offers sign-up for the first account and
    /// seeds the example document when this is zero.
    async fn user_count(&self) -> Result<i64>;

    /// Creates an account. [`StoreError::Duplicate`] if the email address is taken,
    /// whatever its letter case.
    ///
    /// [`StoreError::Duplicate`]: crate::StoreError::Duplicate
    async fn create_user(&self, new: NewUser<'_>) -> Result<User>;

    /// An account by id.
    async fn user(&self, id: UserId) -> Result<User>;

    /// An account and its password hash by email address, ignoring letter case, for
    /// sign-in.
    async fn credentials(&self, email: &str) -> Result<(User, PasswordHash)>;

    /// Replaces a password hash (password change, or rehash with new parameters).
    async fn set_password_hash(&self, user: UserId, password_hash: &str) -> Result<()>;

    // ---- sessions ----

    /// Starts a session that ends at `expires_at`. Returns the cookie's secret; only its
    /// hash is stored.
    async fn create_session(&self, user: UserId, expires_at: Millis) -> Result<Secret>;

    /// The session for a cookie's secret. Expired and deleted sessions are
    /// [`StoreError::NotFound`].
    ///
    /// [`StoreError::NotFound`]: crate::StoreError::NotFound
    async fn session(&self, secret: &str) -> Result<Session>;

    /// The session for a cookie's secret together with its user, in one query, as
    /// [`Store::session`] followed by [`Store::user`]. Expired and deleted sessions are
    /// [`StoreError::NotFound`].
    ///
    /// [`StoreError::NotFound`]: crate::StoreError::NotFound
    async fn session_user(&self, secret: &str) -> Result<(Session, User)>;

    /// Ends a session (sign-out). Ending an unknown session is not an error.
    async fn delete_session(&self, secret: &str) -> Result<()>;

    /// Ends every session of a user (after a password change). Returns how many.
    async fn delete_user_sessions(&self, user: UserId) -> Result<u64>;

    /// Deletes expired sessions. Returns how many.
    async fn purge_expired_sessions(&self) -> Result<u64>;

    // ---- sign-in rate limiting ----

    /// Records a failed sign-in for an email address (whether or not an account has it)
    /// from a client address.
    async fn record_sign_in_failure(&self, email: &str, address: &str) -> Result<()>;

    /// Failed sign-ins since `since` for this email address from this client address,
    /// and from this client address for any account, each with the newest one's time.
    async fn sign_in_failures(
        &self,
        email: &str,
        address: &str,
        since: Millis,
    ) -> Result<SignInFailures>;

    /// Forgets the failures of an email address from a client address (after a
    /// successful sign-in from there). Failures from other addresses stay counted.
    async fn clear_sign_in_failures(&self, email: &str, address: &str) -> Result<()>;

    /// Deletes failures older than `before`. Returns how many.
    async fn purge_sign_in_failures(&self, before: Millis) -> Result<u64>;

    // ---- workspaces and members ----

    /// Creates a workspace with `owner` as its first owner.
    async fn create_workspace(&self, owner: UserId, name: &str) -> Result<Workspace>;

    /// The workspaces a user belongs to, with their role, oldest first.
    async fn workspaces_of(&self, user: UserId) -> Result<Vec<Membership>>;

    /// A workspace the actor belongs to.
    async fn workspace(&self, actor: UserId, id: WorkspaceId) -> Result<Workspace>;

    /// Renames a workspace (owners).
    async fn rename_workspace(
        &self,
        actor: UserId,
        id: WorkspaceId,
        name: &str,
    ) -> Result<Workspace>;

    /// The user's role in a workspace, or `None` for a non-member (and for a workspace
    /// that does not exist).
    async fn role_of(&self, user: UserId, workspace: WorkspaceId) -> Result<Option<Role>>;

    /// The members of a workspace the actor belongs to.
    async fn members(&self, actor: UserId, workspace: WorkspaceId) -> Result<Vec<Member>>;

    /// Changes a member's role (owners). The last owner cannot step down:
    /// [`StoreError::Conflict`].
    ///
    /// [`StoreError::Conflict`]: crate::StoreError::Conflict
    async fn set_role(
        &self,
        actor: UserId,
        workspace: WorkspaceId,
        member: UserId,
        role: Role,
    ) -> Result<()>;

    /// Removes a member (owners, or members removing themselves). The last owner cannot
    /// leave.
    async fn remove_member(
        &self,
        actor: UserId,
        workspace: WorkspaceId,
        member: UserId,
    ) -> Result<()>;

    // ---- invitations ----

    /// Invites an email address into a workspace (owners). Returns the invitation and
    /// the link's secret, shown once.
    async fn create_invitation(
        &self,
        actor: UserId,
        workspace: WorkspaceId,
        email: &str,
        role: Role,
        expires_at: Millis,
    ) -> Result<(Invitation, Secret)>;

    /// Open invitations of a workspace (owners): not accepted, not revoked.
    async fn invitations(&self, actor: UserId, workspace: WorkspaceId) -> Result<Vec<Invitation>>;

    /// The open invitation for a link's secret, for the accept page.
    /// [`StoreError::Expired`] once it has expired; [`StoreError::NotFound`] when it is
    /// unknown, accepted or revoked.
    ///
    /// [`StoreError::Expired`]: crate::StoreError::Expired
    /// [`StoreError::NotFound`]: crate::StoreError::NotFound
    async fn invitation(&self, secret: &str) -> Result<Invitation>;

    /// Accepts an invitation as `user`, whose email address must be the invited one
    /// ([`StoreError::Forbidden`] otherwise). A user who is already a member is raised to
    /// the invited role when it is higher, and keeps their role otherwise. Works once.
    ///
    /// [`StoreError::Forbidden`]: crate::StoreError::Forbidden
    async fn accept_invitation(&self, secret: &str, user: UserId) -> Result<Membership>;

    /// Revokes an open invitation (owners).
    async fn revoke_invitation(&self, actor: UserId, id: InvitationId) -> Result<()>;

    // ---- personal access tokens ----

    /// Creates a token for `user`. Returns it and its secret, shown once.
    async fn create_token(
        &self,
        user: UserId,
        name: &str,
        scope: TokenScope,
    ) -> Result<(ApiToken, Secret)>;

    /// The live (not revoked) token for a secret presented by a client.
    async fn token(&self, secret: &str) -> Result<ApiToken>;

    /// A user's tokens, revoked ones included, newest first.
    async fn tokens(&self, user: UserId) -> Result<Vec<ApiToken>>;

    /// Revokes one of the user's own tokens; another user's token is
    /// [`StoreError::NotFound`].
    ///
    /// [`StoreError::NotFound`]: crate::StoreError::NotFound
    async fn revoke_token(&self, user: UserId, id: TokenId) -> Result<()>;

    // ---- documents ----

    /// Creates a document with its first revision (editors).
    async fn create_document(
        &self,
        actor: UserId,
        workspace: WorkspaceId,
        new: NewDocument<'_>,
    ) -> Result<Document>;

    /// The documents of a workspace the actor belongs to, most recently changed first.
    async fn documents(
        &self,
        actor: UserId,
        workspace: WorkspaceId,
        query: &DocumentQuery,
    ) -> Result<Vec<Document>>;

    /// A document the actor may see.
    async fn document(&self, actor: UserId, id: DocumentId) -> Result<Document>;

    /// A document the actor may see and the actor's role in its workspace, in one query.
    async fn document_access(&self, actor: UserId, id: DocumentId) -> Result<(Document, Role)>;

    /// What the document page shows, in one query: the document, the actor's role, its
    /// workspace and its newest revision. A stranger gets [`StoreError::NotFound`], as for
    /// [`Store::document`].
    ///
    /// [`StoreError::NotFound`]: crate::StoreError::NotFound
    async fn document_page(&self, actor: UserId, id: DocumentId) -> Result<DocumentPage>;

    /// Renames a document (editors).
    async fn rename_document(&self, actor: UserId, id: DocumentId, title: &str)
    -> Result<Document>;

    /// Archives or unarchives a document (editors).
    async fn set_archived(&self, actor: UserId, id: DocumentId, archived: bool)
    -> Result<Document>;

    // ---- revisions ----

    /// Saves new text as the next revision (editors). If `save.base` is not the current
    /// revision, nothing is written and the error is [`StoreError::Stale`] with the
    /// current revision. Concurrent saves on one base: exactly one wins.
    ///
    /// [`StoreError::Stale`]: crate::StoreError::Stale
    async fn save_revision(
        &self,
        actor: UserId,
        document: DocumentId,
        save: SaveRevision<'_>,
    ) -> Result<RevisionMeta>;

    /// Saves like [`Store::save_revision`] and answers with what the editor shows next:
    /// the new revision and the document as it now is, or, for a stale base, the newest
    /// revision and the base's text to show what changed. PostgreSQL answers a
    /// successful save with its one statement and a stale one with a second; each
    /// round trip waits its turn in a busy server, so none is spent on what the save
    /// could say itself. A role that may not edit is [`StoreError::Forbidden`] and a
    /// document the actor may not see [`StoreError::NotFound`], as for `save_revision`.
    ///
    /// [`StoreError::Forbidden`]: crate::StoreError::Forbidden
    /// [`StoreError::NotFound`]: crate::StoreError::NotFound
    async fn submit_revision(
        &self,
        actor: UserId,
        document: DocumentId,
        save: SaveRevision<'_>,
    ) -> Result<Submitted>;

    /// Restores an old revision by saving its text as a new revision, with the same base
    /// check as [`Store::save_revision`]. History is never rewritten.
    async fn restore_revision(
        &self,
        actor: UserId,
        document: DocumentId,
        number: i64,
        base: Option<i64>,
    ) -> Result<RevisionMeta>;

    /// A document's history without the texts, newest first.
    async fn revisions(&self, actor: UserId, document: DocumentId) -> Result<Vec<RevisionMeta>>;

    /// One revision with its text.
    async fn revision(&self, actor: UserId, document: DocumentId, number: i64) -> Result<Revision>;

    /// The newest revision with its text.
    async fn latest_revision(&self, actor: UserId, document: DocumentId) -> Result<Revision>;

    // ---- reviews ----

    /// The functions reviewers can review for in a workspace (the built-in ones, then
    /// those the team added), each with whether every review needs its approval.
    async fn review_functions(
        &self,
        actor: UserId,
        workspace: WorkspaceId,
    ) -> Result<Vec<ReviewFunction>>;

    /// Adds a function to a workspace, or says whether every review needs an approval
    /// from it (owners). Answers the workspace's functions as they now are.
    async fn set_review_function(
        &self,
        actor: UserId,
        workspace: WorkspaceId,
        name: &str,
        required: bool,
    ) -> Result<Vec<ReviewFunction>>;

    /// Asks members to review the newest revision (editors): a new round with the
    /// previous round's reviewers and these, and the document in review. Each must be a
    /// member who may review (not a viewer), named once, for a function the workspace
    /// knows; a function the workspace requires makes the reviewer required.
    async fn request_review(
        &self,
        actor: UserId,
        document: DocumentId,
        reviewers: &[NewReviewer<'_>],
    ) -> Result<Notified<Round>>;

    /// A document's review as the actor sees it: others' unpublished comments left out.
    async fn review(&self, actor: UserId, document: DocumentId) -> Result<Review>;

    /// The stamp of a document's review for the actor ([`ReviewStamp`]): one indexed
    /// row, `NotFound` exactly where [`Store::review`] would be.
    async fn review_stamp(&self, actor: UserId, document: DocumentId) -> Result<ReviewStamp>;

    /// Opens a thread on a passage (reviewers, editors, owners; viewers only read). The
    /// passage must be in the named revision; it is placed on the newest one at once.
    async fn add_thread(
        &self,
        actor: UserId,
        document: DocumentId,
        new: NewThread<'_>,
    ) -> Result<Notified<Thread>>;

    /// Replies in a thread.
    async fn reply(
        &self,
        actor: UserId,
        thread: ThreadId,
        body: &str,
        pending: bool,
    ) -> Result<Notified<Comment>>;

    /// Resolves or reopens a thread. Resolving someone else's needs a reason; a concern
    /// is resolved only by its answer in the FAQ ([`StoreError::Invalid`]); resolving a
    /// resolved thread or reopening an open one is [`StoreError::Conflict`].
    ///
    /// [`StoreError::Invalid`]: crate::StoreError::Invalid
    /// [`StoreError::Conflict`]: crate::StoreError::Conflict
    async fn set_thread_resolved(
        &self,
        actor: UserId,
        thread: ThreadId,
        resolved: bool,
        reason: &str,
    ) -> Result<ThreadEvent>;

    /// Links a concern to the FAQ question that answers it (editors), or with
    /// `new_question` to a question the next revision must add.
    async fn link_concern(
        &self,
        actor: UserId,
        thread: ThreadId,
        question: &str,
        new_question: bool,
    ) -> Result<Notified<ConcernLink>>;

    /// Accepts a suggestion as a new revision credited to its author too, or rejects it
    /// with a reason (editors).
    async fn decide_suggestion(
        &self,
        actor: UserId,
        thread: ThreadId,
        decision: Decision<'_>,
    ) -> Result<ThreadEvent>;

    /// A verdict on the newest revision, publishing the actor's pending comments. Only
    /// members asked in the newest round give verdicts ([`StoreError::Forbidden`]).
    ///
    /// [`StoreError::Forbidden`]: crate::StoreError::Forbidden
    async fn submit_verdict(
        &self,
        actor: UserId,
        document: DocumentId,
        verdict: Verdict,
        body: &str,
    ) -> Result<Notified<VerdictRecord>>;

    /// Changes a document's status by decision of its workspace's owner or its creator:
    /// `approved` only from `aligned`, `aligned` never (the review reaches it), and any
    /// other with a reason.
    async fn change_status(
        &self,
        actor: UserId,
        document: DocumentId,
        status: Status,
        reason: &str,
    ) -> Result<StatusEvent>;

    /// Moves a document in review to `aligned`, or an aligned one back to `in-review`,
    /// as the alignment rule found on its newest revision. Answers the change, if any.
    async fn record_alignment(
        &self,
        actor: UserId,
        document: DocumentId,
        alignment: Alignment<'_>,
    ) -> Result<Notified<Option<StatusEvent>>>;

    /// Logs an assumption the document rests on, with how it will be tested.
    async fn add_assumption(
        &self,
        actor: UserId,
        document: DocumentId,
        text: &str,
        test: &str,
    ) -> Result<Assumption>;

    /// Records an assumption's state; `broken` sends an aligned or approved document
    /// back into review.
    async fn set_assumption_state(
        &self,
        actor: UserId,
        assumption: AssumptionId,
        state: AssumptionState,
        note: &str,
    ) -> Result<Assumption>;

    /// What waits on the actor across their workspaces: verdicts to give (or approvals
    /// gone stale), open threads and unanswered concerns on documents they created, and
    /// threads they take part in where someone else had the last word.
    async fn waiting_on(&self, actor: UserId) -> Result<Vec<Waiting>>;

    // ---- customer evidence ----

    /// Imports one batch of feedback into a workspace (editors), in one transaction:
    /// items already there (same content key) are counted as duplicates and left as
    /// they are; customers are merged by identity.
    async fn import_feedback(
        &self,
        actor: UserId,
        workspace: WorkspaceId,
        batch: ImportBatch<'_>,
    ) -> Result<Imported>;

    /// Ends an import that wrote `imported` new items into a workspace (editors): after a
    /// large one, the database's planner statistics of the evidence tables are
    /// refreshed, so that searches are planned for the tables as they now are.
    async fn finish_feedback_import(
        &self,
        actor: UserId,
        workspace: WorkspaceId,
        imported: u64,
    ) -> Result<()>;

    /// The sources of a workspace's feedback (members).
    async fn evidence_sources(
        &self,
        actor: UserId,
        workspace: WorkspaceId,
    ) -> Result<Vec<EvidenceSource>>;

    /// Saves the column mapping of a source (editors).
    async fn save_source_mapping(
        &self,
        actor: UserId,
        workspace: WorkspaceId,
        source: &str,
        mapping: &str,
    ) -> Result<()>;

    /// Searches a workspace's feedback (members), most relevant first.
    async fn search_feedback(
        &self,
        actor: UserId,
        workspace: WorkspaceId,
        query: &FeedbackQuery,
    ) -> Result<Vec<FeedbackHit>>;

    /// The `limit` best items for each claim text (members).
    async fn suggest_feedback(
        &self,
        actor: UserId,
        workspace: WorkspaceId,
        claims: &[String],
        limit: u32,
    ) -> Result<Vec<Vec<FeedbackHit>>>;

    /// The passages linked to a document's claims (members).
    async fn evidence_links(
        &self,
        actor: UserId,
        document: DocumentId,
    ) -> Result<Vec<EvidenceLink>>;

    /// Links a passage of the workspace to a claim of the document (editors).
    async fn link_evidence(
        &self,
        actor: UserId,
        document: DocumentId,
        new: NewEvidenceLink<'_>,
    ) -> Result<EvidenceLink>;

    /// Saves a new revision and moves links of the document to their claims' new text,
    /// all in one transaction (editors): each link is made again on its new text with
    /// its importance, its passage and customer as they are now, and the old one
    /// removed (a link already on its new text stays). A stale base
    /// ([`StoreError::Stale`]), a link the document does not have
    /// ([`StoreError::NotFound`]) or any other failure writes nothing. Answers the new
    /// revision and the moved links, in the order given.
    ///
    /// [`StoreError::Stale`]: crate::StoreError::Stale
    /// [`StoreError::NotFound`]: crate::StoreError::NotFound
    async fn save_revision_moving_links(
        &self,
        actor: UserId,
        document: DocumentId,
        save: SaveRevision<'_>,
        moves: &[MovedLink<'_>],
    ) -> Result<(RevisionMeta, Vec<EvidenceLink>)>;

    /// Removes a link of the document (editors).
    async fn unlink_evidence(
        &self,
        actor: UserId,
        document: DocumentId,
        link: EvidenceLinkId,
    ) -> Result<()>;

    /// Deletes a customer's feedback and every link to it (owners); the customer is
    /// found by any identity, `email:…` or `account:…`.
    async fn delete_customer_feedback(
        &self,
        actor: UserId,
        workspace: WorkspaceId,
        identity: &str,
    ) -> Result<CustomerDeleted>;

    /// The team's theme choices (members).
    async fn theme_choices(
        &self,
        actor: UserId,
        workspace: WorkspaceId,
    ) -> Result<Option<ThemeChoices>>;

    /// What the workspace's themes are computed from, as a stamp that changes with
    /// every write of its feedback or of the team's theme choices ([`ThemeStamp`]): one
    /// indexed row (members, the same check as [`Store::theme_items`]).
    async fn theme_stamp(&self, actor: UserId, workspace: WorkspaceId) -> Result<ThemeStamp>;

    /// The newest `limit` items of a workspace as themes read them (members).
    async fn theme_items(
        &self,
        actor: UserId,
        workspace: WorkspaceId,
        limit: u32,
    ) -> Result<Vec<ThemeItem>>;

    /// Adds one choice (a JSON value) at the end of the team's theme choices (editors),
    /// in one transaction: choices added at the same time are all kept, in the order
    /// they were committed. The saved choices must be a JSON array.
    async fn add_theme_choice(
        &self,
        actor: UserId,
        workspace: WorkspaceId,
        choice: &str,
    ) -> Result<ThemeChoices>;

    /// Replaces the team's theme choices (editors).
    async fn set_theme_choices(
        &self,
        actor: UserId,
        workspace: WorkspaceId,
        choices: &str,
    ) -> Result<ThemeChoices>;

    // ---- outcomes ----

    /// Stores a document's events (compact JSON Lines in chunks), replacing the ones
    /// before, all or nothing. Editors and owners only; at most
    /// [`MAX_OUTCOME_BYTES`](crate::MAX_OUTCOME_BYTES) in chunks of at most
    /// [`MAX_OUTCOME_CHUNK`](crate::MAX_OUTCOME_CHUNK) bytes.
    async fn save_outcome_events(
        &self,
        actor: UserId,
        document: DocumentId,
        upload: NewOutcomeUpload<'_>,
    ) -> Result<OutcomeUpload>;

    /// The document's newest events upload, without the events; any member.
    async fn outcome_upload(
        &self,
        actor: UserId,
        document: DocumentId,
    ) -> Result<Option<OutcomeUpload>>;

    /// The document's newest events upload with its chunks in order; any member.
    async fn outcome_events(
        &self,
        actor: UserId,
        document: DocumentId,
    ) -> Result<Option<(OutcomeUpload, Vec<String>)>>;

    /// Records an experiment against a journey step. Editors and owners only.
    async fn add_experiment(
        &self,
        actor: UserId,
        document: DocumentId,
        experiment: NewExperiment<'_>,
    ) -> Result<Experiment>;

    /// Changes an experiment (its status and result as it runs). Editors and owners only.
    async fn update_experiment(
        &self,
        actor: UserId,
        experiment: ExperimentId,
        changed: NewExperiment<'_>,
    ) -> Result<Experiment>;

    /// Every experiment of the document, oldest first; any member.
    async fn experiments(&self, actor: UserId, document: DocumentId) -> Result<Vec<Experiment>>;

    /// The document's stored event source as every member sees it (the address
    /// without its password), or none.
    async fn outcome_source(
        &self,
        actor: UserId,
        document: DocumentId,
    ) -> Result<Option<OutcomeSource>>;

    /// The document's event source with its sealed address, to refresh from. Editors
    /// and owners only.
    async fn outcome_source_sealed(
        &self,
        actor: UserId,
        document: DocumentId,
    ) -> Result<Option<(OutcomeSource, String)>>;

    /// Sets or replaces the document's event source (its last refresh forgotten).
    /// Editors and owners only.
    async fn set_outcome_source(
        &self,
        actor: UserId,
        document: DocumentId,
        source: NewOutcomeSource<'_>,
    ) -> Result<OutcomeSource>;

    /// Removes the document's event source, keeping the events it imported; whether
    /// there was one. Editors and owners only.
    async fn delete_outcome_source(&self, actor: UserId, document: DocumentId) -> Result<bool>;

    /// Records a refresh's result on the source whose sealed address it read (a source
    /// set again meanwhile keeps its own); the source as it is now. Editors and owners.
    async fn record_outcome_refresh(
        &self,
        actor: UserId,
        document: DocumentId,
        sealed_url: &str,
        ok: bool,
        result: &str,
    ) -> Result<Option<OutcomeSource>>;

    // ---- notices ----

    /// The actor's notices on workspaces they still belong to, newest first: only
    /// unread ones when `unread_only`, at most `limit` (1 to 500).
    async fn notices(&self, actor: UserId, unread_only: bool, limit: u32) -> Result<Vec<Notice>>;

    /// How many of the actor's notices are unread.
    async fn unread_notices(&self, actor: UserId) -> Result<i64>;

    /// Marks one of the actor's notices read (another member's is `NotFound`), or all
    /// of them; answers how many were unread. Marking a read notice again changes
    /// nothing.
    async fn mark_notices_read(&self, actor: UserId, which: NoticeSelection) -> Result<u64>;

    /// Each of `notices` (the ones a write answered in [`Notified`]) whose recipient is
    /// still a member of its workspace and takes email about notices, as its email
    /// tells it; at most 500 are looked at. The server's own read, for sending mail
    /// once the write has committed: it acts for no member.
    async fn notice_mail(&self, notices: &[NoticeId]) -> Result<Vec<NoticeMail>>;

    /// Whether the user takes email about their notices (the default) when the server
    /// sends mail.
    async fn mail_notices(&self, user: UserId) -> Result<bool>;

    /// Turns email about the user's notices on or off, for themselves only.
    async fn set_mail_notices(&self, user: UserId, on: bool) -> Result<()>;

    // ---- backup ----

    /// Writes a consistent copy of every table to `dest` as JSON lines (one snapshot,
    /// taken while the server keeps running). The file is written beside `dest` and
    /// renamed into place, readable by its owner only. It holds password and token
    /// hashes: keep it as safe as the database.
    async fn backup(&self, dest: &Path) -> Result<BackupSummary>;

    /// Loads a backup made by [`Store::backup`] from either database into this one,
    /// which must be empty ([`StoreError::Conflict`] otherwise). All or nothing.
    ///
    /// [`StoreError::Conflict`]: crate::StoreError::Conflict
    async fn restore(&self, src: &Path) -> Result<BackupSummary>;
}
