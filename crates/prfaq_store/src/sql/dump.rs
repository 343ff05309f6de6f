//! Backup and restore on any [`Backend`]: every table of `backup::TABLES` read from one
//! snapshot, or loaded into an empty database in one write transaction. The SQL is
//! built from the table and column names of `backup::TABLES` only; every value is bound.

use std::path::Path;

use serde_json::Value;
use sqlx::AssertSqlSafe;

use crate::backup::{self, Dump, Kind, TABLES};
use crate::model::{BackupSummary, now_millis};
use crate::sql::LATEST_SCHEMA;
use crate::sql::backend::{Backend, Record, Tx, sql};
use crate::{Result, StoreError};

pub(crate) async fn backup<B: Backend>(db: &B, dest: &Path) -> Result<BackupSummary> {
    let mut dump = Dump::new(LATEST_SCHEMA, B::KIND, now_millis())?;
    let mut tx = db.begin_snapshot().await?;
    for table in TABLES {
        let found = tx
            .fetch_all(sql(AssertSqlSafe(table.select_sql(B::KIND))))
            .await?;
        let mut values = Vec::with_capacity(found.len());
        for row in &found {
            let mut value = Vec::with_capacity(table.columns.len());
            for &(column, kind) in table.columns {
                value.push(match kind {
                    Kind::Int => row.opt_int(column)?.map_or(Value::Null, Value::from),
                    Kind::Text | Kind::Key => {
                        row.opt_text(column)?.map_or(Value::Null, Value::from)
                    }
                });
            }
            values.push(value);
        }
        dump.table(table, &values)?;
    }
    tx.rollback().await?;
    dump.write(dest).await
}

pub(crate) async fn restore<B: Backend>(db: &B, src: &Path) -> Result<BackupSummary> {
    let loaded = backup::load(src, LATEST_SCHEMA).await?;
    let mut tx = db.begin_write().await?;
    for table in TABLES {
        let rows = tx
            .fetch_one(sql(AssertSqlSafe(table.count_sql())))
            .await?
            .int("row_count")?;
        if rows > 0 {
            return Err(StoreError::Conflict(format!(
                "restore needs an empty database, and table `{}` has rows",
                table.name
            )));
        }
    }
    let mut summary = BackupSummary {
        schema_version: loaded.schema,
        tables: Vec::new(),
    };
    for loaded in &loaded.tables {
        let insert_sql = loaded.table.insert_sql(&loaded.columns, B::KIND);
        for row in &loaded.rows {
            let mut insert = sql(AssertSqlSafe(insert_sql.as_str()));
            for (value, &index) in row.iter().zip(&loaded.columns) {
                insert = match loaded.table.columns[index].1 {
                    Kind::Int => insert.bind(value.as_i64()),
                    Kind::Text | Kind::Key => insert.bind(value.as_str().map(str::to_owned)),
                };
            }
            tx.execute(insert).await?;
        }
        summary
            .tables
            .push((loaded.table.name.to_string(), loaded.rows.len() as u64));
    }
    restore_review_versions(&mut tx, &loaded).await?;
    if B::KIND == crate::model::Backend::Sqlite {
        // The items' full-text index is filled by imports, not by a trigger on insert:
        // it is built again from the restored items.
        tx.execute(sql(
            "INSERT INTO feedback_fts (feedback_fts) VALUES ('rebuild')",
        ))
        .await?;
    }
    tx.commit().await?;
    Ok(summary)
}

/// Every row loaded into a review table counted once more in its document's
/// `review_version` (schema 6's triggers); the backup's own count is written back, so a
/// restored database is the one that was backed up.
async fn restore_review_versions(tx: &mut impl Tx, loaded: &backup::Loaded) -> Result<()> {
    let Some(documents) = loaded.tables.iter().find(|t| t.table.name == "documents") else {
        return Ok(());
    };
    let position = |name: &str| {
        documents
            .columns
            .iter()
            .position(|&index| documents.table.columns[index].0 == name)
    };
    let (Some(id), Some(version)) = (position("id"), position("review_version")) else {
        return Ok(());
    };
    for row in &documents.rows {
        let update = sql("UPDATE documents SET review_version = $2 WHERE id = $1")
            .bind(row[id].as_i64())
            .bind(row[version].as_i64());
        tx.execute(update).await?;
    }
    Ok(())
}
