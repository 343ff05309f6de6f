//! What the command-line tests share: the real binary as a process, folders of files to
//! run it in, the example documents, and a real `prfaq serve` to talk to.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Output, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// Runs prfaq in `dir` without colour and waits for it.
pub fn prfaq(dir: &Path, args: &[&str]) -> Output {
    command(dir, args).output().expect("prfaq runs")
}

/// prfaq in `dir` without colour, ready to be given pipes and spawned.
pub fn command(dir: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_prfaq"));
    command.args(args).current_dir(dir).env("NO_COLOR", "1");
    command
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Fails with both streams unless the run ended with `code`.
#[track_caller]
pub fn assert_exit(out: &Output, code: i32) {
    assert_eq!(
        out.status.code(),
        Some(code),
        "stdout:\n{}\nstderr:\n{}",
        stdout(out),
        stderr(out)
    );
}

/// A temporary folder holding `files` (path relative to the folder, text).
pub fn folder_with(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder");
    for (name, text) in files {
        write(dir.path(), name, text);
    }
    dir
}

/// Writes `text` to `name` under `dir`, making the folders on the way.
pub fn write(dir: &Path, name: &str, text: impl AsRef<[u8]>) {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("the folders on the way");
    }
    std::fs::write(&path, text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

/// A document of the `examples` folder.
pub fn example(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples")
        .join(name)
}

/// Waits for `child`, killing it and failing the test if it is still running after a
/// minute (a run that hangs on a named pipe or walks a link loop forever).
pub fn wait_or_kill(child: &mut Child, args: &[&str]) -> ExitStatus {
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().expect("the child's status") {
            return status;
        }
        if started.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("prfaq {args:?} never ended");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Fails, showing `text` whole, unless it contains every one of `parts`.
#[track_caller]
pub fn assert_contains(text: &str, parts: &[&str]) {
    for part in parts {
        assert!(text.contains(part), "`{part}` missing from:\n{text}");
    }
}

/// A running `prfaq serve`, killed when dropped.
pub struct Server {
    child: Child,
    /// `http://127.0.0.1:PORT`.
    pub base: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `prfaq serve` in `dir` on its own SQLite file, `workspace.db` there.
pub fn serve(dir: &Path) -> Server {
    serve_in(dir, Some(&dir.join("workspace.db")))
}

/// Starts `prfaq serve` in the folder `cwd` on a free port, on `database` or the default
/// one, and waits until it answers.
pub fn serve_in(cwd: &Path, database: Option<&Path>) -> Server {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port");
    let mut command = Command::new(env!("CARGO_BIN_EXE_prfaq"));
    command
        .args(["serve", "--addr", &format!("127.0.0.1:{port}")])
        // Events may be read from PostgreSQL servers on this machine only.
        .args(["--events-hosts", "127.0.0.1"])
        // Documents may keep an event source, its address sealed with this key.
        .arg("--secrets-key-file")
        .arg(cwd.join("secrets.key"))
        .current_dir(cwd)
        .env_remove("PRFAQ_DATABASE_URL");
    if let Some(database) = database {
        command.arg("--database").arg(database);
    }
    let child = command
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("prfaq serve starts");
    let server = Server {
        child,
        base: format!("http://127.0.0.1:{port}"),
    };
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(20) {
        if let Ok(response) = ureq::get(format!("{}/healthz", server.base)).call()
            && response.status() == 200
        {
            return server;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!("prfaq serve did not answer within 20 s");
}

/// An HTTP client that neither follows redirects nor treats 4xx/5xx as errors.
pub fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .build()
        .into()
}

/// Signs Dana up through the pages and makes a write token: the token.
pub fn dana_token(base: &str) -> String {
    let agent = agent();
    let mut cookies = BTreeMap::new();
    let mut csrf = String::new();
    let mut keep = |response: &mut ureq::http::Response<ureq::Body>| {
        for value in response.headers().get_all("set-cookie") {
            let pair = value.to_str().unwrap_or("").split(';').next().unwrap_or("");
            if let Some((name, value)) = pair.split_once('=') {
                cookies.insert(name.trim().to_owned(), value.to_owned());
            }
        }
        let text = response.body_mut().read_to_string().unwrap_or_default();
        let marker = "name=\"csrf-token\" content=\"";
        if let Some(at) = text.find(marker) {
            let rest = &text[at + marker.len()..];
            csrf = rest[..rest.find('"').unwrap_or(0)].to_owned();
        }
        let cookie = cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ");
        (response.status().as_u16(), text, cookie, csrf.clone())
    };
    let (_, _, cookie, token) = keep(&mut agent.get(format!("{base}/signup")).call().expect("GET"));
    let (status, page, cookie, _) = keep(
        &mut agent
            .post(format!("{base}/signup"))
            .header("Cookie", &cookie)
            .send_form([
                ("csrf", token.as_str()),
                ("name", "Dana Lee"),
                ("email", "dana@example.com"),
                ("password", "correct horse battery staple"),
            ])
            .expect("POST"),
    );
    assert_eq!(status, 303, "sign-up: {page}");
    let (_, _, cookie, token) = keep(
        &mut agent
            .get(format!("{base}/settings/tokens"))
            .header("Cookie", &cookie)
            .call()
            .expect("GET"),
    );
    let (status, text, _, _) = keep(
        &mut agent
            .post(format!("{base}/api/tokens"))
            .header("Cookie", &cookie)
            .header("x-csrf-token", &token)
            .send_json(json!({ "name": "ci", "scope": "write" }))
            .expect("POST"),
    );
    assert_eq!(status, 201, "token: {text}");
    let created: Value = serde_json::from_str(&text).expect("json");
    created["secret"].as_str().expect("the secret").to_owned()
}

/// A browser session on the pages of a running server: its cookies and CSRF token.
pub struct Pages {
    base: String,
    cookies: BTreeMap<String, String>,
    csrf: String,
}

impl Pages {
    pub fn new(base: &str) -> Pages {
        Pages {
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

    /// Keeps the response's cookies and the page's CSRF token; answers status and body.
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

    pub fn get(&mut self, path: &str) -> (u16, String) {
        let response = agent()
            .get(format!("{}{path}", self.base))
            .header("Cookie", &self.cookie())
            .call()
            .expect("GET");
        self.keep(response)
    }

    /// Posts a form with the CSRF token of the last page read.
    pub fn post_form(&mut self, path: &str, fields: &[(&str, &str)]) -> (u16, String) {
        let csrf = self.csrf.clone();
        let mut all = vec![("csrf", csrf.as_str())];
        all.extend_from_slice(fields);
        let response = agent()
            .post(format!("{}{path}", self.base))
            .header("Cookie", &self.cookie())
            .send_form(all)
            .expect("POST");
        self.keep(response)
    }

    /// Makes a write token for the signed-in account: its secret.
    pub fn write_token(&mut self) -> String {
        self.get("/settings/tokens");
        let response = agent()
            .post(format!("{}/api/tokens", self.base))
            .header("Cookie", &self.cookie())
            .header("x-csrf-token", &self.csrf.clone())
            .send_json(json!({ "name": "ci", "scope": "write" }))
            .expect("POST");
        let (status, text) = self.keep(response);
        assert_eq!(status, 201, "token: {text}");
        let created: Value = serde_json::from_str(&text).expect("json");
        created["secret"].as_str().expect("the secret").to_owned()
    }
}

/// Dana (signed up by [`dana_token`]) invites `email` to the workspace `ws` with `role`;
/// they sign up through the invitation as `name`. Answers a write token of theirs.
pub fn invited_token(base: &str, ws: &str, name: &str, email: &str, role: &str) -> String {
    let mut dana = Pages::new(base);
    dana.get("/signin");
    let (status, text) = dana.post_form(
        "/signin",
        &[
            ("email", "dana@example.com"),
            ("password", "correct horse battery staple"),
        ],
    );
    assert_eq!(status, 303, "sign-in: {text}");
    dana.get(&format!("/w/{ws}/members"));
    let (status, page) = dana.post_form(
        &format!("/w/{ws}/invitations"),
        &[("email", email), ("role", role)],
    );
    assert_eq!(status, 200, "invitation: {page}");
    // The link as the page escapes it: `…&#x2f;invite&#x2f;SECRET`.
    let marker = "&#x2f;invite&#x2f;";
    let at = page.find(marker).expect("an invitation link") + marker.len();
    let secret: String = page[at..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect();
    let mut invitee = Pages::new(base);
    invitee.get(&format!("/signup?invite={secret}"));
    let (status, text) = invitee.post_form(
        "/signup",
        &[
            ("name", name),
            ("email", email),
            ("password", "correct horse battery staple"),
            ("invite", &secret),
        ],
    );
    assert_eq!(status, 303, "sign-up through the invitation: {text}");
    invitee.write_token()
}
