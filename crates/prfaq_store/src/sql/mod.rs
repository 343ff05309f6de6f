//! The two SQL back ends and what they share.
//!
//! [`SqliteStore`](sqlite::SqliteStore) and [`PostgresStore`](postgres::PostgresStore)
//! are separate types with their own pools, connection settings, migrations and
//! locking statements. Each implements [`Backend`](backend::Backend): a handful of
//! primitives (read, write, begin a write transaction or a snapshot, a save's one
//! statement, the busiest reads). Everything else is written once, as functions generic
//! over that trait (`accounts`, `workspaces`, `documents`, `dump`), running the same SQL
//! (`queries`) and reading rows by column name (`rows`); `store` implements
//! [`Store`](crate::Store) for every back end on top of them, with a tracing span per
//! method. That keeps the two databases from drifting apart, which the contract suite
//! checks from the outside.
//!
//! Both back ends build their pools with `test_before_acquire(false)`: sqlx's pool already
//! checks a connection with a round trip when it comes back (and drops it when that
//! fails), so a second check when it is handed out again would only add a round trip to
//! every query.

pub(crate) mod accounts;
pub(crate) mod backend;
pub(crate) mod checkpoint;
pub(crate) mod documents;
pub(crate) mod dump;
pub(crate) mod evidence;
mod evidence_links;
mod evidence_search;
pub(crate) mod group;
pub(crate) mod lane;
pub(crate) mod outcomes;
pub(crate) mod postgres;
pub(crate) mod queries;
pub(crate) mod reviews;
pub(crate) mod rows;
pub(crate) mod sqlite;
mod store;
pub(crate) mod workspaces;

use std::borrow::Cow;

use sqlx::migrate::{MigrateError, Migration, MigrationType, Migrator};

use crate::model::Role;
use crate::{Result, StoreError};

/// The schema version of this build: the newest migration of both databases.
pub(crate) const LATEST_SCHEMA: i64 = 14;

/// A save as its one statement binds it ([`queries::SAVE_REVISION`], `$1` to `$6` in
/// this order): each back end's `insert_revision` takes it.
pub(crate) struct NewRevision {
    pub document: i64,
    pub base: Option<i64>,
    pub body: String,
    pub author: i64,
    pub note: String,
    pub created_at: i64,
}

/// A written revision's number and its author's name, as a save's statement returns them.
pub(crate) type Saved = (i64, String);

/// What a back end's save wrote: the number and author's name, and the document as the
/// save left it with the author's role when the same round trip could read it
/// (PostgreSQL; SQLite reads it after the group commit).
pub(crate) struct Written {
    pub saved: Saved,
    pub document: Option<(crate::model::Document, Role)>,
}

/// A document locked for writing: its newest revision, and the name of the member who
/// holds the lock (the author of what is written next).
pub(crate) struct Locked {
    pub current: i64,
    pub actor_name: String,
}

/// A versioned, forward-only migration: `(version, description, SQL)`.
pub(crate) type MigrationFile = (i64, &'static str, &'static str);

/// Builds a migrator for one database's migrations, optionally stopping at a version.
pub(crate) fn migrator(files: &'static [MigrationFile]) -> Migrator {
    let migrations = files
        .iter()
        .map(|&(version, description, sql)| {
            Migration::new(
                version,
                Cow::Borrowed(description),
                MigrationType::Simple,
                sqlx::SqlSafeStr::into_sql_str(sql),
                false,
            )
        })
        .collect();
    // Migrations are embedded in the binary, so a database that has a version this
    // build does not know was migrated by a newer prfaq: refuse it (`ignore_missing`
    // stays false) rather than run old code on a newer schema.
    Migrator::with_migrations(migrations)
}

/// Turns the migrator's "applied but unknown" into the error a user can act on.
pub(crate) fn migrate_error(error: MigrateError) -> StoreError {
    match error {
        MigrateError::VersionMissing(found) => StoreError::SchemaTooNew {
            found,
            known: LATEST_SCHEMA,
        },
        other => StoreError::Migrate(other),
    }
}

/// Maps a failed insert or update: unique violations are duplicates, broken references
/// point at something that does not exist.
pub(crate) fn write_error(error: sqlx::Error, what: &'static str) -> StoreError {
    match &error {
        sqlx::Error::Database(db) if db.is_unique_violation() => StoreError::Duplicate(what),
        sqlx::Error::Database(db) if db.is_foreign_key_violation() => StoreError::NotFound,
        _ => StoreError::from(error),
    }
}

/// The case-insensitive key of an email address.
pub(crate) fn email_key(email: &str) -> String {
    email.trim().to_lowercase()
}

/// A plausible email address: something@something, no spaces, at most 320 bytes. The
/// invitation link proves it is real; this only catches typing mistakes.
pub(crate) fn valid_email(email: &str) -> Result<&str> {
    let email = email.trim();
    let plausible = email.len() <= 320
        && !email.chars().any(|c| c.is_whitespace() || c.is_control())
        && matches!(email.split_once('@'), Some((local, domain)) if !local.is_empty() && !domain.is_empty());
    if plausible {
        Ok(email)
    } else {
        Err(StoreError::Invalid(format!(
            "`{email}` is not an email address"
        )))
    }
}

/// A name or title: trimmed, not empty, no control characters, at most `max` characters.
pub(crate) fn valid_text<'a>(text: &'a str, what: &str, max: usize) -> Result<&'a str> {
    let text = text.trim();
    if text.is_empty() {
        return Err(StoreError::Invalid(format!("the {what} is empty")));
    }
    if text.chars().count() > max {
        return Err(StoreError::Invalid(format!(
            "the {what} is longer than {max} characters"
        )));
    }
    if text.chars().any(char::is_control) {
        return Err(StoreError::Invalid(format!(
            "the {what} contains a control character"
        )));
    }
    Ok(text)
}

/// Document text and notes may hold anything but NUL, which PostgreSQL cannot store in
/// text: refusing it on both databases keeps them interchangeable.
pub(crate) fn valid_body<'a>(text: &'a str, what: &str) -> Result<&'a str> {
    if text.contains('\0') {
        return Err(StoreError::Invalid(format!(
            "the {what} contains a NUL character"
        )));
    }
    Ok(text)
}

/// A rate-limiting key (email address or client address) that any database can store.
pub(crate) fn limiter_key(text: &str) -> String {
    email_key(text).replace('\0', "\u{fffd}")
}

/// Refuses unless `role` allows the action: non-members (`None`) learn nothing.
pub(crate) fn require(role: Option<Role>, allowed: fn(Role) -> bool) -> Result<Role> {
    match role {
        None => Err(StoreError::NotFound),
        Some(role) if allowed(role) => Ok(role),
        Some(_) => Err(StoreError::Forbidden),
    }
}

/// The current time in milliseconds, strictly later than every earlier answer in this
/// process: review events are ordered by time, and two in the same millisecond must
/// still have an order.
pub(crate) fn tick() -> crate::model::Millis {
    use std::sync::atomic::{AtomicI64, Ordering};
    static LAST: AtomicI64 = AtomicI64::new(0);
    let now = crate::model::now_millis();
    let mut last = LAST.load(Ordering::Relaxed);
    loop {
        let next = now.max(last + 1);
        match LAST.compare_exchange_weak(last, next, Ordering::Relaxed, Ordering::Relaxed) {
            Ok(_) => return next,
            Err(seen) => last = seen,
        }
    }
}

/// How often `last_seen_at` and `last_used_at` are refreshed: reads stay reads.
pub(crate) const TOUCH_INTERVAL_MS: i64 = 60_000;

/// The longest title and name, in characters.
pub(crate) const MAX_TITLE: usize = 300;
pub(crate) const MAX_NAME: usize = 120;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_databases_have_the_same_numbered_migrations() {
        let versions = |files: &[MigrationFile]| -> Vec<(i64, &str)> {
            files.iter().map(|&(v, d, _)| (v, d)).collect()
        };
        assert_eq!(versions(sqlite::MIGRATIONS), versions(postgres::MIGRATIONS));
        let numbers: Vec<i64> = sqlite::MIGRATIONS.iter().map(|m| m.0).collect();
        let expected: Vec<i64> = (1..=LATEST_SCHEMA).collect();
        assert_eq!(
            numbers, expected,
            "migrations are numbered 1, 2, 3, … without gaps, the newest the schema version"
        );
        assert_eq!(numbers.last(), Some(&LATEST_SCHEMA));
    }

    #[test]
    fn input_checks() {
        assert!(valid_email("dana@example.com").is_ok());
        for bad in ["", "dana", "@example.com", "dana@", "da na@example.com"] {
            assert!(valid_email(bad).is_err(), "{bad:?}");
        }
        assert_eq!(
            valid_text("  Quick Reorder ", "title", 300).ok(),
            Some("Quick Reorder")
        );
        assert!(valid_text("   ", "title", 300).is_err());
        assert!(valid_text("a\u{0}b", "title", 300).is_err());
        assert!(valid_text(&"x".repeat(301), "title", 300).is_err());
        assert_eq!(email_key(" Dana@Example.COM "), "dana@example.com");
    }
}
