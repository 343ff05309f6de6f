//! The parser on PR/FAQs written in Japanese, Korean, German, French, Spanish,
//! Portuguese, Chinese and English, each in two layouts (`fixtures/languages/`): the
//! classic order with FAQ section headings, and parts named by headings or labels with
//! `Q:`/`A:` questions; and in a third, FAQs as tables and numbered questions with a
//! metrics table and a scope list, in Japanese and German. Each is checked for the parts
//! and FAQ sections found, and for its language.

use prfaq_doc::{Audience, LanguageFrom, PartKind, parse};

/// One fixture: its file, its language, the parts found, and how many customer and
/// internal questions.
struct Expected {
    file: &'static str,
    language: &'static str,
    from: LanguageFrom,
    parts: &'static str,
    customer: usize,
    internal: usize,
}

const ALL: &str = "headline subheadline dateline problem solution leader-quote customer-quote \
                   call-to-action customer-faq internal-faq";
const LABELS: &str = "headline problem solution how-it-works customer-quote call-to-action \
                      customer-faq internal-faq";

const FIXTURES: &[Expected] = &[
    Expected {
        file: "ja-classic.md",
        language: "ja",
        from: LanguageFrom::FrontMatter,
        parts: ALL,
        customer: 2,
        internal: 2,
    },
    Expected {
        file: "ja-labels.md",
        language: "ja",
        from: LanguageFrom::Detected,
        parts: "headline subheadline dateline problem solution leader-quote how-it-works \
                customer-quote call-to-action customer-faq internal-faq",
        customer: 1,
        internal: 1,
    },
    Expected {
        file: "ko-classic.md",
        language: "ko",
        from: LanguageFrom::Detected,
        parts: ALL,
        customer: 2,
        internal: 1,
    },
    Expected {
        file: "ko-labels.md",
        language: "ko",
        from: LanguageFrom::Detected,
        parts: "headline subheadline dateline problem solution how-it-works customer-quote \
                call-to-action customer-faq internal-faq",
        customer: 1,
        internal: 1,
    },
    Expected {
        file: "de-classic.md",
        language: "de",
        from: LanguageFrom::FrontMatter,
        parts: ALL,
        customer: 2,
        internal: 1,
    },
    Expected {
        file: "de-labels.md",
        language: "de",
        from: LanguageFrom::Detected,
        parts: LABELS,
        customer: 1,
        internal: 1,
    },
    Expected {
        file: "fr-classic.md",
        language: "fr",
        from: LanguageFrom::Detected,
        parts: ALL,
        customer: 2,
        internal: 1,
    },
    Expected {
        file: "fr-labels.md",
        language: "fr",
        from: LanguageFrom::Detected,
        parts: LABELS,
        customer: 1,
        internal: 1,
    },
    Expected {
        file: "es-classic.md",
        language: "es",
        from: LanguageFrom::Detected,
        parts: ALL,
        customer: 2,
        internal: 1,
    },
    Expected {
        file: "es-labels.md",
        language: "es",
        from: LanguageFrom::Detected,
        parts: LABELS,
        customer: 1,
        internal: 1,
    },
    Expected {
        file: "pt-classic.md",
        language: "pt",
        from: LanguageFrom::FrontMatter,
        parts: ALL,
        customer: 2,
        internal: 1,
    },
    Expected {
        file: "pt-labels.md",
        language: "pt",
        from: LanguageFrom::Detected,
        parts: LABELS,
        customer: 1,
        internal: 1,
    },
    Expected {
        file: "zh-classic.md",
        language: "zh",
        from: LanguageFrom::FrontMatter,
        parts: ALL,
        customer: 2,
        internal: 1,
    },
    Expected {
        file: "zh-labels.md",
        language: "zh",
        from: LanguageFrom::Detected,
        parts: "headline subheadline problem solution how-it-works customer-quote \
                call-to-action customer-faq internal-faq",
        customer: 1,
        internal: 1,
    },
    Expected {
        file: "ja-tables.md",
        language: "ja",
        from: LanguageFrom::Detected,
        // `# 報道資料：ひとくち予約` names the press release; the headline is under it,
        // and the summary follows the dateline in its paragraph.
        parts: "headline dateline solution customer-faq internal-faq",
        customer: 2,
        internal: 2,
    },
    Expected {
        file: "de-tables.md",
        language: "de",
        from: LanguageFrom::Detected,
        parts: "headline dateline solution customer-faq internal-faq",
        customer: 1,
        internal: 1,
    },
    Expected {
        file: "en-classic.md",
        language: "en",
        from: LanguageFrom::Detected,
        parts: ALL,
        customer: 1,
        internal: 1,
    },
];

fn read(file: &str) -> String {
    let path = format!(
        "{}/tests/fixtures/languages/{file}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn every_language_has_its_parts_and_faq_sections_found() {
    for expected in FIXTURES {
        let doc = parse(read(expected.file));
        let found = doc.part_names().join(" ");
        let wanted = expected
            .parts
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        assert_eq!(found, wanted, "{}: parts", expected.file);
        assert_eq!(
            doc.faq.questions_for(Audience::Customer).count(),
            expected.customer,
            "{}: customer questions",
            expected.file
        );
        assert_eq!(
            doc.faq.questions_for(Audience::Internal).count(),
            expected.internal,
            "{}: internal questions",
            expected.file
        );
        let language = doc.language();
        assert_eq!(language.code, expected.language, "{}", expected.file);
        assert_eq!(language.from, expected.from, "{}", expected.file);
    }
}

#[test]
fn a_title_naming_the_press_release_is_no_headline_in_any_script() {
    // A name in Japanese counts a word for every two characters, so the title looks as
    // long as a headline; the press release's name in it says what it is.
    for (file, headline) in [
        ("ja-tables.md", "ひとくち予約、パン屋の取り置きを一分で"),
        (
            "de-tables.md",
            "Hofladen direkt bringt Gemüse vom Hof in die Stadt",
        ),
    ] {
        let doc = parse(read(file));
        let found = doc.part(PartKind::Headline).map(|p| p.prose.text.clone());
        assert_eq!(found.as_deref(), Some(headline), "{file}");
    }
}

#[test]
fn every_language_in_the_list_has_a_fixture_in_both_layouts() {
    for lang in ["ja", "ko", "de", "fr", "es", "pt", "zh"] {
        for layout in ["classic", "labels"] {
            let file = format!("{lang}-{layout}.md");
            assert!(FIXTURES.iter().any(|e| e.file == file), "no fixture {file}");
        }
    }
}

#[test]
fn quotes_have_their_speakers_in_each_language() {
    for (file, leader, customer) in [
        ("ja-classic.md", "山田花子", "佐藤一郎"),
        ("ko-classic.md", "김민수", "이지은"),
        ("de-classic.md", "Anna Schmidt", "Jonas Weber"),
        ("fr-classic.md", "Claire Martin", "Paul Durand"),
        ("es-classic.md", "Lucía García", "Carlos López"),
        ("pt-classic.md", "Ana Souza", "Pedro Lima"),
        ("zh-classic.md", "王芳", "李强"),
    ] {
        let doc = parse(read(file));
        let speaker = |kind| {
            doc.part(kind)
                .and_then(|p| p.speaker.clone())
                .unwrap_or_default()
        };
        assert!(
            speaker(prfaq_doc::PartKind::LeaderQuote).contains(leader),
            "{file}: leader quote by {leader}"
        );
        assert!(
            speaker(prfaq_doc::PartKind::CustomerQuote).contains(customer),
            "{file}: customer quote by {customer}"
        );
    }
}

#[test]
fn datelines_in_each_language_are_found() {
    for line in [
        "東京、2026年6月26日 — 本日、新しいサービスを発表しました。",
        "서울 — 오늘 새로운 서비스를 발표했습니다.",
        "Berlin, 1. März 2026 – Heute stellt die Firma eine App vor.",
        "Paris, le 3 mars 2026 — La société lance une application.",
        "Madrid, 3 de marzo de 2026 — La empresa lanza una aplicación.",
        "São Paulo, 3 de março de 2026 — A empresa lança um aplicativo.",
        "上海，2026年6月26日 — 公司今天发布了一款应用。",
    ] {
        let dash = line.find(['—', '–']).unwrap();
        let len = prfaq_doc::cues::dateline_prefix(line);
        assert!(len.is_some_and(|l| l > dash), "{line}");
    }
    // A sentence that only starts with a capitalised word is no dateline.
    assert_eq!(
        prfaq_doc::cues::dateline_prefix("Heute — wir starten."),
        None
    );
}

#[test]
fn metrics_tables_and_scope_lists_in_other_languages() {
    for (file, metric, by) in [
        ("ja-tables.md", "受け取り率", "2026年12月"),
        ("de-tables.md", "Bestellungen pro Monat", "Dezember 2026"),
    ] {
        let doc = parse(read(file));
        let metrics = doc.metrics.as_ref().expect("a metrics section");
        let row = metrics.rows.first().expect("a metrics row");
        let cell = |p: &Option<prfaq_doc::Prose>| p.as_ref().map(|p| p.text.trim().to_owned());
        assert_eq!(cell(&row.metric).as_deref(), Some(metric), "{file}");
        assert_eq!(cell(&row.by).as_deref(), Some(by), "{file}");
        assert!(row.baseline.is_some() && row.target.is_some() && row.owner.is_some());
        let scope = doc.scope.as_ref().expect("a scope section");
        assert_eq!(scope.out_of_scope.len(), 1, "{file}");
    }
}
