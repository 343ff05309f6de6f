//! One module per subcommand.

pub mod backup;
pub mod check;
pub mod explain;
pub mod new;
pub mod rules;
pub mod serve;
pub mod stats;
pub mod sync;

/// The async runtime for the subcommands that talk to a database or a server.
pub fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    Ok(tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?)
}
