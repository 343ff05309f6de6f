//! The SQLite back end: one database file, opened in WAL mode so that readers never
//! wait for the writer, with `synchronous = FULL` so that an acknowledged save survives
//! a crash or power loss. Every write of this process goes through one writer connection,
//! so writers queue in the pool instead of polling SQLite's lock; a busy timeout covers
//! writers of other processes (`prfaq restore`, a second server by mistake). Every write transaction starts with `BEGIN IMMEDIATE`, which takes the file's write
//! lock up front: a check followed by a write can then never interleave with another
//! writer, and no transaction has to upgrade a read lock (which SQLite would refuse
//! with SQLITE_BUSY instead of waiting).

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use sqlx::Sqlite;
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};

use async_trait::async_trait;

use crate::sql::backend::{Backend, Param, Rows, Statement, query};
use crate::sql::checkpoint::{self, Checkpoints};
use crate::sql::group::Committer;
use crate::sql::{MigrationFile, NewRevision, Written, migrate_error, migrator};
use crate::{Config, Result, StoreError};

/// The SQLite migrations, embedded in the binary. Never edit a released one.
pub(crate) const MIGRATIONS: &[MigrationFile] = &[
    (
        1,
        "core",
        include_str!("../../migrations/sqlite/0001_core.sql"),
    ),
    (
        2,
        "invitations and tokens",
        include_str!("../../migrations/sqlite/0002_invitations_tokens.sql"),
    ),
    (
        3,
        "sign-in attempts",
        include_str!("../../migrations/sqlite/0003_sign_in_attempts.sql"),
    ),
    (
        4,
        "save in one statement",
        include_str!("../../migrations/sqlite/0004_save_in_one_statement.sql"),
    ),
    (
        5,
        "reviews",
        include_str!("../../migrations/sqlite/0005_reviews.sql"),
    ),
    (
        6,
        "review version",
        include_str!("../../migrations/sqlite/0006_review_version.sql"),
    ),
    (
        7,
        "customer evidence",
        include_str!("../../migrations/sqlite/0007_evidence.sql"),
    ),
    (
        8,
        "notices",
        include_str!("../../migrations/sqlite/0008_notices.sql"),
    ),
    (
        9,
        "outcomes",
        include_str!("../../migrations/sqlite/0009_outcomes.sql"),
    ),
    (
        10,
        "email about notices",
        include_str!("../../migrations/sqlite/0010_mail_notices.sql"),
    ),
    (
        11,
        "customer evidence imported faster",
        include_str!("../../migrations/sqlite/0011_evidence_speed.sql"),
    ),
    (
        12,
        "a document's stored event source",
        include_str!("../../migrations/sqlite/0012_outcome_sources.sql"),
    ),
    (
        13,
        "what a workspace's themes are computed from",
        include_str!("../../migrations/sqlite/0013_feedback_version.sql"),
    ),
    (
        14,
        "an item's source and customer of its own workspace",
        include_str!("../../migrations/sqlite/0014_evidence_references.sql"),
    ),
];

/// The writer's page cache, in KiB as `PRAGMA cache_size` takes it (negative): 64 MiB
/// instead of SQLite's 2 MiB, so that a large import's random inserts into the indexes
/// (content keys, identities, customers) find their pages in memory instead of reading
/// them back from the file for every row. Readers keep SQLite's default.
///
/// The writer also keeps its temporary files in memory (`PRAGMA temp_store`): above
/// all the statement journal, where SQLite copies each page a statement of a longer
/// transaction changes (to undo that statement alone if it fails). Past 64 KiB SQLite
/// writes it to a temporary file, a system call for each page's number and one for
/// the page: a multi-row insert of an import changes some forty pages of random
/// indexes, and an import of 196,078 rows made 1.29 million writes, most of them
/// there (0.94 million for 1,000,000 rows with the journal in memory).
const WRITER_CACHE: &str = "-65536";

/// SQLite has no row locks; `BEGIN IMMEDIATE` already holds the database's write lock,
/// so these only read.
const LOCK_DOCUMENT: &str = "SELECT d.current_revision AS current_revision, m.role AS role, \
    u.display_name AS display_name FROM documents d \
    JOIN memberships m ON m.workspace_id = d.workspace_id AND m.user_id = $2 \
    JOIN users u ON u.id = m.user_id \
    WHERE d.id = $1";
const LOCK_WORKSPACE: &str = "SELECT id FROM workspaces WHERE id = $1";

/// The store on a SQLite file.
pub struct SqliteStore {
    /// Readers: as many connections as configured, never blocked by the writer (WAL).
    pool: SqlitePool,
    /// The one connection that writes. SQLite lets one writer in at a time; a second
    /// connection that asks meanwhile polls with growing sleeps (its busy handler) and can
    /// wait a hundred milliseconds after the lock came free. Writers of this process queue
    /// for this connection instead, first come first served, and start the moment the
    /// previous write commits; the busy timeout remains for other processes.
    writer: SqlitePool,
    /// Saves, written in groups through `writer` (see [`group`](crate::sql::group)).
    saves: Committer,
    /// The cap on the database's pages that every writer connection sets when it opens
    /// (`PRAGMA max_page_count`, which SQLite keeps per connection); 0 leaves SQLite's
    /// own. Only tests set it, to fill the database without a small disk (see
    /// `testing::limit_sqlite_pages`). Only the `testing` feature sets it after opening.
    #[cfg_attr(not(feature = "testing"), allow(dead_code))]
    page_limit: Arc<AtomicU64>,
    /// Copies the writer's commits from the log into the file, beside the writer
    /// ([`checkpoint`]); stops when the store is dropped.
    _checkpoints: Checkpoints,
    path: PathBuf,
}

impl fmt::Debug for SqliteStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SqliteStore")
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

impl SqliteStore {
    /// Opens (creating if missing) the database file at `path` and migrates it to the
    /// current schema.
    pub async fn open(path: &Path, config: &Config) -> Result<Self> {
        Self::open_at(path, config, None).await
    }

    /// Opens and migrates up to `target` (all migrations when `None`).
    pub(crate) async fn open_at(path: &Path, config: &Config, target: Option<i64>) -> Result<Self> {
        let options = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .busy_timeout(config.busy_timeout)
            .foreign_keys(true);
        let page_limit = Arc::new(AtomicU64::new(0));
        let limit = Arc::clone(&page_limit);
        let writer = SqlitePoolOptions::new()
            .max_connections(1)
            .acquire_timeout(config.acquire_timeout)
            .test_before_acquire(false)
            .before_acquire(|conn, _| Box::pin(async move { Ok(outside_transaction(conn)) }))
            .after_connect(move |conn, _| {
                let pages = limit.load(Ordering::Acquire);
                Box::pin(async move {
                    if pages > 0 {
                        set_page_limit(conn, pages).await?;
                    }
                    Ok(())
                })
            })
            .connect_with(
                options
                    .clone()
                    .pragma("cache_size", WRITER_CACHE)
                    .pragma("temp_store", "memory")
                    .pragma("wal_autocheckpoint", checkpoint::WRITER_FALLBACK),
            )
            .await?;
        let migrator = migrator(MIGRATIONS);
        let migrated = match target {
            Some(target) => migrator.run_to(target, &writer).await,
            None => migrator.run(&writer).await,
        };
        if let Err(error) = migrated {
            writer.close().await;
            return Err(migrate_error(error));
        }
        let pool = match SqlitePoolOptions::new()
            .max_connections(config.max_connections.max(1))
            .acquire_timeout(config.acquire_timeout)
            .test_before_acquire(false)
            .before_acquire(|conn, _| Box::pin(async move { Ok(outside_transaction(conn)) }))
            .connect_with(options.clone())
            .await
        {
            Ok(pool) => pool,
            Err(error) => {
                writer.close().await;
                return Err(error.into());
            }
        };
        let checkpointer = match SqlitePoolOptions::new()
            .max_connections(1)
            .acquire_timeout(config.acquire_timeout)
            .connect_with(options)
            .await
        {
            Ok(connection) => connection,
            Err(error) => {
                pool.close().await;
                writer.close().await;
                return Err(error.into());
            }
        };
        tracing::info!(path = %path.display(), "opened SQLite database");
        Ok(SqliteStore {
            _checkpoints: Checkpoints::start(checkpointer),
            pool,
            saves: Committer::start(writer.clone()),
            writer,
            page_limit,
            path: path.to_path_buf(),
        })
    }

    /// Caps the database at `pages` pages on the writer, now and on every writer
    /// connection opened later (`None` lifts the cap), and returns the cap in force.
    #[cfg(feature = "testing")]
    pub(crate) async fn limit_pages(&self, pages: Option<u64>) -> Result<u64> {
        let pages = pages.unwrap_or(MAX_PAGE_COUNT).clamp(1, MAX_PAGE_COUNT);
        self.page_limit.store(pages, Ordering::Release);
        let mut conn = self.writer.acquire().await?;
        Ok(set_page_limit(&mut conn, pages).await?)
    }
}

#[async_trait]
impl Backend for SqliteStore {
    type Row = sqlx::sqlite::SqliteRow;
    type Tx = sqlx::Transaction<'static, Sqlite>;

    const KIND: crate::model::Backend = crate::model::Backend::Sqlite;
    const LOCK_DOCUMENT: &'static str = LOCK_DOCUMENT;
    const LOCK_WORKSPACE: &'static str = LOCK_WORKSPACE;

    async fn fetch_optional(&self, statement: Statement<'_>) -> sqlx::Result<Option<Self::Row>> {
        query(statement).fetch_optional(&self.pool).await
    }

    async fn fetch_all(&self, statement: Statement<'_>) -> sqlx::Result<Vec<Self::Row>> {
        query(statement).fetch_all(&self.pool).await
    }

    async fn execute(&self, statement: Statement<'_>) -> sqlx::Result<u64> {
        let done = query(statement).execute(&self.writer).await?;
        Ok(done.rows_affected())
    }

    /// One of the busiest reads: SQLite reads on the pool, in the process.
    async fn fetch_hot(
        &self,
        statement: Statement<'_>,
        _after_save: bool,
    ) -> sqlx::Result<Option<Self::Row>> {
        query(statement).fetch_optional(&self.pool).await
    }

    /// A save's one statement ([`q::SAVE_REVISION`](crate::sql::queries::SAVE_REVISION)),
    /// committed together with the saves that arrived meanwhile: its new revision's
    /// number and author's name, or `None` when its checks refused it.
    async fn insert_revision(&self, revision: NewRevision) -> sqlx::Result<Option<Written>> {
        let saved = self.saves.save(revision).await?;
        Ok(saved.map(|saved| Written {
            saved,
            document: None,
        }))
    }

    /// `BEGIN IMMEDIATE` on the one writer: the write lock is taken up front.
    async fn begin_write(&self) -> Result<Self::Tx> {
        Ok(self.writer.begin_with("BEGIN IMMEDIATE").await?)
    }

    /// A deferred transaction's first read fixes its snapshot (WAL), and every later
    /// read in it sees that same snapshot while writers go on.
    async fn begin_snapshot(&self) -> Result<Self::Tx> {
        Ok(self.pool.begin().await?)
    }

    async fn close_connections(&self) {
        self.pool.close().await;
        self.writer.close().await;
    }

    /// On a reader with a progress handler that interrupts the statement once `limit`
    /// has passed (SQLite calls it every [`PROGRESS_STEPS`] virtual machine steps).
    async fn fetch_all_within(
        &self,
        statement: Statement<'_>,
        limit: std::time::Duration,
    ) -> sqlx::Result<Option<Vec<Self::Row>>> {
        let mut conn = Handled(Some(self.pool.acquire().await?));
        let deadline = std::time::Instant::now() + limit;
        conn.get()
            .lock_handle()
            .await?
            .set_progress_handler(PROGRESS_STEPS, move || std::time::Instant::now() < deadline);
        let rows = query(statement).fetch_all(&mut **conn.get()).await;
        conn.release().await?;
        match rows {
            Err(sqlx::Error::Database(error))
                if error.code().as_deref() == Some(SQLITE_INTERRUPT) =>
            {
                Ok(None)
            }
            rows => rows.map(Some),
        }
    }

    /// One prepared single-row insert, run for each row on the writer's connection
    /// itself: its handle is locked away from sqlx's worker thread meanwhile, and the
    /// rows are written inside the transaction `tx` has open.
    ///
    /// Two costs of a multi-row insert go away. Through sqlx, every statement is
    /// handed to the connection's worker thread and its values encoded twice. And
    /// inside a transaction SQLite journals every page a statement of many rows
    /// changes, to undo that statement alone if a row fails half way (a `NOT NULL`, a
    /// `CHECK` or a foreign key can): an import's rows land at random places of the
    /// content-key and customer indexes, so nearly every row copied a page or two. A
    /// single-row insert without triggers has nothing to undo half way and keeps no
    /// such journal. A row that fails still fails the whole batch: the caller's
    /// transaction is rolled back.
    async fn insert_rows(tx: &mut Self::Tx, rows: &Rows<'_>) -> Result<u64> {
        if rows.values.is_empty() {
            return Ok(0);
        }
        let mut handle = (**tx).lock_handle().await?;
        blocking(|| insert_locked(&mut handle, rows))
    }
}

/// Runs `work`, which blocks its thread for a while (a batch of an import), without
/// stalling the other tasks of a multi-threaded runtime: they move to other threads
/// meanwhile. On a single-threaded runtime it simply runs.
fn blocking<T>(work: impl FnOnce() -> T) -> T {
    match tokio::runtime::Handle::try_current() {
        Ok(runtime) if runtime.runtime_flavor() == tokio::runtime::RuntimeFlavor::MultiThread => {
            tokio::task::block_in_place(work)
        }
        _ => work(),
    }
}

/// [`Backend::insert_rows`] on a connection locked away from sqlx.
fn insert_locked(
    handle: &mut sqlx::sqlite::LockedSqliteHandle<'_>,
    rows: &Rows<'_>,
) -> Result<u64> {
    let raw = handle.as_raw_handle().as_ptr();
    // SAFETY: `raw` is the open connection of `handle`, which the worker thread cannot
    // use until `handle` is dropped, after `conn`; a connection made by `from_handle`
    // never closes the handle, and `conn` finalizes its statement when dropped.
    let conn = unsafe { rusqlite::Connection::from_handle(raw) }.map_err(unexpected)?;
    // The error as sqlx reports it (the extended code and message SQLite holds right
    // after the failure), so that a full disk is told apart as everywhere else.
    let mut failed = |error: rusqlite::Error| match handle.last_error() {
        Some(error) => StoreError::from(sqlx::Error::Database(Box::new(error))),
        None => unexpected(error),
    };
    // Without the foreign-key lookups when the caller vouches for every reference; the
    // guard turns enforcement back on (and SQLite then prepares its statements again)
    // before the connection is handed back, whatever happens here.
    let _unchecked = if rows.references_checked {
        Some(ForeignKeysOff::new(&conn).map_err(&mut failed)?)
    } else {
        None
    };
    let placeholders = vec!["?"; rows.columns.len()].join(", ");
    let skip = rows
        .skip_held
        .map(|key| format!(" ON CONFLICT ({key}) DO NOTHING"))
        .unwrap_or_default();
    let text = format!(
        "INSERT INTO {} ({}) VALUES ({placeholders}){skip}",
        rows.table,
        rows.column_list()
    );
    let mut statement = conn.prepare(&text).map_err(&mut failed)?;
    let mut written = 0;
    for row in rows.rows() {
        for (at, value) in row.iter().enumerate() {
            statement
                .raw_bind_parameter(at + 1, value)
                .map_err(&mut failed)?;
        }
        written += statement.raw_execute().map_err(&mut failed)? as u64;
    }
    Ok(written)
}

/// Foreign-key enforcement off on one connection while it lives.
///
/// `PRAGMA foreign_keys` cannot change inside a transaction, because constraints
/// deferred to the commit would be miscounted; `sqlite3_db_config` changes the same
/// setting at once, and no constraint of this schema is deferred. A statement prepared
/// meanwhile is compiled without the lookups of its references; every statement
/// prepared before or after has them (SQLite prepares the connection's statements
/// again whenever the setting changes).
struct ForeignKeysOff<'c>(&'c rusqlite::Connection);

impl<'c> ForeignKeysOff<'c> {
    fn new(conn: &'c rusqlite::Connection) -> rusqlite::Result<Self> {
        use rusqlite::config::DbConfig;
        conn.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_FKEY, false)?;
        Ok(ForeignKeysOff(conn))
    }
}

impl Drop for ForeignKeysOff<'_> {
    fn drop(&mut self) {
        use rusqlite::config::DbConfig;
        // Cannot fail for a valid option on an open connection.
        let _ = self
            .0
            .set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_FKEY, true);
    }
}

/// An error of the bulk path that SQLite itself did not report.
fn unexpected(error: rusqlite::Error) -> StoreError {
    StoreError::Database(sqlx::Error::Protocol(format!("SQLite: {error}")))
}

impl rusqlite::ToSql for Param<'_> {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        use rusqlite::types::{ToSqlOutput, ValueRef};
        Ok(ToSqlOutput::Borrowed(match self {
            Param::Int(Some(value)) => ValueRef::Integer(*value),
            Param::Text(Some(text)) => ValueRef::Text(text.as_bytes()),
            Param::Bytes(Some(bytes)) => ValueRef::Blob(bytes),
            Param::Int(None) | Param::Text(None) | Param::Bytes(None) => ValueRef::Null,
        }))
    }
}

/// Virtual machine steps between two calls of a bounded read's progress handler: well
/// under a millisecond of work.
const PROGRESS_STEPS: i32 = 10_000;
/// SQLite's result code for an interrupted statement.
const SQLITE_INTERRUPT: &str = "9";

/// A reader with a bounded read's progress handler on it, which must come off before
/// the connection serves anything else.
///
/// When the caller drops the read half way (the client went away), the statement still
/// runs on the connection's worker until the handler stops it at the deadline; the
/// handler is then removed on a task of its own (the removal waits for the statement),
/// and only after that does the connection go back to the pool.
struct Handled(Option<sqlx::pool::PoolConnection<Sqlite>>);

impl Handled {
    fn get(&mut self) -> &mut sqlx::pool::PoolConnection<Sqlite> {
        self.0.as_mut().expect("a connection until released")
    }

    /// Removes the handler; the connection goes back to the pool.
    async fn release(mut self) -> sqlx::Result<()> {
        if let Some(mut conn) = self.0.take() {
            remove_handler(&mut conn).await?;
        }
        Ok(())
    }
}

async fn remove_handler(conn: &mut sqlx::pool::PoolConnection<Sqlite>) -> sqlx::Result<()> {
    conn.lock_handle().await?.remove_progress_handler();
    Ok(())
}

impl Drop for Handled {
    fn drop(&mut self) {
        let Some(mut conn) = self.0.take() else {
            return;
        };
        match tokio::runtime::Handle::try_current() {
            Ok(runtime) => {
                runtime.spawn(async move {
                    if remove_handler(&mut conn).await.is_err() {
                        // Never hand out a connection whose handler may still stop reads.
                        conn.close_on_drop();
                    }
                });
            }
            Err(_) => conn.close_on_drop(),
        }
    }
}

/// Whether a connection may be handed out: one still inside a transaction is closed
/// instead, and the pool opens a new one in its place.
///
/// A transaction that fails is rolled back when it is dropped, before its connection
/// is handed out again. But a full disk (`SQLITE_FULL`, at a statement or at the commit)
/// or a failed write (`SQLITE_IOERR`) can make SQLite roll the whole transaction back
/// itself; the driver's own `ROLLBACK` then fails ("no transaction is active") and the
/// driver goes on counting the transaction as open, so every later `BEGIN IMMEDIATE` on
/// that connection would be refused until a restart. The same holds when the `ROLLBACK`
/// fails for any other reason. Closing such a connection ends whatever SQLite still
/// holds open (closing rolls back), so the next write starts clean.
fn outside_transaction(conn: &sqlx::SqliteConnection) -> bool {
    use sqlx::Connection;
    if conn.is_in_transaction() {
        tracing::warn!(
            "a failed transaction left its connection unusable (was the disk full?): \
             opening a new one"
        );
        return false;
    }
    true
}

/// The most pages SQLite allows a database (its default `max_page_count`).
#[cfg(feature = "testing")]
const MAX_PAGE_COUNT: u64 = 0xffff_fffe;

/// Sets `PRAGMA max_page_count` on one connection; SQLite never sets it below the pages
/// already in use, and answers with the cap it set.
async fn set_page_limit(
    conn: &mut sqlx::SqliteConnection,
    pages: u64,
) -> std::result::Result<u64, sqlx::Error> {
    // A number of our own, never the user's.
    let pragma = sqlx::AssertSqlSafe(format!("PRAGMA max_page_count = {pages}"));
    let set: i64 = sqlx::query_scalar(pragma).fetch_one(conn).await?;
    Ok(u64::try_from(set).unwrap_or(0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sql::backend::Tx;
    use crate::sql::backend::sql;

    /// The SQLite compiled in is the one `.cargo/config.toml` asks for: without its
    /// count of memory in use (a lock around each of its allocations) and with its
    /// scratch space on the stack.
    #[test]
    fn sqlite_is_built_with_the_options_asked_for() {
        let db = rusqlite::Connection::open_in_memory().expect("a database");
        let mut options = db.prepare("PRAGMA compile_options").expect("the options");
        let options: Vec<String> = options
            .query_map([], |row| row.get(0))
            .expect("read")
            .collect::<Result<_, _>>()
            .expect("read");
        for wanted in ["DEFAULT_MEMSTATUS=0", "USE_ALLOCA"] {
            assert!(options.iter().any(|o| o == wanted), "{wanted}: {options:?}");
        }
    }

    /// A source of workspace `workspace`, as rows to write.
    fn source(id: i64, workspace: i64) -> Rows<'static> {
        let mut rows = Rows::new(
            "evidence_sources",
            &["id", "workspace_id", "name", "mapping", "created_at"],
            None,
            1,
        );
        rows.push(id);
        rows.push(workspace);
        rows.push("zendesk");
        rows.push("");
        rows.push(0);
        rows
    }

    /// Rows whose references the caller checked are written without SQLite's lookups
    /// (so a reference to nothing gets through: the caller's promise is what keeps the
    /// database whole), and the connection checks every other statement as before,
    /// later ones in the same transaction included.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn only_rows_vouched_for_skip_the_reference_lookups() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let store = SqliteStore::open(&dir.path().join("fk.db"), &Config::default())
            .await
            .expect("open");
        let mut tx = store.begin_write().await.expect("begin");
        let refused = SqliteStore::insert_rows(&mut tx, &source(1, 404)).await;
        assert!(refused.is_err(), "no workspace 404: {refused:?}");
        tx.rollback().await.expect("rollback");

        let mut tx = store.begin_write().await.expect("begin");
        let written = SqliteStore::insert_rows(&mut tx, &source(2, 404).references_checked())
            .await
            .expect("vouched for: not looked up");
        assert_eq!(written, 1);
        let after = tx
            .execute(sql(
                "INSERT INTO evidence_sources (id, workspace_id, name, mapping, created_at) \
                 VALUES (3, 404, 'app store', '', 0)",
            ))
            .await;
        assert!(after.is_err(), "checked again right after: {after:?}");
        let plain = SqliteStore::insert_rows(&mut tx, &source(4, 404)).await;
        assert!(
            plain.is_err(),
            "rows not vouched for are checked: {plain:?}"
        );
        tx.rollback().await.expect("rollback");

        // The next transaction on the writer checks references too.
        let later = store
            .execute(sql(
                "INSERT INTO evidence_sources (id, workspace_id, name, mapping, created_at) \
                 VALUES (5, 404, 'survey', '', 0)",
            ))
            .await;
        assert!(later.is_err(), "{later:?}");
        store.close_connections().await;
    }
}
