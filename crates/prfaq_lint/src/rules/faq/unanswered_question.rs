//! FQ304 unanswered-question.

use crate::context::Context;
use crate::declare_rule;
use crate::diagnostic::Violation;

declare_rule! {
    /// ## What it does
    /// Finds FAQ questions with no answer, or with a placeholder answer (`TBD`, `TODO`,
    /// `?`, `[answer]`).
    ///
    /// ## Why is this bad?
    /// An open question in the FAQ is a decision nobody has made. Reviewers will ask it
    /// in the meeting; better to answer it, or say plainly what is not yet known and
    /// when it will be.
    ///
    /// ## Example
    /// ```markdown
    /// ### How much does it cost?
    /// TBD
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// ### How much does it cost?
    /// Nothing for Acme members; we decide on non-member pricing by January 15.
    /// ```
    pub struct UnansweredQuestion;
    "FQ304", "unanswered-question", Faq, Error, structural; reads the document; outranks "PL210"
}

pub fn check(ctx: &Context, out: &mut Vec<Violation>) {
    for q in &ctx.doc.faq.questions {
        if super::is_answered(q) {
            continue;
        }
        let span = q.prose.source_span();
        let shown = q.prose.text.trim();
        let message = if q.answer.is_empty() {
            format!("the question `{shown}` has no answer")
        } else {
            format!("the question `{shown}` has only a placeholder answer")
        };
        out.push(
            Violation::new(span, message)
                .covering(q.span.clone())
                .help("answer it, or say what is not yet known and when it will be"),
        );
    }
}
