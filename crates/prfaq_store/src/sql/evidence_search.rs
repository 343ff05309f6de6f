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

/// The most matches one search ranks. A word or two found in a large share of a
/// million items would otherwise have every match ranked before the best are kept
/// (hundreds of milliseconds); the ranking is bounded instead to the newest
/// `CANDIDATES` matches on SQLite (item ids grow with each import) and the first
/// `CANDIDATES` the index yields on PostgreSQL, which keeps a search within tens of
/// milliseconds whatever it matches. A search that matches fewer items ranks them all.
pub(crate) const CANDIDATES: i64 = 2_000;

/// The search's SQL.
///
/// On SQLite this reads the candidates, which [`rank`] then ranks. The full-text index
/// must drive the query: `CROSS JOIN` fixes the join order, so the planner never scans
/// the workspace's items and asks the index about each one (a full-text query per row:
/// seconds per search on a large workspace, whatever its statistics say). It walks the
/// matches newest first (FTS5 yields them in rowid order, so no sort) and stops after
/// the first `$9` that pass the filters, and hands them over as one row: a JSON array
/// of `[id, title and text]` pairs. The driver passes each row from SQLite's thread to
/// the caller's on its own, and for 2,000 rows those hand-overs cost more than the
/// query (half the search's CPU time, most of it in the kernel, at a million items).
/// FTS5's `bm25()` is not used: before ranking
/// its first row it counts every item in the database that holds each word (its
/// inverse document frequency), which for a common word is a scan of a hundred
/// thousand entries, whatever the `LIMIT`.
///
/// PostgreSQL ranks in SQL: its GIN index on the stored vector yields the matches, the
/// first `$10` are ranked by `ts_rank` (which reads the stored vector and needs no
/// document frequencies) and the best `$9` kept. Only those are joined to their rows,
/// sources and customers: with the join outside the ranking, the planner joined every
/// candidate before sorting (four index reads each, 16,000 buffers for 2,000
/// candidates, three quarters of a claim's search).
fn search_sql(kind: crate::model::Backend) -> String {
    match kind {
        crate::model::Backend::Sqlite => format!(
            "SELECT json_group_array(json_array(id, text)) AS candidates \
             FROM (SELECT f.id AS id, coalesce(f.title || ' ', '') || f.text AS text \
                   FROM feedback_fts CROSS JOIN feedback_items f ON f.id = feedback_fts.rowid \
                   WHERE feedback_fts MATCH $1 AND {FILTERS} \
                   ORDER BY feedback_fts.rowid DESC LIMIT $9)"
        ),
        crate::model::Backend::Postgres => format!(
            "SELECT {COLUMNS}, top.score_micro AS score_micro \
             FROM (SELECT ranked.id AS id, \
                          CAST(ranked.relevance * 1000000 AS BIGINT) AS score_micro \
                   FROM (SELECT f.id AS id, ts_rank(f.search_vector, q.q) AS relevance \
                         FROM feedback_items f \
                         CROSS JOIN (SELECT to_tsquery('english', $1) AS q) q \
                         WHERE f.search_vector @@ q.q AND {FILTERS} LIMIT $10) ranked \
                   ORDER BY score_micro DESC, ranked.id LIMIT $9) top \
             JOIN feedback_items f ON f.id = top.id \
             JOIN evidence_sources s ON s.id = f.source_id \
             LEFT JOIN evidence_customers c ON c.id = f.customer_id \
             ORDER BY top.score_micro DESC, f.id"
        ),
    }
}

/// A lowercased word as the ranking compares them: its stem, and whether a `y` ends
/// the word in place of the ending taken off. A plural or common verb ending comes off
/// (`deliveries` and `delivery`, `crashed` and `crash` are one word), close enough to
/// the full-text index's Porter stemmer for the words it matched.
fn stem(word: &str) -> (&str, bool) {
    let long_enough = |rest: &str, keep: usize| rest.chars().count() >= keep;
    if let Some(rest) = word.strip_suffix("ies")
        && long_enough(rest, 2)
    {
        return (rest, true);
    }
    for suffix in ["ing", "ed", "es", "s"] {
        if let Some(rest) = word.strip_suffix(suffix)
            && long_enough(rest, 3)
            && !(suffix == "s" && rest.ends_with('s'))
        {
            return (rest, false);
        }
    }
    (word, false)
}

/// A word's folded form (lowercased, stemmed) as a string.
fn fold(word: &str) -> String {
    let lower = word.to_lowercase();
    let (rest, y) = stem(&lower);
    if y {
        format!("{rest}y")
    } else {
        rest.to_string()
    }
}

/// Whether the folded term `term` is the stem `(rest, y)` of a word.
fn same_word(term: &str, (rest, y): (&str, bool)) -> bool {
    if y {
        term.len() == rest.len() + 1 && term.starts_with(rest) && term.ends_with('y')
    } else {
        term == rest
    }
}

/// BM25 (k1 = 1.2, b = 0.75) of each candidate `(id, text)` for `words`, the best
/// first (ties by id), at most `limit`. The document frequencies and the average
/// length are the candidates' own: the candidate set stands for the collection, so a
/// word that few candidates hold weighs more than one that most hold.
fn rank(words: &[String], candidates: &[(i64, String)], limit: usize) -> Vec<(i64, f64)> {
    const K1: f64 = 1.2;
    const B: f64 = 0.75;
    let mut terms: Vec<String> = words.iter().map(|w| fold(w)).collect();
    terms.sort_unstable();
    terms.dedup();
    let mut counts: Vec<(usize, Vec<u32>)> = Vec::with_capacity(candidates.len());
    let mut df = vec![0usize; terms.len()];
    let mut lower = String::new();
    for (_, text) in candidates {
        let mut tf = vec![0u32; terms.len()];
        let mut length = 0;
        for token in text
            .split(|c: char| !c.is_alphanumeric())
            .filter(|t| !t.is_empty())
        {
            length += 1;
            lower.clear();
            if token.is_ascii() {
                lower.push_str(token);
                lower.make_ascii_lowercase();
            } else {
                lower.extend(token.chars().flat_map(char::to_lowercase));
            }
            let word = stem(&lower);
            if let Some(at) = terms.iter().position(|t| same_word(t, word)) {
                tf[at] += 1;
            }
        }
        for (at, &n) in tf.iter().enumerate() {
            if n > 0 {
                df[at] += 1;
            }
        }
        counts.push((length, tf));
    }
    let n = candidates.len() as f64;
    let average = counts.iter().map(|c| c.0 as f64).sum::<f64>() / n.max(1.0);
    let idf: Vec<f64> = df
        .iter()
        .map(|&d| (1.0 + (n - d as f64 + 0.5) / (d as f64 + 0.5)).ln())
        .collect();
    let mut scored: Vec<(i64, f64)> = candidates
        .iter()
        .zip(&counts)
        .map(|((id, _), (length, tf))| {
            let norm = K1 * (1.0 - B + B * *length as f64 / average.max(1.0));
            let score = tf
                .iter()
                .zip(&idf)
                .map(|(&t, idf)| {
                    let t = f64::from(t);
                    idf * t * (K1 + 1.0) / (t + norm)
                })
                .sum();
            (*id, score)
        })
        .collect();
    scored.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    scored.truncate(limit);
    scored
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
        .bind(query.customer.as_deref());
    if B::KIND == crate::model::Backend::Postgres {
        // Planned with the words and filters: a word in a third of the items is read
        // by a scan that stops at the first matches (milliseconds), a rare one from
        // the index, and the filters left empty drop out of the plan.
        let statement = statement
            .bind(i64::from(query.limit))
            .bind(CANDIDATES)
            .planned_with_values();
        let rows = bounded(db, statement, SEARCH_TIMEOUT_MS).await?;
        return rows.iter().map(hit).collect();
    }
    let rows = bounded(db, statement.bind(CANDIDATES), SEARCH_TIMEOUT_MS).await?;
    let candidates: Vec<(i64, String)> = match rows.first() {
        Some(row) => serde_json::from_str(&row.text("candidates")?)
            .map_err(|error| StoreError::Database(sqlx::Error::Decode(Box::new(error))))?,
        None => Vec::new(),
    };
    drop(rows);
    let best = rank(&words, &candidates, query.limit as usize);
    if best.is_empty() {
        return Ok(Vec::new());
    }
    // Ids read from the database just now, written as numbers.
    let ids: Vec<String> = best.iter().map(|(id, _)| id.to_string()).collect();
    let text = format!(
        "SELECT {COLUMNS}, 0 AS score_micro FROM feedback_items f \
         JOIN evidence_sources s ON s.id = f.source_id \
         LEFT JOIN evidence_customers c ON c.id = f.customer_id \
         WHERE f.id IN ({})",
        ids.join(", ")
    );
    let rows = db.fetch_all(sql(sqlx::AssertSqlSafe(text))).await?;
    let mut found: std::collections::HashMap<i64, FeedbackHit> = std::collections::HashMap::new();
    for row in &rows {
        let hit = hit(row)?;
        found.insert(hit.id.0, hit);
    }
    // An item deleted between the two reads is left out.
    Ok(best
        .into_iter()
        .filter_map(|(id, score)| {
            found.remove(&id).map(|mut hit| {
                hit.score = (score * 1_000_000.0).round() / 1_000_000.0;
                hit
            })
        })
        .collect())
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

/// The words of a claim its suggestions search for: the rarest few that occur at all.
const SUGGESTION_WORDS: usize = 4;
/// How far a word's matches are counted when telling rare words from common ones: a
/// word found this often is as common as any other.
const RARITY_CAP: i64 = 1_000;

/// Claims searched at once by one request's suggestions: each claim's search is
/// independent of the others, so they run side by side on the pool's connections (a
/// few, so that one document's suggestions leave connections for everyone else).
const CONCURRENT_CLAIMS: usize = 4;

/// Words counted by one statement.
const COUNTED_AT_ONCE: usize = 100;

/// How many items hold each of `words`, counted up to [`RARITY_CAP`] (across the
/// database: a cheap measure of how rare a word is, read from the full-text index
/// alone), in the order of `words`.
///
/// One statement counts up to [`COUNTED_AT_ONCE`] words, a scalar subquery each, so a
/// document's words take one round trip instead of one bounded read (four on
/// PostgreSQL: the transaction, its time bound, the count, the end) each.
async fn matches_up_to_cap<B: Backend>(db: &B, words: &[String]) -> Result<Vec<i64>> {
    let mut counts = Vec::with_capacity(words.len());
    for chunk in words.chunks(COUNTED_AT_ONCE) {
        // Numbers of our own, never the user's; the words are bound.
        let counts_sql: Vec<String> = (1..=chunk.len())
            .map(|at| match B::KIND {
                crate::model::Backend::Sqlite => format!(
                    "SELECT {at} AS at, (SELECT COUNT(*) FROM (SELECT 1 FROM feedback_fts \
                     WHERE feedback_fts MATCH ${at} LIMIT {RARITY_CAP})) AS n"
                ),
                crate::model::Backend::Postgres => format!(
                    "SELECT CAST({at} AS BIGINT) AS at, (SELECT COUNT(*) FROM \
                     (SELECT 1 FROM feedback_items \
                      WHERE search_vector @@ to_tsquery('english', ${at}) \
                      LIMIT {RARITY_CAP}) x) AS n"
                ),
            })
            .collect();
        let mut statement = sql(sqlx::AssertSqlSafe(counts_sql.join(" UNION ALL ")));
        for word in chunk {
            statement = statement.bind(expression(B::KIND, std::slice::from_ref(word), false));
        }
        // Planned with the words (PostgreSQL plans an unnamed statement with its
        // values): a common word is counted by a scan that stops at the cap, a rare one
        // from the index.
        let rows = bounded(db, statement.planned_with_values(), SEARCH_TIMEOUT_MS).await?;
        let mut found = vec![0; chunk.len()];
        for row in &rows {
            let at = usize::try_from(row.int("at")?).unwrap_or(0);
            if let Some(count) = at.checked_sub(1).and_then(|at| found.get_mut(at)) {
                *count = row.int("n")?;
            }
        }
        counts.extend(found);
    }
    Ok(counts)
}

/// What PostgreSQL's text search and statistics tell of a word before its items are
/// counted.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Known {
    /// A stop word or no word at all: it matches nothing.
    Nothing,
    /// At least twice [`RARITY_CAP`] items hold it, by the statistics.
    Common,
    /// To be counted.
    Counted,
}

/// What is known of each of `words` without counting (see [`Known`]): on PostgreSQL, a
/// word with no lexeme (a stop word) matches nothing, and the statistics of the search
/// vector (the most common lexemes `ANALYZE` found, with the share of items holding
/// each) put some words above the cap; everything else, and every word on SQLite, is
/// counted.
///
/// Counting a common word to the cap was most of a PR/FAQ's suggestions on a large
/// workspace: 181 distinct words, 40 of them common, each 10 to 50 ms whether the
/// planner scans the table to the thousandth match or builds the index's bitmap of a
/// long posting list. The statistics are the planner's own, a sample of 30,000 items; a
/// word they put at twice the cap is above it in the table, and a word they miss (or a
/// table not analysed yet) is counted.
async fn known<B: Backend>(db: &B, words: &[String]) -> Result<Vec<Known>> {
    if B::KIND != crate::model::Backend::Postgres || words.is_empty() {
        return Ok(vec![Known::Counted; words.len()]);
    }
    // A word's lexemes are its vector's elements (`to_tsvector` parses a word of letters
    // and digits as `to_tsquery` does). Of the frequency array's three extra elements
    // (minimum, maximum, empty share), unnest pairs none with a lexeme.
    let text = "SELECT w.at AS at, \
            CAST(CASE WHEN coalesce(array_length(l.lexemes, 1), 0) = 0 THEN 0 \
                      WHEN array_length(l.lexemes, 1) = 1 \
                           AND coalesce(common.share, 0) * t.items >= $2 THEN 2 \
                      ELSE 1 END AS BIGINT) AS known \
        FROM unnest(string_to_array($1, ' ')) WITH ORDINALITY AS w(word, at) \
        CROSS JOIN LATERAL (SELECT tsvector_to_array(to_tsvector('english', w.word)) \
                            AS lexemes) l \
        CROSS JOIN (SELECT greatest(c.reltuples, 0) AS items FROM pg_class c \
                    WHERE c.oid = 'feedback_items'::regclass) t \
        LEFT JOIN (SELECT u.lexeme AS lexeme, u.share AS share \
                   FROM pg_stats st \
                   CROSS JOIN LATERAL unnest(st.most_common_elems::text::text[], \
                                             st.most_common_elem_freqs) AS u(lexeme, share) \
                   WHERE st.schemaname = current_schema() \
                     AND st.tablename = 'feedback_items' \
                     AND st.attname = 'search_vector') common \
          ON common.lexeme = l.lexemes[1]";
    let statement = sql(sqlx::AssertSqlSafe(text.to_string()))
        .bind(words.join(" "))
        .bind(2 * RARITY_CAP);
    let rows = bounded(db, statement, SEARCH_TIMEOUT_MS).await?;
    let mut known = vec![Known::Counted; words.len()];
    for row in &rows {
        let at = usize::try_from(row.int("at")?).unwrap_or(0);
        if let Some(slot) = at.checked_sub(1).and_then(|at| known.get_mut(at)) {
            *slot = match row.int("known")? {
                0 => Known::Nothing,
                2 => Known::Common,
                _ => Known::Counted,
            };
        }
    }
    Ok(known)
}

/// How rare each of `words` is: its items counted up to [`RARITY_CAP`] (see
/// [`matches_up_to_cap`]), a word known common taken as the cap and one that matches
/// nothing as 0 (see [`known`]).
async fn rarity<B: Backend>(
    db: &B,
    words: &[String],
) -> Result<std::collections::HashMap<String, i64>> {
    let known = known(db, words).await?;
    let counted: Vec<String> = words
        .iter()
        .zip(&known)
        .filter(|(_, known)| **known == Known::Counted)
        .map(|(word, _)| word.clone())
        .collect();
    let mut found = matches_up_to_cap(db, &counted).await?.into_iter();
    Ok(words
        .iter()
        .zip(known)
        .map(|(word, known)| {
            let count = match known {
                Known::Nothing => 0,
                Known::Common => RARITY_CAP,
                Known::Counted => found.next().unwrap_or(0),
            };
            (word.clone(), count)
        })
        .collect())
}

/// The best `limit` items for each of `claims` (members), the most relevant first.
///
/// A claim is a sentence or a paragraph: asking for any of its words would match most
/// of a large workspace through its common words. Each claim searches instead for its
/// [`SUGGESTION_WORDS`] rarest words that occur at all (any of them may match), their
/// rarity counted once per request for all claims; the ranking is bounded as a
/// search's is ([`CANDIDATES`]). The claims' searches run [`CONCURRENT_CLAIMS`] at a
/// time.
pub(crate) async fn suggest<B: Backend>(
    db: &B,
    actor: UserId,
    workspace: WorkspaceId,
    claims: &[String],
    limit: u32,
) -> Result<Vec<Vec<FeedbackHit>>> {
    use futures_util::{StreamExt, TryStreamExt};

    workspace_role(db, actor, workspace, |_| true).await?;
    let query = FeedbackQuery {
        limit,
        any_word: true,
        ..FeedbackQuery::default()
    };
    check_query(&query)?;
    let claim_words: Vec<Vec<String>> = claims.iter().map(|claim| words(claim)).collect();
    let mut distinct: Vec<String> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for word in claim_words.iter().flatten() {
        if seen.insert(word.as_str()) {
            distinct.push(word.clone());
        }
    }
    let counts = rarity(db, &distinct).await?;
    let chosen: Vec<Option<String>> = claim_words
        .into_iter()
        .map(|words| {
            let mut rare: Vec<(i64, usize, String)> = words
                .into_iter()
                .enumerate()
                .filter_map(|(at, word)| {
                    let count = counts.get(&word).copied().unwrap_or(0);
                    (count > 0).then_some((count, at, word))
                })
                .collect();
            rare.sort_unstable();
            rare.truncate(SUGGESTION_WORDS);
            if rare.is_empty() {
                return None;
            }
            rare.sort_unstable_by_key(|&(_, at, _)| at);
            let chosen: Vec<String> = rare.into_iter().map(|(_, _, word)| word).collect();
            Some(chosen.join(" "))
        })
        .collect();
    futures_util::stream::iter(chosen.into_iter().map(|text| {
        let query = &query;
        async move {
            match text {
                None => Ok(Vec::new()),
                Some(text) => {
                    let query = FeedbackQuery {
                        text,
                        ..query.clone()
                    };
                    run(db, workspace, &query).await
                }
            }
        }
    }))
    .buffered(CONCURRENT_CLAIMS)
    .try_collect()
    .await
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
        .bind(CANDIDATES);
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
    fn words_fold_to_one_form_for_ranking() {
        assert_eq!(fold("Deliveries"), "delivery");
        assert_eq!(fold("delivery"), "delivery");
        assert_eq!(fold("crashed"), "crash");
        assert_eq!(fold("crashes"), "crash");
        assert_eq!(fold("crashing"), "crash");
        assert_eq!(fold("refunds"), "refund");
        assert_eq!(fold("glass"), "glass");
        assert_eq!(fold("is"), "is");
    }

    #[test]
    fn the_ranking_weighs_repeats_rare_words_and_length() {
        let words = vec!["late".to_string(), "refund".to_string()];
        let candidates = vec![
            (1, "late".to_string()),
            (2, "late late late delivery".to_string()),
            (3, "the refund came late".to_string()),
            (4, "late again".to_string()),
            (5, "a refund".to_string()),
        ];
        let ranked = rank(&words, &candidates, 10);
        let order: Vec<i64> = ranked.iter().map(|r| r.0).collect();
        // The rarer word (refund, in 2 of 5) outweighs the common one (late, in 4 of
        // 5) however often that one is repeated; among the texts with only the common
        // word, a repeat outweighs length.
        let mut first_two = order[..2].to_vec();
        first_two.sort_unstable();
        assert_eq!(first_two, [3, 5], "{ranked:?}");
        assert_eq!(order[2], 2, "{ranked:?}");
        assert!(ranked.windows(2).all(|w| w[0].1 >= w[1].1), "{ranked:?}");
        assert_eq!(rank(&words, &candidates, 2).len(), 2);
        assert!(rank(&words, &[], 5).is_empty());
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
