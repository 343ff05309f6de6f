//! Storage for the prfaq workspace: users, sessions, workspaces and their members,
//! invitations, personal access tokens, documents and their append-only revisions.
//!
//! One trait, [`Store`], with one implementation per database: [`SqliteStore`] (an
//! embedded file, the default) and [`PostgresStore`] (a shared server for teams). The
//! database is chosen from the `--database` value by [`DatabaseUrl::parse`]: a plain
//! path or `sqlite:PATH` is SQLite, `postgres://…` or `postgresql://…` is PostgreSQL.
//! [`open`] connects and runs that database's own versioned, forward-only migrations
//! (embedded in the binary; a database migrated by a newer prfaq is refused with
//! [`StoreError::SchemaTooNew`]). Only this crate speaks SQL.
//!
//! # Decisions the callers rely on
//!
//! - **The store checks access.** Every method on workspace content takes the acting
//!   user and checks membership and role in the same query that finds the row. Content
//!   of a workspace the user does not belong to is [`StoreError::NotFound`], the same
//!   error as for an id that never existed, so a stranger cannot even learn that a
//!   document exists. Ids are random, so they reveal no counts either.
//! - **Saves never overwrite.** [`Store::save_revision`] takes the revision the text was
//!   edited from; if another save got there first the result is [`StoreError::Stale`]
//!   with the current revision, and nothing is written. The check and the append happen
//!   in one transaction holding the document's write lock (SQLite: `BEGIN IMMEDIATE`;
//!   PostgreSQL: `SELECT … FOR UPDATE`), and the primary key (document, number) backs
//!   it up. Revisions cannot be updated or deleted: triggers refuse it.
//! - **Secrets are stored hashed.** The store makes session, invitation and token
//!   secrets itself, returns each once as a [`Secret`] and keeps only its SHA-256.
//!   Password hashing (argon2) is the web layer's job; the store keeps the PHC string.
//!   `Debug` of [`Secret`], [`PasswordHash`], [`DatabaseUrl`] and the stores never shows
//!   a secret, a hash or a database password.
//! - **Sign-in rate limiting is stored here**, in `sign_in_failures`, so that it holds
//!   across restarts and across several server processes; the web layer decides the
//!   limits and calls [`Store::record_sign_in_failure`] and [`Store::sign_in_failures`].
//! - **Backups are portable.** [`Store::backup`] writes every table as JSON lines from
//!   one consistent snapshot while the server runs; [`Store::restore`] loads such a
//!   file, from either database, into an empty one.
//! - **Times are Unix epoch milliseconds** ([`Millis`]) taken from the application's
//!   clock, and every column is an integer or text, so both databases hold the same
//!   values.
//!
//! PostgreSQL connections are made without TLS (the `tls-*` features of sqlx are off to
//! keep the build small); use a local server, a private network or a TLS tunnel.

mod backup;
mod error;
mod front_matter;
mod model;
mod secret;
mod sql;
mod store;
mod url;

#[cfg(feature = "testing")]
pub mod testing;

use std::sync::Arc;
use std::time::Duration;

pub use error::{Result, StoreError};
pub use model::*;
pub use secret::{Secret, SecretsKey};
pub use sql::postgres::PostgresStore;
pub use sql::sqlite::SqliteStore;
pub use store::Store;
pub use url::{DatabaseUrl, PostgresUrl};

/// Connection settings; the defaults suit `prfaq serve` on a small machine.
#[derive(Clone, Debug)]
pub struct Config {
    /// The most connections the pool opens. SQLite serializes writers anyway; more
    /// connections let more readers run at once. PostgreSQL's save and page-read lanes
    /// open theirs besides: twice and half as many.
    pub max_connections: u32,
    /// How long a request waits for a free connection before it fails.
    pub acquire_timeout: Duration,
    /// SQLite only: how long a writer waits for the write lock before it fails.
    pub busy_timeout: Duration,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            max_connections: 8,
            acquire_timeout: Duration::from_secs(30),
            busy_timeout: Duration::from_secs(30),
        }
    }
}

/// Opens the database `url` names, migrates it to the current schema and returns it as
/// the shared store the web layer holds.
pub async fn open(url: &DatabaseUrl, config: &Config) -> Result<Arc<dyn Store>> {
    Ok(match url {
        DatabaseUrl::Sqlite(path) => Arc::new(SqliteStore::open(path, config).await?),
        DatabaseUrl::Postgres(url) => Arc::new(PostgresStore::open(url, config).await?),
    })
}
