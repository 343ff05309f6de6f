//! Reviews on any [`Backend`]: rounds and reviewers, threads with their comments,
//! events, concern links and placements, verdicts, status changes and assumptions.
//!
//! Every write locks the document first (which also checks the actor's membership and
//! role, so a stranger gets [`StoreError::NotFound`]) and appends rows; nothing is
//! updated but the document's status column, whose history is `status_events`. A
//! thread's state, a concern's answer and an assumption's state are the newest of their
//! events. Times come from [`tick`], strictly increasing within the process, so "the
//! newest" is never a tie.

mod assumptions;
mod notices;
mod placement;
mod read;
mod rounds;
mod status;
mod threads;

pub(crate) use assumptions::{add_assumption, set_assumption_state};
pub(crate) use notices::{
    mail_notices, mark_notices_read, notice_mail, notices, set_mail_notices, unread_notices,
};
pub(crate) use placement::{place_in, place_threads};
pub(crate) use read::{review, review_stamp, waiting_on};
pub(crate) use rounds::{request_review, review_functions, set_review_function, submit_verdict};
pub(crate) use status::{change_status, check_front_matter, record_alignment};
pub(crate) use threads::{add_thread, decide_suggestion, link_concern, reply, set_thread_resolved};

use assumptions::assumptions_in;
use notices::notify;
use placement::{insert_placement, newest_placements};
use read::threads_in;
use rounds::{functions_in, round_in};
use status::set_status_in;

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
