//! The PostgreSQL back end, for a team sharing one server. Write transactions run at
//! READ COMMITTED and lock the row they check (`SELECT … FOR UPDATE`): a second writer
//! waits for the first to commit and then reads the new revision number, so it is
//! refused as stale instead of writing over the first. Backups read one REPEATABLE READ
//! snapshot. Connections carry `application_name = prfaq`; TLS is not built in (see the
//! crate documentation).

use std::fmt;
use std::str::FromStr;

use async_trait::async_trait;
use sqlx::Postgres;
use sqlx::postgres::{PgConnectOptions, PgConnection, PgCopyIn, PgPool, PgPoolOptions, PgRow};

use crate::Config;
use crate::Result;
use crate::sql::backend::{Backend, Param, Record, Rows, Statement, Tx, query, sql};
use crate::sql::lane::Lane;
use crate::sql::queries as q;
use crate::sql::{MigrationFile, NewRevision, Written, migrate_error, migrator, rows};
use crate::url::PostgresUrl;

/// The PostgreSQL migrations, embedded in the binary. Never edit a released one.
pub(crate) const MIGRATIONS: &[MigrationFile] = &[
    (
        1,
        "core",
        include_str!("../../migrations/postgres/0001_core.sql"),
    ),
    (
        2,
        "invitations and tokens",
        include_str!("../../migrations/postgres/0002_invitations_tokens.sql"),
    ),
    (
        3,
        "sign-in attempts",
        include_str!("../../migrations/postgres/0003_sign_in_attempts.sql"),
    ),
    (
        4,
        "save in one statement",
        include_str!("../../migrations/postgres/0004_save_in_one_statement.sql"),
    ),
    (
        5,
        "reviews",
        include_str!("../../migrations/postgres/0005_reviews.sql"),
    ),
    (
        6,
        "review version",
        include_str!("../../migrations/postgres/0006_review_version.sql"),
    ),
    (
        7,
        "customer evidence",
        include_str!("../../migrations/postgres/0007_evidence.sql"),
    ),
    (
        8,
        "notices",
        include_str!("../../migrations/postgres/0008_notices.sql"),
    ),
    (
        9,
        "outcomes",
        include_str!("../../migrations/postgres/0009_outcomes.sql"),
    ),
    (
        10,
        "email about notices",
        include_str!("../../migrations/postgres/0010_mail_notices.sql"),
    ),
    (
        11,
        "customer evidence imported faster",
        include_str!("../../migrations/postgres/0011_evidence_speed.sql"),
    ),
    (
        12,
        "a document's stored event source",
        include_str!("../../migrations/postgres/0012_outcome_sources.sql"),
    ),
    (
        13,
        "what a workspace's themes are computed from",
        include_str!("../../migrations/postgres/0013_feedback_version.sql"),
    ),
    (
        14,
        "an item's source and customer of its own workspace",
        include_str!("../../migrations/postgres/0014_evidence_references.sql"),
    ),
];

/// Locks only the document row (`OF d`); the membership row is read, not locked.
const LOCK_DOCUMENT: &str = "SELECT d.current_revision AS current_revision, m.role AS role, \
    u.display_name AS display_name FROM documents d \
    JOIN memberships m ON m.workspace_id = d.workspace_id AND m.user_id = $2 \
    JOIN users u ON u.id = m.user_id \
    WHERE d.id = $1 FOR UPDATE OF d";
const LOCK_WORKSPACE: &str = "SELECT id FROM workspaces WHERE id = $1 FOR UPDATE";

/// The store on a PostgreSQL database.
pub struct PostgresStore {
    /// Reads and writes alike: PostgreSQL queues writers on row locks itself.
    pool: PgPool,
    /// Saves and their stale reports, on connections of their own (see `lane`), so they
    /// never wait behind reads.
    saves: Lane,
    /// The busiest reads (the document page, a document with the caller's role).
    reads: Lane,
    url: PostgresUrl,
}

impl fmt::Debug for PostgresStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PostgresStore")
            .field("url", &self.url)
            .finish_non_exhaustive()
    }
}

impl PostgresStore {
    /// Connects and migrates the database to the current schema. Two servers starting
    /// at once are safe: the migrator holds an advisory lock.
    pub async fn open(url: &PostgresUrl, config: &Config) -> Result<Self> {
        Self::open_at(url, config, None).await
    }

    /// Connects and migrates up to `target` (all migrations when `None`).
    pub(crate) async fn open_at(
        url: &PostgresUrl,
        config: &Config,
        target: Option<i64>,
    ) -> Result<Self> {
        // The parse error of the driver never echoes the URL, so it is safe to show.
        let options = PgConnectOptions::from_str(url.expose())?.application_name("prfaq");
        let pool = PgPoolOptions::new()
            .max_connections(config.max_connections.max(1))
            .acquire_timeout(config.acquire_timeout)
            .test_before_acquire(false)
            .connect_with(options.clone())
            .await?;
        let migrator = migrator(MIGRATIONS);
        let migrated = match target {
            Some(target) => migrator.run_to(target, &pool).await,
            None => migrator.run(&pool).await,
        };
        if let Err(error) = migrated {
            pool.close().await;
            return Err(migrate_error(error));
        }
        tracing::info!(url = %url, "opened PostgreSQL database");
        // Twice as many save connections as the pool has: a save spends most of its time
        // waiting for its commit to reach the disk, and commits in flight together share
        // one flush. Half as many read connections: a page's read is CPU work inside the
        // database, and reads beyond what its cores run at once only queue there, in
        // front of the saves. Under mixed load (bench/load.sh) this cut the save p99 by
        // a quarter with the same throughput.
        let saves = Lane::start(options.clone(), config.max_connections.saturating_mul(2));
        let reads = Lane::start(options, (config.max_connections / 2).max(1));
        Ok(PostgresStore {
            saves,
            reads,
            pool,
            url: url.clone(),
        })
    }
}

#[async_trait]
impl Backend for PostgresStore {
    type Row = PgRow;
    type Tx = sqlx::Transaction<'static, Postgres>;

    const KIND: crate::model::Backend = crate::model::Backend::Postgres;
    const LOCK_DOCUMENT: &'static str = LOCK_DOCUMENT;
    const LOCK_WORKSPACE: &'static str = LOCK_WORKSPACE;

    async fn fetch_optional(&self, statement: Statement<'_>) -> sqlx::Result<Option<PgRow>> {
        query(statement).fetch_optional(&self.pool).await
    }

    async fn fetch_all(&self, statement: Statement<'_>) -> sqlx::Result<Vec<PgRow>> {
        query(statement).fetch_all(&self.pool).await
    }

    async fn execute(&self, statement: Statement<'_>) -> sqlx::Result<u64> {
        let done = query(statement).execute(&self.pool).await?;
        Ok(done.rows_affected())
    }

    /// One of the busiest reads, on the read lane; a save's report on the save lane.
    async fn fetch_hot(
        &self,
        statement: Statement<'_>,
        after_save: bool,
    ) -> sqlx::Result<Option<PgRow>> {
        let lane = if after_save { &self.saves } else { &self.reads };
        lane.fetch_optional(query(statement)).await
    }

    /// A save's one statement ([`q::SAVE_REVISION_WITH_DOCUMENT`]) on a connection of
    /// the save lane: its new revision's number and author's name with the document as
    /// the save left it, or `None` when its checks refused it. PostgreSQL lets
    /// concurrent saves run side by side; two from the same base meet at the primary key.
    async fn insert_revision(&self, revision: NewRevision) -> sqlx::Result<Option<Written>> {
        let created_at = revision.created_at;
        let statement = sql(q::SAVE_REVISION_WITH_DOCUMENT)
            .bind(revision.document)
            .bind(revision.base)
            .bind(revision.body)
            .bind(revision.author)
            .bind(revision.note)
            .bind(created_at);
        let Some(row) = self.saves.fetch_optional(query(statement)).await? else {
            return Ok(None);
        };
        let read = || -> crate::Result<_> {
            let number = row.int("number")?;
            let mut document = rows::document(&row)?;
            // The statement's select saw the document as it was before the trigger
            // advanced it.
            document.current_revision = number;
            document.updated_at = created_at;
            let saved = (number, row.text("author_name")?);
            Ok(Written {
                saved,
                document: Some((document, rows::role(&row)?)),
            })
        };
        read()
            .map(Some)
            .map_err(|error| sqlx::Error::Decode(Box::new(error)))
    }

    async fn begin_write(&self) -> Result<Self::Tx> {
        Ok(self.pool.begin().await?)
    }

    /// One REPEATABLE READ snapshot for the whole backup.
    async fn begin_snapshot(&self) -> Result<Self::Tx> {
        Ok(self
            .pool
            .begin_with("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            .await?)
    }

    async fn close_connections(&self) {
        self.pool.close().await;
    }

    /// In a read-only transaction whose statements the server cancels after `limit`
    /// (`SET LOCAL statement_timeout`), so one search never holds a connection for long.
    async fn fetch_all_within(
        &self,
        statement: Statement<'_>,
        limit: std::time::Duration,
    ) -> sqlx::Result<Option<Vec<PgRow>>> {
        let mut tx = self
            .pool
            .begin_with("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            .await?;
        let millis = limit.as_millis().clamp(1, i32::MAX as u128);
        // A number of our own, never the user's. A scan of a large table starts where
        // another scan of it happens to be (`synchronize_seqscans`): a read that stops at
        // its first matches (a search's candidates) would then find other rows each
        // time; it starts from the table's first page instead, so the same search on the
        // same rows answers the same. No JIT compilation: a bounded read is meant to take
        // milliseconds, and compiling the plan of a statement the planner costs high (a
        // hundred words counted at once) took seconds.
        let set = sqlx::AssertSqlSafe(format!(
            "SELECT set_config('statement_timeout', '{millis}', true), \
             set_config('synchronize_seqscans', 'off', true), set_config('jit', 'off', true)"
        ));
        sqlx::query(set).execute(&mut *tx).await?;
        let rows = query(statement).fetch_all(&mut *tx).await;
        let ended = tx.rollback().await;
        let rows = match rows {
            Err(sqlx::Error::Database(error))
                if error.code().as_deref() == Some(QUERY_CANCELED) =>
            {
                return Ok(None);
            }
            rows => rows?,
        };
        ended?;
        Ok(Some(rows))
    }

    /// Rows that may be refused (no key held by another to skip): one `COPY … FROM
    /// STDIN` in PostgreSQL's binary format, which reads each row without parsing a
    /// statement's values or binding thousands of parameters, and writes the rows to
    /// the table's pages many at a time; every check of the table (keys, references,
    /// constraints) runs as for an `INSERT`. Rows whose key may be held already: multi-
    /// row inserts of [`ROWS_A_STATEMENT`] rows, skipping them (`ON CONFLICT … DO
    /// NOTHING`). `COPY` into a temporary table and one `INSERT … SELECT` from it was
    /// measured for those: the backends spent more CPU on it (34.0 against 28.2 s for
    /// 196,078 rows), the rows being written twice, and it was not kept.
    async fn insert_rows(tx: &mut Self::Tx, rows: &Rows<'_>) -> Result<u64> {
        let width = rows.columns.len();
        if rows.values.is_empty() || width == 0 {
            return Ok(0);
        }
        let Some(key) = rows.skip_held else {
            return copy_rows(tx, rows).await;
        };
        let skip = format!(" ON CONFLICT ({key}) DO NOTHING");
        let mut written = 0;
        for chunk in rows.values.chunks(ROWS_A_STATEMENT * width) {
            let tuples: Vec<String> = (0..chunk.len() / width)
                .map(|row| {
                    let numbers: Vec<String> = (1..=width)
                        .map(|column| format!("${}", row * width + column))
                        .collect();
                    format!("({})", numbers.join(", "))
                })
                .collect();
            // Names of our own, never the user's.
            let text = format!(
                "INSERT INTO {} ({}) VALUES {}{skip}",
                rows.table,
                rows.column_list(),
                tuples.join(", ")
            );
            let mut statement = sql(sqlx::AssertSqlSafe(text));
            for value in chunk {
                statement = statement.bind(value.clone());
            }
            written += tx.execute(statement).await?;
        }
        Ok(written)
    }
}

/// The bytes of a `COPY` sent to the server at a time.
const COPY_CHUNK: usize = 256 * 1024;

/// Writes `rows` by one `COPY … FROM STDIN (FORMAT binary)`. In that format an integer
/// is sent as the column's own type: every integer column written so is a `BIGINT`
/// (all of the evidence tables' are), else the server refuses the data.
async fn copy_rows(tx: &mut sqlx::Transaction<'static, Postgres>, rows: &Rows<'_>) -> Result<u64> {
    let invalid = |what: &str| crate::StoreError::Invalid(format!("a row to copy: {what}"));
    let width = i16::try_from(rows.columns.len()).map_err(|_| invalid("too many columns"))?;
    // Names of our own, never the user's.
    let text = format!(
        "COPY {} ({}) FROM STDIN (FORMAT binary)",
        rows.table,
        rows.column_list()
    );
    let mut copy = tx.copy_in_raw(&text).await?;
    match send_rows(&mut copy, rows, width).await {
        Ok(()) => Ok(copy.finish().await?),
        Err(error) => {
            // Ended here, the server's answer read, so that the connection is left
            // ready for the transaction's rollback.
            let _ = copy.abort("the rows could not be sent").await;
            Err(error)
        }
    }
}

/// Sends `rows` to a `COPY … FROM STDIN (FORMAT binary)` begun for them.
async fn send_rows(
    copy: &mut PgCopyIn<&mut PgConnection>,
    rows: &Rows<'_>,
    width: i16,
) -> Result<()> {
    let invalid = |what: &str| crate::StoreError::Invalid(format!("a row to copy: {what}"));
    let mut data = Vec::with_capacity(COPY_CHUNK + 4096);
    // The signature, no flags, no header extension.
    data.extend_from_slice(b"PGCOPY\n\xff\r\n\0");
    data.extend_from_slice(&0i32.to_be_bytes());
    data.extend_from_slice(&0i32.to_be_bytes());
    for row in rows.rows() {
        data.extend_from_slice(&width.to_be_bytes());
        for value in row {
            let bytes: Option<&[u8]> = match value {
                Param::Int(Some(number)) => {
                    data.extend_from_slice(&8i32.to_be_bytes());
                    data.extend_from_slice(&number.to_be_bytes());
                    continue;
                }
                Param::Text(Some(text)) => Some(text.as_bytes()),
                Param::Bytes(Some(bytes)) => Some(bytes),
                Param::Int(None) | Param::Text(None) | Param::Bytes(None) => None,
            };
            match bytes {
                Some(bytes) => {
                    let length =
                        i32::try_from(bytes.len()).map_err(|_| invalid("a value too long"))?;
                    data.extend_from_slice(&length.to_be_bytes());
                    data.extend_from_slice(bytes);
                }
                None => data.extend_from_slice(&(-1i32).to_be_bytes()),
            }
        }
        if data.len() >= COPY_CHUNK {
            copy.send(data.as_slice()).await?;
            data.clear();
        }
    }
    // The trailer.
    data.extend_from_slice(&(-1i16).to_be_bytes());
    copy.send(data.as_slice()).await?;
    Ok(())
}

/// Rows in one multi-row insert (at most 14 values each, far below PostgreSQL's limit
/// on bound values).
const ROWS_A_STATEMENT: usize = 500;

/// PostgreSQL's SQLSTATE `query_canceled`, which a statement timeout raises.
const QUERY_CANCELED: &str = "57014";
