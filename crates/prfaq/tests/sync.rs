//! `prfaq serve`, `prfaq pull` and `prfaq push` as processes: a real server on a
//! loopback port, a real account and token, and files in a temporary folder.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::{Value, json};

#[allow(dead_code)]
mod support;
use support::{Server, serve, serve_in};

const PASSWORD: &str = "correct horse battery staple";

/// A browser-like client: keeps cookies and the page's CSRF token.
struct Client {
    agent: ureq::Agent,
    base: String,
    cookies: BTreeMap<String, String>,
    csrf: String,
}

impl Client {
    fn new(base: &str) -> Client {
        Client {
            agent: ureq::Agent::config_builder()
                .http_status_as_error(false)
                .max_redirects(0)
                .build()
                .into(),
            base: base.to_owned(),
            cookies: BTreeMap::new(),
            csrf: String::new(),
        }
    }

    fn cookie(&self) -> String {
        self.cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    fn keep(&mut self, response: &mut ureq::http::Response<ureq::Body>) -> (u16, String) {
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

    /// GETs a page, following redirects within the server as a browser does.
    fn get(&mut self, path: &str) -> (u16, String) {
        let mut path = path.to_owned();
        for _ in 0..5 {
            let mut response = self
                .agent
                .get(format!("{}{path}", self.base))
                .header("Cookie", &self.cookie())
                .call()
                .expect("GET");
            let location = response
                .headers()
                .get("location")
                .and_then(|l| l.to_str().ok())
                .map(str::to_owned);
            let reply = self.keep(&mut response);
            match location {
                Some(next) if (300..400).contains(&reply.0) && next.starts_with('/') => path = next,
                _ => return reply,
            }
        }
        panic!("too many redirects from {path}");
    }

    fn form(&mut self, path: &str, fields: &[(&str, &str)]) -> (u16, String) {
        let csrf = self.csrf.clone();
        let mut all = vec![("csrf", csrf.as_str())];
        all.extend_from_slice(fields);
        let mut response = self
            .agent
            .post(format!("{}{path}", self.base))
            .header("Cookie", &self.cookie())
            .send_form(all)
            .expect("POST");
        self.keep(&mut response)
    }

    fn api(&mut self, method: &str, path: &str, body: Option<Value>) -> (u16, Value) {
        let url = format!("{}{path}", self.base);
        let cookie = self.cookie();
        let mut response = match (method, body) {
            ("GET", _) => self.agent.get(url).header("Cookie", &cookie).call(),
            (_, body) => self
                .agent
                .post(url)
                .header("Cookie", &cookie)
                .header("x-csrf-token", &self.csrf)
                .send_json(body.unwrap_or(Value::Null)),
        }
        .expect("API call");
        let (status, text) = self.keep(&mut response);
        (status, serde_json::from_str(&text).unwrap_or(Value::Null))
    }
}

fn bearer(base: &str, token: &str, method: &str, path: &str, body: Option<Value>) -> (u16, Value) {
    let (status, text) = bearer_raw(base, token, method, path, body);
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

/// An API call with a bearer token (GET, POST, or PUT for any other method): its status
/// and its exact text.
fn bearer_raw(
    base: &str,
    token: &str,
    method: &str,
    path: &str,
    body: Option<Value>,
) -> (u16, String) {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    let url = format!("{base}{path}");
    let auth = format!("Bearer {token}");
    let body = body.unwrap_or(Value::Null);
    let mut response = match method {
        "GET" => agent.get(url).header("Authorization", &auth).call(),
        "POST" => agent
            .post(url)
            .header("Authorization", &auth)
            .send_json(body),
        _ => agent
            .put(url)
            .header("Authorization", &auth)
            .send_json(body),
    }
    .expect("API call");
    let status = response.status().as_u16();
    (
        status,
        response.body_mut().read_to_string().unwrap_or_default(),
    )
}

fn prfaq(dir: &Path, server: &Server, token: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_prfaq"))
        .args(args)
        .current_dir(dir)
        .env("PRFAQ_SERVER", &server.base)
        .env("PRFAQ_TOKEN", token)
        .output()
        .expect("prfaq runs")
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// Fails unless the run ended with `code`; what it said otherwise.
#[track_caller]
fn ended(out: &Output, code: i32) -> String {
    let said = text(out);
    assert_eq!(out.status.code(), Some(code), "{said}");
    said
}

/// Signs Dana up through the pages; the browser, signed in.
fn sign_up(base: &str) -> Client {
    let mut owner = Client::new(base);
    owner.get("/signup");
    let (status, page) = owner.form(
        "/signup",
        &[
            ("name", "Dana Lee"),
            ("email", "dana@example.com"),
            ("password", PASSWORD),
        ],
    );
    assert_eq!(status, 303, "sign-up: {page}");
    owner
}

/// A running server with one account: its write token, its workspace and the seeded
/// example document's id.
struct Account {
    server: Server,
    token: String,
    ws: i64,
    id: String,
}

impl Account {
    fn new(dir: &Path) -> Account {
        let server = serve(dir);
        let mut owner = sign_up(&server.base);
        owner.get("/");
        let (status, created) = owner.api(
            "POST",
            "/api/tokens",
            Some(json!({ "name": "laptop", "scope": "write" })),
        );
        assert_eq!(status, 201, "token: {created}");
        let token = created["secret"].as_str().expect("the secret").to_owned();
        let (_, workspaces) = bearer(&server.base, &token, "GET", "/api/workspaces", None);
        let ws = workspaces["workspaces"][0]["workspace"]["id"]
            .as_i64()
            .or_else(|| workspaces["workspaces"][0]["id"].as_i64())
            .unwrap_or_else(|| panic!("a workspace id in {workspaces}"));
        let (_, documents) = bearer(
            &server.base,
            &token,
            "GET",
            &format!("/api/workspaces/{ws}/documents"),
            None,
        );
        let id = documents["documents"][0]["id"]
            .as_i64()
            .unwrap_or_else(|| panic!("the example document in {documents}"))
            .to_string();
        Account {
            server,
            token,
            ws,
            id,
        }
    }

    /// Runs prfaq in `dir` against the server with the account's token.
    fn prfaq(&self, dir: &Path, args: &[&str]) -> Output {
        prfaq(dir, &self.server, &self.token, args)
    }

    /// Pulls the example into `docs/reorder.md` under `dir`; the folder and the file.
    fn pull_into_docs(&self, dir: &Path) -> (PathBuf, PathBuf) {
        let work = dir.join("docs");
        std::fs::create_dir_all(&work).unwrap();
        self.pull(&work);
        let file = work.join("reorder.md");
        (work, file)
    }

    /// `prfaq pull <id> --output reorder.md` in `work`, which must succeed.
    fn pull(&self, work: &Path) {
        let out = self.prfaq(work, &["pull", &self.id, "--output", "reorder.md"]);
        ended(&out, 0);
    }

    /// The example's newest text, as the API gives it.
    fn latest(&self) -> String {
        let path = format!("/api/documents/{}", self.id);
        let (_, latest) = bearer(&self.server.base, &self.token, "GET", &path, None);
        latest["text"].as_str().expect("the text").to_owned()
    }

    /// Saves `text` over revision `base` as the browser does.
    fn save_in_browser(&self, base: i64, text: &str) {
        let path = format!("/api/documents/{}", self.id);
        let body = json!({ "base_revision": base, "text": text, "note": "web" });
        let (status, saved) = bearer(&self.server.base, &self.token, "PUT", &path, Some(body));
        assert_eq!(status, 200, "{saved}");
    }
}

#[test]
fn pull_edit_push_and_a_stale_push_keeps_the_file() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let account = Account::new(dir.path());

    // Pull the seeded example, edit it, push it back.
    let (work, file) = account.pull_into_docs(dir.path());
    let pulled = std::fs::read_to_string(&file).unwrap();
    assert!(pulled.contains("Quick Reorder"));
    std::fs::write(&file, pulled.replace("one tap", "a single tap")).unwrap();
    let out = account.prfaq(&work, &["push", "reorder.md", "-m", "wording"]);
    let said = ended(&out, 0);
    assert!(said.contains("as revision 2"), "{said}");
    assert!(account.latest().contains("a single tap"));

    // Someone else saves revision 3 in the browser; a push based on 2 is refused and
    // the local file keeps every word.
    account.save_in_browser(2, "# Someone else's version\n");
    let mine = std::fs::read_to_string(&file).unwrap() + "\nMy local paragraph.\n";
    std::fs::write(&file, &mine).unwrap();
    let out = account.prfaq(&work, &["push", "reorder.md"]);
    let said = ended(&out, 1);
    assert!(said.contains("revision 3"), "{said}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), mine);
    // Pulling over unpushed edits is refused too.
    let out = account.prfaq(&work, &["pull", &account.id, "--output", "reorder.md"]);
    let said = ended(&out, 2);
    assert!(said.contains("never pushed"), "{said}");

    // A new file becomes a new document.
    std::fs::write(work.join("split.md"), "# Split a Bill\n\nBody.\n").unwrap();
    let ws = account.ws.to_string();
    let out = account.prfaq(&work, &["push", "split.md", "--workspace", &ws]);
    ended(&out, 0);
    // A wrong token is explained.
    let out = prfaq(
        &work,
        &account.server,
        "prfaq_pat_wrong",
        &["pull", &account.id],
    );
    let said = ended(&out, 2);
    assert!(said.contains("401"), "{said}");
}

#[test]
fn an_unchanged_push_says_when_the_workspace_has_newer_revisions() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let account = Account::new(dir.path());
    let (work, file) = account.pull_into_docs(dir.path());
    let pulled = std::fs::read_to_string(&file).unwrap();
    let out = account.prfaq(&work, &["push", "reorder.md"]);
    let said = ended(&out, 0);
    assert!(
        said.contains("unchanged since revision 1, the newest in the workspace"),
        "{said}"
    );

    // Someone saves revision 2 in the browser; the local copy is clean but behind.
    account.save_in_browser(1, &format!("{pulled}\nA new line.\n"));
    let out = account.prfaq(&work, &["push", "reorder.md"]);
    let said = ended(&out, 0);
    assert!(
        said.contains(
            "unchanged since revision 1, but the workspace has newer revisions (the newest is 2)"
        ),
        "{said}"
    );
    let id = &account.id;
    assert!(
        said.contains(&format!("prfaq pull {id} --output reorder.md")),
        "{said}"
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), pulled);
    // The suggested pull brings the file up to date.
    account.pull(&work);
    assert!(
        std::fs::read_to_string(&file)
            .unwrap()
            .contains("A new line.")
    );
}

/// The README's first command works from any folder: the example is built into the
/// binary, and the database is the `prfaq.db` of the folder it runs from.
#[test]
fn serve_runs_from_any_folder_with_its_database_there() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let sub = dir.path().join("crates/deep");
    std::fs::create_dir_all(&sub).unwrap();
    let server = serve_in(&sub, None);
    let mut owner = sign_up(&server.base);
    let (_, home) = owner.get("/");
    assert!(home.contains("Quick Reorder"), "{home}");
    assert!(sub.join("prfaq.db").is_file());
    assert!(!dir.path().join("prfaq.db").exists());
}

#[test]
fn the_workspace_checks_to_exactly_the_json_the_command_line_prints() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let account = Account::new(dir.path());
    let id = &account.id;
    let work = dir.path().join("docs");
    std::fs::create_dir_all(&work).unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let draft = std::fs::read_to_string(root.join("examples/quick-reorder-draft.md")).unwrap();
    let mut documents = vec![
        ("draft.md".to_owned(), draft.clone()),
        (
            "clean.md".to_owned(),
            std::fs::read_to_string(root.join("examples/quick-reorder.md")).unwrap(),
        ),
        (
            "accents.md".to_owned(),
            draft.replace(
                "Parents who shop for a family",
                "Parents — «who» leverage synergy to shop for a famille",
            ),
        ),
        // Not checkable at all: reported as a file error, in the same shape.
        ("empty.md".to_owned(), String::new()),
        ("blank.md".to_owned(), "  \n\n".to_owned()),
    ];
    // Every rule's example of what it finds.
    let fixtures = root.join("crates/prfaq_lint/tests/fixtures");
    let mut rules: Vec<_> = std::fs::read_dir(&fixtures)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .collect();
    rules.sort();
    for rule in rules {
        let code = rule.file_name().unwrap().to_string_lossy().into_owned();
        let hit = std::fs::read_to_string(rule.join("hit.md")).unwrap();
        documents.push((format!("{code}.md"), hit));
    }
    assert!(documents.len() > 20, "the rule fixtures were found");
    for (path, body) in &documents {
        std::fs::write(work.join(path), body).unwrap();
        let out = account.prfaq(&work, &["check", path, "--format", "json"]);
        assert!(matches!(out.status.code(), Some(0..=2)), "{}", text(&out));
        let printed = String::from_utf8(out.stdout).unwrap();
        let (status, answered) = bearer_raw(
            &account.server.base,
            &account.token,
            "POST",
            "/api/check",
            Some(json!({ "path": path, "text": body })),
        );
        assert_eq!(status, 200, "{path}: {answered}");
        assert_eq!(format!("{answered}\n"), printed, "{path}");
    }

    // A revision's findings, as the command line prints them for a file the API names
    // `document.md`.
    std::fs::write(work.join("document.md"), &draft).unwrap();
    let out = account.prfaq(&work, &["check", "document.md", "--format", "json"]);
    let (status, answered) = bearer_raw(
        &account.server.base,
        &account.token,
        "GET",
        &format!("/api/documents/{id}/check"),
        None,
    );
    assert_eq!(status, 200, "{answered}");
    assert_eq!(
        format!("{answered}\n"),
        String::from_utf8(out.stdout).unwrap()
    );
    assert!(answered.contains("\"severity\": \"error\""), "{answered}");
}
