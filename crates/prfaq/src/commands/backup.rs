//! `prfaq backup FILE` and `prfaq restore FILE`: a consistent copy of the workspace,
//! taken while the server runs, that loads into an empty database of either kind.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context as _, Result};
use prfaq_store::DatabaseUrl;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The backup file to write (backup) or read (restore).
    file: PathBuf,
    #[command(flatten)]
    database: super::Database,
}

/// One line: the row count of each table.
fn describe(summary: &prfaq_store::BackupSummary) -> String {
    let tables: Vec<String> = summary
        .tables
        .iter()
        .map(|(table, rows)| format!("{table} {rows}"))
        .collect();
    format!(
        "schema {}; rows: {}",
        summary.schema_version,
        tables.join(", ")
    )
}

async fn open(database: &str) -> Result<std::sync::Arc<dyn prfaq_store::Store>> {
    let url = DatabaseUrl::parse(database)?;
    let shown = match &url {
        DatabaseUrl::Sqlite(path) => path.display().to_string(),
        DatabaseUrl::Postgres(pg) => pg.redacted(),
    };
    prfaq_store::open(&url, &prfaq_store::Config::default())
        .await
        .with_context(|| format!("cannot open the database {shown}"))
}

pub fn backup(args: Args) -> Result<ExitCode> {
    super::runtime()?.block_on(async {
        let store = open(&args.database.url).await?;
        let summary = store
            .backup(&args.file)
            .await
            .with_context(|| format!("cannot write the backup {}", args.file.display()))?;
        store.close().await;
        outln!("wrote {}: {}", args.file.display(), describe(&summary))?;
        Ok(ExitCode::SUCCESS)
    })
}

pub fn restore(args: Args) -> Result<ExitCode> {
    super::runtime()?.block_on(async {
        let store = open(&args.database.url).await?;
        let summary = store
            .restore(&args.file)
            .await
            .with_context(|| format!("cannot restore {}", args.file.display()))?;
        store.close().await;
        outln!("restored {}: {}", args.file.display(), describe(&summary))?;
        Ok(ExitCode::SUCCESS)
    })
}
