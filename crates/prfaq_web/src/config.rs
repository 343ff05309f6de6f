//! Settings: [`ServeConfig`] for `prfaq serve` (where to listen, which database) and
//! [`WebConfig`] for the application itself (limits, cookies, sessions), which tests
//! build directly.

use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

pub use crate::mail::MailConfig;

/// Everything `prfaq serve` needs. [`Default`] gives the documented defaults.
#[derive(Clone)]
pub struct ServeConfig {
    /// Where to listen (default `127.0.0.1:7878`).
    pub addr: SocketAddr,
    /// A file path, `sqlite:PATH` or `postgres://…` (default `prfaq.db`). It may hold a
    /// password, so it is never logged or printed.
    pub database_url: String,
    /// Seed the example PR/FAQ into the first workspace (default true).
    pub seed_example: bool,
    /// Largest request body, uploads included, in bytes (default 2 MiB).
    pub max_body_bytes: usize,
    /// How long a sign-in lasts (default 7 days).
    pub session_ttl: Duration,
    /// Mark cookies `Secure`. `None` decides from the address: plain http is only
    /// expected on a loopback address, so anything else gets `Secure` cookies.
    pub secure_cookies: Option<bool>,
    /// Let anyone who can reach the server create an account (default true). Each new
    /// account gets an empty workspace of its own and sees nothing else until invited.
    pub open_signup: bool,
    /// The longest a client may take to send its request headers (default 10 s).
    pub header_read_timeout: Duration,
    /// The longest a whole request may take, body included (default 30 s).
    pub request_timeout: Duration,
    /// The most connections served at once; more wait to be accepted (default 1024).
    pub max_connections: usize,
    /// Password hashing cost (default: OWASP's recommendation for argon2id).
    pub password_cost: PasswordCost,
    /// Reverse proxies whose `X-Forwarded-For` (or, without it, `Forwarded`) header
    /// names the client (default none). Sign-in and sign-up limits count by client
    /// address; behind a proxy that is not listed here, every client has the proxy's.
    pub trust_proxy: Vec<IpAddr>,
    /// Install a `tracing` subscriber that writes one line per request to standard
    /// error (default true). Turn off when the caller installs its own.
    pub init_logging: bool,
    /// Email about notices through this SMTP server (default none: no mail is sent).
    pub mail: Option<MailConfig>,
    /// The server's address as its members reach it, for links in emails and
    /// invitation links, such as `https://prfaq.example.com` (default `http://` and the
    /// listening address for emails; invitation links then follow the address the
    /// browser used).
    pub public_url: Option<String>,
    /// Largest file a feedback import takes, in bytes (default 1 GiB); see
    /// [`WebConfig::max_import_bytes`].
    pub max_import_bytes: u64,
    /// The longest a feedback import may take, upload included (default 30 min); see
    /// [`WebConfig::import_timeout`].
    pub import_timeout: Duration,
    /// The PostgreSQL servers editors may import events from; see
    /// [`WebConfig::events_hosts`] (default none).
    pub events_hosts: Vec<String>,
    /// The file holding the key that seals the event source addresses documents keep
    /// (64 hex digits); made with a new random key when it does not exist (default
    /// none: documents cannot keep an event source). See [`WebConfig::secrets_key`].
    pub secrets_key_file: Option<std::path::PathBuf>,
}

impl Default for ServeConfig {
    fn default() -> Self {
        let web = WebConfig::default();
        ServeConfig {
            addr: SocketAddr::from(([127, 0, 0, 1], 7878)),
            database_url: "prfaq.db".into(),
            seed_example: web.seed_example,
            max_body_bytes: web.max_body_bytes,
            session_ttl: web.session_ttl,
            secure_cookies: None,
            open_signup: web.open_signup,
            header_read_timeout: Duration::from_secs(10),
            request_timeout: web.request_timeout,
            max_connections: 1024,
            password_cost: web.password_cost,
            trust_proxy: web.trust_proxy,
            init_logging: true,
            mail: None,
            public_url: None,
            max_import_bytes: web.max_import_bytes,
            events_hosts: Vec::new(),
            import_timeout: web.import_timeout,
            secrets_key_file: None,
        }
    }
}

// Written by hand so the database URL (which may carry a password) never reaches a log.
impl std::fmt::Debug for ServeConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ServeConfig")
            .field("addr", &self.addr)
            .field("database_url", &"<hidden>")
            .field("seed_example", &self.seed_example)
            .field("max_body_bytes", &self.max_body_bytes)
            .field("session_ttl", &self.session_ttl)
            .field("secure_cookies", &self.secure_cookies)
            .field("open_signup", &self.open_signup)
            .field("trust_proxy", &self.trust_proxy)
            .field("mail", &self.mail)
            .field("public_url", &self.public_url)
            .field("max_import_bytes", &self.max_import_bytes)
            .field("import_timeout", &self.import_timeout)
            .field("secrets_key_file", &self.secrets_key_file)
            .finish_non_exhaustive()
    }
}

impl ServeConfig {
    /// The application settings these serve settings imply; refuses a public URL
    /// that is not an http or https address.
    pub fn web(&self) -> anyhow::Result<WebConfig> {
        let (public_url, public_url_given) = match &self.public_url {
            Some(url) => (public_url(url)?, true),
            None => (format!("http://{}", self.addr), false),
        };
        Ok(WebConfig {
            seed_example: self.seed_example,
            max_body_bytes: self.max_body_bytes,
            session_ttl: self.session_ttl,
            secure_cookies: self.secure_cookies.unwrap_or(!self.addr.ip().is_loopback()),
            open_signup: self.open_signup,
            request_timeout: self.request_timeout,
            password_cost: self.password_cost,
            trust_proxy: self.trust_proxy.clone(),
            mail: self.mail.clone(),
            public_url,
            public_url_given,
            max_import_bytes: self.max_import_bytes,
            events_hosts: self.events_hosts.clone(),
            import_timeout: self.import_timeout,
            secrets_key: match &self.secrets_key_file {
                Some(path) => Some(secrets_key(path)?),
                None => None,
            },
            ..WebConfig::default()
        })
    }
}

impl ServeConfig {
    /// Without `--secrets-key-file`, a SQLite workspace keeps its key in a file beside
    /// its database (`prfaq.db.key` for `prfaq.db`), made on first start: sources work
    /// out of the box, and a copy of the database alone still holds no password. A key
    /// that cannot be read or made there leaves the server without one (setting a source
    /// then says how to give one) rather than stopping it. PostgreSQL workspaces have no
    /// file of their own: their operator names one.
    /// Called by `serve` once the database is open, when no key file was named.
    pub(crate) fn default_secrets_key(&self) -> Option<prfaq_store::SecretsKey> {
        let prfaq_store::DatabaseUrl::Sqlite(db) =
            prfaq_store::DatabaseUrl::parse(&self.database_url).ok()?
        else {
            return None;
        };
        let mut name = db.file_name()?.to_os_string();
        name.push(".key");
        let path = db.with_file_name(name);
        match secrets_key(&path) {
            Ok(key) => Some(key),
            Err(e) => {
                tracing::warn!(
                    "no secrets key: {e:#}; documents cannot keep an event source until \
                     the server is given one with --secrets-key-file"
                );
                None
            }
        }
    }
}

/// The secrets key in `path`, or a new random one written there (readable by its
/// owner alone) when the file does not exist yet.
fn secrets_key(path: &std::path::Path) -> anyhow::Result<prfaq_store::SecretsKey> {
    use std::io::Write as _;
    match std::fs::read_to_string(path) {
        Ok(text) => prfaq_store::SecretsKey::from_hex(&text)
            .map_err(|e| anyhow::anyhow!("--secrets-key-file {}: {e}", path.display())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let key = prfaq_store::SecretsKey::generate()?;
            let mut options = std::fs::OpenOptions::new();
            options.write(true).create_new(true);
            #[cfg(unix)]
            std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
            let mut file = options.open(path).map_err(|e| {
                anyhow::anyhow!(
                    "--secrets-key-file {}: cannot create it: {e}",
                    path.display()
                )
            })?;
            file.write_all(format!("{}\n", key.to_hex()).as_bytes())
                .and_then(|()| file.sync_all())
                .map_err(|e| {
                    anyhow::anyhow!(
                        "--secrets-key-file {}: cannot write it: {e}",
                        path.display()
                    )
                })?;
            Ok(key)
        }
        Err(e) => Err(anyhow::anyhow!(
            "--secrets-key-file {}: cannot read it: {e}",
            path.display()
        )),
    }
}

/// A public URL as links use it: `http://` or `https://` and a host, no trailing slash.
fn public_url(url: &str) -> anyhow::Result<String> {
    let trimmed = url.trim().trim_end_matches('/');
    let host = trimmed
        .strip_prefix("https://")
        .or_else(|| trimmed.strip_prefix("http://"));
    match host {
        Some(host) if !host.is_empty() && !host.contains(char::is_whitespace) => {
            Ok(trimmed.to_owned())
        }
        _ => Err(anyhow::anyhow!(
            "--public-url `{url}` is not an http:// or https:// address, such as \
             https://prfaq.example.com"
        )),
    }
}

/// The application's settings.
#[derive(Clone, Debug)]
pub struct WebConfig {
    /// Seed the example PR/FAQ into the first workspace.
    pub seed_example: bool,
    /// Largest request body in bytes; larger ones get 413.
    pub max_body_bytes: usize,
    /// How long a sign-in lasts.
    pub session_ttl: Duration,
    /// Mark cookies `Secure` (and use the `__Host-` cookie name prefix).
    pub secure_cookies: bool,
    /// Let anyone create an account.
    pub open_signup: bool,
    /// The longest a whole request may take; the body must arrive within it too.
    pub request_timeout: Duration,
    /// How long an invitation link stays valid.
    pub invitation_ttl: Duration,
    /// Failed sign-ins of one account from one client address, within
    /// [`WebConfig::sign_in_window`], before sign-in to it from there slows down. The
    /// account stays open from every other address: a stranger cannot lock anyone out.
    pub sign_in_pair_limit: i64,
    /// Failed sign-ins from one client address, for any account, within the window
    /// before sign-in from that address slows down.
    pub sign_in_address_limit: i64,
    /// The window failed sign-ins are counted in, and the longest wait.
    pub sign_in_window: Duration,
    /// The wait after the failure that reaches a limit; it doubles with each failure
    /// after that, up to [`WebConfig::sign_in_window`].
    pub sign_in_delay: Duration,
    /// Sign-ups from one client address within [`WebConfig::signup_window`].
    pub signup_address_limit: usize,
    /// The window sign-ups are counted in.
    pub signup_window: Duration,
    /// Reverse proxies trusted to name the client in `X-Forwarded-For` or `Forwarded`.
    pub trust_proxy: Vec<IpAddr>,
    /// Password hashing cost.
    pub password_cost: PasswordCost,
    /// Email about notices (none: no mail is sent).
    pub mail: Option<MailConfig>,
    /// The server's address as members reach it, without a trailing slash: the start
    /// of every link in an email.
    pub public_url: String,
    /// Whether [`WebConfig::public_url`] was given (`--public-url`) rather than made
    /// from the listening address. Given, invitation links start with it as email
    /// links do; otherwise they start with the address the browser used, which behind
    /// a proxy or a port mapping is the one the member can reach.
    pub public_url_given: bool,
    /// Largest file a feedback import (`POST /api/workspaces/{ws}/evidence/import`)
    /// takes, in bytes, instead of [`WebConfig::max_body_bytes`]: the file is streamed
    /// and written in batches, never held whole. A declared larger length gets 413
    /// before anything is read; an upload without one is stopped at the limit with 413
    /// (the batches written before it stay, and running the import again adds only
    /// the rest).
    pub max_import_bytes: u64,
    /// The longest a feedback import may take, upload included, instead of
    /// [`WebConfig::request_timeout`]; then it is stopped (the batch being written is
    /// rolled back whole) and answered with 408. It also stops when the client goes away.
    pub import_timeout: Duration,
    /// The PostgreSQL servers (`host` or `host:port`) whose tables editors may import
    /// events from (`POST /api/documents/{id}/outcomes/events/postgres`). The server
    /// connects to no other: by default none, and that route answers 403, so that a
    /// member cannot make the server reach into the network it runs in.
    pub events_hosts: Vec<String>,
    /// The key that seals the address (password included) of each document's stored
    /// event source, kept outside the database so that a copy of the database or a
    /// backup holds no password. Without one, documents cannot keep an event source
    /// (`PUT /api/documents/{id}/outcomes/source` answers 409 saying so).
    pub secrets_key: Option<prfaq_store::SecretsKey>,
}

impl Default for WebConfig {
    fn default() -> Self {
        WebConfig {
            seed_example: true,
            max_body_bytes: 2 * 1024 * 1024,
            session_ttl: Duration::from_secs(7 * 24 * 3600),
            secure_cookies: false,
            open_signup: true,
            request_timeout: Duration::from_secs(30),
            invitation_ttl: Duration::from_secs(7 * 24 * 3600),
            sign_in_pair_limit: 5,
            sign_in_address_limit: 30,
            sign_in_window: Duration::from_secs(15 * 60),
            sign_in_delay: Duration::from_secs(1),
            signup_address_limit: 10,
            signup_window: Duration::from_secs(3600),
            trust_proxy: Vec::new(),
            password_cost: PasswordCost::default(),
            mail: None,
            public_url: "http://127.0.0.1:7878".to_owned(),
            public_url_given: false,
            max_import_bytes: 1024 * 1024 * 1024,
            import_timeout: Duration::from_secs(30 * 60),
            events_hosts: Vec::new(),
            secrets_key: None,
        }
    }
}

/// Argon2id cost parameters. The default is OWASP's recommendation (19 MiB, two passes);
/// tests lower it because an unoptimised build hashes slowly. Existing hashes keep the
/// parameters they were made with, so changing this never locks anyone out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PasswordCost {
    /// Memory in KiB.
    pub memory_kib: u32,
    /// Passes over the memory.
    pub iterations: u32,
}

impl Default for PasswordCost {
    fn default() -> Self {
        PasswordCost {
            memory_kib: 19 * 1024,
            iterations: 2,
        }
    }
}

impl PasswordCost {
    /// The cheapest cost argon2 allows: for tests only.
    pub const TESTING: PasswordCost = PasswordCost {
        memory_kib: 8,
        iterations: 1,
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_secrets_key_file_is_made_once_and_read_after() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("secrets.key");
        let made = secrets_key(&path).expect("made");
        let text = std::fs::read_to_string(&path).expect("written");
        assert_eq!(text.trim(), made.to_hex());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = std::fs::metadata(&path).expect("meta").permissions().mode();
            assert_eq!(mode & 0o777, 0o600, "{mode:o}");
        }
        assert_eq!(secrets_key(&path).expect("read"), made);
        std::fs::write(&path, "not a key").expect("write");
        let error = secrets_key(&path).expect_err("refused").to_string();
        assert!(
            error.contains("--secrets-key-file") && error.contains("64 hexadecimal digits"),
            "{error}"
        );
    }

    #[test]
    fn a_sqlite_workspace_keeps_its_secrets_key_beside_its_database() {
        let dir = tempfile::tempdir().expect("dir");
        let db = dir.path().join("team.db");
        let config = ServeConfig {
            database_url: db.display().to_string(),
            ..ServeConfig::default()
        };
        let made = config.default_secrets_key().expect("a key");
        let beside = dir.path().join("team.db.key");
        assert_eq!(
            std::fs::read_to_string(&beside).expect("written").trim(),
            made.to_hex()
        );
        // The next start reads the same key.
        let again = config.default_secrets_key().expect("a key");
        assert_eq!(again, made);
        // Where no file can be made, the server starts without a key.
        let nowhere = ServeConfig {
            database_url: dir.path().join("missing/dir/team.db").display().to_string(),
            ..ServeConfig::default()
        };
        assert!(nowhere.default_secrets_key().is_none());
        // A PostgreSQL workspace has no file of its own.
        let postgres = ServeConfig {
            database_url: "postgres://u@127.0.0.1/db".into(),
            ..ServeConfig::default()
        };
        assert!(postgres.default_secrets_key().is_none());
    }

    #[test]
    fn the_public_url_is_an_http_address_without_its_trailing_slash() {
        let web = |url: &str| {
            ServeConfig {
                public_url: Some(url.to_owned()),
                ..ServeConfig::default()
            }
            .web()
            .map(|w| (w.public_url_given, w.public_url))
            .map(|(given, url)| {
                assert!(given, "{url} was given");
                url
            })
        };
        assert_eq!(
            web("https://prfaq.example.com/").expect("https"),
            "https://prfaq.example.com"
        );
        assert_eq!(
            web("http://10.0.0.5:7878").expect("http"),
            "http://10.0.0.5:7878"
        );
        for bad in ["prfaq.example.com", "ftp://x", "https://", "http://a b"] {
            let error = web(bad).expect_err(bad).to_string();
            assert!(error.contains("--public-url"), "{error}");
        }
        let derived = ServeConfig::default().web().expect("default");
        assert!(derived.secrets_key.is_none());
        assert_eq!(derived.public_url, "http://127.0.0.1:7878");
        assert!(!derived.public_url_given, "made from the listening address");
    }
}
