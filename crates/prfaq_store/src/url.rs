//! Choosing the database from what the user typed after `--database`, and showing it
//! without its password. `Debug` and `Display` are written by hand so that a password
//! in a PostgreSQL URL never reaches a log, a panic message or an error page.

use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use crate::StoreError;
use crate::model::Backend;

/// Where the data lives: a SQLite file or a PostgreSQL database.
///
/// Parsed from a plain path or `sqlite:PATH` (also `sqlite://PATH`) for SQLite, and
/// `postgres://…` or `postgresql://…` for PostgreSQL. A SQLite path is taken literally:
/// no query parameters, no `:memory:`.
#[derive(Clone, PartialEq, Eq)]
pub enum DatabaseUrl {
    /// A SQLite database file, created if missing.
    Sqlite(PathBuf),
    /// A PostgreSQL connection URL.
    Postgres(PostgresUrl),
}

/// A PostgreSQL connection URL. It may hold a password, so it shows itself only
/// redacted; [`PostgresUrl::expose`] is for the driver.
#[derive(Clone, PartialEq, Eq)]
pub struct PostgresUrl(String);

impl DatabaseUrl {
    /// Parses a `--database` value.
    pub fn parse(text: &str) -> Result<Self, StoreError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(StoreError::Invalid("the database location is empty".into()));
        }
        if let Some(rest) = text.strip_prefix("sqlite:") {
            let path = rest.strip_prefix("//").unwrap_or(rest);
            if path.is_empty() || path == ":memory:" {
                return Err(StoreError::Invalid(
                    "a SQLite database needs a file path, as in `sqlite:prfaq.db`".into(),
                ));
            }
            return Ok(DatabaseUrl::Sqlite(PathBuf::from(path)));
        }
        if let Some((scheme, _)) = text.split_once("://") {
            return match scheme.to_ascii_lowercase().as_str() {
                "postgres" | "postgresql" => Ok(DatabaseUrl::Postgres(PostgresUrl(text.into()))),
                other => Err(StoreError::Invalid(format!(
                    "unsupported database URL scheme `{other}`: use a file path, `sqlite:PATH` or `postgres://…`"
                ))),
            };
        }
        Ok(DatabaseUrl::Sqlite(PathBuf::from(text)))
    }

    /// A SQLite database at `path`.
    pub fn sqlite(path: impl AsRef<Path>) -> Self {
        DatabaseUrl::Sqlite(path.as_ref().to_path_buf())
    }

    /// Which database this is.
    pub fn backend(&self) -> Backend {
        match self {
            DatabaseUrl::Sqlite(_) => Backend::Sqlite,
            DatabaseUrl::Postgres(_) => Backend::Postgres,
        }
    }
}

impl PostgresUrl {
    /// The full URL with its password, for the database driver only.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// The URL with the password (in the user-info part or as a `password=` parameter)
    /// replaced by `***`.
    pub fn redacted(&self) -> String {
        redact(&self.0)
    }
}

impl FromStr for DatabaseUrl {
    type Err = StoreError;

    fn from_str(text: &str) -> Result<Self, StoreError> {
        DatabaseUrl::parse(text)
    }
}

impl fmt::Display for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DatabaseUrl::Sqlite(path) => write!(f, "sqlite:{}", path.display()),
            DatabaseUrl::Postgres(url) => f.write_str(&url.redacted()),
        }
    }
}

impl fmt::Debug for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DatabaseUrl({self})")
    }
}

impl fmt::Display for PostgresUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.redacted())
    }
}

impl fmt::Debug for PostgresUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PostgresUrl({})", self.redacted())
    }
}

/// Replaces the password of `scheme://user:password@host/db?password=…` with `***`.
fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return "***".into();
    };
    // Everything before the last `@` (ahead of any query) is user information, even when
    // an unescaped `/` or `@` in the password makes the URL itself invalid.
    let query_start = rest.find('?').unwrap_or(rest.len());
    let (head, tail) = rest.split_at(query_start);
    let head = match head.rsplit_once('@') {
        Some((user_info, after)) => match user_info.split_once(':') {
            Some((user, _password)) => format!("{user}:***@{after}"),
            None => format!("{user_info}@{after}"),
        },
        None => head.to_string(),
    };
    let tail = match tail.split_once('?') {
        Some((_, query)) => {
            let query: Vec<String> = query
                .split('&')
                .map(|pair| match pair.split_once('=') {
                    Some((key, _)) if key.eq_ignore_ascii_case("password") => format!("{key}=***"),
                    _ => pair.to_string(),
                })
                .collect();
            format!("?{}", query.join("&"))
        }
        None => tail.to_string(),
    };
    format!("{scheme}://{head}{tail}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chooses_the_database_from_the_scheme() {
        let cases = [
            ("prfaq.db", Backend::Sqlite),
            ("./data/prfaq.db", Backend::Sqlite),
            ("sqlite:prfaq.db", Backend::Sqlite),
            ("sqlite:///var/lib/prfaq.db", Backend::Sqlite),
            ("postgres://u@h/db", Backend::Postgres),
            ("postgresql://u@h/db", Backend::Postgres),
            ("PostgreSQL://u@h/db", Backend::Postgres),
        ];
        for (text, backend) in cases {
            assert_eq!(
                DatabaseUrl::parse(text).map(|u| u.backend()).ok(),
                Some(backend),
                "{text}"
            );
        }
        assert_eq!(
            DatabaseUrl::parse("sqlite:///var/lib/prfaq.db").ok(),
            Some(DatabaseUrl::sqlite("/var/lib/prfaq.db"))
        );
        for bad in ["", "  ", "mysql://root@h/db", "sqlite:", "sqlite::memory:"] {
            assert!(
                matches!(DatabaseUrl::parse(bad), Err(StoreError::Invalid(_))),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn passwords_never_show() {
        let url = DatabaseUrl::parse(
            "postgres://alice:s3cr3t%40x@db.example:5432/prfaq?sslmode=require&password=hunter2",
        )
        .expect("valid url");
        for shown in [
            format!("{url}"),
            format!("{url:?}"),
            format!("{:?}", Some(&url)),
        ] {
            assert!(!shown.contains("s3cr3t"), "{shown}");
            assert!(!shown.contains("hunter2"), "{shown}");
            assert!(shown.contains("alice:***@db.example:5432/prfaq"), "{shown}");
            assert!(shown.contains("sslmode=require&password=***"), "{shown}");
        }
        let odd = DatabaseUrl::parse("postgres://bob:pa/ss@word@h/db").expect("parsed");
        for shown in [format!("{odd}"), format!("{odd:?}")] {
            assert!(
                !shown.contains("pa/ss") && !shown.contains("word@"),
                "{shown}"
            );
        }
        let plain = DatabaseUrl::parse("postgres://postgres@127.0.0.1/test").expect("valid url");
        assert_eq!(plain.to_string(), "postgres://postgres@127.0.0.1/test");
    }
}
