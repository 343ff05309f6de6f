//! Fresh, throw-away databases for the contract suite: a SQLite file in a temporary
//! folder, or a PostgreSQL database of its own ([`PostgresScratch`]: made through the
//! admin URL in `PRFAQ_TEST_POSTGRES_URL` and dropped afterwards, even when the test
//! fails). When PostgreSQL cannot be reached the PostgreSQL half is skipped with a loud
//! note, unless `CI=true`, where that is a failure.

#![allow(dead_code)]

use std::future::Future;
use std::sync::Arc;

use prfaq_store::testing::PostgresScratch;
use prfaq_store::{Config, DatabaseUrl, Store};

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
    _postgres: Option<PostgresScratch>,
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
                    _postgres: None,
                })
            }
            Db::Postgres => {
                let scratch = PostgresScratch::create().await?;
                Some(TestDb {
                    kind,
                    raw_url: scratch.raw_url().to_owned(),
                    url: scratch.url().clone(),
                    dir: None,
                    _postgres: Some(scratch),
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
