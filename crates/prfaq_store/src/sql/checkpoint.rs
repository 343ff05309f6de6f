//! Copies what the writer committed from SQLite's write-ahead log into the database
//! file, on a connection of its own and off the writer's path.
//!
//! SQLite's default has the connection that commits copy the log back into the file
//! once it holds 1,000 pages: inside the commit of a write, before the next write can
//! start. A large import committed about twenty megabytes a batch and then copied
//! them, 5 to 10% of its time on the one writer. Here a task asks every [`INTERVAL`] for a
//! passive checkpoint, which copies what readers no longer need without waiting for
//! or blocking anyone, while the writer goes on with the next transaction: on two cores
//! the copy runs beside the write. The writer still checkpoints itself past
//! [`WRITER_FALLBACK`] pages, so that the log stays bounded should this task fall
//! behind. A checkpoint neither adds nor loses a committed transaction: the log holds
//! every commit until the file has it, whoever copies it and whenever.

use std::time::Duration;

use sqlx::SqlitePool;
use tokio::sync::mpsc;

/// How often the task asks for a checkpoint. One with nothing to copy reads the log's
/// index in shared memory and ends.
pub(crate) const INTERVAL: Duration = Duration::from_millis(200);

/// The log's pages past which the writer checkpoints at its own commit
/// (`PRAGMA wal_autocheckpoint`), as SQLite does at 1,000 by default: 80 MB of log,
/// four batches of a large import.
pub(crate) const WRITER_FALLBACK: &str = "20000";

/// The running task; it ends when this is dropped (the store closing).
pub(crate) struct Checkpoints {
    _stop: mpsc::Sender<()>,
}

impl Checkpoints {
    /// Starts the task on the current runtime, checkpointing through `connection` (a
    /// pool of one connection that nothing else uses).
    pub(crate) fn start(connection: SqlitePool) -> Checkpoints {
        let (stop, stopped) = mpsc::channel(1);
        tokio::spawn(run(connection, stopped));
        Checkpoints { _stop: stop }
    }
}

async fn run(connection: SqlitePool, mut stopped: mpsc::Receiver<()>) {
    loop {
        tokio::select! {
            _ = stopped.recv() => break,
            _ = tokio::time::sleep(INTERVAL) => {}
        }
        // A failure (the disk full, the file gone) is the writer's to report when it
        // writes; the writer's own checkpoints take over meanwhile.
        if let Err(error) = passive(&connection).await {
            tracing::debug!(%error, "background checkpoint failed");
        }
    }
    connection.close().await;
}

/// One passive checkpoint.
async fn passive(connection: &SqlitePool) -> Result<(), sqlx::Error> {
    sqlx::query("PRAGMA wal_checkpoint(PASSIVE)")
        .execute(connection)
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::time::Instant;

    use super::*;
    use crate::sql::sqlite::SqliteStore;
    use crate::{Config, NewUser, Store};

    /// A small write stays in the log as far as the writer is concerned (its own
    /// checkpoints start at 20,000 pages): the task alone puts it into the file, and
    /// soon. The file is read on its own, without the log beside it.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_commit_reaches_the_database_file_without_the_writer() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let path = dir.path().join("wal.db");
        let store = SqliteStore::open(&path, &Config::default())
            .await
            .expect("open");
        store
            .create_user(NewUser {
                email: "ada@example.com",
                display_name: "Ada",
                password_hash: "$argon2id$test",
            })
            .await
            .expect("a user");
        let started = Instant::now();
        loop {
            // The file as it is, copied alone: what a crash that lost the log would
            // leave, were the log not kept.
            let copy = dir.path().join("copy.db");
            std::fs::copy(&path, &copy).expect("copy the file");
            let found = rusqlite::Connection::open(&copy)
                .and_then(|db| {
                    db.query_row(
                        "SELECT COUNT(*) FROM users WHERE email = 'ada@example.com'",
                        [],
                        |row| row.get::<_, i64>(0),
                    )
                })
                .unwrap_or(0);
            if found == 1 {
                break;
            }
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "the commit never reached the database file"
            );
            tokio::time::sleep(INTERVAL).await;
        }
    }
}
