//! The one error type of the store. The web layer maps each variant to a status code:
//! `NotFound` to 404 (also for what the user may not see), `Forbidden` to 403, `Stale`
//! and `Conflict` to 409, `Duplicate` to 409 or a form error, `Invalid` to 400 or 422,
//! `Expired` to 410, and the rest to 500.

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
