//! Which findings the document's `prfaq-ignore` directives silence.
//!
//! The file is cut at every directive's scope start and end into stretches, each with
//! the set of rules silenced in it, once per check; a finding then costs one binary
//! search, however many directives the document has.

use prfaq_doc::Document;

use crate::registry::{self, RULES};

/// A set of rules, by their index in [`RULES`].
type RuleSet = u128;

const _: () = assert!(RULES.len() <= RuleSet::BITS as usize);

pub(crate) struct Silence {
    /// Where each stretch starts, in file order; the first starts at 0.
    starts: Vec<usize>,
    /// The rules silenced in each stretch (up to the next one's start).
    rules: Vec<RuleSet>,
}

impl Silence {
    pub(crate) fn new(doc: &Document) -> Silence {
        let mut everywhere: RuleSet = 0;
        // (offset, rules, +1 at a scope's start or -1 at its end)
        let mut events: Vec<(usize, RuleSet, i32)> = Vec::new();
        for directive in &doc.directives {
            let named = if directive.codes.is_empty() {
                RuleSet::MAX
            } else {
                directive
                    .codes
                    .iter()
                    .fold(0, |set, code| set | named_by(code))
            };
            if directive.whole_file {
                everywhere |= named;
            } else if directive.scope.start < directive.scope.end && named != 0 {
                events.push((directive.scope.start, named, 1));
                events.push((directive.scope.end, named, -1));
            }
        }
        events.sort_unstable_by_key(|&(at, _, change)| (at, change));
        let mut counts = [0i32; RuleSet::BITS as usize];
        let mut starts = vec![0];
        let mut rules = vec![everywhere];
        let mut k = 0;
        while k < events.len() {
            let at = events[k].0;
            while k < events.len() && events[k].0 == at {
                let (_, set, change) = events[k];
                for (bit, count) in counts.iter_mut().enumerate() {
                    if set >> bit & 1 == 1 {
                        *count += change;
                    }
                }
                k += 1;
            }
            let set = counts
                .iter()
                .enumerate()
                .filter(|(_, count)| **count > 0)
                .fold(everywhere, |set, (bit, _)| set | 1 << bit);
            if starts.last() == Some(&at) {
                *rules.last_mut().expect("one stretch at least") = set;
            } else {
                starts.push(at);
                rules.push(set);
            }
        }
        Silence { starts, rules }
    }

    /// True when a directive silences the rule at `index` (in [`RULES`]) for a finding
    /// that starts at `offset`.
    pub(crate) fn silences(&self, index: usize, offset: usize) -> bool {
        let stretch = self.starts.partition_point(|&s| s <= offset) - 1;
        self.rules[stretch] >> index & 1 == 1
    }
}

/// The rules a code or name in a directive names.
fn named_by(code: &str) -> RuleSet {
    let by_name = registry::find(code).map(|r| r.code);
    RULES
        .iter()
        .enumerate()
        .filter(|(_, r)| r.code.eq_ignore_ascii_case(code) || by_name == Some(r.code))
        .fold(0, |set, (bit, _)| set | 1 << bit)
}
