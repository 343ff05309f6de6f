//! PostgreSQL's busiest statements on connections of their own.
//!
//! sqlx's pool checks every connection that comes back with a round trip (a `Sync` and
//! its answer) before anyone else may use it, and a busy server waits for each round
//! trip in line behind everything else that is ready to run. A statement through the
//! pool therefore waited for a free connection, for itself and for that check. Here a
//! few worker tasks each own one connection and take statements from one queue: the
//! statements a busy workspace runs most (a save, the document page, a stale save's
//! report) are one round trip each and nothing else.
//!
//! A statement cannot be cut off half-way: it runs in the worker, which finishes it even
//! when the request that asked for it has gone. A connection that fails (the database
//! restarted, the network dropped) is dropped and the next statement opens a new one;
//! the one it was running reports the error and is not retried, since a save may have
//! been committed before the answer was lost. The workers stop when the store is
//! dropped.

use std::sync::Arc;

use sqlx::postgres::{
    PgArguments, PgConnectOptions, PgConnection, PgDatabaseError, PgRow, PgSeverity,
};
use sqlx::query::Query;
use sqlx::{ConnectOptions, Error, Postgres};
use tokio::sync::{Mutex, mpsc, oneshot};

/// A statement with its values bound, as the lane takes it.
pub(crate) type Statement = Query<'static, Postgres, PgArguments>;

/// What a worker answers with: the statement's first row, `None` when it returned none,
/// or the database's error.
type Outcome = Result<Option<PgRow>, Error>;

/// One statement waiting for a worker.
struct Pending {
    statement: Statement,
    reply: oneshot::Sender<Outcome>,
}

/// The sending end of the queue.
#[derive(Debug)]
pub(crate) struct Lane {
    queue: mpsc::UnboundedSender<Pending>,
}

impl Lane {
    /// Starts `workers` workers on the current runtime, each connecting with `options`
    /// when its first statement arrives.
    pub fn start(options: PgConnectOptions, workers: u32) -> Self {
        let (queue, waiting) = mpsc::unbounded_channel();
        let waiting = Arc::new(Mutex::new(waiting));
        for _ in 0..workers.max(1) {
            tokio::spawn(work(options.clone(), Arc::clone(&waiting)));
        }
        Lane { queue }
    }

    /// Runs one statement and waits for its first row.
    pub async fn fetch_optional(&self, statement: Statement) -> Outcome {
        let (reply, outcome) = oneshot::channel();
        self.queue
            .send(Pending { statement, reply })
            .map_err(|_| Error::PoolClosed)?;
        // A worker that stopped (the runtime shutting down) dropped the reply.
        outcome.await.unwrap_or(Err(Error::PoolClosed))
    }
}

async fn work(options: PgConnectOptions, waiting: Arc<Mutex<mpsc::UnboundedReceiver<Pending>>>) {
    let mut connection: Option<PgConnection> = None;
    loop {
        // One worker at a time waits on the queue; the others wait for their turn.
        let Some(pending) = waiting.lock().await.recv().await else {
            return;
        };
        let outcome = run(&mut connection, &options, pending.statement).await;
        if let Err(error) = &outcome
            && broken(error)
        {
            connection = None;
        }
        // The caller may have stopped waiting; what was written stays written.
        let _ = pending.reply.send(outcome);
    }
}

async fn run(
    connection: &mut Option<PgConnection>,
    options: &PgConnectOptions,
    statement: Statement,
) -> Outcome {
    let connection = match connection {
        Some(open) => open,
        None => connection.insert(options.connect().await?),
    };
    statement.fetch_optional(connection).await
}

/// True when the connection cannot be trusted with another statement. A refusal by the
/// database (a unique key, a constraint) leaves it usable; a fatal one (the server
/// ending the session, as a restart or an administrator does) does not.
fn broken(error: &Error) -> bool {
    match error {
        Error::Database(refusal) => refusal
            .try_downcast_ref::<PgDatabaseError>()
            .is_none_or(|e| matches!(e.severity(), PgSeverity::Fatal | PgSeverity::Panic)),
        _ => true,
    }
}
