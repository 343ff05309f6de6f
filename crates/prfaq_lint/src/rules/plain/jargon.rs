//! PL201 jargon.

use crate::context::{Context, Text};
use crate::declare_rule;
use crate::diagnostic::Violation;
use crate::words::ListKind;

declare_rule! {
    /// ## What it does
    /// Finds business buzzwords — leverage, synergy, best-in-class, seamless,
    /// cutting-edge, empower, utilize — in the press release and the customer FAQ. The
    /// words come from the `jargon` list; a project adds or accepts words in
    /// `prfaq.toml` (`[vocabulary.jargon]`). Words that are often literal ("unlock" a
    /// door, an "ecosystem" of a lake) are not on the built-in list.
    ///
    /// ## Why is this bad?
    /// Buzzwords sound important and say nothing a customer can picture. A reviewer
    /// cannot check "a seamless experience"; they can check "your cart refills in one
    /// tap". Every buzzword hides a fact the author has not written down yet.
    ///
    /// ## Example
    /// ```markdown
    /// Quick Reorder leverages best-in-class technology to deliver a seamless experience.
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// Quick Reorder refills your cart with last week's groceries in one tap.
    /// ```
    pub struct Jargon;
    "PL201", "jargon", PlainLanguage, Warning; reads each Customer text
}

/// What to write instead of the commonest buzzwords, by the start of the word.
const PLAIN: &[(&str, &str)] = &[
    ("leverag", "write `use`"),
    ("utiliz", "write `use`"),
    ("utilis", "write `use`"),
    ("facilitat", "write `help`"),
    (
        "empower",
        "write `let` or `help`, and say what the customer can now do",
    ),
    (
        "streamlin",
        "say which step is gone or how much faster it is",
    ),
    ("seamless", "say what the customer no longer has to do"),
    ("frictionless", "say what the customer no longer has to do"),
    (
        "synerg",
        "say what works together and what the customer gains",
    ),
    (
        "robust",
        "say what keeps working, and under what conditions",
    ),
    ("innovative", "say what is new"),
    ("reimagin", "say what changes for the customer"),
    ("pain point", "write `problem` and say what it is"),
    ("learnings", "write `lessons` or `what we learned`"),
    ("going forward", "write `from now on`, or delete it"),
];

pub fn check(ctx: &Context, text: &Text, out: &mut Vec<Violation>) {
    let list = ctx.list(ListKind::Jargon);
    for hit in text.find(list).iter() {
        let found = &text.prose.text[hit.range.clone()];
        let lower = found.to_lowercase();
        let help = match PLAIN.iter().find(|(start, _)| lower.starts_with(start)) {
            Some((_, plain)) => (*plain).to_owned(),
            None => "say what the customer can do or see instead".to_owned(),
        };
        out.push(
            Violation::new(text.span(hit.range.clone()), format!("buzzword `{found}`")).help(help),
        );
    }
}
