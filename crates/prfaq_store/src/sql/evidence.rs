//! Customer evidence on any [`Backend`]: imports in batches, customers merged by
//! identity, searches through the database's own full-text index (SQLite FTS5 with
//! `bm25()`, PostgreSQL's text search with `ts_rank`), passages linked to claims, and
//! deleting a customer's feedback on request.
//!
//! Each import batch is one write transaction on SQLite; on PostgreSQL its sources and
//! merges of customers commit first and its new customers and items are then written
//! by two transactions at once (see [`import_feedback`]). A crash leaves the batches
//! before it whole and, of the one it interrupted, at most sources, customers and some
//! of its items; since every item has a
//! content key unique in its workspace and customers are found by their identities,
//! running the import again adds only what is missing.

use std::collections::{HashMap, HashSet};

use sqlx::AssertSqlSafe;

use crate::model::*;
use crate::secret::random_id;
use crate::sql::backend::{Backend, Record, Rows, Tx, sql};
use crate::sql::evidence_links::feedback_changed;
use crate::sql::{require, valid_body, valid_text};
use crate::{Result, StoreError};

/// The longest source name, in characters.
const MAX_SOURCE: usize = 120;
/// The longest feedback text, in bytes (the importer's own bound is lower).
const MAX_TEXT: usize = 256 * 1024;
/// Identities looked up in one statement on PostgreSQL (far below its limit on bound
/// values).
const CHUNK: usize = 500;
/// The most values one statement binds on SQLite. Its statements here use anonymous
/// placeholders (see [`placeholders`]), whose binding costs no lookup; a statement of a
/// few hundred values already spreads its own cost over many rows.
const SQLITE_VALUES: usize = 256;

/// Values of one lookup statement on this database.
fn values_per_statement<B: Backend>() -> usize {
    match B::KIND {
        crate::model::Backend::Sqlite => SQLITE_VALUES,
        crate::model::Backend::Postgres => CHUNK,
    }
}
/// The most results a search returns.
pub(crate) const MAX_LIMIT: u32 = crate::model::MOST_FEEDBACK_RESULTS;

/// The actor's role in `workspace`, refused unless `allowed`.
pub(crate) async fn workspace_role<B: Backend>(
    db: &B,
    actor: UserId,
    workspace: WorkspaceId,
    allowed: fn(Role) -> bool,
) -> Result<Role> {
    let row = db
        .fetch_optional(
            sql("SELECT role FROM memberships WHERE workspace_id = $1 AND user_id = $2")
                .bind(workspace.0)
                .bind(actor.0),
        )
        .await?;
    let role = row.as_ref().map(crate::sql::rows::role).transpose()?;
    require(role, allowed)
}

fn any_role(_: Role) -> bool {
    true
}

/// Checks one item: a text, no NUL anywhere, a well-formed key and day.
fn check_item(item: &NewFeedback) -> Result<()> {
    let line = item.line;
    let bad = |what: &str| StoreError::Invalid(format!("line {line}: {what}"));
    if item.text.trim().is_empty() {
        return Err(bad("the text is empty"));
    }
    if item.text.len() > MAX_TEXT {
        return Err(bad("the text is longer than 256 KiB"));
    }
    if item.content_key.len() != 32 || !item.content_key.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(bad("the content key is not 32 hex digits"));
    }
    if let Some(day) = &item.day
        && !valid_day(day)
    {
        return Err(bad("the date is not YYYY-MM-DD"));
    }
    let texts = [
        Some(&item.text),
        item.title.as_ref(),
        item.rating.as_ref(),
        item.link.as_ref(),
        item.external_id.as_ref(),
        item.source.as_ref(),
        item.customer.as_ref(),
    ];
    // The message is only made for a field that fails: this runs for every item of
    // an import.
    for text in texts.into_iter().flatten().chain(&item.identities) {
        if text.contains('\0') {
            return Err(StoreError::Invalid(format!(
                "the field on line {line} contains a NUL character"
            )));
        }
    }
    Ok(())
}

/// `YYYY-MM-DD`, digits in place (the importer checked the calendar).
pub(crate) fn valid_day(day: &str) -> bool {
    let b = day.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

/// A rating number in hundredths, as stored.
fn hundredths(score: f64) -> Option<i64> {
    let value = (score * 100.0).round();
    (value.is_finite() && value.abs() < 1e15).then_some(value as i64)
}

/// The source's id, made on first use; saves `mapping` with it when given.
async fn source_id<B: Backend>(
    tx: &mut B::Tx,
    workspace: WorkspaceId,
    name: &str,
    mapping: Option<&str>,
) -> Result<i64> {
    let name = valid_text(name, "source", MAX_SOURCE)?;
    let found = tx
        .fetch_optional(
            sql("SELECT id FROM evidence_sources WHERE workspace_id = $1 AND name = $2")
                .bind(workspace.0)
                .bind(name),
        )
        .await?;
    let id =
        match found {
            Some(row) => row.int("id")?,
            None => {
                let id = random_id()?;
                tx.execute(
                sql("INSERT INTO evidence_sources (id, workspace_id, name, mapping, created_at) \
                     VALUES ($1, $2, $3, '', $4)")
                .bind(id)
                .bind(workspace.0)
                .bind(name)
                .bind(now_millis()),
            )
            .await?;
                id
            }
        };
    if let Some(mapping) = mapping {
        let mapping = valid_body(mapping.trim(), "mapping")?;
        tx.execute(
            sql("UPDATE evidence_sources SET mapping = $1 WHERE id = $2")
                .bind(mapping)
                .bind(id),
        )
        .await?;
    }
    Ok(id)
}

/// `(…, …, …)`: a list of `count` placeholders, after `before` values bound earlier.
///
/// PostgreSQL numbers its placeholders (`$1`, `$2`, …); SQLite gets anonymous ones
/// (`?`), bound in order. The driver asks SQLite each placeholder's name to learn its
/// number, and SQLite finds a name by walking the statement's list of named ones, so
/// numbered placeholders cost n² steps a statement; anonymous ones are not in that list.
fn placeholders(kind: crate::model::Backend, before: usize, count: usize) -> String {
    let list: Vec<String> = (before + 1..=before + count)
        .map(|number| match kind {
            crate::model::Backend::Sqlite => "?".to_string(),
            crate::model::Backend::Postgres => format!("${number}"),
        })
        .collect();
    format!("({})", list.join(", "))
}

/// The placeholder of the first value of a statement: `$1`, or `?` on SQLite, whose
/// statements below use anonymous placeholders only.
fn first_placeholder(kind: crate::model::Backend) -> &'static str {
    match kind {
        crate::model::Backend::Sqlite => "?",
        crate::model::Backend::Postgres => "$1",
    }
}

/// The customers of a batch: every identity mapped to a customer id, new customers
/// made and customers found to be one merged.
struct Customers {
    by_identity: HashMap<String, i64>,
    new_customers: Vec<(i64, String)>,
    new_identities: Vec<(String, i64)>,
}

/// Pages of identities (about a hundred identities each) before their table's
/// statistics matter to the lookup below.
const IDENTITY_PAGES_UNCOUNTED: i64 = 50;

/// On PostgreSQL, counts the identities again (`ANALYZE`) when their table has grown to
/// more than twice the pages its statistics last counted: a log of a large import's
/// size in all. Without it, a table loaded from empty in one import has no statistics
/// until autovacuum reaches it, the planner takes one workspace's rows for a small
/// share of the table, and each lookup of a batch's identities scans all of the
/// workspace's (57 ms for 499 identities among 148,000, against a fraction of a
/// millisecond by the primary key once counted). The table's size on disk is read
/// directly, so the check sees every batch before it, committed or not.
async fn count_identities_when_grown<B: Backend>(tx: &mut B::Tx) -> Result<()> {
    if B::KIND != crate::model::Backend::Postgres {
        return Ok(());
    }
    let row = tx
        .fetch_one(sql("SELECT c.relpages::BIGINT AS counted, \
             pg_relation_size(c.oid) / current_setting('block_size')::BIGINT AS pages \
             FROM pg_class c WHERE c.oid = 'evidence_identities'::regclass"))
        .await?;
    let (counted, pages) = (row.int("counted")?, row.int("pages")?);
    if pages >= IDENTITY_PAGES_UNCOUNTED && pages > counted.saturating_mul(2) {
        tx.execute(sql("ANALYZE evidence_identities")).await?;
    }
    Ok(())
}

/// Looks up the batch's identities, merges customers that a row shows to be one, and
/// makes the customers no identity names yet.
async fn resolve_customers<B: Backend>(
    tx: &mut B::Tx,
    workspace: WorkspaceId,
    items: &[NewFeedback],
) -> Result<Customers> {
    count_identities_when_grown::<B>(tx).await?;
    let mut next_id = first_id::<B>(tx, "evidence_customers").await?;
    let mut wanted: Vec<&str> = items
        .iter()
        .flat_map(|i| i.identities.iter().map(String::as_str))
        .collect();
    wanted.sort_unstable();
    wanted.dedup();
    let mut by_identity = HashMap::with_capacity(wanted.len());
    if B::KIND == crate::model::Backend::Postgres && !wanted.is_empty() {
        // One statement for the whole batch: the identities as one JSON array, each
        // looked up by the primary key. Lists of 499 values in `IN (…)` cost 10 ms a
        // statement even with the table counted (an index scan that sorts and walks
        // the list) and far more when its statistics were stale; the array's rows are
        // estimated at 100, which always plans a probe of the primary key a row
        // (0.27 s for 50,000 identities among 150,000).
        let list = serde_json::to_string(&wanted)
            .map_err(|error| StoreError::Invalid(format!("the identities: {error}")))?;
        let rows = tx
            .fetch_all(
                sql(
                    "SELECT i.identity AS identity, i.customer_id AS customer_id \
                     FROM jsonb_array_elements_text($2::jsonb) AS w (identity) \
                     JOIN evidence_identities i \
                     ON i.workspace_id = $1 AND i.identity = w.identity",
                )
                .bind(workspace.0)
                .bind(list),
            )
            .await?;
        for row in rows {
            by_identity.insert(row.text("identity")?, row.int("customer_id")?);
        }
        wanted.clear();
    }
    for chunk in wanted.chunks(values_per_statement::<B>() - 1) {
        let list = placeholders(B::KIND, 1, chunk.len());
        let text = format!(
            "SELECT identity, customer_id FROM evidence_identities \
             WHERE workspace_id = {} AND identity IN {list}",
            first_placeholder(B::KIND)
        );
        let mut statement = sql(AssertSqlSafe(text)).bind(workspace.0);
        for identity in chunk {
            statement = statement.bind(*identity);
        }
        for row in tx.fetch_all(statement).await? {
            by_identity.insert(row.text("identity")?, row.int("customer_id")?);
        }
    }
    let mut customers = Customers {
        by_identity,
        new_customers: Vec::new(),
        new_identities: Vec::new(),
    };
    for item in items {
        if item.identities.is_empty() {
            continue;
        }
        let mut known: Vec<i64> = item
            .identities
            .iter()
            .filter_map(|i| customers.by_identity.get(i).copied())
            .collect();
        known.sort_unstable();
        known.dedup();
        let keep = match known.first() {
            Some(&keep) => keep,
            None => {
                let id = take_id(&mut next_id);
                let label = item
                    .customer
                    .clone()
                    .unwrap_or_else(|| item.identities[0].clone());
                customers.new_customers.push((id, label));
                id
            }
        };
        for &other in &known[known.len().min(1)..] {
            merge_customer::<B>(tx, &mut customers, keep, other).await?;
        }
        for identity in &item.identities {
            if !customers.by_identity.contains_key(identity) {
                customers.by_identity.insert(identity.clone(), keep);
                customers.new_identities.push((identity.clone(), keep));
            }
        }
    }
    Ok(customers)
}

/// Makes customer `other` part of `keep`: its feedback, links and identities move over.
async fn merge_customer<B: Backend>(
    tx: &mut B::Tx,
    customers: &mut Customers,
    keep: i64,
    other: i64,
) -> Result<()> {
    for value in customers.by_identity.values_mut() {
        if *value == other {
            *value = keep;
        }
    }
    for (_, value) in &mut customers.new_identities {
        if *value == other {
            *value = keep;
        }
    }
    if let Some(at) = customers.new_customers.iter().position(|c| c.0 == other) {
        customers.new_customers.remove(at);
        return Ok(());
    }
    for table in ["feedback_items", "evidence_links", "evidence_identities"] {
        let text = format!("UPDATE {table} SET customer_id = $1 WHERE customer_id = $2");
        tx.execute(sql(AssertSqlSafe(text)).bind(keep).bind(other))
            .await?;
    }
    tx.execute(sql("DELETE FROM evidence_customers WHERE id = $1").bind(other))
        .await?;
    Ok(())
}

/// The columns of a new customer.
const CUSTOMER_COLUMNS: &[&str] = &["id", "workspace_id", "label", "created_at"];
/// The columns of a new identity.
const IDENTITY_COLUMNS: &[&str] = &["workspace_id", "identity", "customer_id"];
/// The columns of a new feedback item.
const ITEM_COLUMNS: &[&str] = &[
    "id",
    "workspace_id",
    "source_id",
    "customer_id",
    "content_key",
    "text",
    "title",
    "day",
    "rating",
    "score",
    "link",
    "external_id",
    "line",
    "created_at",
];

/// The share (see [`import_batch`]) that writes a customer's rows: the customer's own
/// when it is new, its new identities and its items.
fn customer_share(customer: i64, shares: usize) -> usize {
    (customer.unsigned_abs() % shares as u64) as usize
}

/// The batch's new customers and identities, as the rows of each share.
fn customer_rows<'a>(
    workspace: WorkspaceId,
    customers: &'a Customers,
    now: Millis,
    shares: usize,
) -> (Vec<Rows<'a>>, Vec<Rows<'a>>) {
    // Every reference was found or made under the workspace's turn: the workspace
    // (which no write ever removes), the customers made in the same share or looked up
    // (on SQLite in the same transaction, under the write lock).
    let mut new_customers: Vec<Rows> = (0..shares)
        .map(|_| {
            Rows::new(
                "evidence_customers",
                CUSTOMER_COLUMNS,
                None,
                customers.new_customers.len() / shares + 1,
            )
            .references_checked()
        })
        .collect();
    for (id, label) in &customers.new_customers {
        let rows = &mut new_customers[customer_share(*id, shares)];
        rows.push(*id);
        rows.push(workspace.0);
        rows.push(label.as_str());
        rows.push(now);
    }
    let mut new_identities: Vec<Rows> = (0..shares)
        .map(|_| {
            Rows::new(
                "evidence_identities",
                IDENTITY_COLUMNS,
                None,
                customers.new_identities.len() / shares + 1,
            )
            .references_checked()
        })
        .collect();
    for (identity, id) in &customers.new_identities {
        let rows = &mut new_identities[customer_share(*id, shares)];
        rows.push(workspace.0);
        rows.push(identity.as_str());
        rows.push(*id);
    }
    (new_customers, new_identities)
}

/// Writes one share of a batch: its new customers, their identities, then its items.
async fn write_share<B: Backend>(
    tx: &mut B::Tx,
    customers: &Rows<'_>,
    identities: &Rows<'_>,
    items: &Rows<'_>,
) -> Result<u64> {
    B::insert_rows(tx, customers).await?;
    B::insert_rows(tx, identities).await?;
    B::insert_rows(tx, items).await
}

/// Room for a batch's new ids after the first on PostgreSQL: far more rows than a batch
/// holds.
const ID_ROOM: i64 = 1 << 32;

/// The first id for new rows of `table` (`feedback_items`, `evidence_customers`), the
/// rest following it one by one. SQLite numbers them after the highest (its write lock
/// is held, and rows appended in id order keep the table and its indexes on ids
/// compact: new rows land on the last pages instead of random ones). On PostgreSQL the
/// first is random, as every other id, and a batch's rows follow it: their inserts into
/// the primary key (and an item's into the index of its customer, new customers being
/// numbered in the order of their first item) land on a few neighbouring pages instead
/// of one at random for each row, which cost 13% of the backend's work for the items
/// and 25% for the identities. The ids still tell nothing of how many rows the table
/// holds, only the order of a batch's rows; a range that meets an id already taken
/// fails its insert cleanly through the primary key, as a random id would (about as
/// rarely: a batch's first id is drawn once for its 50,000 rows).
async fn first_id<B: Backend>(tx: &mut B::Tx, table: &'static str) -> Result<i64> {
    match B::KIND {
        crate::model::Backend::Sqlite => {
            // A table name of our own, never the user's.
            let text = format!("SELECT COALESCE(MAX(id), 0) AS top FROM {table}");
            let row = tx.fetch_one(sql(AssertSqlSafe(text))).await?;
            Ok(row.int("top")? + 1)
        }
        crate::model::Backend::Postgres => random_first_id(),
    }
}

/// A random first id with [`ID_ROOM`] ids after it, all below 2^53 like every id.
fn random_first_id() -> Result<i64> {
    Ok(random_id()? % ((1 << 53) - ID_ROOM) + 1)
}

/// The next id, counted from the first.
fn take_id(next: &mut i64) -> i64 {
    *next += 1;
    *next - 1
}

/// The content keys of `items` that `workspace` already holds (PostgreSQL), read in one
/// statement as the identities are (see [`resolve_customers`]): each key looked up by
/// the unique key of the workspace's items.
async fn held_keys<B: Backend>(
    tx: &mut B::Tx,
    workspace: WorkspaceId,
    items: &[NewFeedback],
) -> Result<HashSet<Vec<u8>>> {
    let keys: Vec<&str> = items.iter().map(|i| i.content_key.as_str()).collect();
    let list = serde_json::to_string(&keys)
        .map_err(|error| StoreError::Invalid(format!("the content keys: {error}")))?;
    let rows = tx
        .fetch_all(
            sql("SELECT encode(f.content_key, 'hex') AS content_key \
                 FROM jsonb_array_elements_text($2::jsonb) AS w (content_key) \
                 JOIN feedback_items f \
                 ON f.workspace_id = $1 AND f.content_key = decode(w.content_key, 'hex')")
            .bind(workspace.0)
            .bind(list),
        )
        .await?;
    rows.iter()
        .map(|row| {
            hex::decode(row.text("content_key")?)
                .map_err(|_| StoreError::Invalid("a stored content key".to_string()))
        })
        .collect()
}

/// Waits for the workspace's turn to import, held until `tx` ends (PostgreSQL; SQLite
/// writes one transaction at a time anyway). Two batches into one workspace at once
/// would create the same source and customers together (one of them failing on the
/// unique key) and, each writing its items from two transactions, could wait for each
/// other in a circle that the database cannot see. The lock does not stop the checks
/// of the items' references to the workspace, which take a weaker one.
async fn take_turn<B: Backend>(tx: &mut B::Tx, workspace: WorkspaceId) -> Result<()> {
    if B::KIND == crate::model::Backend::Postgres {
        tx.fetch_optional(
            sql("SELECT id FROM workspaces WHERE id = $1 FOR NO KEY UPDATE").bind(workspace.0),
        )
        .await?
        .ok_or(StoreError::NotFound)?;
    }
    Ok(())
}

/// PostgreSQL plans a statement prepared on a connection once for any values after a
/// few runs; the plan made while a workspace's first batches were written (an empty
/// identity table: a sequential scan) would then serve every later batch, a scan of
/// hundreds of thousands of identities per lookup. Each lookup of an import is planned
/// for its values and the table as it is.
async fn plan_each_statement<B: Backend>(tx: &mut B::Tx) -> Result<()> {
    if B::KIND == crate::model::Backend::Postgres {
        tx.execute(sql("SET LOCAL plan_cache_mode = force_custom_plan"))
            .await?;
    }
    Ok(())
}

/// A write transaction for a share of a batch's items: its statements keep the plan
/// made at their first run (see [`import_feedback`]).
async fn begin_items<B: Backend>(db: &B) -> Result<B::Tx> {
    let mut tx = db.begin_write().await?;
    if B::KIND == crate::model::Backend::Postgres {
        tx.execute(sql("SET LOCAL plan_cache_mode = force_generic_plan"))
            .await?;
    }
    Ok(tx)
}

/// Imports one batch (editors): its sources, customers and items, in one transaction
/// on SQLite and three on PostgreSQL (the sources, then the rest in two at once). The
/// customers are looked up under the workspace's turn held until the rows naming them
/// are written, so a deletion on request, which takes the turn, comes before or after;
/// should a reference be refused all the same, the batch is written again, its
/// customers found or made anew, which adds only what is missing.
pub(crate) async fn import_feedback<B: Backend>(
    db: &B,
    actor: UserId,
    workspace: WorkspaceId,
    batch: ImportBatch<'_>,
) -> Result<Imported> {
    let mut tries = 0;
    let mut read_held = false;
    loop {
        tries += 1;
        match import_batch(db, actor, workspace, batch, read_held).await {
            Err(error) if tries < 3 && crate::error::is_foreign_key_violation(&error) => continue,
            Err(error) if !read_held && crate::error::is_held_content_key(&error) => {
                read_held = true;
            }
            done => return done,
        }
    }
}

/// [`import_feedback`], once.
async fn import_batch<B: Backend>(
    db: &B,
    actor: UserId,
    workspace: WorkspaceId,
    batch: ImportBatch<'_>,
    read_held: bool,
) -> Result<Imported> {
    workspace_role(db, actor, workspace, Role::can_edit).await?;
    for item in batch.items {
        check_item(item)?;
    }
    let now = now_millis();
    // On PostgreSQL a batch's new customers and items are written by two transactions
    // at once, each on its own connection, so that two server processes share the
    // work: each customer, with its identities and its items, goes to one of them by
    // its id (an item without a customer by its key). A row refers only to rows
    // committed before or written by its own transaction, and no key goes to both
    // (a key twice in the batch is written once, see below), so neither waits for the
    // other. The batch's sources are committed first, so that both find them; the
    // transaction begun for the rows holds the workspace's turn from the lookup of the
    // customers to the end and commits last, once every row of the batch is written.
    let lanes = match B::KIND {
        crate::model::Backend::Postgres => 2,
        crate::model::Backend::Sqlite => 1,
    };
    let mut tx = db.begin_write().await?;
    take_turn::<B>(&mut tx, workspace).await?;
    plan_each_statement::<B>(&mut tx).await?;
    let mut sources = HashMap::new();
    let default_source = source_id::<B>(&mut tx, workspace, batch.source, batch.mapping).await?;
    let mut source_of = Vec::with_capacity(batch.items.len());
    for item in batch.items {
        let id = match item.source.as_deref().map(str::trim) {
            Some(name) if !name.is_empty() => match sources.get(name) {
                Some(&id) => id,
                None => {
                    let id = source_id::<B>(&mut tx, workspace, name, None).await?;
                    sources.insert(name.to_string(), id);
                    id
                }
            },
            _ => default_source,
        };
        source_of.push(id);
    }
    let mut beside = None;
    if lanes > 1 {
        tx.commit().await?;
        // Both connections are taken before the turn: the import holding it never
        // waits for another connection, so imports waiting for their turn cannot take
        // the last ones from it.
        tx = begin_items::<B>(db).await?;
        beside = Some(begin_items::<B>(db).await?);
        take_turn::<B>(&mut tx, workspace).await?;
        plan_each_statement::<B>(&mut tx).await?;
    }
    let customers = resolve_customers::<B>(&mut tx, workspace, batch.items).await?;
    if B::KIND == crate::model::Backend::Postgres {
        // The lookups are done. What is left has no plan to choose, but for the checks
        // of foreign keys, which PostgreSQL runs as a prepared query a row: planned
        // again for each row under the setting above, they doubled the backend's work
        // of an import (50.5 against 28.2 s of CPU for 196,078 rows). They keep the
        // plan made at their first run, as in the other share's transaction.
        tx.execute(sql("SET LOCAL plan_cache_mode = force_generic_plan"))
            .await?;
    }
    // On PostgreSQL the rows are copied into the table (see `insert_rows`), which
    // cannot skip a key already held. A batch is copied whole first: when the
    // workspace holds one of its keys (an import run again), the unique key refuses
    // it, nothing of it stays, and it is written again with the keys the workspace
    // holds read first and those rows left out (`read_held`). No other writer adds
    // items to the workspace while this transaction holds its turn (imports and
    // deletions take it). A key's second row in the batch is always left out.
    let held = match B::KIND {
        crate::model::Backend::Postgres if read_held => {
            held_keys::<B>(&mut tx, workspace, batch.items).await?
        }
        _ => HashSet::new(),
    };
    let skip_held = match B::KIND {
        crate::model::Backend::Postgres => None,
        crate::model::Backend::Sqlite => Some("workspace_id, content_key"),
    };
    let mut seen = HashSet::with_capacity(batch.items.len());
    // Each share numbers its items from its own first id, so that the two backends
    // do not write into the same pages of the primary key.
    let first = first_id::<B>(&mut tx, "feedback_items").await?;
    let mut next_ids = vec![first];
    while next_ids.len() < lanes {
        next_ids.push(random_first_id()?);
    }
    // The workspace, the sources and the customers of these rows were all found or made
    // above, in this transaction or one committed before it, or are written by the
    // same share (see `customer_rows`).
    let mut rows: Vec<Rows> = (0..lanes)
        .map(|_| {
            Rows::new(
                "feedback_items",
                ITEM_COLUMNS,
                skip_held,
                batch.items.len() / lanes + 1,
            )
            .references_checked()
        })
        .collect();
    for (item, source) in batch.items.iter().zip(&source_of) {
        let customer = item
            .identities
            .first()
            .and_then(|i| customers.by_identity.get(i).copied());
        // 32 hex digits, checked above.
        let key = hex::decode(&item.content_key).map_err(|_| {
            StoreError::Invalid(format!("line {}: the content key is not hex", item.line))
        })?;
        if skip_held.is_none() && (held.contains(&key) || !seen.insert(key.clone())) {
            continue;
        }
        let lane = match customer {
            Some(customer) => customer_share(customer, lanes),
            None => usize::from(key[0]) % lanes,
        };
        let rows = &mut rows[lane];
        rows.push(take_id(&mut next_ids[lane]));
        rows.push(workspace.0);
        rows.push(*source);
        rows.push(customer);
        rows.push(key);
        rows.push(item.text.as_str());
        rows.push(item.title.as_deref());
        rows.push(item.day.as_deref());
        rows.push(item.rating.as_deref());
        rows.push(item.score.and_then(hundredths));
        rows.push(item.link.as_deref());
        rows.push(item.external_id.as_deref());
        rows.push(item.line);
        rows.push(now);
    }
    let (new_customers, new_identities) = customer_rows(workspace, &customers, now, lanes);
    let imported = match (&mut beside, rows.as_slice()) {
        (Some(other), [mine, theirs]) => {
            // Both run to their end even when one fails, so that neither connection is
            // left in the middle of a statement.
            let (mine, theirs) = futures_util::future::join(
                write_share::<B>(&mut tx, &new_customers[0], &new_identities[0], mine),
                write_share::<B>(other, &new_customers[1], &new_identities[1], theirs),
            )
            .await;
            mine? + theirs?
        }
        _ => write_share::<B>(&mut tx, &new_customers[0], &new_identities[0], &rows[0]).await?,
    };
    if let Some(other) = beside {
        other.commit().await?;
    }
    if B::KIND == crate::model::Backend::Sqlite && imported > 0 {
        let next = next_ids[0];
        // SQLite's full-text index takes the batch's new items in one statement: every
        // id from `first` on is one of them (a duplicate wrote no row).
        tx.execute(
            sql("INSERT INTO feedback_fts (rowid, title, text) \
                 SELECT id, title, text FROM feedback_items WHERE id >= $1 AND id < $2")
            .bind(first)
            .bind(next),
        )
        .await?;
    }
    feedback_changed(&mut tx, workspace).await?;
    tx.commit().await?;
    Ok(Imported {
        imported,
        duplicates: batch.items.len() as u64 - imported,
    })
}

/// New items an import must have written for its end to refresh the planner's
/// statistics: a smaller import leaves the tables' shape as it was.
pub(crate) const ANALYZE_AFTER: u64 = 10_000;
/// Rows SQLite reads of each index to estimate its statistics (`PRAGMA
/// analysis_limit`): milliseconds at a million items instead of a full scan of each
/// index, and the estimates the planner needs (rows a workspace, rows a key).
const ANALYSIS_LIMIT: &str = "PRAGMA analysis_limit = 1000";

/// Ends an import (editors): after one that wrote at least [`ANALYZE_AFTER`] items, the
/// planner statistics of the evidence tables are gathered again. Without them a table
/// loaded from empty keeps the estimates of an empty table (PostgreSQL until
/// autovacuum gets to it, SQLite for good) and searches get plans made for it. On
/// PostgreSQL the text index's pending entries are merged into it as well.
pub(crate) async fn finish_import<B: Backend>(
    db: &B,
    actor: UserId,
    workspace: WorkspaceId,
    imported: u64,
) -> Result<()> {
    workspace_role(db, actor, workspace, Role::can_edit).await?;
    if imported < ANALYZE_AFTER {
        return Ok(());
    }
    match B::KIND {
        crate::model::Backend::Sqlite => {
            // On the writer, like every write: the limit stays set on that connection,
            // which only ANALYZE reads.
            db.execute(sql(ANALYSIS_LIMIT)).await?;
            for table in [
                "feedback_items",
                "evidence_identities",
                "evidence_customers",
            ] {
                // A table name of our own, never the user's.
                db.execute(sql(AssertSqlSafe(format!("ANALYZE {table}"))))
                    .await?;
            }
        }
        crate::model::Backend::Postgres => {
            db.execute(sql(
                "ANALYZE feedback_items, evidence_identities, evidence_customers",
            ))
            .await?;
            // The text index's pending list (GIN's `fastupdate`: up to 4 MB of
            // entries not yet merged into the index) is read whole by every search
            // until something merges it; after a large import it is full. Merged here:
            // at a million items a common pair of words then takes 6 to 10 ms of
            // index scan instead of 24 to 29.
            db.execute(sql(
                "SELECT gin_clean_pending_list('feedback_items_search')",
            ))
            .await?;
        }
    }
    Ok(())
}

/// The sources of a workspace (members), with their saved mapping and item counts.
pub(crate) async fn sources<B: Backend>(
    db: &B,
    actor: UserId,
    workspace: WorkspaceId,
) -> Result<Vec<EvidenceSource>> {
    workspace_role(db, actor, workspace, any_role).await?;
    let rows = db
        .fetch_all(
            sql("SELECT s.id AS id, s.name AS name, s.mapping AS mapping, \
                 (SELECT COUNT(*) FROM feedback_items f WHERE f.source_id = s.id) AS items \
                 FROM evidence_sources s WHERE s.workspace_id = $1 ORDER BY s.name")
            .bind(workspace.0),
        )
        .await?;
    rows.iter()
        .map(|row| {
            Ok(EvidenceSource {
                id: SourceId(row.int("id")?),
                name: row.text("name")?,
                mapping: row.text("mapping")?,
                items: row.int("items")?,
            })
        })
        .collect()
}

/// Saves a source's column mapping (editors), making the source when it is new.
pub(crate) async fn save_mapping<B: Backend>(
    db: &B,
    actor: UserId,
    workspace: WorkspaceId,
    source: &str,
    mapping: &str,
) -> Result<()> {
    workspace_role(db, actor, workspace, Role::can_edit).await?;
    let mut tx = db.begin_write().await?;
    source_id::<B>(&mut tx, workspace, source, Some(mapping)).await?;
    tx.commit().await?;
    Ok(())
}

pub(crate) use super::evidence_links::{
    add_theme_choice, delete_customer, link, links, save_moving_links, set_theme_choices,
    theme_choices, theme_items, theme_stamp, unlink,
};
pub(crate) use super::evidence_search::{search, suggest};
