//! The workspace's caches: checked and rendered revisions, recent `/api/check` answers,
//! reviews as each member last read them, each workspace's themes as last computed, and
//! signed-in sessions the store confirmed a moment ago. Each is bounded by the bytes
//! its entries hold; what is used again is kept, what was used once leaves first
//! (quick_cache's S3-FIFO).
//!
//! The first two, and the outcome reports, hold only what is a pure function of their
//! key. A revision never
//! changes (revisions are append-only), so its rendering is keyed by (document, number)
//! and can never go stale; callers look it up only after the store has allowed the user
//! to read that revision. A check answer depends only on the path and the text (the
//! workspace checks with the default configuration); it is keyed by the user as well, so
//! one user's checks never answer, or speed up, another's. An outcome report depends
//! only on the revision's text and the imported events, which are never changed, only
//! replaced by an upload with a new id: it is keyed by (document, revision number,
//! upload).
//!
//! A review changes, so it is kept with the stamp it was read at (`ReviewStamp`, read in
//! the same snapshot) and used only while the store answers the same stamp for it: one
//! indexed row instead of the review's dozen queries, and never a review older than the
//! store's. It is keyed by the member too, as a review hides others' pending comments.
//!
//! A workspace's themes change with its feedback and the team's theme choices, so they
//! are kept the same way: with the stamp the store answered before they were computed
//! (`ThemeStamp`, which every write of the feedback or the choices moves on for good) and
//! used only while the store answers that stamp. They are the same for every member, so
//! they are keyed by the workspace alone, and looked up only with a stamp the store gave
//! a member after checking their membership. They are the costly one (seconds of CPU for
//! 100,000 comments), so a request that finds its workspace's themes being computed waits
//! for that computation instead of starting a second one.
//!
//! The session cache is the exception, as a session can end: an entry is trusted for at
//! most [`SESSION_CACHE_TTL`], never past the session's own expiry, and signing out
//! through this server removes it at once. A session ended by another process on the
//! same database (a second server, the command line) is refused here within that time.
//!
//! This module knows nothing of the store or of who may read what: the state asks the
//! store first and comes here with what it was allowed to see.

use std::future::Future;
use std::hash::{BuildHasher, Hash};
use std::sync::Arc;
use std::time::{Duration, Instant};

use foldhash::quality::RandomState;
use prfaq_store::{
    DocumentId, Millis, OutcomeUploadId, Review, ReviewStamp, ThemeStamp, User, UserId, WorkspaceId,
};
use quick_cache::sync::{Cache, DefaultLifecycle, EntryAction, EntryResult};
use quick_cache::{OptionsBuilder, Weighter};
use serde_json::Value;

use crate::routes::OutcomeReport;
use crate::state::Rendered;

/// How long a confirmed session is trusted without asking the store again.
pub(crate) const SESSION_CACHE_TTL: Duration = Duration::from_secs(5);
/// The sessions kept: about 1 MB (some thousands of signed-in users).
const SESSION_CACHE_BYTES: usize = 1024 * 1024;
/// The renderings kept: about 32 MB of revision text.
const RENDER_CACHE_BYTES: usize = 32 * 1024 * 1024;
/// The check answers kept: about 16 MB of text and JSON.
const CHECK_CACHE_BYTES: usize = 16 * 1024 * 1024;
/// The reviews kept: about 32 MB of comments, quotes and names.
const REVIEW_CACHE_BYTES: usize = 32 * 1024 * 1024;
/// The outcome reports kept: about 8 MB (a report is a few kilobytes).
const OUTCOME_CACHE_BYTES: usize = 8 * 1024 * 1024;
/// The themes kept: about 16 MB (a workspace's themes are a few hundred kilobytes of
/// JSON, their typical comments and up to 200 comment keys a theme).
const THEME_CACHE_BYTES: usize = 16 * 1024 * 1024;

/// The caches, and the random keys their texts and secrets are hashed with.
pub(crate) struct Caches {
    renderings: ByBytes<(DocumentId, i64), Arc<Rendered>>,
    checks: ByBytes<CheckKey, Arc<CheckEntry>>,
    sessions: ByBytes<u64, Arc<SessionEntry>>,
    reviews: ByBytes<(DocumentId, UserId), Arc<Review>>,
    thread_lists: ByBytes<(DocumentId, UserId), Arc<ThreadList>>,
    outcomes: ByBytes<(DocumentId, i64, OutcomeUploadId), Arc<OutcomeReport>>,
    themes: ByBytes<WorkspaceId, Arc<KeptThemes>>,
    /// Random keys for hashing check texts and session secrets, so nobody can aim for
    /// collisions. foldhash, as a check text is hashed on every `/api/check`: SipHash
    /// spent about 22 K instructions on a 1,500-word text.
    hasher: RandomState,
}

impl Caches {
    pub fn new() -> Self {
        Caches {
            // One shard each for the renderings and the checks, so that one large
            // document fits (a shard holds its share of the budget, and refuses an entry
            // larger than that); a hit takes only a read lock.
            renderings: ByBytes::new(RENDER_CACHE_BYTES, 32 * 1024, 1),
            checks: ByBytes::new(CHECK_CACHE_BYTES, 64 * 1024, 1),
            // Sessions are small and asked for on every signed-in request.
            sessions: ByBytes::new(SESSION_CACHE_BYTES, 256, 8),
            // A review of many threads is large: one shard, so that it fits.
            reviews: ByBytes::new(REVIEW_CACHE_BYTES, 16 * 1024, 1),
            thread_lists: ByBytes::new(REVIEW_CACHE_BYTES, 32 * 1024, 1),
            outcomes: ByBytes::new(OUTCOME_CACHE_BYTES, 8 * 1024, 1),
            // One shard, so that the themes of a workspace of much feedback fit.
            themes: ByBytes::new(THEME_CACHE_BYTES, 256 * 1024, 1),
            hasher: RandomState::default(),
        }
    }

    /// The rendering of revision `number` of `doc`, if it is kept. Only for a revision
    /// the caller has already been allowed to read.
    pub fn rendering(&self, doc: DocumentId, number: i64) -> Option<Arc<Rendered>> {
        self.renderings.get(&(doc, number))
    }

    /// Keeps the rendering of a revision whose text is `bytes` long.
    pub fn keep_rendering(&self, doc: DocumentId, number: i64, bytes: usize, r: Arc<Rendered>) {
        self.renderings.insert((doc, number), bytes, r);
    }

    /// The outcome report of revision `number` of `doc` on the events of `upload`, if it
    /// is kept. Only for a document the caller has already been allowed to read.
    pub fn outcome_report(
        &self,
        doc: DocumentId,
        number: i64,
        upload: OutcomeUploadId,
    ) -> Option<Arc<OutcomeReport>> {
        self.outcomes.get(&(doc, number, upload))
    }

    /// Keeps the outcome report of revision `number` of `doc` on the events of `upload`.
    pub fn keep_outcome_report(
        &self,
        doc: DocumentId,
        number: i64,
        upload: OutcomeUploadId,
        bytes: usize,
        report: Arc<OutcomeReport>,
    ) {
        self.outcomes.insert((doc, number, upload), bytes, report);
    }

    /// The themes of workspace `ws` as computed at `stamp`: the ones kept, when they were
    /// computed at that stamp; otherwise the ones `compute` answers (with their size in
    /// bytes), kept in their place. Only with the stamp the store answers now, after
    /// checking that the caller may read the workspace's feedback. While one request
    /// computes a workspace's themes, others for the same workspace wait for them, and
    /// take them if they were computed at their stamp too.
    pub async fn themes<E, F, Fut>(
        &self,
        ws: WorkspaceId,
        stamp: ThemeStamp,
        compute: F,
    ) -> Result<Arc<Value>, E>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<(Arc<Value>, usize), E>>,
    {
        let kept = self
            .themes
            .get_or_make(
                &ws,
                |kept: &Arc<KeptThemes>| kept.stamp == stamp,
                || async move {
                    let (themes, bytes) = compute().await?;
                    Ok((Arc::new(KeptThemes { stamp, themes }), bytes))
                },
            )
            .await?;
        Ok(kept.themes.clone())
    }

    /// The review of `doc` as `user` last read it, if it was read at `stamp`: the stamp
    /// the store answers now, after checking the user may read the document.
    pub fn review(&self, doc: DocumentId, user: UserId, stamp: ReviewStamp) -> Option<Arc<Review>> {
        self.reviews
            .get(&(doc, user))
            .filter(|review| review.stamp == stamp)
    }

    /// Keeps `review` of `doc` as `user` read it.
    pub fn keep_review(&self, doc: DocumentId, user: UserId, review: Arc<Review>) {
        let bytes = review_bytes(&review);
        self.reviews.insert((doc, user), bytes, review);
    }

    /// The review page's threads as HTML, rendered for `user` from the review read at
    /// `stamp`, with the forms' CSRF token `csrf`.
    pub fn thread_list(
        &self,
        doc: DocumentId,
        user: UserId,
        stamp: ReviewStamp,
        csrf: &str,
    ) -> Option<Arc<str>> {
        self.thread_lists
            .get(&(doc, user))
            .filter(|list| list.stamp == stamp && list.csrf == csrf)
            .map(|list| list.html.clone())
    }

    /// Keeps the threads' HTML of the review page of `doc` as [`Caches::thread_list`]
    /// looks it up.
    pub fn keep_thread_list(
        &self,
        doc: DocumentId,
        user: UserId,
        stamp: ReviewStamp,
        csrf: &str,
        html: Arc<str>,
    ) {
        let bytes = html.len() + csrf.len() + 64;
        let list = Arc::new(ThreadList {
            stamp,
            csrf: csrf.to_owned(),
            html,
        });
        self.thread_lists.insert((doc, user), bytes, list);
    }

    /// A remembered answer to `user`'s check of `text` at `path`, only if it is for
    /// exactly this path and text: the hash picks the entry, the comparison makes sure.
    pub fn check(&self, user: UserId, path: &str, text: &str) -> Option<String> {
        let entry = self.checks.get(&self.check_key(user, path, text))?;
        (entry.path == path && entry.text == text).then(|| entry.json.clone())
    }

    /// Remembers `json` as the answer to `user`'s check of `text` at `path`.
    pub fn keep_check(&self, user: UserId, path: String, text: String, json: String) {
        let key = self.check_key(user, &path, &text);
        let bytes = path.len() + 2 * text.len() + json.len();
        let entry = Arc::new(CheckEntry { path, text, json });
        self.checks.insert(key, bytes, entry);
    }

    fn check_key(&self, user: UserId, path: &str, text: &str) -> CheckKey {
        CheckKey {
            user,
            hash: self.hasher.hash_one((path, text)),
        }
    }

    /// The user of the session `secret` names, if the store confirmed it less than
    /// [`SESSION_CACHE_TTL`] ago and it has not expired since.
    pub fn session(&self, secret: &str) -> Option<User> {
        let entry = self.sessions.get(&self.session_key(secret))?;
        let fresh = entry.confirmed.elapsed() < SESSION_CACHE_TTL
            && prfaq_store::now_millis() < entry.expires_at;
        (fresh && entry.secret == secret).then(|| entry.user.clone())
    }

    /// Remembers that the store confirmed, just now, the session `secret` of `user`,
    /// which lasts until `expires_at`.
    pub fn keep_session(&self, secret: &str, user: &User, expires_at: Millis) {
        self.keep_session_confirmed(secret, user, expires_at, Instant::now());
    }

    /// [`Caches::keep_session`], confirmed at `confirmed`.
    pub(crate) fn keep_session_confirmed(
        &self,
        secret: &str,
        user: &User,
        expires_at: Millis,
        confirmed: Instant,
    ) {
        let bytes = secret.len() + user.email.len() + user.display_name.len() + 64;
        let entry = Arc::new(SessionEntry {
            secret: secret.to_owned(),
            user: user.clone(),
            expires_at,
            confirmed,
        });
        self.sessions.insert(self.session_key(secret), bytes, entry);
    }

    /// Forgets the session `secret` (signed out, or refused by the store).
    pub fn forget_session(&self, secret: &str) {
        self.sessions.remove(&self.session_key(secret));
    }

    fn session_key(&self, secret: &str) -> u64 {
        self.hasher.hash_one(("session", secret))
    }
}

/// About the bytes a review holds: its texts, and a little for each record.
fn review_bytes(review: &Review) -> usize {
    const RECORD: usize = 96;
    let threads: usize = review
        .threads
        .iter()
        .map(|t| {
            let anchors =
                2 * (t.anchor.quote.len() + t.anchor.prefix.len() + t.anchor.suffix.len());
            let comments: usize = t
                .comments
                .iter()
                .map(|c| c.body.len() + c.author_name.len() + RECORD)
                .sum();
            let events: usize = t
                .events
                .iter()
                .map(|e| e.reason.len() + e.actor_name.len() + RECORD)
                .sum();
            let links: usize = t
                .links
                .iter()
                .map(|l| l.question.len() + l.actor_name.len() + RECORD)
                .sum();
            anchors
                + comments
                + events
                + links
                + t.replacement.as_ref().map_or(0, String::len)
                + 2 * RECORD
        })
        .sum();
    let others = review
        .verdicts
        .iter()
        .map(|v| v.body.len() + RECORD)
        .sum::<usize>()
        + review
            .status_history
            .iter()
            .map(|e| e.reason.len() + RECORD)
            .sum::<usize>()
        + review
            .assumptions
            .iter()
            .map(|a| a.text.len() + a.test.len() + a.events.len() * RECORD + RECORD)
            .sum::<usize>()
        + review
            .round
            .as_ref()
            .map_or(0, |r| r.reviewers.len() * 2 * RECORD)
        + (review.credits.len() + review.required_functions.len()) * RECORD;
    1024 + threads + others
}

/// Who asked for a check and a hash of what they sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
struct CheckKey {
    user: UserId,
    hash: u64,
}

/// A remembered check: the exact input and the JSON answer.
struct CheckEntry {
    path: String,
    text: String,
    json: String,
}

/// A workspace's themes as the API answers them, computed at `stamp`.
struct KeptThemes {
    stamp: ThemeStamp,
    themes: Arc<Value>,
}

/// The threads of a review page, as rendered for one member at one stamp.
struct ThreadList {
    stamp: ReviewStamp,
    csrf: String,
    html: Arc<str>,
}

/// A session the store confirmed, and when.
struct SessionEntry {
    secret: String,
    user: User,
    expires_at: Millis,
    confirmed: Instant,
}

/// A concurrent map bounded by the bytes its values hold, each weighed as it is put in.
struct ByBytes<K, V> {
    cache: Cache<K, Weighed<V>, ByWeight, RandomState, DefaultLifecycle<K, Weighed<V>>>,
}

#[derive(Clone)]
struct Weighed<V> {
    bytes: u64,
    value: V,
}

#[derive(Clone)]
struct ByWeight;

impl<K, V> Weighter<K, Weighed<V>> for ByWeight {
    fn weight(&self, _key: &K, value: &Weighed<V>) -> u64 {
        // An entry of no weight would never be evicted.
        value.bytes.max(1)
    }
}

impl<K: Hash + Eq, V: Clone> ByBytes<K, V> {
    /// At most `budget` bytes, of entries of about `typical` bytes, in `shards` parts
    /// locked on their own (a power of two; fewer when the entries would be too few).
    fn new(budget: usize, typical: usize, shards: usize) -> Self {
        let options = OptionsBuilder::new()
            .weight_capacity(budget as u64)
            .estimated_items_capacity(budget / typical)
            .shards(shards)
            .build()
            .expect("the capacity and the item estimate are set");
        ByBytes {
            cache: Cache::with_options(
                options,
                ByWeight,
                RandomState::default(),
                DefaultLifecycle::default(),
            ),
        }
    }

    fn get(&self, key: &K) -> Option<V> {
        self.cache.get(key).map(|weighed| weighed.value)
    }

    fn insert(&self, key: K, bytes: usize, value: V) {
        let bytes = bytes as u64;
        self.cache.insert(key, Weighed { bytes, value });
    }

    fn remove(&self, key: &K) {
        self.cache.remove(key);
    }

    /// The value kept for `key` if `fresh` accepts it; otherwise the one `make` answers
    /// (with its size in bytes), kept in its place. While one caller makes a key's
    /// value, others that ask for the same key wait, then judge what it made with their
    /// own `fresh`; if it stops without a value (an error, or its request gone), the
    /// next one waiting makes it.
    async fn get_or_make<E, Fut>(
        &self,
        key: &K,
        fresh: impl FnOnce(&V) -> bool,
        make: impl FnOnce() -> Fut,
    ) -> Result<V, E>
    where
        K: Clone,
        Fut: Future<Output = Result<(V, usize), E>>,
    {
        let found = self
            .cache
            .entry_async(key, |_, kept| {
                if fresh(&kept.value) {
                    EntryAction::Retain(kept.value.clone())
                } else {
                    EntryAction::ReplaceWithGuard
                }
            })
            .await;
        let guard = match found {
            EntryResult::Retained(value) => return Ok(value),
            EntryResult::Replaced(guard, _) | EntryResult::Vacant(guard) => Some(guard),
            // Neither is an answer to the actions above or to a wait without a timeout.
            EntryResult::Removed(..) | EntryResult::Timeout => None,
        };
        let (value, bytes) = make().await?;
        if let Some(guard) = guard {
            let bytes = bytes as u64;
            // Refused only when the key was removed meanwhile: the value still answers.
            let _ = guard.insert(Weighed {
                bytes,
                value: value.clone(),
            });
        }
        Ok(value)
    }

    #[cfg(test)]
    fn weight(&self) -> u64 {
        self.cache.weight()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(id: i64) -> User {
        User {
            id: UserId(id),
            email: "dana@example.com".into(),
            display_name: "Dana".into(),
            created_at: 0,
        }
    }

    #[test]
    fn a_byte_bounded_map_keeps_what_is_used_and_stays_within_its_budget() {
        let map = ByBytes::new(1000, 10, 1);
        for i in 0..10_000 {
            map.insert(i, 10, i);
            // Key 0 is read all the time, so it always survives.
            assert_eq!(map.get(&0), Some(0), "after {i}");
            assert!(map.weight() <= 1000, "{}", map.weight());
        }
        assert_eq!(map.get(&9_999), Some(9_999));
        // Nothing grows without bound: at most the budget's worth of entries is kept.
        let kept = (0..10_000).filter(|i| map.get(i).is_some()).count();
        assert!(kept <= 100, "{kept}");
        // A key put in again replaces its entry and is not counted twice.
        let map = ByBytes::new(1000, 10, 1);
        for _ in 0..100 {
            map.insert("k", 10, 1);
        }
        assert_eq!(map.weight(), 10);
        // One entry as large as most of the budget is kept.
        map.insert("large", 900, 2);
        assert_eq!(map.get(&"large"), Some(2));
    }

    #[tokio::test]
    async fn themes_answer_only_their_workspace_and_stamp_and_are_computed_once_at_a_time() {
        use std::sync::atomic::{AtomicUsize, Ordering};

        let caches = Caches::new();
        let runs = AtomicUsize::new(0);
        let compute = |v: i64| {
            let runs = &runs;
            move || async move {
                runs.fetch_add(1, Ordering::SeqCst);
                Ok::<_, &str>((Arc::new(serde_json::json!(v)), 64))
            }
        };
        let stamp = |feedback_version, choices_version| ThemeStamp {
            feedback_version,
            choices_version,
        };
        let (ws, other) = (WorkspaceId(1), WorkspaceId(2));
        let themes = async |ws, at, v| {
            let found = caches.themes(ws, at, compute(v)).await.expect("themes");
            found.as_i64().expect("a number")
        };

        assert_eq!(themes(ws, stamp(1, 0), 1).await, 1);
        assert_eq!(
            themes(ws, stamp(1, 0), 2).await,
            1,
            "kept at the same stamp"
        );
        assert_eq!(runs.load(Ordering::SeqCst), 1);
        assert_eq!(themes(other, stamp(1, 0), 3).await, 3, "never another's");
        assert_eq!(themes(ws, stamp(2, 0), 4).await, 4, "new feedback");
        assert_eq!(themes(ws, stamp(2, 1), 5).await, 5, "new choices");
        assert_eq!(themes(ws, stamp(2, 1), 6).await, 5);
        assert_eq!(themes(other, stamp(1, 0), 7).await, 3);

        // A computation that fails keeps nothing: the next one computes.
        let failed = caches
            .themes(ws, stamp(3, 1), || async { Err("the store failed") })
            .await;
        assert_eq!(failed, Err("the store failed"));
        assert_eq!(themes(ws, stamp(3, 1), 8).await, 8);

        // Two requests at once at the same stamp: the second waits for the first's
        // computation and takes it; one at another stamp computes its own.
        let release = tokio::sync::Notify::new();
        let before = runs.load(Ordering::SeqCst);
        let slow = || async {
            release.notified().await;
            compute(9)().await
        };
        let (first, second, _) = tokio::join!(
            caches.themes(ws, stamp(4, 1), slow),
            caches.themes(ws, stamp(4, 1), compute(10)),
            async {
                tokio::task::yield_now().await;
                release.notify_one();
            },
        );
        assert_eq!(first.expect("first").as_i64(), Some(9));
        assert_eq!(second.expect("second").as_i64(), Some(9), "the first one's");
        assert_eq!(runs.load(Ordering::SeqCst), before + 1, "computed once");
        assert_eq!(themes(ws, stamp(5, 1), 11).await, 11);
    }

    #[test]
    fn a_session_is_trusted_briefly_and_never_past_its_expiry() {
        let caches = Caches::new();
        let dana = user(1);
        let later = prfaq_store::now_millis() + 3_600_000;
        caches.keep_session("secret", &dana, later);
        assert_eq!(caches.session("secret").map(|u| u.id), Some(dana.id));
        assert!(caches.session("other").is_none());
        caches.forget_session("secret");
        assert!(caches.session("secret").is_none());
        let stale = Instant::now() - SESSION_CACHE_TTL;
        caches.keep_session_confirmed("secret", &dana, later, stale);
        assert!(caches.session("secret").is_none());
        caches.keep_session("secret", &dana, prfaq_store::now_millis() - 1);
        assert!(caches.session("secret").is_none());
    }
}
