//! The CPU slots that checks, renderings and diffs take turns on, shared fairly between
//! people, and the flag that stops a job whose request is gone.
//!
//! There are two slots per core. One person holds at most half of them at once (at
//! least one): their further jobs wait for one of their own slots, not for everyone's,
//! so one account sending large documents cannot make another person's check wait
//! behind all of them.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use prfaq_store::UserId;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

pub(crate) struct CpuSlots {
    all: Arc<Semaphore>,
    inner: Arc<Owners>,
}

struct Owners {
    per_person: usize,
    /// Each person's own slots, while they have a job running or waiting.
    slots: Mutex<HashMap<UserId, Arc<Semaphore>>>,
}

impl CpuSlots {
    pub(crate) fn new(total: usize) -> CpuSlots {
        let total = total.max(1);
        CpuSlots {
            all: Arc::new(Semaphore::new(total)),
            inner: Arc::new(Owners {
                per_person: (total / 2).max(1),
                slots: Mutex::new(HashMap::new()),
            }),
        }
    }

    /// Waits for one of `who`'s own slots, then for a free one of everyone's.
    pub(crate) async fn take(&self, who: UserId) -> Slot {
        let own = {
            let mut slots = self.inner.slots.lock().unwrap_or_else(|e| e.into_inner());
            slots
                .entry(who)
                .or_insert_with(|| Arc::new(Semaphore::new(self.inner.per_person)))
                .clone()
        };
        // Neither semaphore is ever closed, so acquiring cannot fail; were one closed,
        // the job would run without that permit.
        let own = own.acquire_owned().await.ok();
        let all = self.all.clone().acquire_owned().await.ok();
        Slot {
            who,
            own,
            _all: all,
            owners: self.inner.clone(),
        }
    }
}

/// A held slot; given back when dropped.
pub(crate) struct Slot {
    who: UserId,
    own: Option<OwnedSemaphorePermit>,
    _all: Option<OwnedSemaphorePermit>,
    owners: Arc<Owners>,
}

impl Drop for Slot {
    fn drop(&mut self) {
        drop(self.own.take());
        // Forget a person's slots once nobody holds or waits for them: a waiter holds
        // a clone, so the map's is then the only one left.
        let mut slots = self.owners.slots.lock().unwrap_or_else(|e| e.into_inner());
        if slots
            .get(&self.who)
            .is_some_and(|s| Arc::strong_count(s) == 1)
        {
            slots.remove(&self.who);
        }
    }
}

/// The threads that the slots' jobs run on: one a slot, started with the server and
/// kept for its life. A job that took a slot always finds one of them free. Always the
/// same few threads, so each one's memory (its allocator's pages, the caches of its
/// core) is warm for the next job; the runtime's blocking pool grows and wakes a
/// different thread from one job to the next.
pub(crate) struct CpuThreads {
    jobs: std::sync::mpsc::Sender<Job>,
}

type Job = Box<dyn FnOnce() + Send>;

impl CpuThreads {
    /// Starts `count` threads (at least one). They end when this is dropped.
    pub(crate) fn start(count: usize) -> std::io::Result<CpuThreads> {
        let (jobs, queue) = std::sync::mpsc::channel::<Job>();
        let queue = Arc::new(Mutex::new(queue));
        for index in 0..count.max(1) {
            let queue = queue.clone();
            std::thread::Builder::new()
                .name(format!("prfaq-cpu-{index}"))
                .spawn(move || {
                    loop {
                        let job = queue.lock().unwrap_or_else(|e| e.into_inner()).recv();
                        let Ok(job) = job else { return };
                        // A job that panics loses its answer (the caller sees it
                        // stopped), not the thread.
                        let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(job));
                    }
                })?;
        }
        Ok(CpuThreads { jobs })
    }

    /// Runs `work` on one of the threads; `None` when it panicked.
    pub(crate) async fn run<T, F>(&self, work: F) -> Option<T>
    where
        F: FnOnce() -> T + Send + 'static,
        T: Send + 'static,
    {
        let (answer, answered) = tokio::sync::oneshot::channel();
        let job: Job = Box::new(move || {
            let _ = answer.send(work());
        });
        self.jobs.send(job).ok()?;
        answered.await.ok()
    }
}

/// Set once the request that asked for a job is gone (answered by the request timeout,
/// or the client went away): the job stops at its next step.
#[derive(Clone, Default)]
pub(crate) struct Stop(Arc<AtomicBool>);

impl Stop {
    pub(crate) fn is_set(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }

    /// A guard that sets the flag when dropped: held by the future that waits for the
    /// job, so that dropping the request stops the job.
    pub(crate) fn on_drop(&self) -> StopOnDrop {
        StopOnDrop(self.0.clone())
    }
}

pub(crate) struct StopOnDrop(Arc<AtomicBool>);

impl Drop for StopOnDrop {
    fn drop(&mut self) {
        self.0.store(true, Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[tokio::test]
    async fn one_person_never_holds_every_slot() {
        let slots = CpuSlots::new(4);
        let alice = UserId(1);
        let bob = UserId(2);
        let a1 = slots.take(alice).await;
        let a2 = slots.take(alice).await;
        // Alice's third job waits for one of her own slots...
        let third = tokio::time::timeout(Duration::from_millis(50), slots.take(alice)).await;
        assert!(third.is_err(), "a third slot for the same person");
        // ...while Bob still gets one at once.
        let b1 = tokio::time::timeout(Duration::from_millis(500), slots.take(bob))
            .await
            .expect("a slot for another person");
        drop((a1, b1));
        let a3 = tokio::time::timeout(Duration::from_millis(500), slots.take(alice))
            .await
            .expect("Alice's slot after one of hers ended");
        drop((a2, a3));
        assert!(
            slots.inner.slots.lock().unwrap().is_empty(),
            "forgotten when idle"
        );
    }

    /// Jobs run on the few threads started for them, always the same ones; a job that
    /// panics loses its answer, not its thread.
    #[tokio::test]
    async fn jobs_run_on_the_same_few_threads_and_survive_a_panic() {
        let threads = CpuThreads::start(2).expect("threads");
        let mut names = std::collections::HashSet::new();
        for _ in 0..50 {
            let name = threads
                .run(|| std::thread::current().name().map(str::to_owned))
                .await
                .expect("an answer")
                .expect("a named thread");
            assert!(name.starts_with("prfaq-cpu-"), "{name}");
            names.insert(name);
        }
        assert!(!names.is_empty() && names.len() <= 2, "{names:?}");
        let panicked: Option<()> = threads.run(|| panic!("a bad job")).await;
        assert!(panicked.is_none());
        for _ in 0..4 {
            assert_eq!(
                threads.run(|| 1 + 1).await,
                Some(2),
                "the threads still run"
            );
        }
    }

    #[test]
    fn dropping_the_guard_stops_the_job() {
        let stop = Stop::default();
        let guard = stop.on_drop();
        assert!(!stop.is_set());
        drop(guard);
        assert!(stop.is_set());
    }
}
