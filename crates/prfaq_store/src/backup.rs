//! The portable backup format: JSON lines that either database can write and load.
//!
//! ```text
//! {"format":"prfaq-backup","version":1,"schema":3,"backend":"sqlite","created_at":…}
//! {"table":"users","columns":["id","email",…],"rows":2}
//! [4120958843,"dana@example.com",…]
//! [88170236,"lee@example.com",…]
//! {"table":"sessions",…}
//! …
//! {"end":true}
//! ```
//!
//! Tables come in foreign-key order, so loading them in file order satisfies every
//! reference. Every column is an integer, text or null. The SQL that reads and writes
//! rows is built only from the names in [`TABLES`], never from names in a file, so a
//! crafted backup cannot inject SQL. Each table header states its row count and the file
//! ends with an `end` line, so a truncated file is refused instead of half-loaded.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::model::{Backend, BackupSummary, Millis};
use crate::{Result, StoreError};

/// The kind of a column, which decides how a JSON value is bound.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    Int,
    Text,
    /// A content key: 16 bytes in the database, 32 lowercase hex digits in the backup.
    Key,
}

/// A table as the backup sees it.
pub(crate) struct Table {
    pub(crate) name: &'static str,
    /// A total order, so that two backups of the same data are byte-identical per table.
    pub(crate) order_by: &'static str,
    pub(crate) columns: &'static [(&'static str, Kind)],
}

use Kind::{Int, Key, Text};

/// Every table of the current schema, parents before children. A migration that adds a
/// table or a column must add it here; the contract suite compares this list with the
/// live schema of both databases.
pub(crate) const TABLES: &[Table] = &[
    Table {
        name: "users",
        order_by: "id",
        columns: &[
            ("id", Int),
            ("email", Text),
            ("email_key", Text),
            ("display_name", Text),
            ("password_hash", Text),
            ("created_at", Int),
            ("mail_notices", Int),
        ],
    },
    Table {
        name: "sessions",
        order_by: "id",
        columns: &[
            ("id", Text),
            ("user_id", Int),
            ("created_at", Int),
            ("expires_at", Int),
            ("last_seen_at", Int),
        ],
    },
    Table {
        name: "workspaces",
        order_by: "id",
        columns: &[
            ("id", Int),
            ("name", Text),
            ("created_at", Int),
            ("feedback_version", Int),
            ("theme_choices_version", Int),
        ],
    },
    Table {
        name: "memberships",
        order_by: "workspace_id, user_id",
        columns: &[
            ("workspace_id", Int),
            ("user_id", Int),
            ("role", Text),
            ("created_at", Int),
        ],
    },
    Table {
        name: "documents",
        order_by: "id",
        columns: &[
            ("id", Int),
            ("workspace_id", Int),
            ("title", Text),
            ("status", Text),
            ("archived_at", Int),
            ("created_by", Int),
            ("created_at", Int),
            ("updated_at", Int),
            ("current_revision", Int),
            ("review_version", Int),
        ],
    },
    Table {
        name: "revisions",
        order_by: "document_id, number",
        columns: &[
            ("document_id", Int),
            ("number", Int),
            ("body", Text),
            ("author_id", Int),
            ("note", Text),
            ("created_at", Int),
        ],
    },
    Table {
        name: "invitations",
        order_by: "id",
        columns: &[
            ("id", Int),
            ("workspace_id", Int),
            ("email", Text),
            ("email_key", Text),
            ("role", Text),
            ("token_hash", Text),
            ("invited_by", Int),
            ("created_at", Int),
            ("expires_at", Int),
            ("accepted_at", Int),
            ("accepted_by", Int),
            ("revoked_at", Int),
        ],
    },
    Table {
        name: "api_tokens",
        order_by: "id",
        columns: &[
            ("id", Int),
            ("user_id", Int),
            ("name", Text),
            ("token_hash", Text),
            ("scope", Text),
            ("created_at", Int),
            ("last_used_at", Int),
            ("revoked_at", Int),
        ],
    },
    Table {
        name: "sign_in_failures",
        order_by: "id",
        columns: &[
            ("id", Int),
            ("account_key", Text),
            ("address", Text),
            ("attempted_at", Int),
        ],
    },
    Table {
        name: "review_functions",
        order_by: "id",
        columns: &[
            ("id", Int),
            ("workspace_id", Int),
            ("name", Text),
            ("required", Int),
            ("set_by", Int),
            ("created_at", Int),
        ],
    },
    Table {
        name: "review_rounds",
        order_by: "id",
        columns: &[
            ("id", Int),
            ("document_id", Int),
            ("revision", Int),
            ("requested_by", Int),
            ("created_at", Int),
        ],
    },
    Table {
        name: "review_reviewers",
        order_by: "round_id, user_id",
        columns: &[
            ("round_id", Int),
            ("user_id", Int),
            ("function", Text),
            ("required", Int),
            ("added_by", Int),
            ("created_at", Int),
        ],
    },
    Table {
        name: "review_threads",
        order_by: "id",
        columns: &[
            ("id", Int),
            ("document_id", Int),
            ("revision", Int),
            ("anchor_start", Int),
            ("anchor_end", Int),
            ("quote", Text),
            ("prefix", Text),
            ("suffix", Text),
            ("concern", Int),
            ("replacement", Text),
            ("author_id", Int),
            ("created_at", Int),
        ],
    },
    Table {
        name: "review_comments",
        order_by: "id",
        columns: &[
            ("id", Int),
            ("thread_id", Int),
            ("author_id", Int),
            ("body", Text),
            ("pending", Int),
            ("created_at", Int),
        ],
    },
    Table {
        name: "review_verdicts",
        order_by: "id",
        columns: &[
            ("id", Int),
            ("round_id", Int),
            ("document_id", Int),
            ("revision", Int),
            ("user_id", Int),
            ("verdict", Text),
            ("body", Text),
            ("created_at", Int),
        ],
    },
    Table {
        name: "review_publications",
        order_by: "comment_id",
        columns: &[("comment_id", Int), ("verdict_id", Int)],
    },
    Table {
        name: "review_thread_events",
        order_by: "id",
        columns: &[
            ("id", Int),
            ("thread_id", Int),
            ("action", Text),
            ("reason", Text),
            ("revision", Int),
            ("actor_id", Int),
            ("created_at", Int),
        ],
    },
    Table {
        name: "review_concern_links",
        order_by: "id",
        columns: &[
            ("id", Int),
            ("thread_id", Int),
            ("question", Text),
            ("new_question", Int),
            ("actor_id", Int),
            ("created_at", Int),
        ],
    },
    Table {
        name: "review_placements",
        order_by: "thread_id, revision",
        columns: &[
            ("thread_id", Int),
            ("revision", Int),
            ("state", Text),
            ("anchor_start", Int),
            ("anchor_end", Int),
            ("quote", Text),
            ("prefix", Text),
            ("suffix", Text),
            ("created_at", Int),
        ],
    },
    Table {
        name: "status_events",
        order_by: "id",
        columns: &[
            ("id", Int),
            ("document_id", Int),
            ("status", Text),
            ("reason", Text),
            ("revision", Int),
            ("rewrote", Int),
            ("actor_id", Int),
            ("created_at", Int),
        ],
    },
    Table {
        name: "assumptions",
        order_by: "id",
        columns: &[
            ("id", Int),
            ("document_id", Int),
            ("text", Text),
            ("test", Text),
            ("author_id", Int),
            ("created_at", Int),
        ],
    },
    Table {
        name: "assumption_events",
        order_by: "id",
        columns: &[
            ("id", Int),
            ("assumption_id", Int),
            ("state", Text),
            ("note", Text),
            ("actor_id", Int),
            ("created_at", Int),
        ],
    },
    Table {
        name: "outcome_uploads",
        order_by: "id",
        columns: &[
            ("id", Int),
            ("document_id", Int),
            ("file_name", Text),
            ("event_count", Int),
            ("byte_count", Int),
            ("uploaded_by", Int),
            ("uploaded_at", Int),
        ],
    },
    Table {
        name: "outcome_event_chunks",
        order_by: "upload_id, seq",
        columns: &[("upload_id", Int), ("seq", Int), ("body", Text)],
    },
    Table {
        name: "experiments",
        order_by: "id",
        columns: &[
            ("id", Int),
            ("document_id", Int),
            ("step", Text),
            ("title", Text),
            ("hypothesis", Text),
            ("reach", Int),
            ("impact", Int),
            ("confidence", Int),
            ("effort", Int),
            ("status", Text),
            ("result", Text),
            ("created_by", Int),
            ("created_at", Int),
            ("updated_at", Int),
        ],
    },
    Table {
        name: "outcome_sources",
        order_by: "document_id",
        columns: &[
            ("document_id", Int),
            ("shown_url", Text),
            ("sealed_url", Text),
            ("table_name", Text),
            ("column_map", Text),
            ("set_by", Int),
            ("set_at", Int),
            ("refreshed_at", Int),
            ("refreshed_by", Int),
            ("refresh_ok", Int),
            ("refresh_result", Text),
        ],
    },
    Table {
        name: "revision_credits",
        order_by: "document_id, number, user_id",
        columns: &[("document_id", Int), ("number", Int), ("user_id", Int)],
    },
    Table {
        name: "evidence_sources",
        order_by: "id",
        columns: &[
            ("id", Int),
            ("workspace_id", Int),
            ("name", Text),
            ("mapping", Text),
            ("created_at", Int),
        ],
    },
    Table {
        name: "evidence_customers",
        order_by: "id",
        columns: &[
            ("id", Int),
            ("workspace_id", Int),
            ("label", Text),
            ("created_at", Int),
        ],
    },
    Table {
        name: "evidence_identities",
        order_by: "workspace_id, identity",
        columns: &[
            ("workspace_id", Int),
            ("identity", Text),
            ("customer_id", Int),
        ],
    },
    Table {
        name: "feedback_items",
        order_by: "id",
        columns: &[
            ("id", Int),
            ("workspace_id", Int),
            ("source_id", Int),
            ("customer_id", Int),
            ("content_key", Key),
            ("text", Text),
            ("title", Text),
            ("day", Text),
            ("rating", Text),
            ("score", Int),
            ("link", Text),
            ("external_id", Text),
            ("line", Int),
            ("created_at", Int),
        ],
    },
    Table {
        name: "evidence_links",
        order_by: "id",
        columns: &[
            ("id", Int),
            ("document_id", Int),
            ("claim_kind", Text),
            ("claim_text", Text),
            ("feedback_id", Int),
            ("importance", Text),
            ("quote", Text),
            ("customer_id", Int),
            ("customer", Text),
            ("created_by", Int),
            ("created_at", Int),
        ],
    },
    Table {
        name: "theme_choices",
        order_by: "workspace_id",
        columns: &[
            ("workspace_id", Int),
            ("choices", Text),
            ("updated_by", Int),
            ("updated_at", Int),
        ],
    },
    Table {
        name: "notices",
        order_by: "id",
        columns: &[
            ("id", Int),
            ("user_id", Int),
            ("workspace_id", Int),
            ("document_id", Int),
            ("kind", Text),
            ("actor_id", Int),
            ("thread_id", Int),
            ("created_at", Int),
            ("read_at", Int),
        ],
    },
];

impl Table {
    /// `SELECT every column FROM table ORDER BY …`.
    pub(crate) fn select_sql(&self, backend: Backend) -> String {
        let columns: Vec<String> = self
            .columns
            .iter()
            .map(|&(name, kind)| match (kind, backend) {
                (Key, Backend::Sqlite) => format!("lower(hex({name})) AS {name}"),
                (Key, Backend::Postgres) => format!("encode({name}, 'hex') AS {name}"),
                _ => name.to_string(),
            })
            .collect();
        format!(
            "SELECT {} FROM {} ORDER BY {}",
            columns.join(", "),
            self.name,
            self.order_by
        )
    }

    /// `INSERT INTO table (columns…) VALUES ($1, …)` for the given subset of columns.
    pub(crate) fn insert_sql(&self, columns: &[usize], backend: Backend) -> String {
        let names: Vec<&str> = columns.iter().map(|&i| self.columns[i].0).collect();
        let params: Vec<String> = columns
            .iter()
            .enumerate()
            .map(|(at, &i)| match (self.columns[i].1, backend) {
                (Key, Backend::Sqlite) => format!("unhex(${})", at + 1),
                (Key, Backend::Postgres) => format!("decode(${}, 'hex')", at + 1),
                _ => format!("${}", at + 1),
            })
            .collect();
        format!(
            "INSERT INTO {} ({}) VALUES ({})",
            self.name,
            names.join(", "),
            params.join(", ")
        )
    }

    pub(crate) fn count_sql(&self) -> String {
        format!("SELECT COUNT(*) AS row_count FROM {}", self.name)
    }
}

const FORMAT: &str = "prfaq-backup";
const VERSION: i64 = 1;

#[derive(Serialize, Deserialize)]
struct Header {
    format: String,
    version: i64,
    schema: i64,
    backend: Backend,
    created_at: Millis,
}

#[derive(Serialize, Deserialize)]
struct TableHeader {
    table: String,
    columns: Vec<String>,
    rows: u64,
}

#[derive(Serialize, Deserialize)]
struct End {
    end: bool,
}

/// A backup being assembled in memory; written to disk in one go by [`Dump::write`].
pub(crate) struct Dump {
    text: Vec<u8>,
    summary: BackupSummary,
}

impl Dump {
    pub(crate) fn new(schema: i64, backend: Backend, created_at: Millis) -> Result<Self> {
        let mut dump = Dump {
            text: Vec::new(),
            summary: BackupSummary {
                schema_version: schema,
                tables: Vec::new(),
            },
        };
        dump.line(&Header {
            format: FORMAT.into(),
            version: VERSION,
            schema,
            backend,
            created_at,
        })?;
        Ok(dump)
    }

    /// Adds one table with all its rows, each row a value per column of `table`.
    pub(crate) fn table(&mut self, table: &Table, rows: &[Vec<Value>]) -> Result<()> {
        self.line(&TableHeader {
            table: table.name.into(),
            columns: table
                .columns
                .iter()
                .map(|(name, _)| (*name).into())
                .collect(),
            rows: rows.len() as u64,
        })?;
        for row in rows {
            self.line(row)?;
        }
        self.summary
            .tables
            .push((table.name.to_string(), rows.len() as u64));
        Ok(())
    }

    fn line(&mut self, value: &impl Serialize) -> Result<()> {
        serde_json::to_writer(&mut self.text, value).map_err(|error| StoreError::Backup {
            path: PathBuf::new(),
            message: error.to_string(),
        })?;
        self.text.push(b'\n');
        Ok(())
    }

    /// Writes the file next to `dest`, flushes it to disk and renames it into place, so
    /// that `dest` is either the old file or the complete new one.
    pub(crate) async fn write(mut self, dest: &Path) -> Result<BackupSummary> {
        self.line(&End { end: true })?;
        let dest = dest.to_path_buf();
        let text = self.text;
        let result = tokio::task::spawn_blocking({
            let dest = dest.clone();
            move || write_atomically(&dest, &text)
        })
        .await;
        let io = |message: String| StoreError::Backup {
            path: dest.clone(),
            message,
        };
        match result {
            Ok(Ok(())) => Ok(self.summary),
            Ok(Err(error)) => Err(io(error.to_string())),
            Err(error) => Err(io(error.to_string())),
        }
    }
}

fn write_atomically(dest: &Path, text: &[u8]) -> std::io::Result<()> {
    let mut partial = dest.as_os_str().to_owned();
    partial.push(".partial");
    let partial = PathBuf::from(partial);
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    // The file holds password and token hashes: only its owner may read it.
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(&partial)?;
    file.write_all(text)?;
    file.sync_all()?;
    drop(file);
    std::fs::rename(&partial, dest)
}

/// A table read back from a backup: which of [`TABLES`] it is, which of its columns the
/// file has (by index into `Table::columns`), and the rows.
pub(crate) struct LoadedTable {
    pub(crate) table: &'static Table,
    pub(crate) columns: Vec<usize>,
    pub(crate) rows: Vec<Vec<Value>>,
}

/// A whole backup read back and checked.
pub(crate) struct Loaded {
    pub(crate) schema: i64,
    pub(crate) tables: Vec<LoadedTable>,
}

/// Reads and checks a backup file: format, schema version (at most `known_schema`),
/// table and column names against [`TABLES`], row counts, value types and the end line.
/// Columns added by later migrations may be missing; they take their defaults.
pub(crate) async fn load(src: &Path, known_schema: i64) -> Result<Loaded> {
    let path = src.to_path_buf();
    let read = tokio::task::spawn_blocking({
        let path = path.clone();
        move || std::fs::read_to_string(path)
    })
    .await;
    let text = match read {
        Ok(Ok(text)) => text,
        Ok(Err(error)) => return Err(bad(&path, 0, error.to_string())),
        Err(error) => return Err(bad(&path, 0, error.to_string())),
    };
    parse(&path, &text, known_schema)
}

fn bad(path: &Path, line: usize, message: String) -> StoreError {
    let message = if line == 0 {
        message
    } else {
        format!("line {line}: {message}")
    };
    StoreError::Backup {
        path: path.to_path_buf(),
        message,
    }
}

fn parse(path: &Path, text: &str, known_schema: i64) -> Result<Loaded> {
    let mut lines = text.lines().enumerate().map(|(i, line)| (i + 1, line));
    let (number, first) = lines
        .next()
        .ok_or_else(|| bad(path, 0, "the file is empty".into()))?;
    let header: Header =
        serde_json::from_str(first).map_err(|_| bad(path, number, "not a prfaq backup".into()))?;
    if header.format != FORMAT {
        return Err(bad(path, number, "not a prfaq backup".into()));
    }
    if header.version != VERSION {
        return Err(bad(
            path,
            number,
            format!("backup format version {} is not supported", header.version),
        ));
    }
    if header.schema > known_schema {
        return Err(StoreError::SchemaTooNew {
            found: header.schema,
            known: known_schema,
        });
    }

    let mut tables: Vec<LoadedTable> = Vec::new();
    loop {
        let (number, line) = lines
            .next()
            .ok_or_else(|| bad(path, 0, "the file is cut short (no end line)".into()))?;
        if let Ok(End { end: true }) = serde_json::from_str::<End>(line) {
            break;
        }
        let head: TableHeader = serde_json::from_str(line)
            .map_err(|_| bad(path, number, "expected a table header".into()))?;
        let table = TABLES
            .iter()
            .find(|table| table.name == head.table)
            .ok_or_else(|| bad(path, number, format!("unknown table `{}`", head.table)))?;
        if tables.iter().any(|loaded| loaded.table.name == table.name) {
            return Err(bad(
                path,
                number,
                format!("table `{}` appears twice", table.name),
            ));
        }
        let mut columns = Vec::with_capacity(head.columns.len());
        for name in &head.columns {
            let index = table
                .columns
                .iter()
                .position(|(known, _)| known == name)
                .ok_or_else(|| {
                    bad(
                        path,
                        number,
                        format!("unknown column `{name}` in `{}`", table.name),
                    )
                })?;
            if columns.contains(&index) {
                return Err(bad(path, number, format!("column `{name}` appears twice")));
            }
            columns.push(index);
        }
        let mut rows = Vec::new();
        for _ in 0..head.rows {
            let (number, line) = lines
                .next()
                .ok_or_else(|| bad(path, 0, "the file is cut short".into()))?;
            let row: Vec<Value> = serde_json::from_str(line)
                .map_err(|_| bad(path, number, "expected a row".into()))?;
            if row.len() != columns.len() {
                return Err(bad(path, number, "wrong number of values".into()));
            }
            for (value, &index) in row.iter().zip(&columns) {
                let (name, kind) = table.columns[index];
                let fits = match kind {
                    _ if value.is_null() => true,
                    Kind::Int => value.as_i64().is_some(),
                    Kind::Text => value.is_string(),
                    Kind::Key => value.as_str().is_some_and(|key| {
                        key.len() == 32 && key.bytes().all(|b| b.is_ascii_hexdigit())
                    }),
                };
                if !fits {
                    return Err(bad(path, number, format!("bad value for `{name}`")));
                }
            }
            rows.push(row);
        }
        tables.push(LoadedTable {
            table,
            columns,
            rows,
        });
    }
    if let Some((number, _)) = lines.find(|(_, line)| !line.trim().is_empty()) {
        return Err(bad(path, number, "text after the end line".into()));
    }
    // Load in the order of TABLES, whatever order the file used, so that parents come
    // before children.
    tables.sort_by_key(|loaded| {
        TABLES
            .iter()
            .position(|table| table.name == loaded.table.name)
    });
    Ok(Loaded {
        schema: header.schema,
        tables,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_text(text: &str) -> Result<Loaded> {
        parse(Path::new("test.jsonl"), text, 3)
    }

    #[test]
    fn refuses_damaged_files() {
        let good = "{\"format\":\"prfaq-backup\",\"version\":1,\"schema\":3,\"backend\":\"sqlite\",\"created_at\":0}\n\
                    {\"table\":\"workspaces\",\"columns\":[\"id\",\"name\",\"created_at\"],\"rows\":1}\n\
                    [7,\"Team\",1]\n\
                    {\"end\":true}\n";
        let loaded = parse_text(good).expect("a good file loads");
        assert_eq!(loaded.tables.len(), 1);
        assert_eq!(loaded.tables[0].rows.len(), 1);

        let cut = good.replace("{\"end\":true}\n", "");
        let injected = good.replace("\"name\"", "\"name) VALUES (1); DROP TABLE users; --\"");
        let bad_type = good.replace("[7,", "[\"7\",");
        let too_new = good.replace("\"schema\":3", "\"schema\":99");
        let short = good.replace("\"rows\":1", "\"rows\":2");
        for (what, text) in [
            ("cut", cut.as_str()),
            ("injected", &injected),
            ("bad type", &bad_type),
            ("too new", &too_new),
            ("short", &short),
            ("empty", ""),
            ("other", "{\"hello\":1}\n"),
        ] {
            assert!(parse_text(text).is_err(), "{what} must be refused");
        }
    }

    #[test]
    fn sql_is_built_from_known_names_only() {
        let table = &TABLES[2];
        assert_eq!(
            table.select_sql(Backend::Sqlite),
            "SELECT id, name, created_at, feedback_version, theme_choices_version \
             FROM workspaces ORDER BY id"
        );
        assert_eq!(
            table.insert_sql(&[0, 2], Backend::Postgres),
            "INSERT INTO workspaces (id, created_at) VALUES ($1, $2)"
        );
        let items = TABLES
            .iter()
            .find(|t| t.name == "feedback_items")
            .expect("the items");
        assert!(
            items
                .select_sql(Backend::Sqlite)
                .contains("lower(hex(content_key)) AS content_key")
        );
        assert!(
            items
                .select_sql(Backend::Postgres)
                .contains("encode(content_key, 'hex') AS content_key")
        );
        assert_eq!(
            items.insert_sql(&[0, 4], Backend::Sqlite),
            "INSERT INTO feedback_items (id, content_key) VALUES ($1, unhex($2))"
        );
        assert_eq!(
            items.insert_sql(&[0, 4], Backend::Postgres),
            "INSERT INTO feedback_items (id, content_key) VALUES ($1, decode($2, 'hex'))"
        );
    }
}
