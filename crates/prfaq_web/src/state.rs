//! The state every handler shares: the store, the settings, the templates, the caches
//! (`cache.rs`), and the permits that bound how much CPU-heavy work (checks, renderings,
//! diffs) runs at once.

use std::sync::Arc;

use prfaq_store::{DocumentId, NoticeId, Review, Store, StoreError, User, UserId};

use crate::cache::Caches;
use crate::checker::{self, Checked};
use crate::config::WebConfig;
use crate::error::{AppError, AppResult};
use crate::mail::Mailer;
use crate::slots::{CpuSlots, CpuThreads, Stop};
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
    caches: Caches,
    /// Two CPU-heavy jobs (checks, renderings, diffs) per core at a time, each off the
    /// async workers, at most half of them for one person (`slots.rs`): with one per
    /// core, a core sat idle between the end of one job and the start of the next (the
    /// handover goes through the async workers), and the checker's throughput under 64
    /// connections was a third lower; more only make each job slower. A long job on an
    /// async worker would stall every request queued on it: only a short check runs
    /// there ([`CHECKED_ON_THE_WORKER`]), still inside one of its person's slots.
    cpu_slots: CpuSlots,
    /// The threads the slots' jobs run on, one a slot.
    cpu_threads: CpuThreads,
    /// Sign-ups take turns, so that two people signing up at once on an empty database
    /// cannot both become the first account.
    signup: tokio::sync::Mutex<()>,
    /// Recent sign-ups per client address, to limit how fast accounts are made.
    signups: crate::throttle::Recent,
    /// The queue of email about notices, when mail is configured (`mail.rs`).
    mailer: Option<Mailer>,
    /// What each running import has read and written, for the browser to show.
    uploads: crate::routes::Uploads,
}

impl AppState {
    /// Builds the state over an open store. With [`WebConfig::mail`], starts the task
    /// that sends email about notices, on the current tokio runtime.
    pub fn new(store: Arc<dyn Store>, config: WebConfig) -> anyhow::Result<Self> {
        let templates = Templates::new(&crate::assets::version())?;
        let mailer = match &config.mail {
            Some(mail) => Some(Mailer::start(
                mail,
                store.clone(),
                config.public_url.clone(),
            )?),
            None => None,
        };
        let slots = std::thread::available_parallelism().map_or(2, |n| n.get()) * 2;
        Ok(AppState {
            inner: Arc::new(Inner {
                store,
                config,
                templates,
                caches: Caches::new(),
                cpu_slots: CpuSlots::new(slots),
                cpu_threads: CpuThreads::start(slots)?,
                signup: tokio::sync::Mutex::new(()),
                signups: crate::throttle::Recent::new(),
                mailer,
                uploads: crate::routes::Uploads::default(),
            }),
        })
    }

    /// The progress of running imports.
    pub(crate) fn uploads(&self) -> &crate::routes::Uploads {
        &self.inner.uploads
    }

    /// The store.
    pub fn store(&self) -> &dyn Store {
        self.inner.store.as_ref()
    }

    /// The settings.
    pub fn config(&self) -> &WebConfig {
        &self.inner.config
    }

    /// Emails the recipients of `notices`, which a committed write answered, when mail
    /// is configured; returns at once (`mail.rs`).
    pub(crate) fn mail(&self, notices: &[NoticeId]) {
        if let Some(mailer) = &self.inner.mailer {
            mailer.send(notices);
        }
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
    /// [`crate::cache::SESSION_CACHE_TTL`] is answered from memory.
    pub(crate) async fn session_user(&self, secret: &str) -> AppResult<Option<User>> {
        if let Some(user) = self.inner.caches.session(secret) {
            return Ok(Some(user));
        }
        match self.store().session_user(secret).await {
            Ok((session, user)) => {
                self.inner
                    .caches
                    .keep_session(secret, &user, session.expires_at);
                Ok(Some(user))
            }
            Err(StoreError::NotFound) => {
                self.inner.caches.forget_session(secret);
                Ok(None)
            }
            Err(other) => Err(other.into()),
        }
    }

    /// Ends a session in the store and in memory (sign-out, a new sign-in).
    pub(crate) async fn end_session(&self, secret: &str) -> AppResult<()> {
        self.inner.caches.forget_session(secret);
        self.store().delete_session(secret).await?;
        Ok(())
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
        self.inner
            .cpu_threads
            .run(move || {
                let _slot = slot;
                let done = work(&stop);
                if stop.is_set() {
                    tracing::info!(what, "stopped: its request is gone");
                }
                done
            })
            .await
            .ok_or_else(|| AppError::Internal(anyhow::anyhow!("{what} stopped: it panicked")))
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
        if let Some(hit) = self.inner.caches.rendering(doc, number) {
            return Ok(hit);
        }
        let body = body.to_owned();
        let size = body.len();
        let rendered = self
            .cpu(who, "rendering", move |stop| Rendered::of(&body, stop))
            .await?
            .map(Arc::new)
            .ok_or_else(stopped)?;
        self.inner
            .caches
            .keep_rendering(doc, number, size, rendered.clone());
        Ok(rendered)
    }

    /// A document's review as `user` may see it: the one kept from the last read while
    /// the store's stamp for it is unchanged (one indexed row), else read whole and kept.
    /// Only for reading: a change decides on a fresh review ([`Store::review`]).
    pub(crate) async fn review(&self, user: UserId, doc: DocumentId) -> AppResult<Arc<Review>> {
        let stamp = self.store().review_stamp(user, doc).await?;
        if let Some(hit) = self.inner.caches.review(doc, user, stamp) {
            return Ok(hit);
        }
        let review = Arc::new(self.store().review(user, doc).await?);
        self.inner.caches.keep_review(doc, user, review.clone());
        Ok(review)
    }

    /// The caches, for what a handler keeps itself (the review page's threads).
    pub(crate) fn caches(&self) -> &Caches {
        &self.inner.caches
    }

    /// The cached rendering of a revision, if there is one.
    pub(crate) fn cached(&self, doc: DocumentId, number: i64) -> Option<Arc<Rendered>> {
        self.inner.caches.rendering(doc, number)
    }

    /// `prfaq check --format json` for `text` at `path`, as `user` asked for it. A text
    /// this user checked recently is answered from memory (the editor sends the same
    /// text again after every pause in typing); otherwise the check waits for one of
    /// this person's CPU slots and runs, on the async worker for a text of at most
    /// [`CHECKED_ON_THE_WORKER`] bytes, on a CPU thread for a longer one.
    pub(crate) async fn check_json(
        &self,
        user: UserId,
        path: String,
        text: String,
    ) -> AppResult<String> {
        if let Some(json) = self.inner.caches.check(user, &path, &text) {
            return Ok(json);
        }
        let (path, text, json) = if text.len() <= CHECKED_ON_THE_WORKER {
            let _slot = self.inner.cpu_slots.take(user).await;
            // Once, before the check holds the worker: the requests that reached this
            // worker meanwhile are taken in first and queue in the order they came,
            // rather than behind whichever request woke last. Under 64 connections
            // the p99 fell from 26-28 to 20-24 ms for 3% fewer checks a second
            // (`docs/benchmarks.md`, "Issue 17, eighth series").
            tokio::task::yield_now().await;
            let json = on_this_worker("check", || checker::check_json(&path, &text, &|| false))?;
            (path, text, json)
        } else {
            self.cpu(user, "check", move |stop| {
                let json = checker::check_json(&path, &text, &|| stop.is_set());
                (path, text, json)
            })
            .await?
        };
        let json = json.ok_or_else(stopped)?;
        self.inner.caches.keep_check(user, path, text, json.clone());
        Ok(json)
    }
}

/// The longest text `/api/check` checks on the async worker that received it rather
/// than on a CPU thread: about four pages, a millisecond of one core for prose and
/// eight for the worst text of that size we know. Handing a job to a CPU thread and
/// its answer back costs two wake-ups and two switches between threads, which for a
/// PR/FAQ of a few pages was a third of the whole request: checked where it arrived,
/// the same two cores answer half as many checks again (`docs/benchmarks.md`, "Issue
/// 17, eighth series"). The other requests queued on that worker wait a few
/// milliseconds at most, and the other worker can take its other tasks meanwhile.
/// Longer texts go to the CPU threads, where a check can be stopped.
pub(crate) const CHECKED_ON_THE_WORKER: usize = 16 * 1024;

/// Runs short `work` right here, on the async worker: a panic becomes an internal
/// error, as it does on the CPU threads, rather than ending the connection's task.
fn on_this_worker<T>(what: &'static str, work: impl FnOnce() -> T) -> AppResult<T> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(work))
        .map_err(|_| AppError::Internal(anyhow::anyhow!("{what} stopped: it panicked")))
}

/// What a job stopped for a request that is gone answers: nobody reads it.
pub(crate) fn stopped() -> AppError {
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
    /// The FAQ as the rule of alignment reads it.
    pub faq: Vec<crate::alignment::FaqEntry>,
}

impl Rendered {
    /// Renders and checks `body`; `None` when `stop` was set before the end.
    pub fn of(body: &str, stop: &Stop) -> Option<Self> {
        let (checked, fields, faq) =
            checker::check_with_faq("document.md", body, &|| stop.is_set())?;
        if stop.is_set() {
            return None;
        }
        Some(Rendered {
            html: crate::markdown::render(body),
            checked,
            fields,
            faq,
        })
    }
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, Instant};

    use super::*;
    use crate::cache::SESSION_CACHE_TTL;

    #[tokio::test]
    async fn check_answers_are_remembered_per_user_and_exact_text() {
        let (_dir, state) = state_on_sqlite().await;
        let alice = UserId(1);
        let bob = UserId(2);
        let text = crate::EXAMPLE_DOCUMENT.to_owned();
        // What `prfaq check --format json` prints for a text at `a.md`.
        let command_line =
            |text: &str| checker::check_json("a.md", text, &|| false).expect("never stopped");
        let first = state
            .check_json(alice, "a.md".into(), text.clone())
            .await
            .expect("check");
        assert_eq!(first, command_line(&text));
        let caches = &state.inner.caches;
        assert!(caches.check(alice, "a.md", &text).is_some());
        // Another user, another path or another text is not answered from Alice's entry.
        assert!(caches.check(bob, "a.md", &text).is_none());
        assert!(caches.check(alice, "b.md", &text).is_none());
        assert!(caches.check(alice, "a.md", "other").is_none());
        let changed = format!("{text}\nOne more sentence.\n");
        let second = state
            .check_json(alice, "a.md".into(), changed.clone())
            .await
            .expect("check");
        assert_eq!(second, command_line(&changed));
        let again = state
            .check_json(alice, "a.md".into(), text.clone())
            .await
            .expect("check");
        assert_eq!(again, first);
        // Bob's answer for Alice's edited text is still exactly the command line's.
        let bobs = state
            .check_json(bob, "a.md".into(), changed.clone())
            .await
            .expect("check");
        assert_eq!(bobs, second);
        // A text too long to check on the async worker goes to a CPU thread, with the
        // same answer as the command line's.
        let long = format!("{text}\n{}\n", "The appendix goes on. ".repeat(800));
        assert!(long.len() > CHECKED_ON_THE_WORKER);
        let answer = state
            .check_json(alice, "a.md".into(), long.clone())
            .await
            .expect("check");
        assert_eq!(answer, command_line(&long));
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

    /// A new session of `user` until `expires_at`: its secret.
    async fn signed_in(state: &AppState, user: UserId, expires_at: i64) -> String {
        state
            .store()
            .create_session(user, expires_at)
            .await
            .expect("session")
            .expose()
            .to_owned()
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
        let secret = signed_in(&state, user.id, far).await;
        let secret = secret.as_str();
        let found = state
            .session_user(secret)
            .await
            .expect("ask")
            .expect("live");
        assert_eq!(found.id, user.id);
        assert!(state.inner.caches.session(secret).is_some());
        // Only the exact secret is answered from memory.
        assert!(state.inner.caches.session("not-the-secret").is_none());

        // A session ended behind this server's back (another process) is still answered
        // from memory, but only until the entry is older than the TTL.
        state.store().delete_session(secret).await.expect("delete");
        assert!(state.session_user(secret).await.expect("ask").is_some());
        let confirmed = Instant::now() - SESSION_CACHE_TTL;
        state
            .inner
            .caches
            .keep_session_confirmed(secret, &user, far, confirmed);
        assert!(state.session_user(secret).await.expect("ask").is_none());
        assert!(state.inner.caches.session(secret).is_none());

        // Signing out through this server forgets the session at once.
        let secret = signed_in(&state, user.id, far).await;
        let secret = secret.as_str();
        assert!(state.session_user(secret).await.expect("ask").is_some());
        state.end_session(secret).await.expect("sign out");
        assert!(state.inner.caches.session(secret).is_none());
        assert!(state.session_user(secret).await.expect("ask").is_none());

        // Never past the session's own expiry, however fresh the entry.
        let soon = prfaq_store::now_millis() + 150;
        let secret = signed_in(&state, user.id, soon).await;
        let secret = secret.as_str();
        assert!(state.session_user(secret).await.expect("ask").is_some());
        tokio::time::sleep(Duration::from_millis(200)).await;
        assert!(state.inner.caches.session(secret).is_none());
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
