//! What the browser tests stand on: the workspace served over a real loopback socket
//! from a temporary SQLite file, ChromeDriver started on a free port and killed on drop
//! (panics included), and a thin layer over fantoccini with bounded waits.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::wd::TimeoutConfiguration;
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use prfaq_store::DatabaseUrl;
use prfaq_web::{AppState, PasswordCost, WebConfig, router};
use serde_json::{Value, json};

/// The password of every account the tests create.
pub const PASSWORD: &str = "correct horse battery staple";

/// How long any single wait may last before the test fails.
pub const WAIT: Duration = Duration::from_secs(8);

/// The flags Chromium runs with (a fresh `--user-data-dir` is added per session).
const CHROMIUM_FLAGS: &[&str] = &[
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
];

/// Where Chromium and ChromeDriver are: `PRFAQ_CHROMIUM` and `PRFAQ_CHROMEDRIVER` (set
/// by `scripts/test.sh`), else Debian's `/usr/bin/…`. When either is missing the test
/// fails if `CI=true`, and otherwise says so loudly and is skipped (`None`).
pub fn tools() -> Option<(PathBuf, PathBuf)> {
    let find = |var: &str, fallback: &str| {
        std::env::var_os(var)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from(fallback))
    };
    let chromium = find("PRFAQ_CHROMIUM", "/usr/bin/chromium");
    let driver = find("PRFAQ_CHROMEDRIVER", "/usr/bin/chromedriver");
    let missing: Vec<String> = [&chromium, &driver]
        .into_iter()
        .filter(|p| !p.is_file())
        .map(|p| p.display().to_string())
        .collect();
    if missing.is_empty() {
        return Some((chromium, driver));
    }
    let message = format!(
        "the browser tests need Chromium and ChromeDriver, and these are missing: {}. \
         Install them with `apt-get install chromium chromium-driver`, or set \
         PRFAQ_CHROMIUM and PRFAQ_CHROMEDRIVER.",
        missing.join(", ")
    );
    if std::env::var("CI").as_deref() == Ok("true") {
        panic!("{message}");
    }
    // Straight to standard error, past the test harness's capture, so it is seen.
    let bar = "!".repeat(78);
    let _ = writeln!(
        std::io::stderr(),
        "\n{bar}\n!!! SKIPPED: {message}\n{bar}\n"
    );
    None
}

/// A free loopback port (free when asked; the caller binds it right away).
fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free loopback port")
        .port()
}

// ---------------------------------------------------------------------------------
// The workspace server
// ---------------------------------------------------------------------------------

/// The workspace on 127.0.0.1, on its own thread and runtime, over a SQLite file in a
/// temporary folder. [`Server::stop`] drops the runtime, which ends every connection at
/// once, as a crashed server or a dropped network would; [`Server::start_again`] serves
/// the same database on the same port (the browser's drafts are kept per origin).
pub struct Server {
    pub addr: SocketAddr,
    dir: tempfile::TempDir,
    running: Option<Running>,
    /// The key sealing event source addresses, the same across restarts.
    secrets_key: prfaq_store::SecretsKey,
}

struct Running {
    stop: tokio::sync::oneshot::Sender<()>,
    thread: std::thread::JoinHandle<()>,
}

impl Server {
    pub fn start() -> Server {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let secrets_key = prfaq_store::SecretsKey::generate().expect("a secrets key");
        let (addr, running) = Self::run(dir.path(), 0, &secrets_key)
            .unwrap_or_else(|e| panic!("the workspace server did not start: {e}"));
        Server {
            addr,
            dir,
            running: Some(running),
            secrets_key,
        }
    }

    fn run(
        dir: &Path,
        port: u16,
        secrets_key: &prfaq_store::SecretsKey,
    ) -> Result<(SocketAddr, Running), String> {
        let secrets_key = secrets_key.clone();
        let db = DatabaseUrl::sqlite(dir.join("prfaq.db"));
        let (ready_tx, ready_rx) = std::sync::mpsc::channel::<Result<SocketAddr, String>>();
        let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
        let thread = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .expect("a runtime for the server");
            runtime.block_on(async move {
                let started = async {
                    let store = prfaq_store::open(&db, &prfaq_store::Config::default())
                        .await
                        .map_err(|e| format!("open the store: {e}"))?;
                    let config = WebConfig {
                        password_cost: PasswordCost::TESTING,
                        // Events may be read from PostgreSQL servers on this machine.
                        events_hosts: vec!["127.0.0.1".to_owned()],
                        secrets_key: Some(secrets_key),
                        ..WebConfig::default()
                    };
                    let state = AppState::new(store, config).map_err(|e| e.to_string())?;
                    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port))
                        .await
                        .map_err(|e| format!("bind 127.0.0.1:{port}: {e}"))?;
                    Ok::<_, String>((router(state), listener))
                };
                let (app, listener) = match started.await {
                    Ok(pair) => pair,
                    Err(error) => {
                        let _ = ready_tx.send(Err(error));
                        return;
                    }
                };
                let addr = listener.local_addr().expect("local address");
                let _ = ready_tx.send(Ok(addr));
                let serve = axum::serve(
                    listener,
                    app.into_make_service_with_connect_info::<SocketAddr>(),
                );
                tokio::select! {
                    result = serve => { result.expect("the server failed"); }
                    _ = stop_rx => {}
                }
            });
            // Dropping the runtime here cancels every connection task: open sockets close
            // without a goodbye, like a server that died.
            runtime.shutdown_timeout(Duration::from_millis(200));
        });
        let addr = match ready_rx.recv_timeout(Duration::from_secs(20)) {
            Ok(Ok(addr)) => addr,
            Ok(Err(error)) => {
                let _ = thread.join();
                return Err(error);
            }
            Err(_) => return Err("no answer within 20 s".into()),
        };
        Ok((
            addr,
            Running {
                stop: stop_tx,
                thread,
            },
        ))
    }

    /// `http://127.0.0.1:PORT` followed by `path`.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// Stops serving and closes every open connection.
    pub fn stop(&mut self) {
        if let Some(running) = self.running.take() {
            let _ = running.stop.send(());
            let _ = running.thread.join();
        }
    }

    /// Serves the same database on the same port again.
    pub fn start_again(&mut self) {
        self.stop();
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            // The port was ours a moment ago; retry briefly if the OS still holds it.
            match Self::run(self.dir.path(), self.addr.port(), &self.secrets_key) {
                Ok((addr, running)) => {
                    assert_eq!(addr, self.addr, "the server came back on another port");
                    self.running = Some(running);
                    return;
                }
                Err(error) if Instant::now() > deadline => {
                    panic!("the workspace server did not start again: {error}")
                }
                Err(_) => std::thread::sleep(Duration::from_millis(100)),
            }
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop();
    }
}

// ---------------------------------------------------------------------------------
// ChromeDriver and Chromium
// ---------------------------------------------------------------------------------

/// ChromeDriver on a free loopback port, in a process group of its own so that it and
/// every Chromium it started are killed together when this guard drops, also when a
/// test panics.
pub struct Driver {
    child: Child,
    port: u16,
    chromium: PathBuf,
    sessions: Arc<Mutex<Vec<String>>>,
    _log_dir: Option<tempfile::TempDir>,
}

impl Driver {
    pub fn start(chromium: PathBuf, chromedriver: &Path) -> Driver {
        use std::os::unix::process::CommandExt;
        let log_dir = tempfile::tempdir().expect("a temporary folder");
        let log = log_dir.path().join("chromedriver.log");
        // The port is free when chosen; if something takes it before ChromeDriver binds
        // it, ChromeDriver exits and another port is tried.
        for _attempt in 0..3 {
            let port = free_port();
            let child = Command::new(chromedriver)
                .arg(format!("--port={port}"))
                .arg(format!("--log-path={}", log.display()))
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .process_group(0)
                .spawn()
                .unwrap_or_else(|e| panic!("cannot start {}: {e}", chromedriver.display()));
            let mut driver = Driver {
                child,
                port,
                chromium: chromium.clone(),
                sessions: Arc::new(Mutex::new(Vec::new())),
                _log_dir: None,
            };
            let deadline = Instant::now() + Duration::from_secs(10);
            loop {
                if let Some(reply) = driver.http("GET", "/status")
                    && reply.contains("\"ready\":true")
                {
                    driver._log_dir = Some(log_dir);
                    return driver;
                }
                if driver.child.try_wait().ok().flatten().is_some() {
                    break;
                }
                if Instant::now() > deadline {
                    let log = std::fs::read_to_string(&log).unwrap_or_default();
                    panic!(
                        "ChromeDriver did not answer on port {port} within 10 s; its log:\n{log}"
                    );
                }
                std::thread::sleep(Duration::from_millis(50));
            }
        }
        let log = std::fs::read_to_string(&log).unwrap_or_default();
        panic!("ChromeDriver exited at start three times; its log:\n{log}");
    }

    /// A tiny blocking HTTP/1.1 request to ChromeDriver; `None` when it does not answer.
    fn http(&self, method: &str, path: &str) -> Option<String> {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).ok()?;
        stream.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
        let request = format!(
            "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n",
            self.port
        );
        stream.write_all(request.as_bytes()).ok()?;
        // ChromeDriver may keep the connection open: read the declared length.
        let mut out = Vec::new();
        let mut chunk = [0u8; 4096];
        loop {
            let n = stream.read(&mut chunk).ok()?;
            if n == 0 {
                break;
            }
            out.extend_from_slice(&chunk[..n]);
            let text = String::from_utf8_lossy(&out);
            if let Some(end) = text.find("\r\n\r\n") {
                let length = text[..end]
                    .lines()
                    .find_map(|l| {
                        let (k, v) = l.split_once(':')?;
                        k.eq_ignore_ascii_case("content-length")
                            .then(|| v.trim().parse::<usize>().ok())
                            .flatten()
                    })
                    .unwrap_or(0);
                if out.len() >= end + 4 + length {
                    break;
                }
            }
        }
        Some(String::from_utf8_lossy(&out).into_owned())
    }

    /// A new Chromium session with a fresh profile of its own.
    pub async fn browser(&self, base: &str) -> Browser {
        let profile = tempfile::tempdir().expect("a temporary profile folder");
        let mut args: Vec<String> = CHROMIUM_FLAGS.iter().map(|s| s.to_string()).collect();
        args.push(format!("--user-data-dir={}", profile.path().display()));
        let caps = json!({
            "browserName": "chrome",
            "pageLoadStrategy": "normal",
            "goog:chromeOptions": {
                "binary": self.chromium.display().to_string(),
                "args": args,
            },
        });
        let Value::Object(caps) = caps else {
            unreachable!()
        };
        let client = ClientBuilder::new(HttpConnector::new())
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{}", self.port))
            .await
            .unwrap_or_else(|e| panic!("ChromeDriver could not start Chromium: {e}"));
        if let Ok(Some(id)) = client.session_id().await {
            self.sessions.lock().expect("sessions").push(id);
        }
        client
            .update_timeouts(TimeoutConfiguration::new(
                Some(Duration::from_secs(10)),
                Some(Duration::from_secs(15)),
                Some(Duration::from_secs(0)),
            ))
            .await
            .expect("set timeouts");
        client
            .set_window_size(1400, 1000)
            .await
            .expect("set the window size");
        Browser {
            client,
            base: base.to_owned(),
            _profile: profile,
        }
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        // Ask politely first, so Chromium closes its profile; then kill the whole group
        // (ChromeDriver and any Chromium left), and reap ChromeDriver.
        let sessions =
            std::mem::take(&mut *self.sessions.lock().unwrap_or_else(|e| e.into_inner()));
        for id in sessions {
            let _ = self.http("DELETE", &format!("/session/{id}"));
        }
        let pgid = self.child.id();
        let _ = Command::new("kill")
            .args(["-KILL", "--", &format!("-{pgid}")])
            .stderr(Stdio::null())
            .status();
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

// ---------------------------------------------------------------------------------
// A browser session with bounded waits
// ---------------------------------------------------------------------------------

/// One Chromium session (its own profile, so its own cookies and local storage).
pub struct Browser {
    pub client: Client,
    base: String,
    _profile: tempfile::TempDir,
}

impl Browser {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn goto(&self, path: &str) {
        let url = self.url(path);
        self.client
            .goto(&url)
            .await
            .unwrap_or_else(|e| panic!("cannot open {url}: {e}"));
    }

    /// The path (and query) of the page shown.
    pub async fn path(&self) -> String {
        let url = self.client.current_url().await.expect("current URL");
        match url.query() {
            Some(q) => format!("{}?{q}", url.path()),
            None => url.path().to_owned(),
        }
    }

    pub async fn find(&self, css: &str) -> Element {
        match self.client.find(Locator::Css(css)).await {
            Ok(element) => element,
            Err(e) => panic!("no element `{css}` on {}: {e}", self.path().await),
        }
    }

    /// Waits (bounded) for an element to exist, then returns it.
    pub async fn wait_for(&self, css: &str) -> Element {
        let what = format!("an element `{css}`");
        self.wait_until(&what, || async {
            self.client.find(Locator::Css(css)).await.ok()
        })
        .await
    }

    pub async fn exists(&self, css: &str) -> bool {
        !self
            .client
            .find_all(Locator::Css(css))
            .await
            .expect("find elements")
            .is_empty()
    }

    pub async fn click(&self, css: &str) {
        self.wait_for(css)
            .await
            .click()
            .await
            .unwrap_or_else(|e| panic!("cannot click `{css}`: {e}"));
    }

    /// Types into a field the way a person does, key by key (after clearing it).
    pub async fn fill(&self, css: &str, text: &str) {
        let field = self.wait_for(css).await;
        field.clear().await.expect("clear the field");
        field
            .send_keys(text)
            .await
            .unwrap_or_else(|e| panic!("cannot type into `{css}`: {e}"));
    }

    /// The visible text of an element.
    pub async fn text(&self, css: &str) -> String {
        self.find(css).await.text().await.expect("element text")
    }

    /// The visible text of an element if it is on the page now (a page that is
    /// still loading may not have it yet); for probes inside [`Self::wait_until`].
    pub async fn text_now(&self, css: &str) -> Option<String> {
        let element = self.client.find(Locator::Css(css)).await.ok()?;
        element.text().await.ok()
    }

    /// Runs a script in the page and returns its value.
    pub async fn js(&self, script: &str, args: Vec<Value>) -> Value {
        self.client
            .execute(script, args)
            .await
            .unwrap_or_else(|e| panic!("script failed ({e}): {script}"))
    }

    /// Runs an asynchronous script; it ends by calling its last argument with the value.
    pub async fn js_async(&self, script: &str, args: Vec<Value>) -> Value {
        self.client
            .execute_async(script, args)
            .await
            .unwrap_or_else(|e| panic!("script failed ({e}): {script}"))
    }

    /// Polls `probe` every 50 ms until it gives a value; fails after [`WAIT`].
    pub async fn wait_until<T, F, Fut>(&self, what: &str, probe: F) -> T
    where
        F: FnMut() -> Fut,
        Fut: std::future::Future<Output = Option<T>>,
    {
        self.wait_until_within(WAIT, what, probe).await
    }

    /// [`Self::wait_until`] with a bound of its own.
    pub async fn wait_until_within<T, F, Fut>(&self, limit: Duration, what: &str, mut probe: F) -> T
    where
        F: FnMut() -> Fut,
        Fut: std::future::Future<Output = Option<T>>,
    {
        let deadline = Instant::now() + limit;
        loop {
            if let Some(value) = probe().await {
                return value;
            }
            if Instant::now() > deadline {
                panic!(
                    "waited {limit:?} for {what} on {}, in vain",
                    self.path().await
                );
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Waits until `script` (a function body returning a value) returns something truthy.
    pub async fn wait_js(&self, what: &str, script: &str) -> Value {
        self.wait_until(what, || async {
            let value = self.client.execute(script, vec![]).await.ok()?;
            truthy(&value).then_some(value)
        })
        .await
    }

    /// Waits until the page shown is `path` and has finished loading.
    pub async fn wait_path(&self, what: &str, want: impl Fn(&str) -> bool) -> String {
        self.wait_until(what, || async {
            let path = self.path().await;
            let ready = self
                .client
                .execute("return document.readyState === 'complete'", vec![])
                .await
                .ok()
                .is_some_and(|v| v == Value::Bool(true));
            (ready && want(&path)).then_some(path)
        })
        .await
    }

    /// The HTTP status of the page shown (Navigation Timing's `responseStatus`).
    pub async fn status(&self) -> u64 {
        self.js(
            "const n = performance.getEntriesByType('navigation')[0]; return n ? n.responseStatus : 0;",
            vec![],
        )
        .await
        .as_u64()
        .expect("a response status")
    }

    /// Saves a PNG of the window to `target/screenshots/NAME`.
    pub async fn screenshot(&self, name: &str) -> PathBuf {
        let png = self.client.screenshot().await.expect("a screenshot");
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/screenshots");
        std::fs::create_dir_all(&dir).expect("create target/screenshots");
        // Every file is named `….png`, whether or not the story said so.
        let path = dir.join(name).with_extension("png");
        std::fs::write(&path, &png).expect("write the screenshot");
        assert!(png.starts_with(b"\x89PNG"), "the screenshot is not a PNG");
        path
    }

    /// Ends the session (Chromium quits).
    pub async fn close(self) {
        let _ = self.client.close().await;
    }

    // ---- the workspace's own steps ----

    /// Signs up on the page at `path` (`/signup` or an invitation's sign-up link);
    /// returns the page it lands on.
    pub async fn sign_up(&self, path: &str, name: &str, email: &str) -> String {
        self.goto(path).await;
        self.fill_sign_up(name, email).await
    }

    /// Fills in and sends the sign-up form shown; returns the page it lands on.
    async fn fill_sign_up(&self, name: &str, email: &str) -> String {
        self.fill("#signup-name", name).await;
        let email_field = self.find("#signup-email").await;
        email_field.clear().await.expect("clear");
        email_field.send_keys(email).await.expect("type the email");
        self.fill("#signup-password", PASSWORD).await;
        self.click("#signup-submit").await;
        let landed = self
            .wait_path("the page after sign-up", |p| {
                p.starts_with("/w/") || p.starts_with("/signin")
            })
            .await;
        if !landed.starts_with("/signin") {
            return landed;
        }
        // Every sign-up after the first, and not by invitation, goes on to sign in.
        self.sign_in(email).await
    }

    /// Fills in and sends the sign-in form shown; returns the workspace it lands on.
    pub async fn sign_in(&self, email: &str) -> String {
        self.fill("#signin-email", email).await;
        self.fill("#signin-password", PASSWORD).await;
        self.click("#signin-submit").await;
        self.wait_path("the workspace after sign-in", |p| p.starts_with("/w/"))
            .await
    }

    /// The owner, on the members page of `ws`, invites `email` as `role`; returns the
    /// invitation's sign-up path for the invitee.
    pub async fn invite(&self, ws_path: &str, email: &str, role: &str) -> String {
        self.goto(&format!("{ws_path}/members")).await;
        self.fill("#invite-email", email).await;
        self.find("#invite-role")
            .await
            .select_by_value(role)
            .await
            .expect("choose the role");
        self.click("#invite-submit").await;
        let link = self.wait_for("#invite-link").await;
        let link = link
            .prop("value")
            .await
            .expect("the link's value")
            .expect("an invitation link");
        link.find("/invite/")
            .map(|at| link[at..].to_owned())
            .unwrap_or_else(|| panic!("not an invitation link: {link}"))
    }

    /// Follows an invitation link and signs up through it; returns the workspace path.
    pub async fn accept_invitation(&self, invite_path: &str, name: &str, email: &str) -> String {
        self.goto(invite_path).await;
        self.click("#invite-signup").await;
        self.wait_for("#signup-form").await;
        self.fill_sign_up(name, email).await
    }

    /// The editor's text.
    pub async fn editor_text(&self) -> String {
        self.js("return document.getElementById('editor').value;", vec![])
            .await
            .as_str()
            .expect("the editor's text")
            .to_owned()
    }

    /// Puts the caret at `offset` (UTF-16 units) in the editor, focused, so that the
    /// next keys go there.
    pub async fn caret(&self, start: usize, end: usize) {
        self.js(
            "const e = document.getElementById('editor'); e.focus(); e.setSelectionRange(arguments[0], arguments[1]);",
            vec![json!(start), json!(end)],
        )
        .await;
    }

    /// Types into the editor at the caret, key by key.
    pub async fn type_in_editor(&self, text: &str) {
        self.find("#editor")
            .await
            .send_keys(text)
            .await
            .expect("type into the editor");
    }

    /// Puts the caret at the end of the editor's text and types `text` there.
    pub async fn append_to_editor(&self, text: &str) {
        let len = self
            .js(
                "return document.getElementById('editor').value.length;",
                vec![],
            )
            .await
            .as_u64()
            .expect("length") as usize;
        self.caret(len, len).await;
        self.type_in_editor(text).await;
    }

    /// Codes of the findings listed beside the editor.
    pub async fn finding_codes(&self) -> Vec<String> {
        let codes = self
            .js(
                "return Array.from(document.querySelectorAll('#findings [data-code]')).map(li => li.getAttribute('data-code'));",
                vec![],
            )
            .await;
        serde_json::from_value(codes).expect("a list of codes")
    }

    /// Clicks Save (with `note`) and waits for the status line to say how it went.
    pub async fn save(&self, note: &str) -> String {
        self.fill("#note", note).await;
        // Start from an empty status line, so an earlier save's message is never read.
        self.js(
            "document.getElementById('save-status').textContent = ''; return true;",
            vec![],
        )
        .await;
        self.click("#save").await;
        self.wait_js(
            "the save to finish",
            "const s = document.getElementById('save-status').textContent; return s && !s.startsWith('Saving') ? s : null;",
        )
        .await
        .as_str()
        .unwrap_or_default()
        .to_owned()
    }
}

fn truthy(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|f| f != 0.0),
        Value::String(s) => !s.is_empty(),
        Value::Array(_) | Value::Object(_) => true,
    }
}
