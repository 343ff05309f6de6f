//! Fresh, throw-away databases for the contract suite: a SQLite file in a temporary
//! folder, or a PostgreSQL database of its own (`prfaq_test_<pid>_<n>`) created through
//! the admin URL in `PRFAQ_TEST_POSTGRES_URL` (default
//! `postgres://postgres@127.0.0.1:5432/test`) and dropped afterwards, even when the
//! test fails. When PostgreSQL cannot be reached the PostgreSQL half is skipped with a
//! loud note, unless `CI=true`, where that is a failure.

#![allow(dead_code)]

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use prfaq_store::{Config, DatabaseUrl, Store};
use sqlx::Connection;

/// Which database a contract test runs against.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Db {
    Sqlite,
    Postgres,
}

impl Db {
    pub fn other(self) -> Db {
        match self {
            Db::Sqlite => Db::Postgres,
            Db::Postgres => Db::Sqlite,
        }
    }
}

/// A fresh, empty database that is removed when dropped.
pub struct TestDb {
    pub kind: Db,
    /// The URL as text, for raw SQL in tests of the schema itself.
    pub raw_url: String,
    pub url: DatabaseUrl,
    dir: Option<tempfile::TempDir>,
    postgres: Option<(String, String)>,
}

const DEFAULT_ADMIN_URL: &str = "postgres://postgres@127.0.0.1:5432/test";

static NEXT: AtomicUsize = AtomicUsize::new(0);

fn admin_url() -> String {
    std::env::var("PRFAQ_TEST_POSTGRES_URL").unwrap_or_else(|_| DEFAULT_ADMIN_URL.to_string())
}

fn in_ci() -> bool {
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

impl TestDb {
    /// A new empty database, or `None` when PostgreSQL is unreachable outside CI.
    pub async fn new(kind: Db) -> Option<TestDb> {
        match kind {
            Db::Sqlite => {
                let dir = tempfile::tempdir().expect("a temporary folder");
                let path = dir.path().join("prfaq.db");
                Some(TestDb {
                    kind,
                    raw_url: format!("sqlite:{}", path.display()),
                    url: DatabaseUrl::sqlite(&path),
                    dir: Some(dir),
                    postgres: None,
                })
            }
            Db::Postgres => {
                let admin = admin_url();
                let mut conn = match sqlx::PgConnection::connect(&admin).await {
                    Ok(conn) => conn,
                    Err(error) => {
                        let shown = DatabaseUrl::parse(&admin)
                            .map(|url| url.to_string())
                            .unwrap_or_default();
                        if in_ci() {
                            panic!("CI=true but PostgreSQL is unreachable at {shown}: {error}");
                        }
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
                Some(TestDb {
                    kind,
                    url: DatabaseUrl::parse(&raw_url).expect("a valid URL"),
                    raw_url,
                    dir: None,
                    postgres: Some((admin, name)),
                })
            }
        }
    }

    /// Opens the store on this database (migrating it to the current schema).
    pub async fn open(&self) -> Arc<dyn Store> {
        prfaq_store::open(&self.url, &Config::default())
            .await
            .expect("the store opens")
    }

    /// A folder that lives as long as this database, for backup files.
    pub fn scratch(&self) -> std::path::PathBuf {
        match &self.dir {
            Some(dir) => dir.path().to_path_buf(),
            None => std::env::temp_dir(),
        }
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let Some((admin, name)) = self.postgres.take() else {
            return;
        };
        // Drop runs inside the test's runtime, which cannot block on itself: use a
        // thread with a runtime of its own.
        let dropped = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("a runtime");
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
            eprintln!("note: could not drop a test database; the next run removes it");
        }
    }
}

/// Drops test databases left by runs that were killed, recognised by a process id that
/// no longer runs.
async fn drop_stale_databases(conn: &mut sqlx::PgConnection) {
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

/// Runs one contract test against a fresh database of `kind`.
pub async fn run<F, Fut>(kind: Db, test: F)
where
    F: FnOnce(TestDb) -> Fut,
    Fut: Future<Output = ()>,
{
    if let Some(db) = TestDb::new(kind).await {
        test(db).await;
    }
}

/// Writes each contract test twice: `sqlite::name` and `postgres::name`.
macro_rules! contract {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
                async fn $name() {
                    crate::support::run(crate::support::Db::Sqlite, super::$name).await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
                async fn $name() {
                    crate::support::run(crate::support::Db::Postgres, super::$name).await;
                }
            )*
        }
    };
}
