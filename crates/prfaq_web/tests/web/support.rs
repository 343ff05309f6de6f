//! A test harness: the application over a fresh SQLite file (or a PostgreSQL database of
//! its own), driven through the router with `oneshot` (no socket), and a tiny browser
//! that keeps cookies and the page's CSRF token.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::body::{Body, to_bytes};
use axum::extract::ConnectInfo;
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use prfaq_store::{DatabaseUrl, Store};
use prfaq_web::{AppState, PasswordCost, WebConfig, router};
use serde_json::Value;
use tower::ServiceExt;

/// The test password for every account.
pub const PASSWORD: &str = "correct horse battery staple";

/// The application over its own database.
pub struct App {
    pub router: Router,
    pub store: Arc<dyn Store>,
    _dir: tempfile::TempDir,
    _scratch: Option<Scratch>,
}

/// Which database a test runs on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Db {
    Sqlite,
    Postgres,
}

/// Runs each named `async fn name(db: Db)` once on SQLite (`sqlite::name`) and once on
/// PostgreSQL (`postgres::name`).
macro_rules! on_both_databases {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test]
                async fn $name() {
                    super::$name(crate::support::Db::Sqlite).await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test]
                async fn $name() {
                    super::$name(crate::support::Db::Postgres).await;
                }
            )*
        }
    };
}

/// A PostgreSQL database of one test's own, dropped when this goes out of scope (even
/// when the test panics).
pub use prfaq_store::testing::PostgresScratch as Scratch;

/// A fresh PostgreSQL database of this test's own (see [`Scratch`]). Without a server:
/// `None` with a loud note, except under `CI=true`, where that fails.
pub async fn postgres_database() -> Option<(DatabaseUrl, Scratch)> {
    let scratch = Scratch::create().await?;
    Some((scratch.url().clone(), scratch))
}

impl App {
    /// An app over a fresh database of the kind `db`, with settings `tweak` adjusts;
    /// `None` (the test is skipped, loudly) when PostgreSQL is unreachable outside CI.
    pub async fn on(db: Db, tweak: impl FnOnce(&mut WebConfig)) -> Option<App> {
        match db {
            Db::Sqlite => Some(App::with(tweak).await),
            Db::Postgres => {
                let (url, scratch) = postgres_database().await?;
                let store = prfaq_store::open(&url, &prfaq_store::Config::default())
                    .await
                    .expect("open PostgreSQL");
                let mut app = App::over(store, tempfile::tempdir().expect("dir"), tweak);
                app._scratch = Some(scratch);
                Some(app)
            }
        }
    }

    pub async fn new() -> App {
        App::with(|_| {}).await
    }

    /// An app whose settings `tweak` adjusts.
    pub async fn with(tweak: impl FnOnce(&mut WebConfig)) -> App {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = DatabaseUrl::sqlite(dir.path().join("prfaq.db"));
        let store = prfaq_store::open(&url, &prfaq_store::Config::default())
            .await
            .expect("open the store");
        App::over(store, dir, tweak)
    }

    /// An app over a store opened by the caller.
    pub fn over(
        store: Arc<dyn Store>,
        dir: tempfile::TempDir,
        tweak: impl FnOnce(&mut WebConfig),
    ) -> App {
        let mut config = WebConfig {
            password_cost: PasswordCost::TESTING,
            ..WebConfig::default()
        };
        tweak(&mut config);
        let state = AppState::new(store.clone(), config).expect("state");
        App {
            router: router(state),
            store,
            _dir: dir,
            _scratch: None,
        }
    }

    /// A browser with no cookies.
    pub fn browser(&self) -> Browser {
        Browser {
            router: self.router.clone(),
            cookies: BTreeMap::new(),
            csrf: String::new(),
            peer: None,
            headers: Vec::new(),
        }
    }

    /// A browser with no cookies whose requests come from `peer`, as the server's
    /// accept loop records it.
    pub fn browser_at(&self, peer: &str) -> Browser {
        Browser {
            peer: Some(peer.parse().expect("a socket address")),
            ..self.browser()
        }
    }

    /// Sends a request as is.
    pub async fn send(&self, request: Request<Body>) -> Reply {
        send(&self.router, request).await
    }

    /// Signs up a new account and returns its browser, signed in.
    pub async fn signup(&self, name: &str, email: &str) -> Browser {
        let mut browser = self.browser();
        let reply = browser.get("/signup").await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
        let reply = browser
            .post_form(
                "/signup",
                &[("name", name), ("email", email), ("password", PASSWORD)],
            )
            .await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.text);
        // Follow the redirect, as a browser does: the page carries the session's token.
        let location = reply.location().to_owned();
        let page = browser.get(&location).await;
        if location.starts_with("/signin") {
            // Every sign-up after the first goes on to sign in.
            assert_eq!(page.status, StatusCode::OK, "{}", page.text);
            let reply = browser
                .post_form("/signin", &[("email", email), ("password", PASSWORD)])
                .await;
            assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.text);
            // On to the workspace through `/`, which redirects there.
            let mut location = reply.location().to_owned();
            for _ in 0..3 {
                let page = browser.get(&location).await;
                if page.status != StatusCode::SEE_OTHER {
                    break;
                }
                location = page.location().to_owned();
            }
        }
        browser
    }
}

/// A response, read whole.
pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub text: String,
}

impl Reply {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.text).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text))
    }

    pub fn location(&self) -> &str {
        self.headers
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    pub fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }
}

async fn send(router: &Router, request: Request<Body>) -> Reply {
    let response = router
        .clone()
        .oneshot(request)
        .await
        .expect("the router never fails");
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = to_bytes(response.into_body(), usize::MAX)
        .await
        .expect("body");
    Reply {
        status,
        headers,
        text: String::from_utf8_lossy(&bytes).into_owned(),
    }
}

/// Keeps cookies like a browser and the CSRF token of the last page it saw. A clone is
/// a second tab of the same session.
#[derive(Clone)]
pub struct Browser {
    router: Router,
    pub cookies: BTreeMap<String, String>,
    pub csrf: String,
    /// The socket address requests come from (none: the server calls it `local`).
    pub peer: Option<SocketAddr>,
    /// Headers added to every request (a proxy's `X-Forwarded-For`).
    pub headers: Vec<(&'static str, String)>,
}

impl Browser {
    fn cookie_header(&self) -> String {
        self.cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    fn remember(&mut self, reply: &Reply) {
        for value in reply.headers.get_all(header::SET_COOKIE) {
            let text = value.to_str().unwrap_or("");
            let Some((pair, attributes)) = text.split_once(';').or(Some((text, ""))) else {
                continue;
            };
            let Some((name, value)) = pair.split_once('=') else {
                continue;
            };
            if value.is_empty() || attributes.contains("Max-Age=0") {
                self.cookies.remove(name);
            } else {
                self.cookies.insert(name.to_owned(), value.to_owned());
            }
        }
        if let Some(token) = meta_csrf(&reply.text) {
            self.csrf = token;
        }
    }

    /// Sends a request with this browser's cookies.
    pub async fn request(&mut self, builder: axum::http::request::Builder, body: Body) -> Reply {
        let mut builder = builder.header(header::COOKIE, self.cookie_header());
        if let Some(peer) = self.peer {
            builder = builder.extension(ConnectInfo(peer));
        }
        for (name, value) in &self.headers {
            builder = builder.header(*name, value);
        }
        let reply = send(&self.router, builder.body(body).expect("request")).await;
        self.remember(&reply);
        reply
    }

    pub async fn get(&mut self, path: &str) -> Reply {
        self.request(Request::get(path), Body::empty()).await
    }

    /// Loads a page that every visitor may see, to pick up the current CSRF token.
    pub async fn refresh(&mut self) {
        let reply = self.get("/rules").await;
        assert_eq!(reply.status, StatusCode::OK);
    }

    /// Posts a form with the current CSRF token added.
    pub async fn post_form(&mut self, path: &str, fields: &[(&str, &str)]) -> Reply {
        let csrf = self.csrf.clone();
        let mut all: Vec<(&str, &str)> = vec![("csrf", csrf.as_str())];
        all.extend_from_slice(fields);
        self.post_form_raw(path, &all).await
    }

    /// Posts a form exactly as given (no CSRF token added).
    pub async fn post_form_raw(&mut self, path: &str, fields: &[(&str, &str)]) -> Reply {
        let body: String = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(fields)
            .finish();
        self.request(
            Request::post(path).header(header::CONTENT_TYPE, "application/x-www-form-urlencoded"),
            Body::from(body),
        )
        .await
    }

    /// A JSON API call with the session cookie and the CSRF header, as the editor makes.
    pub async fn api(&mut self, method: Method, path: &str, body: Option<Value>) -> Reply {
        let csrf = self.csrf.clone();
        let mut builder = Request::builder()
            .method(method)
            .uri(path)
            .header("x-csrf-token", csrf);
        let body = match body {
            Some(value) => {
                builder = builder.header(header::CONTENT_TYPE, "application/json");
                Body::from(value.to_string())
            }
            None => Body::empty(),
        };
        self.request(builder, body).await
    }
}

/// A JSON API call with a bearer token and no cookies, as `prfaq push` makes.
pub async fn bearer(
    app: &App,
    method: Method,
    path: &str,
    token: &str,
    body: Option<Value>,
) -> Reply {
    let mut builder = Request::builder()
        .method(method)
        .uri(path)
        .header(header::AUTHORIZATION, format!("Bearer {token}"));
    let body = match body {
        Some(value) => {
            builder = builder.header(header::CONTENT_TYPE, "application/json");
            Body::from(value.to_string())
        }
        None => Body::empty(),
    };
    app.send(builder.body(body).expect("request")).await
}

/// The token in `<meta name="csrf-token" content="…">`.
pub fn meta_csrf(html: &str) -> Option<String> {
    let at = html.find("name=\"csrf-token\" content=\"")?;
    let rest = &html[at + "name=\"csrf-token\" content=\"".len()..];
    let end = rest.find('"')?;
    Some(rest[..end].to_owned()).filter(|t| !t.is_empty())
}

/// The value of the first `attr="…"` after `marker` in `html`.
pub fn attr_after(html: &str, marker: &str, attr: &str) -> Option<String> {
    let at = html.find(marker)?;
    let rest = &html[at..];
    let key = format!("{attr}=\"");
    let start = rest.find(&key)? + key.len();
    let end = rest[start..].find('"')?;
    Some(unescape(&rest[start..start + end]))
}

/// The id of the first document linked from a page (`/d/{id}`).
pub fn first_document(html: &str) -> String {
    let at = html.find("href=\"/d/").expect("a document link");
    let rest = &html[at + "href=\"/d/".len()..];
    rest[..rest.find('"').expect("end of link")].to_owned()
}

/// The workspace id in a `/w/{id}` location.
pub fn workspace_of(location: &str) -> String {
    location
        .trim_start_matches("/w/")
        .split(['?', '/'])
        .next()
        .unwrap_or("")
        .to_owned()
}

/// Text between `<textarea …>` and `</textarea>`, unescaped enough for comparisons.
pub fn textarea(html: &str) -> String {
    let at = html.find("<textarea").expect("a textarea");
    let start = at + html[at..].find('>').expect("end of tag") + 1;
    let end = start + html[start..].find("</textarea>").expect("closing tag");
    unescape(&html[start..end])
}

pub fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&#x2f;", "/")
        .replace("&amp;", "&")
}

/// The inner HTML of the element with `id="…"`, up to its matching close tag.
pub fn element(html: &str, id: &str) -> String {
    let marker = format!("id=\"{id}\"");
    let at = html
        .find(&marker)
        .unwrap_or_else(|| panic!("no element #{id}"));
    let tag_start = html[..at].rfind('<').expect("tag start");
    let name: String = html[tag_start + 1..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect();
    let open_end = at + html[at..].find('>').expect("tag end") + 1;
    let close = format!("</{name}>");
    let end = open_end + html[open_end..].find(&close).expect("close tag");
    html[open_end..end].to_owned()
}

/// Signs up the owner, returns their browser, workspace id and the example document id.
pub async fn owner_with_example(app: &App) -> (Browser, String, String) {
    let mut owner = app.signup("Dana Lee", "dana@example.com").await;
    let reply = owner.get("/").await;
    let ws = workspace_of(reply.location());
    let list = owner.get(&format!("/w/{ws}")).await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.text);
    let doc = first_document(&list.text);
    (owner, ws, doc)
}

/// The owner with the example document, and Vic Viewer invited to the workspace as a
/// viewer: the owner's browser, the viewer's, the workspace and the document.
pub async fn owner_and_viewer(app: &App) -> (Browser, Browser, String, String) {
    let (mut owner, ws, doc) = owner_with_example(app).await;
    let viewer = invite(
        app,
        &mut owner,
        &ws,
        "Vic Viewer",
        "vic@example.com",
        "viewer",
    )
    .await;
    (owner, viewer, ws, doc)
}

/// Sends the same API request as each of `browsers` (in the access matrix: the owner,
/// an editor, a reviewer, a viewer, another workspace's member and an anonymous visitor)
/// in the order `order` gives, since a later request may depend on an earlier one (the
/// owner's delete last), and checks that browser `#who` is answered `want[who]`; a
/// failure names `what`, the browser and the reply. The replies, in the order sent.
pub async fn expect_statuses(
    browsers: &mut [&mut Browser],
    order: impl IntoIterator<Item = usize>,
    method: Method,
    path: &str,
    body: Option<Value>,
    want: &[StatusCode],
    what: &str,
) -> Vec<Reply> {
    assert_eq!(want.len(), browsers.len(), "one status for each browser");
    let mut replies = Vec::new();
    for who in order {
        let reply = browsers[who].api(method.clone(), path, body.clone()).await;
        assert_eq!(reply.status, want[who], "{what} as #{who}: {}", reply.text);
        replies.push(reply);
    }
    replies
}

/// Signs in the account of `email` on `app` with the test password, in a browser of its
/// own that has the current CSRF token.
pub async fn signed_in(app: &App, email: &str) -> Browser {
    let mut browser = app.browser();
    browser.get("/signin").await;
    let reply = browser
        .post_form("/signin", &[("email", email), ("password", PASSWORD)])
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.text);
    browser.refresh().await;
    browser
}

/// Saves ever longer texts (`grown` of the base revision) through the API until a
/// save is refused, which the database's cap on its size makes happen; the refusal and
/// the newest revision saved.
pub async fn save_until_refused(
    browser: &mut Browser,
    doc: &str,
    grown: impl Fn(i64) -> String,
) -> (Reply, i64) {
    let mut base = 1;
    loop {
        assert!(base < 100, "the database never filled up");
        let reply = api_save(browser, doc, base, &grown(base)).await;
        if reply.status != StatusCode::OK {
            return (reply, base);
        }
        base = reply.json()["revision"]["number"].as_i64().expect("number");
    }
}

/// The owner invites `email` as `role`; the invitee signs up through the link.
pub async fn invite(
    app: &App,
    owner: &mut Browser,
    ws: &str,
    name: &str,
    email: &str,
    role: &str,
) -> Browser {
    owner.get(&format!("/w/{ws}/members")).await;
    let reply = owner
        .post_form(
            &format!("/w/{ws}/invitations"),
            &[("email", email), ("role", role)],
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    let link = attr_after(&reply.text, "id=\"invite-link\"", "value").expect("invitation link");
    let secret = link.rsplit('/').next().expect("secret").to_owned();
    let mut invitee = app.browser();
    let page = invitee.get(&format!("/invite/{secret}")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text);
    invitee.get(&format!("/signup?invite={secret}")).await;
    let reply = invitee
        .post_form(
            "/signup",
            &[
                ("name", name),
                ("email", email),
                ("password", PASSWORD),
                ("invite", &secret),
            ],
        )
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.text);
    assert_eq!(
        reply.location(),
        format!("/w/{ws}"),
        "joined the invited workspace"
    );
    invitee.refresh().await;
    invitee
}

/// Saves through the API as the editor's script does.
pub async fn api_save(browser: &mut Browser, doc: &str, base: i64, text: &str) -> Reply {
    browser
        .api(
            Method::PUT,
            &format!("/api/documents/{doc}"),
            Some(serde_json::json!({ "base_revision": base, "text": text, "note": "test" })),
        )
        .await
}

/// Makes workspaces for the account of `email` until the database has no room for
/// another (its size capped first with `prfaq_store::testing::limit_sqlite_pages`, or
/// writes refused on PostgreSQL): the write that finds no room fails inside its
/// transaction.
pub async fn fill_with_workspaces(app: &App, email: &str) {
    let (owner, _) = app.store.credentials(email).await.expect("the account");
    let mut n = 0;
    loop {
        assert!(n < 5_000, "the database never filled up");
        let name = format!("{n:05} {}", "w".repeat(100));
        match app.store.create_workspace(owner.id, &name).await {
            Ok(_) => n += 1,
            Err(prfaq_store::StoreError::StorageFull(_)) => break,
            Err(other) => panic!("{other:?}"),
        }
    }
}
