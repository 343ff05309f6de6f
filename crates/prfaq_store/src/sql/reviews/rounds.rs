//! Review functions, rounds with their reviewers, and verdicts.

use super::threads::notify_comment;
use super::*;

// ---- functions ----

pub(super) async fn functions_in(
    tx: &mut impl Tx,
    workspace: WorkspaceId,
) -> Result<Vec<ReviewFunction>> {
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

pub(super) async fn round_in(tx: &mut impl Tx, document: DocumentId) -> Result<Option<Round>> {
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
) -> Result<Notified<Round>> {
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
    let kind = NoticeKind::ReviewRequested;
    let mut notices = Vec::new();
    notify(
        &mut tx,
        &locked,
        document,
        kind,
        actor,
        None,
        &named,
        &mut notices,
    )
    .await?;
    let round = round_in(&mut tx, document)
        .await?
        .ok_or(StoreError::NotFound)?;
    tx.commit().await?;
    Ok(Notified {
        value: round,
        notices,
    })
}

// ---- verdicts and status ----

pub(crate) async fn submit_verdict<B: Backend>(
    db: &B,
    actor: UserId,
    document: DocumentId,
    verdict: Verdict,
    body: &str,
) -> Result<Notified<VerdictRecord>> {
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
    let mut notices = Vec::new();
    // The comments were written before the verdict: their notices come first, so the
    // verdict's is the newest.
    if published > 0 {
        notify_published(&mut tx, &locked, document, id, actor, &mut notices).await?;
    }
    let owner = [locked.created_by];
    let kind = NoticeKind::VerdictGiven;
    notify(
        &mut tx,
        &locked,
        document,
        kind,
        actor,
        None,
        &owner,
        &mut notices,
    )
    .await?;
    tx.commit().await?;
    let value = VerdictRecord {
        id,
        round,
        revision: locked.current,
        user: actor,
        user_name: locked.actor_name,
        verdict,
        body: body.to_owned(),
        created_at: now,
        published: published as i64,
    };
    Ok(Notified { value, notices })
}

/// The threads a verdict published comments in, in the order the comments were written:
/// each thread's author, and whether the verdict published its opening comment.
const PUBLISHED_BY_VERDICT: &str = "SELECT c.thread_id AS thread_id, \
    t.author_id AS thread_author, \
    CAST(CASE WHEN c.id = (SELECT f.id FROM review_comments f WHERE f.thread_id = c.thread_id \
        ORDER BY f.created_at, f.id LIMIT 1) THEN 1 ELSE 0 END AS BIGINT) AS opening \
    FROM review_publications p JOIN review_comments c ON c.id = p.comment_id \
    JOIN review_threads t ON t.id = c.thread_id \
    WHERE p.verdict_id = $1 ORDER BY c.created_at, c.id";

/// Tells of the comments a verdict published as if each had been published on its own:
/// a new thread its document's creator, a reply the thread's author and the creator.
/// Several comments in one thread are one notice to each, and the actor is never told.
async fn notify_published(
    tx: &mut impl Tx,
    locked: &Locked,
    document: DocumentId,
    verdict: VerdictId,
    actor: UserId,
    notices: &mut Vec<NoticeId>,
) -> Result<()> {
    let rows = tx
        .fetch_all(sql(PUBLISHED_BY_VERDICT).bind(verdict.0))
        .await?;
    let mut threads: Vec<(ThreadId, UserId, bool)> = Vec::with_capacity(rows.len());
    for row in &rows {
        let thread = ThreadId(row.int("thread_id")?);
        let opening = row.int("opening")? == 1;
        match threads.iter_mut().find(|(t, _, _)| *t == thread) {
            Some(seen) => seen.2 |= opening,
            None => threads.push((thread, UserId(row.int("thread_author")?), opening)),
        }
    }
    for (thread, author, opening) in threads {
        if opening {
            // A new thread: as `add_thread` tells of it.
            let owner = [locked.created_by];
            let kind = NoticeKind::CommentOnDocument;
            let thread = Some(thread);
            notify(tx, locked, document, kind, actor, thread, &owner, notices).await?;
        } else {
            notify_comment(tx, locked, document, thread, author, actor, notices).await?;
        }
    }
    Ok(())
}
