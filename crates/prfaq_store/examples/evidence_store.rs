//! Customer evidence in the store, measured without the web server (see
//! docs/benchmarks.md, "Customer evidence in the store"): the import of an export, the
//! search and the claim suggestions, on SQLite or PostgreSQL.
//!
//! ```sh
//! cargo run --release -p prfaq_store --example evidence_store -- import DATABASE FILE
//! cargo run --release -p prfaq_store --example evidence_store -- reimport DATABASE FILE
//! cargo run --release -p prfaq_store --example evidence_store -- search DATABASE SEARCHES
//! cargo run --release -p prfaq_store --example evidence_store -- suggest DATABASE DOC
//! ```
//!
//! `import` makes an account and a workspace in a fresh DATABASE (a SQLite path or a
//! `postgres://` URL) and imports FILE into it in batches of 50,000 records (or BATCH), one
//! transaction each, as the server does (the file read on its own thread while the
//! batch before is written). `reimport` imports FILE again into the workspace made by
//! `import` (an import run again, or the rest of one stopped half way: what the
//! workspace holds is counted as duplicates). `search` and `suggest` run on the
//! workspace made by `import`. Each prints one line of `key=value` figures: wall time, this process's
//! CPU time (user and system, from `/proc/self/stat`) and peak resident memory.

use std::time::Instant;

/// The allocator `prfaq serve` runs on: an import costs what it costs there.
#[path = "../../prfaq/src/allocator.rs"]
mod allocator;
#[global_allocator]
static GLOBAL: allocator::Mimalloc = allocator::Mimalloc;

use prfaq_evidence::{Customer, Format, Options, Rating, Record, Row, TextReader, claims};
use prfaq_store::{
    Config, DatabaseUrl, FeedbackQuery, ImportBatch, NewFeedback, NewUser, Store, UserId,
    WorkspaceId,
};

const EMAIL: &str = "bench@example.com";
/// Records a transaction, as the server writes them (`import DATABASE FILE BATCH` to try
/// another size).
const BATCH: usize = 50_000;
/// The words two-word searches draw from: the generator's common words.
const WORDS: [&str; 17] = [
    "refund", "delivery", "late", "app", "crash", "login", "price", "checkout", "cart", "support",
    "slow", "order", "payment", "password", "search", "update", "account",
];

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let arg = |i: usize| -> &str {
        args.get(i).map(String::as_str).unwrap_or_else(|| {
            eprintln!(
                "usage: evidence_store import|reimport DATABASE FILE | search DATABASE SEARCHES | suggest DATABASE DOC"
            );
            std::process::exit(2)
        })
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a runtime");
    let url = DatabaseUrl::parse(arg(1)).expect("a SQLite path or a postgres:// URL");
    runtime.block_on(async {
        let store = prfaq_store::open(&url, &Config::default())
            .await
            .expect("open the database");
        match arg(0) {
            command @ ("import" | "reimport") => {
                let batch = args
                    .get(3)
                    .map_or(BATCH, |b| b.parse().expect("BATCH is a number"));
                import(&*store, arg(2), batch, command == "reimport").await
            }
            "search" => {
                let searches = arg(2).parse().expect("SEARCHES is a number");
                search(&*store, searches, server_database(arg(1)).as_deref()).await
            }
            "suggest" => suggest(&*store, arg(2), server_database(arg(1)).as_deref()).await,
            other => {
                eprintln!("unknown command {other:?}");
                std::process::exit(2)
            }
        }
        store.close().await;
    });
}

/// This process's CPU seconds (user + system).
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let fields: Vec<&str> = after.split_whitespace().collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|v| v.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    // Fields 14 and 15 of stat(5), counted from the state (field 3) here.
    (ticks(11) + ticks(12)) / 100.0
}

/// CPU nanoseconds of every thread of this process so far (`/proc/self/task/*/schedstat`),
/// which the database's worker threads are part of.
fn cpu_nanos() -> u64 {
    let Ok(tasks) = std::fs::read_dir("/proc/self/task") else {
        return 0;
    };
    tasks
        .flatten()
        .filter_map(|task| std::fs::read_to_string(task.path().join("schedstat")).ok())
        .filter_map(|stat| stat.split_whitespace().next()?.parse::<u64>().ok())
        .sum()
}

/// CPU nanoseconds so far of the PostgreSQL server processes connected to `database`
/// (`/proc/<pid>/schedstat` of each process titled `postgres: … <user> <database> …`), so
/// that the server's work for each search is measured too; 0 for SQLite.
fn server_nanos(database: Option<&str>) -> u64 {
    let Some(database) = database else {
        return 0;
    };
    let Ok(processes) = std::fs::read_dir("/proc") else {
        return 0;
    };
    processes
        .flatten()
        .filter(|p| {
            p.file_name()
                .to_string_lossy()
                .bytes()
                .all(|b| b.is_ascii_digit())
        })
        .filter(|p| {
            let title = std::fs::read(p.path().join("cmdline")).unwrap_or_default();
            let title = String::from_utf8_lossy(&title);
            title.starts_with("postgres: ") && title.split_whitespace().any(|word| word == database)
        })
        .filter_map(|p| std::fs::read_to_string(p.path().join("schedstat")).ok())
        .filter_map(|stat| stat.split_whitespace().next()?.parse::<u64>().ok())
        .sum()
}

/// The database name of a `postgres://` URL, `None` for a SQLite path.
fn server_database(url: &str) -> Option<String> {
    let rest = url
        .strip_prefix("postgres://")
        .or_else(|| url.strip_prefix("postgresql://"))?;
    let path = rest.split_once('/')?.1;
    Some(path.split('?').next().unwrap_or(path).to_string())
}

fn peak_mib() -> String {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().strip_suffix("kB"))
        .and_then(|kb| kb.trim().parse::<f64>().ok())
        .map(|kb| format!("{:.0}", kb / 1024.0))
        .unwrap_or_else(|| "?".into())
}

/// The benchmark's account and its first workspace.
async fn owner(store: &dyn Store) -> (UserId, WorkspaceId) {
    let (user, _) = store
        .credentials(EMAIL)
        .await
        .expect("the database of an earlier `import`");
    let memberships = store.workspaces_of(user.id).await.expect("workspaces");
    (user.id, memberships[0].workspace.id)
}

/// The store's form of a record, as the server makes it.
fn new_feedback(record: Record, source: &str) -> NewFeedback {
    let name_scope = record.source.as_deref().unwrap_or(source).to_lowercase();
    let content_key = record.content_key().to_string();
    let identity = |customer: &Customer| match customer {
        Customer::Name(name) => format!("name:{name_scope}:{name}"),
        other => other.key(),
    };
    let mut identities: Vec<String> = record.customer.iter().map(identity).collect();
    for alias in &record.aliases {
        let key = identity(alias);
        if !identities.contains(&key) {
            identities.push(key);
        }
    }
    let label = record.customer.as_ref().map(|c| match c {
        Customer::Email(v) | Customer::Account(v) | Customer::Name(v) => v.clone(),
    });
    let (rating, score) = match record.rating {
        Some(Rating::Score(v)) => (Some(format!("{v}")), Some(v)),
        Some(Rating::Label(l)) => (Some(l), None),
        None => (None, None),
    };
    NewFeedback {
        content_key,
        text: record.text,
        title: record.title,
        day: record.date.map(|d| d.to_string()),
        rating,
        score,
        link: record.link,
        external_id: record.id,
        line: i64::try_from(record.line).unwrap_or(i64::MAX),
        source: record.source,
        identities,
        customer: label,
    }
}

async fn import(store: &dyn Store, path: &str, size: usize, again: bool) {
    let (user, workspace) = if again {
        owner(store).await
    } else {
        let user = store
            .create_user(NewUser {
                email: EMAIL,
                display_name: "Bench",
                password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA",
            })
            .await
            .expect("a fresh database");
        let workspace = store
            .create_workspace(user.id, "Bench")
            .await
            .expect("a workspace");
        (user.id, workspace.id)
    };
    let format = Format::from_file_name(path).expect("a .csv, .tsv, .json or .jsonl file");
    let file = std::fs::File::open(path).expect("cannot open the file");
    let (send, mut batches) = tokio::sync::mpsc::channel::<Vec<NewFeedback>>(1);
    let reader = std::thread::spawn(move || {
        let reader = TextReader::new(file, format, Options::default()).expect("a header");
        let (mut batch, mut bad) = (Vec::with_capacity(size), 0u64);
        for row in reader {
            match row.expect("no I/O error") {
                Row::Record(record) => {
                    batch.push(new_feedback(record, "zendesk"));
                    if batch.len() == size {
                        let full = std::mem::replace(&mut batch, Vec::with_capacity(size));
                        send.blocking_send(full).expect("the writer runs");
                    }
                }
                Row::Bad(_) => bad += 1,
            }
        }
        if !batch.is_empty() {
            send.blocking_send(batch).expect("the writer runs");
        }
        bad
    });
    let (started, cpu) = (Instant::now(), cpu_seconds());
    let (mut imported, mut duplicates, mut slowest) = (0u64, 0u64, 0f64);
    while let Some(items) = batches.recv().await {
        let batch_started = Instant::now();
        let done = store
            .import_feedback(
                user,
                workspace,
                ImportBatch {
                    source: "zendesk",
                    mapping: None,
                    items: &items,
                },
            )
            .await
            .expect("import a batch");
        slowest = slowest.max(batch_started.elapsed().as_secs_f64());
        imported += done.imported;
        duplicates += done.duplicates;
    }
    let bad = reader.join().expect("the reader");
    let (finish_started, finish_cpu) = (Instant::now(), cpu_seconds());
    store
        .finish_feedback_import(user, workspace, imported)
        .await
        .expect("finish the import");
    let finish = finish_started.elapsed().as_secs_f64();
    let finish_cpu = cpu_seconds() - finish_cpu;
    let seconds = started.elapsed().as_secs_f64();
    let cpu = cpu_seconds() - cpu;
    let rows = imported + duplicates;
    println!(
        "import rows={rows} imported={imported} duplicates={duplicates} bad={bad} seconds={seconds:.1} \
         rows_per_s={:.0} cpu_s={cpu:.1} cpu_us_per_row={:.1} slowest_batch_s={slowest:.2} finish_s={finish:.2} finish_cpu_s={finish_cpu:.2} \
         batch={size} peak_mib={}",
        rows as f64 / seconds,
        cpu * 1e6 / rows.max(1) as f64,
        peak_mib()
    );
}

/// The ids and scores of `hits`, best first.
fn ids(hits: &[prfaq_store::FeedbackHit]) -> String {
    let ids: Vec<String> = hits
        .iter()
        .map(|hit| format!("{}={:.4}", hit.id.0, hit.score))
        .collect();
    ids.join(" ")
}

/// Writes `lines` (what each search or claim found) to the file named by `DUMP`, if set,
/// so that two builds' answers can be compared.
fn dump(lines: &[String]) {
    if let Ok(path) = std::env::var("DUMP") {
        std::fs::write(&path, lines.join("\n") + "\n").expect("write DUMP");
    }
}

fn percentile(times: &mut [f64], share: f64) -> f64 {
    times.sort_by(f64::total_cmp);
    let at = ((times.len() as f64 * share) as usize).min(times.len() - 1);
    times[at]
}

async fn search(store: &dyn Store, searches: usize, server: Option<&str>) {
    let (user, workspace) = owner(store).await;
    // A fixed sequence of word pairs (a linear congruential generator, seed 7).
    let mut state: u64 = 7;
    let mut next = |n: usize| {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1);
        ((state >> 33) % n as u64) as usize
    };
    let mut times = Vec::with_capacity(searches);
    let mut cpu_times = Vec::with_capacity(searches);
    let mut server_times = Vec::with_capacity(searches);
    let mut found = 0;
    let mut dumped = Vec::new();
    let cpu = cpu_seconds();
    for _ in 0..searches {
        let a = next(WORDS.len());
        let b = (a + 1 + next(WORDS.len() - 1)) % WORDS.len();
        let query = FeedbackQuery {
            text: format!("{} {}", WORDS[a], WORDS[b]),
            limit: 20,
            ..FeedbackQuery::default()
        };
        let server_started = server_nanos(server);
        let (started, cpu_started) = (Instant::now(), cpu_nanos());
        let hits = store
            .search_feedback(user, workspace, &query)
            .await
            .expect("a search");
        times.push(started.elapsed().as_secs_f64() * 1000.0);
        cpu_times.push((cpu_nanos() - cpu_started) as f64 / 1e6);
        server_times.push(server_nanos(server).saturating_sub(server_started) as f64 / 1e6);
        found += hits.len();
        dumped.push(format!("{}: {}", query.text, ids(&hits)));
    }
    dump(&dumped);
    let cpu = cpu_seconds() - cpu;
    let mean = times.iter().sum::<f64>() / times.len() as f64;
    println!(
        "search n={searches} results={found} mean_ms={mean:.1} p50_ms={:.1} p95_ms={:.1} max_ms={:.1} \
         cpu_ms_per_search={:.1} cpu_p50_ms={:.1} cpu_p95_ms={:.1} cpu_max_ms={:.1} \
         server_cpu_mean_ms={:.1} server_cpu_p50_ms={:.1} server_cpu_p95_ms={:.1} server_cpu_max_ms={:.1}",
        percentile(&mut times, 0.5),
        percentile(&mut times, 0.95),
        percentile(&mut times, 1.0),
        cpu * 1000.0 / searches as f64,
        percentile(&mut cpu_times, 0.5),
        percentile(&mut cpu_times, 0.95),
        percentile(&mut cpu_times, 1.0),
        server_times.iter().sum::<f64>() / searches as f64,
        percentile(&mut server_times, 0.5),
        percentile(&mut server_times, 0.95),
        percentile(&mut server_times, 1.0),
    );
}

async fn suggest(store: &dyn Store, doc_path: &str, server: Option<&str>) {
    let (user, workspace) = owner(store).await;
    let source = std::fs::read_to_string(doc_path).expect("cannot read the document");
    let mut times = Vec::new();
    let mut cpu_times = Vec::new();
    let mut server_times = Vec::new();
    let mut dumped = Vec::new();
    let mut claim_count = 0;
    let mut found = 0;
    for _ in 0..10 {
        let server_started = server_nanos(server);
        let (started, cpu_started) = (Instant::now(), cpu_nanos());
        let doc = prfaq_doc::parse(&source);
        let queries: Vec<String> = claims(&doc).iter().map(|c| c.query()).collect();
        let hits = store
            .suggest_feedback(user, workspace, &queries, 5)
            .await
            .expect("suggestions");
        times.push(started.elapsed().as_secs_f64() * 1000.0);
        cpu_times.push((cpu_nanos() - cpu_started) as f64 / 1e6);
        server_times.push(server_nanos(server).saturating_sub(server_started) as f64 / 1e6);
        claim_count = queries.len();
        found = hits.iter().map(Vec::len).sum();
        dumped = queries
            .iter()
            .zip(&hits)
            .map(|(claim, hits)| format!("{claim}: {}", ids(hits)))
            .collect();
    }
    dump(&dumped);
    println!(
        "suggest claims={claim_count} results={found} p50_ms={:.1} p95_ms={:.1} max_ms={:.1} \
         cpu_p50_ms={:.1} cpu_max_ms={:.1} server_cpu_p50_ms={:.1} server_cpu_max_ms={:.1}",
        percentile(&mut times, 0.5),
        percentile(&mut times, 0.95),
        percentile(&mut times, 1.0),
        percentile(&mut cpu_times, 0.5),
        percentile(&mut cpu_times, 1.0),
        percentile(&mut server_times, 0.5),
        percentile(&mut server_times, 1.0)
    );
}
