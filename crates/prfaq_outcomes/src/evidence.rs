//! Customer evidence about a journey step: the feedback themes that speak of it, and the
//! RICE confidence their strength gives an experiment on that step.
//!
//! The report from a file has no evidence; the workspace gives its themes (labels and
//! characteristic words, as the themes page shows them) and sets the result on the
//! biggest gap, and takes the confidence for an experiment recorded without one.

use serde::Serialize;

/// A theme of the workspace's feedback, as its themes page shows it.
#[derive(Debug, Clone)]
pub struct ThemeSummary {
    pub label: String,
    /// Its characteristic words, most telling first.
    pub keywords: Vec<String>,
    pub comments: u64,
    pub customers: u64,
}

/// A theme that speaks of the step, with the words it shares with it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct StepTheme {
    pub label: String,
    /// The theme's words that match the step's text or event.
    pub matched: Vec<String>,
    pub comments: u64,
    pub customers: u64,
}

/// The evidence about one step.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct StepEvidence {
    /// The themes that speak of the step, largest first (at most [`MAX_THEMES`]).
    pub themes: Vec<StepTheme>,
    /// Distinct customers behind those themes (their sum: a comment is in one theme).
    pub customers: u64,
    /// The RICE confidence this evidence gives, in percent: see [`confidence`].
    pub confidence: i64,
}

/// The most themes named for one step.
pub const MAX_THEMES: usize = 5;
/// How many of a theme's words, most telling first, are compared with the step's.
const WORDS_COMPARED: usize = 8;
/// Customers behind a step's themes from which its evidence is strong.
pub const STRONG: u64 = 10;

/// Words too common to tie a theme to a step.
const COMMON: &[&str] = &[
    "about",
    "after",
    "again",
    "before",
    "could",
    "does",
    "each",
    "every",
    "from",
    "have",
    "into",
    "just",
    "more",
    "once",
    "other",
    "should",
    "sees",
    "some",
    "step",
    "than",
    "that",
    "their",
    "them",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "when",
    "where",
    "which",
    "with",
    "would",
    "your",
    "customer",
    "customers",
    "user",
    "users",
];

/// The stems of a text's words of four letters or more: their first five letters,
/// lowercased. An event's parts (`basket_filled`) are words too.
fn stems(text: &str) -> Vec<String> {
    let mut out: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .map(str::to_lowercase)
        .filter(|w| w.chars().count() >= 4 && !COMMON.contains(&w.as_str()))
        .map(|w| w.chars().take(5).collect())
        .collect();
    out.sort();
    out.dedup();
    out
}

/// The RICE confidence, in percent, that evidence from `customers` distinct customers
/// gives: 50 (low) with none, 80 (medium) with fewer than [`STRONG`], 100 (high) from
/// [`STRONG`] on — the three levels RICE names.
pub fn confidence(customers: u64) -> i64 {
    match customers {
        0 => 50,
        c if c < STRONG => 80,
        _ => 100,
    }
}

/// The themes that speak of the step whose text is `label` and event `event`: those
/// whose label or leading words share a stem with the step's words.
pub fn about_step(label: &str, event: Option<&str>, themes: &[ThemeSummary]) -> StepEvidence {
    let mut own = stems(label);
    if let Some(e) = event {
        own.extend(stems(e));
        own.sort();
        own.dedup();
    }
    let mut found: Vec<StepTheme> = Vec::new();
    for theme in themes {
        let mut matched: Vec<String> = Vec::new();
        let words = theme
            .keywords
            .iter()
            .take(WORDS_COMPARED)
            .map(String::as_str)
            .chain(theme.label.split(|c: char| !c.is_alphanumeric()));
        for word in words {
            let hit = stems(word).iter().any(|s| own.contains(s));
            let word = word.to_lowercase();
            if hit && !matched.contains(&word) {
                matched.push(word);
            }
        }
        if !matched.is_empty() {
            found.push(StepTheme {
                label: theme.label.clone(),
                matched,
                comments: theme.comments,
                customers: theme.customers,
            });
        }
    }
    found.sort_by(|a, b| {
        (b.customers, b.comments)
            .cmp(&(a.customers, a.comments))
            .then_with(|| a.label.cmp(&b.label))
    });
    let customers = found.iter().map(|t| t.customers).sum();
    found.truncate(MAX_THEMES);
    StepEvidence {
        themes: found,
        customers,
        confidence: confidence(customers),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn theme(label: &str, keywords: &[&str], customers: u64) -> ThemeSummary {
        ThemeSummary {
            label: label.into(),
            keywords: keywords.iter().map(|k| (*k).to_owned()).collect(),
            comments: customers * 2,
            customers,
        }
    }

    #[test]
    fn themes_that_share_the_steps_words_speak_of_it() {
        let themes = [
            theme("Delivery slots", &["delivery", "slot", "evening"], 30),
            theme("Basket empties", &["basket", "empty", "items"], 6),
            theme("Reorder misses items", &["reorder", "missing", "basket"], 3),
            theme("Price", &["price", "expensive"], 40),
        ];
        let ev = about_step(
            "Aha: one tap fills her basket",
            Some("basket_filled"),
            &themes,
        );
        let labels: Vec<&str> = ev.themes.iter().map(|t| t.label.as_str()).collect();
        assert_eq!(labels, ["Basket empties", "Reorder misses items"]);
        assert_eq!(ev.themes[0].matched, ["basket"]);
        assert_eq!(ev.customers, 9);
        assert_eq!(ev.confidence, 80);

        // The event's words count as the step's own.
        let ev = about_step("She chooses a time", Some("delivery_slot_chosen"), &themes);
        assert_eq!(ev.themes[0].label, "Delivery slots");
        assert_eq!(ev.themes[0].matched, ["delivery", "slot"]);
        assert_eq!(ev.confidence, 100);

        // Nothing in common: no evidence, low confidence.
        let ev = about_step("She pays", Some("order_paid"), &themes);
        assert!(ev.themes.is_empty(), "{ev:?}");
        assert_eq!((ev.customers, ev.confidence), (0, 50));
    }

    #[test]
    fn confidence_follows_the_customers_behind_the_evidence() {
        assert_eq!(confidence(0), 50);
        assert_eq!(confidence(1), 80);
        assert_eq!(confidence(STRONG - 1), 80);
        assert_eq!(confidence(STRONG), 100);
    }
}
