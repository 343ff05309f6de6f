//! What a database must provide for the shared store code: the [`Backend`] trait.
//!
//! The store's logic (access checks, validation, which statements run in which order)
//! is written once, as functions generic over [`Backend`]; each database implements
//! the trait with its own pools and connection handling: SQLite's one writer and group
//! commit, PostgreSQL's lanes. The shared code never names a sqlx database type: it
//! builds a [`Statement`] (the SQL text from `queries.rs` and its bound values) and
//! reads the rows it gets back by column name through [`Record`]. The few generic
//! helpers here that do name sqlx types ([`query`], the [`Record`] and [`Tx`]
//! implementations) are used only with a concrete database, so their bounds are
//! checked once, where the back end is written.

use std::borrow::Cow;

use async_trait::async_trait;
use sqlx::query::Query;
use sqlx::{ColumnIndex, Database, Decode, Encode, Executor, SqlSafeStr, SqlStr, Type};

use crate::Result;
use crate::sql::{NewRevision, Written};

/// One database: the primitives the shared store functions are written against.
///
/// Reads outside a transaction run on the reading pool, writes outside a transaction on
/// the writer (SQLite: its one writing connection; PostgreSQL: the same pool).
#[async_trait]
pub(crate) trait Backend: std::fmt::Debug + Send + Sync + 'static {
    /// A row of a result, read by column name.
    type Row: Record + Send + Sync + 'static;
    /// A transaction, from [`Backend::begin_write`] or [`Backend::begin_snapshot`].
    type Tx: Tx<Row = Self::Row>;

    /// Which database this is.
    const KIND: crate::model::Backend;
    /// Locks a document for writing; binds the document and the actor and returns
    /// `current_revision`, the actor's `role` and `display_name`.
    const LOCK_DOCUMENT: &'static str;
    /// Locks a workspace, so that membership changes are serialized; binds its id.
    const LOCK_WORKSPACE: &'static str;

    /// The statement's first row, if any, read outside a transaction.
    async fn fetch_optional(&self, statement: Statement<'_>) -> sqlx::Result<Option<Self::Row>>;

    /// Every row of the statement, read outside a transaction.
    async fn fetch_all(&self, statement: Statement<'_>) -> sqlx::Result<Vec<Self::Row>>;

    /// Runs a write outside a transaction; returns how many rows it changed.
    async fn execute(&self, statement: Statement<'_>) -> sqlx::Result<u64>;

    /// One of the busiest reads (`after_save: false`), or a refused save's report
    /// (`after_save: true`): PostgreSQL runs them on connections of their own.
    async fn fetch_hot(
        &self,
        statement: Statement<'_>,
        after_save: bool,
    ) -> sqlx::Result<Option<Self::Row>>;

    /// A save's one statement (see `queries::SAVE_REVISION`): what it wrote, or `None`
    /// when its checks refused it.
    async fn insert_revision(&self, revision: NewRevision) -> sqlx::Result<Option<Written>>;

    /// A transaction that holds the write lock, so check-then-write is race-free.
    async fn begin_write(&self) -> Result<Self::Tx>;

    /// A consistent, read-only view of the whole database, for backups.
    async fn begin_snapshot(&self) -> Result<Self::Tx>;

    /// Closes every connection; waits for the ones in use to come back.
    async fn close_connections(&self);

    /// Every row of a read that may run long (a search), outside a transaction, or
    /// `None` when it ran longer than `limit` and the database stopped it.
    async fn fetch_all_within(
        &self,
        statement: Statement<'_>,
        limit: std::time::Duration,
    ) -> sqlx::Result<Option<Vec<Self::Row>>>;

    /// Writes `rows` in the transaction `tx`, skipping each row whose key is already
    /// held (see [`Rows::skip_held`]); returns how many were written. The bulk path of
    /// an import: SQLite runs one prepared single-row insert per row on the
    /// connection itself, PostgreSQL multi-row inserts.
    async fn insert_rows(tx: &mut Self::Tx, rows: &Rows<'_>) -> Result<u64>;

    /// The statement's first row, or [`sqlx::Error::RowNotFound`].
    async fn fetch_one(&self, statement: Statement<'_>) -> sqlx::Result<Self::Row> {
        self.fetch_optional(statement)
            .await?
            .ok_or(sqlx::Error::RowNotFound)
    }
}

/// A transaction of a [`Backend`]; dropped without [`Tx::commit`], it rolls back.
#[async_trait]
pub(crate) trait Tx: Send {
    /// A row of a result, read by column name.
    type Row: Record + Send;

    /// The statement's first row, if any.
    async fn fetch_optional(&mut self, statement: Statement<'_>)
    -> sqlx::Result<Option<Self::Row>>;

    /// Every row of the statement.
    async fn fetch_all(&mut self, statement: Statement<'_>) -> sqlx::Result<Vec<Self::Row>>;

    /// Runs a write; returns how many rows it changed.
    async fn execute(&mut self, statement: Statement<'_>) -> sqlx::Result<u64>;

    /// Commits what the transaction wrote.
    async fn commit(self) -> sqlx::Result<()>;

    /// Ends the transaction without keeping anything.
    async fn rollback(self) -> sqlx::Result<()>;

    /// The statement's first row, or [`sqlx::Error::RowNotFound`].
    async fn fetch_one(&mut self, statement: Statement<'_>) -> sqlx::Result<Self::Row> {
        self.fetch_optional(statement)
            .await?
            .ok_or(sqlx::Error::RowNotFound)
    }
}

/// A value bound to a statement parameter. Every column of both databases is an integer
/// or text, but for the content keys of feedback items (16 bytes).
#[derive(Debug, Clone)]
pub(crate) enum Param<'a> {
    Int(Option<i64>),
    Text(Option<Cow<'a, str>>),
    Bytes(Option<Vec<u8>>),
}

/// Rows to write into one table with [`Backend::insert_rows`]: the table's name and
/// columns (names of our own, never the user's) and the values, row after row.
#[derive(Debug)]
pub(crate) struct Rows<'a> {
    pub(crate) table: &'static str,
    pub(crate) columns: &'static [&'static str],
    /// The columns of a unique key: a row whose key is already held (in the table or
    /// earlier in the same rows) is skipped instead of refused.
    pub(crate) skip_held: Option<&'static str>,
    /// Whether every row this one refers to was made or found by the caller in the
    /// same write transaction (see [`Rows::references_checked`]).
    pub(crate) references_checked: bool,
    /// `columns.len()` values a row, in column order.
    pub(crate) values: Vec<Param<'a>>,
}

impl<'a> Rows<'a> {
    /// No rows yet, room for `rows`.
    pub(crate) fn new(
        table: &'static str,
        columns: &'static [&'static str],
        skip_held: Option<&'static str>,
        rows: usize,
    ) -> Self {
        Rows {
            table,
            columns,
            skip_held,
            references_checked: false,
            values: Vec::with_capacity(rows * columns.len()),
        }
    }

    /// Says that every row these rows refer to (their foreign keys) was made or read by
    /// the caller inside the same write transaction, which holds the database's write
    /// lock: nothing can have removed it since. SQLite then writes the rows without
    /// looking each reference up again (three lookups a feedback item); PostgreSQL
    /// checks them as always.
    pub(crate) fn references_checked(mut self) -> Self {
        self.references_checked = true;
        self
    }

    /// Adds a value to the row being written.
    pub(crate) fn push(&mut self, value: impl Into<Param<'a>>) {
        self.values.push(value.into());
    }

    /// The rows, each its values in column order.
    pub(crate) fn rows(&self) -> std::slice::ChunksExact<'_, Param<'a>> {
        self.values.chunks_exact(self.columns.len().max(1))
    }

    /// `a, b, c`: the column names.
    pub(crate) fn column_list(&self) -> String {
        self.columns.join(", ")
    }
}

impl From<i64> for Param<'_> {
    fn from(value: i64) -> Self {
        Param::Int(Some(value))
    }
}

impl From<Option<i64>> for Param<'_> {
    fn from(value: Option<i64>) -> Self {
        Param::Int(value)
    }
}

impl<'a> From<&'a str> for Param<'a> {
    fn from(value: &'a str) -> Self {
        Param::Text(Some(Cow::Borrowed(value)))
    }
}

impl<'a> From<&'a String> for Param<'a> {
    fn from(value: &'a String) -> Self {
        Param::Text(Some(Cow::Borrowed(value)))
    }
}

impl From<String> for Param<'_> {
    fn from(value: String) -> Self {
        Param::Text(Some(Cow::Owned(value)))
    }
}

impl<'a> From<Option<&'a str>> for Param<'a> {
    fn from(value: Option<&'a str>) -> Self {
        Param::Text(value.map(Cow::Borrowed))
    }
}

impl From<Option<String>> for Param<'_> {
    fn from(value: Option<String>) -> Self {
        Param::Text(value.map(Cow::Owned))
    }
}

impl From<Vec<u8>> for Param<'_> {
    fn from(value: Vec<u8>) -> Self {
        Param::Bytes(Some(value))
    }
}

/// SQL text (from `queries.rs`, or built from names of our own) and its bound values,
/// in parameter order (`$1`, `$2`, …).
#[derive(Debug)]
pub(crate) struct Statement<'a> {
    sql: SqlStr,
    params: Vec<Param<'a>>,
    /// Whether the statement is planned anew with its values each time it runs
    /// instead of prepared once per connection (see [`Statement::planned_with_values`]).
    planned_with_values: bool,
}

/// A statement of `sql`, with no values bound yet.
pub(crate) fn sql<'a>(sql: impl SqlSafeStr) -> Statement<'a> {
    Statement {
        sql: sql.into_sql_str(),
        params: Vec::new(),
        planned_with_values: false,
    }
}

impl<'a> Statement<'a> {
    /// Binds the next parameter.
    pub(crate) fn bind(mut self, value: impl Into<Param<'a>>) -> Self {
        self.params.push(value.into());
        self
    }

    /// Plans the statement with its values each time it runs (an unnamed statement)
    /// instead of preparing it once per connection. PostgreSQL may keep one generic
    /// plan for every later value of a prepared statement, made without knowing them:
    /// for a text search that plan cannot tell a word in a third of the items from one
    /// in none, nor drop a filter left empty.
    pub(crate) fn planned_with_values(mut self) -> Self {
        self.planned_with_values = true;
        self
    }
}

/// The statement as sqlx runs it on database `DB`. The values are encoded here, so
/// the query borrows nothing from the statement.
pub(crate) fn query<DB>(statement: Statement<'_>) -> Query<'static, DB, DB::Arguments>
where
    DB: Database + sqlx::database::HasStatementCache,
    for<'q> Option<i64>: Encode<'q, DB> + Type<DB>,
    for<'q> Option<&'q str>: Encode<'q, DB> + Type<DB>,
    for<'q> Option<&'q [u8]>: Encode<'q, DB> + Type<DB>,
{
    let mut query = sqlx::query(statement.sql).persistent(!statement.planned_with_values);
    for param in &statement.params {
        query = match param {
            Param::Int(value) => query.bind(*value),
            Param::Text(value) => query.bind(value.as_deref()),
            Param::Bytes(value) => query.bind(value.as_deref()),
        };
    }
    query
}

/// A row read by column name. Every column is an integer or text (see `Param`).
pub(crate) trait Record {
    /// A non-null integer column.
    fn int(&self, column: &str) -> Result<i64>;
    /// An integer column that may be null.
    fn opt_int(&self, column: &str) -> Result<Option<i64>>;
    /// A non-null text column.
    fn text(&self, column: &str) -> Result<String>;
    /// A text column that may be null.
    fn opt_text(&self, column: &str) -> Result<Option<String>>;
}

impl<R> Record for R
where
    R: sqlx::Row,
    for<'c> &'c str: ColumnIndex<R>,
    for<'r> i64: Decode<'r, R::Database> + Type<R::Database>,
    for<'r> String: Decode<'r, R::Database> + Type<R::Database>,
{
    fn int(&self, column: &str) -> Result<i64> {
        Ok(self.try_get(column)?)
    }

    fn opt_int(&self, column: &str) -> Result<Option<i64>> {
        Ok(self.try_get(column)?)
    }

    fn text(&self, column: &str) -> Result<String> {
        Ok(self.try_get(column)?)
    }

    fn opt_text(&self, column: &str) -> Result<Option<String>> {
        Ok(self.try_get(column)?)
    }
}

#[async_trait]
impl<DB> Tx for sqlx::Transaction<'static, DB>
where
    DB: Database + sqlx::database::HasStatementCache,
    DB::Row: Record,
    DB::QueryResult: Affected,
    DB::Arguments: sqlx::IntoArguments<DB>,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> Option<i64>: Encode<'q, DB> + Type<DB>,
    for<'q> Option<&'q str>: Encode<'q, DB> + Type<DB>,
    for<'q> Option<&'q [u8]>: Encode<'q, DB> + Type<DB>,
{
    type Row = DB::Row;

    async fn fetch_optional(&mut self, statement: Statement<'_>) -> sqlx::Result<Option<DB::Row>> {
        query(statement).fetch_optional(&mut **self).await
    }

    async fn fetch_all(&mut self, statement: Statement<'_>) -> sqlx::Result<Vec<DB::Row>> {
        query(statement).fetch_all(&mut **self).await
    }

    async fn execute(&mut self, statement: Statement<'_>) -> sqlx::Result<u64> {
        let done = query(statement).execute(&mut **self).await?;
        Ok(done.rows_affected())
    }

    async fn commit(self) -> sqlx::Result<()> {
        sqlx::Transaction::commit(self).await
    }

    async fn rollback(self) -> sqlx::Result<()> {
        sqlx::Transaction::rollback(self).await
    }
}

/// How many rows a write changed; sqlx has no trait for it.
pub(crate) trait Affected {
    fn rows_affected(&self) -> u64;
}

impl Affected for sqlx::sqlite::SqliteQueryResult {
    fn rows_affected(&self) -> u64 {
        self.rows_affected()
    }
}

impl Affected for sqlx::postgres::PgQueryResult {
    fn rows_affected(&self) -> u64 {
        self.rows_affected()
    }
}
