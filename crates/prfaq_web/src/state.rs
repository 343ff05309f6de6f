//! The state every handler shares: the store, the settings, the templates, a cache of
//! checked and rendered revisions, a cache of recent `/api/check` answers, a short-lived
//! cache of signed-in sessions, and the permits that bound how much CPU-heavy work
//! (checks, renderings, diffs) runs at once.
//!
//! Both caches hold only what is a pure function of their key. A revision never changes
//! (revisions are append-only), so its rendering is keyed by (document, number) and can
//! never go stale; callers look it up only after the store has allowed the user to read
//! that revision. A check answer depends only on the path and the text (the workspace
//! checks with the default configuration); it is keyed by the user as well, so one
//! user's checks never answer, or speed up, another's.
//!
//! The session cache is the exception, as a session can end: an entry is trusted for at
//! most [`SESSION_CACHE_TTL`], never past the session's own expiry, and signing out
//! through this server removes it at once. A session ended by another process on the
//! same database (a second server, the command line) is refused here within that time.

use std::collections::HashMap;
use std::hash::{BuildHasher, Hash};

use foldhash::quality::RandomState;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use prfaq_lint::Memo;
use prfaq_store::{DocumentId, Store, StoreError, User, UserId};

use crate::checker::{self, Checked};
use crate::config::WebConfig;
use crate::error::{AppError, AppResult};
use crate::slots::{CpuSlots, Stop};
use crate::templates::Templates;

/// Shared application state; cheap to clone.
#[derive(Clone)]
pub struct AppState {
    inner: Arc<Inner>,
}

struct Inner {
    store: Arc<dyn Store>,
    config: WebConfig,
    templates: Templates,
    cache: Mutex<Bounded<(DocumentId, i64), Arc<Rendered>>>,
    checks: Mutex<Bounded<CheckKey, Arc<CheckEntry>>>,
    /// What the checker remembers between checks: one memo per writer for the texts
    /// they send, one per document for its revisions, so that what one user's checks
    /// learnt never answers, or speeds up, another user's.
    memos: Mutex<Bounded<MemoOwner, Arc<Memo>>>,
    /// Random keys for hashing check texts and session secrets, so nobody can aim for
    /// collisions. foldhash, as a check text is hashed on every `/api/check`: SipHash
    /// spent about 22 K instructions on a 1,500-word text.
    check_hasher: RandomState,
    sessions: Mutex<Bounded<u64, Arc<SessionEntry>>>,
    /// Two CPU-heavy jobs (checks, renderings, diffs) per core at a time, each off the
    /// async workers, at most half of them for one person (`slots.rs`): with one per
    /// core, a core sat idle between the end of one job and the start of the next (the
    /// handover goes through the async workers), and the checker's throughput under 64
    /// connections was a third lower; more only make each job slower. A job on an async
    /// worker would stall every request queued on it.
    cpu_slots: CpuSlots,
    /// Sign-ups take turns, so that two people signing up at once on an empty database
    /// cannot both become the first account.
    signup: tokio::sync::Mutex<()>,
    /// Recent sign-ups per client address, to limit how fast accounts are made.
    signups: crate::throttle::Recent,
}

impl AppState {
    /// Builds the state over an open store.
    pub fn new(store: Arc<dyn Store>, config: WebConfig) -> anyhow::Result<Self> {
        let templates = Templates::new(&crate::assets::version())?;
        Ok(AppState {
            inner: Arc::new(Inner {
                store,
                config,
                templates,
                cache: Mutex::new(Bounded::new(RENDER_CACHE_BYTES)),
                checks: Mutex::new(Bounded::new(CHECK_CACHE_BYTES)),
                memos: Mutex::new(Bounded::new(MEMOS_KEPT)),
                check_hasher: RandomState::default(),
                sessions: Mutex::new(Bounded::new(SESSION_CACHE_BYTES)),
                cpu_slots: CpuSlots::new(
                    std::thread::available_parallelism().map_or(2, |n| n.get()) * 2,
                ),
                signup: tokio::sync::Mutex::new(()),
                signups: crate::throttle::Recent::new(),
            }),
        })
    }

    /// The store.
    pub fn store(&self) -> &dyn Store {
        self.inner.store.as_ref()
    }

    /// The settings.
    pub fn config(&self) -> &WebConfig {
        &self.inner.config
    }

    pub(crate) fn templates(&self) -> &Templates {
        &self.inner.templates
    }

    pub(crate) fn signup_lock(&self) -> &tokio::sync::Mutex<()> {
        &self.inner.signup
    }

    pub(crate) fn signups(&self) -> &crate::throttle::Recent {
        &self.inner.signups
    }

    /// The user whose live session `secret` names, or `None` when there is none. Every
    /// signed-in request asks, so a session confirmed by the store in the last
    /// [`SESSION_CACHE_TTL`] is answered from memory.
    pub(crate) async fn session_user(&self, secret: &str) -> AppResult<Option<User>> {
        let key = self.inner.check_hasher.hash_one(("session", secret));
        if let Some(entry) = self.cached_session(key, secret) {
            return Ok(Some(entry.user.clone()));
        }
        match self.store().session_user(secret).await {
            Ok((session, user)) => {
                let entry = Arc::new(SessionEntry {
                    secret: secret.to_owned(),
                    user: user.clone(),
                    expires_at: session.expires_at,
                    confirmed: Instant::now(),
                });
                let size = secret.len() + user.email.len() + user.display_name.len() + 64;
                if let Ok(mut sessions) = self.inner.sessions.lock() {
                    sessions.insert(key, size, entry);
                }
                Ok(Some(user))
            }
            Err(StoreError::NotFound) => {
                self.forget_session(key);
                Ok(None)
            }
            Err(other) => Err(other.into()),
        }
    }

    /// Ends a session in the store and in memory (sign-out, a new sign-in).
    pub(crate) async fn end_session(&self, secret: &str) -> AppResult<()> {
        self.forget_session(self.inner.check_hasher.hash_one(("session", secret)));
        self.store().delete_session(secret).await?;
        Ok(())
    }

    fn cached_session(&self, key: u64, secret: &str) -> Option<Arc<SessionEntry>> {
        let entry = self.inner.sessions.lock().ok()?.get(&key)?;
        let fresh = entry.confirmed.elapsed() < SESSION_CACHE_TTL
            && prfaq_store::now_millis() < entry.expires_at;
        (fresh && entry.secret == secret).then_some(entry)
    }

    fn forget_session(&self, key: u64) {
        if let Ok(mut sessions) = self.inner.sessions.lock() {
            sessions.remove(&key);
        }
    }

    /// Runs CPU-heavy `work` for `who` on a blocking thread once one of the CPU slots
    /// is free for them, so that the async workers keep answering cheap requests
    /// meanwhile. `work` is handed a [`Stop`] that is set when this future is dropped
    /// (the request timed out or its client left): long work asks it and gives up.
    pub(crate) async fn cpu<T, F>(&self, who: UserId, what: &'static str, work: F) -> AppResult<T>
    where
        F: FnOnce(&Stop) -> T + Send + 'static,
        T: Send + 'static,
    {
        let stop = Stop::default();
        let _stop_when_dropped = stop.on_drop();
        let slot = self.inner.cpu_slots.take(who).await;
        // The slot goes with the work and is given back the moment it ends, so the next
        // job can start on the core it frees without waiting for this request's answer
        // to be sent.
        off_the_workers(what, move || {
            let _slot = slot;
            let done = work(&stop);
            if stop.is_set() {
                tracing::info!(what, "stopped: its request is gone");
            }
            done
        })
        .await
    }

    /// Runs short, bounded `work` (the word diff of a refused save, which gives up
    /// refining after a deadline) on a blocking thread without queueing for a permit:
    /// it answers someone whose save was just refused, who should not wait behind other
    /// people's checks. Diffs a user asks for (the compare view) take a permit.
    pub(crate) async fn quick<T, F>(&self, what: &'static str, work: F) -> AppResult<T>
    where
        F: FnOnce() -> T + Send + 'static,
        T: Send + 'static,
    {
        off_the_workers(what, work).await
    }

    /// The rendered HTML and findings of a revision the caller has already been allowed
    /// to read. Revisions never change, so a (document, number) pair is a safe key.
    pub(crate) async fn rendered(
        &self,
        who: UserId,
        doc: DocumentId,
        number: i64,
        body: &str,
    ) -> AppResult<Arc<Rendered>> {
        if let Some(hit) = self.cached(doc, number) {
            return Ok(hit);
        }
        let body = body.to_owned();
        let size = body.len();
        let memo = self.memo(MemoOwner::Document(doc));
        let rendered = self
            .cpu(who, "rendering", move |stop| {
                Rendered::of(&body, &memo, stop)
            })
            .await?
            .map(Arc::new)
            .ok_or_else(stopped)?;
        if let Ok(mut cache) = self.inner.cache.lock() {
            cache.insert((doc, number), size, rendered.clone());
        }
        Ok(rendered)
    }

    /// The cached rendering of a revision, if there is one.
    pub(crate) fn cached(&self, doc: DocumentId, number: i64) -> Option<Arc<Rendered>> {
        self.inner
            .cache
            .lock()
            .ok()
            .and_then(|mut cache| cache.get(&(doc, number)))
    }

    /// `prfaq check --format json` for `text` at `path`, as `user` asked for it. A text
    /// this user checked recently is answered from memory (the editor sends the same
    /// text again after every pause in typing); otherwise the check waits for one of the
    /// per-core permits and runs off the async workers.
    pub(crate) async fn check_json(
        &self,
        user: UserId,
        path: String,
        text: String,
    ) -> AppResult<String> {
        let key = CheckKey {
            user,
            hash: self.inner.check_hasher.hash_one((&path, &text)),
        };
        if let Some(json) = self.cached_check(&key, &path, &text) {
            return Ok(json);
        }
        let memo = self.memo(MemoOwner::User(user));
        let (path, text, json) = self
            .cpu(user, "check", move |stop| {
                let json = checker::check_json(&path, &text, &memo, &|| stop.is_set());
                (path, text, json)
            })
            .await?;
        let json = json.ok_or_else(stopped)?;
        let size = path.len() + 2 * text.len() + json.len();
        let entry = Arc::new(CheckEntry { path, text, json });
        if let Ok(mut cache) = self.inner.checks.lock() {
            cache.insert(key, size, entry.clone());
        }
        Ok(entry.json.clone())
    }

    /// The checker's memo for `owner`, made on first use.
    pub(crate) fn memo(&self, owner: MemoOwner) -> Arc<Memo> {
        let Ok(mut memos) = self.inner.memos.lock() else {
            return Arc::new(Memo::new());
        };
        if let Some(memo) = memos.get(&owner) {
            return memo;
        }
        let memo = Arc::new(Memo::new());
        memos.insert(owner, 1, memo.clone());
        memo
    }

    /// A remembered answer, only if it is for exactly this path and text: the hash picks
    /// the entry, the comparison makes sure.
    fn cached_check(&self, key: &CheckKey, path: &str, text: &str) -> Option<String> {
        let entry = self.inner.checks.lock().ok()?.get(key)?;
        (entry.path == path && entry.text == text).then(|| entry.json.clone())
    }
}

/// What a job stopped for a request that is gone answers: nobody reads it.
fn stopped() -> AppError {
    AppError::Internal(anyhow::anyhow!("stopped: the request is gone"))
}

async fn off_the_workers<T, F>(what: &'static str, work: F) -> AppResult<T>
where
    F: FnOnce() -> T + Send + 'static,
    T: Send + 'static,
{
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|e| AppError::Internal(anyhow::anyhow!("{what} stopped: {e}")))
}

/// A revision as the pages show it.
pub(crate) struct Rendered {
    pub html: String,
    pub checked: Checked,
    /// The front matter's fields, shown above the preview.
    pub fields: Vec<(String, String)>,
}

impl Rendered {
    /// Renders and checks `body`, with what `memo` remembers of earlier checks; `None`
    /// when `stop` was set before the end.
    pub fn of(body: &str, memo: &Memo, stop: &Stop) -> Option<Self> {
        let (checked, fields) =
            checker::check_with_fields("document.md", body, memo, &|| stop.is_set())?;
        if stop.is_set() {
            return None;
        }
        Some(Rendered {
            html: crate::markdown::render(body),
            checked,
            fields,
        })
    }
}

/// Who asked for a check and a hash of what they sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
struct CheckKey {
    user: UserId,
    hash: u64,
}

/// Whose checks a memo learns from: a writer's (the texts they send to be checked) or
/// a document's (its revisions, rendered for everyone allowed to read it).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum MemoOwner {
    User(UserId),
    Document(DocumentId),
}

/// A remembered check: the exact input and the JSON answer.
struct CheckEntry {
    path: String,
    text: String,
    json: String,
}

/// A session the store confirmed, and when.
#[derive(Clone)]
struct SessionEntry {
    secret: String,
    user: User,
    expires_at: prfaq_store::Millis,
    confirmed: Instant,
}

/// How long a confirmed session is trusted without asking the store again.
pub(crate) const SESSION_CACHE_TTL: Duration = Duration::from_secs(5);
/// The sessions kept: about 1 MB (some thousands of signed-in users).
const SESSION_CACHE_BYTES: usize = 1024 * 1024;

/// The renderings kept: about 32 MB of revision text.
const RENDER_CACHE_BYTES: usize = 32 * 1024 * 1024;
/// The check answers kept: about 16 MB of text and JSON.
const CHECK_CACHE_BYTES: usize = 16 * 1024 * 1024;
/// The checker's memos kept (writers and documents at work lately); each holds the
/// texts of its last few checks: some hundreds of kilobytes for a long document, at most
/// about a megabyte and a half.
const MEMOS_KEPT: usize = 128;

/// A map bounded by the total size of its values, with least-recently-used eviction in
/// two generations: new entries and hits go into the young map; when it holds half the
/// budget, the old map is dropped and the young one becomes old. Whatever was used in
/// the last generation survives, nothing grows without bound, and every operation is
/// one or two hash lookups.
pub(crate) struct Bounded<K, V> {
    young: HashMap<K, (usize, V)>,
    old: HashMap<K, (usize, V)>,
    young_bytes: usize,
    budget: usize,
}

impl<K: Hash + Eq + Clone, V: Clone> Bounded<K, V> {
    pub fn new(budget: usize) -> Self {
        Bounded {
            young: HashMap::new(),
            old: HashMap::new(),
            young_bytes: 0,
            budget,
        }
    }

    pub fn get(&mut self, key: &K) -> Option<V> {
        if let Some((_, value)) = self.young.get(key) {
            return Some(value.clone());
        }
        let (size, value) = self.old.remove(key)?;
        self.insert(key.clone(), size, value.clone());
        Some(value)
    }

    pub fn insert(&mut self, key: K, size: usize, value: V) {
        if self.young_bytes + size > self.budget / 2 {
            self.old = std::mem::take(&mut self.young);
            self.young_bytes = 0;
        }
        self.old.remove(&key);
        if let Some((previous, _)) = self.young.insert(key, (size, value)) {
            self.young_bytes -= previous;
        }
        self.young_bytes += size;
    }

    pub fn remove(&mut self, key: &K) {
        if let Some((size, _)) = self.young.remove(key) {
            self.young_bytes -= size;
        }
        self.old.remove(key);
    }

    /// How many entries are kept.
    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.young.len() + self.old.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounded_keeps_what_is_used_and_stays_within_its_budget() {
        let mut map = Bounded::new(100);
        for i in 0..1000 {
            map.insert(i, 10, i);
            // Key 0 is read all the time, so it always survives.
            assert_eq!(map.get(&0), Some(0), "after {i}");
        }
        // Two generations of at most half the budget each.
        assert!(map.len() <= 11, "{}", map.len());
        assert_eq!(map.get(&999), Some(999));
        assert_eq!(map.get(&5), None);
    }

    #[test]
    fn bounded_replaces_a_key_without_counting_it_twice() {
        let mut map = Bounded::new(100);
        for _ in 0..100 {
            map.insert("k", 10, 1);
        }
        assert_eq!(map.len(), 1);
        assert_eq!(map.young_bytes, 10);
    }

    #[tokio::test]
    async fn check_answers_are_remembered_per_user_and_exact_text() {
        let (_dir, state) = state_on_sqlite().await;
        let alice = UserId(1);
        let bob = UserId(2);
        let text = crate::EXAMPLE_DOCUMENT.to_owned();
        let first = state
            .check_json(alice, "a.md".into(), text.clone())
            .await
            .expect("check");
        assert_eq!(
            first,
            checker::check_json("a.md", &text, &Memo::new(), &|| false).expect("never stopped")
        );
        let key = |user| CheckKey {
            user,
            hash: state
                .inner
                .check_hasher
                .hash_one((&"a.md".to_owned(), &text)),
        };
        assert!(state.cached_check(&key(alice), "a.md", &text).is_some());
        // Another user, another path or another text is not answered from Alice's entry.
        assert!(state.cached_check(&key(bob), "a.md", &text).is_none());
        assert!(state.cached_check(&key(alice), "b.md", &text).is_none());
        assert!(state.cached_check(&key(alice), "a.md", "other").is_none());
        let changed = format!("{text}\nOne more sentence.\n");
        let second = state
            .check_json(alice, "a.md".into(), changed.clone())
            .await
            .expect("check");
        assert_eq!(
            second,
            checker::check_json("a.md", &changed, &Memo::new(), &|| false).expect("never stopped")
        );
        let again = state
            .check_json(alice, "a.md".into(), text.clone())
            .await
            .expect("check");
        assert_eq!(again, first);
        // What Alice's checks taught the checker is hers: Bob's memo is another, and
        // knows nothing yet.
        assert!(!state.memo(MemoOwner::User(alice)).is_empty());
        assert!(state.memo(MemoOwner::User(bob)).is_empty());
        assert!(!Arc::ptr_eq(
            &state.memo(MemoOwner::User(alice)),
            &state.memo(MemoOwner::User(bob))
        ));
        // Bob's answer for Alice's edited text is still exactly the command line's.
        let bobs = state
            .check_json(bob, "a.md".into(), changed.clone())
            .await
            .expect("check");
        assert_eq!(bobs, second);
    }

    async fn state_on_sqlite() -> (tempfile::TempDir, AppState) {
        let dir = tempfile::tempdir().expect("tempdir");
        let url = prfaq_store::DatabaseUrl::parse(&format!(
            "sqlite:{}",
            dir.path().join("t.db").display()
        ))
        .expect("url");
        let store = prfaq_store::open(&url, &prfaq_store::Config::default())
            .await
            .expect("store");
        let state = AppState::new(store, crate::config::WebConfig::default()).expect("state");
        (dir, state)
    }

    /// A new session of `user` until `expires_at`: its secret and its cache key.
    async fn signed_in(state: &AppState, user: UserId, expires_at: i64) -> (String, u64) {
        let secret = state
            .store()
            .create_session(user, expires_at)
            .await
            .expect("session")
            .expose()
            .to_owned();
        let key = state
            .inner
            .check_hasher
            .hash_one(("session", secret.as_str()));
        (secret, key)
    }

    #[tokio::test]
    async fn sessions_are_remembered_briefly_and_forgotten_on_sign_out() {
        let (_dir, state) = state_on_sqlite().await;
        let user = state
            .store()
            .create_user(prfaq_store::NewUser {
                email: "dana@example.com",
                display_name: "Dana",
                password_hash: "$argon2id$test",
            })
            .await
            .expect("user");
        let far = prfaq_store::now_millis() + 3_600_000;
        let (secret, key) = signed_in(&state, user.id, far).await;
        let secret = secret.as_str();
        let found = state
            .session_user(secret)
            .await
            .expect("ask")
            .expect("live");
        assert_eq!(found.id, user.id);
        assert!(state.cached_session(key, secret).is_some());
        // Only the exact secret is answered from memory.
        assert!(state.cached_session(key, "not-the-secret").is_none());

        // A session ended behind this server's back (another process) is still answered
        // from memory, but only until the entry is older than the TTL.
        state.store().delete_session(secret).await.expect("delete");
        let stale = Arc::new(SessionEntry {
            confirmed: Instant::now() - SESSION_CACHE_TTL,
            ..SessionEntry::clone(&state.cached_session(key, secret).expect("cached"))
        });
        state.inner.sessions.lock().unwrap().insert(key, 1, stale);
        assert!(state.session_user(secret).await.expect("ask").is_none());
        assert!(state.cached_session(key, secret).is_none());

        // Signing out through this server forgets the session at once.
        let (secret, key) = signed_in(&state, user.id, far).await;
        let secret = secret.as_str();
        assert!(state.session_user(secret).await.expect("ask").is_some());
        state.end_session(secret).await.expect("sign out");
        assert!(state.cached_session(key, secret).is_none());
        assert!(state.session_user(secret).await.expect("ask").is_none());

        // Never past the session's own expiry, however fresh the entry.
        let soon = prfaq_store::now_millis() + 150;
        let (secret, key) = signed_in(&state, user.id, soon).await;
        let secret = secret.as_str();
        assert!(state.session_user(secret).await.expect("ask").is_some());
        tokio::time::sleep(Duration::from_millis(200)).await;
        assert!(state.cached_session(key, secret).is_none());
        assert!(state.session_user(secret).await.expect("ask").is_none());
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_job_stops_when_its_request_is_dropped_and_gives_its_slot_back() {
        let (_dir, state) = state_on_sqlite().await;
        let alice = UserId(1);
        let (tx, rx) = std::sync::mpsc::channel();
        let job = state.cpu(alice, "test", move |stop| {
            // Work that would go on for a minute unless told to stop.
            let start = Instant::now();
            while !stop.is_set() && start.elapsed() < Duration::from_secs(60) {
                std::thread::sleep(Duration::from_millis(1));
            }
            let _ = tx.send(stop.is_set());
        });
        // The request is answered by its timeout: the future holding the job is dropped.
        assert!(
            tokio::time::timeout(Duration::from_millis(100), job)
                .await
                .is_err()
        );
        let stopped = tokio::task::spawn_blocking(move || rx.recv_timeout(Duration::from_secs(30)))
            .await
            .expect("join");
        assert_eq!(stopped, Ok(true), "the job saw its request go");
        // Both of Alice's slots are hers again: the stopped job gave its one back.
        for _ in 0..2 {
            tokio::time::timeout(Duration::from_secs(30), state.cpu(alice, "test", |_| ()))
                .await
                .expect("a free slot")
                .expect("ran");
        }
    }
}
