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
