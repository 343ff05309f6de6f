//! Crash safety (issue 8): `prfaq serve` is killed with SIGKILL while many saves are in
//! flight, restarted on the same database, and the database must open with every
//! acknowledged save in it, revisions numbered 1..n without gaps, and no half-written
//! revision. On SQLite (a temporary file, WAL) and on PostgreSQL (a database of its own,
//! created through the admin URL in `PRFAQ_TEST_POSTGRES_URL`, default
//! `postgres://postgres@127.0.0.1:5432/test`, and dropped afterwards). When PostgreSQL
//! cannot be reached its half is skipped with a loud note, unless `CI=true`.
//!
//! Each run: sign up through the pages, create a personal access token through the API,
//! create a document, then three rounds of: 8 writer threads saving in a loop through
//! `PUT /api/documents/{id}` (each with the newest revision it knows as its base), a
//! SIGKILL to the server while they do, a restart, and a check of the whole history
//! against what the writers were told.
//!
//! To see the test catch a loss, run it with `PRFAQ_CRASH_DROP_WAL=1`: after each kill
//! the SQLite write-ahead log is deleted before the restart, as a store that
//! acknowledged saves before they reached the main database file would behave. The
//! SQLite half then fails with "acknowledged save … is missing".

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use prfaq_store::testing::PostgresScratch;
use serde_json::{Value, json};
use sqlx::Connection;

const PASSWORD: &str = "correct horse battery staple";
const WRITERS: usize = 8;
const ROUNDS: usize = 3;

// ---- the server process ----

/// A running `prfaq serve`; killed (SIGKILL) when dropped.
struct Server {
    child: Child,
    base: String,
    log: PathBuf,
}

impl Server {
    fn start(database: &str, port: u16, log: &Path) -> Server {
        let log_file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(log)
            .expect("the server log file");
        let child = Command::new(env!("CARGO_BIN_EXE_prfaq"))
            .args([
                "serve",
                "--no-example",
                "--addr",
                &format!("127.0.0.1:{port}"),
                "--database",
                database,
            ])
            .stdout(Stdio::null())
            .stderr(log_file)
            .spawn()
            .expect("prfaq serve starts");
        let mut server = Server {
            child,
            base: format!("http://127.0.0.1:{port}"),
            log: log.to_path_buf(),
        };
        let agent = agent();
        let started = Instant::now();
        while started.elapsed() < Duration::from_secs(60) {
            if let Ok(Some(status)) = server.child.try_wait() {
                panic!(
                    "prfaq serve exited with {status} instead of opening the database:\n{}",
                    server.log_tail()
                );
            }
            if let Ok(response) = agent.get(format!("{}/healthz", server.base)).call()
                && response.status() == 200
            {
                return server;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!(
            "prfaq serve did not answer within 60 s:\n{}",
            server.log_tail()
        );
    }

    /// SIGKILL: no shutdown code runs, nothing is flushed by the server.
    fn kill_9(&mut self) {
        let pid = self.child.id().to_string();
        let status = Command::new("kill")
            .args(["-9", &pid])
            .status()
            .expect("kill runs");
        assert!(status.success(), "kill -9 {pid} failed");
        let status = self.child.wait().expect("wait for the killed server");
        assert!(!status.success(), "the server was not killed: {status}");
    }

    fn log_tail(&self) -> String {
        let text = std::fs::read_to_string(&self.log).unwrap_or_default();
        let lines: Vec<&str> = text.lines().collect();
        lines[lines.len().saturating_sub(30)..].join("\n")
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .timeout_global(Some(Duration::from_secs(60)))
        .build()
        .into()
}

// ---- an account, a token and a document, through the app's own pages and API ----

/// A browser-like client for sign-up: keeps cookies and the page's CSRF token.
struct Browser {
    agent: ureq::Agent,
    base: String,
    cookies: BTreeMap<String, String>,
    csrf: String,
}

impl Browser {
    fn new(base: &str) -> Browser {
        Browser {
            agent: agent(),
            base: base.to_owned(),
            cookies: BTreeMap::new(),
            csrf: String::new(),
        }
    }

    fn cookie(&self) -> String {
        let pairs: Vec<String> = self
            .cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        pairs.join("; ")
    }

    fn keep(&mut self, mut response: ureq::http::Response<ureq::Body>) -> (u16, String) {
        for value in response.headers().get_all("set-cookie") {
            let pair = value.to_str().unwrap_or("").split(';').next().unwrap_or("");
            if let Some((name, value)) = pair.split_once('=') {
                self.cookies
                    .insert(name.trim().to_owned(), value.to_owned());
            }
        }
        let text = response.body_mut().read_to_string().unwrap_or_default();
        let marker = "name=\"csrf-token\" content=\"";
        if let Some(at) = text.find(marker) {
            let rest = &text[at + marker.len()..];
            self.csrf = rest[..rest.find('"').unwrap_or(0)].to_owned();
        }
        (response.status().as_u16(), text)
    }

    fn get(&mut self, path: &str) -> (u16, String) {
        let response = self
            .agent
            .get(format!("{}{path}", self.base))
            .header("Cookie", &self.cookie())
            .call()
            .expect("GET");
        self.keep(response)
    }

    fn form(&mut self, path: &str, fields: &[(&str, &str)]) -> (u16, String) {
        let csrf = self.csrf.clone();
        let mut all = vec![("csrf", csrf.as_str())];
        all.extend_from_slice(fields);
        let response = self
            .agent
            .post(format!("{}{path}", self.base))
            .header("Cookie", &self.cookie())
            .send_form(all)
            .expect("POST");
        self.keep(response)
    }

    fn api_post(&mut self, path: &str, body: Value) -> (u16, Value) {
        let response = self
            .agent
            .post(format!("{}{path}", self.base))
            .header("Cookie", &self.cookie())
            .header("x-csrf-token", &self.csrf)
            .send_json(body)
            .expect("API call");
        let (status, text) = self.keep(response);
        (status, serde_json::from_str(&text).unwrap_or(Value::Null))
    }
}

/// A bearer-token API call; `None` when the request failed in transport.
fn bearer(
    agent: &ureq::Agent,
    base: &str,
    token: &str,
    method: &str,
    path: &str,
    body: Option<&Value>,
) -> Option<(u16, String)> {
    let url = format!("{base}{path}");
    let auth = format!("Bearer {token}");
    let result = match (method, body) {
        ("GET", _) => agent.get(url).header("Authorization", &auth).call(),
        ("PUT", Some(body)) => agent
            .put(url)
            .header("Authorization", &auth)
            .send_json(body),
        ("POST", Some(body)) => agent
            .post(url)
            .header("Authorization", &auth)
            .send_json(body),
        _ => panic!("unsupported call {method} {path}"),
    };
    let mut response = result.ok()?;
    let status = response.status().as_u16();
    // A body that cannot be read whole was not received: the caller learns nothing.
    let text = response.body_mut().read_to_string().ok()?;
    Some((status, text))
}

fn get_json(agent: &ureq::Agent, base: &str, token: &str, path: &str) -> Value {
    let (status, text) = bearer(agent, base, token, "GET", path, None)
        .unwrap_or_else(|| panic!("GET {path} failed in transport after the restart"));
    assert_eq!(status, 200, "GET {path} after the restart: {text}");
    serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("GET {path} after the restart is not JSON ({e}): {text}"))
}

struct Fixture {
    token: String,
    document: String,
    first_text: String,
}

fn set_up(base: &str) -> Fixture {
    let mut owner = Browser::new(base);
    let (status, page) = owner.get("/signup");
    assert_eq!(status, 200, "sign-up page: {page}");
    let (status, page) = owner.form(
        "/signup",
        &[
            ("name", "Crash Tester"),
            ("email", "crash@example.com"),
            ("password", PASSWORD),
        ],
    );
    assert_eq!(status, 303, "sign-up: {page}");
    // Any page of the signed-in session carries the session's CSRF token.
    let (status, page) = owner.get("/rules");
    assert_eq!(status, 200, "rules page: {page}");
    let (status, created) = owner.api_post(
        "/api/tokens",
        json!({ "name": "crash test", "scope": "write" }),
    );
    assert_eq!(status, 201, "token: {created}");
    let token = created["secret"]
        .as_str()
        .expect("the token's secret")
        .to_owned();

    let agent = agent();
    let workspaces = get_json(&agent, base, &token, "/api/workspaces");
    let ws = workspaces["workspaces"][0]["id"]
        .as_i64()
        .unwrap_or_else(|| panic!("a workspace id in {workspaces}"));
    let first_text = text_for(usize::MAX, 0, 0);
    let (status, text) = bearer(
        &agent,
        base,
        &token,
        "POST",
        &format!("/api/workspaces/{ws}/documents"),
        Some(&json!({ "title": "Crash test", "text": first_text })),
    )
    .expect("create the document");
    assert_eq!(status, 201, "create the document: {text}");
    let created: Value = serde_json::from_str(&text).expect("JSON");
    let document = created["document"]["id"]
        .as_i64()
        .unwrap_or_else(|| panic!("a document id in {created}"))
        .to_string();
    Fixture {
        token,
        document,
        first_text,
    }
}

// ---- the writers ----

/// What the writers sent and were told, over all rounds.
#[derive(Default)]
struct Ledger {
    /// Acknowledged saves: revision number → the exact text sent.
    acknowledged: BTreeMap<i64, String>,
    /// Saves whose answer never arrived (in flight at the kill): they may or may not be
    /// stored, and must be whole if they are.
    uncertain: BTreeSet<String>,
    /// Saves refused as stale (409): they must not be stored.
    refused: usize,
}

/// A unique text for each save, of varying length (a few hundred bytes to ~10 KB, so a
/// save spans several database pages) with multi-byte characters, so that a torn or
/// mixed-up revision cannot equal any text that was sent.
fn text_for(writer: usize, round: usize, k: usize) -> String {
    let mut text = format!(
        "---\ntitle: Crash test\n---\n\n# Crash test\n\nWriter {writer}, round {round}, save {k}.\n\n"
    );
    let paragraphs = (writer.wrapping_mul(31) ^ k.wrapping_mul(17) ^ round) % 40 + 1;
    for p in 0..paragraphs {
        text.push_str(&format!(
            "Paragraph {p} of save {k} by writer {writer}: customers reorder in one tap — naïve \
             café ✓ 数据 {round}/{k}/{p}. The draft keeps every word that was acknowledged, \
             and none that was half written.\n\n"
        ));
    }
    text
}

fn run_writers(
    base: &str,
    fixture: &Fixture,
    round: usize,
    base_revision: i64,
    kill_after_acks: usize,
    kill: impl FnOnce(),
) -> (BTreeMap<i64, String>, BTreeSet<String>, usize) {
    let acknowledged = Arc::new(Mutex::new(BTreeMap::<i64, String>::new()));
    let uncertain = Arc::new(Mutex::new(BTreeSet::<String>::new()));
    let refused = Arc::new(AtomicUsize::new(0));
    let stop = Arc::new(AtomicBool::new(false));
    let mut handles = Vec::new();
    for writer in 0..WRITERS {
        let (acknowledged, uncertain, refused, stop) = (
            acknowledged.clone(),
            uncertain.clone(),
            refused.clone(),
            stop.clone(),
        );
        let (base, token, document) = (
            base.to_owned(),
            fixture.token.clone(),
            fixture.document.clone(),
        );
        handles.push(std::thread::spawn(move || {
            let agent = agent();
            let path = format!("/api/documents/{document}");
            let mut known = base_revision;
            let mut k = 0;
            // Writers keep going until their connection dies with the server; `stop`
            // only ends a round in which the server somehow survived.
            while !stop.load(Ordering::SeqCst) {
                k += 1;
                let text = text_for(writer, round, k);
                let body = json!({
                    "base_revision": known,
                    "text": text,
                    "note": format!("writer {writer} round {round} save {k}"),
                });
                let Some((status, reply)) =
                    bearer(&agent, &base, &token, "PUT", &path, Some(&body))
                else {
                    // In flight at the kill (or sent after it): the answer never came.
                    uncertain.lock().unwrap().insert(text);
                    return;
                };
                let reply: Value = serde_json::from_str(&reply).unwrap_or_else(|e| {
                    panic!("save answered {status} with non-JSON ({e}): {reply}")
                });
                match status {
                    200 | 201 => {
                        let number = reply["revision"]["number"]
                            .as_i64()
                            .unwrap_or_else(|| panic!("no revision number in {reply}"));
                        let previous = acknowledged.lock().unwrap().insert(number, text);
                        assert!(
                            previous.is_none(),
                            "two saves were both acknowledged as revision {number}"
                        );
                        known = number;
                    }
                    409 => {
                        refused.fetch_add(1, Ordering::SeqCst);
                        assert_eq!(
                            reply["stale"]["your_text"].as_str(),
                            Some(text.as_str()),
                            "a stale save must return the writer's text"
                        );
                        known = reply["stale"]["current_revision"]
                            .as_i64()
                            .unwrap_or_else(|| panic!("no current revision in {reply}"));
                    }
                    other => panic!("a save answered {other}: {reply}"),
                }
            }
        }));
    }
    // Kill once the writers are in full swing: after some acknowledged saves, at a
    // varying moment, so the kill lands inside different parts of a save.
    let started = Instant::now();
    while acknowledged.lock().unwrap().len() < kill_after_acks {
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "only {} saves acknowledged in 120 s",
            acknowledged.lock().unwrap().len()
        );
        assert!(
            !handles.iter().all(|h| h.is_finished()),
            "every writer stopped before the kill"
        );
        std::thread::sleep(Duration::from_millis(2));
    }
    let reached = started.elapsed();
    std::thread::sleep(Duration::from_millis(jitter_ms(250)));
    let at_kill = acknowledged.lock().unwrap().len();
    kill();
    eprintln!(
        "  round {round}: {kill_after_acks} acknowledged after {reached:?}; killed after {:?} with {at_kill} acknowledged",
        started.elapsed()
    );
    stop.store(true, Ordering::SeqCst);
    for handle in handles {
        if let Err(panic) = handle.join() {
            std::panic::resume_unwind(panic);
        }
    }
    let acknowledged = std::mem::take(&mut *acknowledged.lock().unwrap());
    let uncertain = std::mem::take(&mut *uncertain.lock().unwrap());
    (acknowledged, uncertain, refused.load(Ordering::SeqCst))
}

fn jitter_ms(max: u64) -> u64 {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    u64::from(nanos) % max.max(1)
}

// ---- the check after each restart ----

/// Reads the whole history through the API and holds it against the ledger. Returns
/// the newest revision number.
fn verify(base: &str, fixture: &Fixture, ledger: &Ledger, label: &str) -> i64 {
    let agent = agent();
    let doc = &fixture.document;
    let token = &fixture.token;
    let listed = get_json(
        &agent,
        base,
        token,
        &format!("/api/documents/{doc}/revisions"),
    );
    let mut numbers: Vec<i64> = listed["revisions"]
        .as_array()
        .unwrap_or_else(|| panic!("{label}: no revision list in {listed}"))
        .iter()
        .map(|r| r["number"].as_i64().expect("a revision number"))
        .collect();
    numbers.sort_unstable();
    let n = numbers.len() as i64;
    let expected: Vec<i64> = (1..=n).collect();
    assert_eq!(
        numbers, expected,
        "{label}: revision numbers are not contiguous 1..{n}"
    );

    let mut seen_texts = BTreeSet::new();
    for number in 1..=n {
        let got = get_json(
            &agent,
            base,
            token,
            &format!("/api/documents/{doc}/revisions/{number}"),
        );
        let text = got["text"]
            .as_str()
            .unwrap_or_else(|| panic!("{label}: revision {number} has no text: {got}"));
        assert_eq!(
            got["revision"]["size"].as_i64(),
            Some(text.len() as i64),
            "{label}: revision {number}'s recorded size does not match its text"
        );
        let known = if number == 1 {
            text == fixture.first_text
        } else if let Some(acked) = ledger.acknowledged.get(&number) {
            assert!(
                text == acked,
                "{label}: revision {number} was acknowledged with one text but holds another \
                 ({} bytes acknowledged, {} bytes stored)",
                acked.len(),
                text.len()
            );
            true
        } else {
            ledger.uncertain.contains(text)
        };
        assert!(
            known,
            "{label}: revision {number} is not any text that was sent (half-written or a \
             refused save stored): {} bytes, starting {:?}",
            text.len(),
            text.chars().take(120).collect::<String>()
        );
        assert!(
            seen_texts.insert(text.to_owned()),
            "{label}: revision {number} repeats an earlier save"
        );
    }
    // Every acknowledged save's text was compared above; none may lie past the end.
    for number in ledger.acknowledged.keys() {
        assert!(
            *number <= n,
            "{label}: acknowledged save {number} is missing: the history ends at {n} \
             ({} saves acknowledged in all)",
            ledger.acknowledged.len()
        );
    }
    let acked = ledger.acknowledged.len() as i64;
    let in_flight = ledger.uncertain.len() as i64;
    let saved = n - 1; // revision 1 is the document's first text
    assert!(
        (acked..=acked + in_flight).contains(&saved),
        "{label}: {n} revisions, but 1 initial + {acked} acknowledged (+ up to {in_flight} in \
         flight) were expected"
    );
    let current = get_json(&agent, base, token, &format!("/api/documents/{doc}"));
    assert_eq!(
        current["document"]["current_revision"].as_i64(),
        Some(n),
        "{label}: the document's current revision is not the newest one stored"
    );
    assert_eq!(
        current["revision"]["number"].as_i64(),
        Some(n),
        "{label}: the newest revision served is not {n}"
    );
    n
}

// ---- a whole run on one database ----

fn crash_run(database: &str, dir: &Path, sqlite_file: Option<&Path>) {
    let label_db = if sqlite_file.is_some() {
        "SQLite"
    } else {
        "PostgreSQL"
    };
    let log = dir.join("server.log");
    let mut server = Server::start(database, free_port(), &log);
    let fixture = set_up(&server.base);
    let mut ledger = Ledger::default();
    let mut newest = 1;
    for round in 1..=ROUNDS {
        // Vary how long the writers run before the kill.
        let kill_after = 5 + 15 * round;
        let sabotage =
            sqlite_file.filter(|_| std::env::var("PRFAQ_CRASH_DROP_WAL").is_ok_and(|v| v == "1"));
        if let Some(file) = sabotage {
            // Everything so far (account, token, earlier rounds) into the main file, so
            // that only this round's saves are lost with the WAL below.
            checkpoint(file);
        }
        let base = server.base.clone();
        let (acked, uncertain, refused) =
            run_writers(&base, &fixture, round, newest, kill_after, || {
                server.kill_9()
            });
        eprintln!(
            "{label_db} round {round}: {} acknowledged, {} in flight at the kill, {} refused as stale",
            acked.len(),
            uncertain.len(),
            refused
        );
        assert!(!acked.is_empty(), "round {round}: nothing was acknowledged");
        for (number, text) in acked {
            assert!(
                ledger.acknowledged.insert(number, text).is_none(),
                "revision {number} was acknowledged twice, in different rounds"
            );
        }
        ledger.uncertain.extend(uncertain);
        ledger.refused += refused;

        if let Some(file) = sabotage {
            // Sabotage, to see this test fail: lose what only the WAL held.
            let _ = std::fs::remove_file(wal_of(file));
            let _ = std::fs::remove_file(shm_of(file));
        }

        server = Server::start(database, free_port(), &log);
        newest = verify(
            &server.base,
            &fixture,
            &ledger,
            &format!("{label_db} after kill {round}"),
        );
    }
    drop(server);
    if let Some(file) = sqlite_file {
        // Closed cleanly or not, the file must pass SQLite's own consistency check.
        let runtime = runtime();
        runtime.block_on(async {
            let mut conn = sqlx::SqliteConnection::connect(&format!("sqlite:{}", file.display()))
                .await
                .expect("open the SQLite file");
            let result: String = sqlx::query_scalar("PRAGMA integrity_check")
                .fetch_one(&mut conn)
                .await
                .expect("PRAGMA integrity_check");
            assert_eq!(result, "ok", "SQLite integrity check failed");
            conn.close().await.ok();
        });
    }
    eprintln!(
        "{label_db}: {} revisions after {ROUNDS} kills; {} acknowledged saves all present, {} \
         refused as stale, {} in flight at a kill",
        newest,
        ledger.acknowledged.len(),
        ledger.refused,
        ledger.uncertain.len()
    );
}

/// Copies the WAL into the main database file and empties it (sabotage mode only).
fn checkpoint(file: &Path) {
    runtime().block_on(async {
        let mut conn = sqlx::SqliteConnection::connect(&format!("sqlite:{}", file.display()))
            .await
            .expect("open the SQLite file");
        sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
            .execute(&mut conn)
            .await
            .expect("checkpoint");
        conn.close().await.ok();
    });
}

fn wal_of(file: &Path) -> PathBuf {
    PathBuf::from(format!("{}-wal", file.display()))
}

fn shm_of(file: &Path) -> PathBuf {
    PathBuf::from(format!("{}-shm", file.display()))
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime")
}

#[test]
fn sqlite_keeps_every_acknowledged_save_through_sigkill() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let file = dir.path().join("crash.db");
    crash_run(
        &format!("sqlite:{}", file.display()),
        dir.path(),
        Some(&file),
    );
}

// ---- PostgreSQL: a database of its own ----

#[test]
fn postgres_keeps_every_acknowledged_save_through_sigkill() {
    let Some(database) = runtime().block_on(PostgresScratch::create()) else {
        return;
    };
    let dir = tempfile::tempdir().expect("a temporary folder");
    crash_run(database.raw_url(), dir.path(), None);
}
