//! A seeded generator of realistic feedback with planted themes, so that theme quality
//! can be scored (which planted theme each comment came from is known) and benchmarks
//! have data of any size. No text comes from real customers.

use crate::record::Date;

/// A small, fast, seeded generator (SplitMix64): the same seed gives the same feedback
/// on every machine.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        ((self.next_u64() >> 11) as f64 / (1u64 << 53) as f64 * n as f64) as usize
    }

    /// A number in `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    pub fn pick<'a>(&mut self, items: &'a [&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

/// A planted theme: sentences with slots (`{a}`, `{b}`) filled from its word lists.
struct Planted {
    name: &'static str,
    templates: &'static [&'static str],
    a: &'static [&'static str],
    b: &'static [&'static str],
    /// The usual rating, 1 to 5.
    rating: u8,
}

const THEMES: &[Planted] = &[
    Planted {
        name: "billing",
        templates: &[
            "I was charged twice for my {a} this month and still have no refund.",
            "The {a} shows a double charge, please refund the extra {b}.",
            "Why did my card get billed again for the {a}? I want a refund.",
            "Refund still pending for the duplicate {a} charge.",
            "Your billing charged me the full {b} after I cancelled the {a}.",
            "Got an unexpected charge on my {a}, need the {b} refunded.",
        ],
        a: &[
            "invoice",
            "subscription",
            "annual plan",
            "monthly plan",
            "renewal",
        ],
        b: &["payment", "amount", "fee", "charge"],
        rating: 1,
    },
    Planted {
        name: "login",
        templates: &[
            "I can't log in since the update, the password reset {a} never arrives.",
            "Login fails with my {b} account every morning, I have to reset my password.",
            "Two-factor {a} keeps rejecting my code so I am locked out.",
            "Sign in with {b} loops back to the login page.",
            "Password reset {a} expired before I could use it, still locked out of my account.",
            "The app logs me out constantly and the login {a} does not work.",
        ],
        a: &["email", "link", "code", "screen"],
        b: &["Google", "Microsoft", "work", "company", "SSO"],
        rating: 2,
    },
    Planted {
        name: "crashes",
        templates: &[
            "The app crashes every time I open the {a}.",
            "Crashes on launch after the latest update on my {b}.",
            "It froze and then crashed while I was editing the {a}, lost my work.",
            "Constant crash when rotating the {b} on the {a} screen.",
            "App closes by itself whenever I tap the {a}, unusable on {b}.",
            "Since version 4.2 it crashes and freezes on my {b}.",
        ],
        a: &["camera", "gallery", "settings", "editor", "calendar"],
        b: &["iPhone", "Pixel", "Galaxy phone", "iPad", "tablet"],
        rating: 1,
    },
    Planted {
        name: "sync",
        templates: &[
            "Sync between my {a} and {b} takes forever.",
            "Changes made on the {a} don't sync to the {b} until I restart.",
            "Syncing is so slow, notes take minutes to appear on my {b}.",
            "Data out of sync again between {a} and {b}, duplicates everywhere.",
            "The sync spinner never stops on the {a}.",
            "Offline edits on my {a} get lost when it syncs with the {b}.",
        ],
        a: &["phone", "laptop", "desktop app", "tablet"],
        b: &["web app", "laptop", "phone", "second device"],
        rating: 2,
    },
    Planted {
        name: "export",
        templates: &[
            "Please let me export {a} to {b}.",
            "Export to {b} is missing the {a}, I need it for reporting.",
            "I need a {b} export of all my {a} for our accountant.",
            "The {b} export cuts off half of the {a}.",
            "Exporting {a} as {b} takes ages and the file is empty.",
            "Would love a scheduled {b} export of the {a}.",
        ],
        a: &["reports", "dashboards", "tables", "charts", "all data"],
        b: &["PDF", "CSV", "Excel", "spreadsheet"],
        rating: 3,
    },
    Planted {
        name: "dark mode",
        templates: &[
            "Please add a dark mode, the white {a} hurts my eyes at night.",
            "Dark theme please! The {a} is blinding in {b}.",
            "A night mode for the {a} would be great.",
            "Still waiting for dark mode, every other app has a dark theme.",
            "The bright {a} is painful in {b}, give us a dark theme.",
            "Dark mode support for the {a} please.",
        ],
        a: &["background", "screen", "interface", "editor"],
        b: &["bed", "the evening", "a dark room", "night shifts"],
        rating: 4,
    },
    Planted {
        name: "notifications",
        templates: &[
            "Notifications arrive hours late on my {a}.",
            "I get no push notifications for new {b} anymore.",
            "Too many notifications about {b}, let me mute them.",
            "Reminder notifications never show up on the {a}.",
            "Push alerts for {b} are delayed or missing entirely.",
            "Notification settings reset themselves and I miss {b}.",
        ],
        a: &["phone", "watch", "lock screen", "Android phone"],
        b: &["messages", "comments", "mentions", "reminders", "replies"],
        rating: 2,
    },
    Planted {
        name: "support",
        templates: &[
            "Customer support took {a} to answer my ticket.",
            "Support agent closed my ticket without fixing the {b}.",
            "I have emailed support three times about the {b}, no reply in {a}.",
            "Your support team was friendly but slow, waited {a}.",
            "Live chat support disconnects before an agent answers about my {b}.",
            "No response from the support team after {a}.",
        ],
        a: &["two weeks", "five days", "a month", "ten days"],
        b: &["problem", "issue", "question", "account issue"],
        rating: 2,
    },
    Planted {
        name: "pricing",
        templates: &[
            "The new price is too expensive for a {a} like me.",
            "Pricing went up {b} and I get nothing new, too expensive.",
            "Too pricey compared to other apps, a cheaper {a} plan would help.",
            "The {a} plan costs too much for what it offers.",
            "Price increase of {b} is not justified, cancelling.",
            "Please offer a cheaper plan for {a} users, it is overpriced.",
        ],
        a: &["student", "small team", "freelancer", "nonprofit", "family"],
        b: &["30 percent", "again", "twice this year", "without notice"],
        rating: 2,
    },
    Planted {
        name: "search",
        templates: &[
            "Search never finds old {a}.",
            "Searching for {b} returns nothing even though it exists.",
            "Search results are in random order, can't find my {a}.",
            "Full text search in {a} would save me hours.",
            "The search box ignores {b}, please fix search.",
            "Search is too slow when looking through {a}.",
        ],
        a: &["notes", "messages", "files", "invoices", "attachments"],
        b: &["exact phrases", "customer names", "tags", "dates"],
        rating: 3,
    },
];

/// Openers and closers any comment may carry, whatever its theme: the words that make
/// real feedback noisy.
const OPENERS: &[&str] = &[
    "",
    "",
    "",
    "Honestly, ",
    "Hi team, ",
    "Love the product but ",
    "Long time user here. ",
    "Ugh. ",
    "Quick feedback: ",
    "Not sure if this is known but ",
];
const CLOSERS: &[&str] = &[
    "",
    "",
    "",
    " Thanks!",
    " Please fix this soon.",
    " Otherwise a great app.",
    " This is really frustrating.",
    " Keep up the good work.",
    " Would recommend otherwise.",
    " We use it every day at work.",
];

/// One generated comment and the theme it was planted in.
#[derive(Debug, Clone, PartialEq)]
pub struct Synthetic {
    pub text: String,
    /// Index of the planted theme (see [`planted_names`]).
    pub theme: usize,
    pub email: String,
    pub date: Date,
    pub rating: u8,
}

/// [`feedback`] as a CSV export with the columns `id`, `comment`, `email` and `date`.
pub fn feedback_csv(seed: u64, count: usize, themes: usize) -> String {
    let mut csv = String::from("id,comment,email,date\n");
    for (i, s) in feedback(seed, count, themes).iter().enumerate() {
        csv.push_str(&format!(
            "{i},\"{}\",{},{}\n",
            s.text.replace('"', "\"\""),
            s.email,
            s.date
        ));
    }
    csv
}

/// The names of the planted themes, by index.
pub fn planted_names() -> Vec<&'static str> {
    THEMES.iter().map(|t| t.name).collect()
}

/// `count` comments from the first `themes` planted themes (at most 10), from a pool of
/// about `count / 3` customers (some say several things), dated over 2024, seeded.
pub fn feedback(seed: u64, count: usize, themes: usize) -> Vec<Synthetic> {
    Generator::new(seed, count, themes).take(count).collect()
}

/// The comments of [`feedback`], one at a time (for files larger than memory).
#[derive(Debug, Clone)]
pub struct Generator {
    rng: Rng,
    themes: usize,
    customers: usize,
}

impl Generator {
    /// A generator for a data set of about `count` comments (which sets the customer
    /// pool) from `themes` planted themes.
    pub fn new(seed: u64, count: usize, themes: usize) -> Generator {
        Generator {
            rng: Rng::new(seed),
            themes: themes.clamp(1, THEMES.len()),
            customers: (count / 3).max(1),
        }
    }
}

impl Iterator for Generator {
    type Item = Synthetic;

    fn next(&mut self) -> Option<Synthetic> {
        let rng = &mut self.rng;
        let themes = self.themes;
        // Themes of unequal size, as in real feedback: theme i is picked with weight
        // proportional to (themes - i / 2).
        let theme = loop {
            let t = rng.below(themes);
            if rng.unit() * themes as f64 <= (themes - t / 2) as f64 {
                break t;
            }
        };
        let planted = &THEMES[theme];
        let template = rng.pick(planted.templates);
        let a = rng.pick(planted.a);
        let b = rng.pick(planted.b);
        let body = template.replace("{a}", a).replace("{b}", b);
        let opener = rng.pick(OPENERS);
        let closer = rng.pick(CLOSERS);
        // After `Honestly, ` or `but ` the sentence goes on in lowercase.
        let goes_on = opener.ends_with(", ") || opener.ends_with("but ") || opener.ends_with(": ");
        let body = if goes_on {
            lowercase_first(&body)
        } else {
            body
        };
        let text = format!("{opener}{body}{closer}");
        let customer = rng.below(self.customers);
        let month = 1 + rng.below(12) as u8;
        let day = 1 + rng.below(28) as u8;
        let rating = (planted.rating as i32 + rng.below(3) as i32 - 1).clamp(1, 5) as u8;
        Some(Synthetic {
            text,
            theme,
            email: format!("customer{customer}@example.com"),
            date: Date::new(2024, month, day).expect("a valid day"),
            rating,
        })
    }
}

fn lowercase_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        // Keep `I` and names capitalised.
        Some(c) if c == 'I' && text[1..].starts_with([' ', '\'']) => text.to_string(),
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_feedback() {
        let a = feedback(7, 50, 6);
        assert_eq!(a, feedback(7, 50, 6));
        assert_ne!(a, feedback(8, 50, 6));
        assert!(a.iter().all(|s| s.theme < 6 && !s.text.contains('{')));
        let used: std::collections::BTreeSet<usize> =
            feedback(1, 500, 6).iter().map(|s| s.theme).collect();
        assert_eq!(used.len(), 6);
    }
}
