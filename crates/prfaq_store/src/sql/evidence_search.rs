//! Searching a workspace's feedback with the database's own full-text index: SQLite's
//! FTS5 ranked by `bm25()`, PostgreSQL's text search (a GIN index on the English
//! vector) ranked by `ts_rank`.
//!
//! The user's text is never handed to either query language: it is split into words
//! (letters and digits), and each word is written as a quoted FTS5 string or a
//! PostgreSQL lexeme that holds only letters and digits. Quotes, operators (`AND`,
//! `NEAR`, `*`, `:`, `!`, `&`, `|`) and SQL are therefore literal words or nothing.

use crate::model::*;
use crate::sql::backend::{Backend, Record, Statement, sql};
use crate::sql::evidence::{MAX_LIMIT, valid_day, workspace_role};
use crate::{Result, StoreError};

/// The most words a search uses; a claim's suggestions use its first ones.
const MAX_WORDS: usize = 32;

/// The query's words: runs of letters and digits, lowercased, each once, in order.
fn words(text: &str) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    for word in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        let word = word.to_lowercase();
        if !words.contains(&word) {
            words.push(word);
        }
        if words.len() == MAX_WORDS {
            break;
        }
    }
    words
}

/// The match expression for `words` in the database's language.
fn expression(kind: crate::model::Backend, words: &[String], any_word: bool) -> String {
    match kind {
        crate::model::Backend::Sqlite => {
            let quoted: Vec<String> = words.iter().map(|w| format!("\"{w}\"")).collect();
            quoted.join(if any_word { " OR " } else { " " })
        }
        crate::model::Backend::Postgres => words.join(if any_word { " | " } else { " & " }),
    }
}

/// The filters on an item `f`. Each subquery is uncorrelated, so it runs once per
/// search rather than once per match.
const FILTERS: &str = "f.workspace_id = $2 \
    AND ($3 IS NULL OR f.source_id IN (SELECT src.id FROM evidence_sources src \
         WHERE src.workspace_id = $2 AND src.name = $3)) \
    AND ($4 IS NULL OR f.day >= $4) \
    AND ($5 IS NULL OR f.day <= $5) \
    AND ($6 IS NULL OR f.score >= $6) \
    AND ($7 IS NULL OR f.score <= $7) \
    AND ($8 IS NULL OR f.customer_id = (SELECT i.customer_id FROM evidence_identities i \
         WHERE i.workspace_id = $2 AND i.identity = $8))";

const COLUMNS: &str = "f.id AS id, f.text AS text, f.title AS title, s.name AS source, \
    c.label AS customer, f.customer_id AS customer_id, f.day AS day, f.rating AS rating, \
    f.link AS link";

/// The search's SQL.
///
/// On SQLite the full-text index must drive the query: `CROSS JOIN` fixes the join
/// order, so the planner never scans the workspace's items and asks the index about
/// each one (a full-text query per row: seconds per search on a large workspace,
/// whatever its statistics say). The ranking runs on ids alone: the inner query ranks
/// every match by `bm25()` once and keeps the best `$9` (SQLite's sorter holds no more
/// than the `LIMIT` rows, discarding the worse ones as it goes), and only those few
/// have their text, source and customer read. FTS5's own `ORDER BY rank LIMIT`
/// shortcut does not apply once the item's workspace and filters are joined in.
/// PostgreSQL ranks the matches of its GIN index and keeps the best with a top-N
/// heapsort.
fn search_sql(kind: crate::model::Backend) -> String {
    match kind {
        crate::model::Backend::Sqlite => format!(
            "SELECT {COLUMNS}, CAST(-top.relevance * 1000000 AS INTEGER) AS score_micro \
             FROM (SELECT feedback_fts.rowid AS id, bm25(feedback_fts) AS relevance \
                   FROM feedback_fts CROSS JOIN feedback_items f ON f.id = feedback_fts.rowid \
                   WHERE feedback_fts MATCH $1 AND {FILTERS} \
                   ORDER BY relevance, f.id LIMIT $9) top \
             CROSS JOIN feedback_items f ON f.id = top.id \
             JOIN evidence_sources s ON s.id = f.source_id \
             LEFT JOIN evidence_customers c ON c.id = f.customer_id \
             ORDER BY top.relevance, f.id"
        ),
        crate::model::Backend::Postgres => format!(
            "SELECT {COLUMNS}, CAST(ts_rank(to_tsvector('english', coalesce(f.title, '') || ' ' \
             || f.text), q.q) * 1000000 AS BIGINT) AS score_micro \
             FROM feedback_items f CROSS JOIN (SELECT to_tsquery('english', $1) AS q) q \
             JOIN evidence_sources s ON s.id = f.source_id \
             LEFT JOIN evidence_customers c ON c.id = f.customer_id \
             WHERE to_tsvector('english', coalesce(f.title, '') || ' ' || f.text) @@ q.q \
             AND {FILTERS} \
             ORDER BY score_micro DESC, f.id LIMIT $9"
        ),
    }
}

fn hit(row: &impl Record) -> Result<FeedbackHit> {
    Ok(FeedbackHit {
        id: FeedbackId(row.int("id")?),
        text: row.text("text")?,
        title: row.opt_text("title")?,
        source: row.text("source")?,
        customer: row.opt_text("customer")?,
        customer_id: row.opt_int("customer_id")?.map(CustomerId),
        date: row.opt_text("day")?,
        rating: row.opt_text("rating")?,
        link: row.opt_text("link")?,
        score: row.int("score_micro")? as f64 / 1_000_000.0,
    })
}

fn check_query(query: &FeedbackQuery) -> Result<()> {
    for (day, what) in [(&query.from, "from"), (&query.to, "to")] {
        if let Some(day) = day
            && !valid_day(day)
        {
            return Err(StoreError::Invalid(format!(
                "`{what}` is not a date (YYYY-MM-DD): {day:?}"
            )));
        }
    }
    for (rating, what) in [
        (query.min_rating, "min_rating"),
        (query.max_rating, "max_rating"),
    ] {
        if rating.is_some_and(|r| !r.is_finite()) {
            return Err(StoreError::Invalid(format!("`{what}` is not a number")));
        }
    }
    if query.limit == 0 || query.limit > MAX_LIMIT {
        return Err(StoreError::Invalid(format!(
            "`limit` must be between 1 and {MAX_LIMIT}"
        )));
    }
    Ok(())
}

async fn run<B: Backend>(
    db: &B,
    workspace: WorkspaceId,
    query: &FeedbackQuery,
) -> Result<Vec<FeedbackHit>> {
    let words = words(&query.text);
    if words.is_empty() {
        return Ok(Vec::new());
    }
    let rating = |r: Option<f64>| r.map(|r| (r * 100.0).round() as i64);
    let statement = sql(sqlx::AssertSqlSafe(search_sql(B::KIND)))
        .bind(expression(B::KIND, &words, query.any_word))
        .bind(workspace.0)
        .bind(query.source.as_deref())
        .bind(query.from.as_deref())
        .bind(query.to.as_deref())
        .bind(rating(query.min_rating))
        .bind(rating(query.max_rating))
        .bind(query.customer.as_deref())
        .bind(i64::from(query.limit));
    let rows = bounded(db, statement, SEARCH_TIMEOUT_MS).await?;
    rows.iter().map(hit).collect()
}

/// The longest a search may run before the database stops it.
const SEARCH_TIMEOUT_MS: u32 = 10_000;

/// Runs the search with the database's own bound on its time (PostgreSQL's statement
/// timeout, SQLite's progress handler), so one search never holds a connection for
/// long; a search stopped there is answered with a clear error.
async fn bounded<B: Backend>(
    db: &B,
    statement: Statement<'_>,
    timeout_ms: u32,
) -> Result<Vec<B::Row>> {
    let limit = std::time::Duration::from_millis(u64::from(timeout_ms));
    db.fetch_all_within(statement, limit).await?.ok_or_else(|| {
        StoreError::Invalid(format!(
            "the search took longer than {timeout_ms} ms: add words or filters to narrow it"
        ))
    })
}

/// Searches a workspace's feedback (members). A text without a word finds nothing.
pub(crate) async fn search<B: Backend>(
    db: &B,
    actor: UserId,
    workspace: WorkspaceId,
    query: &FeedbackQuery,
) -> Result<Vec<FeedbackHit>> {
    check_query(query)?;
    workspace_role(db, actor, workspace, |_| true).await?;
    if words(&query.text).is_empty() {
        return Err(StoreError::Invalid(
            "the search has no words (letters or digits)".to_string(),
        ));
    }
    run(db, workspace, query).await
}

/// The best `limit` items for each of `claims` (members): any of a claim's words may
/// match, the most relevant first.
pub(crate) async fn suggest<B: Backend>(
    db: &B,
    actor: UserId,
    workspace: WorkspaceId,
    claims: &[String],
    limit: u32,
) -> Result<Vec<Vec<FeedbackHit>>> {
    workspace_role(db, actor, workspace, |_| true).await?;
    let mut query = FeedbackQuery {
        limit,
        any_word: true,
        ..FeedbackQuery::default()
    };
    check_query(&query)?;
    let mut found = Vec::with_capacity(claims.len());
    for claim in claims {
        query.text.clone_from(claim);
        found.push(run(db, workspace, &query).await?);
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The plan SQLite chooses for the search, with the binds the server sends.
    async fn sqlite_plan(store: &crate::sql::sqlite::SqliteStore) -> Vec<String> {
        let statement = sql(sqlx::AssertSqlSafe(format!(
            "EXPLAIN QUERY PLAN {}",
            search_sql(crate::model::Backend::Sqlite)
        )))
        .bind("\"refund\" \"slow\"")
        .bind(1_i64)
        .bind(None::<&str>)
        .bind(None::<&str>)
        .bind(None::<&str>)
        .bind(None::<i64>)
        .bind(None::<i64>)
        .bind(None::<&str>)
        .bind(20_i64);
        let rows = store
            .fetch_all(statement)
            .await
            .expect("explain the search");
        rows.iter()
            .map(|row| row.text("detail").expect("a plan step"))
            .collect()
    }

    #[tokio::test]
    async fn the_full_text_index_drives_the_search_on_sqlite() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let store = crate::sql::sqlite::SqliteStore::open(
            &dir.path().join("plan.db"),
            &crate::Config::default(),
        )
        .await
        .expect("open the database");
        // With statistics that make the workspace's items look few and the index
        // costly, the planner would start from the items; the join order must not move.
        for statement in [
            "ANALYZE",
            "INSERT OR REPLACE INTO sqlite_stat1 VALUES \
             ('feedback_items', 'sqlite_autoindex_feedback_items_1', '1000000 1 1')",
            "ANALYZE sqlite_schema",
        ] {
            store
                .execute(sql(sqlx::AssertSqlSafe(statement.to_string())))
                .await
                .expect(statement);
        }
        let plan = sqlite_plan(&store).await;
        let first_read = plan
            .iter()
            .find(|step| step.starts_with("SCAN ") || step.starts_with("SEARCH "));
        assert!(
            first_read.is_some_and(|step| step.starts_with("SCAN feedback_fts VIRTUAL TABLE")),
            "the search does not start from the full-text index: {plan:?}"
        );
        assert!(
            plan.iter()
                .any(|step| step.starts_with("SEARCH f USING INTEGER PRIMARY KEY")),
            "the items are not read by id: {plan:?}"
        );
        assert!(
            !plan
                .iter()
                .any(|step| step == "SCAN f" || step.starts_with("SCAN f ")),
            "the search scans the items: {plan:?}"
        );
    }

    #[tokio::test]
    async fn a_search_that_runs_too_long_on_postgres_is_cancelled() {
        let Some(scratch) = crate::testing::PostgresScratch::create().await else {
            return;
        };
        let crate::DatabaseUrl::Postgres(url) = scratch.url() else {
            panic!("a PostgreSQL URL");
        };
        let store = crate::sql::postgres::PostgresStore::open(url, &crate::Config::default())
            .await
            .expect("open the database");
        let slow = sql(sqlx::AssertSqlSafe("SELECT pg_sleep(5)".to_string()));
        let error = bounded(&store, slow, 200).await.expect_err("cancelled");
        assert!(
            error.to_string().contains("took longer than 200 ms"),
            "unexpected error: {error}"
        );
        let quick = sql(sqlx::AssertSqlSafe("SELECT 1 AS one".to_string()));
        let rows = bounded(&store, quick, 200).await.expect("a quick query");
        assert_eq!(rows.len(), 1);
        store.close_connections().await;
    }

    /// A read that counts to `n` (seconds of work for a billion).
    fn counting(n: u64) -> Statement<'static> {
        sql(sqlx::AssertSqlSafe(format!(
            "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < {n}) \
             SELECT COUNT(*) AS n FROM c"
        )))
    }

    #[tokio::test]
    async fn a_search_that_runs_too_long_on_sqlite_is_stopped() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        // One reader, so every read below runs on the connection the bound was set on.
        let config = crate::Config {
            max_connections: 1,
            ..crate::Config::default()
        };
        let store = crate::sql::sqlite::SqliteStore::open(&dir.path().join("slow.db"), &config)
            .await
            .expect("open the database");
        let error = bounded(&store, counting(1_000_000_000), 200)
            .await
            .expect_err("stopped");
        assert!(
            error.to_string().contains("took longer than 200 ms"),
            "unexpected error: {error}"
        );
        let rows = bounded(&store, counting(1_000), 200)
            .await
            .expect("a quick read");
        assert_eq!(rows[0].int("n").expect("a count"), 1_000);

        // A bounded read dropped half way (its client went away): its statement is
        // stopped at the deadline, and the handler does not outlive it, so a long read
        // after the deadline runs to its end.
        let dropped = tokio::time::timeout(
            std::time::Duration::from_millis(50),
            bounded(&store, counting(1_000_000_000), 300),
        )
        .await;
        assert!(dropped.is_err(), "the read should still have been running");
        tokio::time::sleep(std::time::Duration::from_millis(400)).await;
        let rows = store
            .fetch_all(counting(3_000_000))
            .await
            .expect("a read after the dropped one's deadline is not stopped");
        assert_eq!(rows[0].int("n").expect("a count"), 3_000_000);
        store.close_connections().await;
    }

    #[test]
    fn the_query_becomes_plain_words() {
        let w = words("\"refund\" AND NEAR(x*) OR 1=1; DROP TABLE users;--  réfund Refund");
        assert_eq!(
            w,
            [
                "refund", "and", "near", "x", "or", "1", "drop", "table", "users", "réfund"
            ]
        );
        assert_eq!(
            expression(crate::model::Backend::Sqlite, &w[..2], false),
            "\"refund\" \"and\""
        );
        assert_eq!(
            expression(crate::model::Backend::Postgres, &w[..2], true),
            "refund | and"
        );
        assert!(words("\"' -- ;").is_empty());
    }
}
