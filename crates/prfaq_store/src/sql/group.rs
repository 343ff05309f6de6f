//! Group commit for SQLite saves.
//!
//! SQLite has one writer, and each commit waits for the disk (`synchronous = FULL`).
//! Saved one by one, a busy workspace queues every save behind the previous one's round
//! trips and `fsync`. Here every save is handed to one committer task, which takes all
//! the saves waiting at that moment and writes them in one transaction: one `BEGIN`, one
//! batch of `INSERT ... SELECT` statements sent in a single round trip, one commit.
//!
//! Each save in a batch is still checked on its own: the statements run in order inside
//! the transaction, so of two saves from the same base revision the second sees the
//! first and writes nothing (stale), exactly as if they had come one after the other.
//! A save is acknowledged only after the commit that holds it. If a batch fails as a
//! whole, it is rolled back and its saves are retried one at a time, so one bad save
//! cannot fail the others.

use sqlx::sqlite::SqlitePool;
use sqlx::{Row, Sqlite, Transaction};
use tokio::sync::{mpsc, oneshot};

use crate::sql::queries as q;
use crate::sql::{NewRevision, Saved};

/// The most saves written in one transaction (six bound values each).
const MAX_BATCH: usize = 64;

/// One save waiting for the committer: what to write and where to send the outcome:
/// the new revision's number and author's name, `None` when the checks refused it (see
/// [`q::SAVE_REVISION`]), or the database's error.
struct Pending {
    revision: NewRevision,
    reply: oneshot::Sender<Result<Option<Saved>, sqlx::Error>>,
}

/// The sending end; the committer stops when every sender is gone.
#[derive(Clone, Debug)]
pub(crate) struct Committer {
    saves: mpsc::UnboundedSender<Pending>,
}

impl Committer {
    /// Starts the committer task on the current runtime, writing through `writer`.
    pub fn start(writer: SqlitePool) -> Self {
        let (saves, queue) = mpsc::unbounded_channel();
        tokio::spawn(run(writer, queue));
        Committer { saves }
    }

    /// Writes one save and waits for its commit.
    pub async fn save(&self, revision: NewRevision) -> Result<Option<Saved>, sqlx::Error> {
        let (reply, outcome) = oneshot::channel();
        self.saves
            .send(Pending { revision, reply })
            .map_err(|_| sqlx::Error::PoolClosed)?;
        // A committer that stopped mid-batch (the store closing) dropped the reply.
        outcome.await.unwrap_or(Err(sqlx::Error::PoolClosed))
    }
}

async fn run(writer: SqlitePool, mut queue: mpsc::UnboundedReceiver<Pending>) {
    let mut batch = Vec::with_capacity(MAX_BATCH);
    while queue.recv_many(&mut batch, MAX_BATCH).await > 0 {
        let outcomes = match write_batch(&writer, &batch).await {
            Ok(numbers) => numbers.into_iter().map(Ok).collect(),
            Err(_) if batch.len() > 1 => write_one_by_one(&writer, &batch).await,
            Err(error) => vec![Err(error)],
        };
        for (pending, outcome) in batch.drain(..).zip(outcomes) {
            // The caller may have stopped waiting; its save is committed regardless.
            let _ = pending.reply.send(outcome);
        }
    }
}

/// Writes the whole batch in one transaction and returns each save's outcome in order.
async fn write_batch(
    writer: &SqlitePool,
    batch: &[Pending],
) -> Result<Vec<Option<Saved>>, sqlx::Error> {
    let mut tx = writer.begin_with("BEGIN IMMEDIATE").await?;
    let numbers = insert_all(&mut tx, batch).await?;
    tx.commit().await?;
    Ok(numbers)
}

/// The fallback when a batch fails: each save in a transaction of its own.
async fn write_one_by_one(
    writer: &SqlitePool,
    batch: &[Pending],
) -> Vec<Result<Option<Saved>, sqlx::Error>> {
    let mut outcomes = Vec::with_capacity(batch.len());
    for pending in batch {
        let outcome = write_batch(writer, std::slice::from_ref(pending)).await;
        outcomes.push(outcome.map(|mut numbers| numbers.pop().flatten()));
    }
    outcomes
}

/// Sends every save's statement in one round trip. Each statement returns its new
/// revision's number, its author's name and its place in the batch, or no row when its
/// checks failed.
async fn insert_all(
    tx: &mut Transaction<'static, Sqlite>,
    batch: &[Pending],
) -> Result<Vec<Option<Saved>>, sqlx::Error> {
    // The text is built from the constant statement and numbers of our own (see
    // `batch_sql`); every value the user sent is a bound parameter.
    let sql = sqlx::AssertSqlSafe(batch_sql(batch.len()));
    let mut query = sqlx::query(sql);
    for Pending { revision, .. } in batch {
        query = query
            .bind(revision.document)
            .bind(revision.base)
            .bind(revision.body.as_str())
            .bind(revision.author)
            .bind(revision.note.as_str())
            .bind(revision.created_at);
    }
    let rows = query.fetch_all(&mut **tx).await?;
    let mut numbers = vec![None; batch.len()];
    for row in rows {
        let saved: Saved = (row.try_get("number")?, row.try_get("author_name")?);
        let place: i64 = row.try_get("place")?;
        let slot = usize::try_from(place)
            .ok()
            .and_then(|place| numbers.get_mut(place))
            .ok_or_else(|| sqlx::Error::Protocol(format!("batch place {place} out of range")))?;
        *slot = Some(saved);
    }
    Ok(numbers)
}

/// `n` copies of [`q::SAVE_REVISION`], the k-th reading parameters `$6k+1 ..= $6k+6` and
/// returning its `place` `k` after the number and name. Only numbers of our own go into the text.
fn batch_sql(n: usize) -> String {
    let mut sql = String::with_capacity(n * (q::SAVE_REVISION.len() + 16));
    for place in 0..n {
        sql.push_str(&renumber(q::SAVE_REVISION, place * 6));
        sql.push_str(&format!(", {place} AS place;\n"));
    }
    sql
}

/// `statement` with every parameter `$i` made `$(i + offset)`.
fn renumber(statement: &str, offset: usize) -> String {
    let mut out = String::with_capacity(statement.len() + 16);
    let mut rest = statement;
    while let Some(at) = rest.find('$') {
        out.push_str(&rest[..=at]);
        rest = &rest[at + 1..];
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        match rest[..digits].parse::<usize>() {
            Ok(param) => out.push_str(&(param + offset).to_string()),
            Err(_) => out.push_str(&rest[..digits]),
        }
        rest = &rest[digits..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The parameters a statement reads.
    fn params(statement: &str) -> std::collections::BTreeSet<usize> {
        statement
            .split('$')
            .skip(1)
            .filter_map(|rest| {
                let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
                rest[..digits].parse().ok()
            })
            .collect()
    }

    #[test]
    fn batch_statements_read_their_own_parameters_and_say_their_place() {
        let sql = batch_sql(3);
        let statements: Vec<&str> = sql.split(";\n").filter(|s| !s.is_empty()).collect();
        assert_eq!(statements.len(), 3);
        assert_eq!(params(q::SAVE_REVISION), (1..=6).collect());
        for (place, statement) in statements.iter().enumerate() {
            let first = place * 6 + 1;
            assert_eq!(
                params(statement),
                (first..first + 6).collect(),
                "{statement}"
            );
            let end = format!(
                "WHERE id = ${}) AS author_name, {place} AS place",
                first + 3
            );
            assert!(statement.ends_with(&end), "{statement}");
        }
    }
}
