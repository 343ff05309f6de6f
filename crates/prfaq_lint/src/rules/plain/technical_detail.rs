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
    /// document written for technical customers is read by people to whom these words
    /// are plain: its front matter `customer` (or `audience`) names developers,
    /// engineers, maintainers or data scientists, or the engineering thing they work
    /// with ("teams that run Kubernetes clusters"); its customer text names them twice, or its headline or subheadline
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
    "PL202", "technical-detail", PlainLanguage, Warning; reads the document
}

pub fn check(ctx: &Context, out: &mut Vec<Violation>) {
    if ctx.technical_audience() {
        return;
    }
    let list = ctx.list(ListKind::Technical);
    // Customer questions that ask about something technical: their blocks and their
    // answers' blocks may use technical words.
    let mut excused: HashSet<usize> = HashSet::new();
    for (q, asked) in ctx.doc.faq.questions.iter().zip(ctx.asked()) {
        if q.audience != prfaq_doc::Audience::Customer {
            continue;
        }
        // A question that is its block's text is a text of the context: what the list
        // finds there is found once.
        let technical = match asked.text {
            Some(t) => !ctx.all_texts()[t].find(list).is_empty(),
            None => {
                let words = prfaq_text::words(&q.prose.text);
                !list.find(&q.prose.text, &words).is_empty()
            }
        };
        if technical {
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
