//! One module per subcommand.

pub mod backup;
pub mod check;
pub mod evidence;
pub mod explain;
pub mod new;
pub mod outcomes;
pub mod outcomes_workspace;
pub mod remote;
pub mod review;
pub mod rules;
pub mod serve;
pub mod stats;
pub mod sync;

/// The workspace database, for the subcommands that open it.
#[derive(Debug, clap::Args)]
pub struct Database {
    /// A SQLite file (`prfaq.db`, `sqlite:PATH`) or `postgres://…` for a team server.
    #[arg(
        long = "database",
        env = "PRFAQ_DATABASE_URL",
        default_value = "prfaq.db",
        hide_env_values = true
    )]
    pub url: String,
}

/// The async runtime for the subcommands that talk to a database or a server.
pub fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    Ok(tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?)
}
