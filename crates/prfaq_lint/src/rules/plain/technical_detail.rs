//! PL202 technical-detail.

use std::collections::HashSet;

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
    /// document written for technical customers — its front matter `customer` names
    /// developers, engineers or data scientists, or its press release names them at
    /// least twice — is read by people to whom these words are plain.
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

/// True when the document's customers are technical people: its front matter says so,
/// or its press release names them at least twice.
pub(crate) fn technical_audience(ctx: &Context) -> bool {
    let names = |text: &str| {
        prfaq_text::words(text)
            .iter()
            .filter(|w| TECHNICAL_PEOPLE.contains(&text[(*w).clone()].to_lowercase().as_str()))
            .count()
    };
    if let Some(customer) = ctx
        .doc
        .front_matter
        .as_ref()
        .and_then(|f| f.customer.as_deref())
    {
        if names(customer) > 0 {
            return true;
        }
    }
    ctx.press_release_texts()
        .map(|t| names(&t.prose.text))
        .sum::<usize>()
        >= 2
}

pub fn check(ctx: &Context, out: &mut Vec<Violation>) {
    if technical_audience(ctx) {
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
        for hit in list.find(&text.prose.text, &text.words) {
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
