//! Documents of shapes known to make Markdown parsers and text checkers slow: many
//! list items, nested quotes, headings, table rows, deep emphasis, FAQ questions,
//! acronyms, quotes, one endless sentence. Each shape takes a size `n` and grows
//! linearly with it, so a checker that is linear in its input takes about `k` times as
//! long on `n * k` as on `n`.
//!
//! Shared by the scaling test (`tests/linear.rs`) and the benchmark example
//! (`examples/shapes.rs`).

use std::fmt::Write;

/// A named document shape: its name and a maker from the size to the text.
pub type Shape = (&'static str, fn(usize) -> String);

/// Every shape, with a size that makes each about 100 KB at `n = 1`.
pub const SHAPES: &[(Shape, usize)] = &[
    (("list", list), 4_000),
    (("nested-list", nested_list), 3_000),
    (("ordered-list", ordered_list), 4_000),
    (("quotes", quotes), 3_000),
    (("deep-quote", deep_quote), 50_000),
    (("headings", headings), 3_000),
    (("table", table), 6_000),
    (("faq-table", faq_table), 3_000),
    (("emphasis", emphasis), 12_000),
    (("brackets", brackets), 50_000),
    (("paragraphs", paragraphs), 3_000),
    (("questions", questions), 2_000),
    (("acronyms", acronyms), 4_000),
    (("speakers", speakers), 1_000),
    (("sentence", sentence), 15_000),
    (("line-breaks", line_breaks), 8_000),
    (("references", references), 2_000),
    (("html", html), 4_000),
    (("code", code), 4_000),
    (("labels", labels), 3_000),
];

fn build(head: &str, n: usize, mut each: impl FnMut(&mut String, usize)) -> String {
    let mut out = String::from(head);
    for i in 0..n {
        each(&mut out, i);
    }
    out
}

const RELEASE: &str = "# Quick Reorder\n\n## Press release\n\n";

pub fn list(n: usize) -> String {
    build(RELEASE, n, |s, i| {
        let _ = writeln!(s, "- item {i} lets customers reorder in one tap");
    })
}

pub fn nested_list(n: usize) -> String {
    build(RELEASE, n, |s, i| {
        let depth = i % 12;
        let _ = writeln!(s, "{}- level {depth} item {i}", "  ".repeat(depth));
    })
}

pub fn ordered_list(n: usize) -> String {
    build(RELEASE, n, |s, i| {
        let _ = writeln!(s, "{}. Step {i}: the customer taps Reorder.", i + 1);
    })
}

pub fn quotes(n: usize) -> String {
    build(RELEASE, n, |s, i| {
        let depth = 1 + i % 20;
        let _ = writeln!(s, "{} quoted line {i}", ">".repeat(depth));
    })
}

pub fn deep_quote(n: usize) -> String {
    format!("{RELEASE}{} the bottom of the quote\n", "> ".repeat(n))
}

pub fn headings(n: usize) -> String {
    build("", n, |s, i| {
        let _ = write!(s, "## Heading {i}\n\nSome text under heading {i}.\n\n");
    })
}

pub fn table(n: usize) -> String {
    build(
        "# Quick Reorder\n\n## Metrics\n\n| Metric | Target |\n| --- | --- |\n",
        n,
        |s, i| {
            let _ = writeln!(s, "| reorder rate {i} | {i}% |");
        },
    )
}

pub fn faq_table(n: usize) -> String {
    build(
        "# Quick Reorder\n\n## FAQ\n\n| Question | Answer |\n| --- | --- |\n",
        n,
        |s, i| {
            let _ = writeln!(s, "| How does reorder {i} work? | It repeats order {i}. |");
        },
    )
}

pub fn emphasis(n: usize) -> String {
    format!("{RELEASE}{}\n", "*a **b _c __d ".repeat(n))
}

pub fn brackets(n: usize) -> String {
    format!("{RELEASE}{}{}\n", "[".repeat(n), "](".repeat(n / 2))
}

pub fn paragraphs(n: usize) -> String {
    build(RELEASE, n, |s, i| {
        let _ = write!(
            s,
            "Paragraph {i} says the customer can reorder groceries.\n\n"
        );
    })
}

pub fn questions(n: usize) -> String {
    build(
        "# Quick Reorder\n\n## Press release\n\nCustomers reorder in one tap.\n\n## FAQ\n\n",
        n,
        |s, i| {
            let _ = write!(
                s,
                "**Q: How does reorder number {i} work for customers?**\n\nA: It repeats order {i}.\n\n"
            );
        },
    )
}

pub fn acronyms(n: usize) -> String {
    build(RELEASE, n, |s, i| {
        let a = (b'A' + (i % 26) as u8) as char;
        let b = (b'A' + (i / 26 % 26) as u8) as char;
        let c = (b'A' + (i / 676 % 26) as u8) as char;
        let _ = write!(s, "The {a}{b}{c} team uses QR{a}{b} and {c}{b}{a}X daily. ");
        if i % 10 == 9 {
            s.push_str("\n\n");
        }
    })
}

pub fn speakers(n: usize) -> String {
    build(RELEASE, n, |s, i| {
        let _ = write!(
            s,
            "\"Reordering takes one tap now,\" said Jane Doe {i}, Director of Things at Example.\n\n\
             \"I love it,\" said customer Sam Roe {i}.\n\n"
        );
    })
}

pub fn sentence(n: usize) -> String {
    build(RELEASE, n, |s, i| {
        let _ = write!(s, "and customer {i} reorders ");
    })
}

pub fn line_breaks(n: usize) -> String {
    build(RELEASE, n, |s, i| {
        let _ = writeln!(s, "line {i} of one long paragraph  ");
    })
}

pub fn references(n: usize) -> String {
    let mut out = build(RELEASE, n, |s, i| {
        let _ = write!(s, "See [note {i}][r{i}] and [^f{i}].\n\n");
    });
    for i in 0..n {
        let _ = writeln!(
            out,
            "[r{i}]: https://example.com/{i}\n[^f{i}]: Footnote {i}."
        );
    }
    out
}

pub fn html(n: usize) -> String {
    build(RELEASE, n, |s, i| {
        let _ = write!(s, "<div>block {i}</div>\n\n<!-- comment {i} -->\n\n");
    })
}

pub fn code(n: usize) -> String {
    build(RELEASE, n, |s, i| {
        let _ = write!(s, "Run `reorder --id {i}` then\n\n```\ncode {i}\n```\n\n");
    })
}

pub fn labels(n: usize) -> String {
    build("# Quick Reorder\n\n", n, |s, i| {
        let _ = write!(
            s,
            "**Headline:** Reorder {i}\n\n**Problem:** Customers retype order {i}.\n\n\
             **Solution:** One tap {i}.\n\n"
        );
    })
}
