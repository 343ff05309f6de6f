//! PR117 call-to-action-without-destination.

use prfaq_doc::{MarkKind, PartKind};

use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::Violation;

declare_rule! {
    /// ## What it does
    /// Checks that the call to action names where to go: a link, an app or store, a
    /// phone number, a place, or a concrete first step ("tap Split a Bill in the app"). A
    /// release whose "Getting started" paragraph gives the first steps has named them.
    ///
    /// ## Why is this bad?
    /// "Try it today" tells an interested customer nothing. Naming the destination also
    /// forces the team to decide how customers will find the product.
    ///
    /// ## Example
    /// ```markdown
    /// Try Quick Reorder today and see the difference.
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// Quick Reorder is live in the Acme app: open Orders and tap Reorder.
    /// ```
    pub struct CallToActionWithoutDestination;
    "PR117", "call-to-action-without-destination", PressRelease, Warning; reads the document
}

/// Words that name a destination or a concrete first step.
const DESTINATIONS: &[&str] = &[
    "app",
    "apps",
    "store",
    "stores",
    "website",
    "site",
    "page",
    "portal",
    "dashboard",
    "console",
    "marketplace",
    "shop",
    "branch",
    "branches",
    "location",
    "locations",
    "office",
    "counter",
    "tap",
    "click",
    "open",
    "go",
    "install",
    "download",
    "run",
    "call",
    "text",
    "email",
    "scan",
    "visit",
    "menu",
    "settings",
    "button",
    "tab",
    "extension",
    "plugin",
    "github",
    "npm",
    "pypi",
    "crates",
    "homebrew",
    "brew",
    "pip",
    "cargo",
    "docker",
    "maven",
    "play",
    "repository",
    "repo",
    "url",
];

pub fn check(ctx: &Context, out: &mut Vec<Violation>) {
    let parts: Vec<_> = ctx.doc.parts_of(PartKind::CallToAction).collect();
    if parts.is_empty() {
        return;
    }
    let has_destination = |p: &prfaq_doc::Part| {
        let text = &p.prose.text;
        if p.prose.marks_of(MarkKind::Link).next().is_some() || prfaq_doc::has_code(text) {
            return true;
        }
        let lower = text.to_lowercase();
        if lower.contains("http") || lower.contains("www.") || lower.contains('@') {
            return true;
        }
        prfaq_text::words(text).iter().any(|w| {
            let word = lower[w.clone()].trim_end_matches('.');
            DESTINATIONS.contains(&word)
                || word.contains('.') && word.len() > 4 && !word.ends_with('.')
                || word.chars().filter(char::is_ascii_digit).count() >= 7
        })
    };
    // "Getting started takes two minutes: install …" elsewhere in the release already
    // gives the first step.
    if parts.iter().any(|p| has_destination(p))
        || crate::rules::faq::no_getting_started_question::release_shows_first_step(ctx)
    {
        return;
    }
    let part = parts[0];
    let text = &part.prose.text;
    let start = text.len() - text.trim_start().len();
    out.push(
        Violation::new(
            part.prose
                .source_range(start..text.trim_end().len().max(start)),
            "the call to action names no place, link or first step",
        )
        .help("say where to start: a link, the app and where to tap, a store, or a phone number"),
    );
}
