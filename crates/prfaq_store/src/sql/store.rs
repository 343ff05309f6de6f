//! The one implementation of [`Store`], for every [`Backend`]: each method opens a
//! tracing span (at debug level, with the ids it acts on; never a secret, a text or a
//! password hash) and calls the shared function that does the work.

use std::path::Path;

use async_trait::async_trait;

use crate::model::*;
use crate::secret::Secret;
use crate::sql::backend::Backend;
use crate::sql::{
    LATEST_SCHEMA, accounts, documents, dump, evidence, outcomes, reviews, workspaces,
};
use crate::{Result, Store};

#[async_trait]
impl<B: Backend> Store for B {
    fn backend(&self) -> crate::model::Backend {
        B::KIND
    }

    fn schema_version(&self) -> i64 {
        LATEST_SCHEMA
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn close(&self) {
        self.close_connections().await;
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn user_count(&self) -> Result<i64> {
        accounts::user_count(self).await
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn create_user(&self, new: NewUser<'_>) -> Result<User> {
        accounts::create_user(self, new).await
    }

    #[tracing::instrument(level = "debug", skip_all, fields(user = id.0))]
    async fn user(&self, id: UserId) -> Result<User> {
        accounts::user(self, id).await
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn credentials(&self, email: &str) -> Result<(User, PasswordHash)> {
        accounts::credentials(self, email).await
    }

    #[tracing::instrument(level = "debug", skip_all, fields(user = user.0))]
    async fn set_password_hash(&self, user: UserId, password_hash: &str) -> Result<()> {
        accounts::set_password_hash(self, user, password_hash).await
    }

    #[tracing::instrument(level = "debug", skip_all, fields(user = user.0))]
    async fn create_session(&self, user: UserId, expires_at: Millis) -> Result<Secret> {
        accounts::create_session(self, user, expires_at).await
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn session(&self, secret: &str) -> Result<Session> {
        accounts::session(self, secret).await
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn session_user(&self, secret: &str) -> Result<(Session, User)> {
        accounts::session_user(self, secret).await
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn delete_session(&self, secret: &str) -> Result<()> {
        accounts::delete_session(self, secret).await
    }

    #[tracing::instrument(level = "debug", skip_all, fields(user = user.0))]
    async fn delete_user_sessions(&self, user: UserId) -> Result<u64> {
        accounts::delete_user_sessions(self, user).await
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn purge_expired_sessions(&self) -> Result<u64> {
        accounts::purge_expired_sessions(self).await
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn record_sign_in_failure(&self, email: &str, address: &str) -> Result<()> {
        accounts::record_sign_in_failure(self, email, address).await
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn sign_in_failures(
        &self,
        email: &str,
        address: &str,
        since: Millis,
    ) -> Result<SignInFailures> {
        accounts::sign_in_failures(self, email, address, since).await
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn clear_sign_in_failures(&self, email: &str, address: &str) -> Result<()> {
        accounts::clear_sign_in_failures(self, email, address).await
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn purge_sign_in_failures(&self, before: Millis) -> Result<u64> {
        accounts::purge_sign_in_failures(self, before).await
    }

    #[tracing::instrument(level = "debug", skip_all, fields(actor = owner.0))]
    async fn create_workspace(&self, owner: UserId, name: &str) -> Result<Workspace> {
        workspaces::create_workspace(self, owner, name).await
    }

    #[tracing::instrument(level = "debug", skip_all, fields(user = user.0))]
    async fn workspaces_of(&self, user: UserId) -> Result<Vec<Membership>> {
        workspaces::workspaces_of(self, user).await
    }

    #[tracing::instrument(level = "debug", skip_all, fields(actor = actor.0, workspace = id.0))]
    async fn workspace(&self, actor: UserId, id: WorkspaceId) -> Result<Workspace> {
        workspaces::workspace(self, actor, id).await
    }

    #[tracing::instrument(level = "debug", skip_all, fields(actor = actor.0, workspace = id.0))]
    async fn rename_workspace(
        &self,
        actor: UserId,
        id: WorkspaceId,
        name: &str,
    ) -> Result<Workspace> {
        workspaces::rename_workspace(self, actor, id, name).await
    }

    #[tracing::instrument(level = "debug", skip_all, fields(user = user.0, workspace = workspace.0))]
    async fn role_of(&self, user: UserId, workspace: WorkspaceId) -> Result<Option<Role>> {
        workspaces::role_of(self, user, workspace).await
    }

    #[tracing::instrument(level = "debug", skip_all, fields(actor = actor.0, workspace = workspace.0))]
    async fn members(&self, actor: UserId, workspace: WorkspaceId) -> Result<Vec<Member>> {
        workspaces::members(self, actor, workspace).await
    }

    #[tracing::instrument(
        level = "debug",
        skip_all,
        fields(actor = actor.0, workspace = workspace.0, member = member.0)
    )]
    async fn set_role(
        &self,
        actor: UserId,
        workspace: WorkspaceId,
        member: UserId,
        role: Role,
    ) -> Result<()> {
        workspaces::set_role(self, actor, workspace, member, role).await
    }

    #[tracing::instrument(
        level = "debug",
        skip_all,
        fields(actor = actor.0, workspace = workspace.0, member = member.0)
    )]
    async fn remove_member(
        &self,
        actor: UserId,
        workspace: WorkspaceId,
        member: UserId,
    ) -> Result<()> {
        workspaces::remove_member(self, actor, workspace, member).await
    }

    #[tracing::instrument(level = "debug", skip_all, fields(actor = actor.0, workspace = workspace.0))]
    async fn create_invitation(
        &self,
        actor: UserId,
        workspace: WorkspaceId,
        email: &str,
        role: Role,
        expires_at: Millis,
    ) -> Result<(Invitation, Secret)> {
        workspaces::create_invitation(self, actor, workspace, email, role, expires_at).await
    }

    #[tracing::instrument(level = "debug", skip_all, fields(actor = actor.0, workspace = workspace.0))]
    async fn invitations(&self, actor: UserId, workspace: WorkspaceId) -> Result<Vec<Invitation>> {
        workspaces::invitations(self, actor, workspace).await
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn invitation(&self, secret: &str) -> Result<Invitation> {
        workspaces::invitation(self, secret).await
    }

    #[tracing::instrument(level = "debug", skip_all, fields(user = user.0))]
    async fn accept_invitation(&self, secret: &str, user: UserId) -> Result<Membership> {
        workspaces::accept_invitation(self, secret, user).await
    }

    #[tracing::instrument(level = "debug", skip_all, fields(actor = actor.0, invitation = id.0))]
    async fn revoke_invitation(&self, actor: UserId, id: InvitationId) -> Result<()> {
        workspaces::revoke_invitation(self, actor, id).await
    }

    #[tracing::instrument(level = "debug", skip_all, fields(user = user.0))]
    async fn create_token(
        &self,
        user: UserId,
        name: &str,
        scope: TokenScope,
    ) -> Result<(ApiToken, Secret)> {
        accounts::create_token(self, user, name, scope).await
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn token(&self, secret: &str) -> Result<ApiToken> {
        accounts::token(self, secret).await
    }

    #[tracing::instrument(level = "debug", skip_all, fields(user = user.0))]
    async fn tokens(&self, user: UserId) -> Result<Vec<ApiToken>> {
        accounts::tokens(self, user).await
    }

    #[tracing::instrument(level = "debug", skip_all, fields(user = user.0, token = id.0))]
    async fn revoke_token(&self, user: UserId, id: TokenId) -> Result<()> {
        accounts::revoke_token(self, user, id).await
    }

    #[tracing::instrument(level = "debug", skip_all, fields(actor = actor.0, workspace = workspace.0))]
    async fn create_document(
        &self,
        actor: UserId,
        workspace: WorkspaceId,
        new: NewDocument<'_>,
    ) -> Result<Document> {
        documents::create_document(self, actor, workspace, new).await
    }

    #[tracing::instrument(level = "debug", skip_all, fields(actor = actor.0, workspace = workspace.0))]
    async fn documents(
        &self,
        actor: UserId,
        workspace: WorkspaceId,
        query: &DocumentQuery,
    ) -> Result<Vec<Document>> {
        documents::documents(self, actor, workspace, query).await
    }

    #[tracing::instrument(level = "debug", skip_all, fields(actor = actor.0, document = id.0))]
    async fn document(&self, actor: UserId, id: DocumentId) -> Result<Document> {
        Ok(documents::document_access(self, actor, id).await?.0)
    }

    #[tracing::instrument(level = "debug", skip_all, fields(actor = actor.0, document = id.0))]
    async fn document_access(&self, actor: UserId, id: DocumentId) -> Result<(Document, Role)> {
        documents::document_access(self, actor, id).await
    }

    #[tracing::instrument(level = "debug", skip_all, fields(actor = actor.0, document = id.0))]
    async fn document_page(&self, actor: UserId, id: DocumentId) -> Result<DocumentPage> {
        documents::document_page(self, actor, id).await
    }

    #[tracing::instrument(level = "debug", skip_all, fields(actor = actor.0, document = id.0))]
    async fn rename_document(
        &self,
        actor: UserId,
        id: DocumentId,
        title: &str,
    ) -> Result<Document> {
        documents::rename_document(self, actor, id, title).await
    }

    #[tracing::instrument(level = "debug", skip_all, fields(actor = actor.0, document = id.0))]
    async fn set_archived(
        &self,
        actor: UserId,
        id: DocumentId,
        archived: bool,
    ) -> Result<Document> {
        documents::set_archived(self, actor, id, archived).await
    }

    #[tracing::instrument(
        level = "debug",
        skip_all,
        fields(actor = actor.0, document = document.0, base = save.base)
    )]
    async fn save_revision(
        &self,
        actor: UserId,
        document: DocumentId,
        save: SaveRevision<'_>,
    ) -> Result<RevisionMeta> {
        documents::save_revision(self, actor, document, save).await
    }

    #[tracing::instrument(
        level = "debug",
        skip_all,
        fields(actor = actor.0, document = document.0, base = save.base)
    )]
    async fn submit_revision(
        &self,
        actor: UserId,
        document: DocumentId,
        save: SaveRevision<'_>,
    ) -> Result<Submitted> {
        documents::submit_revision(self, actor, document, save).await
    }

    #[tracing::instrument(
        level = "debug",
        skip_all,
        fields(actor = actor.0, document = document.0, number = number, base = base)
    )]
    async fn restore_revision(
        &self,
        actor: UserId,
        document: DocumentId,
        number: i64,
        base: Option<i64>,
    ) -> Result<RevisionMeta> {
        documents::restore_revision(self, actor, document, number, base).await
    }

    #[tracing::instrument(level = "debug", skip_all, fields(actor = actor.0, document = document.0))]
    async fn revisions(&self, actor: UserId, document: DocumentId) -> Result<Vec<RevisionMeta>> {
        documents::revisions(self, actor, document).await
    }

    #[tracing::instrument(
        level = "debug",
        skip_all,
        fields(actor = actor.0, document = document.0, number = number)
    )]
    async fn revision(&self, actor: UserId, document: DocumentId, number: i64) -> Result<Revision> {
        documents::revision(self, actor, document, number).await
    }

    #[tracing::instrument(level = "debug", skip_all, fields(actor = actor.0, document = document.0))]
    async fn latest_revision(&self, actor: UserId, document: DocumentId) -> Result<Revision> {
        documents::latest_revision(self, actor, document).await
    }

    #[tracing::instrument(level = "debug", skip_all, fields(actor = actor.0, workspace = workspace.0))]
    async fn review_functions(
        &self,
        actor: UserId,
        workspace: WorkspaceId,
    ) -> Result<Vec<ReviewFunction>> {
        reviews::review_functions(self, actor, workspace).await
    }

    #[tracing::instrument(level = "debug", skip_all, fields(actor = actor.0, workspace = workspace.0))]
    async fn set_review_function(
        &self,
        actor: UserId,
        workspace: WorkspaceId,
        name: &str,
        required: bool,
    ) -> Result<Vec<ReviewFunction>> {
        reviews::set_review_function(self, actor, workspace, name, required).await
    }

    #[tracing::instrument(level = "debug", skip_all, fields(actor = actor.0, document = document.0))]
    async fn request_review(
        &self,
        actor: UserId,
        document: DocumentId,
        reviewers: &[NewReviewer<'_>],
    ) -> Result<Notified<Round>> {
        reviews::request_review(self, actor, document, reviewers).await
    }

    #[tracing::instrument(level = "debug", skip_all, fields(actor = actor.0, document = document.0))]
    async fn review(&self, actor: UserId, document: DocumentId) -> Result<Review> {
        reviews::review(self, actor, document).await
    }

    #[tracing::instrument(level = "debug", skip_all, fields(actor = actor.0, document = document.0))]
    async fn review_stamp(&self, actor: UserId, document: DocumentId) -> Result<ReviewStamp> {
        reviews::review_stamp(self, actor, document).await
    }

    #[tracing::instrument(level = "debug", skip_all, fields(actor = actor.0, document = document.0))]
    async fn add_thread(
        &self,
        actor: UserId,
        document: DocumentId,
        new: NewThread<'_>,
    ) -> Result<Notified<Thread>> {
        reviews::add_thread(self, actor, document, new).await
    }

    #[tracing::instrument(level = "debug", skip_all, fields(actor = actor.0, thread = thread.0))]
    async fn reply(
        &self,
        actor: UserId,
        thread: ThreadId,
        body: &str,
        pending: bool,
    ) -> Result<Notified<Comment>> {
        reviews::reply(self, actor, thread, body, pending).await
    }

    #[tracing::instrument(level = "debug", skip_all, fields(actor = actor.0, thread = thread.0))]
    async fn set_thread_resolved(
        &self,
        actor: UserId,
        thread: ThreadId,
        resolved: bool,
        reason: &str,
    ) -> Result<ThreadEvent> {
        reviews::set_thread_resolved(self, actor, thread, resolved, reason).await
    }

    #[tracing::instrument(level = "debug", skip_all, fields(actor = actor.0, thread = thread.0))]
    async fn link_concern(
        &self,
        actor: UserId,
        thread: ThreadId,
        question: &str,
        new_question: bool,
    ) -> Result<Notified<ConcernLink>> {
        reviews::link_concern(self, actor, thread, question, new_question).await
    }

    #[tracing::instrument(level = "debug", skip_all, fields(actor = actor.0, thread = thread.0))]
    async fn decide_suggestion(
        &self,
        actor: UserId,
        thread: ThreadId,
        decision: Decision<'_>,
    ) -> Result<ThreadEvent> {
        reviews::decide_suggestion(self, actor, thread, decision).await
    }

    #[tracing::instrument(level = "debug", skip_all, fields(actor = actor.0, document = document.0))]
    async fn submit_verdict(
        &self,
        actor: UserId,
        document: DocumentId,
        verdict: Verdict,
        body: &str,
    ) -> Result<Notified<VerdictRecord>> {
        reviews::submit_verdict(self, actor, document, verdict, body).await
    }

    #[tracing::instrument(level = "debug", skip_all, fields(actor = actor.0, document = document.0))]
    async fn change_status(
        &self,
        actor: UserId,
        document: DocumentId,
        status: Status,
        reason: &str,
    ) -> Result<StatusEvent> {
        reviews::change_status(self, actor, document, status, reason).await
    }

    #[tracing::instrument(level = "debug", skip_all, fields(actor = actor.0, document = document.0))]
    async fn record_alignment(
        &self,
        actor: UserId,
        document: DocumentId,
        alignment: Alignment<'_>,
    ) -> Result<Notified<Option<StatusEvent>>> {
        reviews::record_alignment(self, actor, document, alignment).await
    }

    #[tracing::instrument(level = "debug", skip_all, fields(actor = actor.0, document = document.0))]
    async fn add_assumption(
        &self,
        actor: UserId,
        document: DocumentId,
        text: &str,
        test: &str,
    ) -> Result<Assumption> {
        reviews::add_assumption(self, actor, document, text, test).await
    }

    #[tracing::instrument(level = "debug", skip_all, fields(actor = actor.0, assumption = assumption.0))]
    async fn set_assumption_state(
        &self,
        actor: UserId,
        assumption: AssumptionId,
        state: AssumptionState,
        note: &str,
    ) -> Result<Assumption> {
        reviews::set_assumption_state(self, actor, assumption, state, note).await
    }

    #[tracing::instrument(level = "debug", skip_all, fields(actor = actor.0))]
    async fn waiting_on(&self, actor: UserId) -> Result<Vec<Waiting>> {
        reviews::waiting_on(self, actor).await
    }

    #[tracing::instrument(level = "debug", skip_all, fields(actor = actor.0, workspace = workspace.0))]
    async fn import_feedback(
        &self,
        actor: UserId,
        workspace: WorkspaceId,
        batch: ImportBatch<'_>,
    ) -> Result<Imported> {
        evidence::import_feedback(self, actor, workspace, batch).await
    }

    #[tracing::instrument(level = "debug", skip_all, fields(actor = actor.0, workspace = workspace.0))]
    async fn finish_feedback_import(
        &self,
        actor: UserId,
        workspace: WorkspaceId,
        imported: u64,
    ) -> Result<()> {
        evidence::finish_import(self, actor, workspace, imported).await
    }

    #[tracing::instrument(level = "debug", skip_all, fields(actor = actor.0, workspace = workspace.0))]
    async fn evidence_sources(
        &self,
        actor: UserId,
        workspace: WorkspaceId,
    ) -> Result<Vec<EvidenceSource>> {
        evidence::sources(self, actor, workspace).await
    }

    #[tracing::instrument(level = "debug", skip_all, fields(actor = actor.0, workspace = workspace.0))]
    async fn save_source_mapping(
        &self,
        actor: UserId,
        workspace: WorkspaceId,
        source: &str,
        mapping: &str,
    ) -> Result<()> {
        evidence::save_mapping(self, actor, workspace, source, mapping).await
    }

    #[tracing::instrument(level = "debug", skip_all, fields(actor = actor.0, workspace = workspace.0))]
    async fn search_feedback(
        &self,
        actor: UserId,
        workspace: WorkspaceId,
        query: &FeedbackQuery,
    ) -> Result<Vec<FeedbackHit>> {
        evidence::search(self, actor, workspace, query).await
    }

    #[tracing::instrument(level = "debug", skip_all, fields(actor = actor.0, workspace = workspace.0))]
    async fn suggest_feedback(
        &self,
        actor: UserId,
        workspace: WorkspaceId,
        claims: &[String],
        limit: u32,
    ) -> Result<Vec<Vec<FeedbackHit>>> {
        evidence::suggest(self, actor, workspace, claims, limit).await
    }

    #[tracing::instrument(level = "debug", skip_all, fields(actor = actor.0, document = document.0))]
    async fn evidence_links(
        &self,
        actor: UserId,
        document: DocumentId,
    ) -> Result<Vec<EvidenceLink>> {
        evidence::links(self, actor, document).await
    }

    #[tracing::instrument(level = "debug", skip_all, fields(actor = actor.0, document = document.0))]
    async fn link_evidence(
        &self,
        actor: UserId,
        document: DocumentId,
        new: NewEvidenceLink<'_>,
    ) -> Result<EvidenceLink> {
        evidence::link(self, actor, document, new).await
    }

    #[tracing::instrument(level = "debug", skip_all, fields(actor = actor.0, document = document.0))]
    async fn save_revision_moving_links(
        &self,
        actor: UserId,
        document: DocumentId,
        save: SaveRevision<'_>,
        moves: &[MovedLink<'_>],
    ) -> Result<(RevisionMeta, Vec<EvidenceLink>)> {
        evidence::save_moving_links(self, actor, document, save, moves).await
    }

    #[tracing::instrument(level = "debug", skip_all, fields(actor = actor.0, workspace = workspace.0))]
    async fn add_theme_choice(
        &self,
        actor: UserId,
        workspace: WorkspaceId,
        choice: &str,
    ) -> Result<ThemeChoices> {
        evidence::add_theme_choice(self, actor, workspace, choice).await
    }

    #[tracing::instrument(level = "debug", skip_all, fields(actor = actor.0, document = document.0))]
    async fn unlink_evidence(
        &self,
        actor: UserId,
        document: DocumentId,
        link: EvidenceLinkId,
    ) -> Result<()> {
        evidence::unlink(self, actor, document, link).await
    }

    #[tracing::instrument(level = "debug", skip_all, fields(actor = actor.0, workspace = workspace.0))]
    async fn delete_customer_feedback(
        &self,
        actor: UserId,
        workspace: WorkspaceId,
        identity: &str,
    ) -> Result<CustomerDeleted> {
        evidence::delete_customer(self, actor, workspace, identity).await
    }

    #[tracing::instrument(level = "debug", skip_all, fields(actor = actor.0, workspace = workspace.0))]
    async fn theme_choices(
        &self,
        actor: UserId,
        workspace: WorkspaceId,
    ) -> Result<Option<ThemeChoices>> {
        evidence::theme_choices(self, actor, workspace).await
    }

    #[tracing::instrument(level = "debug", skip_all, fields(actor = actor.0, workspace = workspace.0))]
    async fn theme_stamp(&self, actor: UserId, workspace: WorkspaceId) -> Result<ThemeStamp> {
        evidence::theme_stamp(self, actor, workspace).await
    }

    #[tracing::instrument(level = "debug", skip_all, fields(actor = actor.0, workspace = workspace.0))]
    async fn theme_items(
        &self,
        actor: UserId,
        workspace: WorkspaceId,
        limit: u32,
    ) -> Result<Vec<ThemeItem>> {
        evidence::theme_items(self, actor, workspace, limit).await
    }

    #[tracing::instrument(level = "debug", skip_all, fields(actor = actor.0, workspace = workspace.0))]
    async fn set_theme_choices(
        &self,
        actor: UserId,
        workspace: WorkspaceId,
        choices: &str,
    ) -> Result<ThemeChoices> {
        evidence::set_theme_choices(self, actor, workspace, choices).await
    }

    #[tracing::instrument(level = "debug", skip_all, fields(actor = actor.0, document = document.0))]
    async fn save_outcome_events(
        &self,
        actor: UserId,
        document: DocumentId,
        upload: NewOutcomeUpload<'_>,
    ) -> Result<OutcomeUpload> {
        outcomes::save_outcome_events(self, actor, document, upload).await
    }

    #[tracing::instrument(level = "debug", skip_all, fields(actor = actor.0, document = document.0))]
    async fn outcome_upload(
        &self,
        actor: UserId,
        document: DocumentId,
    ) -> Result<Option<OutcomeUpload>> {
        outcomes::outcome_upload(self, actor, document).await
    }

    #[tracing::instrument(level = "debug", skip_all, fields(actor = actor.0, document = document.0))]
    async fn outcome_events(
        &self,
        actor: UserId,
        document: DocumentId,
    ) -> Result<Option<(OutcomeUpload, Vec<String>)>> {
        outcomes::outcome_events(self, actor, document).await
    }

    #[tracing::instrument(level = "debug", skip_all, fields(actor = actor.0, document = document.0))]
    async fn add_experiment(
        &self,
        actor: UserId,
        document: DocumentId,
        experiment: NewExperiment<'_>,
    ) -> Result<Experiment> {
        outcomes::add_experiment(self, actor, document, experiment).await
    }

    #[tracing::instrument(level = "debug", skip_all, fields(actor = actor.0, experiment = experiment.0))]
    async fn update_experiment(
        &self,
        actor: UserId,
        experiment: ExperimentId,
        changed: NewExperiment<'_>,
    ) -> Result<Experiment> {
        outcomes::update_experiment(self, actor, experiment, changed).await
    }

    #[tracing::instrument(level = "debug", skip_all, fields(actor = actor.0, document = document.0))]
    async fn experiments(&self, actor: UserId, document: DocumentId) -> Result<Vec<Experiment>> {
        outcomes::experiments(self, actor, document).await
    }

    async fn outcome_source(
        &self,
        actor: UserId,
        document: DocumentId,
    ) -> Result<Option<OutcomeSource>> {
        outcomes::outcome_source(self, actor, document).await
    }

    async fn outcome_source_sealed(
        &self,
        actor: UserId,
        document: DocumentId,
    ) -> Result<Option<(OutcomeSource, String)>> {
        outcomes::outcome_source_sealed(self, actor, document).await
    }

    #[tracing::instrument(level = "debug", skip_all, fields(actor = actor.0, document = document.0))]
    async fn set_outcome_source(
        &self,
        actor: UserId,
        document: DocumentId,
        source: NewOutcomeSource<'_>,
    ) -> Result<OutcomeSource> {
        outcomes::set_outcome_source(self, actor, document, source).await
    }

    #[tracing::instrument(level = "debug", skip_all, fields(actor = actor.0, document = document.0))]
    async fn delete_outcome_source(&self, actor: UserId, document: DocumentId) -> Result<bool> {
        outcomes::delete_outcome_source(self, actor, document).await
    }

    #[tracing::instrument(level = "debug", skip_all, fields(actor = actor.0, document = document.0))]
    async fn record_outcome_refresh(
        &self,
        actor: UserId,
        document: DocumentId,
        sealed_url: &str,
        ok: bool,
        result: &str,
    ) -> Result<Option<OutcomeSource>> {
        outcomes::record_outcome_refresh(self, actor, document, sealed_url, ok, result).await
    }

    #[tracing::instrument(level = "debug", skip_all, fields(actor = actor.0))]
    async fn notices(&self, actor: UserId, unread_only: bool, limit: u32) -> Result<Vec<Notice>> {
        reviews::notices(self, actor, unread_only, limit).await
    }

    #[tracing::instrument(level = "debug", skip_all, fields(actor = actor.0))]
    async fn unread_notices(&self, actor: UserId) -> Result<i64> {
        reviews::unread_notices(self, actor).await
    }

    #[tracing::instrument(level = "debug", skip_all, fields(actor = actor.0))]
    async fn mark_notices_read(&self, actor: UserId, which: NoticeSelection) -> Result<u64> {
        reviews::mark_notices_read(self, actor, which).await
    }

    #[tracing::instrument(level = "debug", skip_all, fields(notices = notices.len()))]
    async fn notice_mail(&self, notices: &[NoticeId]) -> Result<Vec<NoticeMail>> {
        reviews::notice_mail(self, notices).await
    }

    #[tracing::instrument(level = "debug", skip_all, fields(user = user.0))]
    async fn mail_notices(&self, user: UserId) -> Result<bool> {
        reviews::mail_notices(self, user).await
    }

    #[tracing::instrument(level = "debug", skip_all, fields(user = user.0))]
    async fn set_mail_notices(&self, user: UserId, on: bool) -> Result<()> {
        reviews::set_mail_notices(self, user, on).await
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn backup(&self, dest: &Path) -> Result<BackupSummary> {
        dump::backup(self, dest).await
    }

    #[tracing::instrument(level = "debug", skip_all)]
    async fn restore(&self, src: &Path) -> Result<BackupSummary> {
        dump::restore(self, src).await
    }
}
