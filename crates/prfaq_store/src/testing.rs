//! Hooks for tests, hidden from the documentation: building a database at an old schema
//! version (for the upgrade test), listing the tables the backup covers (to compare with
//! the live schema), and filling a SQLite database as a full disk would (for the tests
//! of writes refused for want of space, here and in the web layer). Not for production
//! code.

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
