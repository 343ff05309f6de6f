//! Hooks for this crate's own contract suite, hidden from the documentation: building a
//! database at an old schema version (for the upgrade test) and listing the tables the
//! backup covers (to compare with the live schema). Not for other crates.

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
