//! Themes on generated feedback with planted themes, and the user's choices kept
//! across recomputations.

use std::collections::HashMap;

use prfaq_evidence::synth::{Synthetic, feedback, planted_names};
use prfaq_evidence::{Choice, Comment, ContentKey, Customer, Model, Record, ThemeOptions, Themes};

struct Data {
    synthetic: Vec<Synthetic>,
    keys: Vec<ContentKey>,
    customers: Vec<String>,
}

fn data(seed: u64, count: usize, themes: usize) -> Data {
    let synthetic = feedback(seed, count, themes);
    let keys = synthetic
        .iter()
        .enumerate()
        .map(|(i, s)| {
            Record {
                line: i as u64 + 2,
                text: s.text.clone(),
                title: None,
                date: Some(s.date),
                source: None,
                customer: Customer::email(&s.email),
                aliases: Vec::new(),
                rating: None,
                link: None,
                id: Some(format!("{seed}-{i}")),
            }
            .content_key()
        })
        .collect();
    let customers = synthetic.iter().map(|s| s.email.clone()).collect();
    Data {
        synthetic,
        keys,
        customers,
    }
}

fn comments(data: &Data) -> Vec<Comment<'_>> {
    data.synthetic
        .iter()
        .enumerate()
        .map(|(i, s)| Comment {
            key: data.keys[i],
            text: &s.text,
            customer: Some(&data.customers[i]),
            date: Some(s.date),
        })
        .collect()
}

/// For each planted kind, the theme that holds most of it; the share of all comments
/// that are in their kind's theme; and the purity of each kind's theme.
fn score(data: &Data, themes: &Themes) -> (f64, Vec<(usize, usize, f64)>) {
    let mut theme_of = HashMap::new();
    for (t, theme) in themes.themes.iter().enumerate() {
        for &m in &theme.members {
            theme_of.insert(m, t);
        }
    }
    let kinds = data.synthetic.iter().map(|s| s.theme).max().unwrap() + 1;
    let mut home = Vec::new();
    let mut placed = 0usize;
    for kind in 0..kinds {
        let mut votes: HashMap<usize, usize> = HashMap::new();
        for (i, s) in data.synthetic.iter().enumerate() {
            if s.theme == kind
                && let Some(&t) = theme_of.get(&i)
            {
                *votes.entry(t).or_default() += 1;
            }
        }
        let (t, count) = votes.into_iter().max_by_key(|&(t, c)| (c, t)).unwrap();
        placed += count;
        let purity = count as f64 / themes.themes[t].members.len() as f64;
        home.push((kind, t, purity));
    }
    (placed as f64 / data.synthetic.len() as f64, home)
}

#[test]
fn planted_comments_land_in_their_kinds_theme() {
    for (seed, count, kinds) in [(1, 1000, 6), (2, 3000, 10), (3, 400, 4)] {
        let d = data(seed, count, kinds);
        let c = comments(&d);
        let themes = Model::new(&c, &ThemeOptions::default()).themes(&[]);
        let (share, home) = score(&d, &themes);
        let report: Vec<String> = home
            .iter()
            .map(|(kind, t, purity)| {
                format!(
                    "{} -> {} ({purity:.2})",
                    planted_names()[*kind],
                    themes.themes[*t].label
                )
            })
            .collect();
        assert!(share >= 0.8, "seed {seed}: {share:.3} {report:?}");
        // Not one theme for everything: each kind has a theme of its own, mostly its own.
        let mut homes: Vec<usize> = home.iter().map(|h| h.1).collect();
        homes.sort_unstable();
        homes.dedup();
        assert_eq!(homes.len(), kinds, "seed {seed}: {report:?}");
        assert!(home.iter().all(|h| h.2 >= 0.75), "seed {seed}: {report:?}");
    }
}

#[test]
fn themes_are_sized_in_customers_dated_by_month_and_shown_by_typical_comments() {
    let d = data(9, 600, 5);
    let mut c = comments(&d);
    let blank = ContentKey([7; 16]);
    c.push(Comment {
        key: blank,
        text: "It is what it is.",
        customer: None,
        date: None,
    });
    let options = ThemeOptions::default();
    let themes = Model::new(&c, &options).themes(&[]);
    assert_eq!(themes.unassigned, [600]);
    let mut all: Vec<usize> = themes
        .themes
        .iter()
        .flat_map(|t| t.members.clone())
        .collect();
    all.sort_unstable();
    assert_eq!(all, (0..600).collect::<Vec<_>>());
    for theme in &themes.themes {
        let mut customers: Vec<&str> = theme
            .members
            .iter()
            .map(|&m| c[m].customer.unwrap())
            .collect();
        customers.sort_unstable();
        customers.dedup();
        assert_eq!(theme.customers, customers.len());
        assert!(theme.customers <= theme.members.len());
        let months: usize = theme.trend.iter().map(|m| m.comments).sum();
        assert_eq!(months, theme.members.len());
        assert!(theme.trend.windows(2).all(|w| w[0].month < w[1].month));
        assert!(theme.typical.len() == 3.min(theme.members.len()));
        assert!(theme.typical.iter().all(|t| theme.members.contains(t)));
        assert_eq!(theme.label.split(", ").count(), 3.min(theme.keywords.len()));
        assert!(!theme.named);
    }
    assert!(
        themes
            .themes
            .windows(2)
            .all(|w| w[0].customers >= w[1].customers),
        "largest first"
    );
    let comments: usize = themes.themes.iter().map(|t| t.members.len()).sum();
    let customers: usize = themes.themes.iter().map(|t| t.customers).sum();
    assert!(
        customers < comments,
        "a customer who says it twice counts once"
    );
    // The same comments give the same themes.
    assert_eq!(themes, Model::new(&c, &options).themes(&[]));
}

/// The share of `keys` that are members of `theme`.
fn kept(c: &[Comment], theme: &prfaq_evidence::Theme, keys: &[ContentKey]) -> f64 {
    let members: std::collections::HashSet<ContentKey> =
        theme.members.iter().map(|&m| c[m].key).collect();
    keys.iter().filter(|k| members.contains(k)).count() as f64 / keys.len() as f64
}

#[test]
fn renames_merges_and_splits_survive_a_recomputation_with_new_comments() {
    let options = ThemeOptions::default();
    let first = data(11, 1500, 6);
    let c1 = comments(&first);
    let model = Model::new(&c1, &options);
    let before = model.themes(&[]);
    assert!(before.themes.len() >= 4);
    let renamed = before.themes[0].snapshot(&c1);
    let merged_a = before.themes[1].snapshot(&c1);
    let merged_b = before.themes[2].snapshot(&c1);
    let parts = model.split(&before.themes[3].members, 2);
    assert_eq!(parts.len(), 2);
    let choices = vec![
        Choice::Rename {
            theme: renamed.clone(),
            label: "Customers who want refunds".into(),
        },
        Choice::Merge {
            themes: vec![merged_a.clone(), merged_b.clone()],
            label: None,
        },
        Choice::Split {
            theme: before.themes[3].snapshot(&c1),
            parts: parts.clone(),
        },
    ];
    // The choices as the store keeps them: JSON.
    let json = serde_json::to_string(&choices).unwrap();
    let choices: Vec<Choice> = serde_json::from_str(&json).unwrap();

    // Later: more feedback arrives and the themes are computed again.
    let more = data(12, 500, 6);
    let mut all = data(11, 1500, 6);
    all.synthetic.extend(more.synthetic);
    all.keys.extend(more.keys);
    all.customers.extend(more.customers);
    let c2 = comments(&all);
    let after = Model::new(&c2, &options).themes(&choices);
    let without = Model::new(&c2, &options).themes(&[]);

    let named: Vec<_> = after.themes.iter().filter(|t| t.named).collect();
    assert_eq!(named.len(), 1);
    assert_eq!(named[0].label, "Customers who want refunds");
    assert!(kept(&c2, named[0], &renamed) >= 0.9);

    let mut union = merged_a.clone();
    union.extend(merged_b.iter().copied());
    assert!(
        after.themes.iter().any(|t| kept(&c2, t, &union) >= 0.9),
        "one theme holds both merged themes"
    );
    assert!(
        !without.themes.iter().any(|t| kept(&c2, t, &union) >= 0.9),
        "without the choice they are apart"
    );

    let home = |keys: &[ContentKey]| {
        after
            .themes
            .iter()
            .enumerate()
            .max_by(|a, b| kept(&c2, a.1, keys).total_cmp(&kept(&c2, b.1, keys)))
            .map(|(i, t)| (i, kept(&c2, t, keys)))
            .unwrap()
    };
    let (p0, share0) = home(&parts[0]);
    let (p1, share1) = home(&parts[1]);
    assert_ne!(p0, p1, "the split parts stay apart");
    assert!(share0 >= 0.9 && share1 >= 0.9, "{share0} {share1}");
    assert_eq!(
        after.themes.len(),
        without.themes.len(),
        "one merge and one split: as many themes as without choices"
    );
}

#[test]
fn a_choice_whose_theme_is_gone_changes_nothing() {
    let d = data(13, 500, 4);
    let c = comments(&d);
    let options = ThemeOptions::default();
    let plain = Model::new(&c, &options).themes(&[]);
    let gone = vec![Choice::Rename {
        theme: vec![ContentKey([1; 16]), ContentKey([2; 16])],
        label: "Nothing".into(),
    }];
    assert_eq!(Model::new(&c, &options).themes(&gone), plain);
}

#[test]
fn a_count_asks_for_that_many_themes_and_nothing_gives_none() {
    let d = data(14, 800, 6);
    let c = comments(&d);
    let options = ThemeOptions {
        count: Some(3),
        ..ThemeOptions::default()
    };
    let themes = Model::new(&c, &options).themes(&[]);
    assert_eq!(themes.themes.len(), 3);
    let none = Model::new(&[], &ThemeOptions::default()).themes(&[]);
    assert!(none.themes.is_empty() && none.unassigned.is_empty());
    let model = Model::new(&c, &ThemeOptions::default());
    assert!(model.split(&[], 2).is_empty());
    assert_eq!(model.split(&[0], 2).len(), 1);
}
