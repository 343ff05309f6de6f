//! The measures, computed in one pass over each user's events in time order.
//!
//! Events are grouped by user with a counting sort (linear in the events), each user's
//! events are sorted by time (ties in journey order), and one pass over them updates
//! the funnel, time to aha, activation and retention together.

use serde::Serialize;

use crate::events::Events;
use crate::time::DAY_MS;

const WEEK_MS: i64 = 7 * DAY_MS;

/// How retention cohorts are formed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Cohorts {
    /// A user belongs to the cohort of the week of their first first-step event.
    FirstTime,
    /// A user belongs to the cohort of every week in which they did the first step.
    Recurring,
}

/// How weeks are counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Weeks {
    /// Monday-to-Sunday weeks (UTC): week N is N calendar weeks after the cohort's week.
    Calendar,
    /// Week N is days 7N to 7N+7 after the user's own first-step event.
    Rolling,
}

/// What to compute, with event codes already resolved.
#[derive(Debug, Clone)]
pub struct Setup {
    /// The code of each funnel step's event, in journey order.
    pub steps: Vec<u8>,
    /// Index into `steps` of the aha step.
    pub aha: Option<usize>,
    /// The event that counts as coming back, for retention.
    pub return_code: Option<u8>,
    pub exclusions: Vec<u8>,
    pub window_ms: i64,
    pub strict: bool,
    pub activation_ms: i64,
    pub cohorts: Cohorts,
    pub weeks: Weeks,
    /// Weeks of retention measured (week 0 to `max_weeks - 1`, at most 64).
    pub max_weeks: usize,
    /// Codes of the events counted and summed, by code (true when counted).
    pub counted: Vec<bool>,
}

/// Counts and sums per event code.
#[derive(Debug, Clone, Default)]
pub struct Totals {
    pub count: Vec<u64>,
    pub sum: Vec<f64>,
}

/// The raw results before they are written as a report.
#[derive(Debug, Clone, Default)]
pub struct Results {
    /// Users who reached each funnel step.
    pub funnel: Vec<u64>,
    /// Users dropped by an exclusion event.
    pub excluded: u64,
    /// Users with a first-step event.
    pub started: u64,
    /// Milliseconds from first step to aha, for each user who reached it, sorted.
    pub to_aha: Vec<i64>,
    pub activated: u64,
    /// Retention by week: users observed for that week, and those who came back.
    pub eligible: Vec<u64>,
    pub returned: Vec<u64>,
    /// Cohorts by calendar week index: (week, users, eligible by week, returned by week).
    pub cohorts: Vec<Cohort>,
    pub totals: Totals,
    pub first_ms: i64,
    pub last_ms: i64,
    /// Users with some event the report reads.
    pub users: u64,
}

#[derive(Debug, Clone, Default)]
pub struct Cohort {
    /// Monday-based week index since the epoch.
    pub week: i64,
    pub users: u64,
    pub eligible: Vec<u64>,
    pub returned: Vec<u64>,
}

/// The Monday-based week index of a time (1970-01-01 was a Thursday).
pub fn week_index(ms: i64) -> i64 {
    (ms.div_euclid(DAY_MS) + 3).div_euclid(7)
}

/// Computes every measure.
pub fn compute(events: &Events, setup: &Setup) -> Results {
    let mut r = Results {
        funnel: vec![0; setup.steps.len()],
        eligible: vec![0; setup.max_weeks],
        returned: vec![0; setup.max_weeks],
        first_ms: events.ms.iter().copied().min().unwrap_or(0),
        last_ms: events.ms.iter().copied().max().unwrap_or(0),
        ..Results::default()
    };
    totals(events, setup, &mut r.totals);
    // Step position of each code (u8::MAX when the code is no step).
    let mut step_of = [u8::MAX; 256];
    for (i, &c) in setup.steps.iter().enumerate() {
        step_of[usize::from(c)] = i as u8;
    }
    let mut excluded = [false; 256];
    for &c in &setup.exclusions {
        excluded[usize::from(c)] = true;
    }
    let (offsets, sorted) = group_by_user(events, &step_of);
    r.users = offsets.windows(2).filter(|w| w[1] > w[0]).count() as u64;
    let mut cohorts: std::collections::BTreeMap<i64, Cohort> = Default::default();
    let mut state = UserState::new(setup);
    for w in offsets.windows(2) {
        let user = &sorted[w[0] as usize..w[1] as usize];
        if user.is_empty() {
            continue;
        }
        state.run(user, setup, &step_of, &excluded);
        state.add_to(&mut r, setup, &mut cohorts);
    }
    r.to_aha.sort_unstable();
    r.cohorts = cohorts.into_values().collect();
    r
}

fn totals(events: &Events, setup: &Setup, totals: &mut Totals) {
    totals.count = vec![0; setup.counted.len()];
    totals.sum = vec![0.0; setup.counted.len()];
    for (i, &c) in events.code.iter().enumerate() {
        let c = usize::from(c);
        if setup.counted.get(c).copied().unwrap_or(false) {
            totals.count[c] += 1;
            if let Some(v) = events.value.get(i) {
                totals.sum[c] += v;
            }
        }
    }
}

/// A sort key: time, then the step's place in the journey (so that events at the same
/// instant count in journey order), then the code.
fn key(ms: i64, code: u8, step_of: &[u8; 256]) -> (i64, u8, u8) {
    (ms, step_of[usize::from(code)], code)
}

/// Groups the events by user (counting sort), each user's in time order. Returns the
/// offsets of each user's run and the (time, code) pairs.
fn group_by_user(events: &Events, step_of: &[u8; 256]) -> (Vec<u32>, Vec<(i64, u8)>) {
    let users = events.user_count;
    let mut offsets = vec![0u32; users + 1];
    for &u in &events.user {
        offsets[u as usize + 1] += 1;
    }
    for i in 0..users {
        offsets[i + 1] += offsets[i];
    }
    let mut next = offsets.clone();
    let mut sorted = vec![(0i64, 0u8); events.user.len()];
    for i in 0..events.user.len() {
        let u = events.user[i] as usize;
        sorted[next[u] as usize] = (events.ms[i], events.code[i]);
        next[u] += 1;
    }
    for w in offsets.windows(2) {
        let run = &mut sorted[w[0] as usize..w[1] as usize];
        if !run.is_sorted_by_key(|&(ms, c)| key(ms, c, step_of)) {
            run.sort_unstable_by_key(|&(ms, c)| key(ms, c, step_of));
        }
    }
    (offsets, sorted)
}

/// One user's results, reused from user to user.
struct UserState {
    /// For each step, the latest start of an attempt that reached it.
    reach: Vec<Option<i64>>,
    furthest: usize,
    excluded: bool,
    first: Option<i64>,
    aha_after_first: Option<i64>,
    /// Anchors (first-step time of each cohort week) and the weeks each came back in.
    anchors: Vec<i64>,
    returns: Vec<i64>,
}

impl UserState {
    fn new(setup: &Setup) -> UserState {
        UserState {
            reach: vec![None; setup.steps.len()],
            furthest: 0,
            excluded: false,
            first: None,
            aha_after_first: None,
            anchors: Vec::new(),
            returns: Vec::new(),
        }
    }

    fn run(
        &mut self,
        events: &[(i64, u8)],
        setup: &Setup,
        step_of: &[u8; 256],
        excluded: &[bool; 256],
    ) {
        self.reach.iter_mut().for_each(|r| *r = None);
        self.furthest = 0;
        self.excluded = false;
        self.first = None;
        self.aha_after_first = None;
        self.anchors.clear();
        self.returns.clear();
        let k = setup.steps.len();
        let aha_code = setup.aha.map(|a| setup.steps[a]);
        for &(t, code) in events {
            let step = step_of[usize::from(code)];
            if step == 0 {
                if self.first.is_none() {
                    self.first = Some(t);
                }
                let week = week_index(t);
                if self.anchors.last().is_none_or(|&a| week_index(a) != week) {
                    self.anchors.push(t);
                }
            }
            if Some(code) == aha_code && self.aha_after_first.is_none() && self.first.is_some() {
                self.aha_after_first = Some(t);
            }
            if Some(code) == setup.return_code && self.first.is_some() {
                self.returns.push(t);
            }
            if excluded[usize::from(code)] {
                let in_progress = (0..k.saturating_sub(1))
                    .any(|j| self.reach[j].is_some_and(|s| t - s <= setup.window_ms))
                    && self.furthest < k;
                if in_progress {
                    self.excluded = true;
                }
            }
            if k == 0 {
                continue;
            }
            if step == u8::MAX {
                // In strict order any other event ends every attempt in progress.
                if setup.strict {
                    self.reach.iter_mut().for_each(|r| *r = None);
                }
                continue;
            }
            let i = usize::from(step);
            let advanced = if i == 0 {
                Some(t)
            } else {
                self.reach[i - 1].filter(|&s| t - s <= setup.window_ms)
            };
            if setup.strict {
                self.reach.iter_mut().for_each(|r| *r = None);
            }
            if let Some(s) = advanced {
                self.reach[i] = Some(self.reach[i].map_or(s, |old| old.max(s)));
                self.furthest = self.furthest.max(i + 1);
            }
        }
    }

    fn add_to(
        &self,
        r: &mut Results,
        setup: &Setup,
        cohorts: &mut std::collections::BTreeMap<i64, Cohort>,
    ) {
        if self.excluded {
            r.excluded += 1;
        } else {
            for n in r.funnel.iter_mut().take(self.furthest) {
                *n += 1;
            }
        }
        let Some(first) = self.first else { return };
        r.started += 1;
        if let Some(aha) = self.aha_after_first {
            r.to_aha.push(aha - first);
            if aha - first <= setup.activation_ms {
                r.activated += 1;
            }
        }
        if setup.return_code.is_none() {
            return;
        }
        let anchors = match setup.cohorts {
            Cohorts::FirstTime => &self.anchors[..self.anchors.len().min(1)],
            Cohorts::Recurring => &self.anchors[..],
        };
        let last_week = week_index(r.last_ms);
        for &anchor in anchors {
            let mut came_back = 0u64;
            for &t in self.returns.iter().filter(|&&t| t >= anchor) {
                let k = match setup.weeks {
                    Weeks::Rolling => (t - anchor) / WEEK_MS,
                    Weeks::Calendar => week_index(t) - week_index(anchor),
                };
                if (k as usize) < setup.max_weeks {
                    came_back |= 1 << k;
                }
            }
            let week = week_index(anchor);
            let cohort = cohorts.entry(week).or_insert_with(|| Cohort {
                week,
                users: 0,
                eligible: vec![0; setup.max_weeks],
                returned: vec![0; setup.max_weeks],
            });
            cohort.users += 1;
            for k in 0..setup.max_weeks {
                let observed = match setup.weeks {
                    Weeks::Rolling => anchor + WEEK_MS * (k as i64 + 1) <= r.last_ms,
                    Weeks::Calendar => week + (k as i64) < last_week,
                };
                if !observed {
                    break;
                }
                let back = came_back & (1 << k) != 0;
                cohort.eligible[k] += 1;
                r.eligible[k] += 1;
                if back {
                    cohort.returned[k] += 1;
                    r.returned[k] += 1;
                }
            }
        }
    }
}

/// The `p` quantile by nearest rank (the smallest value with at least `p` of the values
/// at or below it), as SQL's `percentile_disc`.
pub fn quantile(sorted: &[i64], p: f64) -> Option<i64> {
    if sorted.is_empty() {
        return None;
    }
    let rank = (p * sorted.len() as f64).ceil() as usize;
    Some(sorted[rank.clamp(1, sorted.len()) - 1])
}

#[cfg(test)]
mod tests {
    use super::*;

    const H: i64 = 3_600_000;

    /// Events of one user each: (user, code, hour).
    fn events(rows: &[(u32, u8, i64)]) -> Events {
        let mut e = Events::default();
        for &(u, c, h) in rows {
            e.user.push(u);
            e.code.push(c);
            e.ms.push(h * H);
        }
        let users = rows.iter().map(|r| r.0).max().map_or(0, |m| m + 1);
        e.user_count = users as usize;
        e
    }

    fn setup(steps: usize) -> Setup {
        Setup {
            steps: (0..steps as u8).collect(),
            aha: Some(steps - 1),
            return_code: None,
            exclusions: vec![],
            window_ms: 24 * H,
            strict: false,
            activation_ms: 7 * DAY_MS,
            cohorts: Cohorts::FirstTime,
            weeks: Weeks::Rolling,
            max_weeks: 2,
            counted: vec![true; 10],
        }
    }

    #[test]
    fn the_window_runs_from_each_attempts_first_step() {
        // Step 0 at hour 0, step 1 at 30 (too late for the first attempt), step 0 again
        // at 20, so the second attempt reaches step 1 and then step 2 at 40.
        let e = events(&[(0, 0, 0), (0, 0, 20), (0, 1, 30), (0, 2, 40)]);
        assert_eq!(compute(&e, &setup(3)).funnel, vec![1, 1, 1]);
        // Without the second start, the user stops at step 0.
        let e = events(&[(0, 0, 0), (0, 1, 30), (0, 2, 40)]);
        assert_eq!(compute(&e, &setup(3)).funnel, vec![1, 0, 0]);
    }

    #[test]
    fn steps_count_in_order_only_and_the_furthest_attempt_counts() {
        // Step 2 before step 1 does not count; order within the same instant does.
        let e = events(&[
            (0, 0, 0),
            (0, 2, 1),
            (0, 1, 2),
            (1, 0, 5),
            (1, 1, 5),
            (1, 2, 5),
        ]);
        assert_eq!(compute(&e, &setup(3)).funnel, vec![2, 2, 1]);
        // Input order does not matter.
        let e = events(&[
            (1, 2, 5),
            (0, 1, 2),
            (1, 1, 5),
            (0, 0, 0),
            (1, 0, 5),
            (0, 2, 1),
        ]);
        assert_eq!(compute(&e, &setup(3)).funnel, vec![2, 2, 1]);
    }

    #[test]
    fn strict_order_and_exclusions() {
        let mut s = setup(2);
        s.strict = true;
        // Code 5 is another event between the two steps.
        let e = events(&[(0, 0, 0), (0, 5, 1), (0, 1, 2), (1, 0, 0), (1, 1, 1)]);
        assert_eq!(compute(&e, &s).funnel, vec![2, 1]);
        let mut s = setup(2);
        s.exclusions = vec![5];
        let r = compute(&e, &s);
        assert_eq!((r.funnel.clone(), r.excluded), (vec![1, 1], 1));
    }

    #[test]
    fn time_to_aha_and_retention() {
        let mut s = setup(2);
        s.return_code = Some(1);
        // User 0: aha 2 h after the first step, back in week 1; user 1 never.
        // User 2 keeps the data open long enough to observe week 1 for both.
        let e = events(&[
            (0, 0, 0),
            (0, 1, 2),
            (0, 1, 24 * 8),
            (1, 0, 1),
            (2, 3, 24 * 20),
        ]);
        let r = compute(&e, &s);
        assert_eq!(r.to_aha, vec![2 * H]);
        assert_eq!((r.started, r.activated), (2, 1));
        assert_eq!(r.eligible, vec![2, 2]);
        assert_eq!(r.returned, vec![1, 1]);
    }

    #[test]
    fn calendar_weeks_and_recurring_cohorts() {
        let mut s = setup(2);
        s.return_code = Some(1);
        s.weeks = Weeks::Calendar;
        s.max_weeks = 3;
        // 1970-01-05 (day 4) is a Monday. User 0 starts on Sunday 1970-01-11 (day 10,
        // hour 240) and comes back on Monday (hour 265): week 1 by the calendar, week 0
        // by rolling days. User 1 keeps the data open to day 40.
        let e = events(&[(0, 0, 240), (0, 1, 265), (1, 3, 24 * 40)]);
        let r = compute(&e, &s);
        assert_eq!(r.returned, vec![0, 1, 0]);
        s.weeks = Weeks::Rolling;
        assert_eq!(compute(&e, &s).returned, vec![1, 0, 0]);
        // Recurring: a first step in two calendar weeks puts the user in both cohorts.
        s.cohorts = Cohorts::Recurring;
        s.weeks = Weeks::Calendar;
        let e = events(&[
            (0, 0, 240),
            (0, 0, 24 * 12),
            (0, 1, 24 * 12 + 1),
            (1, 3, 24 * 40),
        ]);
        let r = compute(&e, &s);
        assert_eq!(r.cohorts.len(), 2);
        assert_eq!(r.cohorts.iter().map(|c| c.users).sum::<u64>(), 2);
        assert_eq!(r.returned, vec![1, 1, 0]);
        s.cohorts = Cohorts::FirstTime;
        assert_eq!(compute(&e, &s).cohorts.len(), 1);
    }

    #[test]
    fn nearest_rank() {
        assert_eq!(quantile(&[1, 2, 3, 4], 0.5), Some(2));
        assert_eq!(quantile(&[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9), Some(9));
        assert_eq!(quantile(&[5], 0.9), Some(5));
        assert_eq!(quantile(&[], 0.5), None);
    }

    #[test]
    fn weeks_start_on_monday() {
        // 2026-03-01 is a Sunday, 2026-03-02 a Monday.
        let sunday = crate::time::parse("2026-03-01T23:00:00Z").unwrap().0;
        let monday = crate::time::parse("2026-03-02T00:00:00Z").unwrap().0;
        assert_eq!(week_index(sunday) + 1, week_index(monday));
    }
}
