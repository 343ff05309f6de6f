//! The one error type of the store. The web layer maps each variant to a status code:
//! `NotFound` to 404 (also for what the user may not see), `Forbidden` to 403, `Stale`
//! and `Conflict` to 409, `Duplicate` to 409 or a form error, `Invalid` to 400 or 422,
//! `Expired` to 410, `StorageFull` to 507, and the rest to 500.

use std::path::PathBuf;

/// Everything that can go wrong in the store.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// The thing does not exist, or the user may not know that it exists. The two are
    /// deliberately the same error.
    #[error("not found")]
    NotFound,

    /// The user is a member of the workspace but their role does not allow this.
    #[error("your role in this workspace does not allow this")]
    Forbidden,

    /// A save named a base revision that is no longer the newest. Nothing was written;
    /// `current` is the newest revision, so the caller can show what changed and keep
    /// the user's text.
    #[error("the document has changed: the newest revision is {current}")]
    Stale {
        /// The document's current revision number.
        current: i64,
    },

    /// Something unique already exists (an account with this email address).
    #[error("{0} already exists")]
    Duplicate(&'static str),

    /// The request contradicts the current state (removing the last owner, restoring
    /// into a database that is not empty).
    #[error("{0}")]
    Conflict(String),

    /// An invitation that has expired.
    #[error("this link has expired")]
    Expired,

    /// The input is not acceptable (an empty title, an unknown database URL scheme).
    #[error("{0}")]
    Invalid(String),

    /// The database was written by a newer prfaq that knows migrations this one does not.
    #[error(
        "the database has schema version {found}, newer than this prfaq knows ({known}); upgrade prfaq"
    )]
    SchemaTooNew {
        /// The newest migration applied to the database.
        found: i64,
        /// The newest migration this build knows.
        known: i64,
    },

    /// Applying migrations failed.
    #[error("database migration failed: {0}")]
    Migrate(#[source] sqlx::migrate::MigrateError),

    /// The database has no room left to write: its disk is full (SQLite `SQLITE_FULL`,
    /// PostgreSQL `disk_full`, SQLSTATE 53100). Nothing of the write was kept; the same
    /// write succeeds once space is freed, without a restart.
    #[error("the database's disk is full: {0}")]
    StorageFull(#[source] sqlx::Error),

    /// The database failed or could not be reached.
    #[error("database error: {0}")]
    Database(#[source] sqlx::Error),

    /// A backup file could not be written or read.
    #[error("backup file {}: {message}", path.display())]
    Backup {
        /// The backup file.
        path: PathBuf,
        /// What went wrong, with the line number when reading.
        message: String,
    },
}

/// The store's result type.
pub type Result<T, E = StoreError> = std::result::Result<T, E>;

impl From<sqlx::Error> for StoreError {
    fn from(error: sqlx::Error) -> Self {
        match error {
            sqlx::Error::RowNotFound => StoreError::NotFound,
            full if is_storage_full(&full) => StoreError::StorageFull(full),
            other => StoreError::Database(other),
        }
    }
}

impl From<sqlx::migrate::MigrateError> for StoreError {
    fn from(error: sqlx::migrate::MigrateError) -> Self {
        StoreError::Migrate(error)
    }
}

/// Whether a database error is a unique-constraint violation.
pub(crate) fn is_unique_violation(error: &sqlx::Error) -> bool {
    matches!(error, sqlx::Error::Database(db) if db.is_unique_violation())
}

/// The unique key of a workspace's feedback items by content key (PostgreSQL's name).
const CONTENT_KEY: &str = "feedback_items_workspace_id_content_key_key";

/// Whether a database error says that a feedback item's content key is already held
/// in its workspace.
pub(crate) fn is_held_content_key(error: &StoreError) -> bool {
    matches!(error, StoreError::Database(sqlx::Error::Database(db))
        if db.is_unique_violation() && db.constraint() == Some(CONTENT_KEY))
}

/// Whether a database error is a foreign-key violation: a row referred to was deleted.
pub(crate) fn is_foreign_key_violation(error: &StoreError) -> bool {
    matches!(error, StoreError::Database(sqlx::Error::Database(db)) if db.is_foreign_key_violation())
}

/// SQLite's primary result code for a full database or disk.
const SQLITE_FULL: i32 = 13;
/// PostgreSQL's SQLSTATE `disk_full`.
const PG_DISK_FULL: &str = "53100";

/// Whether a database error says the disk (or SQLite's page limit) is full. PostgreSQL's
/// out-of-memory (53200) is not counted: telling the operator to free disk space would
/// send them the wrong way, and it passes by itself.
pub(crate) fn is_storage_full(error: &sqlx::Error) -> bool {
    let sqlx::Error::Database(db) = error else {
        return false;
    };
    let Some(code) = db.code() else {
        return false;
    };
    if db.try_downcast_ref::<sqlx::sqlite::SqliteError>().is_some() {
        // SQLite reports the extended code; its low byte is the primary one.
        code.parse::<i32>()
            .is_ok_and(|code| code & 0xff == SQLITE_FULL)
    } else {
        code == PG_DISK_FULL
    }
}
