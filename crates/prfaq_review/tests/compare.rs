//! The readable comparison on random texts: whatever the input, the common and deleted
//! runs spell the old text and the common and inserted runs the new one, and the runs
//! come in the order a reader expects.

use prfaq_review::compare::{Op, compare, sides};
use proptest::prelude::*;

/// Prose from a few words, stops, commas and line breaks, so that the texts share much.
fn prose() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            4 => prop::sample::select(vec!["the", "cart", "parents", "reorder", "in", "one", "tap", "week", "é", "免"]).prop_map(str::to_owned),
            1 => prop::sample::select(vec![". ", ", ", "\n", "\n\n", "! ", "  "]).prop_map(str::to_owned),
        ],
        0..60,
    )
    .prop_map(|parts| {
        let mut out = String::new();
        for p in parts {
            if !out.is_empty() && !p.starts_with(['.', ',', '!', ' ', '\n']) && !out.ends_with([' ', '\n']) {
                out.push(' ');
            }
            out.push_str(&p);
        }
        out
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn both_texts_are_spelled_exactly_and_runs_alternate(old in prose(), new in prose()) {
        let changes = compare(&old, &new);
        prop_assert_eq!(sides(&changes), (old.clone(), new.clone()));
        for c in &changes {
            prop_assert!(!c.text.is_empty());
        }
        for w in changes.windows(2) {
            prop_assert_ne!(w[0].op, w[1].op);
            prop_assert!(!(w[0].op == Op::Insert && w[1].op == Op::Delete));
        }
        if old == new {
            prop_assert!(changes.iter().all(|c| c.op == Op::Equal));
        }
    }

    #[test]
    fn any_unicode_is_kept_exactly(old in "\\PC{0,120}", new in "\\PC{0,120}") {
        let changes = compare(&old, &new);
        prop_assert_eq!(sides(&changes), (old, new));
    }
}
