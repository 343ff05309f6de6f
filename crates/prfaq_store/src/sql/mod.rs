//! The two SQL back ends and what they share.
//!
//! [`SqliteStore`](sqlite::SqliteStore) and [`PostgresStore`](postgres::PostgresStore)
//! are separate types with their own pools, connection settings, migrations and
//! locking statements, but they run the same SQL (`queries.rs`) through the same method
//! bodies: `impl_store!` below writes the [`Store`](crate::Store) implementation once
//! and is expanded once per database. That keeps the two from drifting apart, which
//! the contract suite checks from the outside.
//!
//! The macro needs from each back end: a `pool` field (reads), a `writer` field (writes
//! outside a transaction), `insert_revision` (a save's one statement, see
//! `queries::SAVE_REVISION`), `fetch_hot` (the busiest reads, and a refused save's report:
//! PostgreSQL runs them on connections of their own, see `lane`), `begin_write` (a transaction
//! that holds the write lock, so check-then-write is race-free), `begin_snapshot` (a
//! consistent read-only view for backups), the constants `LOCK_DOCUMENT` and
//! `LOCK_WORKSPACE`, and `BACKEND`.
//!
//! Both back ends build their pools with `test_before_acquire(false)`: sqlx's pool already
//! checks a connection with a round trip when it comes back (and drops it when that
//! fails), so a second check when it is handed out again would only add a round trip to
//! every query.

pub(crate) mod group;
pub(crate) mod lane;
pub(crate) mod postgres;
pub(crate) mod queries;
pub(crate) mod sqlite;

use std::borrow::Cow;

use sqlx::migrate::{MigrateError, Migration, MigrationType, Migrator};

use crate::model::Role;
use crate::{Result, StoreError};

/// The schema version of this build: the newest migration of both databases.
pub(crate) const LATEST_SCHEMA: i64 = 4;

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

/// How often `last_seen_at` and `last_used_at` are refreshed: reads stay reads.
pub(crate) const TOUCH_INTERVAL_MS: i64 = 60_000;

/// The longest title and name, in characters.
pub(crate) const MAX_TITLE: usize = 300;
pub(crate) const MAX_NAME: usize = 120;

/// The one implementation of [`crate::Store`], expanded per database.
macro_rules! impl_store {
    ($store:ident, $db:ty, $row:ty) => {
        /// The shared [`Store`](crate::Store) implementation, expanded for this database.
        mod shared {
            use std::path::Path;

            use super::{BACKEND, LOCK_DOCUMENT, LOCK_WORKSPACE, $store};

            use async_trait::async_trait;
            use serde_json::Value;
            use sqlx::{AssertSqlSafe, Row};

            use crate::backup::{self, Dump, Kind, TABLES};
            use crate::model::*;
            use crate::secret::{Secret, hash_secret, random_id};
            use crate::sql::queries as q;
            use crate::sql::{
                LATEST_SCHEMA, Locked, MAX_NAME, MAX_TITLE, NewRevision, TOUCH_INTERVAL_MS,
                email_key, limiter_key, require, valid_body, valid_email, valid_text, write_error,
            };
            use crate::{Result, Store, StoreError};

            type Tx = sqlx::Transaction<'static, $db>;

            pub(super) fn role_from(text: String) -> Result<Role> {
                text.parse()
            }

            fn user_from_row(row: &$row) -> Result<User> {
                user_at(row, 0)
            }

            /// A user from the four columns starting at `at`, for queries that join it.
            fn user_at(row: &$row, at: usize) -> Result<User> {
                Ok(User {
                    id: UserId(row.try_get(at)?),
                    email: row.try_get(at + 1)?,
                    display_name: row.try_get(at + 2)?,
                    created_at: row.try_get(at + 3)?,
                })
            }

            fn session_from_row(row: &$row) -> Result<Session> {
                Ok(Session {
                    user: UserId(row.try_get(0)?),
                    created_at: row.try_get(1)?,
                    expires_at: row.try_get(2)?,
                    last_seen_at: row.try_get(3)?,
                })
            }

            fn workspace_from_row(row: &$row) -> Result<(Workspace, Role)> {
                workspace_at(row, 0)
            }

            /// A workspace and the actor's role from the four columns starting at `at`.
            fn workspace_at(row: &$row, at: usize) -> Result<(Workspace, Role)> {
                Ok((
                    Workspace {
                        id: WorkspaceId(row.try_get(at)?),
                        name: row.try_get(at + 1)?,
                        created_at: row.try_get(at + 2)?,
                    },
                    role_from(row.try_get(at + 3)?)?,
                ))
            }

            fn invitation_from_row(row: &$row) -> Result<(Invitation, String)> {
                Ok((
                    Invitation {
                        id: InvitationId(row.try_get(0)?),
                        workspace: WorkspaceId(row.try_get(1)?),
                        workspace_name: row.try_get(2)?,
                        email: row.try_get(3)?,
                        role: role_from(row.try_get(4)?)?,
                        invited_by: UserId(row.try_get(5)?),
                        created_at: row.try_get(6)?,
                        expires_at: row.try_get(7)?,
                        accepted_at: row.try_get(8)?,
                    },
                    row.try_get(9)?,
                ))
            }

            fn token_from_row(row: &$row) -> Result<ApiToken> {
                let scope: String = row.try_get(3)?;
                Ok(ApiToken {
                    id: TokenId(row.try_get(0)?),
                    user: UserId(row.try_get(1)?),
                    name: row.try_get(2)?,
                    scope: scope.parse()?,
                    created_at: row.try_get(4)?,
                    last_used_at: row.try_get(5)?,
                    revoked_at: row.try_get(6)?,
                })
            }

            /// How many columns `document_columns!` selects; what a query joins follows.
            pub(super) const DOCUMENT_COLUMNS: usize = 10;

            fn document_from_row(row: &$row) -> Result<Document> {
                document_from_row_at(row, 0)
            }

            /// A document from the columns of `document_columns!` starting at `at`.
            pub(super) fn document_from_row_at(row: &$row, at: usize) -> Result<Document> {
                let status: String = row.try_get(at + 3)?;
                Ok(Document {
                    id: DocumentId(row.try_get(at)?),
                    workspace: WorkspaceId(row.try_get(at + 1)?),
                    title: row.try_get(at + 2)?,
                    status: status.parse()?,
                    archived_at: row.try_get(at + 4)?,
                    created_by: UserId(row.try_get(at + 5)?),
                    created_by_name: row.try_get(at + 6)?,
                    created_at: row.try_get(at + 7)?,
                    updated_at: row.try_get(at + 8)?,
                    current_revision: row.try_get(at + 9)?,
                })
            }

            fn revision_meta_from_row(row: &$row) -> Result<RevisionMeta> {
                revision_meta_at(row, 0)
            }

            /// Revision metadata from the seven columns starting at `at`.
            fn revision_meta_at(row: &$row, at: usize) -> Result<RevisionMeta> {
                Ok(RevisionMeta {
                    document: DocumentId(row.try_get(at)?),
                    number: row.try_get(at + 1)?,
                    author: UserId(row.try_get(at + 2)?),
                    author_name: row.try_get(at + 3)?,
                    note: row.try_get(at + 4)?,
                    created_at: row.try_get(at + 5)?,
                    size: row.try_get(at + 6)?,
                })
            }

            fn revision_from_row(row: &$row) -> Result<Revision> {
                revision_at(row, 0)
            }

            /// A revision with its text from the eight columns starting at `at`.
            fn revision_at(row: &$row, at: usize) -> Result<Revision> {
                Ok(Revision {
                    meta: revision_meta_at(row, at)?,
                    body: row.try_get(at + 7)?,
                })
            }

            impl $store {
                /// Records that a session was used, at most once a minute, so that reads
                /// stay reads. Best effort: when the write is refused (a full disk), the
                /// request is served all the same and the time is recorded next time.
                async fn touch_session(&self, hash: &str, now: i64, session: &mut Session) {
                    if now - session.last_seen_at < TOUCH_INTERVAL_MS {
                        return;
                    }
                    let touched = sqlx::query(q::TOUCH_SESSION)
                        .bind(hash)
                        .bind(now)
                        .execute(&self.writer)
                        .await;
                    match touched {
                        Ok(_) => session.last_seen_at = now,
                        Err(error) => tracing::warn!(
                            error = %StoreError::from(error),
                            "could not record when a session was last used; serving the request anyway"
                        ),
                    }
                }

                async fn role_in(
                    tx: &mut Tx,
                    user: UserId,
                    workspace: WorkspaceId,
                ) -> Result<Option<Role>> {
                    let role: Option<String> = sqlx::query_scalar(q::ROLE_OF)
                        .bind(workspace.0)
                        .bind(user.0)
                        .fetch_optional(&mut **tx)
                        .await?;
                    role.map(role_from).transpose()
                }

                /// Takes the workspace's write lock (PostgreSQL: its row) so that membership
                /// changes are serialized and the last owner cannot be lost to a race.
                async fn lock_workspace(tx: &mut Tx, workspace: WorkspaceId) -> Result<()> {
                    sqlx::query(LOCK_WORKSPACE)
                        .bind(workspace.0)
                        .fetch_optional(&mut **tx)
                        .await?;
                    Ok(())
                }

                /// Locks a document for writing and returns its current revision and the
                /// actor's role, refusing unless `allowed(role)`.
                async fn lock_document(
                    tx: &mut Tx,
                    actor: UserId,
                    id: DocumentId,
                    allowed: fn(Role) -> bool,
                ) -> Result<Locked> {
                    let row = sqlx::query(LOCK_DOCUMENT)
                        .bind(id.0)
                        .bind(actor.0)
                        .fetch_optional(&mut **tx)
                        .await?;
                    let Some(row) = row else {
                        return Err(StoreError::NotFound);
                    };
                    let current: i64 = row.try_get(0)?;
                    require(Some(role_from(row.try_get(1)?)?), allowed)?;
                    Ok(Locked {
                        current,
                        actor_name: row.try_get(2)?,
                    })
                }

                async fn document_in(
                    tx: &mut Tx,
                    actor: UserId,
                    id: DocumentId,
                ) -> Result<Document> {
                    let row = sqlx::query(q::DOCUMENT_FOR_MEMBER)
                        .bind(id.0)
                        .bind(actor.0)
                        .fetch_optional(&mut **tx)
                        .await?
                        .ok_or(StoreError::NotFound)?;
                    document_from_row(&row)
                }

                /// Appends revision `current + 1` after checking `base`; the caller holds
                /// the document's lock, so nobody else can append in between.
                async fn append_revision(
                    tx: &mut Tx,
                    actor: UserId,
                    document: DocumentId,
                    locked: Locked,
                    save: SaveRevision<'_>,
                ) -> Result<RevisionMeta> {
                    let current = locked.current;
                    if let Some(base) = save.base
                        && base != current
                    {
                        return Err(StoreError::Stale { current });
                    }
                    let body = valid_body(save.body, "text")?;
                    let note = valid_body(save.note.trim(), "note")?;
                    let number = current + 1;
                    let now = now_millis();
                    let inserted = sqlx::query(q::INSERT_REVISION)
                        .bind(document.0)
                        .bind(number)
                        .bind(body)
                        .bind(actor.0)
                        .bind(note)
                        .bind(now)
                        .execute(&mut **tx)
                        .await;
                    match inserted {
                        Ok(_) => {}
                        // The primary key (document, number) is the last line of defence:
                        // if two saves ever got past the lock, the second is stale.
                        Err(error) if crate::error::is_unique_violation(&error) => {
                            return Err(StoreError::Stale { current: number });
                        }
                        Err(error) => return Err(error.into()),
                    }
                    Ok(RevisionMeta {
                        document,
                        number,
                        author: actor,
                        author_name: locked.actor_name,
                        note: note.to_string(),
                        created_at: now,
                        size: body.len() as i64,
                    })
                }

                /// A save's one statement: the new revision, with the document as it
                /// left it when the back end read that in the same round trip; `None`
                /// when the checks refused it (the caller asks why).
                async fn write_revision(
                    &self,
                    actor: UserId,
                    document: DocumentId,
                    save: SaveRevision<'_>,
                ) -> Result<Option<(RevisionMeta, Option<(Document, Role)>)>> {
                    let body = valid_body(save.body, "text")?;
                    let note = valid_body(save.note.trim(), "note")?;
                    let now = now_millis();
                    // One statement checks the role and the base and writes, so nothing
                    // is written unless all holds (SQLite groups concurrent saves into one
                    // commit; see `group`).
                    let written = self
                        .insert_revision(NewRevision {
                            document: document.0,
                            base: save.base,
                            body: body.to_owned(),
                            author: actor.0,
                            note: note.to_owned(),
                            created_at: now,
                        })
                        .await;
                    let written = match written {
                        Ok(Some(written)) => written,
                        // The primary key (document, number) is the last line of defence:
                        // a save that raced another past the check is stale.
                        Ok(None) => return Ok(None),
                        Err(error) if crate::error::is_unique_violation(&error) => {
                            return Ok(None);
                        }
                        Err(error) => return Err(error.into()),
                    };
                    let (number, author_name) = written.saved;
                    let meta = RevisionMeta {
                        document,
                        number,
                        author: actor,
                        author_name,
                        note: note.to_string(),
                        created_at: now,
                        size: body.len() as i64,
                    };
                    Ok(Some((meta, written.document)))
                }

                /// Why a refused save wrote nothing, with what changed since its base,
                /// in one query: [`StoreError::NotFound`] or [`StoreError::Forbidden`], or
                /// the newest revision and the base's text.
                async fn stale_report(
                    &self,
                    actor: UserId,
                    document: DocumentId,
                    base: Option<i64>,
                ) -> Result<Submitted> {
                    let statement = sqlx::query(q::STALE_REPORT)
                        .bind(document.0)
                        .bind(actor.0)
                        .bind(base);
                    let row = self
                        .fetch_hot(statement, true)
                        .await?
                        .ok_or(StoreError::NotFound)?;
                    if !role_from(row.try_get(0)?)?.can_edit() {
                        return Err(StoreError::Forbidden);
                    }
                    Ok(Submitted::Stale {
                        latest: revision_at(&row, 1)?,
                        base_text: row.try_get(9)?,
                    })
                }

                /// Why a save wrote nothing: the document is unknown to the caller, their
                /// role does not allow editing, or the text was edited from an older
                /// revision than the newest.
                async fn why_not_saved(&self, actor: UserId, document: DocumentId) -> StoreError {
                    let row = sqlx::query(q::REVISION_AND_ROLE)
                        .bind(document.0)
                        .bind(actor.0)
                        .fetch_optional(&self.pool)
                        .await;
                    let row = match row {
                        Ok(Some(row)) => row,
                        Ok(None) => return StoreError::NotFound,
                        Err(error) => return error.into(),
                    };
                    let read = || -> Result<(i64, Role)> {
                        Ok((row.try_get(0)?, role_from(row.try_get(1)?)?))
                    };
                    match read() {
                        Ok((_, role)) if !role.can_edit() => StoreError::Forbidden,
                        Ok((current, _)) => StoreError::Stale { current },
                        Err(error) => error,
                    }
                }

                /// Locks a document, checks the role, runs one metadata update and returns
                /// the document as it now is.
                async fn update_document(
                    &self,
                    actor: UserId,
                    id: DocumentId,
                    allowed: fn(Role) -> bool,
                    update: sqlx::query::Query<'static, $db, <$db as sqlx::Database>::Arguments>,
                ) -> Result<Document> {
                    let mut tx = self.begin_write().await?;
                    Self::lock_document(&mut tx, actor, id, allowed).await?;
                    update.execute(&mut *tx).await?;
                    let document = Self::document_in(&mut tx, actor, id).await?;
                    tx.commit().await?;
                    Ok(document)
                }
            }

            #[async_trait]
            impl Store for $store {
                fn backend(&self) -> Backend {
                    BACKEND
                }

                fn schema_version(&self) -> i64 {
                    LATEST_SCHEMA
                }

                async fn close(&self) {
                    self.pool.close().await;
                    self.writer.close().await;
                }

                async fn user_count(&self) -> Result<i64> {
                    Ok(sqlx::query_scalar(q::COUNT_USERS)
                        .fetch_one(&self.pool)
                        .await?)
                }

                async fn create_user(&self, new: NewUser<'_>) -> Result<User> {
                    let email = valid_email(new.email)?;
                    let display_name = valid_text(new.display_name, "display name", MAX_NAME)?;
                    if valid_body(new.password_hash, "password hash")?.is_empty() {
                        return Err(StoreError::Invalid("the password hash is empty".into()));
                    }
                    let user = User {
                        id: UserId(random_id()?),
                        email: email.to_string(),
                        display_name: display_name.to_string(),
                        created_at: now_millis(),
                    };
                    sqlx::query(q::INSERT_USER)
                        .bind(user.id.0)
                        .bind(&user.email)
                        .bind(email_key(email))
                        .bind(&user.display_name)
                        .bind(new.password_hash)
                        .bind(user.created_at)
                        .execute(&self.writer)
                        .await
                        .map_err(|error| {
                            write_error(error, "an account with this email address")
                        })?;
                    Ok(user)
                }

                async fn user(&self, id: UserId) -> Result<User> {
                    let row = sqlx::query(q::USER_BY_ID)
                        .bind(id.0)
                        .fetch_optional(&self.pool)
                        .await?
                        .ok_or(StoreError::NotFound)?;
                    user_from_row(&row)
                }

                async fn credentials(&self, email: &str) -> Result<(User, PasswordHash)> {
                    if email.contains('\0') {
                        return Err(StoreError::NotFound);
                    }
                    let row = sqlx::query(q::CREDENTIALS)
                        .bind(email_key(email))
                        .fetch_optional(&self.pool)
                        .await?
                        .ok_or(StoreError::NotFound)?;
                    Ok((user_from_row(&row)?, PasswordHash(row.try_get(4)?)))
                }

                async fn set_password_hash(&self, user: UserId, password_hash: &str) -> Result<()> {
                    if valid_body(password_hash, "password hash")?.is_empty() {
                        return Err(StoreError::Invalid("the password hash is empty".into()));
                    }
                    let done = sqlx::query(q::SET_PASSWORD_HASH)
                        .bind(user.0)
                        .bind(password_hash)
                        .execute(&self.writer)
                        .await?;
                    if done.rows_affected() == 0 {
                        return Err(StoreError::NotFound);
                    }
                    Ok(())
                }

                async fn create_session(&self, user: UserId, expires_at: Millis) -> Result<Secret> {
                    let secret = Secret::generate("")?;
                    let now = now_millis();
                    sqlx::query(q::INSERT_SESSION)
                        .bind(secret.hash())
                        .bind(user.0)
                        .bind(now)
                        .bind(expires_at)
                        .bind(now)
                        .execute(&self.writer)
                        .await
                        .map_err(|error| write_error(error, "a session"))?;
                    Ok(secret)
                }

                async fn session_user(&self, secret: &str) -> Result<(Session, User)> {
                    let hash = hash_secret(secret);
                    let now = now_millis();
                    let row = sqlx::query(q::SESSION_USER_BY_HASH)
                        .bind(&hash)
                        .bind(now)
                        .fetch_optional(&self.pool)
                        .await?
                        .ok_or(StoreError::NotFound)?;
                    let mut session = session_from_row(&row)?;
                    let user = user_at(&row, 4)?;
                    self.touch_session(&hash, now, &mut session).await;
                    Ok((session, user))
                }

                async fn session(&self, secret: &str) -> Result<Session> {
                    let hash = hash_secret(secret);
                    let now = now_millis();
                    let row = sqlx::query(q::SESSION_BY_HASH)
                        .bind(&hash)
                        .bind(now)
                        .fetch_optional(&self.pool)
                        .await?
                        .ok_or(StoreError::NotFound)?;
                    let mut session = session_from_row(&row)?;
                    self.touch_session(&hash, now, &mut session).await;
                    Ok(session)
                }

                async fn delete_session(&self, secret: &str) -> Result<()> {
                    sqlx::query(q::DELETE_SESSION)
                        .bind(hash_secret(secret))
                        .execute(&self.writer)
                        .await?;
                    Ok(())
                }

                async fn delete_user_sessions(&self, user: UserId) -> Result<u64> {
                    let done = sqlx::query(q::DELETE_USER_SESSIONS)
                        .bind(user.0)
                        .execute(&self.writer)
                        .await?;
                    Ok(done.rows_affected())
                }

                async fn purge_expired_sessions(&self) -> Result<u64> {
                    let done = sqlx::query(q::PURGE_SESSIONS)
                        .bind(now_millis())
                        .execute(&self.writer)
                        .await?;
                    Ok(done.rows_affected())
                }

                async fn record_sign_in_failure(&self, email: &str, address: &str) -> Result<()> {
                    sqlx::query(q::INSERT_SIGN_IN_FAILURE)
                        .bind(random_id()?)
                        .bind(limiter_key(email))
                        .bind(limiter_key(address))
                        .bind(now_millis())
                        .execute(&self.writer)
                        .await?;
                    Ok(())
                }

                async fn sign_in_failures(
                    &self,
                    email: &str,
                    address: &str,
                    since: Millis,
                ) -> Result<SignInFailures> {
                    let row = sqlx::query(q::COUNT_SIGN_IN_FAILURES)
                        .bind(limiter_key(email))
                        .bind(limiter_key(address))
                        .bind(since)
                        .fetch_one(&self.pool)
                        .await?;
                    Ok(SignInFailures {
                        pair: row.try_get(0)?,
                        pair_last: row.try_get(1)?,
                        address: row.try_get(2)?,
                        address_last: row.try_get(3)?,
                    })
                }

                async fn clear_sign_in_failures(&self, email: &str, address: &str) -> Result<()> {
                    sqlx::query(q::CLEAR_SIGN_IN_FAILURES)
                        .bind(limiter_key(email))
                        .bind(limiter_key(address))
                        .execute(&self.writer)
                        .await?;
                    Ok(())
                }

                async fn purge_sign_in_failures(&self, before: Millis) -> Result<u64> {
                    let done = sqlx::query(q::PURGE_SIGN_IN_FAILURES)
                        .bind(before)
                        .execute(&self.writer)
                        .await?;
                    Ok(done.rows_affected())
                }

                async fn create_workspace(&self, owner: UserId, name: &str) -> Result<Workspace> {
                    let name = valid_text(name, "workspace name", MAX_NAME)?;
                    let workspace = Workspace {
                        id: WorkspaceId(random_id()?),
                        name: name.to_string(),
                        created_at: now_millis(),
                    };
                    let mut tx = self.begin_write().await?;
                    sqlx::query(q::INSERT_WORKSPACE)
                        .bind(workspace.id.0)
                        .bind(&workspace.name)
                        .bind(workspace.created_at)
                        .execute(&mut *tx)
                        .await
                        .map_err(|error| write_error(error, "a workspace"))?;
                    sqlx::query(q::INSERT_MEMBERSHIP)
                        .bind(workspace.id.0)
                        .bind(owner.0)
                        .bind(Role::Owner.as_str())
                        .bind(workspace.created_at)
                        .execute(&mut *tx)
                        .await
                        .map_err(|error| write_error(error, "a membership"))?;
                    tx.commit().await?;
                    Ok(workspace)
                }

                async fn workspaces_of(&self, user: UserId) -> Result<Vec<Membership>> {
                    let rows = sqlx::query(q::WORKSPACES_OF)
                        .bind(user.0)
                        .fetch_all(&self.pool)
                        .await?;
                    rows.iter()
                        .map(|row| {
                            let (workspace, role) = workspace_from_row(row)?;
                            Ok(Membership { workspace, role })
                        })
                        .collect()
                }

                async fn workspace(&self, actor: UserId, id: WorkspaceId) -> Result<Workspace> {
                    let row = sqlx::query(q::WORKSPACE_FOR_MEMBER)
                        .bind(id.0)
                        .bind(actor.0)
                        .fetch_optional(&self.pool)
                        .await?
                        .ok_or(StoreError::NotFound)?;
                    Ok(workspace_from_row(&row)?.0)
                }

                async fn rename_workspace(
                    &self,
                    actor: UserId,
                    id: WorkspaceId,
                    name: &str,
                ) -> Result<Workspace> {
                    let name = valid_text(name, "workspace name", MAX_NAME)?;
                    let mut tx = self.begin_write().await?;
                    require(Self::role_in(&mut tx, actor, id).await?, Role::can_manage)?;
                    sqlx::query(q::RENAME_WORKSPACE)
                        .bind(id.0)
                        .bind(name)
                        .execute(&mut *tx)
                        .await?;
                    tx.commit().await?;
                    self.workspace(actor, id).await
                }

                async fn role_of(
                    &self,
                    user: UserId,
                    workspace: WorkspaceId,
                ) -> Result<Option<Role>> {
                    let role: Option<String> = sqlx::query_scalar(q::ROLE_OF)
                        .bind(workspace.0)
                        .bind(user.0)
                        .fetch_optional(&self.pool)
                        .await?;
                    role.map(role_from).transpose()
                }

                async fn members(
                    &self,
                    actor: UserId,
                    workspace: WorkspaceId,
                ) -> Result<Vec<Member>> {
                    require(self.role_of(actor, workspace).await?, |_| true)?;
                    let rows = sqlx::query(q::MEMBERS)
                        .bind(workspace.0)
                        .fetch_all(&self.pool)
                        .await?;
                    rows.iter()
                        .map(|row| {
                            Ok(Member {
                                user: user_from_row(row)?,
                                role: role_from(row.try_get(4)?)?,
                                joined_at: row.try_get(5)?,
                            })
                        })
                        .collect()
                }

                async fn set_role(
                    &self,
                    actor: UserId,
                    workspace: WorkspaceId,
                    member: UserId,
                    role: Role,
                ) -> Result<()> {
                    let mut tx = self.begin_write().await?;
                    Self::lock_workspace(&mut tx, workspace).await?;
                    require(
                        Self::role_in(&mut tx, actor, workspace).await?,
                        Role::can_manage,
                    )?;
                    let current = Self::role_in(&mut tx, member, workspace)
                        .await?
                        .ok_or(StoreError::NotFound)?;
                    if current == Role::Owner && role != Role::Owner {
                        let owners: i64 = sqlx::query_scalar(q::COUNT_OWNERS)
                            .bind(workspace.0)
                            .fetch_one(&mut *tx)
                            .await?;
                        if owners <= 1 {
                            return Err(StoreError::Conflict(
                                "a workspace needs an owner: make someone else an owner first"
                                    .into(),
                            ));
                        }
                    }
                    sqlx::query(q::SET_ROLE)
                        .bind(workspace.0)
                        .bind(member.0)
                        .bind(role.as_str())
                        .execute(&mut *tx)
                        .await?;
                    tx.commit().await?;
                    Ok(())
                }

                async fn remove_member(
                    &self,
                    actor: UserId,
                    workspace: WorkspaceId,
                    member: UserId,
                ) -> Result<()> {
                    let mut tx = self.begin_write().await?;
                    Self::lock_workspace(&mut tx, workspace).await?;
                    let actor_role = Self::role_in(&mut tx, actor, workspace).await?;
                    if actor == member {
                        require(actor_role, |_| true)?;
                    } else {
                        require(actor_role, Role::can_manage)?;
                    }
                    let current = Self::role_in(&mut tx, member, workspace)
                        .await?
                        .ok_or(StoreError::NotFound)?;
                    if current == Role::Owner {
                        let owners: i64 = sqlx::query_scalar(q::COUNT_OWNERS)
                            .bind(workspace.0)
                            .fetch_one(&mut *tx)
                            .await?;
                        if owners <= 1 {
                            return Err(StoreError::Conflict(
                                "the last owner cannot leave: make someone else an owner first"
                                    .into(),
                            ));
                        }
                    }
                    sqlx::query(q::DELETE_MEMBERSHIP)
                        .bind(workspace.0)
                        .bind(member.0)
                        .execute(&mut *tx)
                        .await?;
                    tx.commit().await?;
                    Ok(())
                }

                async fn create_invitation(
                    &self,
                    actor: UserId,
                    workspace: WorkspaceId,
                    email: &str,
                    role: Role,
                    expires_at: Millis,
                ) -> Result<(Invitation, Secret)> {
                    let email = valid_email(email)?;
                    let now = now_millis();
                    if expires_at <= now {
                        return Err(StoreError::Invalid(
                            "the invitation would expire at once".into(),
                        ));
                    }
                    let mut tx = self.begin_write().await?;
                    require(
                        Self::role_in(&mut tx, actor, workspace).await?,
                        Role::can_manage,
                    )?;
                    let workspace_name: String =
                        sqlx::query_scalar("SELECT name FROM workspaces WHERE id = $1")
                            .bind(workspace.0)
                            .fetch_one(&mut *tx)
                            .await?;
                    let secret = Secret::generate("")?;
                    let invitation = Invitation {
                        id: InvitationId(random_id()?),
                        workspace,
                        workspace_name,
                        email: email.to_string(),
                        role,
                        invited_by: actor,
                        created_at: now,
                        expires_at,
                        accepted_at: None,
                    };
                    sqlx::query(q::INSERT_INVITATION)
                        .bind(invitation.id.0)
                        .bind(workspace.0)
                        .bind(email)
                        .bind(email_key(email))
                        .bind(role.as_str())
                        .bind(secret.hash())
                        .bind(actor.0)
                        .bind(now)
                        .bind(expires_at)
                        .execute(&mut *tx)
                        .await
                        .map_err(|error| write_error(error, "an invitation"))?;
                    tx.commit().await?;
                    Ok((invitation, secret))
                }

                async fn invitations(
                    &self,
                    actor: UserId,
                    workspace: WorkspaceId,
                ) -> Result<Vec<Invitation>> {
                    require(self.role_of(actor, workspace).await?, Role::can_manage)?;
                    let rows = sqlx::query(q::OPEN_INVITATIONS)
                        .bind(workspace.0)
                        .fetch_all(&self.pool)
                        .await?;
                    rows.iter()
                        .map(|row| Ok(invitation_from_row(row)?.0))
                        .collect()
                }

                async fn invitation(&self, secret: &str) -> Result<Invitation> {
                    let row = sqlx::query(q::INVITATION_BY_HASH)
                        .bind(hash_secret(secret))
                        .fetch_optional(&self.pool)
                        .await?
                        .ok_or(StoreError::NotFound)?;
                    let (invitation, _) = invitation_from_row(&row)?;
                    if invitation.expires_at <= now_millis() {
                        return Err(StoreError::Expired);
                    }
                    Ok(invitation)
                }

                async fn accept_invitation(
                    &self,
                    secret: &str,
                    user: UserId,
                ) -> Result<Membership> {
                    let now = now_millis();
                    let mut tx = self.begin_write().await?;
                    let row = sqlx::query(q::INVITATION_BY_HASH)
                        .bind(hash_secret(secret))
                        .fetch_optional(&mut *tx)
                        .await?
                        .ok_or(StoreError::NotFound)?;
                    let (invitation, invited_key) = invitation_from_row(&row)?;
                    if invitation.expires_at <= now {
                        return Err(StoreError::Expired);
                    }
                    let account = sqlx::query(q::USER_BY_ID)
                        .bind(user.0)
                        .fetch_optional(&mut *tx)
                        .await?
                        .ok_or(StoreError::NotFound)?;
                    let account = user_from_row(&account)?;
                    // The link may have been forwarded: only the invited address gets in.
                    if email_key(&account.email) != invited_key {
                        return Err(StoreError::Forbidden);
                    }
                    let accepted = sqlx::query(q::ACCEPT_INVITATION)
                        .bind(invitation.id.0)
                        .bind(now)
                        .bind(user.0)
                        .execute(&mut *tx)
                        .await?;
                    if accepted.rows_affected() != 1 {
                        return Err(StoreError::NotFound);
                    }
                    Self::lock_workspace(&mut tx, invitation.workspace).await?;
                    sqlx::query(q::JOIN_BY_INVITATION)
                        .bind(invitation.workspace.0)
                        .bind(user.0)
                        .bind(invitation.role.as_str())
                        .bind(now)
                        .execute(&mut *tx)
                        .await?;
                    let row = sqlx::query(q::WORKSPACE_FOR_MEMBER)
                        .bind(invitation.workspace.0)
                        .bind(user.0)
                        .fetch_one(&mut *tx)
                        .await?;
                    let (workspace, role) = workspace_from_row(&row)?;
                    tx.commit().await?;
                    Ok(Membership { workspace, role })
                }

                async fn revoke_invitation(&self, actor: UserId, id: InvitationId) -> Result<()> {
                    let mut tx = self.begin_write().await?;
                    let workspace: i64 = sqlx::query_scalar(q::INVITATION_WORKSPACE)
                        .bind(id.0)
                        .fetch_optional(&mut *tx)
                        .await?
                        .ok_or(StoreError::NotFound)?;
                    require(
                        Self::role_in(&mut tx, actor, WorkspaceId(workspace)).await?,
                        Role::can_manage,
                    )?;
                    let done = sqlx::query(q::REVOKE_INVITATION)
                        .bind(id.0)
                        .bind(now_millis())
                        .execute(&mut *tx)
                        .await?;
                    if done.rows_affected() == 0 {
                        return Err(StoreError::NotFound);
                    }
                    tx.commit().await?;
                    Ok(())
                }

                async fn create_token(
                    &self,
                    user: UserId,
                    name: &str,
                    scope: TokenScope,
                ) -> Result<(ApiToken, Secret)> {
                    let name = valid_text(name, "token name", MAX_NAME)?;
                    let secret = Secret::generate("prfaq_pat_")?;
                    let token = ApiToken {
                        id: TokenId(random_id()?),
                        user,
                        name: name.to_string(),
                        scope,
                        created_at: now_millis(),
                        last_used_at: None,
                        revoked_at: None,
                    };
                    sqlx::query(q::INSERT_TOKEN)
                        .bind(token.id.0)
                        .bind(user.0)
                        .bind(&token.name)
                        .bind(secret.hash())
                        .bind(scope.as_str())
                        .bind(token.created_at)
                        .execute(&self.writer)
                        .await
                        .map_err(|error| write_error(error, "a token"))?;
                    Ok((token, secret))
                }

                async fn token(&self, secret: &str) -> Result<ApiToken> {
                    let row = sqlx::query(q::TOKEN_BY_HASH)
                        .bind(hash_secret(secret))
                        .fetch_optional(&self.pool)
                        .await?
                        .ok_or(StoreError::NotFound)?;
                    let mut token = token_from_row(&row)?;
                    let now = now_millis();
                    // Best effort, as for sessions: a refused write (a full disk) must not
                    // turn a read into an error.
                    if token
                        .last_used_at
                        .is_none_or(|last| now - last >= TOUCH_INTERVAL_MS)
                    {
                        let touched = sqlx::query(q::TOUCH_TOKEN)
                            .bind(token.id.0)
                            .bind(now)
                            .execute(&self.writer)
                            .await;
                        match touched {
                            Ok(_) => token.last_used_at = Some(now),
                            Err(error) => tracing::warn!(
                                error = %StoreError::from(error),
                                token = token.id.0,
                                "could not record when a token was last used; serving the request anyway"
                            ),
                        }
                    }
                    Ok(token)
                }

                async fn tokens(&self, user: UserId) -> Result<Vec<ApiToken>> {
                    let rows = sqlx::query(q::TOKENS_OF)
                        .bind(user.0)
                        .fetch_all(&self.pool)
                        .await?;
                    rows.iter().map(token_from_row).collect()
                }

                async fn revoke_token(&self, user: UserId, id: TokenId) -> Result<()> {
                    let done = sqlx::query(q::REVOKE_TOKEN)
                        .bind(id.0)
                        .bind(user.0)
                        .bind(now_millis())
                        .execute(&self.writer)
                        .await?;
                    if done.rows_affected() == 0 {
                        return Err(StoreError::NotFound);
                    }
                    Ok(())
                }

                async fn create_document(
                    &self,
                    actor: UserId,
                    workspace: WorkspaceId,
                    new: NewDocument<'_>,
                ) -> Result<Document> {
                    let title = valid_text(new.title, "title", MAX_TITLE)?;
                    let body = valid_body(new.body, "text")?;
                    let note = valid_body(new.note.trim(), "note")?;
                    let id = DocumentId(random_id()?);
                    let now = now_millis();
                    let mut tx = self.begin_write().await?;
                    require(
                        Self::role_in(&mut tx, actor, workspace).await?,
                        Role::can_edit,
                    )?;
                    sqlx::query(q::INSERT_DOCUMENT)
                        .bind(id.0)
                        .bind(workspace.0)
                        .bind(title)
                        .bind(actor.0)
                        .bind(now)
                        .bind(now)
                        .execute(&mut *tx)
                        .await
                        .map_err(|error| write_error(error, "a document"))?;
                    sqlx::query(q::INSERT_REVISION)
                        .bind(id.0)
                        .bind(1_i64)
                        .bind(body)
                        .bind(actor.0)
                        .bind(note)
                        .bind(now)
                        .execute(&mut *tx)
                        .await?;
                    let document = Self::document_in(&mut tx, actor, id).await?;
                    tx.commit().await?;
                    Ok(document)
                }

                async fn documents(
                    &self,
                    actor: UserId,
                    workspace: WorkspaceId,
                    query: &DocumentQuery,
                ) -> Result<Vec<Document>> {
                    require(self.role_of(actor, workspace).await?, |_| true)?;
                    let rows = sqlx::query(q::DOCUMENTS_OF_WORKSPACE)
                        .bind(workspace.0)
                        .fetch_all(&self.pool)
                        .await?;
                    // The title search runs here rather than in SQL: a workspace holds a
                    // few hundred documents at most, the search text can never be read as a
                    // pattern (`%`, `_`) or as SQL, and case folding is the same full
                    // Unicode folding on both databases.
                    let needle = query
                        .title_contains
                        .as_deref()
                        .map(str::trim)
                        .filter(|needle| !needle.is_empty())
                        .map(str::to_lowercase);
                    let mut documents = Vec::with_capacity(rows.len());
                    for row in &rows {
                        let document = document_from_row(row)?;
                        if document.archived_at.is_some() && !query.include_archived {
                            continue;
                        }
                        if let Some(needle) = &needle
                            && !document.title.to_lowercase().contains(needle.as_str())
                        {
                            continue;
                        }
                        documents.push(document);
                    }
                    Ok(documents)
                }

                async fn document(&self, actor: UserId, id: DocumentId) -> Result<Document> {
                    Ok(self.document_access(actor, id).await?.0)
                }

                async fn document_access(
                    &self,
                    actor: UserId,
                    id: DocumentId,
                ) -> Result<(Document, Role)> {
                    let statement = sqlx::query(q::DOCUMENT_FOR_MEMBER).bind(id.0).bind(actor.0);
                    let row = self
                        .fetch_hot(statement, false)
                        .await?
                        .ok_or(StoreError::NotFound)?;
                    let role = role_from(row.try_get(DOCUMENT_COLUMNS)?)?;
                    Ok((document_from_row(&row)?, role))
                }

                async fn document_page(
                    &self,
                    actor: UserId,
                    id: DocumentId,
                ) -> Result<DocumentPage> {
                    let statement = sqlx::query(q::DOCUMENT_PAGE).bind(id.0).bind(actor.0);
                    let row = self
                        .fetch_hot(statement, false)
                        .await?
                        .ok_or(StoreError::NotFound)?;
                    let document = document_from_row(&row)?;
                    let (workspace, role) = workspace_at(&row, DOCUMENT_COLUMNS)?;
                    let latest = revision_at(&row, 14)?;
                    Ok(DocumentPage {
                        document,
                        role,
                        workspace,
                        latest,
                    })
                }

                async fn rename_document(
                    &self,
                    actor: UserId,
                    id: DocumentId,
                    title: &str,
                ) -> Result<Document> {
                    let title = valid_text(title, "title", MAX_TITLE)?.to_string();
                    let update = sqlx::query(q::RENAME_DOCUMENT)
                        .bind(id.0)
                        .bind(title)
                        .bind(now_millis());
                    self.update_document(actor, id, Role::can_edit, update)
                        .await
                }

                async fn set_status(
                    &self,
                    actor: UserId,
                    id: DocumentId,
                    status: Status,
                ) -> Result<Document> {
                    let update = sqlx::query(q::SET_STATUS)
                        .bind(id.0)
                        .bind(status.as_str())
                        .bind(now_millis());
                    self.update_document(actor, id, Role::can_review, update)
                        .await
                }

                async fn set_archived(
                    &self,
                    actor: UserId,
                    id: DocumentId,
                    archived: bool,
                ) -> Result<Document> {
                    let now = now_millis();
                    let mut tx = self.begin_write().await?;
                    Self::lock_document(&mut tx, actor, id, Role::can_edit).await?;
                    let document = Self::document_in(&mut tx, actor, id).await?;
                    if document.archived_at.is_some() == archived {
                        return Ok(document);
                    }
                    sqlx::query(q::SET_ARCHIVED)
                        .bind(id.0)
                        .bind(archived.then_some(now))
                        .bind(now)
                        .execute(&mut *tx)
                        .await?;
                    let document = Self::document_in(&mut tx, actor, id).await?;
                    tx.commit().await?;
                    Ok(document)
                }

                async fn save_revision(
                    &self,
                    actor: UserId,
                    document: DocumentId,
                    save: SaveRevision<'_>,
                ) -> Result<RevisionMeta> {
                    match self.write_revision(actor, document, save).await? {
                        Some((meta, _)) => Ok(meta),
                        None => Err(self.why_not_saved(actor, document).await),
                    }
                }

                async fn submit_revision(
                    &self,
                    actor: UserId,
                    document: DocumentId,
                    save: SaveRevision<'_>,
                ) -> Result<Submitted> {
                    let Some((revision, written)) =
                        self.write_revision(actor, document, save).await?
                    else {
                        return self.stale_report(actor, document, save.base).await;
                    };
                    let (document, role) = match written {
                        Some(written) => written,
                        None => self.document_access(actor, document).await?,
                    };
                    Ok(Submitted::Saved {
                        revision,
                        document,
                        role,
                    })
                }

                async fn restore_revision(
                    &self,
                    actor: UserId,
                    document: DocumentId,
                    number: i64,
                    base: Option<i64>,
                ) -> Result<RevisionMeta> {
                    let mut tx = self.begin_write().await?;
                    let locked =
                        Self::lock_document(&mut tx, actor, document, Role::can_edit).await?;
                    let body: String = sqlx::query_scalar(q::REVISION_BODY)
                        .bind(document.0)
                        .bind(number)
                        .fetch_optional(&mut *tx)
                        .await?
                        .ok_or(StoreError::NotFound)?;
                    let note = format!("Restored revision {number}");
                    let save = SaveRevision {
                        base,
                        body: &body,
                        note: &note,
                    };
                    let meta =
                        Self::append_revision(&mut tx, actor, document, locked, save).await?;
                    tx.commit().await?;
                    Ok(meta)
                }

                async fn revisions(
                    &self,
                    actor: UserId,
                    document: DocumentId,
                ) -> Result<Vec<RevisionMeta>> {
                    let rows = sqlx::query(q::HISTORY)
                        .bind(document.0)
                        .bind(actor.0)
                        .fetch_all(&self.pool)
                        .await?;
                    // Every document has revision 1, so no rows means no access.
                    if rows.is_empty() {
                        return Err(StoreError::NotFound);
                    }
                    rows.iter().map(revision_meta_from_row).collect()
                }

                async fn revision(
                    &self,
                    actor: UserId,
                    document: DocumentId,
                    number: i64,
                ) -> Result<Revision> {
                    let row = sqlx::query(q::REVISION)
                        .bind(document.0)
                        .bind(actor.0)
                        .bind(number)
                        .fetch_optional(&self.pool)
                        .await?
                        .ok_or(StoreError::NotFound)?;
                    revision_from_row(&row)
                }

                async fn latest_revision(
                    &self,
                    actor: UserId,
                    document: DocumentId,
                ) -> Result<Revision> {
                    let row = sqlx::query(q::LATEST_REVISION)
                        .bind(document.0)
                        .bind(actor.0)
                        .fetch_optional(&self.pool)
                        .await?
                        .ok_or(StoreError::NotFound)?;
                    revision_from_row(&row)
                }

                async fn backup(&self, dest: &Path) -> Result<BackupSummary> {
                    let mut dump = Dump::new(LATEST_SCHEMA, BACKEND, now_millis())?;
                    let mut tx = self.begin_snapshot().await?;
                    for table in TABLES {
                        let rows = sqlx::query(AssertSqlSafe(table.select_sql()))
                            .fetch_all(&mut *tx)
                            .await?;
                        let mut values = Vec::with_capacity(rows.len());
                        for row in &rows {
                            let mut value = Vec::with_capacity(table.columns.len());
                            for (index, (_, kind)) in table.columns.iter().enumerate() {
                                value.push(match kind {
                                    Kind::Int => row
                                        .try_get::<Option<i64>, _>(index)?
                                        .map_or(Value::Null, Value::from),
                                    Kind::Text => row
                                        .try_get::<Option<String>, _>(index)?
                                        .map_or(Value::Null, Value::from),
                                });
                            }
                            values.push(value);
                        }
                        dump.table(table, &values)?;
                    }
                    tx.rollback().await?;
                    dump.write(dest).await
                }

                async fn restore(&self, src: &Path) -> Result<BackupSummary> {
                    let loaded = backup::load(src, LATEST_SCHEMA).await?;
                    let mut tx = self.begin_write().await?;
                    for table in TABLES {
                        let rows: i64 = sqlx::query_scalar(AssertSqlSafe(table.count_sql()))
                            .fetch_one(&mut *tx)
                            .await?;
                        if rows > 0 {
                            return Err(StoreError::Conflict(format!(
                                "restore needs an empty database, and table `{}` has rows",
                                table.name
                            )));
                        }
                    }
                    let mut summary = BackupSummary {
                        schema_version: loaded.schema,
                        tables: Vec::new(),
                    };
                    for loaded in &loaded.tables {
                        let sql = loaded.table.insert_sql(&loaded.columns);
                        for row in &loaded.rows {
                            let mut insert = sqlx::query(AssertSqlSafe(sql.clone()));
                            for (value, &index) in row.iter().zip(&loaded.columns) {
                                insert = match loaded.table.columns[index].1 {
                                    Kind::Int => insert.bind(value.as_i64()),
                                    Kind::Text => insert.bind(value.as_str().map(str::to_owned)),
                                };
                            }
                            insert.execute(&mut *tx).await?;
                        }
                        summary
                            .tables
                            .push((loaded.table.name.to_string(), loaded.rows.len() as u64));
                    }
                    tx.commit().await?;
                    Ok(summary)
                }
            }
        }
    };
}

pub(crate) use impl_store;

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
            "migrations are numbered 1, 2, 3, … without gaps"
        );
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
