//! The cues' tests.

use super::*;
use crate::{Audience, PartKind};

#[test]
fn find_short_finds_what_find_finds() {
    let hays = [
        "",
        "a",
        "the cat sat",
        "aaab",
        "café crème",
        "ab ab",
        "naïve ïn",
    ];
    let needles = [
        "",
        "a",
        "ab",
        "cat",
        "sat",
        "aab",
        "crème",
        "é",
        "ïn",
        "x",
        "the cat sat!",
    ];
    for hay in hays {
        for needle in needles {
            assert_eq!(
                find_short(hay, needle),
                hay.find(needle),
                "{needle:?} in {hay:?}"
            );
        }
    }
}

#[test]
fn word_counts_read_as_split_whitespace_does() {
    let texts = [
        "",
        "   ",
        "one",
        " one two  three ",
        "a\u{b}b\u{c}c\td\re\nf",
        "café au lait and more words here",
        "naïve\u{a0}words\u{2003}with\u{3000}wide spaces",
        "one two\u{a0}",
        "word\u{2003}",
        "é é é é é",
    ];
    for text in texts {
        for n in 0..8 {
            assert_eq!(
                more_words_than(text, n),
                text.split_whitespace().nth(n).is_some(),
                "{text:?} with n = {n}"
            );
        }
    }
}

#[test]
fn heading_roles() {
    // A headline that mentions questions or a journey is not the FAQ or the journey.
    assert_eq!(
        heading_role("Treeline answers money questions in plain words"),
        Role::Other
    );
    assert_eq!(
        heading_role("Acme makes every commuter's journey ten minutes shorter"),
        Role::Other
    );
    assert_eq!(heading_role("The Problem"), Role::Part(PartKind::Problem));
    assert_eq!(
        heading_role("## Our solution"),
        Role::Part(PartKind::Solution)
    );
    assert_eq!(
        heading_role("Quote from a customer"),
        Role::Part(PartKind::CustomerQuote)
    );
    assert_eq!(
        heading_role("How to Get Started / Closing and Call to Action"),
        Role::Part(PartKind::CallToAction)
    );
    assert_eq!(
        heading_role("Internal FAQs"),
        Role::Faq(Some(Audience::Internal))
    );
    assert_eq!(
        heading_role("Stakeholder FAQ"),
        Role::Faq(Some(Audience::Internal))
    );
    assert_eq!(
        heading_role("Customer Questions"),
        Role::Faq(Some(Audience::Customer))
    );
    assert_eq!(heading_role("Frequently Asked Questions"), Role::Faq(None));
    assert_eq!(
        heading_role("PRFAQ: smallhold"),
        Role::Title { named: true }
    );
    assert_eq!(heading_role("PRFAQ"), Role::Title { named: false });
    assert_eq!(heading_role("Part 1 — Press Release"), Role::PressRelease);
    assert_eq!(heading_role("User journey"), Role::Journey);
    assert_eq!(heading_role("Out of scope"), Role::Scope(Some(false)));
    assert_eq!(heading_role("What does it cost?"), Role::Other);
    assert_eq!(heading_role("Appendix"), Role::Other);
    // A label typed with two spaces or broken over lines reads as on one line.
    for text in [
        "How  it works",
        "How it\nworks",
        "How\u{a0}it works",
        "How \t it works",
    ] {
        assert_eq!(
            heading_role(text),
            Role::Part(PartKind::HowItWorks),
            "{text:?}"
        );
    }
    assert!(names_start_and_call(
        "How to Get Started / Closing and Call to Action"
    ));
    assert!(names_start_and_call("Availability and getting  started"));
    // Features name how it works, weighed by what their text tells.
    for text in ["Key features", "Capabilities", "主な機能", "Funktionen"] {
        assert_eq!(
            heading_role(text),
            Role::Part(PartKind::HowItWorks),
            "{text:?}"
        );
        assert!(is_feature_label(text), "{text:?}");
    }
    assert!(!is_feature_label("How it works: key features"));
    // The press release's name beside a product name, in any script, names it; a
    // headline that mentions it does not.
    for text in [
        "報道資料：ひとくち予約",
        "Press release: Acme Quick Reorder",
        "Pressemitteilung: Hofladen direkt",
        "보도자료: 동네책방 예약",
    ] {
        assert_eq!(heading_role(text), Role::PressRelease, "{text:?}");
    }
    assert_eq!(
        heading_role("Press release: Acme launches a one-tap grocery reorder"),
        Role::Other
    );
    assert!(!is_feature_label("How it works"));
    assert!(!names_start_and_call("Getting started"));
    assert!(!names_start_and_call("Call to action"));
}

#[test]
fn instructions_to_the_reader() {
    for text in [
        "Point your camera at a mountain, and the search finds a verse.",
        "It ships today. Open the app, tap Split and the bill is shared.",
        "Just go to our website and start watching.",
        "Setup is quick: simply point it at a repository.",
        "\"Then tap the card.\"",
        "It comes with a visual search.  Point  your camera at a brook.",
    ] {
        assert!(has_instruction(text), "{text:?}");
    }
    for text in [
        "Open source teams maintain it.",
        "Point of sale systems keep their data.",
        "Type safety comes first.",
        "Select customers can try it.",
        "Customers point their camera at a shelf.",
        "Download the app today.",
        "Imagine your week with no paperwork.",
        "The team will open the office, e.g. tap the card.",
        "",
    ] {
        assert!(!has_instruction(text), "{text:?}");
    }
}

#[test]
fn datelines() {
    let t = "SEATTLE — March 1, 2027 — Parents can now reorder.";
    assert_eq!(
        &t[..dateline_prefix(t).unwrap()],
        "SEATTLE — March 1, 2027 — "
    );
    let t = "Seattle, WA — A new open-source project ships.";
    assert_eq!(&t[..dateline_prefix(t).unwrap()], "Seattle, WA — ");
    let t = "LISBON – (Mar 2026) – a new talk titled";
    assert_eq!(&t[..dateline_prefix(t).unwrap()], "LISBON – (Mar 2026) – ");
    assert!(dateline_prefix("Teams today lose hours — every week — to manual work.").is_none());
    assert!(dateline_prefix("The fediverse has a problem — it is hard.").is_none());
    assert!(is_date_line("Luxembourg — February 2026"));
    assert!(is_date_line("FOR RELEASE — SEPTEMBER 2026"));
    assert!(is_date_line("March 1, 2027"));
    assert!(!is_date_line("FOR IMMEDIATE RELEASE"));
    assert!(!is_date_line(
        "Today we announce the launch of a new way to reorder groceries every week."
    ));
    // A sentence in a script without spaces after the dateline is the summary, not
    // part of a date line.
    assert!(is_date_line("名古屋 — 2026年9月1日"));
    assert!(!is_date_line(
        "名古屋 — 2026年9月1日 — ひとくち予約は本日、パン屋の取り置きアプリを発表しました。"
    ));
}

#[test]
fn speakers() {
    assert_eq!(
        speaker("\"It is great and I love it so much,\" said Dana Lee, head of product at Acme.")
            .as_deref(),
        Some("Dana Lee, head of product at Acme")
    );
    assert_eq!(
        speaker("Dana Lee said, “We built this for every parent in town today.”").as_deref(),
        Some("Dana Lee")
    );
    assert_eq!(
        speaker("\"Wow. This is a product I would actually use.\" --Veliko Markov").as_deref(),
        Some("Veliko Markov")
    );
    assert_eq!(
        speaker("\"No speaker here at all, just words in quotes.\""),
        None
    );
    assert_eq!(speaker_is_leader("Dana Lee, CEO of Acme"), Some(true));
    assert_eq!(speaker_is_leader("a nurse in Beaverton"), Some(false));
    assert_eq!(
        speaker_is_leader("a product lead at a grocery start-up"),
        Some(false)
    );
    assert_eq!(speaker_is_leader("Veliko Markov"), None);
}

#[test]
fn questions() {
    assert!(is_question("Who is it for?"));
    assert!(is_question("Q: Who is it for"));
    assert_eq!(question_prefix("Q: Who?"), 3);
    assert_eq!(question_prefix("C1. Who is it for?"), 4);
    assert_eq!(answer_prefix("A: Parents."), 3);
    assert!(!is_question("Parents who buy groceries."));
}

/// Every mark of `QUOTE_PAIRS` starts with a byte `next_quote_mark` looks for.
#[test]
fn every_quote_mark_starts_with_a_byte_looked_for() {
    for (open, closers) in QUOTE_PAIRS {
        for mark in std::iter::once(open).chain(closers.iter()) {
            let text = format!("ab{mark}cd");
            assert_eq!(next_quote_mark(&text, 0), Some((2, *mark)), "{mark}");
        }
    }
    assert_eq!(next_quote_mark("a — b", 0), Some((2, '—')));
    assert_eq!(next_quote_mark("plain text, no marks", 0), None);
}

#[test]
fn release_markers_are_whole_lines_or_a_starred_start() {
    assert!(is_release_marker("FOR IMMEDIATE RELEASE"));
    assert!(is_release_marker("Embargoed"));
    assert!(is_release_marker("Embargoed until March 1, 2027"));
    assert!(is_release_marker("**Draft**"));
    assert!(!is_release_marker("Embargoed news travels fast"));
    assert!(!is_release_marker("Draft the reply for me"));
    assert!(!is_release_marker("Our press release"));
}

/// An ASCII text is compared in place, any other through its lowercase copy: both
/// answer as comparing the normalised copy does.
#[test]
fn markers_compared_in_place_as_on_the_lowercase_copy() {
    let markers = ["draft", "embargoed until*", "für alle*", "Upper"];
    let by_copy = |text: &str| {
        let n = normalize(text);
        markers.iter().any(|m| match m.strip_suffix('*') {
            Some(start) => n.starts_with(start),
            None => n == *m,
        })
    };
    for text in [
        "",
        "Draft",
        "DRAFT.",
        "**Draft**",
        "1. Draft",
        "Part 2 — Draft",
        "PART IV: draft",
        "parts draft",
        "Drafts",
        "Draf",
        "Embargoed Until March 1",
        "embargoed untilmarch",
        "Embargoed",
        "Für alle Eltern",
        "FÜR ALLE",
        "Dräft",
        "Upper",
        "upper",
        "Part Ü — draft",
        "— Draft —",
        "“Draft”",
        "Draft\u{FFFC}",
        "ΣΑΣ draft",
        "İ draft",
        "KELVIN \u{212A}",
    ] {
        let lower = text.to_lowercase();
        assert_eq!(
            lower == text.to_ascii_lowercase(),
            lowercase_is_ascii_lowercase(text),
            "{text:?}"
        );
        assert_eq!(
            normalize(text),
            normalized(&lower),
            "{text:?}: normalised in place as on the lowercase copy"
        );
        assert_eq!(
            is_normalized_marker(text, &markers),
            by_copy(text),
            "{text:?}"
        );
    }
}

/// `may_hold_any` says no only where the text's lowercase holds none of the words, for
/// every word it is exact for, also beside the characters beyond ASCII that lowercase to
/// ASCII letters.
#[test]
fn may_hold_any_is_the_lowercase_searched() {
    let words = ["free", "is mit", "success", "licen", "open"];
    for word in words {
        assert!(is_ascii_exact(word), "{word}");
    }
    for word in ["kit", "maui", "Free"] {
        assert!(!is_ascii_exact(word), "{word}");
    }
    let texts = [
        "It is FREE for everyone.",
        "İS MIT licensed",
        "Our \u{212A}PI for SUCCESS",
        "Σ OPEN source Σ",
        "A licence, not a LICENSE",
        "nothing here at all",
        "fr\u{0130}ee and suc\u{212A}cess",
    ];
    for text in texts {
        let lower = text.to_lowercase();
        let in_lower = words.iter().any(|w| lower.contains(w));
        assert_eq!(may_hold_any(text, &words), in_lower, "{text}");
    }
}
