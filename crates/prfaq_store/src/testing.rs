//! Hooks for tests, built only with the `testing` feature (which this crate's own tests
//! and the other crates' tests turn on as a dev-dependency): building a database at an
//! old schema version (for the upgrade test), listing the tables the backup covers (to
//! compare with the live schema), filling a SQLite database as a full disk would (for
//! the tests of writes refused for want of space), and a throw-away PostgreSQL database
//! of a test's own ([`PostgresScratch`]). Not for production code.

use std::sync::atomic::{AtomicUsize, Ordering};

use sqlx::Connection;

use crate::sql::postgres::PostgresStore;
use crate::sql::sqlite::SqliteStore;
use crate::{Config, DatabaseUrl, Result, Store};

/// The schema version this build migrates to.
pub const LATEST_SCHEMA: i64 = crate::sql::LATEST_SCHEMA;

/// Creates or opens a database and applies migrations up to `version` only.
pub async fn migrate_to(url: &DatabaseUrl, version: i64) -> Result<()> {
    let config = Config::default();
    match url {
        DatabaseUrl::Sqlite(path) => {
            SqliteStore::open_at(path, &config, Some(version))
                .await?
                .close()
                .await
        }
        DatabaseUrl::Postgres(url) => {
            PostgresStore::open_at(url, &config, Some(version))
                .await?
                .close()
                .await
        }
    }
    Ok(())
}

/// Every table the backup covers, with its columns, in load order.
pub fn backup_tables() -> Vec<(&'static str, Vec<&'static str>)> {
    crate::backup::TABLES
        .iter()
        .map(|table| {
            (
                table.name,
                table.columns.iter().map(|(name, _)| *name).collect(),
            )
        })
        .collect()
}

/// SQLite only: caps the database at `pages` pages on the store's writer, as a full disk
/// would (`PRAGMA max_page_count`, which SQLite keeps per connection, so it is set on the
/// writer now and on every writer connection the store opens later). SQLite never sets
/// the cap below the pages already in use, so `Some(1)` means "not one page more".
/// `None` lifts the cap. Returns the cap now in force.
pub async fn limit_sqlite_pages(store: &SqliteStore, pages: Option<u64>) -> Result<u64> {
    store.limit_pages(pages).await
}

/// The admin URL the PostgreSQL tests use when `PRFAQ_TEST_POSTGRES_URL` is not set.
pub const DEFAULT_ADMIN_URL: &str = "postgres://postgres@127.0.0.1:5432/test";

/// The admin URL of the PostgreSQL server the tests make their databases on:
/// `PRFAQ_TEST_POSTGRES_URL`, or [`DEFAULT_ADMIN_URL`].
pub fn admin_url() -> String {
    std::env::var("PRFAQ_TEST_POSTGRES_URL").unwrap_or_else(|_| DEFAULT_ADMIN_URL.to_owned())
}

/// Whether the tests run in CI (`CI=true` or `CI=1`), where a missing PostgreSQL server
/// is a failure instead of a skipped test.
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|value| value == "true" || value == "1")
}

/// `postgres://user@host:port/anything?query` with the database name replaced.
pub fn with_database(url: &str, name: &str) -> String {
    let (scheme, rest) = url.split_once("://").expect("a postgres:// URL");
    let (rest, query) = match rest.split_once('?') {
        Some((rest, query)) => (rest, format!("?{query}")),
        None => (rest, String::new()),
    };
    let authority = rest.split('/').next().unwrap_or(rest);
    format!("{scheme}://{authority}/{name}{query}")
}

/// A fresh, empty PostgreSQL database of one test's own, `prfaq_test_<pid>_<n>`, created
/// through the admin URL ([`admin_url`]) and dropped when this is dropped, even when the
/// test fails. Databases left by runs that were killed are dropped by the next one.
pub struct PostgresScratch {
    admin: String,
    name: String,
    raw_url: String,
    url: DatabaseUrl,
}

impl std::fmt::Debug for PostgresScratch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The URLs may hold a password: show the database's name only.
        f.debug_struct("PostgresScratch")
            .field("name", &self.name)
            .finish_non_exhaustive()
    }
}

impl PostgresScratch {
    /// Creates the database. When the server cannot be reached: `None` with a loud note
    /// that the PostgreSQL half is skipped, except in CI ([`in_ci`]), where it panics.
    pub async fn create() -> Option<PostgresScratch> {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let admin = admin_url();
        let mut conn = match sqlx::PgConnection::connect(&admin).await {
            Ok(conn) => conn,
            Err(error) => {
                let shown = DatabaseUrl::parse(&admin)
                    .map(|url| url.to_string())
                    .unwrap_or_default();
                assert!(
                    !in_ci(),
                    "CI=true but PostgreSQL is unreachable at {shown}: {error}"
                );
                eprintln!(
                    "\n!!!!! PostgreSQL is unreachable at {shown} ({error}).\n\
                     !!!!! SKIPPING the PostgreSQL half of this test. Set \
                     PRFAQ_TEST_POSTGRES_URL, or CI=true to make this a failure.\n"
                );
                return None;
            }
        };
        drop_stale_databases(&mut conn).await;
        let name = format!(
            "prfaq_test_{}_{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::SeqCst)
        );
        sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
            .execute(&mut conn)
            .await
            .expect("CREATE DATABASE");
        conn.close().await.ok();
        let raw_url = with_database(&admin, &name);
        Some(PostgresScratch {
            url: DatabaseUrl::parse(&raw_url).expect("a valid URL"),
            raw_url,
            admin,
            name,
        })
    }

    /// The database's URL, to open the store on.
    pub fn url(&self) -> &DatabaseUrl {
        &self.url
    }

    /// The database's URL as text, for raw SQL in tests of the schema itself or for a
    /// server started as a process.
    pub fn raw_url(&self) -> &str {
        &self.raw_url
    }
}

impl Drop for PostgresScratch {
    fn drop(&mut self) {
        let (admin, name) = (self.admin.clone(), self.name.clone());
        // Drop may run inside the test's runtime, which cannot block on itself: use a
        // thread with a runtime of its own.
        let dropped = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .map_err(sqlx::Error::Io)?;
            runtime.block_on(async move {
                let mut conn = sqlx::PgConnection::connect(&admin).await?;
                sqlx::query(sqlx::AssertSqlSafe(format!(
                    "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
                )))
                .execute(&mut conn)
                .await?;
                conn.close().await
            })
        })
        .join();
        if !matches!(dropped, Ok(Ok(()))) {
            eprintln!(
                "note: could not drop the test database {}; the next run removes it",
                self.name
            );
        }
    }
}

/// Drops test databases left by runs that were killed, recognised by a process id that
/// no longer runs. Only where `/proc` tells which processes run: elsewhere every
/// database would look stale, including those of tests running now.
async fn drop_stale_databases(conn: &mut sqlx::PgConnection) {
    if !std::path::Path::new("/proc/self").exists() {
        return;
    }
    let names: Vec<String> =
        sqlx::query_scalar("SELECT datname FROM pg_database WHERE datname LIKE 'prfaq\\_test\\_%'")
            .fetch_all(&mut *conn)
            .await
            .unwrap_or_default();
    for name in names {
        let pid = name.split('_').nth(2).unwrap_or("");
        let alive = !pid.is_empty() && std::path::Path::new(&format!("/proc/{pid}")).exists();
        let safe = name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        if !alive && safe {
            let _ = sqlx::query(sqlx::AssertSqlSafe(format!(
                "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
            )))
            .execute(&mut *conn)
            .await;
        }
    }
}
