//! Events from a PostgreSQL table, streamed with `COPY (SELECT …) TO STDOUT` as CSV into
//! the same reader as a CSV file, so that a table and a file of the same events give the
//! same report.
//!
//! Only the columns the report reads are selected. The connection runs on a thread of
//! its own and hands the CSV over in chunks, at most eight waiting, so memory stays
//! bounded whatever the table's size. A statement timeout, a row limit and a byte limit
//! bound the read. Timestamps are sent in UTC, in ISO form. Messages name the server
//! without its password.

use std::io::Read;
use std::str::FromStr as _;
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use sqlx::ConnectOptions as _;
use sqlx::postgres::{PgConnectOptions, PgConnection};

use super::csv::{self, Places};
use crate::events::{Collector, Columns, Events, InputError, Wanted};

/// The most rows read from a table: about as many as the largest events file the
/// workspace takes (512 MiB) holds in short rows.
pub const MAX_ROWS: u64 = 20_000_000;
/// The most bytes of CSV read from a table, the workspace's limit for a file.
pub const MAX_BYTES: u64 = 512 * 1024 * 1024;
/// How long the server may take over the whole read, by default.
pub const STATEMENT_TIMEOUT: Duration = Duration::from_secs(300);
/// How long reaching the server may take.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(15);

/// Where the events are: a server, a table (or view) and its columns.
#[derive(Debug, Clone)]
pub struct Source {
    /// `postgres://user:password@host:5432/database`.
    pub url: String,
    /// A table or view, schema-qualified or found on the search path.
    pub table: String,
    pub columns: Columns,
    pub statement_timeout: Duration,
    pub max_rows: u64,
    pub max_bytes: u64,
}

impl Source {
    pub fn new(url: &str, table: &str, columns: Columns) -> Source {
        Source {
            url: url.to_owned(),
            table: table.to_owned(),
            columns,
            statement_timeout: STATEMENT_TIMEOUT,
            max_rows: MAX_ROWS,
            max_bytes: MAX_BYTES,
        }
    }

    /// How the events are named in the report and its messages: `table events`.
    pub fn name(&self) -> String {
        format!("table {}", self.table)
    }
}

/// The server as messages name it: `user@host:port/database`, never the password.
pub fn server_name(url: &str) -> String {
    match PgConnectOptions::from_str(url) {
        Ok(o) => format!(
            "{}@{}:{}/{}",
            o.get_username(),
            o.get_host(),
            o.get_port(),
            o.get_database().unwrap_or(o.get_username())
        ),
        Err(_) => "the server".into(),
    }
}

/// The host and port a PostgreSQL address connects to, or `None` when it is not one.
pub fn host_and_port(url: &str) -> Option<(String, u16)> {
    let options = PgConnectOptions::from_str(url).ok()?;
    Some((options.get_host().to_owned(), options.get_port()))
}

/// The server an address names, as a stored source shows it to every member.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Server {
    pub user: String,
    pub host: String,
    pub port: u16,
    pub database: String,
}

/// The user, host, port and database of a PostgreSQL address, or `None` when it is
/// not one. The password is not read.
pub fn server(url: &str) -> Option<Server> {
    let o = PgConnectOptions::from_str(url).ok()?;
    Some(Server {
        user: o.get_username().to_owned(),
        host: o.get_host().to_owned(),
        port: o.get_port(),
        database: o.get_database().unwrap_or(o.get_username()).to_owned(),
    })
}

/// The address as it may be shown back: the password (before the host, or a
/// `password` or `sslpassword` parameter) replaced by `***`, the rest as written; `None`
/// when it is not an address. It is read by the same URL parser the connection uses,
/// so what is masked is exactly the password the connection would send.
pub fn shown_url(url: &str) -> Option<String> {
    let mut parsed = url::Url::parse(url.trim()).ok()?;
    if parsed.password().is_some() {
        parsed.set_password(Some("***")).ok()?;
    }
    if parsed.query().is_some() {
        let pairs: Vec<(String, String)> = parsed
            .query_pairs()
            .map(|(key, value)| {
                let secret =
                    key.eq_ignore_ascii_case("password") || key.eq_ignore_ascii_case("sslpassword");
                let value = if secret {
                    "***".to_owned()
                } else {
                    value.into_owned()
                };
                (key.into_owned(), value)
            })
            .collect();
        parsed.query_pairs_mut().clear().extend_pairs(pairs);
    }
    Some(parsed.to_string())
}

/// What the connection's thread hands over.
enum Message {
    /// The table and its columns were found and the copy has begun.
    Ready,
    Data(Vec<u8>),
    Failed(InputError),
}

/// Reads the events of `source` that `wanted` names.
pub fn read(source: &Source, wanted: &Wanted) -> Result<Events, InputError> {
    let name = source.name();
    let (send, receive) = sync_channel(8);
    std::thread::scope(|scope| {
        scope.spawn(|| produce(source, wanted, send));
        match receive.recv() {
            Ok(Message::Ready) => {}
            Ok(Message::Failed(e)) => return Err(e),
            Ok(Message::Data(_)) | Err(_) => {
                return Err(InputError {
                    place: name.clone(),
                    message: "the connection ended before the table was read".into(),
                });
            }
        }
        let failure = Arc::new(Mutex::new(None));
        let incoming = Incoming {
            receive,
            chunk: Vec::new(),
            at: 0,
            failure: Arc::clone(&failure),
        };
        let mut collector = Collector::new(wanted);
        let read = csv::read(
            incoming,
            &name,
            &source.columns,
            &mut collector,
            Places::Rows,
        );
        // The server's reason comes first: the CSV reader only saw the stream end.
        if let Some(e) = failure.lock().map_or(None, |mut f| f.take()) {
            return Err(e);
        }
        read?;
        let rows = collector.events.rows;
        if rows == 0 {
            return Err(InputError {
                place: name.clone(),
                message: "the table has no rows".into(),
            });
        }
        if rows > source.max_rows {
            return Err(InputError {
                place: name.clone(),
                message: format!(
                    "the table has more than {} rows, the most read at once; read a view \
                     of the rows the report needs (a time range, the journey's events)",
                    source.max_rows
                ),
            });
        }
        collector.finish(&name)
    })
}

/// The CSV the connection's thread sends, as a reader.
struct Incoming {
    receive: Receiver<Message>,
    chunk: Vec<u8>,
    at: usize,
    failure: Arc<Mutex<Option<InputError>>>,
}

impl Read for Incoming {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        loop {
            if self.at < self.chunk.len() {
                let n = (self.chunk.len() - self.at).min(buf.len());
                buf[..n].copy_from_slice(&self.chunk[self.at..self.at + n]);
                self.at += n;
                return Ok(n);
            }
            match self.receive.recv() {
                Ok(Message::Data(chunk)) => {
                    self.chunk = chunk;
                    self.at = 0;
                }
                Ok(Message::Ready) => {}
                Ok(Message::Failed(e)) => {
                    let message = e.to_string();
                    if let Ok(mut f) = self.failure.lock() {
                        *f = Some(e);
                    }
                    return Err(std::io::Error::other(message));
                }
                Err(_) => return Ok(0),
            }
        }
    }
}

/// Connects, finds the table and its columns, and streams the copy to `send`.
fn produce(source: &Source, wanted: &Wanted, send: SyncSender<Message>) {
    let failed = |message: String| {
        Message::Failed(InputError {
            place: source.name(),
            message,
        })
    };
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            let _ = send.send(failed(format!("cannot start the connection: {e}")));
            return;
        }
    };
    runtime.block_on(async {
        let (mut conn, statement) = match open(source, wanted).await {
            Ok(opened) => opened,
            Err(e) => {
                let _ = send.send(Message::Failed(e));
                return;
            }
        };
        let mut stream = match conn.copy_out_raw(&statement).await {
            Ok(s) => s,
            Err(e) => {
                let _ = send.send(failed(format!("the server would not read it: {e}")));
                return;
            }
        };
        if send.send(Message::Ready).is_err() {
            return;
        }
        let mut bytes = 0u64;
        loop {
            let next = std::future::poll_fn(|cx| stream.as_mut().poll_next(cx)).await;
            let message = match next {
                None => return,
                Some(Ok(chunk)) => {
                    bytes += chunk.len() as u64;
                    if bytes > source.max_bytes {
                        failed(format!(
                            "the table holds more than {} MiB of events, the most read at \
                             once; read a view of the rows the report needs",
                            source.max_bytes >> 20
                        ))
                    } else {
                        Message::Data(chunk.to_vec())
                    }
                }
                Some(Err(e)) => failed(format!("reading stopped: {e}")),
            };
            let last = matches!(message, Message::Failed(_));
            // The reader stopped (an error in a row): stop copying.
            if send.send(message).is_err() || last {
                return;
            }
        }
    });
}

/// A name as a quoted SQL identifier.
fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// Connects with the source's limits, checks the table and its columns, and returns
/// the connection with the `COPY` statement to run.
async fn open(source: &Source, wanted: &Wanted) -> Result<(PgConnection, String), InputError> {
    let place = source.name();
    let bad = |message: String| InputError {
        place: place.clone(),
        message,
    };
    let server = server_name(&source.url);
    let options = PgConnectOptions::from_str(&source.url).map_err(|_| {
        bad("the events URL is not a PostgreSQL address \
             (postgres://user:password@host:5432/database)"
            .into())
    })?;
    let mut conn = tokio::time::timeout(CONNECT_TIMEOUT, options.connect())
        .await
        .map_err(|_| {
            bad(format!(
                "cannot reach the PostgreSQL server {server}: no answer in {} s",
                CONNECT_TIMEOUT.as_secs()
            ))
        })?
        .map_err(|e| bad(format!("cannot reach the PostgreSQL server {server}: {e}")))?;
    let settings = format!(
        "SET statement_timeout = {}; SET TimeZone = 'UTC'; SET DateStyle = 'ISO, YMD'; \
         SET IntervalStyle = 'iso_8601'",
        source.statement_timeout.as_millis()
    );
    sqlx::raw_sql(sqlx::AssertSqlSafe(settings))
        .execute(&mut conn)
        .await
        .map_err(|e| bad(format!("the server {server} refused the settings: {e}")))?;
    let table: Option<String> = sqlx::query_scalar("SELECT to_regclass($1)::text")
        .bind(&source.table)
        .fetch_one(&mut conn)
        .await
        .map_err(|e| bad(format!("`{}` is not a table name: {e}", source.table)))?;
    let Some(table) = table else {
        return Err(bad(format!(
            "no table or view `{}` in {server}; give it with its schema (`analytics.events`) \
             if it is not on the search path",
            source.table
        )));
    };
    let have: Vec<String> = sqlx::query_scalar(
        "SELECT attname::text FROM pg_attribute \
         WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum",
    )
    .bind(&table)
    .fetch_all(&mut conn)
    .await
    .map_err(|e| bad(format!("cannot read the columns of `{table}`: {e}")))?;
    let columns = &source.columns;
    let mut select = Vec::new();
    for (want, role, flag) in [
        (&columns.user, "user id", "user_id"),
        (&columns.event, "event name", "event"),
        (&columns.timestamp, "time", "timestamp"),
    ] {
        if !have.contains(want) {
            return Err(super::missing_column(&place, role, want, flag, &have));
        }
        select.push(quoted(want));
    }
    for property in wanted.property.iter().flatten() {
        if !have.contains(property) {
            return Err(bad(format!(
                "the metrics sum the property `{property}`, but the table has no such column; \
                 its columns are {}",
                have.iter()
                    .map(|h| format!("`{h}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )));
        }
        let q = quoted(property);
        if !select.contains(&q) {
            select.push(q);
        }
    }
    let statement = format!(
        "COPY (SELECT {} FROM {table} LIMIT {}) TO STDOUT WITH (FORMAT csv, HEADER true)",
        select.join(", "),
        source.max_rows.saturating_add(1)
    );
    Ok((conn, statement))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_server_is_named_without_its_password() {
        let name = server_name("postgres://ann:s3cret@db.example:6543/shop");
        assert_eq!(name, "ann@db.example:6543/shop");
        assert!(!server_name("postgres://ann:s3cret@db/shop").contains("s3cret"));
        assert_eq!(quoted("we\"ird"), "\"we\"\"ird\"");
    }

    #[test]
    fn a_shown_address_holds_no_password() {
        for (url, shown) in [
            (
                "postgres://ann:s3cret@db.example:6543/shop",
                "postgres://ann:***@db.example:6543/shop",
            ),
            // A password holding an encoded @ and /, and one in the parameters.
            (
                "postgresql://ann:s3%40c%2Fret@db/shop?sslmode=require&password=s3cret",
                "postgresql://ann:***@db/shop?sslmode=require&password=***",
            ),
            ("postgres://ann@db/shop", "postgres://ann@db/shop"),
            ("postgres://db", "postgres://db"),
        ] {
            let got = shown_url(url).expect("an address");
            assert_eq!(got, shown, "{url}");
            assert!(!got.contains("s3"), "{url}");
        }
        // Not an address (a password with a bare slash reads as a port): nothing shown.
        assert_eq!(shown_url("postgres://ann:s3/cret@db/shop"), None);
        assert_eq!(shown_url("s3cret"), None);
        let found = server("postgres://ann:s3cret@db.example:6543/shop").expect("an address");
        assert_eq!(
            (
                found.user.as_str(),
                found.host.as_str(),
                found.port,
                found.database.as_str()
            ),
            ("ann", "db.example", 6543, "shop")
        );
        assert_eq!(server("not an address"), None);
    }
}
