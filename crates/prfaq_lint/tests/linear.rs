//! Parsing and checking are linear in the document, whatever its shape: each shape of
//! `tests/shapes` (the ones that make Markdown parsers and checkers slow) is parsed and
//! checked at a size and at eight times that size, and the larger must cost less than
//! three times eight times as much CPU. A linear checker comes out near 8; one that is
//! quadratic anywhere comes out near 64. What is compared is the CPU time of this
//! thread, the smaller of several runs, so a busy machine moves both sides alike.

mod shapes;

use std::time::Duration;

use prfaq_lint::{Config, check};

/// How much more the larger document may cost than eight times the smaller.
const SLACK: f64 = 3.0;
const GROWTH: usize = 8;

fn thread_cpu() -> Duration {
    let mut now = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `now` is a valid, writable timespec for the call to fill.
    let status = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut now) };
    assert_eq!(status, 0, "the thread's CPU clock");
    Duration::new(now.tv_sec as u64, now.tv_nsec as u32)
}

/// The CPU time of parsing and checking `text`, the smallest of `runs`.
fn cost(text: &str, runs: usize) -> Duration {
    let config = Config::default();
    (0..runs)
        .map(|_| {
            let start = thread_cpu();
            let doc = prfaq_doc::parse(text);
            std::hint::black_box(check(&doc, &config));
            thread_cpu() - start
        })
        .min()
        .expect("one run at least")
}

#[test]
fn every_shape_is_checked_in_time_linear_in_its_size() {
    let mut report = Vec::new();
    let mut failed = Vec::new();
    for &((name, make), base) in shapes::SHAPES {
        let n = (base / GROWTH).max(1);
        let small = make(n);
        let large = make(n * GROWTH);
        assert!(
            large.len() >= small.len() * (GROWTH - 1),
            "{name} grows with n"
        );
        cost(&small, 1); // word lists and other one-time work
        let small_cost = cost(&small, 3).max(Duration::from_micros(200));
        let mut large_cost = cost(&large, 1);
        let limit = small_cost.mul_f64(GROWTH as f64 * SLACK);
        if large_cost > limit {
            // Once more before calling it quadratic: the machine may have been busy.
            large_cost = large_cost.min(cost(&large, 2));
        }
        let ratio = large_cost.as_secs_f64() / small_cost.as_secs_f64();
        report.push(format!(
            "{name:<14} {:>9} B {:>9.1} ms   {:>9} B {:>9.1} ms   ×{ratio:.1}",
            small.len(),
            small_cost.as_secs_f64() * 1e3,
            large.len(),
            large_cost.as_secs_f64() * 1e3,
        ));
        if large_cost > limit {
            failed.push(name);
        }
    }
    println!("{}", report.join("\n"));
    assert!(
        failed.is_empty(),
        "not linear in the input (×{GROWTH} the size cost more than ×{}): {failed:?}\n{}",
        GROWTH as f64 * SLACK,
        report.join("\n")
    );
}
