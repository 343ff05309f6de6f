//! Reviews on any [`Backend`]: rounds and reviewers, threads with their comments,
//! events, concern links and placements, verdicts, status changes and assumptions.
//!
//! Every write locks the document first (which also checks the actor's membership and
//! role, so a stranger gets [`StoreError::NotFound`]) and appends rows; nothing is
//! updated but the document's status column, whose history is `status_events`. A
//! thread's state, a concern's answer and an assumption's state are the newest of their
//! events. Times come from [`tick`], strictly increasing within the process, so "the
//! newest" is never a tie.

use std::collections::HashMap;

use prfaq_review::{Anchor, AnchorError, State, reattach};

use crate::front_matter;
use crate::model::*;
use crate::secret::random_id;
use crate::sql::backend::{Backend, Record, Tx, sql};
use crate::sql::queries as q;
use crate::sql::{email_key, require, rows, tick, valid_body, valid_email, valid_text};
use crate::{Result, StoreError};

/// The longest comment, reason, question, assumption or suggestion, in characters.
pub(crate) const MAX_COMMENT: usize = 20_000;
/// The longest function name, in characters.
const MAX_FUNCTION: usize = 60;
/// The longest FAQ question a concern links to, in characters.
const MAX_QUESTION: usize = 1_000;

/// What a locked document tells a review write.
struct Locked {
    current: i64,
    role: Role,
    actor_name: String,
    status: Status,
    created_by: UserId,
    workspace: WorkspaceId,
}

/// Locks a document for writing; non-members get `NotFound`, roles that `allowed`
/// refuses `Forbidden`.
async fn lock<B: Backend>(
    tx: &mut B::Tx,
    actor: UserId,
    document: DocumentId,
    allowed: fn(Role) -> bool,
) -> Result<Locked> {
    let row = tx
        .fetch_optional(sql(B::LOCK_DOCUMENT).bind(document.0).bind(actor.0))
        .await?
        .ok_or(StoreError::NotFound)?;
    let role = require(Some(rows::role(&row)?), allowed)?;
    let current = row.int("current_revision")?;
    let actor_name = row.text("display_name")?;
    let doc = tx
        .fetch_one(sql(q::DOCUMENT_FOR_MEMBER).bind(document.0).bind(actor.0))
        .await?;
    let doc = rows::document(&doc)?;
    Ok(Locked {
        current,
        role,
        actor_name,
        status: doc.status,
        created_by: doc.created_by,
        workspace: doc.workspace,
    })
}

fn flag(value: bool) -> i64 {
    i64::from(value)
}

/// A comment, reason or note: at most [`MAX_COMMENT`] characters, no NUL; `what` names
/// the field in the error. Empty is refused unless `may_be_empty`.
fn valid_comment<'a>(text: &'a str, what: &str, may_be_empty: bool) -> Result<&'a str> {
    let text = valid_body(text.trim(), what)?;
    if text.is_empty() && !may_be_empty {
        return Err(StoreError::Invalid(format!("the {what} is empty")));
    }
    if text.chars().count() > MAX_COMMENT {
        return Err(StoreError::Invalid(format!(
            "the {what} is longer than {MAX_COMMENT} characters"
        )));
    }
    Ok(text)
}

/// A function's name as stored: trimmed, lower-case, single spaces.
fn function_name(name: &str) -> Result<String> {
    let name = valid_text(name, "function", MAX_FUNCTION)?;
    Ok(name
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase())
}

fn usize_of(value: i64, column: &str) -> Result<usize> {
    usize::try_from(value)
        .map_err(|_| StoreError::Invalid(format!("stored offset `{column}` is negative")))
}

fn anchor_of(row: &impl Record) -> Result<Anchor> {
    Ok(Anchor {
        start: usize_of(row.int("anchor_start")?, "anchor_start")?,
        end: usize_of(row.int("anchor_end")?, "anchor_end")?,
        quote: row.text("quote")?,
        prefix: row.text("prefix")?,
        suffix: row.text("suffix")?,
    })
}

pub(crate) fn state_str(state: State) -> &'static str {
    match state {
        State::Attached => "attached",
        State::Moved => "moved",
        State::Changed => "changed",
        State::Orphaned => "orphaned",
    }
}

fn state_of(text: &str) -> Result<State> {
    Ok(match text {
        "attached" => State::Attached,
        "moved" => State::Moved,
        "changed" => State::Changed,
        "orphaned" => State::Orphaned,
        other => {
            return Err(StoreError::Invalid(format!(
                "`{other}` is not a placement state"
            )));
        }
    })
}

fn offset(value: usize) -> i64 {
    i64::try_from(value).unwrap_or(i64::MAX)
}

async fn insert_placement(
    tx: &mut impl Tx,
    thread: ThreadId,
    revision: i64,
    state: State,
    anchor: &Anchor,
) -> Result<()> {
    let insert = sql(q::INSERT_PLACEMENT)
        .bind(thread.0)
        .bind(revision)
        .bind(state_str(state))
        .bind(offset(anchor.start))
        .bind(offset(anchor.end))
        .bind(anchor.quote.as_str())
        .bind(anchor.prefix.as_str())
        .bind(anchor.suffix.as_str())
        .bind(tick());
    tx.execute(insert).await?;
    Ok(())
}

/// Each thread's newest placement, by thread.
async fn newest_placements(
    tx: &mut impl Tx,
    document: DocumentId,
) -> Result<HashMap<ThreadId, ThreadPlacement>> {
    let found = tx
        .fetch_all(sql(q::NEWEST_PLACEMENTS).bind(document.0))
        .await?;
    let mut placements = HashMap::with_capacity(found.len());
    for row in &found {
        placements.insert(
            ThreadId(row.int("thread_id")?),
            ThreadPlacement {
                revision: row.int("revision")?,
                state: state_of(&row.text("state")?)?,
                anchor: anchor_of(row)?,
            },
        );
    }
    Ok(placements)
}

/// Places every thread of the document that is not yet placed on revision `number`
/// (whose text is `body`), from where it last stood.
pub(crate) async fn place_in(
    tx: &mut impl Tx,
    document: DocumentId,
    number: i64,
    body: &str,
) -> Result<usize> {
    let mut placed = 0;
    for (thread, last) in newest_placements(tx, document).await? {
        if last.revision >= number {
            continue;
        }
        let placement = reattach(&last.anchor, body);
        let anchor = placement.anchor(&last.anchor, body);
        insert_placement(tx, thread, number, placement.state, &anchor).await?;
        placed += 1;
    }
    Ok(placed)
}

/// Places the document's threads on its new revision `number`, after a save. A document
/// without threads to place costs one indexed read on the reading pool, so saves of
/// documents nobody commented on never wait for the writer twice; the placing itself is
/// a transaction of its own.
pub(crate) async fn place_threads(
    db: &impl Backend,
    document: DocumentId,
    number: i64,
    body: &str,
) -> Result<usize> {
    let placed = db
        .fetch_all(sql(q::NEWEST_PLACEMENTS).bind(document.0))
        .await?;
    let mut behind = false;
    for row in &placed {
        behind |= row.int("revision")? < number;
    }
    if !behind {
        return Ok(0);
    }
    let mut tx = db.begin_write().await?;
    let placed = place_in(&mut tx, document, number, body).await?;
    tx.commit().await?;
    Ok(placed)
}

/// Appends revision `current + 1` with `body` inside the caller's locked transaction.
async fn append(
    tx: &mut impl Tx,
    actor: UserId,
    document: DocumentId,
    current: i64,
    body: &str,
    note: &str,
) -> Result<i64> {
    let number = current + 1;
    let insert = sql(q::INSERT_REVISION)
        .bind(document.0)
        .bind(number)
        .bind(body)
        .bind(actor.0)
        .bind(note)
        .bind(tick());
    tx.execute(insert).await?;
    place_in(tx, document, number, body).await?;
    Ok(number)
}

async fn revision_body(tx: &mut impl Tx, document: DocumentId, number: i64) -> Result<String> {
    tx.fetch_optional(sql(q::REVISION_BODY).bind(document.0).bind(number))
        .await?
        .ok_or(StoreError::NotFound)?
        .text("body")
}

/// Sets the document's status with an event; when the newest text's front matter names
/// a status, a new revision rewrites it, so the two never disagree. Returns the event.
async fn set_status_in(
    tx: &mut impl Tx,
    actor: UserId,
    document: DocumentId,
    locked: &mut Locked,
    status: Status,
    reason: &str,
) -> Result<StatusEvent> {
    let now = tick();
    tx.execute(
        sql(q::SET_STATUS)
            .bind(document.0)
            .bind(status.as_str())
            .bind(now),
    )
    .await?;
    let body = revision_body(tx, document, locked.current).await?;
    let mut rewrote = false;
    if let Some(rewritten) = front_matter::with_status(&body, status.as_str()) {
        let note = format!("Status: {status}");
        locked.current = append(tx, actor, document, locked.current, &rewritten, &note).await?;
        rewrote = true;
    }
    let event = sql(q::INSERT_STATUS_EVENT)
        .bind(random_id()?)
        .bind(document.0)
        .bind(status.as_str())
        .bind(reason)
        .bind(locked.current)
        .bind(flag(rewrote))
        .bind(actor.0)
        .bind(now);
    tx.execute(event).await?;
    locked.status = status;
    Ok(StatusEvent {
        status,
        reason: reason.to_owned(),
        revision: locked.current,
        actor,
        actor_name: locked.actor_name.clone(),
        created_at: now,
    })
}

/// Refuses a save whose front matter names another status than the workspace's.
pub(crate) fn check_front_matter(body: &str, status: Status) -> Result<()> {
    match front_matter::status_line(body) {
        Some(line) if line.value != status.as_str() => Err(StoreError::Invalid(format!(
            "line {}: the front matter says `status: {}` but the document is {status}; \
             the status changes through the review, so write `status: {status}` or leave \
             the line out",
            line.line, line.value
        ))),
        _ => Ok(()),
    }
}

// ---- functions ----

async fn functions_in(tx: &mut impl Tx, workspace: WorkspaceId) -> Result<Vec<ReviewFunction>> {
    let found = tx
        .fetch_all(sql(q::REVIEW_FUNCTIONS).bind(workspace.0))
        .await?;
    let mut set: HashMap<String, bool> = HashMap::new();
    for row in &found {
        set.insert(row.text("name")?, row.int("required")? == 1);
    }
    let mut functions: Vec<ReviewFunction> = BUILT_IN_FUNCTIONS
        .iter()
        .map(|&name| ReviewFunction {
            name: name.to_owned(),
            required: set.get(name).copied().unwrap_or(false),
            built_in: true,
        })
        .collect();
    let mut added: Vec<ReviewFunction> = set
        .into_iter()
        .filter(|(name, _)| !BUILT_IN_FUNCTIONS.contains(&name.as_str()))
        .map(|(name, required)| ReviewFunction {
            name,
            required,
            built_in: false,
        })
        .collect();
    added.sort_by(|a, b| a.name.cmp(&b.name));
    functions.extend(added);
    Ok(functions)
}

pub(crate) async fn review_functions(
    db: &impl Backend,
    actor: UserId,
    workspace: WorkspaceId,
) -> Result<Vec<ReviewFunction>> {
    let mut tx = db.begin_snapshot().await?;
    require(
        crate::sql::workspaces::role_in(&mut tx, actor, workspace).await?,
        |_| true,
    )?;
    let functions = functions_in(&mut tx, workspace).await?;
    tx.rollback().await?;
    Ok(functions)
}

pub(crate) async fn set_review_function(
    db: &impl Backend,
    actor: UserId,
    workspace: WorkspaceId,
    name: &str,
    required: bool,
) -> Result<Vec<ReviewFunction>> {
    let name = function_name(name)?;
    let mut tx = db.begin_write().await?;
    require(
        crate::sql::workspaces::role_in(&mut tx, actor, workspace).await?,
        Role::can_manage,
    )?;
    let insert = sql(q::INSERT_REVIEW_FUNCTION)
        .bind(random_id()?)
        .bind(workspace.0)
        .bind(name)
        .bind(flag(required))
        .bind(actor.0)
        .bind(tick());
    tx.execute(insert).await?;
    let functions = functions_in(&mut tx, workspace).await?;
    tx.commit().await?;
    Ok(functions)
}

// ---- rounds ----

async fn round_in(tx: &mut impl Tx, document: DocumentId) -> Result<Option<Round>> {
    let Some(row) = tx
        .fetch_optional(sql(q::NEWEST_ROUND).bind(document.0))
        .await?
    else {
        return Ok(None);
    };
    let id = RoundId(row.int("round_id")?);
    let found = tx.fetch_all(sql(q::REVIEWERS_OF_ROUND).bind(id.0)).await?;
    let mut reviewers = Vec::with_capacity(found.len());
    for r in &found {
        reviewers.push(Reviewer {
            user: UserId(r.int("user_id")?),
            name: r.text("name")?,
            email: r.text("email")?,
            function: r.text("function")?,
            required: r.int("required")? == 1,
            added_by: UserId(r.int("added_by")?),
            created_at: r.int("created_at")?,
        });
    }
    Ok(Some(Round {
        id,
        document: DocumentId(row.int("document_id")?),
        revision: row.int("revision")?,
        requested_by: UserId(row.int("requested_by")?),
        requested_by_name: row.text("requested_by_name")?,
        created_at: row.int("created_at")?,
        reviewers,
    }))
}

pub(crate) async fn request_review<B: Backend>(
    db: &B,
    actor: UserId,
    document: DocumentId,
    reviewers: &[NewReviewer<'_>],
) -> Result<Round> {
    if reviewers.is_empty() {
        return Err(StoreError::Invalid(
            "a review request names at least one reviewer".to_owned(),
        ));
    }
    let mut wanted = Vec::with_capacity(reviewers.len());
    for reviewer in reviewers {
        let email = valid_email(reviewer.email)?;
        let function = function_name(reviewer.function)?;
        wanted.push((email, email_key(email), function, reviewer.required));
    }
    let mut tx = db.begin_write().await?;
    let mut locked = lock::<B>(&mut tx, actor, document, Role::can_edit).await?;
    let functions = functions_in(&mut tx, locked.workspace).await?;
    let previous = round_in(&mut tx, document).await?;
    // The new round keeps the previous round's reviewers; a member named again takes
    // the function and requirement given now.
    let mut asked: Vec<(UserId, String, bool, UserId, Millis)> = previous
        .iter()
        .flat_map(|round| &round.reviewers)
        .map(|r| {
            (
                r.user,
                r.function.clone(),
                r.required,
                r.added_by,
                r.created_at,
            )
        })
        .collect();
    let mut named = Vec::new();
    let now = tick();
    for (email, key, function, required) in wanted {
        let row = tx
            .fetch_optional(sql(q::MEMBER_BY_EMAIL).bind(document.0).bind(key))
            .await?
            .ok_or_else(|| {
                StoreError::Invalid(format!("`{email}` is not a member of this workspace"))
            })?;
        let user = UserId(row.int("user_id")?);
        if !rows::role(&row)?.can_review() {
            return Err(StoreError::Invalid(format!(
                "`{email}` is a viewer, and viewers read without reviewing; \
                 give them the reviewer role first"
            )));
        }
        if named.contains(&user) {
            return Err(StoreError::Invalid(format!(
                "`{email}` is named twice in the request"
            )));
        }
        named.push(user);
        let Some(known) = functions.iter().find(|f| f.name == function) else {
            let names: Vec<&str> = functions.iter().map(|f| f.name.as_str()).collect();
            return Err(StoreError::Invalid(format!(
                "`{function}` is not a function of this workspace: use one of {}, or have \
                 an owner add it",
                names.join(", ")
            )));
        };
        let required = required || known.required;
        asked.retain(|r| r.0 != user);
        asked.push((user, function, required, actor, now));
    }
    let round = RoundId(random_id()?);
    let insert = sql(q::INSERT_ROUND)
        .bind(round.0)
        .bind(document.0)
        .bind(locked.current)
        .bind(actor.0)
        .bind(now);
    tx.execute(insert).await?;
    for (user, function, required, added_by, created_at) in &asked {
        let insert = sql(q::INSERT_REVIEWER)
            .bind(round.0)
            .bind(user.0)
            .bind(function.as_str())
            .bind(flag(*required))
            .bind(added_by.0)
            .bind(*created_at);
        tx.execute(insert).await?;
    }
    if !matches!(locked.status, Status::InReview) {
        let reason = format!("Review requested of revision {}", locked.current);
        set_status_in(
            &mut tx,
            actor,
            document,
            &mut locked,
            Status::InReview,
            &reason,
        )
        .await?;
    }
    let round = round_in(&mut tx, document)
        .await?
        .ok_or(StoreError::NotFound)?;
    tx.commit().await?;
    Ok(round)
}

// ---- threads ----

pub(crate) async fn add_thread<B: Backend>(
    db: &B,
    actor: UserId,
    document: DocumentId,
    new: NewThread<'_>,
) -> Result<Thread> {
    let body = valid_comment(new.body, "comment", false)?;
    let replacement = match new.replacement {
        Some(text) => Some(valid_body(text, "suggestion")?),
        None => None,
    };
    if new.concern && replacement.is_some() {
        return Err(StoreError::Invalid(
            "a suggestion cannot also be a concern: make the concern a thread of its own"
                .to_owned(),
        ));
    }
    let mut tx = db.begin_write().await?;
    let locked = lock::<B>(&mut tx, actor, document, Role::can_review).await?;
    let revision = new.revision.unwrap_or(locked.current);
    let text = match revision_body(&mut tx, document, revision).await {
        Err(StoreError::NotFound) => {
            return Err(StoreError::Invalid(format!(
                "the document has no revision {revision}"
            )));
        }
        other => other?,
    };
    let anchor = match new.passage {
        Passage::Range { start, end } => Anchor::new(&text, start, end),
        Passage::Quote {
            quote,
            prefix,
            suffix,
        } => Anchor::locate(&text, quote, prefix, suffix),
    }
    .map_err(|error: AnchorError| {
        StoreError::Invalid(format!("passage in revision {revision}: {error}"))
    })?;
    if replacement == Some(anchor.quote.as_str()) {
        return Err(StoreError::Invalid(
            "the suggestion is the same as the passage".to_owned(),
        ));
    }
    let id = ThreadId(random_id()?);
    let now = tick();
    let insert = sql(q::INSERT_THREAD)
        .bind(id.0)
        .bind(document.0)
        .bind(revision)
        .bind(offset(anchor.start))
        .bind(offset(anchor.end))
        .bind(anchor.quote.as_str())
        .bind(anchor.prefix.as_str())
        .bind(anchor.suffix.as_str())
        .bind(flag(new.concern))
        .bind(replacement.map(str::to_owned))
        .bind(actor.0)
        .bind(now);
    tx.execute(insert).await?;
    let comment = CommentId(random_id()?);
    let insert = sql(q::INSERT_COMMENT)
        .bind(comment.0)
        .bind(id.0)
        .bind(actor.0)
        .bind(body)
        .bind(flag(new.pending))
        .bind(now);
    tx.execute(insert).await?;
    insert_placement(&mut tx, id, revision, State::Attached, &anchor).await?;
    if revision < locked.current {
        let newest = revision_body(&mut tx, document, locked.current).await?;
        place_in(&mut tx, document, locked.current, &newest).await?;
    }
    let thread = threads_in(&mut tx, actor, document, locked.current)
        .await?
        .into_iter()
        .find(|t| t.id == id)
        .ok_or(StoreError::NotFound)?;
    tx.commit().await?;
    Ok(thread)
}

/// A thread's document, author and kind, locked for writing: a thread of a document the
/// actor may not see, or someone else's unpublished thread, is `NotFound`.
struct ThreadHead {
    document: DocumentId,
    author: UserId,
    concern: bool,
    replacement: Option<String>,
    locked: Locked,
}

async fn lock_thread<B: Backend>(
    tx: &mut B::Tx,
    actor: UserId,
    thread: ThreadId,
    allowed: fn(Role) -> bool,
) -> Result<ThreadHead> {
    let row = tx
        .fetch_optional(sql(q::THREAD_HEAD).bind(thread.0))
        .await?
        .ok_or(StoreError::NotFound)?;
    let document = DocumentId(row.int("document_id")?);
    let author = UserId(row.int("author_id")?);
    let unpublished = row.opt_int("unpublished")?.unwrap_or(0) == 1;
    let locked = lock::<B>(tx, actor, document, allowed).await?;
    if unpublished && author != actor {
        return Err(StoreError::NotFound);
    }
    Ok(ThreadHead {
        document,
        author,
        concern: row.int("concern")? == 1,
        replacement: row.opt_text("replacement")?,
        locked,
    })
}

async fn newest_action(tx: &mut impl Tx, thread: ThreadId) -> Result<Option<ThreadAction>> {
    let row = tx
        .fetch_optional(sql(q::NEWEST_THREAD_EVENT).bind(thread.0))
        .await?;
    row.map(|r| r.text("action")?.parse()).transpose()
}

pub(crate) async fn reply<B: Backend>(
    db: &B,
    actor: UserId,
    thread: ThreadId,
    body: &str,
    pending: bool,
) -> Result<Comment> {
    let body = valid_comment(body, "reply", false)?;
    let mut tx = db.begin_write().await?;
    let head = lock_thread::<B>(&mut tx, actor, thread, Role::can_review).await?;
    let id = CommentId(random_id()?);
    let now = tick();
    let insert = sql(q::INSERT_COMMENT)
        .bind(id.0)
        .bind(thread.0)
        .bind(actor.0)
        .bind(body)
        .bind(flag(pending))
        .bind(now);
    tx.execute(insert).await?;
    tx.commit().await?;
    Ok(Comment {
        id,
        thread,
        author: actor,
        author_name: head.locked.actor_name,
        body: body.to_owned(),
        pending,
        created_at: now,
    })
}

async fn insert_event(
    tx: &mut impl Tx,
    head: &ThreadHead,
    thread: ThreadId,
    action: ThreadAction,
    reason: &str,
    revision: Option<i64>,
    actor: UserId,
) -> Result<ThreadEvent> {
    let document = head.document;
    let actor_name = head.locked.actor_name.as_str();
    let now = tick();
    let insert = sql(q::INSERT_THREAD_EVENT)
        .bind(random_id()?)
        .bind(thread.0)
        .bind(action.as_str())
        .bind(reason)
        .bind(revision)
        .bind(actor.0)
        .bind(now);
    tx.execute(insert).await?;
    Ok(ThreadEvent {
        thread,
        document,
        action,
        reason: reason.to_owned(),
        revision,
        actor,
        actor_name: actor_name.to_owned(),
        created_at: now,
    })
}

pub(crate) async fn set_thread_resolved<B: Backend>(
    db: &B,
    actor: UserId,
    thread: ThreadId,
    resolved: bool,
    reason: &str,
) -> Result<ThreadEvent> {
    let reason = valid_comment(reason, "reason", true)?;
    let mut tx = db.begin_write().await?;
    let head = lock_thread::<B>(&mut tx, actor, thread, Role::can_review).await?;
    if head.concern {
        return Err(StoreError::Invalid(
            "a concern is resolved only by an answer in the FAQ: link it to the question \
             that answers it"
                .to_owned(),
        ));
    }
    let is_resolved = newest_action(&mut tx, thread)
        .await?
        .is_some_and(|a| a != ThreadAction::Reopened);
    if is_resolved == resolved {
        let state = if resolved { "resolved" } else { "open" };
        return Err(StoreError::Conflict(format!(
            "the thread is already {state}"
        )));
    }
    if resolved && head.author != actor && reason.is_empty() {
        return Err(StoreError::Invalid(
            "resolving someone else's thread needs a reason".to_owned(),
        ));
    }
    let action = if resolved {
        ThreadAction::Resolved
    } else {
        ThreadAction::Reopened
    };
    let event = insert_event(&mut tx, &head, thread, action, reason, None, actor).await?;
    tx.commit().await?;
    Ok(event)
}

pub(crate) async fn link_concern<B: Backend>(
    db: &B,
    actor: UserId,
    thread: ThreadId,
    question: &str,
    new_question: bool,
) -> Result<ConcernLink> {
    let question = valid_text(question, "question", MAX_QUESTION)?;
    let mut tx = db.begin_write().await?;
    let head = lock_thread::<B>(&mut tx, actor, thread, Role::can_edit).await?;
    if !head.concern {
        return Err(StoreError::Invalid(format!(
            "thread {thread} is a comment, not a concern: only a concern is answered in the FAQ"
        )));
    }
    let now = tick();
    let insert = sql(q::INSERT_CONCERN_LINK)
        .bind(random_id()?)
        .bind(thread.0)
        .bind(question)
        .bind(flag(new_question))
        .bind(actor.0)
        .bind(now);
    tx.execute(insert).await?;
    tx.commit().await?;
    Ok(ConcernLink {
        thread,
        document: head.document,
        question: question.to_owned(),
        new_question,
        actor,
        actor_name: head.locked.actor_name,
        created_at: now,
    })
}

pub(crate) async fn decide_suggestion<B: Backend>(
    db: &B,
    actor: UserId,
    thread: ThreadId,
    decision: Decision<'_>,
) -> Result<ThreadEvent> {
    let mut tx = db.begin_write().await?;
    let head = lock_thread::<B>(&mut tx, actor, thread, Role::can_edit).await?;
    let Some(replacement) = head.replacement.clone() else {
        return Err(StoreError::Invalid(format!(
            "thread {thread} is not a suggestion"
        )));
    };
    let decided = tx
        .fetch_all(sql(q::THREAD_EVENTS_OF_DOCUMENT).bind(head.document.0))
        .await?
        .iter()
        .filter(|row| row.int("thread_id").ok() == Some(thread.0))
        .any(|row| {
            matches!(
                row.text("action").as_deref(),
                Ok("accepted") | Ok("rejected")
            )
        });
    if decided {
        return Err(StoreError::Conflict(
            "the suggestion was already decided".to_owned(),
        ));
    }
    let event = match decision {
        Decision::Reject { reason } => {
            let reason = valid_comment(reason, "reason", false).map_err(|_| {
                StoreError::Invalid("rejecting a suggestion needs a reason".to_owned())
            })?;
            insert_event(
                &mut tx,
                &head,
                thread,
                ThreadAction::Rejected,
                reason,
                None,
                actor,
            )
            .await?
        }
        Decision::Accept { base } => {
            let current = head.locked.current;
            if let Some(base) = base
                && base != current
            {
                return Err(StoreError::Stale { current });
            }
            let placement = newest_placements(&mut tx, head.document)
                .await?
                .remove(&thread)
                .ok_or(StoreError::NotFound)?;
            if placement.state == State::Orphaned || placement.revision != current {
                return Err(StoreError::Conflict(
                    "the suggested passage is no longer in the document; reject the \
                     suggestion or edit the text by hand"
                        .to_owned(),
                ));
            }
            let text = revision_body(&mut tx, head.document, current).await?;
            let range = placement.anchor.start..placement.anchor.end;
            let Some(_) = text.get(range.clone()) else {
                return Err(StoreError::Conflict(
                    "the suggested passage is no longer in the document".to_owned(),
                ));
            };
            let mut body = String::with_capacity(text.len() + replacement.len());
            body.push_str(&text[..range.start]);
            body.push_str(&replacement);
            body.push_str(&text[range.end..]);
            check_front_matter(&body, head.locked.status)?;
            let author_name = tx
                .fetch_one(sql(q::USER_BY_ID).bind(head.author.0))
                .await?
                .text("display_name")?;
            let note = format!("Accepted a suggestion by {author_name}");
            let number = append(&mut tx, actor, head.document, current, &body, &note).await?;
            if head.author != actor {
                let credit = sql(q::INSERT_CREDIT)
                    .bind(head.document.0)
                    .bind(number)
                    .bind(head.author.0);
                tx.execute(credit).await?;
            }
            insert_event(
                &mut tx,
                &head,
                thread,
                ThreadAction::Accepted,
                "",
                Some(number),
                actor,
            )
            .await?
        }
    };
    tx.commit().await?;
    Ok(event)
}

// ---- verdicts and status ----

pub(crate) async fn submit_verdict<B: Backend>(
    db: &B,
    actor: UserId,
    document: DocumentId,
    verdict: Verdict,
    body: &str,
) -> Result<VerdictRecord> {
    let body = valid_comment(body, "verdict's comment", true)?;
    let mut tx = db.begin_write().await?;
    let locked = lock::<B>(&mut tx, actor, document, |_| true).await?;
    let round = tx
        .fetch_optional(sql(q::ASKED_IN_NEWEST_ROUND).bind(document.0).bind(actor.0))
        .await?
        .ok_or(StoreError::Forbidden)?;
    let round = RoundId(round.int("round_id")?);
    let id = VerdictId(random_id()?);
    let now = tick();
    let insert = sql(q::INSERT_VERDICT)
        .bind(id.0)
        .bind(round.0)
        .bind(document.0)
        .bind(locked.current)
        .bind(actor.0)
        .bind(verdict.as_str())
        .bind(body)
        .bind(now);
    tx.execute(insert).await?;
    let published = tx
        .execute(
            sql(q::PUBLISH_PENDING)
                .bind(document.0)
                .bind(id.0)
                .bind(actor.0),
        )
        .await?;
    tx.commit().await?;
    Ok(VerdictRecord {
        id,
        round,
        revision: locked.current,
        user: actor,
        user_name: locked.actor_name,
        verdict,
        body: body.to_owned(),
        created_at: now,
        published: published as i64,
    })
}

pub(crate) async fn change_status<B: Backend>(
    db: &B,
    actor: UserId,
    document: DocumentId,
    status: Status,
    reason: &str,
) -> Result<StatusEvent> {
    let reason = valid_comment(reason, "reason", true)?;
    let mut tx = db.begin_write().await?;
    let mut locked = lock::<B>(&mut tx, actor, document, |_| true).await?;
    let decides =
        locked.role == Role::Owner || (locked.created_by == actor && locked.role.can_edit());
    if !decides {
        return Err(StoreError::Forbidden);
    }
    if status == Status::Aligned {
        return Err(StoreError::Invalid(
            "`aligned` is reached by the review itself: when every concern is answered, \
             every thread resolved and every required reviewer approved"
                .to_owned(),
        ));
    }
    if status == locked.status {
        return Err(StoreError::Conflict(format!(
            "the document is already {status}"
        )));
    }
    match status {
        Status::Aligned => {}
        Status::Approved if locked.status != Status::Aligned => {
            return Err(StoreError::Conflict(format!(
                "a document is approved only once its review is aligned, and this one is {}",
                locked.status
            )));
        }
        Status::Approved => {}
        Status::Draft | Status::InReview | Status::Declined if reason.is_empty() => {
            return Err(StoreError::Invalid(format!(
                "moving the document to {status} needs a reason"
            )));
        }
        _ => {}
    }
    let event = set_status_in(&mut tx, actor, document, &mut locked, status, reason).await?;
    tx.commit().await?;
    Ok(event)
}

pub(crate) async fn record_alignment<B: Backend>(
    db: &B,
    actor: UserId,
    document: DocumentId,
    alignment: Alignment<'_>,
) -> Result<Option<StatusEvent>> {
    let mut tx = db.begin_write().await?;
    let mut locked = lock::<B>(&mut tx, actor, document, |_| true).await?;
    // A verdict on an older revision than the newest says nothing about the newest.
    if alignment.revision != locked.current {
        return Ok(None);
    }
    let next = match (alignment.aligned, locked.status) {
        (true, Status::InReview) => Status::Aligned,
        (false, Status::Aligned) => Status::InReview,
        _ => return Ok(None),
    };
    let reason = valid_comment(alignment.reason, "reason", false)?;
    let event = set_status_in(&mut tx, actor, document, &mut locked, next, reason).await?;
    tx.commit().await?;
    Ok(Some(event))
}

// ---- assumptions ----

pub(crate) async fn add_assumption<B: Backend>(
    db: &B,
    actor: UserId,
    document: DocumentId,
    text: &str,
    test: &str,
) -> Result<Assumption> {
    let text = valid_comment(text, "assumption", false)?;
    let test = valid_comment(test, "test", false)?;
    let mut tx = db.begin_write().await?;
    let locked = lock::<B>(&mut tx, actor, document, Role::can_review).await?;
    let id = AssumptionId(random_id()?);
    let now = tick();
    let insert = sql(q::INSERT_ASSUMPTION)
        .bind(id.0)
        .bind(document.0)
        .bind(text)
        .bind(test)
        .bind(actor.0)
        .bind(now);
    tx.execute(insert).await?;
    tx.commit().await?;
    Ok(Assumption {
        id,
        document,
        text: text.to_owned(),
        test: test.to_owned(),
        author: actor,
        author_name: locked.actor_name,
        created_at: now,
        state: AssumptionState::Untested,
        events: Vec::new(),
    })
}

pub(crate) async fn set_assumption_state<B: Backend>(
    db: &B,
    actor: UserId,
    assumption: AssumptionId,
    state: AssumptionState,
    note: &str,
) -> Result<Assumption> {
    let note = valid_comment(note, "note", true)?;
    let mut tx = db.begin_write().await?;
    let document = tx
        .fetch_optional(sql(q::ASSUMPTION_DOCUMENT).bind(assumption.0))
        .await?
        .ok_or(StoreError::NotFound)?;
    let document = DocumentId(document.int("document_id")?);
    let mut locked = lock::<B>(&mut tx, actor, document, Role::can_review).await?;
    let insert = sql(q::INSERT_ASSUMPTION_EVENT)
        .bind(random_id()?)
        .bind(assumption.0)
        .bind(state.as_str())
        .bind(note)
        .bind(actor.0)
        .bind(tick());
    tx.execute(insert).await?;
    if state == AssumptionState::Broken
        && matches!(locked.status, Status::Aligned | Status::Approved)
    {
        let reason = format!("An assumption broke: {}", note_or_default(note));
        set_status_in(
            &mut tx,
            actor,
            document,
            &mut locked,
            Status::InReview,
            &reason,
        )
        .await?;
    }
    let found = assumptions_in(&mut tx, document).await?;
    tx.commit().await?;
    found
        .into_iter()
        .find(|a| a.id == assumption)
        .ok_or(StoreError::NotFound)
}

fn note_or_default(note: &str) -> &str {
    if note.is_empty() {
        "no note given"
    } else {
        note
    }
}

async fn assumptions_in(tx: &mut impl Tx, document: DocumentId) -> Result<Vec<Assumption>> {
    let found = tx
        .fetch_all(sql(q::ASSUMPTIONS_OF_DOCUMENT).bind(document.0))
        .await?;
    let mut assumptions = Vec::with_capacity(found.len());
    for row in &found {
        assumptions.push(Assumption {
            id: AssumptionId(row.int("assumption_id")?),
            document,
            text: row.text("text")?,
            test: row.text("test")?,
            author: UserId(row.int("author_id")?),
            author_name: row.text("author_name")?,
            created_at: row.int("created_at")?,
            state: AssumptionState::Untested,
            events: Vec::new(),
        });
    }
    let events = tx
        .fetch_all(sql(q::ASSUMPTION_EVENTS_OF_DOCUMENT).bind(document.0))
        .await?;
    for row in &events {
        let id = AssumptionId(row.int("assumption_id")?);
        if let Some(assumption) = assumptions.iter_mut().find(|a| a.id == id) {
            let event = AssumptionEvent {
                state: row.text("state")?.parse()?,
                note: row.text("note")?,
                actor: UserId(row.int("actor_id")?),
                actor_name: row.text("actor_name")?,
                created_at: row.int("created_at")?,
            };
            assumption.state = event.state;
            assumption.events.push(event);
        }
    }
    Ok(assumptions)
}

// ---- reading ----

/// Every thread the actor may see, placed on revision `current` (from the stored
/// placements; a thread not yet placed there is placed now, in memory).
async fn threads_in(
    tx: &mut impl Tx,
    actor: UserId,
    document: DocumentId,
    current: i64,
) -> Result<Vec<Thread>> {
    let found = tx
        .fetch_all(sql(q::THREADS_OF_DOCUMENT).bind(document.0))
        .await?;
    if found.is_empty() {
        return Ok(Vec::new());
    }
    let mut placements = newest_placements(tx, document).await?;
    let mut newest_text: Option<String> = None;
    let mut threads = Vec::with_capacity(found.len());
    let mut index: HashMap<ThreadId, usize> = HashMap::with_capacity(found.len());
    for row in &found {
        let id = ThreadId(row.int("thread_id")?);
        let anchor = anchor_of(row)?;
        let placement = match placements.remove(&id) {
            Some(placed) if placed.revision == current => placed,
            last => {
                let from = last.map_or_else(|| anchor.clone(), |p| p.anchor);
                if newest_text.is_none() {
                    newest_text = Some(revision_body(tx, document, current).await?);
                }
                let text = newest_text.as_deref().unwrap_or_default();
                let placed = reattach(&from, text);
                ThreadPlacement {
                    revision: current,
                    state: placed.state,
                    anchor: placed.anchor(&from, text),
                }
            }
        };
        index.insert(id, threads.len());
        threads.push(Thread {
            id,
            document,
            revision: row.int("revision")?,
            anchor,
            concern: row.int("concern")? == 1,
            replacement: row.opt_text("replacement")?,
            author: UserId(row.int("author_id")?),
            author_name: row.text("author_name")?,
            created_at: row.int("created_at")?,
            comments: Vec::new(),
            events: Vec::new(),
            links: Vec::new(),
            placement,
        });
    }
    for row in &tx
        .fetch_all(sql(q::COMMENTS_OF_DOCUMENT).bind(document.0))
        .await?
    {
        let author = UserId(row.int("author_id")?);
        let pending = row.int("unpublished")? == 1;
        // Someone else's unpublished comment is not there yet.
        if pending && author != actor {
            continue;
        }
        let thread = ThreadId(row.int("thread_id")?);
        if let Some(&i) = index.get(&thread) {
            threads[i].comments.push(Comment {
                id: CommentId(row.int("comment_id")?),
                thread,
                author,
                author_name: row.text("author_name")?,
                body: row.text("body")?,
                pending,
                created_at: row.int("created_at")?,
            });
        }
    }
    for row in &tx
        .fetch_all(sql(q::THREAD_EVENTS_OF_DOCUMENT).bind(document.0))
        .await?
    {
        let thread = ThreadId(row.int("thread_id")?);
        if let Some(&i) = index.get(&thread) {
            threads[i].events.push(ThreadEvent {
                thread,
                document,
                action: row.text("action")?.parse()?,
                reason: row.text("reason")?,
                revision: row.opt_int("revision")?,
                actor: UserId(row.int("actor_id")?),
                actor_name: row.text("actor_name")?,
                created_at: row.int("created_at")?,
            });
        }
    }
    for row in &tx
        .fetch_all(sql(q::CONCERN_LINKS_OF_DOCUMENT).bind(document.0))
        .await?
    {
        let thread = ThreadId(row.int("thread_id")?);
        if let Some(&i) = index.get(&thread) {
            threads[i].links.push(ConcernLink {
                thread,
                document,
                question: row.text("question")?,
                new_question: row.int("new_question")? == 1,
                actor: UserId(row.int("actor_id")?),
                actor_name: row.text("actor_name")?,
                created_at: row.int("created_at")?,
            });
        }
    }
    // A thread whose opening comment the actor may not see is someone else's draft.
    threads.retain(|t| {
        t.comments
            .first()
            .is_some_and(|c| c.created_at == t.created_at)
    });
    Ok(threads)
}

pub(crate) async fn review(
    db: &impl Backend,
    actor: UserId,
    document: DocumentId,
) -> Result<Review> {
    let mut tx = db.begin_snapshot().await?;
    let row = tx
        .fetch_optional(sql(q::DOCUMENT_FOR_MEMBER).bind(document.0).bind(actor.0))
        .await?
        .ok_or(StoreError::NotFound)?;
    let doc = rows::document(&row)?;
    let role = rows::role(&row)?;
    let round = round_in(&mut tx, document).await?;
    let threads = threads_in(&mut tx, actor, document, doc.current_revision).await?;
    let mut verdicts = Vec::new();
    for row in &tx
        .fetch_all(sql(q::VERDICTS_OF_DOCUMENT).bind(document.0))
        .await?
    {
        verdicts.push(VerdictRecord {
            id: VerdictId(row.int("verdict_id")?),
            round: RoundId(row.int("round_id")?),
            revision: row.int("revision")?,
            user: UserId(row.int("user_id")?),
            user_name: row.text("user_name")?,
            verdict: row.text("verdict")?.parse()?,
            body: row.text("body")?,
            created_at: row.int("created_at")?,
            published: row.int("published")?,
        });
    }
    let mut status_history = Vec::new();
    for row in &tx
        .fetch_all(sql(q::STATUS_EVENTS_OF_DOCUMENT).bind(document.0))
        .await?
    {
        status_history.push(StatusEvent {
            status: row.text("status")?.parse()?,
            reason: row.text("reason")?,
            revision: row.int("revision")?,
            actor: UserId(row.int("actor_id")?),
            actor_name: row.text("actor_name")?,
            created_at: row.int("created_at")?,
        });
    }
    let assumptions = assumptions_in(&mut tx, document).await?;
    let required_functions = functions_in(&mut tx, doc.workspace)
        .await?
        .into_iter()
        .filter(|f| f.required)
        .map(|f| f.name)
        .collect();
    let mut credits = Vec::new();
    for row in &tx
        .fetch_all(sql(q::CREDITS_OF_DOCUMENT).bind(document.0))
        .await?
    {
        credits.push(Credit {
            revision: row.int("number")?,
            user: UserId(row.int("user_id")?),
            name: row.text("name")?,
        });
    }
    let content_revision = tx
        .fetch_one(sql(q::CONTENT_REVISION).bind(document.0))
        .await?
        .opt_int("content")?
        .unwrap_or(doc.current_revision);
    tx.rollback().await?;
    Ok(Review {
        content_revision,
        document: doc,
        role,
        round,
        threads,
        verdicts,
        status_history,
        assumptions,
        required_functions,
        credits,
    })
}

pub(crate) async fn waiting_on(db: &impl Backend, actor: UserId) -> Result<Vec<Waiting>> {
    let mut waiting = Vec::new();
    for row in &db.fetch_all(sql(q::WAITING_VERDICTS).bind(actor.0)).await? {
        if row.int("verdicts_now")? > 0 {
            continue;
        }
        let approved = row.opt_int("approved_revision")?;
        waiting.push(Waiting {
            document: DocumentId(row.int("document_id")?),
            title: row.text("title")?,
            workspace: WorkspaceId(row.int("workspace_id")?),
            kind: if approved.is_some() {
                "stale-approval"
            } else {
                "verdict"
            }
            .to_owned(),
            count: 1,
            since_revision: approved,
        });
    }
    for row in &db.fetch_all(sql(q::WAITING_THREADS).bind(actor.0)).await? {
        waiting.push(Waiting {
            document: DocumentId(row.int("document_id")?),
            title: row.text("title")?,
            workspace: WorkspaceId(row.int("workspace_id")?),
            kind: if row.int("concern")? == 1 {
                "concerns"
            } else {
                "threads"
            }
            .to_owned(),
            count: row.int("open_count")?,
            since_revision: None,
        });
    }
    for row in &db.fetch_all(sql(q::WAITING_REPLIES).bind(actor.0)).await? {
        waiting.push(Waiting {
            document: DocumentId(row.int("document_id")?),
            title: row.text("title")?,
            workspace: WorkspaceId(row.int("workspace_id")?),
            kind: "replies".to_owned(),
            count: row.int("open_count")?,
            since_revision: None,
        });
    }
    Ok(waiting)
}
