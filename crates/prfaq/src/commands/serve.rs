//! `prfaq serve`: the browser workspace on the embedded SQLite file or PostgreSQL.

use std::net::{IpAddr, SocketAddr};
use std::process::ExitCode;

use anyhow::Result;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Where to listen.
    #[arg(long, default_value = "127.0.0.1:7878")]
    addr: SocketAddr,
    #[command(flatten)]
    database: super::Database,
    /// Do not seed the example PR/FAQ into the first workspace.
    #[arg(long)]
    no_example: bool,
    /// Only invited people can create accounts (after the first one).
    #[arg(long)]
    invite_only: bool,
    /// Largest request body, uploads included, in bytes.
    #[arg(long, default_value_t = 2 * 1024 * 1024)]
    max_body_bytes: usize,
    /// The address of a reverse proxy in front of the server (repeat for several):
    /// requests from it are counted by the client address it names in
    /// X-Forwarded-For (or Forwarded). Without it those headers are ignored.
    #[arg(long, value_name = "ADDR")]
    trust_proxy: Vec<IpAddr>,
    /// Email members about their notices through this SMTP server:
    /// smtp://host:port (plain, for a relay nearby), smtp://host:port?tls=required
    /// (STARTTLS) or smtps://host:port, with user:password@ before the host to sign in.
    /// Without it no email is sent. Needs --mail-from.
    #[arg(
        long,
        value_name = "URL",
        env = "PRFAQ_SMTP_URL",
        hide_env_values = true,
        requires = "mail_from"
    )]
    smtp_url: Option<String>,
    /// The sender of those emails, such as "prfaq <prfaq@example.com>".
    #[arg(
        long,
        value_name = "ADDRESS",
        env = "PRFAQ_MAIL_FROM",
        requires = "smtp_url"
    )]
    mail_from: Option<String>,
    /// The server's address as members reach it, for links in emails and invitation
    /// links, such as https://prfaq.example.com (default: http:// and --addr for emails;
    /// invitation links then follow the address the browser used).
    #[arg(long, value_name = "URL", env = "PRFAQ_PUBLIC_URL")]
    public_url: Option<String>,
    /// Largest file a feedback import takes, in bytes (streamed, never held whole).
    #[arg(long, default_value_t = 1024 * 1024 * 1024)]
    max_import_bytes: u64,
    /// The longest a feedback import may take, upload included, in seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 30 * 60)]
    import_timeout: u64,
    /// The PostgreSQL servers (HOST or HOST:PORT, comma-separated) whose tables editors
    /// may import product events from; by default none, and the workspace reads events
    /// from files alone.
    #[arg(
        long,
        value_name = "HOST[:PORT]",
        value_delimiter = ',',
        env = "PRFAQ_EVENTS_HOSTS"
    )]
    events_hosts: Vec<String>,
    /// The file holding the key that seals the address (password included) of each
    /// document's stored PostgreSQL event source, outside the database; made with a new
    /// random key when it does not exist. By default, on SQLite, the database's file
    /// name with `.key` added, beside it; on PostgreSQL none, and documents cannot keep
    /// a source.
    #[arg(long, value_name = "FILE", env = "PRFAQ_SECRETS_KEY_FILE")]
    secrets_key_file: Option<std::path::PathBuf>,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let config = prfaq_web::ServeConfig {
        addr: args.addr,
        database_url: args.database.url,
        seed_example: !args.no_example,
        open_signup: !args.invite_only,
        max_body_bytes: args.max_body_bytes,
        trust_proxy: args.trust_proxy,
        mail: args
            .smtp_url
            .zip(args.mail_from)
            .map(|(url, from)| prfaq_web::MailConfig::new(url, from)),
        public_url: args.public_url,
        max_import_bytes: args.max_import_bytes,
        import_timeout: std::time::Duration::from_secs(args.import_timeout),
        events_hosts: args.events_hosts,
        secrets_key_file: args.secrets_key_file,
        ..prfaq_web::ServeConfig::default()
    };
    super::runtime()?.block_on(prfaq_web::serve(config))?;
    Ok(ExitCode::SUCCESS)
}
