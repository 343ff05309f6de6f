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
    /// Largest file a feedback import takes, in bytes (streamed, never held whole).
    #[arg(long, default_value_t = 1024 * 1024 * 1024)]
    max_import_bytes: u64,
    /// The longest a feedback import may take, upload included, in seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 30 * 60)]
    import_timeout: u64,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let config = prfaq_web::ServeConfig {
        addr: args.addr,
        database_url: args.database.url,
        seed_example: !args.no_example,
        open_signup: !args.invite_only,
        max_body_bytes: args.max_body_bytes,
        trust_proxy: args.trust_proxy,
        max_import_bytes: args.max_import_bytes,
        import_timeout: std::time::Duration::from_secs(args.import_timeout),
        ..prfaq_web::ServeConfig::default()
    };
    super::runtime()?.block_on(prfaq_web::serve(config))?;
    Ok(ExitCode::SUCCESS)
}
