//! PL202 technical-detail.

use std::collections::HashSet;

use prfaq_doc::PartKind;

use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::Violation;
use crate::words::ListKind;

declare_rule! {
    /// ## What it does
    /// Finds engineering words — API, microservice, latency, database, webhook, JSON —
    /// in the press release and the customer FAQ. The words come from the `technical`
    /// list; a project adds or accepts words in `prfaq.toml` (`[vocabulary.technical]`).
    ///
    /// Two cases stay quiet. In the customer FAQ, the answer to a question that itself
    /// asks about a technical thing ("Is there an API?") may use technical words. And a
    /// document written for technical customers is read by people to whom these words
    /// are plain: its front matter `customer` names developers, engineers or data
    /// scientists; its customer text names them twice, or its headline or subheadline
    /// once; its headline, subheadline or summary says the product is a technical thing
    /// ("a CLI for …", "Evergreen, a Bible API that …"); its press release uses five
    /// engineering words or more across three paragraphs; or it shows inline code in
    /// two blocks or more.
    ///
    /// ## Why is this bad?
    /// Customers buy what the product does for them, not how it is built. Engineering
    /// words in a press release mean the team is still describing its design rather than
    /// the customer's experience, and customers stop reading.
    ///
    /// ## Example
    /// ```markdown
    /// Reorder calls our order-history API and caches the cart in a low-latency database.
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// Reorder remembers last week's cart and shows it the moment you open the app.
    /// ```
    pub struct TechnicalDetail;
}

/// Words that name a technical customer.
const TECHNICAL_PEOPLE: &[&str] = &[
    "developer",
    "developers",
    "engineer",
    "engineers",
    "programmer",
    "programmers",
    "devops",
    "sre",
    "sres",
    "sysadmin",
    "sysadmins",
    "scientist",
    "scientists",
    "coder",
    "coders",
];

/// True when the document is written for technical people (see the rule's doc): its
/// front matter's `customer` names them; its customer text names them twice, or its
/// headline or subheadline once; its headline, subheadline or summary says the product
/// is a technical thing (an API, a CLI); its press release uses five engineering words
/// or more across three paragraphs; or it shows inline code in two blocks or more
/// (commands and identifiers are written for people who run them).
pub(crate) fn technical_audience(ctx: &Context) -> bool {
    let is_person = |word: &str| {
        TECHNICAL_PEOPLE
            .iter()
            .any(|p| p.eq_ignore_ascii_case(word))
    };
    let names = |text: &str| {
        prfaq_text::words(text)
            .into_iter()
            .filter(|w| is_person(&text[w.clone()]))
            .count()
    };
    let doc = ctx.doc;
    let customer = doc
        .front_matter
        .as_ref()
        .and_then(|f| f.customer.as_deref());
    if customer.is_some_and(|c| names(c) > 0) {
        return true;
    }
    let technical = ctx.list(ListKind::Technical);
    // Hyphenated words count by their parts: a "CLI-first tool" is a CLI.
    let hits = |text: &str| {
        let spaced = text.replace('-', " ");
        technical.find(&spaced, &prfaq_text::words(&spaced))
    };
    let heads = [PartKind::Headline, PartKind::Subheadline];
    for part in heads.iter().filter_map(|&k| doc.part(k)) {
        let text = &part.prose.text;
        if names(text) > 0 || !hits(text).is_empty() {
            return true;
        }
    }
    // "The Evergreen Bible, a Bible API that …": the summary says the product is one.
    if let Some(summary) = ctx.press_release_texts().find(|t| !t.heading) {
        let prose = &summary.prose.text;
        let first = summary.sentences.first().map_or(prose.len(), |s| s.end);
        let apposition = [", a ", ", an "].iter().any(|lead| {
            prose[..first].match_indices(lead).any(|(at, l)| {
                let rest = &prose[at + l.len()..first];
                let end = rest.find([',', ';', '.', '(']).unwrap_or(rest.len());
                let head: String = rest[..end]
                    .split_whitespace()
                    .take(3)
                    .collect::<Vec<_>>()
                    .join(" ");
                !hits(&head).is_empty()
            })
        });
        if apposition {
            return true;
        }
    }
    // A press release that names five engineering things or more across three
    // paragraphs is written in its readers' own terms.
    let mut distinct: HashSet<String> = HashSet::new();
    let mut blocks: HashSet<usize> = HashSet::new();
    for text in ctx.press_release_texts() {
        // The text's own words serve unless a hyphen joins a term to another word.
        let found = if text.prose.text.contains('-') {
            std::borrow::Cow::Owned(hits(&text.prose.text))
        } else {
            std::borrow::Cow::Borrowed(text.find(technical))
        };
        for hit in found.iter() {
            distinct.insert(hit.entry.to_lowercase());
            blocks.insert(text.block);
        }
    }
    if distinct.len() >= 5 && blocks.len() >= 3 {
        return true;
    }
    let people: usize = ctx
        .customer_texts()
        .map(|t| {
            t.words
                .iter()
                .filter(|w| is_person(&t.prose.text[(*w).clone()]))
                .count()
        })
        .sum();
    let code_blocks = ctx
        .press_release_texts()
        .filter(|t| t.prose.text.contains(prfaq_doc::CODE))
        .count();
    people >= 2 || code_blocks >= 2
}

pub fn check(ctx: &Context, out: &mut Vec<Violation>) {
    if ctx.technical_audience() {
        return;
    }
    let list = ctx.list(ListKind::Technical);
    // Customer questions that ask about something technical: their blocks and their
    // answers' blocks may use technical words.
    let mut excused: HashSet<usize> = HashSet::new();
    for q in ctx.doc.faq.questions_for(prfaq_doc::Audience::Customer) {
        let words = prfaq_text::words(&q.prose.text);
        if !list.find(&q.prose.text, &words).is_empty() {
            excused.insert(q.block);
            excused.extend(q.answer_blocks.iter().copied());
        }
    }
    for text in ctx.customer_texts() {
        if excused.contains(&text.block) {
            continue;
        }
        for hit in text.find(list).iter() {
            let found = &text.prose.text[hit.range.clone()];
            out.push(
                Violation::new(
                    text.span(hit.range.clone()),
                    format!("engineering word `{found}` in customer text"),
                )
                .help("say what the customer sees or gets, and leave how it is built to the internal FAQ"),
            );
        }
    }
}
